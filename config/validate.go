package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/govwire/govwire"
)

// Every error and warning below starts with the key path it is about
// ("sources[1].schedule: ..."): Parse adds the file and line of that key.

// finish fills defaults that depend on other keys, validates every key and
// collects warnings about settings that take no effect.
func (c *Config) finish(_ string) error {
	if c.DataDir == "" {
		return errors.New("data_dir: must not be empty")
	}
	if err := checkListen("listen", c.Listen); err != nil {
		return err
	}
	if c.API.BaseURL != "" {
		if err := checkHTTPURL("api.base_url", c.API.BaseURL); err != nil {
			return err
		}
	}
	if err := c.checkTokens(); err != nil {
		return err
	}
	if err := checkFetch(&c.Fetch); err != nil {
		return err
	}
	if err := c.checkStore(); err != nil {
		return err
	}
	if err := c.checkIndex(); err != nil {
		return err
	}
	seen := map[string]int{}
	for i := range c.Sources {
		s := &c.Sources[i]
		at, err := named("sources", "source", i, s.Name, seen)
		if err != nil {
			return err
		}
		if err := checkHTTPURL(at+".url", s.URL); err != nil {
			return err
		}
		if err := schedule(at, &s.Schedule, DefaultSchedule); err != nil {
			return err
		}
		if err := checkBackfill(at+".backfill", s.Backfill); err != nil {
			return err
		}
		if s.Selector != "" && !s.ScrapePages() {
			c.warnf("%s.selector: has no effect with scrape: false (the feed's own content is used, pages are not fetched)", at)
		}
	}
	return c.finishDigests()
}

// warnf records a warning about a setting.
func (c *Config) warnf(format string, args ...any) {
	c.Warnings = append(c.Warnings, fmt.Sprintf(format, args...))
}

// named checks that list[i] has a name not seen before and returns the
// entry's path: "sources[2]".
func named(list, kind string, i int, name string, seen map[string]int) (string, error) {
	at := fmt.Sprintf("%s[%d]", list, i)
	if name == "" {
		return "", fmt.Errorf("%s.name: required: every %s needs a name", at, kind)
	}
	if first, ok := seen[name]; ok {
		return "", fmt.Errorf("%s.name: %q is already the name of %s[%d]; %s names must be unique", at, name, list, first, kind)
	}
	seen[name] = i
	return at, nil
}

// minEvery is the shortest "@every" interval a schedule may have.
const minEvery = time.Second

// schedule fills an empty cron spec with def and checks it.
func schedule(at string, spec *string, def string) error {
	if *spec == "" {
		*spec = def
	}
	const want = `want a cron spec such as "*/15 * * * *", "0 7 * * *", "@hourly" or "@every 15m"`
	if rest, ok := strings.CutPrefix(*spec, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return fmt.Errorf("%s.schedule: %q: %q is not a duration (%s)", at, *spec, strings.TrimSpace(rest), want)
		}
		if d < minEvery {
			return fmt.Errorf("%s.schedule: %q: the interval must be at least %s", at, *spec, minEvery)
		}
	}
	if _, err := cron.ParseStandard(*spec); err != nil {
		return fmt.Errorf("%s.schedule: %q: %v (%s)", at, *spec, err, want)
	}
	return nil
}

// CheckListen checks a listen address (host:port or :port, port 0-65535)
// given as at (a key or a flag), as config loading does for listen.
func CheckListen(at, addr string) error { return checkListen(at, addr) }

// checkListen checks a listen address: host:port or :port, port 0-65535.
func checkListen(at, addr string) error {
	const want = "want host:port such as 127.0.0.1:8080, or :8080 for every interface"
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s: %q is not an address (%s)", at, addr, want)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || (n == 0 && port != "0") {
		return fmt.Errorf("%s: %q: port %q is not a number from 0 to 65535 (%s)", at, addr, port, want)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("%s: %q: %q is not a host name or IP address (%s)", at, addr, host, want)
	}
	return nil
}

// checkHTTPURL checks an absolute http or https URL with a host.
func checkHTTPURL(at, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: %q is not an http or https URL such as https://example.org/feed.xml", at, s)
	}
	return nil
}

func checkFetch(f *govwire.FetchConfig) error {
	switch {
	case f.Timeout <= 0:
		return fmt.Errorf("fetch.timeout: %s: must be a positive duration such as 30s", f.Timeout)
	case f.MaxBodyBytes <= 0:
		return fmt.Errorf("fetch.max_body_bytes: %d: must be a positive number of bytes", f.MaxBodyBytes)
	case f.MaxFeedBytes <= 0:
		return fmt.Errorf("fetch.max_feed_bytes: %d: must be a positive number of bytes", f.MaxFeedBytes)
	case f.PerHostInterval < 0:
		return fmt.Errorf("fetch.per_host_interval: %s: must not be negative (0 turns politeness off)", f.PerHostInterval)
	case f.Concurrency <= 0:
		return fmt.Errorf("fetch.concurrency: %d: must be a positive number", f.Concurrency)
	case f.UserAgent == "":
		return errors.New("fetch.user_agent: must not be empty")
	}
	for i, n := range f.AllowNetworks {
		if _, err := netip.ParsePrefix(n); err != nil {
			return fmt.Errorf("fetch.allow_networks[%d]: %q is not a CIDR such as 127.0.0.1/32 or 10.0.0.0/8", i, n)
		}
	}
	return nil
}

func (c *Config) finishDigests() error {
	if len(c.Digests) == 0 {
		c.Digests = []govwire.DigestConfig{{
			Name:    "daily",
			Deliver: []govwire.DeliverConfig{{File: &govwire.FileDelivery{}}},
		}}
	}
	seen := map[string]int{}
	for i := range c.Digests {
		d := &c.Digests[i]
		at, err := named("digests", "digest", i, d.Name, seen)
		if err != nil {
			return err
		}
		if err := schedule(at, &d.Schedule, DefaultDigestSchedule); err != nil {
			return err
		}
		if d.TimeZone == "" {
			d.TimeZone = "UTC"
		}
		if _, err := time.LoadLocation(d.TimeZone); err != nil || strings.TrimSpace(d.TimeZone) != d.TimeZone {
			return fmt.Errorf("%s.timezone: %q is not a known time zone (want an IANA name such as UTC, Europe/London or America/New_York)", at, d.TimeZone)
		}
		for j, l := range d.Labels {
			if !govwire.ValidLabel(l) {
				return fmt.Errorf("%s.labels[%d]: unknown label %q (want %s)", at, j, l, strings.Join(govwire.Labels, ", "))
			}
		}
		if len(d.Deliver) == 0 {
			c.warnf("%s.deliver: no channels: the digest is only served by the API and the Atom feed, never sent", at)
		}
		for j, dl := range d.Deliver {
			if err := c.checkDeliver(dl, fmt.Sprintf("%s.deliver[%d]", at, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Config) checkDeliver(d govwire.DeliverConfig, at string) error {
	n := 0
	if d.File != nil {
		n++
		if d.File.Dir == "" {
			d.File.Dir = filepath.Join(c.DataDir, "digests")
		}
		switch d.File.Format {
		case "":
			d.File.Format = "md"
		case "md", "html", "text", "json":
		default:
			return fmt.Errorf("%s.file.format: %q (want md, html, text or json)", at, d.File.Format)
		}
	}
	if d.SMTP != nil {
		n++
		if err := c.checkSMTP(d.SMTP, at+".smtp"); err != nil {
			return err
		}
	}
	if d.Webhook != nil {
		n++
		if err := checkHTTPURL(at+".webhook.url", d.Webhook.URL); err != nil {
			return err
		}
	}
	if n != 1 {
		return fmt.Errorf("%s: set exactly one of file, smtp or webhook (found %d)", at, n)
	}
	return nil
}

func (c *Config) checkSMTP(s *govwire.SMTPDelivery, at string) error {
	switch {
	case s.Host == "":
		return fmt.Errorf("%s.host: required (the SMTP server, such as smtp.example.org)", at)
	case s.From == "":
		return fmt.Errorf("%s.from: required (the sender address)", at)
	case len(s.To) == 0:
		return fmt.Errorf("%s.to: required (a list of recipient addresses)", at)
	case s.Port < 0 || s.Port > 65535:
		return fmt.Errorf("%s.port: %d is not a port from 1 to 65535", at, s.Port)
	}
	if s.Port == 0 {
		s.Port = 587
	}
	switch s.TLS {
	case "":
		s.TLS = "starttls"
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("%s.tls: %q (want starttls, tls or none)", at, s.TLS)
	}
	if s.TLS == "none" && s.Password != "" {
		c.warnf("%s.tls: none sends the password unencrypted", at)
	}
	if s.Username != "" && s.Password == "" {
		c.warnf("%s.username: set without a password: the server will likely refuse the login", at)
	}
	return nil
}
