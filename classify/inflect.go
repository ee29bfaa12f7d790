package classify

import "strings"

// Word forms. A rule phrase is expanded at compile time so that rules stay
// short: by default every content word of four letters or more also
// matches its plural ("proposal" -> "proposals"); a word written with a
// trailing "~" matches all its verb forms ("award~" -> award, awards,
// awarded, awarding); a phrase written with a leading "=" is matched
// exactly as written.

// irregular verb forms: base -> other forms.
var irregular = map[string][]string{
	"win": {"wins", "won", "winning"}, "bid": {"bids", "bidding", "bidded"},
	"choose": {"chooses", "chose", "chosen", "choosing"}, "lose": {"loses", "lost", "losing"},
	"seek": {"seeks", "sought", "seeking"}, "give": {"gives", "gave", "given", "giving"},
	"take": {"takes", "took", "taken", "taking"}, "make": {"makes", "made", "making"},
	"go": {"goes", "went", "gone", "going"}, "begin": {"begins", "began", "begun", "beginning"},
	"lead": {"leads", "led", "leading"}, "hold": {"holds", "held", "holding"},
	"run": {"runs", "ran", "running"}, "buy": {"buys", "bought", "buying"},
	"pay": {"pays", "paid", "paying"}, "send": {"sends", "sent", "sending"},
	"beat": {"beats", "beaten", "beating"}, "put": {"puts", "putting"},
	"set": {"sets", "setting"}, "get": {"gets", "got", "gotten", "getting"},
	"bring": {"brings", "brought", "bringing"}, "write": {"writes", "wrote", "written", "writing"},
	"drop": {"drops", "dropped", "dropping"}, "be": {"is", "are", "was", "were", "been", "being"},
	"have": {"has", "had", "having"}, "do": {"does", "did", "done", "doing"},
	"sue": {"sues", "sued", "suing"}, "shortlist": {"shortlists", "shortlisted", "shortlisting"},
	"tap": {"taps", "tapped", "tapping"}, "pick": {"picks", "picked", "picking"},
	"ink": {"inks", "inked", "inking"}, "strike": {"strikes", "struck", "striking"},
	"rebid": {"rebids", "rebidding"}, "underbid": {"underbids", "underbidding"},
	"outbid": {"outbids", "outbidding"}, "submit": {"submits", "submitted", "submitting"},
	"commit": {"commits", "committed", "committing"}, "admit": {"admits", "admitted", "admitting"},
	"compel": {"compels", "compelled", "compelling"}, "refer": {"refers", "referred", "referring"},
	"rebut": {"rebuts", "rebutted", "rebutting"}, "plan": {"plans", "planned", "planning"},
	"stop": {"stops", "stopped", "stopping"}, "ship": {"ships", "shipped", "shipping"},
	"sign": {"signs", "signed", "signing"}, "lodge": {"lodges", "lodged", "lodging"},
}

// stopwords are never inflected.
var stopwords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "for": true, "to": true, "in": true, "on": true,
	"with": true, "and": true, "or": true, "by": true, "at": true, "as": true, "from": true, "its": true,
	"this": true, "that": true, "over": true, "into": true, "their": true, "his": true, "her": true,
	"us": true, "s": true, "was": true, "is": true, "has": true, "have": true, "be": true, "not": true,
}

// isVowel reports whether b is a vowel.
func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// plural returns the regular noun plural (and third-person singular) of w.
func plural(w string) string {
	n := len(w)
	switch {
	case n == 0:
		return w
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		return w + "es"
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	}
	return w + "s"
}

// verbForms returns w and its -s, -ed and -ing forms, irregular forms
// included.
func verbForms(w string) []string {
	if irr, ok := irregular[w]; ok {
		return append([]string{w}, irr...)
	}
	n := len(w)
	out := []string{w, plural(w)}
	switch {
	case n > 1 && w[n-1] == 'e':
		out = append(out, w+"d", w[:n-1]+"ing")
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		out = append(out, w[:n-1]+"ied", w+"ing")
	case n == 3 && !isVowel(w[2]) && isVowel(w[1]) && !isVowel(w[0]) && w[2] != 'w' && w[2] != 'x' && w[2] != 'y':
		out = append(out, w+w[2:]+"ed", w+w[2:]+"ing")
	default:
		out = append(out, w+"ed", w+"ing")
	}
	return out
}

// wordForms returns the forms of one folded word of a phrase under the
// default expansion: verb forms for "word~", its plural for content words
// of four letters or more, else the word itself.
func wordForms(w string, expand bool) []string {
	if base, ok := strings.CutSuffix(w, "~"); ok {
		return verbForms(base)
	}
	if !expand || len(w) < 4 || stopwords[w] || hasDigit(w) {
		return []string{w}
	}
	return []string{w, plural(w)}
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if '0' <= w[i] && w[i] <= '9' {
			return true
		}
	}
	return false
}

// maxVariants bounds the expansion of one phrase.
const maxVariants = 64

// expandPhrase returns the folded variants of a phrase of folded words.
func expandPhrase(words []string, expand bool) []string {
	variants := []string{""}
	for i, w := range words {
		forms := wordForms(w, expand)
		next := make([]string, 0, len(variants)*len(forms))
		for _, v := range variants {
			for _, f := range forms {
				if i > 0 {
					next = append(next, v+" "+f)
				} else {
					next = append(next, f)
				}
			}
		}
		if len(next) > maxVariants {
			next = next[:maxVariants]
		}
		variants = next
	}
	return variants
}
