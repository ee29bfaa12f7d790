package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govwire/govwire"
)

// diskIndex builds an on-disk index of the fixtures at dir/index.bleve and
// closes it, returning its path and how many on-topic fixtures "oracle" finds.
func diskIndex(t *testing.T) (string, *memStore) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index.bleve")
	st := newMemStore()
	st.put(fixtures(t)...)
	if err := Rebuild(context.Background(), st, path, nil, nil); err != nil {
		t.Fatal(err)
	}
	return path, st
}

func totalOf(t *testing.T, ix *Index, q string) uint64 {
	t.Helper()
	res, err := ix.Search(context.Background(), govwire.SearchQuery{Q: q})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// killedBuild leaves at dir what a rebuild killed half way leaves: a Bleve
// index with the rebuild's marker, no longer locked by anyone.
func killedBuild(t *testing.T, dir string) {
	t.Helper()
	bi, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	mark, err := markOurs(dir)
	if err != nil {
		t.Fatal(err)
	}
	mark.Close()
	bi.Close()
}

func TestOpenRemovesKilledRebuild(t *testing.T) {
	path, _ := diskIndex(t)
	killedBuild(t, path+".new")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := os.Stat(path + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s.new still there after open (%v)", path, err)
	}
	if totalOf(t, ix, "oracle") == 0 {
		t.Error("the live index lost its articles")
	}
}

func TestCleanupLeavesWhatIsNotOurs(t *testing.T) {
	path, _ := diskIndex(t)
	// A folder of the user's by the same name: not a rebuild's.
	mine := path + ".new"
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(mine, "notes.txt")); err != nil {
		t.Fatalf("open removed a folder it did not make: %v", err)
	}
	// And reindex refuses to remove it, saying why.
	st := newMemStore()
	st.put(fixtures(t)...)
	err = Rebuild(context.Background(), st, path, nil, nil)
	if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(err.Error(), "not made by it") {
		t.Fatalf("rebuild over a foreign .new: %v", err)
	}
	if _, err := os.Stat(filepath.Join(mine, "notes.txt")); err != nil {
		t.Fatalf("rebuild removed a folder it did not make: %v", err)
	}
}

func TestCleanupLeavesARunningRebuild(t *testing.T) {
	path, _ := diskIndex(t)
	building := path + ".new"
	bi, err := bleve.NewUsing(building, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	mark, err := markOurs(building)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	defer mark.Close()
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(building, ourMarker)); err != nil {
		t.Fatalf("open removed a rebuild in progress: %v", err)
	}
}

func TestOpenRestoresIndexAfterKilledSwap(t *testing.T) {
	path, _ := diskIndex(t)
	// Killed between the swap's two renames: the live index is at .old.
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	killedBuild(t, path+".new")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if totalOf(t, ix, "oracle") == 0 {
		t.Fatal("open made an empty index instead of restoring the old one")
	}
	for _, p := range []string{path + ".old", path + ".new"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind (%v)", p, err)
		}
	}
}

func TestSwapRollbackFailureIsReported(t *testing.T) {
	path, st := diskIndex(t)
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := totalOf(t, ix, "oracle")
	// Every rename back into path fails: the new index cannot go in, and
	// the old one cannot come back.
	rename = func(from, to string) error {
		if to == path {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: os.ErrPermission}
		}
		return os.Rename(from, to)
	}
	t.Cleanup(func() { rename = os.Rename })
	err = ix.Rebuild(context.Background(), st, nil)
	if err == nil || !strings.Contains(err.Error(), path+".old") || !strings.Contains(err.Error(), "by hand") {
		t.Fatalf("rebuild with a failed rollback: %v, want an error naming %s.old", err, path)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an index was created in place of the lost one (%v)", err)
	}
	// The old index is intact where the error says.
	rename = os.Rename
	if err := os.Rename(path+".old", path); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := totalOf(t, again, "oracle"); got != want {
		t.Fatalf("old index: %d hits, want %d", got, want)
	}
}
