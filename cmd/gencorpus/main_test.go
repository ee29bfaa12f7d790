package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/store"
)

func TestJSONLDeterministic(t *testing.T) {
	gen := func(seed string) string {
		var out, errb bytes.Buffer
		if err := run(context.Background(), []string{"-n", "50", "-seed", seed, "-jsonl", "-"}, &out, &errb); err != nil {
			t.Fatalf("%v: %s", err, errb.String())
		}
		return out.String()
	}
	a := gen("9")
	if a != gen("9") {
		t.Fatal("same seed, different output")
	}
	if a == gen("10") {
		t.Fatal("different seeds, same output")
	}
	sc := bufio.NewScanner(strings.NewReader(a))
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		var art govwire.Article
		if err := json.Unmarshal(sc.Bytes(), &art); err != nil || art.ID == "" || art.Text == "" {
			t.Fatalf("line %d: %v %+v", lines+1, err, art)
		}
		lines++
	}
	if lines != 50 {
		t.Errorf("%d lines, want 50", lines)
	}
}

func TestStoreAndIndex(t *testing.T) {
	dir := t.TempDir()
	db, ixPath := filepath.Join(dir, "govwire.db"), filepath.Join(dir, "index.bleve")
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"-n", "400", "-store", db, "-index", ixPath}, &out, &errb); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	ix, err := index.Open(ixPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if s := ix.Stats(); s.Docs != 400 || s.Seq != 400 {
		t.Errorf("index stats %+v, want 400 docs at seq 400", s)
	}
	// The store clustered the syndicated copies through their fingerprints.
	res, err := ix.Search(context.Background(), govwire.SearchQuery{Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, h := range res.Hits {
		if h.ClusterID != h.ID {
			copies++
		}
	}
	if copies == 0 {
		t.Error("no near-duplicate clusters among the first 100 hits")
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-n", "x"}, {"extra"}, {"-store", "x.db", "-batch", "0"}} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
}

// failWriter fails every write, as a file on a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteErrorReported checks that JSON Lines lost to a failing writer
// (held in the buffer until the end) make the run fail.
func TestWriteErrorReported(t *testing.T) {
	var errb bytes.Buffer
	err := run(context.Background(), []string{"-n", "3", "-jsonl", "-"}, failWriter{}, &errb)
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("run to a failing stdout: %v", err)
	}
}

// TestBatchesSameAsOneByOne: saving the corpus in batches (the default)
// stores exactly what one SaveArticle per article stores, clusters
// included, for the same seed; a last partial batch is saved too.
func TestBatchesSameAsOneByOne(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	read := func(batch string) []*govwire.Article {
		path := filepath.Join(dir, "b"+batch+".db")
		var out, errb bytes.Buffer
		if err := run(ctx, []string{"-n", "301", "-seed", "5", "-batch", batch, "-store", path}, &out, &errb); err != nil {
			t.Fatalf("-batch %s: %v: %s", batch, err, errb.String())
		}
		db, err := store.Open(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var arts []*govwire.Article
		if err := db.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error {
			arts = append(arts, a)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return arts
	}
	one, batched := read("1"), read("50")
	if len(one) != 301 || len(batched) != 301 {
		t.Fatalf("%d and %d articles stored, want 301", len(one), len(batched))
	}
	copies := 0
	for i := range one {
		if !reflect.DeepEqual(one[i], batched[i]) {
			t.Fatalf("article %d differs:\none by one %+v\nbatched    %+v", i, one[i], batched[i])
		}
		if one[i].ClusterID != one[i].ID {
			copies++
		}
	}
	if copies == 0 {
		t.Error("no near-duplicate copies in the corpus: the comparison proves little")
	}
}
