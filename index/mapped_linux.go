package index

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// canDropMapped: Linux counts mapped file pages in RSS and can drop them.
const canDropMapped = true

// dropPages removes data's pages (a read-only shared map of the segment
// file at path) from the process's page tables; the file's pages stay in
// the page cache. MADV_DONTNEED on anything else (Go heap, say, should a
// zap version ever hand back a copy of the file instead of its map) would
// zero live memory, so the range must first be, per maps (readFileMaps,
// read after the segment was opened), a map of that very file (same inode)
// starting at data's first byte.
func dropPages(data []byte, path string, maps []fileMap) error {
	if len(data) == 0 {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("drop mapped pages: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("drop mapped pages: no inode for %s", path)
	}
	start := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(data))))
	end := start + uint64(len(data))
	for _, m := range maps {
		if m.start == start && m.ino == st.Ino && end <= m.end {
			return unix.Madvise(data, unix.MADV_DONTNEED)
		}
	}
	return fmt.Errorf("drop mapped pages: %s is not mapped at %#x", path, start)
}

// readFileMaps reads the process's maps of files from /proc/self/maps
// (address perms offset dev inode [path]; inode 0 is no file).
func readFileMaps() ([]fileMap, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, fmt.Errorf("read process maps: %w", err)
	}
	defer f.Close()
	var maps []fileMap
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fl := bytes.Fields(sc.Bytes())
		if len(fl) < 5 {
			continue
		}
		lo, hi, ok := bytes.Cut(fl[0], []byte("-"))
		if !ok {
			continue
		}
		a, err1 := strconv.ParseUint(string(lo), 16, 64)
		b, err2 := strconv.ParseUint(string(hi), 16, 64)
		n, err3 := strconv.ParseUint(string(fl[4]), 10, 64)
		if err1 == nil && err2 == nil && err3 == nil && n != 0 {
			maps = append(maps, fileMap{start: a, end: b, ino: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read process maps: %w", err)
	}
	return maps, nil
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
