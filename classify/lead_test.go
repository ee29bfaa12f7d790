package classify

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

// leadRule sets on_topic for "hosting contract" in the title or lead only.
const leadRule = `rules:
  - id: t.lead
    label: on_topic
    version: 1
    description: a phrase in the lead
    scope: [title, lead]
    match:
      terms: [hosting contract]
`

// TestLeadSkipsShortParagraphs checks that bylines, kickers and section
// headings (paragraphs of fewer than leadParaMinTokens words) do not use up
// the three paragraphs of the lead, while three real paragraphs still do.
func TestLeadSkipsShortParagraphs(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(leadRule)}})
	if err != nil {
		t.Fatal(err)
	}
	long := "The ministry spent the spring reviewing how its offices store their records and files."
	tests := []struct {
		name  string
		paras []string
		want  bool
	}{
		{"byline and heading do not count", []string{"Jane Doe", "Senior Reporter", "REPORT IN BRIEF", long, long,
			"Approval is requested for a hosting contract with a regional supplier."}, true},
		{"three real paragraphs end the lead", []string{long, long, long,
			"Approval is requested for a hosting contract with a regional supplier."}, false},
		{"short paragraphs after three real ones are past the lead", []string{long, "Jane Doe", long, long, "Note",
			"Approval is requested for a hosting contract with a regional supplier."}, false},
	}
	for _, tt := range tests {
		// blank lines between paragraphs, or (as many extractors and feeds
		// write them) one paragraph per line with no blank line anywhere
		for _, sep := range []string{"\n\n", "\n", "\r\n", "\n \n"} {
			d := govwire.Document{Title: "Records", Text: strings.Join(tt.paras, sep)}
			if got := e.Classify(d).OnTopic; got != tt.want {
				t.Errorf("%s, paragraphs joined by %q: on_topic = %v, want %v", tt.name, sep, got, tt.want)
			}
		}
	}
	// a text with no line breaks at all: the lead ends with the sentence
	// that reaches leadMaxTokens words
	flat := strings.Repeat(long+" ", 3) + "Approval is requested for a hosting contract with a regional supplier."
	if !e.Classify(govwire.Document{Title: "Records", Text: flat}).OnTopic {
		t.Errorf("a phrase 45 words into a text without line breaks is not in the lead:\n%s", flat)
	}
	flat = strings.Repeat(long+" ", 8) + "Approval is requested for a hosting contract with a regional supplier."
	if e.Classify(govwire.Document{Title: "Records", Text: flat}).OnTopic {
		t.Errorf("a phrase 120 words into a text without line breaks is in the lead:\n%s", flat)
	}
	// the title repeated on the text's first line is not one of the lead's
	// paragraphs, in any case
	title := "Ministry finishes its long review of how offices store records"
	for _, copy := range []string{title, strings.ToUpper(title)} {
		text := strings.Join([]string{copy, long, long, "Approval is requested for a hosting contract with a regional supplier."}, "\n\n")
		if !e.Classify(govwire.Document{Title: title, Text: text}).OnTopic {
			t.Errorf("the repeated title used up a paragraph of the lead:\n%s", text)
		}
	}
	// a first line that only begins like the title is a paragraph
	text := strings.Join([]string{title + " and archives", long, long, "Approval is requested for a hosting contract with a regional supplier."}, "\n\n")
	if e.Classify(govwire.Document{Title: title, Text: text}).OnTopic {
		t.Errorf("a first paragraph longer than the title did not count:\n%s", text)
	}
	// where the text has blank lines, a single line break stays inside a
	// paragraph: four long lines after a blank line are one paragraph
	text = "Jane Doe\n\n" + strings.Repeat(long+"\n", 4) + "Approval is requested for a hosting contract with a regional supplier."
	if !e.Classify(govwire.Document{Title: "Records", Text: text}).OnTopic {
		t.Errorf("hard-wrapped lines of one paragraph ended the lead:\n%s", text)
	}
}
