package classify

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

// nameRule sets on_topic for "federal cloud" unless the phrase is part of a
// longer capitalised name.
const nameRule = `rules:
  - id: t.name
    label: on_topic
    version: 1
    description: a government cloud, not an outlet or event named after one
    match:
      terms: [federal cloud]
      not_in_name: true
`

// TestNotInName checks the not_in_name option: outside the title, a
// capitalised hit followed by a capitalised word of the same sentence is
// part of a name and does not count; lower-case hits, hits at the end of a
// sentence or followed by a lower-case word, and every hit in a title-case
// headline still count.
func TestNotInName(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(nameRule)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "Two bidders told the Federal Cloud Ledger about the page.", false},
		{"", "Speakers at the Federal Cloud Summit praised the deal.", false},
		{"", "The agency moved its payroll to the federal cloud last year.", true},
		{"", "The agency moved its payroll to the Federal Cloud last year.", true},
		{"", "The agency moved its payroll to the Federal Cloud. Ledger entries followed.", true},
		{"Agency Moves Payroll To Federal Cloud Platform", "", true},
		{"", "The Federal cloud Ledger is a newsletter.", true},
	})
}

// TestNotInNameOnlyOnTerms rejects the option on other expressions.
func TestNotInNameOnlyOnTerms(t *testing.T) {
	bad := strings.Replace(nameRule, "      terms: [federal cloud]\n", "      any: [[federal cloud]]\n", 1)
	_, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(bad)}})
	if err == nil || !strings.Contains(err.Error(), "not_in_name belongs to terms") {
		t.Fatalf("err = %v, want not_in_name belongs to terms", err)
	}
}

// topicCase is a title and text with the on_topic decision expected.
type topicCase struct {
	title, text string
	want        bool
}

// checkOnTopic classifies every case with e and reports each wrong on_topic
// decision.
func checkOnTopic(t *testing.T, e *Engine, cases []topicCase) {
	t.Helper()
	for _, tt := range cases {
		got := e.Classify(govwire.Document{Title: tt.title, Text: tt.text}).OnTopic
		if got != tt.want {
			t.Errorf("title %q text %q: on_topic = %v, want %v", tt.title, tt.text, got, tt.want)
		}
	}
}
