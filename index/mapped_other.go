//go:build !linux

package index

// canDropMapped: the budget is only kept on Linux.
const canDropMapped = false

func dropPages([]byte, string) error { return nil }

func fileRSS() (int64, bool) { return 0, false }
