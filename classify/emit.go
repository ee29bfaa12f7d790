package classify

// emission is what the matcher does when the automaton reports pattern
// pat: one per entry of wordAC.outs, laid out in the same order, so that
// the walk reads a state's matches from one contiguous run instead of
// following each pattern's slices. The pattern's term sets are
// Engine.emitSets[setA:setB].
type emission struct {
	pat        int32
	ntok       int32
	ents       bool // the pattern names gazetteer entries
	setA, setB uint32
}

// buildEmissions lays out the emissions of e.ac's outputs.
func (e *Engine) buildEmissions() {
	e.emits = make([]emission, len(e.ac.outs))
	e.emitSets = e.emitSets[:0]
	for j, pat := range e.ac.outs {
		p := &e.patterns[pat]
		a := uint32(len(e.emitSets))
		e.emitSets = append(e.emitSets, p.sets...)
		e.emits[j] = emission{pat: pat, ntok: int32(p.ntok), ents: len(p.ents) > 0, setA: a, setB: uint32(len(e.emitSets))}
	}
}
