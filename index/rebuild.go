package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govwire/govwire"
)

// persistEvery is how many batches a rebuild writes before it waits for
// Bleve to persist them, which bounds its memory.
const persistEvery = 10

// catchUpPage is how many changes CatchUp asks the store for at a time.
const catchUpPage = BatchSize

// CatchUp indexes every article the store changed after the index's Seq,
// page by page, until the index is current. It returns how many articles it
// indexed. Call it on start: after a crash the index may be behind the store.
func (ix *Index) CatchUp(ctx context.Context, st govwire.ArticleStore) (int, error) {
	total := 0
	for {
		seq, err := ix.Seq()
		if err != nil {
			return total, err
		}
		arts, err := st.ChangesSince(ctx, seq, catchUpPage)
		if err != nil {
			return total, fmt.Errorf("catch up from seq %d: %w", seq, err)
		}
		if len(arts) == 0 {
			break
		}
		if err := ix.Index(ctx, arts); err != nil {
			return total, fmt.Errorf("catch up from seq %d: %w", seq, err)
		}
		total += len(arts)
		if len(arts) < catchUpPage {
			break
		}
	}
	if total > 0 {
		seq, _ := ix.Seq()
		ix.log.Info("index caught up", "articles", total, "seq", seq)
	}
	return total, nil
}

// Rebuild builds a fresh index of every stored article into path+".new",
// then swaps it in by renaming: path becomes path+".old", path+".new"
// becomes path, and path+".old" is removed. progress, if not nil, is called
// after each batch with the articles done and the total. It uses default
// options with log; RebuildWith takes options.
func Rebuild(ctx context.Context, st govwire.ArticleStore, path string, progress func(done, total int), log *slog.Logger) error {
	return RebuildWith(ctx, st, path, progress, Options{Log: log})
}

// RebuildWith is Rebuild with the settings of o (its log and lock timeout).
//
// It is for an index no process has open (the reindex command with serve
// stopped); it refuses with EUNAVAILABLE when another process holds the
// index, before building and again before swapping. To rebuild the index a
// running process has open, call (*Index).Rebuild instead: it swaps the
// open index too. What an earlier, killed rebuild left behind is cleaned up
// first (see cleanStale).
func RebuildWith(ctx context.Context, st govwire.ArticleStore, path string, progress func(done, total int), o Options) error {
	o = o.withDefaults(true)
	if err := checkUnlocked(path, o); err != nil {
		return err
	}
	if err := cleanStale(path, o.Log); err != nil {
		return err
	}
	newPath := path + ".new"
	mark, err := build(ctx, st, newPath, progress, o)
	if err != nil {
		return err
	}
	defer mark.Close()
	if err := checkUnlocked(path, o); err != nil {
		removeAll(newPath)
		return err
	}
	return swapDirs(path, newPath)
}

// Rebuild rebuilds ix from st into a new directory (a new in-memory index
// for a memory index), swaps it in, and catches up with changes made while
// it was building. Searches keep being answered by the old index until the
// swap, which holds an exclusive lock only to close, rename and reopen.
func (ix *Index) Rebuild(ctx context.Context, st govwire.ArticleStore, progress func(done, total int)) error {
	if ix.path == "" {
		return ix.rebuildMemory(ctx, st, progress)
	}
	newPath := ix.path + ".new"
	mark, err := build(ctx, st, newPath, progress, ix.opt)
	if err != nil {
		return err
	}
	ix.wmu.Lock()
	err = ix.swapOpen(newPath)
	ix.wmu.Unlock()
	mark.Close()
	if err != nil {
		return err
	}
	_, err = ix.CatchUp(ctx, st)
	return err
}

func (ix *Index) swapOpen(newPath string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return errClosed
	}
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("close index for swap: %w", err)
	}
	ix.bi = nil
	swapErr := swapDirs(ix.path, newPath)
	// The new index, or the old one if the swap failed. Never create one
	// here: an empty index in place of a lost one would hide the loss.
	bi, err := openExisting(ix.path, ix.opt)
	if err != nil {
		return errors.Join(swapErr, fmt.Errorf("reopen index after swap: %w", err))
	}
	seq, err := readSeq(bi)
	if err != nil {
		bi.Close()
		return err
	}
	sampled, err := readSampled(bi)
	if err != nil {
		bi.Close()
		return err
	}
	ix.bi = bi
	ix.seq.Store(seq)
	ix.sampled.Store(sampled)
	ix.changed()
	return swapErr
}

func (ix *Index) rebuildMemory(ctx context.Context, st govwire.ArticleStore, progress func(done, total int)) error {
	bi, err := newMemoryBleve()
	if err != nil {
		return fmt.Errorf("new memory index: %w", err)
	}
	seq, err := fill(ctx, st, bi, false, progress, ix.log)
	if err != nil {
		bi.Close()
		return err
	}
	ix.wmu.Lock()
	ix.mu.Lock()
	old := ix.bi
	ix.bi = bi
	ix.seq.Store(seq)
	ix.sampled.Store(true)
	ix.changed()
	ix.mu.Unlock()
	ix.wmu.Unlock()
	if old != nil {
		old.Close()
	}
	_, err = ix.CatchUp(ctx, st)
	return err
}

// build creates a new on-disk index at dir (removing a stale one a rebuild
// left) and fills it from st. It returns the locked marker of dir: the
// caller closes it once dir is swapped in. Its merger caps segments at
// o.MaxSegmentDocs, as the live index's does: without the cap the last
// merges rewrite (and map into memory) most of the index at once, and
// with a different cap the first open merges again.
func build(ctx context.Context, st govwire.ArticleStore, dir string, progress func(done, total int), o Options) (*os.File, error) {
	log := o.Log
	if err := removeOurs(dir); err != nil {
		return nil, err
	}
	// unsafe_batch skips the fsync of every batch: the new directory is
	// worthless until Close has persisted it and the swap renames it.
	bi, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true,
		mergePlanKey: mergePlan(o.MaxSegmentDocs)})
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	mark, err := markOurs(dir)
	if err != nil {
		bi.Close()
		removeAll(dir)
		return nil, err
	}
	_, err = fill(ctx, st, bi, true, progress, log)
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close new index: %w", cerr)
	}
	if err != nil {
		mark.Close()
		removeAll(dir)
		return nil, err
	}
	return mark, nil
}

// fill indexes every stored article into bi and records the store's last
// sequence as read before the scan: changes made during the scan have
// higher sequences, so a CatchUp afterwards replays them.
func fill(ctx context.Context, st govwire.ArticleStore, bi bleve.Index, onDisk bool, progress func(done, total int), log *slog.Logger) (int64, error) {
	start := time.Now()
	seq, err := st.LastSeq(ctx)
	if err != nil {
		return 0, fmt.Errorf("rebuild: last seq: %w", err)
	}
	total, err := st.CountArticles(ctx, govwire.ArticleFilter{})
	if err != nil {
		return 0, fmt.Errorf("rebuild: count articles: %w", err)
	}
	done := 0
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, scanErr := scanBatches(ctx, st)
	n := 0
	for b := range batches {
		_, err := writeBatch(ctx, bi, b, 0, false)
		if n++; err == nil && onDisk && n%persistEvery == 0 {
			// Wait for the persister: with unsafe_batch, Bleve would
			// otherwise keep every unpersisted segment in memory (1.4 GB
			// at 100k).
			err = persistSeq(ctx, bi, 0, true)
		}
		if err != nil {
			cancel()
			for range batches { // let the scanner finish
			}
			<-scanErr
			return 0, fmt.Errorf("rebuild: %w", err)
		}
		done += len(b)
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	if err := <-scanErr; err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	if err := persistSeq(ctx, bi, seq, onDisk); err != nil {
		return 0, err
	}
	el := time.Since(start)
	log.Info("index rebuilt", "articles", done, "seq", seq, "took", el.Round(time.Millisecond).String(),
		"articles_per_sec", int(float64(done)/max(el.Seconds(), 1e-9)))
	return seq, nil
}

// scanBatches reads every stored article in a goroutine and sends them in
// batches of BatchSize, so reading the store overlaps indexing. batches is
// closed when the scan ends; its error (or nil) then arrives on errc.
func scanBatches(ctx context.Context, st govwire.ArticleStore) (<-chan []*govwire.Article, <-chan error) {
	batches := make(chan []*govwire.Article, 1)
	errc := make(chan error, 1)
	go func() {
		defer close(batches)
		batch := make([]*govwire.Article, 0, BatchSize)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]*govwire.Article, 0, BatchSize)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := st.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error {
			if batch = append(batch, a); len(batch) == BatchSize {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		errc <- err
	}()
	return batches, errc
}

// persistSeq records seq in a last batch and waits until Bleve has
// persisted it, and with it every earlier batch: with unsafe_batch, Close
// alone would drop batches still in memory.
func persistSeq(ctx context.Context, bi bleve.Index, seq int64, onDisk bool) error {
	if !onDisk { // an in-memory index never reports persistence
		if err := bi.SetInternal(seqKey, encodeSeq(seq)); err != nil {
			return fmt.Errorf("rebuild: record seq: %w", err)
		}
		if err := bi.SetInternal(sampleKey, []byte{1}); err != nil {
			return fmt.Errorf("rebuild: mark sampled: %w", err)
		}
		return nil
	}
	b := bi.NewBatch()
	b.SetInternal(seqKey, encodeSeq(seq))
	b.SetInternal(sampleKey, []byte{1}) // every document was written with its sample terms
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := applyBatch(bi, b); err != nil {
		return fmt.Errorf("rebuild: record seq: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("rebuild: persist: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("rebuild: persist: %w", ctx.Err())
	}
}

// swapDirs moves newPath into path's place, keeping the old index until the
// new one is in place.
func swapDirs(path, newPath string) error {
	oldPath := path + ".old"
	if err := removeAll(oldPath); err != nil {
		return err
	}
	hadOld := true
	if err := rename(path, oldPath); err != nil {
		if !os.IsNotExist(err) {
			return fmt.Errorf("swap index: %w", err)
		}
		hadOld = false
	}
	if err := rename(newPath, path); err != nil {
		err = fmt.Errorf("swap index: %w", err)
		if hadOld {
			if rerr := rename(oldPath, path); rerr != nil {
				return govwire.Errorf(govwire.EINTERNAL, "%v; and moving the old index back failed (%v): it is intact at %s, rename it to %s by hand",
					err, rerr, oldPath, path)
			}
		}
		return err
	}
	if hadOld {
		return removeAll(oldPath)
	}
	return nil
}

// BulkGC makes the garbage collector run less often during a bulk rebuild
// (GOGC 200) under a soft memory limit of 256 MiB, which keeps the process's
// own memory near 260 MB at 100k articles (Bleve's mmapped segment files,
// touched while merging, come on top: 434 MB peak RSS in all, with the
// segment cap of Options.MaxSegmentDocs), and returns a function that
// restores the previous settings. Commands that do nothing but rebuild call
// it; a GOGC or GOMEMLIMIT in the environment wins.
func BulkGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	pct := debug.SetGCPercent(200)
	lim := debug.SetMemoryLimit(256 << 20)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	}
}
