package transfer

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
	"github.com/govwire/govwire/store/postgres"
	"github.com/govwire/govwire/store/postgres/pgtest"
	"github.com/govwire/govwire/store/storetest"
)

// seed writes n articles (some reclassified, so seqs have gaps) and a row
// in every small table into a new SQLite store, and returns its path.
func seed(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "govwire.db")
	st, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range n {
		a := storetest.Article(i, []string{"alpha", "beta"}[i%2])
		if i%5 == 0 {
			a.Via, a.Provenance = govwire.ViaWARC, &govwire.Provenance{File: "x.warc", Offset: int64(i)}
		}
		storetest.MustSave(t, st, a, govwire.SaveCreated)
		if i%4 == 0 {
			if _, err := st.SaveClassification(ctx, a.ID, govwire.Classification{OnTopic: true,
				Labels: []string{govwire.LabelProtest}, Ruleset: "rs2"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	must(t, st.SaveSourceState(ctx, govwire.SourceState{Name: "alpha", URL: "https://alpha.example/feed", ETag: `"e"`,
		LastStatus: 200, LastSuccess: storetest.T0}))
	must(t, st.LogFetch(ctx, govwire.FetchLogEntry{Source: "alpha", URL: "https://alpha.example/1", Kind: "page", Status: 200}))
	must(t, st.SaveDelivery(ctx, govwire.Delivery{Digest: "daily", Date: "2026-11-02", Channel: "file",
		Status: govwire.DeliverySent, Attempts: 1, SentAt: storetest.T0}))
	for i, r := range []govwire.Review{{OnTopic: true, Labels: []string{govwire.LabelAward}, Reviewer: "ana", Note: "first"},
		{OnTopic: false, Reviewer: "ben"}} {
		r.At = storetest.T0.Add(time.Duration(i) * time.Minute)
		a := storetest.Article(0, "alpha") // saved by every seed, reviewed twice: history
		if _, err := st.SaveReview(ctx, govwire.ArticleID(a.CanonicalURL), r); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// open opens the source copy handle and the destination store.
func open(t *testing.T, path, dsn string) (*store.DB, *postgres.DB, func(ctx context.Context, o Options) (*Report, error)) {
	t.Helper()
	ctx := context.Background()
	src, err := OpenSource(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	dst, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dst.Close() })
	sq, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sq.Close() })
	return sq, dst, func(ctx context.Context, o Options) (*Report, error) { return Copy(ctx, src, dst.Pool(), o) }
}

func TestCopyAndVerify(t *testing.T) {
	ctx := context.Background()
	path := seed(t, 23)
	sq, pg, run := open(t, path, pgtest.DSN(t))
	rep, err := run(ctx, Options{Batch: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range rep.Tables {
		if !tr.Verified || tr.Source != tr.Dest || (tr.Source > 0) != (tr.Copied > 0) {
			t.Errorf("%+v", tr)
		}
	}
	// The copy reads back through the PostgreSQL store as the original
	// does through SQLite.
	err = sq.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error {
		b, err := pg.Article(ctx, a.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("article %s differs:\nsqlite   %+v\npostgres %+v", a.ID, a, b)
		}
		return nil
	})
	must(t, err)
	s1, _ := sq.LastSeq(ctx)
	s2, _ := pg.LastSeq(ctx)
	if s1 != s2 {
		t.Errorf("last seq %d, copy %d", s1, s2)
	}
	next := storetest.Article(100, "gamma")
	storetest.MustSave(t, pg, next, govwire.SaveCreated)
	if next.Seq != s1+1 {
		t.Errorf("first save after the copy got seq %d, want %d", next.Seq, s1+1)
	}
	a, _ := sq.Sources(ctx)
	b, _ := pg.Sources(ctx)
	b = slices.DeleteFunc(b, func(s govwire.SourceState) bool { return s.Name == "gamma" })
	if !reflect.DeepEqual(a, b) {
		t.Errorf("sources differ:\n%+v\n%+v", a, b)
	}
}

// TestCopyResumes interrupts a copy after two batches; the next run
// continues from there and the result verifies.
func TestCopyResumes(t *testing.T) {
	path := seed(t, 30)
	_, pg, run := open(t, path, pgtest.DSN(t))
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	_, err := run(ctx, Options{Batch: 7, Progress: func(done, total int) {
		if batches++; batches == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: err = %v", err)
	}
	n, _ := pg.CountArticles(context.Background(), govwire.ArticleFilter{})
	if n != 14 {
		t.Fatalf("%d articles after two batches of 7", n)
	}
	var progress []int
	rep, err := run(context.Background(), Options{Batch: 7, Progress: func(done, total int) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Resumed || rep.Tables[0].Copied != 16 || !slices.Equal(progress, []int{21, 28, 30}) {
		t.Errorf("resumed %v, copied %d, progress %v; want a resumed run copying the other 16", rep.Resumed, rep.Tables[0].Copied, progress)
	}
	// A third run finds nothing left and still verifies.
	if rep, err = run(context.Background(), Options{}); err != nil || rep.Tables[0].Copied != 0 {
		t.Errorf("third run: %v, %+v", err, rep)
	}
}

// TestCopyRefusesForeignDestination refuses a destination holding
// articles that are not a prefix of the source.
func TestCopyRefusesForeignDestination(t *testing.T) {
	ctx := context.Background()
	path := seed(t, 5)
	_, pg, run := open(t, path, pgtest.DSN(t))
	storetest.MustSave(t, pg, storetest.Article(999, "other"), govwire.SaveCreated)
	_, err := run(ctx, Options{})
	if govwire.ErrorCode(err) != govwire.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
}

// TestEveryTableCopied fails when a migration adds a table the copy does
// not know.
func TestEveryTableCopied(t *testing.T) {
	ctx := context.Background()
	src, err := OpenSource(ctx, filepath.Join(t.TempDir(), "govwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rows, err := src.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for _, tb := range all {
		known[tb.name] = true
	}
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		if !known[name] {
			t.Errorf("table %s is not copied by govwire migrate: add it to store/transfer/tables.go", name)
		}
	}
	// Every column too: a column added to a known table must be copied.
	for _, tb := range all {
		var cols []string
		crows, err := src.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, tb.name)
		must(t, err)
		for crows.Next() {
			var c string
			must(t, crows.Scan(&c))
			cols = append(cols, c)
		}
		crows.Close()
		a, b := slices.Sorted(slices.Values(cols)), slices.Sorted(slices.Values(tb.cols))
		if !slices.Equal(a, b) {
			t.Errorf("table %s has columns %v; the copy knows %v", tb.name, a, b)
		}
	}
}
