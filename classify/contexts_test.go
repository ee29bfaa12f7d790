package classify

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

// contextsRule has two unless_preceded_by contexts with their own
// distances: an article right before "selected", or a modal up to two
// words before it.
const contextsRule = `rules:
  - id: t.ctx
    label: on_topic
    version: 1
    description: a selection, not an adjective and not a modal one
    match:
      terms: [selected]
      unless_preceded_by:
        - {terms: [the, a], within: 0}
        - {terms: [will, not], within: 2}
`

// TestSeveralContexts checks that each context of a list keeps its own
// distance.
func TestSeveralContexts(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(contextsRule)}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"The ministry selected a firm.", true},
		{"The selected firm starts in May.", false},
		{"The ministry has not yet selected a firm.", false},
		{"The ministry will soon have selected a firm.", false},
		{"The ministry will, after long and careful review, have selected a firm.", true},
		{"A minister the press selected as a favourite.", true},
	}
	for _, tt := range tests {
		if got := e.Classify(govwire.Document{Text: tt.text}).OnTopic; got != tt.want {
			t.Errorf("%q: on_topic = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestContextListErrors rejects a list of contexts that mixes mappings
// with plain terms.
func TestContextListErrors(t *testing.T) {
	bad := strings.Replace(contextsRule, "        - {terms: [will, not], within: 2}\n", "        - will\n", 1)
	_, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(bad)}})
	if err == nil || !strings.Contains(err.Error(), "a list of contexts holds only mappings") {
		t.Fatalf("err = %v, want the list-of-contexts error", err)
	}
}
