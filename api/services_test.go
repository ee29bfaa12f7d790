package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// digests is a small DigestService over the store: one digest, "daily",
// listing the on-topic stories published on the day.
type digests struct{ st govwire.Store }

func (d digests) Names() []string { return []string{"daily"} }

func (d digests) Build(ctx context.Context, name, date string) (*govwire.Digest, error) {
	if name != "daily" {
		return nil, govwire.Errorf(govwire.ENOTFOUND, "no digest named %q", name)
	}
	if date == "" {
		date = time.Now().UTC().Format(time.DateOnly)
	}
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "bad date %q", date)
	}
	dg := &govwire.Digest{Name: name, Date: date, GeneratedAt: time.Now().UTC()}
	sec := govwire.DigestSection{}
	err = d.st.ScanArticles(ctx, govwire.ArticleFilter{Since: day, Until: day.AddDate(0, 0, 1), OnTopicOnly: true,
		OnePerCluster: true, NoText: true}, func(a *govwire.Article) error {
		sec.Items = append(sec.Items, govwire.DigestItem{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source,
			Published: a.Published, Labels: a.Labels})
		return nil
	})
	dg.Sections = append(dg.Sections, sec)
	return dg, err
}

func (d digests) Render(w io.Writer, dg *govwire.Digest, format string) error {
	var err error
	switch format {
	case "json":
		err = json.NewEncoder(w).Encode(dg)
	case "html":
		_, err = fmt.Fprintf(w, `<html><body style="font-family:sans-serif"><h1>%s %s</h1>`, html.EscapeString(dg.Name), dg.Date)
		for _, it := range dg.Sections[0].Items {
			_, err = fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(it.Title))
		}
	default:
		_, err = fmt.Fprintf(w, "%s digest %s (%s)\n", dg.Name, dg.Date, format)
		for _, it := range dg.Sections[0].Items {
			_, err = fmt.Fprintf(w, "- %s\n", it.Title)
		}
	}
	return err
}

func (d digests) Atom(ctx context.Context, w io.Writer, name string) error {
	_, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>govwire %s</title></feed>`, name)
	return err
}

func (d digests) Deliveries(ctx context.Context, name string, limit int) ([]govwire.Delivery, error) {
	return d.st.Deliveries(ctx, name, limit)
}

func TestDigests(t *testing.T) {
	f := newFixture(t, corpus, func(c *api.Config) { c.Digests = digests{c.Store} })
	ctx := context.Background()
	if err := f.store.SaveDelivery(ctx, govwire.Delivery{Digest: "daily", Date: "2026-11-10", Channel: "file",
		Status: govwire.DeliverySent, Attempts: 1, UpdatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}

	var list struct {
		Digests    []string
		Deliveries []govwire.Delivery
	}
	f.getJSON(t, "/v1/digests", 200, &list)
	if !slices.Equal(list.Digests, []string{"daily"}) || len(list.Deliveries) != 1 || list.Deliveries[0].Status != "sent" {
		t.Errorf("digest list %+v", list)
	}

	var dg govwire.Digest
	f.getJSON(t, "/v1/digests/2026-11-10", 200, &dg)
	if dg.Name != "daily" || len(dg.Sections) != 1 || len(dg.Sections[0].Items) != 1 ||
		!strings.Contains(dg.Sections[0].Items[0].Title, "Oracle") {
		t.Errorf("digest %+v, want the Oracle protest once", dg)
	}
	for format, ctype := range map[string]string{"md": "text/markdown", "html": "text/html", "text": "text/plain"} {
		status, h, b := call(t, "GET", f.srv.URL+"/v1/digests/2026-11-10?name=daily&format="+format, nil, nil)
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), ctype) || !strings.Contains(string(b), "Oracle") {
			t.Errorf("format %s: %d %q %s", format, status, h.Get("Content-Type"), b)
		}
		if format == "html" && strings.Contains(h.Get("Content-Security-Policy"), "script") {
			t.Errorf("html digest CSP allows scripts: %q", h.Get("Content-Security-Policy"))
		}
	}
	status, _, b := call(t, "GET", f.srv.URL+"/v1/digests/today", nil, nil)
	if status != 200 || !strings.Contains(string(b), time.Now().UTC().Format(time.DateOnly)) {
		t.Errorf("today: %d %s", status, b)
	}
	for path, code := range map[string]int{
		"/v1/digests/2026-13-45":            400,
		"/v1/digests/2026-11-10?format=pdf": 400,
		"/v1/digests/2026-11-10?name=other": 404,
		"/v1/digests/other.atom":            404,
		"/v1/digests.atom?name=weekly":      404,
	} {
		var e apiError
		f.getJSON(t, path, code, &e)
	}
	for _, path := range []string{"/v1/digests.atom", "/v1/digests.atom?name=daily", "/v1/digests/daily.atom"} {
		status, h, b := call(t, "GET", f.srv.URL+path, nil, nil)
		var feed struct {
			Title string `xml:"title"`
		}
		if status != 200 || h.Get("Content-Type") != "application/atom+xml; charset=utf-8" || xml.Unmarshal(b, &feed) != nil {
			t.Errorf("%s: %d %q %s", path, status, h.Get("Content-Type"), b)
		}
	}

	off := newFixture(t, corpus[:1], nil)
	for _, path := range []string{"/v1/digests/today", "/v1/digests.atom", "/v1/digests/daily.atom"} {
		var e apiError
		off.getJSON(t, path, 503, &e)
	}
	var none struct{ Digests, Deliveries []any }
	off.getJSON(t, "/v1/digests", 200, &none)
	if none.Digests == nil || len(none.Digests) != 0 || none.Deliveries == nil {
		t.Errorf("no digest service: list %+v, want empty lists", none)
	}
}

// exporter is an Exporter over the store writing a few fields per article.
type exporter struct {
	st      govwire.Store
	mu      sync.Mutex
	last    govwire.ExportRequest
	failAt  int // fail after this many rows; -1 never
	failErr error
}

func (e *exporter) Export(ctx context.Context, w io.Writer, req govwire.ExportRequest) (govwire.ExportStats, error) {
	e.mu.Lock()
	e.last = req
	e.mu.Unlock()
	var stats govwire.ExportStats
	cw := csv.NewWriter(w)
	err := e.st.ScanArticles(ctx, req.Filter, func(a *govwire.Article) error {
		if stats.Articles == e.failAt {
			return e.failErr
		}
		stats.Articles++
		if req.Format == "csv" {
			cw.Write([]string{a.ID, a.Title, strings.Join(a.Labels, ";"), a.Text})
			cw.Flush()
			return cw.Error()
		}
		return json.NewEncoder(w).Encode(map[string]any{"id": a.ID, "title": a.Title, "labels": a.Labels, "text": a.Text})
	})
	return stats, err
}

func TestExport(t *testing.T) {
	ex := &exporter{failAt: -1}
	f := newFixture(t, corpus, func(c *api.Config) { ex.st = c.Store; c.Exporter = ex })

	status, h, b := call(t, "GET", f.srv.URL+"/v1/export?label=protest&since=2026-11-01&no_text=1", nil, nil)
	if status != 200 || h.Get("Content-Type") != "application/x-ndjson; charset=utf-8" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), `attachment; filename="govwire-`) {
		t.Fatalf("export: %d %v", status, h)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], f.ids["oracle-protest"]) || strings.Contains(lines[0], "Accountability") {
		t.Errorf("one protest per cluster since 1 Nov without text, got %q", lines)
	}
	if r := ex.last; !r.NoText || !r.Filter.OnTopicOnly || !r.Filter.OnePerCluster || !slices.Equal(r.Filter.Labels, []string{"protest"}) {
		t.Errorf("request %+v", r)
	}

	status, h, b = call(t, "GET", f.srv.URL+"/v1/export?format=csv&all=1&duplicates=1", nil, nil)
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || err != nil || len(rows) != len(corpus) {
		t.Errorf("csv: %d %q rows %d err %v", status, h.Get("Content-Type"), len(rows), err)
	}

	var e apiError
	f.getJSON(t, "/v1/export?format=parquet", 400, &e)
	f.getJSON(t, "/v1/export?label=rumour", 400, &e)

	ex.failAt, ex.failErr = 0, govwire.Errorf(govwire.ETOOLARGE, "export over the limit")
	f.getJSON(t, "/v1/export", http.StatusRequestEntityTooLarge, &e)
	if e.Error.Message != "export over the limit" {
		t.Errorf("error before the first row: %+v", e)
	}
	// A failure mid-stream cuts the response: the client must not take a
	// truncated corpus for a whole one.
	ex.failAt, ex.failErr = 2, errors.New("disk read failed")
	// (Rows still in the server's buffer are dropped with the connection.)
	if resp, err := http.Get(f.srv.URL + "/v1/export"); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("mid-stream failure: status %d and a whole body; want a cut stream", resp.StatusCode)
		}
	}

	off := newFixture(t, corpus[:1], nil)
	off.getJSON(t, "/v1/export", 503, &e)
}
