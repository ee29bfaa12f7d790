// Package config loads govwire's YAML configuration: strict (unknown keys
// are errors), with a default for every key and ${ENV} expansion, and
// errors that name the file, line and key at fault.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/govwire/govwire"
)

// DefaultPath is the config file read when --config is not given, if present.
const DefaultPath = "govwire.yaml"

// Config is the whole configuration.
type Config struct {
	DataDir  string                 `yaml:"data_dir"`
	Listen   string                 `yaml:"listen"`
	RulesDir string                 `yaml:"rules_dir"` // "" uses the built-in rules
	Fetch    govwire.FetchConfig    `yaml:"fetch"`
	Sources  []govwire.Source       `yaml:"sources"`
	Digests  []govwire.DigestConfig `yaml:"digests"`
	API      API                    `yaml:"api"`
}

// API configures the HTTP API.
type API struct {
	AdminToken string `yaml:"admin_token"` // "" disables POST /v1/ingest
	BaseURL    string `yaml:"base_url"`    // public URL of the web page, for links in digests
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{
		DataDir: "./govwire-data",
		Listen:  "127.0.0.1:8080",
		Fetch:   govwire.DefaultFetchConfig(),
	}
}

// DefaultSchedule is a source's schedule when none is given.
const DefaultSchedule = "@every 15m"

// DefaultDigestSchedule is a digest's schedule when none is given.
const DefaultDigestSchedule = "0 7 * * *"

// Load reads the file at path. An empty path loads DefaultPath if it exists
// and the defaults otherwise.
func Load(path string) (*Config, error) {
	if path == "" {
		if _, err := os.Stat(DefaultPath); err != nil {
			c := Default()
			return c, c.finish("")
		}
		path = DefaultPath
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "config: %v", err)
	}
	return Parse(path, b)
}

// Parse decodes b (named name in errors) over the defaults and validates it.
func Parse(name string, b []byte) (*Config, error) {
	c := Default()
	expanded, err := expandEnv(b)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s: %v", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(expanded))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, govwire.Errorf(govwire.EINVALID, "%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := c.finish(filepath.Dir(name)); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s: %v", name, err)
	}
	return c, nil
}

// expandEnv replaces ${NAME} with the environment variable NAME; an unset
// variable is an error, so a missing secret is not silently empty.
func expandEnv(b []byte) ([]byte, error) {
	var missing []string
	out := os.Expand(string(b), func(k string) string {
		v, ok := os.LookupEnv(k)
		if !ok {
			missing = append(missing, k)
		}
		return v
	})
	if len(missing) > 0 {
		return nil, fmt.Errorf("environment variable %s is not set", strings.Join(missing, ", "))
	}
	return []byte(out), nil
}

// finish fills defaults that depend on other keys and validates every key.
func (c *Config) finish(_ string) error {
	if c.DataDir == "" {
		return errors.New("data_dir: must not be empty")
	}
	if c.Listen == "" {
		return errors.New("listen: must not be empty")
	}
	if err := checkFetch(&c.Fetch); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		at, err := named("sources", "source", i, s.Name, seen)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			return fmt.Errorf("%s.url: %q is not an http or https URL", at, s.URL)
		}
		if err := schedule(at, &s.Schedule, DefaultSchedule); err != nil {
			return err
		}
	}
	return c.finishDigests()
}

// named checks that list[i] has a name not seen before and returns how
// errors name the entry: "sources[2] (ledger)".
func named(list, kind string, i int, name string, seen map[string]bool) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%s[%d].name: required", list, i)
	}
	at := fmt.Sprintf("%s[%d] (%s)", list, i, name)
	if seen[name] {
		return "", fmt.Errorf("%s.name: duplicate %s name", at, kind)
	}
	seen[name] = true
	return at, nil
}

// schedule fills an empty cron spec with def and checks it.
func schedule(at string, spec *string, def string) error {
	if *spec == "" {
		*spec = def
	}
	if _, err := cron.ParseStandard(*spec); err != nil {
		return fmt.Errorf("%s.schedule: %q: %v", at, *spec, err)
	}
	return nil
}

func checkFetch(f *govwire.FetchConfig) error {
	switch {
	case f.Timeout <= 0:
		return errors.New("fetch.timeout: must be a positive duration such as 30s")
	case f.MaxBodyBytes <= 0:
		return errors.New("fetch.max_body_bytes: must be positive")
	case f.MaxFeedBytes <= 0:
		return errors.New("fetch.max_feed_bytes: must be positive")
	case f.PerHostInterval < 0:
		return errors.New("fetch.per_host_interval: must not be negative")
	case f.Concurrency <= 0:
		return errors.New("fetch.concurrency: must be positive")
	case f.UserAgent == "":
		return errors.New("fetch.user_agent: must not be empty")
	}
	for i, n := range f.AllowNetworks {
		if _, err := netip.ParsePrefix(n); err != nil {
			return fmt.Errorf("fetch.allow_networks[%d]: %q is not a CIDR such as 127.0.0.1/32", i, n)
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
	seen := map[string]bool{}
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
		if _, err := time.LoadLocation(d.TimeZone); err != nil {
			return fmt.Errorf("%s.timezone: %v", at, err)
		}
		for _, l := range d.Labels {
			if !govwire.ValidLabel(l) {
				return fmt.Errorf("%s.labels: unknown label %q (want bid, award, protest or allegation)", at, l)
			}
		}
		for j, dl := range d.Deliver {
			if err := checkDeliver(dl, fmt.Sprintf("%s.deliver[%d]", at, j), c.DataDir); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkDeliver(d govwire.DeliverConfig, at, dataDir string) error {
	n := 0
	if d.File != nil {
		n++
		if d.File.Dir == "" {
			d.File.Dir = filepath.Join(dataDir, "digests")
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
		s := d.SMTP
		if s.Host == "" || s.From == "" || len(s.To) == 0 {
			return fmt.Errorf("%s.smtp: host, from and to are required", at)
		}
		if s.Port == 0 {
			s.Port = 587
		}
		switch s.TLS {
		case "":
			s.TLS = "starttls"
		case "starttls", "tls", "none":
		default:
			return fmt.Errorf("%s.smtp.tls: %q (want starttls, tls or none)", at, s.TLS)
		}
	}
	if d.Webhook != nil {
		n++
		if !strings.HasPrefix(d.Webhook.URL, "http://") && !strings.HasPrefix(d.Webhook.URL, "https://") {
			return fmt.Errorf("%s.webhook.url: %q is not an http or https URL", at, d.Webhook.URL)
		}
	}
	if n != 1 {
		return fmt.Errorf("%s: set exactly one of file, smtp or webhook", at)
	}
	return nil
}
