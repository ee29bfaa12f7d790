package classify

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

const goodRule = `rules:
  - id: t.one
    label: bid
    version: 1
    status: stable
    description: test rule
    match: [tender]
`

// TestLoadErrors checks that every rule-file error is EINVALID and names
// the file, the line and the rule id.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown rule key", goodRule + "    colour: red\n", "a.yaml:8: rule t.one: "},
		{"unknown expression key", strings.Replace(goodRule, "match: [tender]", "match:\n      terms: [x]\n      nearby: 3", 1), "a.yaml:9: rule t.one: unknown key \"nearby\""},
		{"unknown top-level key", "rulez: []\n", "a.yaml:1:"},
		{"bad label", strings.Replace(goodRule, "label: bid", "label: bids", 1), "a.yaml:2: rule t.one: unknown label"},
		{"bad status", strings.Replace(goodRule, "status: stable", "status: done", 1), "rule t.one: unknown status"},
		{"unknown list", strings.Replace(goodRule, "[tender]", "[\"@nolist\"]", 1), "a.yaml:7: rule t.one: match: unknown list @nolist"},
		{"near one operand", strings.Replace(goodRule, "match: [tender]", "match:\n      near: [a]\n      within: 2", 1), "a.yaml:8: rule t.one: match: near needs exactly two operands"},
		{"missing description", strings.Replace(goodRule, "    description: test rule\n", "", 1), "rule t.one: missing description"},
		{"duplicate id", goodRule + strings.TrimPrefix(goodRule, "rules:\n"), "rule t.one: duplicate id"},
		{"two kinds", strings.Replace(goodRule, "match: [tender]", "match:\n      terms: [a]\n      any: [b]", 1), "exactly one of"},
		{"bad yaml", "rules: [\n", "a.yaml:"},
		{"alias in its own anchor", strings.Replace(goodRule, "match: [tender]", "match: &m\n      any: [[tender], *m]", 1), "a.yaml:8: rule t.one: alias *m refers to an expression that contains it"},
		{"alias cycle through a second anchor", strings.Replace(goodRule, "match: [tender]", "match: &m\n      any: [[tender], &n {all: [[bid], *m]}, *n]", 1), "alias *m refers to an expression that contains it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(tt.file)}})
			if err == nil {
				t.Fatal("no error")
			}
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Errorf("code = %s, want invalid", govwire.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadGoodAndHash(t *testing.T) {
	a, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(goodRule)}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(goodRule + "# comment\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Ruleset() == b.Ruleset() || !strings.HasPrefix(a.Ruleset(), "rs-") {
		t.Errorf("rulesets %q and %q: want distinct rs- hashes", a.Ruleset(), b.Ruleset())
	}
	if _, err := Load(t.TempDir()); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty dir: err = %v, want invalid", err)
	}
	if _, err := Load("/no/such/dir"); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("missing dir: err = %v, want invalid", err)
	}
}

// FuzzLoad feeds arbitrary bytes to the rule-file decoder: it must never
// panic, and every failure must be an EINVALID error.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(goodRule))
	f.Add([]byte("lists:\n  - name: x\n    terms: [a~, \"=b c\", re-d]\nrules:\n  - id: r\n    label: bid\n    version: 1\n    description: d\n    match: {near: [\"@x\", [e]], within: 2}\n"))
	f.Add([]byte("rules: [{id: a, match: {any: []}}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := LoadFS(fstest.MapFS{"f.yaml": {Data: data}})
		if err != nil {
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Fatalf("error %v has code %s, want invalid", err, govwire.ErrorCode(err))
			}
			return
		}
		e.Classify(govwire.Document{Title: "a tender", Text: string(data)})
	})
}
