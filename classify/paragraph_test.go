package classify

import (
	"strings"
	"testing"
	"testing/fstest"
)

// paragraphRule sets on_topic when a buyer word and a cloud deal are at most
// eight words apart in one paragraph, across its sentences.
const paragraphRule = `rules:
  - id: t.paragraph
    label: on_topic
    version: 1
    description: a buyer and a cloud deal in one paragraph
    match:
      near:
        - [county, council]
        - [cloud contract]
      within: 8
      same_paragraph: true
`

// TestNearSameParagraph checks that same_paragraph lets a near pair hits
// in adjacent sentences of one paragraph, but not across a paragraph break,
// not between the title and the text, and still within its word window;
// and that it cannot be combined with cross_sentence or used outside near.
func TestNearSameParagraph(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(paragraphRule)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "The county signed a cloud contract.", true},
		{"", "The county is moving its records. It signed a cloud contract.", true},
		{"", "Intro paragraph here.\n\nThe county is moving its records.\nIt signed a cloud contract.", true},
		// a text without blank lines puts each paragraph on a line of its own
		{"", "The county is moving its records.\nIt signed a cloud contract.", false},
		{"", "The county is moving its records.\n\nIt signed a cloud contract.", false},
		{"County moves records", "It signed a cloud contract.", false},
		{"", "The county is moving every one of its old paper records this year. It signed a cloud contract.", false},
		{"", "Intro paragraph here.\n\nThe county is moving its records. It signed a cloud contract.\n\nMore.", true},
	})
	sentence := strings.Replace(paragraphRule, "same_paragraph: true", "cross_sentence: false", 1)
	e, err = LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(sentence)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "The county signed a cloud contract.", true},
		{"", "The county is moving its records. It signed a cloud contract.", false},
	})
	for _, bad := range []string{
		strings.Replace(paragraphRule, "same_paragraph: true", "same_paragraph: true\n      cross_sentence: true", 1),
		strings.Replace(paragraphRule, "      same_paragraph: true\n", "", 1) + "    unless: {terms: [x], same_paragraph: true}\n",
	} {
		if _, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(bad)}}); err == nil {
			t.Errorf("rule loaded, want an error:\n%s", bad)
		}
	}
}
