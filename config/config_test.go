package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func TestParseFull(t *testing.T) {
	t.Setenv("GOVWIRE_TEST_TOKEN", "s3cret")
	src := `
data_dir: /var/lib/govwire
listen: ":9090"
rules_dir: ./myrules
fetch:
  user_agent: "test-agent/1"
  timeout: 10s
  max_body_bytes: 1000000
  per_host_interval: 500ms
  respect_robots: false
  allow_networks: ["127.0.0.1/32"]
sources:
  - name: ledger
    url: https://example.org/feed.xml
    schedule: "*/10 * * * *"
    selector: "div.story"
  - name: wire
    url: https://example.net/atom
    scrape: false
digests:
  - name: protests
    schedule: "0 6 * * *"
    timezone: Europe/London
    labels: [protest]
    deliver:
      - smtp: {host: mail.example.org, from: a@example.org, to: [b@example.org]}
      - webhook: {url: "https://hooks.example.org/x"}
api:
  admin_token: ${GOVWIRE_TEST_TOKEN}
`
	c, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"data_dir", c.DataDir, "/var/lib/govwire"},
		{"listen", c.Listen, ":9090"},
		{"timeout", c.Fetch.Timeout, 10 * time.Second},
		{"interval", c.Fetch.PerHostInterval, 500 * time.Millisecond},
		{"robots", c.Fetch.RespectRobots, false},
		{"feed cap default kept", c.Fetch.MaxFeedBytes, int64(10 << 20)},
		{"schedule given", c.Sources[0].Schedule, "*/10 * * * *"},
		{"schedule default", c.Sources[1].Schedule, DefaultSchedule},
		{"scrape default", c.Sources[0].ScrapePages(), true},
		{"scrape off", c.Sources[1].ScrapePages(), false},
		{"smtp port default", c.Digests[0].Deliver[0].SMTP.Port, 587},
		{"smtp tls default", c.Digests[0].Deliver[0].SMTP.TLS, "starttls"},
		{"env expanded", c.API.AdminToken, "s3cret"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %v, want %v", ck.name, ck.got, ck.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	c, err := Parse("empty.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := govwire.DefaultFetchConfig(); c.Fetch.UserAgent != d.UserAgent || c.Fetch.Timeout != d.Timeout || !c.Fetch.RespectRobots {
		t.Errorf("fetch defaults not applied: %+v", c.Fetch)
	}
	if len(c.Digests) != 1 || c.Digests[0].Name != "daily" || c.Digests[0].Deliver[0].File == nil {
		t.Errorf("want one default daily digest with file delivery, got %+v", c.Digests)
	}
	if got := c.Digests[0].Deliver[0].File.Dir; got != filepath.Join(c.DataDir, "digests") {
		t.Errorf("default digest dir = %q", got)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.yaml")
	if err := os.WriteFile(p, []byte("data_dir: "+dir+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != dir {
		t.Errorf("data_dir = %q", c.DataDir)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing explicit file: no error")
	}
}
