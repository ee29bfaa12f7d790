package classify

// GateThreshold is the on-topic score at which the topic gate opens, and
// LabelThreshold the score at which a label is set. The review queue reads
// them to find decisions that sit near a threshold.
const (
	GateThreshold  = gateThreshold
	LabelThreshold = labelThreshold
)
