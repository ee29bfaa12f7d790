package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// TestParseErrors is the table of bad configs a user may write, each with
// the exact message they get: file, line, key, and what is allowed.
func TestParseErrors(t *testing.T) {
	t.Setenv("GOVWIRE_TEST_WORD", "words")
	src := func(url string) string { return "sources:\n  - name: a\n    url: " + url + "\n" }
	cases := []struct {
		name, src, want string
	}{
		{"misspelt key", "sources:\n  - name: a\n    url: https://x.org/f\n    schedul: '@hourly'\n",
			`bad.yaml:4: sources[0].schedul: unknown key (did you mean "schedule"?); allowed here: backfill, name, schedule, scrape, selector, url`},
		{"misspelt top-level key", "sourcs: []\n",
			`bad.yaml:1: sourcs: unknown key (did you mean "sources"?); allowed here: api, data_dir, digests, fetch, index, listen, rules_dir, sources, store`},
		{"dash for underscore", "api:\n  admin-token: x\n",
			`bad.yaml:2: api.admin-token: unknown key (did you mean "admin_token"?); allowed here: admin_token, base_url, tokens`},
		{"unknown key, nothing close", "fetch:\n  timeout: 1s\n  retries: 3\n",
			`bad.yaml:3: fetch.retries: unknown key; allowed here: allow_networks, concurrency, max_body_bytes, max_feed_bytes, per_host_interval, respect_robots, timeout, user_agent`},
		{"two errors at once", "listen_on: x\nfetch:\n  timout: 3\n",
			"bad.yaml:1: listen_on: unknown key (did you mean \"listen\"?); allowed here: api, data_dir, digests, fetch, index, listen, rules_dir, sources, store\n" +
				`bad.yaml:3: fetch.timout: unknown key (did you mean "timeout"?); allowed here: allow_networks, concurrency, max_body_bytes, max_feed_bytes, per_host_interval, respect_robots, timeout, user_agent`},
		{"key twice", "listen: ':1'\nlisten: ':2'\n", `bad.yaml:2: listen: set twice (first on line 1)`},
		{"bad duration", "fetch:\n  timeout: soon\n", `bad.yaml:2: fetch.timeout: "soon" is not a duration (want e.g. 30s, 1m30s, 2h or a number of seconds)`},
		{"negative timeout", "fetch:\n  timeout: -1\n", `bad.yaml:2: fetch.timeout: -1s: must be a positive duration such as 30s`},
		{"negative interval", "fetch:\n  per_host_interval: -2s\n", `bad.yaml:2: fetch.per_host_interval: -2s: must not be negative (0 turns politeness off)`},
		{"not a number", "fetch:\n  max_body_bytes: lots\n", `bad.yaml:2: fetch.max_body_bytes: "lots" is not a whole number`},
		{"not a bool", "fetch:\n  respect_robots: sometimes\n", `bad.yaml:2: fetch.respect_robots: "sometimes" is not true or false`},
		{"list wanted", "fetch:\n  allow_networks: 127.0.0.1/32\n", `bad.yaml:2: fetch.allow_networks: want a list, such as [a, b] or one "- item" per line, got "127.0.0.1/32"`},
		{"mapping wanted", "fetch: fast\n", `bad.yaml:1: fetch: want a mapping with keys allow_networks, concurrency, max_body_bytes, max_feed_bytes, per_host_interval, respect_robots, timeout, user_agent, got "fast"`},
		{"not a mapping at all", "8080\n", `bad.yaml:1: want a mapping with keys api, data_dir, digests, fetch, index, listen, rules_dir, sources, store, got "8080"`},
		{"yaml syntax", "listen: [\n", `bad.yaml:1: did not find expected node content`},
		{"bad cidr", "fetch:\n  allow_networks: ['10.0.0.0/33']\n", `bad.yaml:2: fetch.allow_networks[0]: "10.0.0.0/33" is not a CIDR such as 127.0.0.1/32 or 10.0.0.0/8`},
		{"listen without host", "listen: 8080\n", `bad.yaml:1: listen: "8080" is not an address (want host:port such as 127.0.0.1:8080, or :8080 for every interface)`},
		{"listen bad port", "data_dir: d\nlisten: 'localhost:http'\n", `bad.yaml:2: listen: "localhost:http": port "http" is not a number from 0 to 65535 (want host:port such as 127.0.0.1:8080, or :8080 for every interface)`},
		{"listen port too big", "listen: ':70000'\n", `bad.yaml:1: listen: ":70000": port "70000" is not a number from 0 to 65535 (want host:port such as 127.0.0.1:8080, or :8080 for every interface)`},
		{"base url", "api:\n  base_url: example.org\n", `bad.yaml:2: api.base_url: "example.org" is not an http or https URL such as https://example.org/feed.xml`},
		{"source without name", "sources:\n  - url: https://x.org/f\n", `bad.yaml:2: sources[0].name: required: every source needs a name`},
		{"duplicate source", src("https://x.org/f") + "  - name: a\n    url: https://x.org/g\n", `bad.yaml:4: sources[1].name: "a" is already the name of sources[0]; source names must be unique`},
		{"ftp url", src("ftp://x.org/f"), `bad.yaml:3: sources[0].url: "ftp://x.org/f" is not an http or https URL such as https://example.org/feed.xml`},
		{"url without host", src("https:///f"), `bad.yaml:3: sources[0].url: "https:///f" is not an http or https URL such as https://example.org/feed.xml`},
		{"cron words", src("https://x.org/f") + "    schedule: every day\n", `bad.yaml:4: sources[0].schedule: "every day": expected exactly 5 fields, found 2: [every day] (want a cron spec such as "*/15 * * * *", "0 7 * * *", "@hourly" or "@every 15m")`},
		{"cron field out of range", src("https://x.org/f") + "    schedule: '0 25 * * *'\n", `bad.yaml:4: sources[0].schedule: "0 25 * * *": end of range (25) above maximum (23): 25 (want a cron spec such as "*/15 * * * *", "0 7 * * *", "@hourly" or "@every 15m")`},
		{"every 0s", src("https://x.org/f") + "    schedule: '@every 0s'\n", `bad.yaml:4: sources[0].schedule: "@every 0s": the interval must be at least 1s`},
		{"every negative", src("https://x.org/f") + "    schedule: '@every -5m'\n", `bad.yaml:4: sources[0].schedule: "@every -5m": the interval must be at least 1s`},
		{"every bad", src("https://x.org/f") + "    schedule: '@every fortnight'\n", `bad.yaml:4: sources[0].schedule: "@every fortnight": "fortnight" is not a duration (want a cron spec such as "*/15 * * * *", "0 7 * * *", "@hourly" or "@every 15m")`},
		{"digest cron", "digests:\n  - name: d\n    schedule: '7am'\n", `bad.yaml:3: digests[0].schedule: "7am": expected exactly 5 fields, found 1: [7am] (want a cron spec such as "*/15 * * * *", "0 7 * * *", "@hourly" or "@every 15m")`},
		{"time zone", "digests:\n  - name: d\n    timezone: Mars/Olympus\n", `bad.yaml:3: digests[0].timezone: "Mars/Olympus" is not a known time zone (want an IANA name such as UTC, Europe/London or America/New_York)`},
		{"label", "digests:\n  - name: d\n    labels: [award, rumour]\n", `bad.yaml:3: digests[0].labels[1]: unknown label "rumour" (want award, protest, allegation, bid)`},
		{"two channels", "digests:\n  - name: d\n    deliver:\n      - {file: {dir: /tmp}, webhook: {url: 'https://x.org'}}\n", `bad.yaml:4: digests[0].deliver[0]: set exactly one of file, smtp or webhook (found 2)`},
		{"file format", "digests:\n  - name: d\n    deliver:\n      - file:\n          format: pdf\n", `bad.yaml:5: digests[0].deliver[0].file.format: "pdf" (want md, html, text or json)`},
		{"smtp host", "digests:\n  - name: d\n    deliver:\n      - smtp: {from: a@x.org, to: [b@x.org]}\n", `bad.yaml:4: digests[0].deliver[0].smtp.host: required (the SMTP server, such as smtp.example.org)`},
		{"smtp port", "digests:\n  - name: d\n    deliver:\n      - smtp:\n          host: h\n          from: a@x.org\n          to: [b@x.org]\n          port: 99999\n", `bad.yaml:8: digests[0].deliver[0].smtp.port: 99999 is not a port from 1 to 65535`},
		{"webhook url", "digests:\n  - name: d\n    deliver:\n      - webhook: {url: hooks.example.org}\n", `bad.yaml:4: digests[0].deliver[0].webhook.url: "hooks.example.org" is not an http or https URL such as https://example.org/feed.xml`},
		{"missing env", "api:\n  admin_token: ${GOVWIRE_SURELY_UNSET_VAR}\n", `bad.yaml:2: api.admin_token: environment variable GOVWIRE_SURELY_UNSET_VAR is not set`},
		{"env expands to a bad number", "fetch:\n  concurrency: ${GOVWIRE_TEST_WORD}\n", `bad.yaml:2: fetch.concurrency: "words" is not a whole number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error for %q", tc.src)
			}
			if got := govwire.ErrorMessage(err); got != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tc.want)
			}
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Errorf("code = %s, want invalid", govwire.ErrorCode(err))
			}
		})
	}
}

// TestAcceptedForms covers values the first version refused or mangled.
func TestAcceptedForms(t *testing.T) {
	t.Setenv("GOVWIRE_TEST_PORT", "2525")
	t.Setenv("GOVWIRE_TEST_TOKEN", "s3cret")
	src := `# a comment naming $HOME and ${GOVWIRE_SURELY_UNSET_VAR} is never expanded
listen: "localhost:0"
fetch:
  per_host_interval: 0   # politeness off
  timeout: 30
  user_agent: "ua/1.0 ${GOVWIRE_TEST_TOKEN}"
digests:
  - name: d
    schedule: '@every 1s'
    deliver:
      - smtp: {host: h, from: a@x.org, to: [b@x.org], port: "${GOVWIRE_TEST_PORT}", password: "p$HOME$"}
api:
  admin_token: "tok$HOME-x$${GOVWIRE_TEST_TOKEN}"
`
	c, err := Parse("ok.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"per_host_interval: 0", c.Fetch.PerHostInterval, time.Duration(0)},
		{"timeout: 30", c.Fetch.Timeout, 30 * time.Second},
		{"${NAME} inside a value", c.Fetch.UserAgent, "ua/1.0 s3cret"},
		{"unquoted ${NAME} typed as a number", c.Digests[0].Deliver[0].SMTP.Port, 2525},
		{"plain $NAME left alone", c.Digests[0].Deliver[0].SMTP.Password, "p$HOME$"},
		{"$${NAME} is a literal ${NAME}", c.API.AdminToken, "tok$HOME-x${GOVWIRE_TEST_TOKEN}"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %v, want %v", ck.name, ck.got, ck.want)
		}
	}
	if c2, err := Parse("ok.yaml", []byte("fetch:\n  timeout: 0.5\n")); err != nil || c2.Fetch.Timeout != 500*time.Millisecond {
		t.Errorf("timeout: 0.5: %v, %v", err, c2)
	}
}

// TestWarnings lists settings that take no effect.
func TestWarnings(t *testing.T) {
	src := `sources:
  - name: a
    url: https://x.org/f
    scrape: false
    selector: div.story
digests:
  - name: d
    deliver: []
  - name: e
    deliver:
      - smtp: {host: h, from: a@x.org, to: [b@x.org], tls: none, password: pw}
`
	c, err := Parse("w.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"w.yaml:5: sources[0].selector: has no effect with scrape: false (the feed's own content is used, pages are not fetched)",
		"w.yaml:8: digests[0].deliver: no channels: the digest is only served by the API and the Atom feed, never sent",
		"w.yaml:11: digests[1].deliver[0].smtp.tls: none sends the password unencrypted",
	}
	if strings.Join(c.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n got: %q\nwant: %q", c.Warnings, want)
	}
}

// TestAliasBomb checks that aliases used many times over cannot make
// loading walk without bound: 100 digests x 1000 channels x 10
// recipients, from a 10 kB file.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x: &t [a, b, c, d, e, f, g, h, i, j]\ny: &m {smtp: {host: h, from: f, to: *t}}\nz: &d [*m")
	b.WriteString(strings.Repeat(", *m", 999))
	b.WriteString("]\ndigests:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  - {name: d%d, deliver: *d}\n", i)
	}
	start := time.Now()
	_, err := Parse("bomb.yaml", []byte(b.String()))
	// The count bound is what stops it; the time bound only catches a walk
	// gone quadratic, so it is generous enough for -race on a busy machine.
	if err == nil || !strings.Contains(err.Error(), "too many values") || time.Since(start) > time.Minute {
		t.Fatalf("alias bomb: %v after %s", err, time.Since(start))
	}
}
