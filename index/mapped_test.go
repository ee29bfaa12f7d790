package index

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
	"golang.org/x/sys/unix"
)

// indexRSS is the resident memory of this process's maps of the files
// under dir (the index's segments), from /proc/self/smaps.
func indexRSS(t *testing.T, dir string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		switch {
		case len(fl) >= 5 && strings.Contains(fl[0], "-") && !strings.HasSuffix(fl[0], ":"):
			in = len(fl) >= 6 && strings.HasPrefix(fl[5], dir+string(filepath.Separator))
		case in && len(fl) >= 2 && fl[0] == "Rss:":
			kb, err := strconv.ParseInt(fl[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			n += kb << 10
		}
	}
	return n
}

// mappedQueries read postings, frequencies, locations and stored fields
// of every segment.
var mappedQueries = []govwire.SearchQuery{
	{Q: "cloud"}, {Q: "contract award"}, {Q: `"cloud contract"`}, {Q: "protest", Sort: SortDate},
	{Q: "agency", Labels: []string{govwire.LabelAward}}, {Q: "oracle"}, {Q: "microsoft protest"},
}

// searchAll runs mappedQueries on ix afresh (caches emptied) and returns the
// results without their timings.
func searchAll(t *testing.T, ix *Index) []*govwire.SearchResult {
	t.Helper()
	ix.cache.pages.purge()
	ix.cache.facets.purge()
	var out []*govwire.SearchResult
	for _, q := range mappedQueries {
		res := mustSearch(t, ix, q)
		res.TookMS = 0
		out = append(out, res)
	}
	return out
}

// TestMappedBudget: dropping the index's mapped pages takes them out of
// the process's resident memory, and searches after it answer exactly as
// before; with a budget below the process's file-backed RSS the index
// drops them by itself within seconds, and with the budget off it never
// does. The default applies when unset.
func TestMappedBudget(t *testing.T) {
	if !canDropMapped {
		t.Skip("mapped pages are only dropped on Linux")
	}
	if got := (Options{}).withDefaults(true).MappedBudget; got != DefaultMappedBudget {
		t.Errorf("default budget %d, want %d", got, DefaultMappedBudget)
	}
	if got := (Options{MappedBudget: -1}).withDefaults(true).MappedBudget; got != -1 {
		t.Errorf("budget off became %d", got)
	}
	ctx := context.Background()
	g := corpus.New(corpus.Options{Seed: 11})
	st := newMemStore()
	for range 1500 {
		st.put(g.Next())
	}
	path := filepath.Join(t.TempDir(), "index.bleve")
	// Segments of half the cap or more are never merged again: the segments
	// (and so BM25's scores) stay as the rebuild made them.
	const capDocs = 300
	if err := RebuildWith(ctx, st, path, nil, Options{Texts: st, MaxSegmentDocs: capDocs}); err != nil {
		t.Fatal(err)
	}

	ix, err := OpenWith(path, Options{Texts: st, MappedBudget: -1, MaxSegmentDocs: capDocs})
	if err != nil {
		t.Fatal(err)
	}
	if segs := settledSegments(t, ix); len(segs) < 2 {
		t.Fatalf("segments %v, want several", segs)
	}
	before := searchAll(t, ix)
	if before[0].Total == 0 {
		t.Fatal("no matches for cloud")
	}
	mapped := indexRSS(t, path)
	if mapped < 256<<10 {
		t.Fatalf("only %d bytes of the index mapped after searching", mapped)
	}
	if n := ix.dropMapped(); n <= 0 {
		t.Fatalf("dropped %d bytes of maps", n)
	}
	// Not all of it: a page read again at once (by Bleve's own goroutines)
	// maps its whole folio back, up to 2 MB of a freshly written file.
	if after := indexRSS(t, path); after > mapped*3/4 {
		t.Errorf("index RSS %d bytes after the drop, %d before", after, mapped)
	}
	if again := searchAll(t, ix); !reflect.DeepEqual(again, before) {
		t.Error("searches after the drop answer differently")
	}
	time.Sleep(1500 * time.Millisecond)
	if n := ix.MappedDrops(); n != 1 {
		t.Errorf("budget off: %d drops, want only the test's 1", n)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = OpenWith(path, Options{Texts: st, MappedBudget: 1, MaxSegmentDocs: capDocs})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	settledSegments(t, ix)
	for deadline := time.Now().Add(5 * time.Second); ix.MappedDrops() == 0 && time.Now().Before(deadline); {
		if got := searchAll(t, ix); !reflect.DeepEqual(got, before) {
			t.Fatal("searches while the budget drops pages answer differently")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ix.MappedDrops() == 0 {
		t.Error("a budget of 1 byte never dropped the mapped pages")
	}
}

// TestDropPagesOnlyFileMaps: pages are dropped only from a range that is a
// map of the segment's own file starting at its first byte; a copy of the
// file in Go memory, a map of another file or a map offset into the file is
// refused, and the copy's bytes stay as they were.
func TestDropPagesOnlyFileMaps(t *testing.T) {
	if !canDropMapped {
		t.Skip("mapped pages are only dropped on Linux")
	}
	dir := t.TempDir()
	seg := filepath.Join(dir, "000000000001.zap")
	other := filepath.Join(dir, "other")
	body := []byte(strings.Repeat("segment bytes ", 4096))
	for _, p := range []string{seg, other} {
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(seg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := unix.Mmap(int(f.Fd()), 0, len(body), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	maps, err := readFileMaps()
	if err != nil {
		t.Fatal(err)
	}
	if err := dropPages(m, seg, maps); err != nil {
		t.Errorf("the segment's own map: %v", err)
	}
	if !bytes.Equal(m, body) {
		t.Error("the map reads differently after its pages were dropped")
	}
	heap := bytes.Clone(body)
	for name, tc := range map[string]struct {
		data []byte
		path string
	}{
		"heap copy":     {heap, seg},
		"other file":    {m, other},
		"offset in map": {m[4096:], seg},
		"missing file":  {m, filepath.Join(dir, "gone")},
	} {
		if err := dropPages(tc.data, tc.path, maps); err == nil {
			t.Errorf("%s: dropped, want refused", name)
		}
	}
	if !bytes.Equal(heap, body) {
		t.Error("the heap copy changed")
	}
}
