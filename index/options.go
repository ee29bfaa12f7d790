package index

import (
	"log/slog"
	"time"
)

// Defaults of Options.
const (
	// DefaultSearchTimeout is the deadline of every search.
	DefaultSearchTimeout = 5 * time.Second
	// DefaultMaxTermSearchers caps the terms one search may expand to
	// (wildcards, prefixes and fuzzy terms open one searcher per matching
	// term and field).
	DefaultMaxTermSearchers = 1024
	// DefaultCacheLag is how long a cached search of an on-disk index may be
	// served after the index changed (see Options.CacheLag).
	DefaultCacheLag = 2 * time.Second
	// DefaultLockTimeout is how long Open waits for another process to
	// release the index.
	DefaultLockTimeout = 3 * time.Second
	// DefaultMaxSegmentDocs is the largest segment (in documents) Bleve's
	// merger makes, in a rebuild and in the live index alike.
	DefaultMaxSegmentDocs = 20000
	// DefaultMappedBudget is the file-backed resident memory above which an
	// on-disk index drops its mapped pages (see Options.MappedBudget).
	DefaultMappedBudget = 256 << 20
)

// Options are the settings of one Index, fixed when it is opened. The zero
// value of each field means its default; there are no package-level knobs,
// so two indexes in one process (or tests running in parallel) never
// change each other's settings.
type Options struct {
	// Log receives the index's logs (default: discarded).
	Log *slog.Logger
	// SearchTimeout is the deadline of every search (default 5 s). A search
	// past it is ETIMEOUT and stops using the CPU.
	SearchTimeout time.Duration
	// MaxTermSearchers caps the terms a whole search may expand to
	// (default 1024); above it the search is refused with EINVALID.
	MaxTermSearchers int
	// CacheLag is how long a cached page or facet count may be served after
	// the index changed: while ingest writes, an identical search is
	// recomputed at most once per CacheLag. 0 means the default: 2 s on
	// disk, none in memory (a search after a change recomputes before it
	// returns); a negative value means none.
	CacheLag time.Duration
	// LockTimeout is how long opening waits for another process to release
	// the index before failing with EUNAVAILABLE (default 3 s).
	LockTimeout time.Duration
	// ExactFacetLimit, when above 0, is the number of matches up to which
	// facets are counted over every match: a search with more matches
	// counts its facets over a deterministic sample of them and scales the
	// counts up, and those counts carry Exact false. The default (0, or a
	// negative value) counts every search exactly, which the facet tables
	// (facetcount.go) make cheap.
	ExactFacetLimit int
	// MaxSegmentDocs is the largest segment, in documents, the merger makes
	// (default DefaultMaxSegmentDocs), while rebuilding and while serving:
	// a segment of half of it or more is never merged again. A merge reads
	// (maps into memory) every segment it merges and the page's facet
	// tables of the new segment are built from scratch, so the cap bounds
	// both while ingest writes; Bleve's default (5 million) lets one merge
	// rewrite most of the index, as the first open after a rebuild did
	// (half of a 100k index, 217 MB, read and written again). A search
	// visits each segment, so a much larger corpus may want a larger cap.
	MaxSegmentDocs int
	// MappedBudget bounds, in bytes, the process's file-backed resident
	// memory (Linux's RssFile: mostly the index's memory-mapped segments,
	// plus the binary): checked every second, and when it is above the
	// budget the index drops its segments' pages from the process's address
	// space; they stay in the page cache, so reading them again costs a
	// minor page fault, not a disk read (mapped.go). 0 means
	// DefaultMappedBudget; a negative value turns it off. On-disk indexes
	// on Linux only.
	MappedBudget int64
	// Texts gives the text of the articles a page shows: the index does not
	// store article text, so snippets are cut from the text it returns (the
	// article store, usually). Without it hits carry empty snippets.
	Texts TextSource
}

// withDefaults returns o with every unset field at its default; onDisk picks
// the cache lag's default.
func (o Options) withDefaults(onDisk bool) Options {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.SearchTimeout <= 0 {
		o.SearchTimeout = DefaultSearchTimeout
	}
	if o.MaxTermSearchers <= 0 {
		o.MaxTermSearchers = DefaultMaxTermSearchers
	}
	switch {
	case o.CacheLag < 0:
		o.CacheLag = 0
	case o.CacheLag == 0 && onDisk:
		o.CacheLag = DefaultCacheLag
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.MaxSegmentDocs <= 0 {
		o.MaxSegmentDocs = DefaultMaxSegmentDocs
	}
	if o.MappedBudget == 0 {
		o.MappedBudget = DefaultMappedBudget
	}
	return o
}
