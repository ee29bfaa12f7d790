package importer

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// Reasons a record or line is skipped, beside ingest's Skip* reasons.
const (
	SkipNotResponse = "not a response record"  // warcinfo, request, metadata, resource... records
	SkipRevisit     = "revisit record"         // a capture that only points at an earlier one
	SkipNotHTTP     = "not an HTTP response"   // a response record whose block is not HTTP
	SkipStatus      = "HTTP status not 200"    // redirects, errors
	SkipNotHTML     = "not HTML"               // images, PDFs, scripts...
	SkipTooLarge    = "page over the size cap" // over fetch.max_body_bytes
	SkipPrefilter   = "cannot be on topic (pre-filter)"
)

// Options configures an Importer.
type Options struct {
	Ingester *ingest.Ingester
	// MayBeOnTopic is the classifier's cheap check (classify's
	// Engine.MayBeOnTopic); nil turns the pre-filter off, so every HTML
	// page is extracted and classified.
	MayBeOnTopic func(text string) bool
	// KeepOffTopic stores a web archive's pages classified off topic too;
	// by default they are skipped, so a month of a news crawl keeps only
	// the stories about the topic. JSON Lines articles are always stored.
	KeepOffTopic bool
	Source       string // source name stored with every article; "" uses the page's host name
	MaxPageBytes int64  // pages above are skipped; default govwire.DefaultFetchConfig().MaxBodyBytes
	Workers      int    // records handled at once; default twice the number of CPUs, at least 4
	// Digests says which WARC records' digests are checked: DigestsAuto
	// (""), DigestsVerify or DigestsSkip.
	Digests string
	Log     *slog.Logger
	// OnRecord, if set, is called after each record or line with the
	// bytes of the input read so far (progress bars).
	OnRecord func(offset int64)
}

// Importer imports files. Import one file at a time; pages within a file
// are handled by Workers goroutines.
type Importer struct {
	opts Options
	log  *slog.Logger
	bufs bufferPool // WARC record buffers
}

// New returns an Importer; Options.Ingester is required.
func New(o Options) (*Importer, error) {
	if o.Ingester == nil {
		return nil, govwire.Errorf(govwire.EINVALID, "importer: no ingester")
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = govwire.DefaultFetchConfig().MaxBodyBytes
	}
	if o.Workers <= 0 {
		// Twice the CPUs: a worker waits on the store's single writer and
		// on the index, and the spare ones keep the cores busy meanwhile
		// (1 GB WARC on 2 quiet cores: 19.2-19.4 s with 4 or 8 workers
		// against 22.6-24.7 s with 2; docs/BENCHMARKS.md).
		o.Workers = max(4, 2*runtime.NumCPU())
	}
	switch o.Digests {
	case "":
		o.Digests = DigestsAuto
	case DigestsAuto, DigestsVerify, DigestsSkip:
	default:
		return nil, govwire.Errorf(govwire.EINVALID, "importer: digests %q: want %s, %s or %s", o.Digests, DigestsAuto, DigestsVerify, DigestsSkip)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Importer{opts: o, log: o.Log}, nil
}

// job is one page, or one WARC record, for the workers.
type job struct {
	warc []frame // WARC records still to parse, each then a page (a batch: fewer handoffs)
	file string  // the WARC file's name
	page ingest.Page
	err  govwire.HistoryError // where the page is, for an error
	// raw is true when page.HTML still needs the pre-filter.
	raw         bool
	onTopicOnly bool // store the page only when it is on topic
}

// pool runs jobs on Workers goroutines and gathers the outcome in sum.
type pool struct {
	im    *Importer
	jobs  chan job
	wg    sync.WaitGroup
	mu    sync.Mutex
	sum   *govwire.HistorySummary
	saved []*govwire.Article
}

// savedBatch is how many stored articles are handed to the index at once.
const savedBatch = 200

func (im *Importer) startPool(ctx context.Context, sum *govwire.HistorySummary) *pool {
	p := &pool{im: im, jobs: make(chan job, im.opts.Workers*2), sum: sum}
	for range im.opts.Workers {
		p.wg.Add(1)
		wp := newRecordParser() // here, not in the goroutine: see newRecordParser
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				if j.warc != nil {
					for k := range j.warc {
						p.runRecord(ctx, wp, &j.warc[k], j.file)
					}
					continue
				}
				p.run(ctx, j)
			}
		}()
	}
	return p
}

// submit queues j, or returns false when ctx ended.
func (p *pool) submit(ctx context.Context, j job) bool {
	select {
	case p.jobs <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// wait ends the pool and hands the last stored articles to the index.
func (p *pool) wait(ctx context.Context) {
	close(p.jobs)
	p.wg.Wait()
	p.im.opts.Ingester.Saved(ctx, p.saved)
	p.saved = nil
}

// runRecord parses one WARC record and handles its page, if it has one.
func (p *pool) runRecord(ctx context.Context, wp *recordParser, f *frame, file string) {
	defer p.im.bufs.put(f.data) // the page's HTML is a slice of it
	if ctx.Err() != nil {
		return
	}
	j, skip, bad := p.im.record(wp, file, f)
	switch {
	case bad != nil:
		p.fail(govwire.HistoryError{File: file, Offset: f.offset, URL: j.page.URL, Error: "corrupt record: " + bad.Error()})
	case skip != "":
		p.skip(skip)
	default:
		p.count(func(s *govwire.HistorySummary) { s.Fetched++ })
		p.run(ctx, j)
	}
}

// busyWait is how long a worker waits for another to finish a page with
// the same URL before it tries again.
const busyWait = 20 * time.Millisecond

// run handles one page: pre-filter, then ingest's SavePage. A page whose
// URL another worker is storing waits for it, so that a second capture of
// one page counts as "already stored" however the workers interleave.
func (p *pool) run(ctx context.Context, j job) {
	if ctx.Err() != nil {
		return
	}
	if j.raw && !p.im.mayBeOnTopic(j.page.HTML, j.page.ContentType) {
		p.skip(SkipPrefilter)
		return
	}
	j.page.OnTopicOnly = j.onTopicOnly
	res, err := p.im.opts.Ingester.SavePage(ctx, j.page)
	for err == nil && res.Skipped == ingest.SkipBusy {
		select {
		case <-ctx.Done():
			return
		case <-time.After(busyWait):
		}
		res, err = p.im.opts.Ingester.SavePage(ctx, j.page)
	}
	var full []*govwire.Article
	p.mu.Lock()
	switch {
	case err != nil && ctx.Err() != nil:
	case err != nil:
		j.err.Error = err.Error()
		p.sum.Fail(j.err)
		p.im.log.Warn("import page failed", "file", j.err.File, "url", j.err.URL, "err", err)
	case res.Skipped != "":
		p.sum.Skip(res.Skipped)
	default:
		p.sum.Saved(res.Result)
		if res.Result != govwire.SaveUnchanged {
			p.saved = append(p.saved, res.Article)
		}
		if len(p.saved) >= savedBatch {
			full, p.saved = p.saved, nil
		}
	}
	p.mu.Unlock()
	// Indexed outside the lock: the other workers go on counting records
	// meanwhile (the index catches up from the store, under its own lock).
	p.im.opts.Ingester.Saved(ctx, full)
}

func (p *pool) skip(reason string) {
	p.mu.Lock()
	p.sum.Skip(reason)
	p.mu.Unlock()
}

// fail records a failure found while reading (not in a worker).
func (p *pool) fail(e govwire.HistoryError) {
	p.mu.Lock()
	p.sum.Fail(e)
	p.mu.Unlock()
}

// count runs fn on the summary under the lock.
func (p *pool) count(fn func(s *govwire.HistorySummary)) {
	p.mu.Lock()
	fn(p.sum)
	p.mu.Unlock()
}
