package store

import (
	"context"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// TestNearCandidatesFromIndex checks that the near-duplicate candidates
// query a save runs reads its covering index only (migration 0004): from
// the table, each candidate's cluster and fingerprint cost the overflow
// pages of its text, which made the clustering most of an import's CPU
// when many stored articles share a band.
func TestNearCandidatesFromIndex(t *testing.T) {
	db := openTest(t)
	for i := range 3 {
		mustSave(t, db, article(i, "alpha"), govwire.SaveCreated)
	}
	var near string
	db.stmts.mu.Lock()
	for q := range db.stmts.stmts {
		if strings.Contains(q, "FROM articles a") && strings.Contains(q, "fingerprint_bands WHERE band_key IN") {
			near = q
		}
	}
	db.stmts.mu.Unlock()
	if near == "" {
		t.Fatal("no near-duplicate candidates query among the writer's statements")
	}
	a := article(1, "alpha")
	args := []any{"x"}
	for _, b := range a.Fingerprint.Bands() {
		args = append(args, b)
	}
	var plan []string
	rows, err := db.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+near, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range plan {
		if strings.HasPrefix(d, "SEARCH a ") {
			found = true
			if !strings.Contains(d, "COVERING INDEX articles_near") {
				t.Errorf("candidates read with %q, want the covering index articles_near", d)
			}
		}
	}
	if !found {
		t.Errorf("no search of articles in the plan %q", plan)
	}
}
