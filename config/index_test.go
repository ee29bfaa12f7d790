package config

import (
	"strings"
	"testing"
)

// TestIndexConfig: index.mapped_budget_mb defaults to 0 (the index's
// default), takes a size or -1 (off), refuses anything below -1 with the
// file and line, and converts to bytes.
func TestIndexConfig(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		mb        int
		bytes     int64
		want      string // the error, "" for none
	}{
		{"default", "", 0, 0, ""},
		{"size", "index:\n  mapped_budget_mb: 512\n", 512, 512 << 20, ""},
		{"off", "index: {mapped_budget_mb: -1}\n", -1, -1, ""},
		{"below -1", "data_dir: /tmp/x\nindex:\n  mapped_budget_mb: -5\n", 0, 0, "bad.yaml:3: index.mapped_budget_mb: -5: must be a size in MB"},
		{"misspelt", "index:\n  mapped_budget: 5\n", 0, 0, `bad.yaml:2: index.mapped_budget: unknown key (did you mean "mapped_budget_mb"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("bad.yaml", []byte(tc.src))
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Index.MappedBudgetMB != tc.mb || c.Index.MappedBudget() != tc.bytes {
				t.Errorf("index = %+v (%d bytes), want %d MB (%d bytes)", c.Index, c.Index.MappedBudget(), tc.mb, tc.bytes)
			}
		})
	}
}
