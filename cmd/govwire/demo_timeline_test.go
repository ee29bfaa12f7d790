package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
)

// TestDemoProgrammeArc checks that the demo tells one programme's whole
// story: after demo --once, the timeline of VECS (a programme of the
// sample's own invention, in the built-in gazetteer) runs from the first bid
// to the award, the protest, its sustained outcome and the re-award, and
// its entity page counts the five stories.
func TestDemoProgrammeArc(t *testing.T) {
	if testing.Short() {
		t.Skip("demo in -short mode")
	}
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0", "--data-dir", data); code != 0 {
		t.Fatalf("demo --once: exit %d\n%s\n%s", code, out, errs)
	}
	ix, err := index.Open(filepath.Join(data, "index.bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	tl, err := ix.Timeline(ctx, govwire.SearchQuery{Programmes: []string{"VECS"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tl.Events {
		got = append(got, e.Milestone)
	}
	want := []string{"first_bid", "award", "protest", "protest_sustained", "re_award"}
	if !slices.Equal(got, want) {
		t.Errorf("VECS timeline milestones %q, want %q", got, want)
	}
	page, err := ix.Entity(ctx, govwire.EntityProgramme, "VECS")
	if err != nil {
		t.Fatal(err)
	}
	if page.Articles != 5 || page.Labels["protest"] != 3 || len(page.Months) < 2 {
		t.Errorf("VECS page: %d articles, labels %v, %d months", page.Articles, page.Labels, len(page.Months))
	}
}
