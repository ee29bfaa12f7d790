// Package reviewqueue decides which unreviewed articles a reviewer should
// look at first, and says why: the rules contradict themselves, a score sits
// near the classifier's threshold, one rule alone made the story on topic,
// or copies of one story in a near-duplicate cluster carry different labels.
//
// reasons.go turns one article into an Entry with its own reasons (pure),
// set.go keeps the entries of every stored article and ranks them, and
// queue.go keeps a Set in step with the store.
package reviewqueue

import (
	"fmt"
	"slices"
	"sync"

	"github.com/govwire/govwire"
)

// OnTopic is the key of the topic gate's score in Classification.Scores and
// the Label of reasons about the gate.
const OnTopic = "on_topic"

// Thresholds are the classifier's decision thresholds: the topic gate opens,
// and a label is set, at a score at or above them. cmd/govwire passes the
// classify package's values; they are not repeated here.
type Thresholds struct {
	OnTopic float64 `json:"on_topic"`
	Label   float64 `json:"label"`
}

// Reason codeNames, with the weight each adds to an article's priority.
const (
	// ReasonEvidenceOverlap: the same words are evidence for two labels.
	ReasonEvidenceOverlap = "evidence_overlap"
	// ReasonLabelOffTopic: a label scored at or over its threshold, but the
	// story is off topic, so the label was dropped.
	ReasonLabelOffTopic = "label_off_topic"
	// ReasonLabelNoTopicEvidence: the story carries a label but no on-topic
	// evidence.
	ReasonLabelNoTopicEvidence = "label_without_topic_evidence"
	// ReasonOnTopicNoLabel: on topic, but no label.
	ReasonOnTopicNoLabel = "on_topic_without_label"
	// ReasonNearThreshold: a score just under its threshold, or a label's
	// at or just over it.
	ReasonNearThreshold = "near_threshold"
	// ReasonOneTopicRule: on topic by one rule only.
	ReasonOneTopicRule = "one_topic_rule"
	// ReasonClusterDisagrees: another copy of the story (same cluster) has
	// other labels by the rules.
	ReasonClusterDisagrees = "cluster_disagrees"
	// ReasonReviewedCopyDisagrees: a reviewer gave another copy of the story
	// other labels than the rules give this one.
	ReasonReviewedCopyDisagrees = "reviewed_copy_disagrees"
)

// Weights of the reasons. A score just under its threshold weighs up to
// weightNearThreshold, one at or just over it up to weightJustOver.
const (
	weightEvidenceOverlap       = 3
	weightLabelOffTopic         = 3
	weightReviewedCopyDisagrees = 3
	weightLabelNoTopicEvidence  = 2
	weightClusterDisagrees      = 2
	weightNearThreshold         = 2
	weightOneTopicRule          = 1
	weightOnTopicNoLabel        = 1
	weightJustOver              = 0.5
)

// Reason is one thing that makes an article worth reviewing.
type Reason struct {
	Code   string  `json:"code"`
	Label  string  `json:"label,omitempty"` // the label concerned, or "on_topic"
	Other  string  `json:"other,omitempty"` // the second label of an overlap, or the one topic rule
	Score  float64 `json:"score,omitempty"` // the score of a near-threshold or off-topic label
	Weight float64 `json:"weight"`
	Detail string  `json:"detail"` // one sentence for people, filled in by Describe
}

// Entry is what the queue keeps of one article: little enough that 100,000
// of them fit in a few megabytes.
type Entry struct {
	ID        string
	ClusterID string
	Source    string
	Dated     int64 // unix nanoseconds of Published, or of Fetched when unknown
	Rules     Mask  // the rules' decision
	Reviewed  bool
	Review    Mask     // the reviewer's decision, when Reviewed
	reasons   []packed // the article's own reasons, heaviest first; cluster reasons are added when ranking
	weight    float64  // sum of the reasons' weights
}

// Reasons returns the entry's own reasons, heaviest first, without Detail.
func (e *Entry) Reasons() []Reason {
	out := make([]Reason, len(e.reasons))
	for i, p := range e.reasons {
		out[i] = p.unpack()
	}
	return out
}

// Mask is a decision as bits: bit 0 on topic, bit i+1 label govwire.Labels[i].
type Mask uint8

// MaskOf returns the mask of an on-topic flag and a label set.
func MaskOf(onTopic bool, labels []string) Mask {
	var m Mask
	if onTopic {
		m = 1
	}
	for i, l := range govwire.Labels {
		if slices.Contains(labels, l) {
			m |= 2 << i
		}
	}
	return m
}

// Has reports whether m carries label l.
func (m Mask) Has(l string) bool {
	i := slices.Index(govwire.Labels, l)
	return i >= 0 && m&(2<<i) != 0
}

// OnTopic reports whether m is on topic.
func (m Mask) OnTopic() bool { return m&1 != 0 }

// firstDifference names what differs first between m and o: "on_topic" or
// a label.
func (m Mask) firstDifference(o Mask) string {
	d := m ^ o
	if d&1 != 0 {
		return OnTopic
	}
	for i, l := range govwire.Labels {
		if d&(2<<i) != 0 {
			return l
		}
	}
	return ""
}

// packed is a Reason as an Entry keeps it: a fifth of the size.
type packed struct {
	code          uint8
	label, other  uint32 // name ids
	score, weight float32
}

// codeNames lists the reason codeNames; a packed code is an index into it.
var codeNames = []string{"", ReasonEvidenceOverlap, ReasonLabelOffTopic, ReasonLabelNoTopicEvidence, ReasonOnTopicNoLabel,
	ReasonNearThreshold, ReasonOneTopicRule, ReasonClusterDisagrees, ReasonReviewedCopyDisagrees}

func pack(r Reason) packed {
	return packed{code: uint8(max(0, slices.Index(codeNames, r.Code))), label: names.id(r.Label), other: names.id(r.Other),
		score: float32(r.Score), weight: float32(r.Weight)}
}

func (p packed) unpack() Reason {
	return Reason{Code: codeNames[p.code], Label: names.name(p.label), Other: names.name(p.other),
		Score: round(float64(p.score)), Weight: round(float64(p.weight))}
}

// names interns the labels, rule ids and sources that entries share; id 0
// is "".
var names = &nameTable{ids: map[string]uint32{"": 0}, list: []string{""}}

type nameTable struct {
	mu   sync.RWMutex
	ids  map[string]uint32
	list []string
}

// id returns the id of s, adding it if new.
func (t *nameTable) id(s string) uint32 {
	t.mu.RLock()
	id, ok := t.ids[s]
	t.mu.RUnlock()
	if ok {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[s]; ok {
		return id
	}
	id = uint32(len(t.list))
	t.ids[s] = id
	t.list = append(t.list, s)
	return id
}

func (t *nameTable) name(id uint32) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.list[id]
}

// intern returns the shared copy of s.
func intern(s string) string { return names.name(names.id(s)) }

// NewEntry returns a's entry with its own reasons. Reviewed and Review are
// the reviewer's decision, if any; a reviewed entry keeps no reasons.
func NewEntry(a *govwire.Article, reviewed bool, review Mask, th Thresholds) Entry {
	dated := a.Published
	if dated.IsZero() {
		dated = a.Fetched
	}
	e := Entry{ID: a.ID, ClusterID: a.ClusterID, Source: intern(a.Source), Dated: dated.UnixNano(),
		Rules: MaskOf(a.OnTopic, a.Labels), Reviewed: reviewed, Review: review}
	if e.ClusterID == "" || e.ClusterID == a.ID {
		e.ClusterID = e.ID // one string, not two
	}
	if !reviewed {
		rs := Reasons(a.Classification, th)
		e.reasons = make([]packed, len(rs))
		for i, r := range rs {
			e.reasons[i] = pack(r)
			e.weight += r.Weight
		}
	}
	return e
}

// Reasons lists why the classification c is worth a review, heaviest
// first; nil when nothing stands out.
func Reasons(c govwire.Classification, th Thresholds) []Reason {
	var out []Reason
	out = append(out, overlaps(c.Evidence)...)
	labelSet := len(c.Labels) > 0
	if !c.OnTopic {
		for _, l := range govwire.Labels {
			if s := c.Scores[l]; th.Label > 0 && s >= th.Label {
				out = append(out, Reason{Code: ReasonLabelOffTopic, Label: l, Score: s, Weight: weightLabelOffTopic})
			}
		}
	}
	topicRules := topicRules(c.Evidence)
	switch {
	case labelSet && len(topicRules) == 0:
		out = append(out, Reason{Code: ReasonLabelNoTopicEvidence, Label: c.Labels[0], Weight: weightLabelNoTopicEvidence})
	case c.OnTopic && !labelSet:
		out = append(out, Reason{Code: ReasonOnTopicNoLabel, Label: OnTopic, Weight: weightOnTopicNoLabel})
	}
	if c.OnTopic && len(topicRules) == 1 {
		out = append(out, Reason{Code: ReasonOneTopicRule, Label: OnTopic, Other: topicRules[0],
			Weight: weightOneTopicRule})
	}
	if r, ok := near(OnTopic, c.Scores[OnTopic], th.OnTopic, false); ok {
		out = append(out, r)
	}
	if c.OnTopic {
		for _, l := range govwire.Labels {
			if r, ok := near(l, c.Scores[l], th.Label, true); ok {
				out = append(out, r)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Reason) int {
		switch {
		case a.Weight > b.Weight:
			return -1
		case a.Weight < b.Weight:
			return 1
		}
		return 0
	})
	return out
}

// near reports a score s of name near its threshold t. Just under it (0 <
// s < t: some rules fired, not enough) weighs up to weightNearThreshold, the
// nearer the more: these are the decisions a missed cue would flip, where
// the rules' recall is lost. At or just over it (t <= s < 1.5t) weighs at
// most weightJustOver, falling to nothing at 1.5t: one rule of weight 1
// gives exactly t, so this is common, and kept light. over says whether
// the over side counts at all (not for the topic gate, whose score is its
// strongest rule's, so one full rule always gives exactly t; one_topic_rule
// covers that). A score of 0 or less (nothing fired) is never near.
func near(name string, s, t float64, over bool) (Reason, bool) {
	var w float64
	switch {
	case t <= 0 || s <= 0:
		return Reason{}, false
	case s < t:
		w = weightNearThreshold * s / t
	case over && s < 1.5*t:
		w = weightJustOver * (1 - (s-t)/(0.5*t))
	}
	if w <= 0 {
		return Reason{}, false
	}
	return Reason{Code: ReasonNearThreshold, Label: name, Score: s, Weight: round(w)}, true
}

// overlaps finds words that are evidence for two different labels (the
// topic gate aside): one reason per pair of labels.
func overlaps(ev []govwire.Evidence) []Reason {
	var out []Reason
	seen := map[[2]string]bool{}
	for i, a := range ev {
		if a.Label == OnTopic {
			continue
		}
		for _, b := range ev[i+1:] {
			if b.Label == OnTopic || b.Label == a.Label || b.Field != a.Field || b.Start >= a.End || a.Start >= b.End {
				continue
			}
			pair := [2]string{min(a.Label, b.Label), max(a.Label, b.Label)}
			if seen[pair] {
				continue
			}
			seen[pair] = true
			out = append(out, Reason{Code: ReasonEvidenceOverlap, Label: pair[0], Other: pair[1], Weight: weightEvidenceOverlap})
		}
	}
	return out
}

// topicRules returns the distinct rules behind the on-topic evidence.
func topicRules(ev []govwire.Evidence) []string {
	var out []string
	for _, e := range ev {
		if e.Label == OnTopic && !slices.Contains(out, e.Rule) {
			out = append(out, e.Rule)
		}
	}
	return out
}

// num formats a score without trailing zeros.
func num(f float64) string { return fmt.Sprintf("%g", round(f)) }

func round(f float64) float64 {
	if f < 0 {
		return -round(-f)
	}
	return float64(int64(f*1000+0.5)) / 1000
}

// Describe returns r with Detail set: one sentence saying what it means.
func Describe(r Reason, th Thresholds) Reason {
	switch r.Code {
	case ReasonEvidenceOverlap:
		r.Detail = fmt.Sprintf("the same words are evidence for both %s and %s", r.Label, r.Other)
	case ReasonLabelOffTopic:
		r.Detail = fmt.Sprintf("%s scored %s (threshold %s), but the story is off topic, so it has no label", r.Label, num(r.Score), num(th.Label))
	case ReasonLabelNoTopicEvidence:
		r.Detail = fmt.Sprintf("labelled %s with no on-topic evidence", r.Label)
	case ReasonOnTopicNoLabel:
		r.Detail = "on topic, but no label"
	case ReasonNearThreshold:
		t, what := th.Label, r.Label+" score"
		if r.Label == OnTopic {
			t, what = th.OnTopic, "on-topic score"
		}
		side := "just under"
		if r.Score >= t {
			side = "at or just over"
		}
		r.Detail = fmt.Sprintf("%s %s is %s the threshold %s", what, num(r.Score), side, num(t))
	case ReasonOneTopicRule:
		r.Detail = "on topic by one rule only: " + r.Other
	case ReasonClusterDisagrees:
		r.Detail = "another copy of this story differs by the rules on " + aspect(r.Label)
	case ReasonReviewedCopyDisagrees:
		r.Detail = "a reviewer decided otherwise for another copy of this story on " + aspect(r.Label)
	}
	return r
}

// aspect names what a decision says about l.
func aspect(l string) string {
	if l == OnTopic {
		return "whether it is on topic"
	}
	return "the " + l + " label"
}
