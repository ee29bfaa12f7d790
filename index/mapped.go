package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Bleve reads its segment files through memory maps, and the kernel counts
// every page of them a search has touched in the process's resident set
// (RssFile) until the process unmaps it. Random reads over an index held in
// the page cache map far more than they read: each page fault maps the
// cached pages around it too (fault-around, 64 KB), and the text's term
// locations lie between the postings and frequencies searches read. Under
// a steady stream of new queries the whole index ends up mapped within a
// minute (measured at 107k articles: 390 of 465 MB, the text's locations
// 255 of 265 MB), and that, not the Go heap, is most of serve's RSS.
//
// When the process's file-backed resident memory passes
// Options.MappedBudget, the index drops its segments' pages from the
// process's address space (MADV_DONTNEED on each persisted segment's map).
// They stay in the page cache: the next read maps them back with a minor
// fault, no disk read. What stays resident is then what searches touched
// since the last drop.

// mappedCheckInterval is how often the budget is checked.
const mappedCheckInterval = time.Second

// fileMap is one file map of the process (a line of /proc/self/maps): its
// address range and the mapped file's inode.
type fileMap struct{ start, end, ino uint64 }

// mappedSegment is a persisted zap segment: its file mapped into memory
// (every zap version has both methods; in-memory segments have neither).
type mappedSegment interface {
	Path() string
	Data() []byte
}

// watchMapped starts the budget watch of an on-disk index; Close stops it.
func (ix *Index) watchMapped() {
	if ix.opt.MappedBudget <= 0 || !canDropMapped {
		return
	}
	ix.mappedStop = make(chan struct{})
	ix.mappedDone = make(chan struct{})
	go func() {
		defer close(ix.mappedDone)
		t := time.NewTicker(mappedCheckInterval)
		defer t.Stop()
		for {
			select {
			case <-ix.mappedStop:
				return
			case <-t.C:
			}
			if rss, ok := fileRSS(); ok && rss > ix.opt.MappedBudget {
				ix.dropMapped()
			}
		}
	}()
}

// stopMapped stops the budget watch, if running.
func (ix *Index) stopMapped() {
	if ix.mappedStop == nil {
		return
	}
	close(ix.mappedStop)
	<-ix.mappedDone
	ix.mappedStop = nil
}

// dropMapped drops the mapped pages of every persisted segment of the
// current snapshot and returns how many bytes of maps it covered. The
// snapshot is held meanwhile, so no segment is unmapped (and its address
// range reused) while its pages are dropped.
func (ix *Index) dropMapped() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return 0
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return 0
	}
	r, err := adv.Reader()
	if err != nil {
		return 0
	}
	defer func(r bleveindex.IndexReader) { _ = r.Close() }(r)
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0
	}
	maps, err := readFileMaps()
	if err != nil {
		if ix.mappedRefused.CompareAndSwap(false, true) {
			ix.log.Warn("mapped pages not dropped", "err", err)
		}
		return 0
	}
	var n int64
	for _, ss := range snap.Segments() {
		seg, ok := ss.Segment().(mappedSegment)
		if !ok || seg.Path() == "" {
			continue
		}
		data := seg.Data()
		if len(data) == 0 {
			continue
		}
		if err := dropPages(data, seg.Path(), maps); err != nil {
			if ix.mappedRefused.CompareAndSwap(false, true) {
				ix.log.Warn("mapped pages not dropped", "err", err)
			}
			continue
		}
		n += int64(len(data))
	}
	ix.mappedDrops.Add(1)
	return n
}

// MappedDrops is how many times the index dropped its mapped pages to keep
// Options.MappedBudget.
func (ix *Index) MappedDrops() int64 { return ix.mappedDrops.Load() }

// MappedBudget is the budget in effect, in bytes (Options.MappedBudget with
// its default applied; negative: off).
func (ix *Index) MappedBudget() int64 { return ix.opt.MappedBudget }
