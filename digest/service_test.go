package digest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/govwire/govwire"
)

func TestServiceBuild(t *testing.T) {
	db, _ := seededStore(t)
	clk := newClock(genTime)
	s := newTestService(t, db, clk,
		govwire.DigestConfig{Name: "daily"},
		govwire.DigestConfig{Name: "ny", TimeZone: "America/New_York"},
		govwire.DigestConfig{Name: "nsa", Query: "nsa"},
		govwire.DigestConfig{Name: "protests", Labels: []string{"protest"}},
	)
	tests := []struct{ name, date string }{
		{"daily", "2026-11-25"}, {"daily", "2026-11-24"}, {"ny", "2026-11-25"}, {"protests", "2026-11-25"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.date, func(t *testing.T) {
			got, err := s.Build(context.Background(), tt.name, tt.date)
			if err != nil {
				t.Fatal(err)
			}
			cfg, _ := s.Config(tt.name)
			want := Build(cfg, tt.date, loadArticles(t), genTime)
			if !slices.Equal(layout(got), layout(want)) {
				t.Errorf("store-built sections %q, pure Build %q", layout(got), layout(want))
			}
		})
	}
	t.Run("query", func(t *testing.T) {
		d, err := s.Build(context.Background(), "nsa", "2026-11-25")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := layout(d), []string{"protest:b2", "bid:a4"}; !slices.Equal(got, want) {
			t.Errorf("sections = %q, want %q", got, want)
		}
	})
	t.Run("the golden digest again", func(t *testing.T) {
		d, err := s.Build(context.Background(), "daily", "2026-11-25")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := s.Render(&b, d, "json"); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", "golden", "daily.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("store-built digest differs from golden daily.json:\n%s", b.Bytes())
		}
	})
	t.Run("today", func(t *testing.T) {
		d, err := s.Build(context.Background(), "daily", "")
		if err != nil || d.Date != "2026-11-26" {
			t.Errorf("Build today = %v, %v; want 2026-11-26", d, err)
		}
	})
	for _, bad := range []struct{ name, date, code string }{
		{"nope", "2026-11-25", govwire.ENOTFOUND},
		{"daily", "2026-13-01", govwire.EINVALID},
	} {
		if _, err := s.Build(context.Background(), bad.name, bad.date); govwire.ErrorCode(err) != bad.code {
			t.Errorf("Build(%q, %q) error %v, want code %s", bad.name, bad.date, err, bad.code)
		}
	}
	if got := s.Names(); !slices.Equal(got, []string{"daily", "ny", "nsa", "protests"}) {
		t.Errorf("Names = %q", got)
	}
}

func TestNewServiceErrors(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	tests := map[string][]govwire.DigestConfig{
		"query without searcher": {{Name: "q", Query: "jwcc"}},
		"duplicate":              {{Name: "a"}, {Name: "a"}},
		"bad zone":               {{Name: "a", TimeZone: "Mars/Olympus"}},
		"same channel twice":     {{Name: "a", Deliver: []govwire.DeliverConfig{{File: &govwire.FileDelivery{Dir: "x"}}, {File: &govwire.FileDelivery{Dir: "x", Format: "md"}}}}},
		"empty deliver":          {{Name: "a", Deliver: []govwire.DeliverConfig{{}}}},
		"webhook not http":       {{Name: "a", Deliver: []govwire.DeliverConfig{{Webhook: &govwire.WebhookDelivery{URL: "file:///etc/passwd"}}}}},
	}
	for name, ds := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := NewService(Options{Digests: ds, Store: db, DataDir: t.TempDir()})
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Errorf("err = %v, want invalid", err)
			}
		})
	}
	if _, err := NewService(Options{}); err == nil {
		t.Error("no store: want an error")
	}
}
