package index

import (
	"bytes"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// canDropMapped: Linux counts mapped file pages in RSS and can drop them.
const canDropMapped = true

// dropPages removes data's pages (a read-only shared file map) from the
// process's page tables; the file's pages stay in the page cache.
func dropPages(data []byte) error {
	return unix.Madvise(data, unix.MADV_DONTNEED)
}

// fileRSS is the process's file-backed resident memory (RssFile of
// /proc/self/status), in bytes.
func fileRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	_, rest, ok := bytes.Cut(b, []byte("\nRssFile:"))
	if !ok {
		return 0, false
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) == 0 {
		return 0, false
	}
	kb, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil {
		return 0, false
	}
	return kb << 10, true
}
