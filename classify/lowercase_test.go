package classify

import (
	"strings"
	"testing"
	"testing/fstest"
)

// lowerRule sets on_topic for "won" unless a modal comes just before it,
// written in lower case.
const lowerRule = `rules:
  - id: t.lower
    label: on_topic
    version: 1
    description: an event not put in the future by a modal
    match:
      terms: [won]
      unless_preceded_by: {terms: [may, will], within: 1, lowercase: true}
`

// TestContextLowercase checks the lowercase option of an exception: a
// modal in lower case cancels, a capitalised one in the middle of a
// sentence of the text is a month or a name and does not, and one in the
// title or at the start of a sentence still cancels. Without the option
// every one of them cancels.
func TestContextLowercase(t *testing.T) {
	lower, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(lowerRule)}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(strings.Replace(lowerRule, ", lowercase: true", "", 1))}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []topicCase{
		{"", "In May, Oracle won the hosting contract.", true},
		{"", "Oracle, says Will, won the contract.", true},
		{"", "Oracle may have won the hosting contract.", false},
		{"Oracle May Have Won Contract", "", false},
		{"", "May Oracle won the day?", false},
	}
	checkOnTopic(t, lower, cases)
	for i := range cases {
		cases[i].want = false
	}
	checkOnTopic(t, plain, cases)
}

// TestContextLowercaseUnknownKey keeps contexts strict: a misspelt option is
// an error.
func TestContextLowercaseUnknownKey(t *testing.T) {
	bad := strings.Replace(lowerRule, "lowercase: true", "lowercased: true", 1)
	if _, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(bad)}}); err == nil || !strings.Contains(err.Error(), "lowercased") {
		t.Fatalf("err = %v, want an unknown key error naming lowercased", err)
	}
}
