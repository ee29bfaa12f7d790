package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
	"github.com/govwire/govwire/store/postgres"
	"github.com/govwire/govwire/store/postgres/pgtest"
	"github.com/govwire/govwire/store/storetest"
)

func TestMigrateUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no from", []string{"migrate", "--to", "postgres:host=x"}, `--from: "": want sqlite:PATH`},
		{"from not sqlite", []string{"migrate", "--from", "mysql:x", "--to", "postgres:host=x"}, `--from: "mysql:x": want sqlite:PATH`},
		{"no to", []string{"migrate", "--from", "sqlite:x.db"}, "--to: want postgres:DSN"},
		{"no store", []string{"migrate", "--from", "sqlite:" + filepath.Join(dir, "none.db"), "--to", "postgres:host=x"}, "no SQLite store at"},
		{"bad batch", []string{"migrate", "--from", "sqlite:x.db", "--to", "postgres:host=x", "--batch", "0"}, "--batch: 0: must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestMigrateCopiesAndResumes(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	path := filepath.Join(t.TempDir(), "data", "govwire.db")
	st, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		storetest.MustSave(t, st, storetest.Article(i, "alpha"), govwire.SaveCreated)
	}
	st.Close()
	code, stdout, stderr := runCLI(t, "migrate", "--from", "sqlite:"+path, "--to", "postgres:"+dsn, "--batch", "5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Tables []struct {
			Table    string `json:"table"`
			Source   int    `json:"source_rows"`
			Dest     int    `json:"dest_rows"`
			Verified bool   `json:"verified"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Tables) == 0 {
		t.Fatalf("report %q: %v", stdout, err)
	}
	if a := rep.Tables[0]; a.Table != "articles" || a.Source != 12 || a.Dest != 12 || !a.Verified {
		t.Errorf("articles: %+v", a)
	}
	pg, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if n, _ := pg.CountArticles(ctx, govwire.ArticleFilter{}); n != 12 {
		t.Errorf("%d articles in PostgreSQL", n)
	}
	// Running it again copies nothing and still verifies.
	code, stdout, stderr = runCLI(t, "migrate", "--from", "sqlite:"+path, "--to", "postgres:"+dsn)
	if code != 0 || !strings.Contains(stdout, "(resumed)") {
		t.Errorf("second run: exit %d\n%s%s", code, stdout, stderr)
	}
}
