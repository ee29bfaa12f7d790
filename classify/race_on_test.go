//go:build race

package classify

// raceEnabled: the race detector is on. sync.Pool then drops a random
// share of what is put back, so a pooled call allocates afresh at random.
const raceEnabled = true
