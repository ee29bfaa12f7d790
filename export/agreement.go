package export

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"github.com/govwire/govwire"
)

// Agreement compares, over the reviewed rows of an export, the rules'
// decision with the reviewer's for one label or for on_topic, the review
// taken as the truth.
type Agreement struct {
	Both       int // rules yes, reviewer yes
	RulesOnly  int // rules yes, reviewer no
	ReviewOnly int // rules no, reviewer yes
	Neither    int // rules no, reviewer no
}

// add counts one reviewed row.
func (a *Agreement) add(rules, review bool) {
	switch {
	case rules && review:
		a.Both++
	case rules:
		a.RulesOnly++
	case review:
		a.ReviewOnly++
	default:
		a.Neither++
	}
}

// N is the number of reviewed rows counted.
func (a Agreement) N() int { return a.Both + a.RulesOnly + a.ReviewOnly + a.Neither }

// Precision is the share of the rules' yes that reviewers kept; NaN when
// the rules said yes to none.
func (a Agreement) Precision() float64 { return ratio(a.Both, a.Both+a.RulesOnly) }

// Recall is the share of the reviewers' yes the rules found; NaN when the
// reviewers said yes to none.
func (a Agreement) Recall() float64 { return ratio(a.Both, a.Both+a.ReviewOnly) }

// Kappa is Cohen's kappa between rules and reviewers: observed agreement
// corrected for the agreement their yes rates would give by chance,
// (po - pe) / (1 - pe); NaN when chance agreement is already total (both
// said the same single answer to every row) or there are no rows.
func (a Agreement) Kappa() float64 {
	n := float64(a.N())
	if n == 0 {
		return math.NaN()
	}
	po := float64(a.Both+a.Neither) / n
	rulesYes, reviewYes := float64(a.Both+a.RulesOnly)/n, float64(a.Both+a.ReviewOnly)/n
	pe := rulesYes*reviewYes + (1-rulesYes)*(1-reviewYes)
	if pe == 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// MarshalJSON writes the counts and the three measures (null when
// undefined).
func (a Agreement) MarshalJSON() ([]byte, error) {
	num := func(f float64) *float64 {
		if math.IsNaN(f) {
			return nil
		}
		f = math.Round(f*10000) / 10000
		return &f
	}
	return json.Marshal(struct {
		agreementJSON
		Precision *float64 `json:"precision"`
		Recall    *float64 `json:"recall"`
		Kappa     *float64 `json:"kappa"`
	}{agreementJSON(a), num(a.Precision()), num(a.Recall()), num(a.Kappa())})
}

// agreementJSON is the counts part of Agreement's JSON form.
type agreementJSON struct {
	Both       int `json:"rules_yes_review_yes"`
	RulesOnly  int `json:"rules_yes_review_no"`
	ReviewOnly int `json:"rules_no_review_yes"`
	Neither    int `json:"rules_no_review_no"`
}

// UnmarshalJSON reads the counts back (the measures follow from them).
func (a *Agreement) UnmarshalJSON(b []byte) error {
	var c agreementJSON
	if err := json.Unmarshal(b, &c); err != nil {
		return err
	}
	*a = Agreement(c)
	return nil
}

// addReview counts r in s's agreement tables when it was reviewed.
func (s *Summary) addReview(r *Record) {
	if r.Review == nil {
		return
	}
	s.Reviewed++
	if s.Agreement == nil {
		s.Agreement = map[string]*Agreement{}
	}
	get := func(k string) *Agreement {
		if s.Agreement[k] == nil {
			s.Agreement[k] = &Agreement{}
		}
		return s.Agreement[k]
	}
	get("on_topic").add(r.RulesOnTopic, r.Review.OnTopic)
	for _, l := range govwire.Labels {
		get(l).add(slices.Contains(r.RulesLabels, l), slices.Contains(r.Review.Labels, l))
	}
}

// agreementRow is one line of the datasheet's agreement table.
type agreementRow struct {
	Decision string
	Agreement
}

// agreementRows lists s's agreement tables: on_topic, then each label.
func agreementRows(s Summary) []agreementRow {
	var out []agreementRow
	for _, k := range append([]string{"on_topic"}, govwire.Labels...) {
		if a := s.Agreement[k]; a != nil {
			out = append(out, agreementRow{Decision: k, Agreement: *a})
		}
	}
	return out
}

// measure formats a precision, recall or kappa for the datasheet.
func measure(f float64) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}
