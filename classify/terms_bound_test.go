package classify

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestHostileTermExpansion loads two rule files of a few hundred bytes
// that used to ask for an exponential number of phrases: lists that refer
// several times to the next list (8^7 paths: 20 s and growing with each
// reference), and a phrase of 22 hyphenated words (2^22 split/joined
// variants: over 4 GB of memory). A rule edit picked up by hot reload
// could take the server down this way. Each must load quickly.
func TestHostileTermExpansion(t *testing.T) {
	var lists strings.Builder
	lists.WriteString("lists:\n")
	for i := 0; i < 7; i++ {
		ref := fmt.Sprintf(`"@a%d"`, i+1)
		fmt.Fprintf(&lists, "  - name: a%d\n    terms: [%s]\n", i, strings.Repeat(ref+", ", 9)+ref)
	}
	lists.WriteString("  - name: a7\n    terms: [cloud contract]\n")
	rule := "rules:\n  - id: r\n    label: bid\n    version: 1\n    description: d\n    match: [%s]\n"
	for name, file := range map[string]string{
		"lists":      lists.String() + fmt.Sprintf(rule, `"@a0"`),
		"hyphenated": fmt.Sprintf(rule, `"`+strings.TrimSpace(strings.Repeat("cloud-contract ", 22))+`"`),
	} {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := LoadFS(fstest.MapFS{"r.yaml": {Data: []byte(file)}})
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("loading took over 10 s")
			}
		})
	}
}
