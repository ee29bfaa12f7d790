package main

import (
	"slices"
	"testing"
)

// TestQuerySourceMatchesList checks that the client process, making its
// own list from a querySource, sends exactly the queries the server process
// used to send it: the list without the comparison's tail (or the whole
// list when it repeats).
func TestQuerySourceMatchesList(t *testing.T) {
	for _, spec := range []string{"unique", "fixed"} {
		src := querySource{Spec: spec, N: 1200, Seed: 3, CorpusSeed: 7, KeepBack: 200}
		got, repeat, err := src.queries()
		if err != nil {
			t.Fatal(err)
		}
		qs, err := loadQueries(spec, 1200, 3, 7)
		if err != nil {
			t.Fatal(err)
		}
		want := qs.list
		if !qs.repeat {
			want = want[:len(want)-200]
		}
		if repeat != qs.repeat || !slices.Equal(got, want) {
			t.Errorf("%s: client list of %d (repeat %v), want %d (repeat %v)", spec, len(got), repeat, len(want), qs.repeat)
		}
	}
}

// TestReadMemory checks the split the report relies on: the kernel's anon
// and file parts add up to the RSS and the Go runtime's figures are set.
func TestReadMemory(t *testing.T) {
	s, err := readMemory()
	if err != nil {
		t.Fatal(err)
	}
	if s.RSS <= 0 || s.Anon <= 0 || s.File <= 0 || s.Anon+s.File != s.RSS {
		t.Errorf("rss %d, anon %d, file %d", s.RSS, s.Anon, s.File)
	}
	if s.GoTotal <= 0 || s.HeapLive <= 0 || s.HeapGoal < s.HeapLive {
		t.Errorf("go runtime %d, heap live %d, goal %d", s.GoTotal, s.HeapLive, s.HeapGoal)
	}
}
