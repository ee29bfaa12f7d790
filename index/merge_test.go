package index

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govwire/govwire"
)

// segmentDocs returns the document counts of ix's segments.
func segmentDocs(t *testing.T, ix *Index) []uint64 {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []uint64
	for _, s := range r.(*scorch.IndexSnapshot).Segments() {
		out = append(out, s.Count())
	}
	slices.Sort(out)
	return out
}

// settledSegments waits until ix's segments stay the same for a second
// (the merger is done) and returns their document counts.
func settledSegments(t *testing.T, ix *Index) []uint64 {
	t.Helper()
	last, since := segmentDocs(t, ix), time.Now()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		cur := segmentDocs(t, ix)
		if !slices.Equal(cur, last) {
			last, since = cur, time.Now()
		} else if time.Since(since) > time.Second {
			break
		}
	}
	return last
}

// TestMergesKeepSegmentsSmall: with MaxSegmentDocs, neither a rebuild's
// merger nor the live index's, writing one small batch after another,
// makes a segment above the cap (Bleve's default merges these 1,400
// documents into one segment), and searches see every document.
func TestMergesKeepSegmentsSmall(t *testing.T) {
	ctx := context.Background()
	const capDocs = 300
	st := newMemStore()
	arts := pagingArticles(1400, 0)
	st.put(arts[:600]...)
	path := filepath.Join(t.TempDir(), "index.bleve")
	o := Options{MaxSegmentDocs: capDocs, Texts: st}
	if err := RebuildWith(ctx, st, path, nil, o); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenWith(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for b := arts[600:]; len(b) > 0; b = b[20:] { // one segment per batch
		st.put(b[:20]...)
		if _, err := ix.CatchUp(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	segs := settledSegments(t, ix)
	var total uint64
	for _, n := range segs {
		total += n
		// a rebuild batch (BatchSize) is one segment before any merge
		if n > max(capDocs, min(BatchSize, 600)) {
			t.Errorf("a segment of %d documents, above the cap of %d: %v", n, capDocs, segs)
		}
	}
	if total != 1400 || len(segs) < 2 {
		t.Errorf("segments %v: %d documents, want 1400 in several", segs, total)
	}
	if got := mustSearch(t, ix, govwire.SearchQuery{Q: "tender"}).Total; got != 1400 {
		t.Errorf("tender matches %d, want 1400", got)
	}
}
