package classify

import (
	"strings"
	"testing"
	"testing/fstest"
)

// capsRule sets on_topic for a capitalised body name ("Office", "Health
// Authority", "Department of Finance") that is not followed by "to".
const capsRule = `rules:
  - id: t.caps
    label: on_topic
    version: 1
    description: a capitalised public body
    match:
      terms: [office, health authority, department of finance, bundesamt für daten]
      capitalized: true
      unless_followed_by: {terms: [to], within: 0}
`

// TestCapitalized checks the capitalized option: every word longer than
// three letters (letters, not bytes: "für" is short) of a hit must start
// with a capital letter in the original text, in the title as in the text.
func TestCapitalized(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(capsRule)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "The Cabinet Office signed a deal.", true},
		{"", "They rented office space downtown.", false},
		{"", "The Northern Regional Health Authority awarded it.", true},
		{"", "The health authority awarded it.", false},
		{"", "The Health authority awarded it.", false},
		{"", "The Department of Finance chose a provider.", true},
		{"", "The department of finance chose a provider.", false},
		{"Home Office picks provider", "", true},
		{"", "The Office to the north is empty.", false},
		{"", "Der Öffentliche Office", true},
		{"", "Das Bundesamt für Daten kauft.", true},
		{"", "Das Bundesamt für daten kauft.", false},
	})
}

// TestCapitalizedOnlyOnTerms rejects the option on other expressions.
func TestCapitalizedOnlyOnTerms(t *testing.T) {
	bad := strings.Replace(capsRule, "      terms: [office, health authority, department of finance, bundesamt für daten]\n      capitalized: true\n",
		"      any: [[office]]\n      capitalized: true\n", 1)
	_, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(bad)}})
	if err == nil || !strings.Contains(err.Error(), "capitalized belongs to terms") {
		t.Fatalf("err = %v, want a capitalized error", err)
	}
}
