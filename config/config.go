// Package config loads govwire's YAML configuration: strict (unknown keys
// are errors), with a default for every key and ${ENV} expansion, and
// errors that name the file, line and key at fault.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

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
	Store    Store                  `yaml:"store"`
	Index    Index                  `yaml:"index"`

	// Warnings name settings that take no effect (a selector on a source
	// that does not scrape, ...), with file and line; the caller logs them.
	Warnings []string `yaml:"-"`
}

// API configures the HTTP API.
type API struct {
	AdminToken string             `yaml:"admin_token"` // "" disables POST /v1/ingest
	BaseURL    string             `yaml:"base_url"`    // public URL of the web page, for links in digests
	Tokens     []govwire.APIToken `yaml:"tokens"`      // named reviewer and admin tokens (see checkTokens)
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{
		DataDir: "./govwire-data",
		Listen:  "127.0.0.1:8080",
		Fetch:   govwire.DefaultFetchConfig(),
		Store:   Store{Driver: DriverSQLite},
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

// Parse decodes b (named name in errors) over the defaults and validates
// it. Every error names the file, the line (when the key is in the file),
// the key and what is allowed: "govwire.yaml:7: sources[0].schedule: ...".
func Parse(name string, b []byte) (*Config, error) {
	c := Default()
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s", yamlError(name, err))
	}
	w := &walker{lines: map[string]int{}}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		w.walk(root, reflect.TypeFor[Config](), "")
		if len(w.errs) > 0 {
			msgs := make([]string, len(w.errs))
			for i, e := range w.errs {
				msgs[i] = located(name, e.line, e.Error())
			}
			return nil, govwire.Errorf(govwire.EINVALID, "%s", strings.Join(msgs, "\n"))
		}
		if err := root.Decode(c); err != nil {
			return nil, govwire.Errorf(govwire.EINVALID, "%s", yamlError(name, err))
		}
	}
	if err := c.finish(filepath.Dir(name)); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s", locate(name, w.lines, err.Error()))
	}
	for i, warn := range c.Warnings {
		c.Warnings[i] = locate(name, w.lines, warn)
	}
	return c, nil
}

// yamlError formats a YAML syntax or type error ("yaml: line 3: ...") as
// "file:3: ...".
func yamlError(file string, err error) string {
	msg := strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\n  ", "; "), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:; ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, text, found := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); found && err == nil {
			return located(file, n, text)
		}
	}
	return located(file, 0, msg)
}

// located formats a message about line (0: unknown) of file.
func located(file string, line int, msg string) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, line, msg)
	}
	return file + ": " + msg
}

// locate prefixes msg, which starts with a key path ("digests[0].timezone:
// ..."), with the file and the line of that key, or of the nearest
// enclosing key that is in the file.
func locate(file string, lines map[string]int, msg string) string {
	path, _, _ := strings.Cut(msg, ": ")
	for path != "" {
		if l, ok := lines[path]; ok {
			return located(file, l, msg)
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return located(file, 0, msg)
}
