package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govwire/govwire"
)

// BatchSize is how many articles go into one Bleve batch.
const BatchSize = 1000

// mergePlanKey is scorch's setting for its merge plan; an index's metadata
// keeps the one it was created with, so openBleve sets the options' again.
const mergePlanKey = "scorchMergePlanOptions"

// mergePlan is the merge plan setting for segments of at most maxDocs.
func mergePlan(maxDocs int) map[string]any {
	return map[string]any{"MaxSegmentSize": maxDocs}
}

// seqKey is the internal key under which the index keeps the store change
// sequence it is current to.
var seqKey = []byte("govwire_seq")

// Index is the Bleve search index. It is safe for concurrent use: searches
// run in parallel, writes come from one writer (the ingest pipeline or
// CatchUp), and Rebuild swaps a freshly built index in under a brief lock.
type Index struct {
	path string // "" for an in-memory index
	log  *slog.Logger
	opt  Options // with defaults applied

	mu  sync.RWMutex // guards bi; held exclusively only to swap or close
	bi  bleve.Index
	seq atomic.Int64 // mirrors the seq stored inside bi
	// sampled: every document of bi carries its sample terms (facets.go)
	sampled atomic.Bool

	wmu sync.Mutex // one writer at a time

	gen    atomic.Int64 // bumped on every change; cached searches are valid for one gen
	lag    atomic.Int64 // time.Duration a cached search may outlive its gen
	cache  *searchCache
	facetT *facetTables  // facet ordinals of the segments searches met (facetcount.go)
	hits   atomic.Uint64 // searches the caches answered
	misses atomic.Uint64 // searches computed, at least in part

	// the mapped-memory budget watch (mapped.go): stopped by Close
	mappedStop    chan struct{}
	mappedDone    chan struct{}
	mappedDrops   atomic.Int64 // times the mapped pages were dropped
	mappedRefused atomic.Bool  // a drop was refused (logged once)

	rmu        sync.Mutex // guards closing and refreshing
	closing    bool
	refreshing int            // background refreshes running
	rwg        sync.WaitGroup // background refreshes
}

// Stats describes an index.
type Stats struct {
	Docs      uint64 `json:"docs"`
	SizeBytes int64  `json:"size_bytes"` // on disk; 0 in memory
	Seq       int64  `json:"seq"`        // store change sequence it is current to
}

// Open opens the on-disk index at path with default options and log,
// creating it with the static mapping when absent.
func Open(path string, log *slog.Logger) (*Index, error) {
	return OpenWith(path, Options{Log: log})
}

// OpenWith opens the on-disk index at path with the settings of o, creating
// it with the static mapping when absent.
func OpenWith(path string, o Options) (*Index, error) {
	o = o.withDefaults(true)
	if err := cleanStale(path, o.Log); err != nil {
		return nil, err
	}
	bi, err := openBleve(path, o)
	if err != nil {
		return nil, err
	}
	ix, err := newIndex(path, bi, o)
	if err != nil {
		return nil, err
	}
	ix.watchMapped()
	return ix, nil
}

// NewMemory returns an empty in-memory index with default options, for
// tests and tools.
func NewMemory(log *slog.Logger) (*Index, error) {
	return NewMemoryWith(Options{Log: log})
}

// NewMemoryWith returns an empty in-memory index with the settings of o.
func NewMemoryWith(o Options) (*Index, error) {
	bi, err := newMemoryBleve()
	if err != nil {
		return nil, fmt.Errorf("new memory index: %w", err)
	}
	return newIndex("", bi, o.withDefaults(false))
}

// openBleve opens (or creates) the index at path, waiting up to
// o.LockTimeout for another process to release it (Bleve's root file is
// locked by the process that has it open); o has its defaults applied.
func openBleve(path string, o Options) (bleve.Index, error) {
	// A rebuilt index was created with unsafe_batch (kept in its metadata);
	// the live index writes every batch durably.
	bi, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": o.LockTimeout.String(), "unsafe_batch": false,
		mergePlanKey: mergePlan(o.MaxSegmentDocs)})
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		bi, err = bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, map[string]any{mergePlanKey: mergePlan(o.MaxSegmentDocs)})
	}
	if err != nil && strings.Contains(err.Error(), "timeout") {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "the index %s is open in another process (is govwire serve running?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return bi, nil
}

// checkUnlocked fails when another process has the index at path open.
func checkUnlocked(path string, o Options) error {
	if _, err := os.Stat(path); err != nil {
		return nil // nothing there to be locked
	}
	bi, err := openBleve(path, o)
	if err != nil {
		return err
	}
	return bi.Close()
}

// newIndex wraps bi; o has its defaults applied.
func newIndex(path string, bi bleve.Index, o Options) (*Index, error) {
	seq, err := readSeq(bi)
	if err != nil {
		bi.Close()
		return nil, err
	}
	sampled, err := readSampled(bi)
	if err != nil {
		bi.Close()
		return nil, err
	}
	if path != "" && storesText(bi) {
		o.Log.Warn("the search index stores article text (built before snippets were taken from the store): "+
			"it answers the same, but run govwire reindex to make it about a third smaller and lighter on memory", "path", path)
	}
	ix := &Index{path: path, log: o.Log, opt: o, bi: bi, cache: newSearchCache(), facetT: newFacetTables()}
	ix.seq.Store(seq)
	ix.sampled.Store(sampled)
	ix.SetCacheLag(o.CacheLag)
	return ix, nil
}

func readSeq(bi bleve.Index) (int64, error) {
	b, err := bi.GetInternal(seqKey)
	if err != nil {
		return 0, fmt.Errorf("read index seq: %w", err)
	}
	if len(b) == 0 {
		return 0, nil
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("read index seq: %d bytes, want 8", len(b))
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

func encodeSeq(seq int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(seq))
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.stopRefreshes()
	ix.stopMapped()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	err := ix.bi.Close()
	ix.bi = nil
	ix.changed()
	ix.cache.pages.purge()
	ix.cache.facets.purge()
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// Path is the directory of an on-disk index, "" in memory.
func (ix *Index) Path() string { return ix.path }

// Seq returns the store change sequence the index is current to: every
// article with a Seq at or below it has been indexed.
func (ix *Index) Seq() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return 0, errClosed
	}
	return ix.seq.Load(), nil
}

var errClosed = govwire.Errorf(govwire.EUNAVAILABLE, "the search index is closed")

// Index adds or replaces arts in batches of BatchSize and records the
// highest Seq seen with the last batch, so a crash between batches leaves
// the index at an earlier, correct sequence. Callers must pass articles in
// Seq order (as ArticleStore.ChangesSince returns them).
func (ix *Index) Index(ctx context.Context, arts []*govwire.Article) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return errClosed
	}
	for len(arts) > 0 {
		n := min(len(arts), BatchSize)
		seq, err := writeBatch(ctx, ix.bi, arts[:n], ix.seq.Load(), true)
		if err != nil {
			return err
		}
		ix.seq.Store(seq)
		ix.changed()
		arts = arts[n:]
	}
	return nil
}

// writeBatch indexes arts in one Bleve batch. With trackSeq it stores the
// highest Seq above seq with the batch and returns it.
func writeBatch(ctx context.Context, bi bleve.Index, arts []*govwire.Article, seq int64, trackSeq bool) (int64, error) {
	if err := ctx.Err(); err != nil {
		return seq, fmt.Errorf("index batch: %w", err)
	}
	b := bi.NewBatch()
	for _, a := range arts {
		if a.ID == "" {
			return seq, govwire.Errorf(govwire.EINVALID, "index: article without id (url %q)", a.URL)
		}
		if err := b.Index(a.ID, newDoc(a)); err != nil {
			return seq, fmt.Errorf("index article %s: %w", a.ID, err)
		}
		seq = max(seq, a.Seq)
	}
	if trackSeq {
		b.SetInternal(seqKey, encodeSeq(seq))
	}
	if err := applyBatch(bi, b); err != nil {
		return seq, fmt.Errorf("index batch of %d: %w", len(arts), err)
	}
	return seq, nil
}

// Stats returns the number of documents, the size on disk and the sequence.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var s Stats
	if ix.bi == nil {
		return s
	}
	s.Docs, _ = ix.bi.DocCount()
	s.Seq = ix.seq.Load()
	if ix.path != "" {
		s.SizeBytes = dirSize(ix.path)
	}
	return s
}

// dirSize sums the sizes of the regular files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// removeAll removes dir, tolerating its absence.
func removeAll(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	return nil
}

// newMemoryBleve returns an unpersisted scorch index: the same engine (and
// BM25 scoring) as on disk. bleve.NewMemOnly would use upsidedown instead.
func newMemoryBleve() (bleve.Index, error) {
	return bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
}
