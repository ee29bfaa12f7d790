package index

import (
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

func TestMilestoneOf(t *testing.T) {
	const (
		bid   = govwire.LabelBid
		award = govwire.LabelAward
		prot  = govwire.LabelProtest
		alleg = govwire.LabelAllegation
	)
	tests := []struct {
		name        string
		labels      []string
		title, text string
		want        string
	}{
		{"no labels", nil, "Navy christens a destroyer", "", ""},
		{"bid", []string{bid}, "Oracle bids for JEDI", "Oracle submitted a proposal.", "bid"},
		{"award", []string{award, bid}, "Pentagon awards JEDI to AWS", "The award follows a long contest.", "award"},
		{"protest filed", []string{award, prot}, "Oracle protests JEDI award", "Oracle filed a protest with GAO.", "protest"},
		{"sustained in title", []string{prot}, "GAO sustains Microsoft protest", "", "protest_sustained"},
		{"protest upheld", []string{prot}, "Cloud deal in doubt", "The watchdog upheld the protest on Monday.", "protest_sustained"},
		{"denied in text", []string{award, prot}, "Oracle loses JEDI fight", "Background first. The GAO denied the protest Oracle filed.", "protest_denied"},
		{"award upheld is a denial", []string{prot}, "Court rules on cloud challenge", "The court upheld the award and rejected the challenge.", "protest_denied"},
		{"dismissed", []string{prot}, "GAO dismisses Google protest of JWCC award", "", "protest_dismissed"},
		{"withdrawn", []string{prot}, "Cloud fight ends", "Microsoft withdrew the protest it had filed.", "protest_withdrawn"},
		{"outcome outside the protest sentence", []string{prot}, "Oracle protests", "Oracle filed a protest. Oracle denied any wrongdoing.", "protest"},
		{"general odds deep in the text are no outcome", []string{prot, award}, "Oracle protests VA award",
			"Oracle filed a protest. It argues prices were unequal. The stay halts work. GAO sustains few protests.", "protest"},
		{"sustainability is no outcome", []string{prot}, "Protest over sustainability goals in cloud deal", "", "protest"},
		{"re-award", []string{award, prot}, "Pentagon re-awards JEDI to AWS", "", "re_award"},
		{"awarded again", []string{award}, "JEDI back on track", "After corrective action the department awarded the contract to AWS again.", "re_award"},
		{"against is not again", []string{award, prot}, "IBM also protests the award", "IBM filed a protest against the award.", "protest"},
		{"a re-award recalling the sustained protest", []string{award, prot}, "VA re-awards VECS cloud contract",
			"Two months after GAO sustained a protest by Oracle, the department awarded the contract again.", "re_award"},
		{"a decision asking for a new award", []string{award, prot}, "GAO sustains Oracle protest of VECS award",
			"GAO recommended a new award decision.", "protest_sustained"},
		{"outcome before re-award", []string{award, prot}, "GAO denies protest; JEDI awarded again", "", "protest_denied"},
		{"allegation", []string{alleg}, "Lawmakers allege bias in JEDI", "Critics claim the contest was rigged.", "allegation"},
		{"investigation", []string{alleg}, "Bias claims in JEDI", "The inspector general opened an investigation into the claims.", "investigation"},
		{"probe", []string{alleg, bid}, "DoD probe into JEDI conflict of interest", "", "investigation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := milestoneOf(tt.labels, tt.title, tt.text); got != tt.want {
				t.Errorf("milestoneOf(%v, %q, %q) = %q, want %q", tt.labels, tt.title, tt.text, got, tt.want)
			}
		})
	}
}

func TestMarkMilestones(t *testing.T) {
	tests := []struct {
		name         string
		in           []string
		oneProgramme bool
		want         []string
	}{
		{"first bid only", []string{"bid", "bid", "award", "bid"}, false, []string{"first_bid", "", "award", ""}},
		{"re-award of one programme", []string{"bid", "award", "protest", "protest_sustained", "award"}, true,
			[]string{"first_bid", "award", "protest", "protest_sustained", "re_award"}},
		{"two awards of a search are two awards", []string{"award", "protest", "award"}, false, []string{"award", "protest", "award"}},
		{"no re-award without a protest", []string{"award", "award"}, true, []string{"award", "award"}},
		{"awards after a re-award are awards", []string{"award", "protest", "re_award", "award"}, true,
			[]string{"award", "protest", "re_award", "award"}},
		{"protest before any award", []string{"protest", "award"}, true, []string{"protest", "award"}},
		{"allegations stay", []string{"allegation", "investigation"}, true, []string{"allegation", "investigation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := make([]govwire.TimelineEvent, len(tt.in))
			for i, m := range tt.in {
				evs[i].Milestone = m
			}
			markMilestones(evs, tt.oneProgramme)
			for i, e := range evs {
				if e.Milestone != tt.want[i] {
					t.Errorf("event %d: %q, want %q (all: %v)", i, e.Milestone, tt.want[i], tt.want)
				}
			}
		})
	}
}

func TestSentenceAround(t *testing.T) {
	long := "Intro. The U.S. Army said on Monday that " + strings.Repeat("very ", 80) + "long tender closed. Next one."
	tests := []struct {
		name, text, span string
		want             string
	}{
		{"middle sentence", "First one. Oracle filed a protest with GAO. Then more.", "filed a protest",
			"Oracle filed a protest with GAO."},
		{"initials do not end a sentence", "Intro here. The U.S. Army awarded the deal. End.", "awarded",
			"The U.S. Army awarded the deal."},
		{"newline ends a sentence", "Heading\nAWS won the award\nNext", "won", "AWS won the award"},
		{"last sentence without a dot", "One. Two awarded three", "awarded", "Two awarded three"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := strings.Index(tt.text, tt.span)
			if got := sentenceAround(tt.text, i, i+len(tt.span)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	i := strings.Index(long, "tender")
	got := sentenceAround(long, i, i+len("tender"))
	if len(got) > maxKeySentence+2*len("…") || !strings.Contains(got, "tender closed.") || !strings.Contains(got, "…") {
		t.Errorf("long sentence: %d bytes %q", len(got), got)
	}
}
