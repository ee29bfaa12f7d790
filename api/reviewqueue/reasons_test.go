package reviewqueue

import (
	"slices"
	"testing"

	"github.com/govwire/govwire"
)

var th = Thresholds{OnTopic: 1, Label: 1}

func ev(label, rule, field string, start, end int) govwire.Evidence {
	return govwire.Evidence{Label: label, Rule: rule, Field: field, Start: start, End: end}
}

// codes lists "code:label" for each reason.
func codes(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code+":"+r.Label)
	}
	return out
}

func TestReasons(t *testing.T) {
	topic2 := []govwire.Evidence{ev(OnTopic, "topic.a", "title", 0, 5), ev(OnTopic, "topic.b", "text", 0, 5)}
	tests := []struct {
		name string
		c    govwire.Classification
		want []string // codes in order, heaviest first
	}{
		{"clear off-topic story", govwire.Classification{Scores: map[string]float64{OnTopic: 0}}, nil},
		{"clear award, two topic rules", govwire.Classification{OnTopic: true, Labels: []string{"award"},
			Scores:   map[string]float64{OnTopic: 3, "award": 2.5},
			Evidence: append(slices.Clone(topic2), ev("award", "award.a", "text", 10, 20))}, nil},
		{"same words for award and protest", govwire.Classification{OnTopic: true, Labels: []string{"award", "protest"},
			Scores: map[string]float64{OnTopic: 3, "award": 3, "protest": 3},
			Evidence: append(slices.Clone(topic2), ev("award", "award.a", "text", 10, 20),
				ev("protest", "protest.a", "text", 15, 30), ev("protest", "protest.b", "text", 12, 14))},
			[]string{"evidence_overlap:award"}},
		{"touching spans do not overlap", govwire.Classification{OnTopic: true, Labels: []string{"award", "protest"},
			Scores: map[string]float64{OnTopic: 3, "award": 3, "protest": 3},
			Evidence: append(slices.Clone(topic2), ev("award", "award.a", "text", 10, 20),
				ev("protest", "protest.a", "text", 20, 30), ev("protest", "protest.b", "title", 10, 20))}, nil},
		{"label scored but off topic", govwire.Classification{Scores: map[string]float64{OnTopic: 0, "protest": 2}},
			[]string{"label_off_topic:protest"}},
		{"on topic without label, one rule", govwire.Classification{OnTopic: true, Labels: []string{},
			Scores: map[string]float64{OnTopic: 2}, Evidence: topic2[:1]},
			[]string{"on_topic_without_label:on_topic", "one_topic_rule:on_topic"}},
		{"label without topic evidence", govwire.Classification{OnTopic: true, Labels: []string{"bid"},
			Scores: map[string]float64{OnTopic: 3, "bid": 3}},
			[]string{"label_without_topic_evidence:bid"}},
		{"on-topic score at the threshold: one full rule, not near", govwire.Classification{OnTopic: true, Labels: []string{"award"},
			Scores: map[string]float64{OnTopic: 1, "award": 2.5}, Evidence: append(slices.Clone(topic2), ev("award", "a", "text", 9, 10))},
			nil},
		{"a label at its threshold, lightly", govwire.Classification{OnTopic: true, Labels: []string{"award"},
			Scores: map[string]float64{OnTopic: 3, "award": 1}, Evidence: append(slices.Clone(topic2), ev("award", "a", "text", 9, 10))},
			[]string{"near_threshold:award"}},
		{"off topic just under the gate", govwire.Classification{Scores: map[string]float64{OnTopic: 0.5, "award": 0.5}},
			[]string{"near_threshold:on_topic"}},
		{"a label just under its threshold", govwire.Classification{OnTopic: true, Labels: []string{"award"},
			Scores:   map[string]float64{OnTopic: 3, "award": 3, "protest": 0.5},
			Evidence: append(slices.Clone(topic2), ev("award", "a", "text", 9, 10))},
			[]string{"near_threshold:protest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(Reasons(tt.c, th))
			if !slices.Equal(got, tt.want) {
				t.Errorf("reasons %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNearWeights: just under the threshold weighs most, the nearer the
// more; at or just over it weighs little, and only where over is asked
// for; nothing at 0 or from 1.5 thresholds up; the thresholds come from
// the caller.
func TestNearWeights(t *testing.T) {
	tests := []struct {
		score, threshold float64
		over             bool
		weight           float64 // 0: not near
	}{
		{0.5, 1, true, 1}, {0.75, 1, false, 1.5}, {0.99, 1, true, 1.98},
		{1, 1, true, 0.5}, {1.25, 1, true, 0.25}, {1.5, 1, true, 0}, {2, 1, true, 0},
		{1, 1, false, 0}, {1.25, 1, false, 0},
		{0, 1, true, 0}, {-1, 1, true, 0}, {1, 2, true, 1}, {2, 2, true, 0.5}, {1, 0, true, 0},
	}
	for _, tt := range tests {
		r, ok := near("award", tt.score, tt.threshold, tt.over)
		if ok != (tt.weight > 0) || r.Weight != tt.weight {
			t.Errorf("near(%g, threshold %g, over %v) = %v %g, want weight %g", tt.score, tt.threshold, tt.over, ok, r.Weight, tt.weight)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		r    Reason
		want string
	}{
		{Reason{Code: ReasonNearThreshold, Label: OnTopic, Score: 0.5}, "on-topic score 0.5 is just under the threshold 1"},
		{Reason{Code: ReasonNearThreshold, Label: "award", Score: 1.25}, "award score 1.25 is at or just over the threshold 1"},
		{Reason{Code: ReasonEvidenceOverlap, Label: "award", Other: "protest"}, "the same words are evidence for both award and protest"},
		{Reason{Code: ReasonOneTopicRule, Other: "topic.jwcc"}, "on topic by one rule only: topic.jwcc"},
		{Reason{Code: ReasonReviewedCopyDisagrees, Label: OnTopic}, "a reviewer decided otherwise for another copy of this story on whether it is on topic"},
	}
	for _, tt := range tests {
		if got := Describe(tt.r, th).Detail; got != tt.want {
			t.Errorf("%s: %q, want %q", tt.r.Code, got, tt.want)
		}
	}
}
