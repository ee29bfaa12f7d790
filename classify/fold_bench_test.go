package classify

import "testing"

// BenchmarkFold is tokenising and folding alone.
func BenchmarkFold(b *testing.B) {
	d := benchDoc(b)
	var f folder
	cpuMBps(b, len(d.Title)+len(d.Text), func() {
		f.reset()
		f.add(d.Title, fieldTitle)
		f.add(d.Text, fieldText)
	})
}
