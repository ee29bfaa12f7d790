package classify

import "testing"

// TestBuiltinExamples runs the examples written inside the built-in rule
// files, as "govwire rules test" does.
func TestBuiltinExamples(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	results := e.TestExamples()
	if len(results) < 50 {
		t.Fatalf("only %d examples; every rule should carry some", len(results))
	}
	for _, r := range ExampleFailures(results) {
		t.Errorf("%s: %s", r.File, r)
	}
}
