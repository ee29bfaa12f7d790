package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func TestImportJSONL(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	lines := []string{
		`{"url": "https://wire.example.net/a", "title": "Pentagon awards JWCC cloud contract", "text": "The Department of Defense awarded the Joint Warfighting Cloud Capability contract to four vendors on Tuesday.", "published": "2022-12-07"}`,
		`{"url": "https://wire.example.net/b", "title": "Storm hits coast", "text": "Heavy rain fell on the coast on Sunday.", "published": "2022-12-08T10:00:00Z", "source": "wire"}`,
		``,
		`{"url": "https://wire.example.net/c", "html": ` + jsonString(onTopicPage(7)) + `}`,
		`{"url": "https://wire.example.net/d", "title": "no text"}`,
		`{"title": "no url", "text": "words"}`,
		`{"url": "https://wire.example.net/e", "text": "x", "published": "last week"}`,
		`{"url": "https://wire.example.net/f", "text": "x", "tags": ["unknown key"]}`,
		`not json`,
	}
	sum, err := e.importer(t, true).JSONL(ctx, "gathered.jsonl", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Discovered != 8 || sum.New != 3 || sum.Failed != 5 {
		t.Errorf("summary %+v, want 8 lines read, 3 new (on topic or not), 5 failed", sum)
	}
	wantLines := []int{5, 6, 7, 8, 9}
	for i, er := range sum.Errors {
		if i < len(wantLines) && (er.Line != wantLines[i] || er.File != "gathered.jsonl" || !strings.Contains(er.Error, "line ")) {
			t.Errorf("error %d: %+v, want line %d of gathered.jsonl", i, er, wantLines[i])
		}
	}
	for _, tc := range []struct {
		url, source string
		onTopic     bool
		published   time.Time
		line        int
	}{
		{"https://wire.example.net/a", "wire.example.net", true, time.Date(2022, 12, 7, 0, 0, 0, 0, time.UTC), 1},
		{"https://wire.example.net/b", "wire", false, time.Date(2022, 12, 8, 10, 0, 0, 0, time.UTC), 2},
		{"https://wire.example.net/c", "wire.example.net", true, time.Time{}, 4},
	} {
		id, ok, err := e.db.SeenURL(ctx, tc.url)
		if err != nil || !ok {
			t.Fatalf("%s not stored: %v", tc.url, err)
		}
		a, _ := e.db.Article(ctx, id)
		if a.Via != govwire.ViaImport || a.Provenance == nil || a.Provenance.Line != tc.line || a.Source != tc.source ||
			a.OnTopic != tc.onTopic || !a.Published.Equal(tc.published) {
			t.Errorf("%s: via %q %+v source %q on topic %v published %v", tc.url, a.Via, a.Provenance, a.Source, a.OnTopic, a.Published)
		}
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
