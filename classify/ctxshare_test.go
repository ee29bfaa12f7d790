package classify

import (
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

// ctxShareRules has two rules whose exceptions name the same list with
// different words around it.
const ctxShareRules = `lists:
  - name: modal
    description: modal words
    terms: [will, would, could]
rules:
  - id: t.one
    label: bid
    version: 1
    description: a tender
    match:
      terms: [tender]
      unless_preceded_by: {terms: ["@modal", to], within: 2}
  - id: t.two
    label: award
    version: 1
    description: an award
    match:
      terms: [awarded]
      unless_preceded_by: {terms: ["@modal", be, not], within: 2}
`

// TestContextsShareListSets checks that contexts naming one list share its
// term set (so a hit of a guard word is recorded once, not once per
// context), and that each context still cancels on the list's words and on
// its own.
func TestContextsShareListSets(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(ctxShareRules)}})
	if err != nil {
		t.Fatal(err)
	}
	// one guard word, one hit: both contexts read the list's one set
	sc := e.pool.Get().(*scratch)
	e.scan(sc, govwire.Document{Text: "could"})
	hits := 0
	for _, h := range sc.hits {
		hits += len(h)
	}
	e.release(sc)
	if hits != 1 {
		t.Errorf("one word of the list recorded %d hits, want 1 (one set shared by both contexts)", hits)
	}
	for _, tc := range []struct {
		text        string
		bid, awards bool
	}{
		{"The ministry opened a tender. It awarded the deal.", true, true},
		{"The ministry will tender the work. It would be awarded later.", false, false},
		{"The ministry wants to tender the work. It was not awarded.", false, false},
		{"The ministry could tender. It has awarded the work.", false, true},
	} {
		// no topic rule here, so read the label scores
		got := e.Classify(govwire.Document{Text: tc.text}).Scores
		if (got["bid"] > 0) != tc.bid || (got["award"] > 0) != tc.awards {
			t.Errorf("%q: scores %v, want bid %v award %v", tc.text, got, tc.bid, tc.awards)
		}
	}
}
