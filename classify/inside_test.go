package classify

import (
	"strings"
	"testing"
	"testing/fstest"
)

// insideRule sets on_topic when a buyer word is near a deal that is joined
// to a cloud word: a near whose second operand is itself a near.
const insideRule = `rules:
  - id: t.inside
    label: on_topic
    version: 1
    description: a buyer, a deal and a cloud service in one sentence
    match:
      near:
        - [county, council]
        - near: [[deal], [cloud platform]]
          within: 12
      within: 3
`

// TestNearInsideJoinedSpan checks that a hit strictly inside the span a
// nested near joins counts as adjacent to it ("the deal ... the county's
// records ... cloud platform"), that hits outside it still obey within,
// and that an ordered near keeps requiring the order.
func TestNearInsideJoinedSpan(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(insideRule)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "Under the deal, the vendor moves the county's records to a cloud platform.", true},
		{"", "The county signed the deal for a cloud platform.", true},
		{"", "Under the deal the firm runs a cloud platform, and later on the county said so.", false},
		{"", "The county voted. Under the deal the firm runs a cloud platform.", false},
	})
	ordered := strings.Replace(insideRule, "      within: 3\n", "      within: 3\n      ordered: true\n", 1)
	e, err = LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(ordered)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "Under the deal, the vendor moves the county's records to a cloud platform.", false},
		{"", "The county signed the deal for a cloud platform.", true},
	})
}
