package index

import (
	"regexp"
	"strings"

	"github.com/govwire/govwire"
)

// Milestone words, matched on lowercased sentences. A protest's outcome
// counts only in a sentence that also names the protest, so "Oracle denied
// wrongdoing" in a protest story is no outcome.
var (
	protestWords = []string{"protest", "challenge", "complaint", "lawsuit", "appeal", "objection", "legal action"}
	// outcomeWords: the earliest in a sentence wins, and at one position the
	// first listed ("upheld the award" is a denial of the protest).
	outcomeWords = []struct{ outcome, word string }{
		{govwire.OutcomeDenied, "upheld the award"},
		{govwire.OutcomeDenied, "upheld the contract"},
		{govwire.OutcomeDenied, "upheld the decision"},
		{govwire.OutcomeDenied, "upholds the award"},
		{govwire.OutcomeSustained, "sustained"},
		{govwire.OutcomeSustained, "sustains"},
		{govwire.OutcomeSustained, "sustain the"},
		{govwire.OutcomeSustained, "upheld"},
		{govwire.OutcomeSustained, "upholds"},
		{govwire.OutcomeWithdrawn, "withdr"}, // withdrew, withdrawn, withdraws
		{govwire.OutcomeWithdrawn, "dropped"},
		{govwire.OutcomeWithdrawn, "drops its"},
		{govwire.OutcomeDismissed, "dismiss"},
		{govwire.OutcomeDismissed, "threw out"},
		{govwire.OutcomeDismissed, "throws out"},
		{govwire.OutcomeDenied, "denied"},
		{govwire.OutcomeDenied, "denies"},
		{govwire.OutcomeDenied, "rejected"},
		{govwire.OutcomeDenied, "rejects"},
	}
	investigationWords = []string{"investigat", "inquiry", "probe", "audit", "inspector general", "referred to prosecutors"}
	againWord          = regexp.MustCompile(`\bagain\b`) // not "against"
	reAwardWords       = []string{"re-award", "reaward", "re-issued the award", "new award decision"}
)

// milestoneOf types one article, in this order of precedence: a protest
// whose outcome the text states, a re-award (the text says the contract was
// awarded anew), a protest, an award, an investigation or an allegation, a
// bid; "" when it carries no label. The title speaks first: a re-award whose
// story recalls the sustained protest before it is a re-award. The timeline
// turns the first bid into a first bid and drops later ones (see
// markMilestones).
func milestoneOf(labels []string, title, text string) string {
	has := func(l string) bool {
		for _, x := range labels {
			if x == l {
				return true
			}
		}
		return false
	}
	for _, t := range [][2]string{{title, ""}, {title, text}} {
		if has(govwire.LabelProtest) {
			if o := protestOutcome(t[0], t[1]); o != "" {
				return govwire.MilestoneProtest + "_" + o
			}
		}
		if has(govwire.LabelAward) && anySentence(t[0], t[1], isReAward) {
			return govwire.MilestoneReAward
		}
	}
	switch {
	case has(govwire.LabelProtest):
		return govwire.MilestoneProtest
	case has(govwire.LabelAward):
		return govwire.MilestoneAward
	case has(govwire.LabelAllegation):
		if anySentence(title, text, func(s string) bool { return containsAny(s, investigationWords) }) {
			return govwire.MilestoneInvestigation
		}
		return govwire.MilestoneAllegation
	case has(govwire.LabelBid):
		return govwire.MilestoneBid
	}
	return ""
}

// isReAward reports whether a lowercased sentence says a contract was
// awarded anew: "re-awarded", "reaward", or an award "again".
func isReAward(s string) bool {
	if containsAny(s, reAwardWords) {
		return true
	}
	return strings.Contains(s, "award") && (againWord.MatchString(s) || strings.Contains(s, "a second time"))
}

// leadSentences is how many sentences of the text a protest's outcome is
// looked for in: the news is in the lead, while later sentences recall
// earlier decisions and general odds ("GAO sustains few protests").
const leadSentences = 3

// protestOutcome is the outcome stated by the first sentence (the title,
// then the lead of the text) that names a protest and an outcome; "" when
// none does.
func protestOutcome(title, text string) string {
	var out string
	anySentence(title, lead(text, leadSentences), func(s string) bool {
		if !containsAny(s, protestWords) {
			return false
		}
		best := -1
		for _, w := range outcomeWords {
			if i := strings.Index(s, w.word); i >= 0 && (best < 0 || i < best) {
				best, out = i, w.outcome
			}
		}
		return best >= 0
	})
	return out
}

// anySentence reports whether fn holds for the lowercased title or for a
// lowercased sentence of text, stopping at the first that does.
func anySentence(title, text string, fn func(string) bool) bool {
	if fn(strings.ToLower(title)) {
		return true
	}
	for len(text) > 0 {
		end := sentenceEnd(text, 0)
		if fn(strings.ToLower(text[:end])) {
			return true
		}
		text = text[end:]
	}
	return false
}

// lead returns the first n sentences of text.
func lead(text string, n int) string {
	end := 0
	for range n {
		if end >= len(text) {
			break
		}
		end = sentenceEnd(text, end)
	}
	return text[:end]
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// markMilestones types the events of a timeline in date order: the first
// bid becomes the first bid and later bids lose their milestone; with
// oneProgramme (the timeline of one programme), an award after an earlier
// award and a protest since becomes a re-award.
func markMilestones(events []govwire.TimelineEvent, oneProgramme bool) {
	firstBid, awarded, protested := false, false, false
	for i := range events {
		e := &events[i]
		switch m := e.Milestone; {
		case m == govwire.MilestoneBid && !firstBid:
			e.Milestone, firstBid = govwire.MilestoneFirstBid, true
		case m == govwire.MilestoneBid:
			e.Milestone = ""
		case m == govwire.MilestoneAward && oneProgramme && awarded && protested:
			e.Milestone = govwire.MilestoneReAward
		case strings.HasPrefix(m, govwire.MilestoneProtest):
			protested = awarded
		}
		switch e.Milestone {
		case govwire.MilestoneAward:
			awarded = true
		case govwire.MilestoneReAward:
			awarded, protested = true, false
		}
	}
}
