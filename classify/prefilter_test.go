package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire"
)

// TestMayBeOnTopicNeverDropsOnTopic runs the pre-filter over every
// document of the test sets (and the dev sets beside the repository when
// they are there): no document Classify finds on topic may be refused,
// and a fair share of the off-topic ones must be, or the filter saves
// nothing.
func TestMayBeOnTopicNeverDropsOnTopic(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/*.jsonl")
	for _, dev := range []string{"../../shared/eval/dev.jsonl", "../../shared/eval/dev2.jsonl"} {
		if _, err := os.Stat(dev); err == nil {
			files = append(files, dev)
		}
	}
	var on, off, refused int
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := readCases(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, c := range cases {
			d := c.Document()
			may := e.MayBeOnTopic(d.Title + "\n" + d.Text)
			if e.Classify(d).OnTopic {
				on++
				if !may {
					t.Errorf("%s %s: on topic, but the pre-filter refused it", name, c.ID)
				}
				continue
			}
			off++
			if !may {
				refused++
			}
		}
	}
	t.Logf("%d files: %d on topic all kept; %d of %d off-topic refused", len(files), on, refused, off)
	if on == 0 || off == 0 || refused == 0 {
		t.Errorf("on %d off %d refused %d: the sets should hold both kinds and the filter refuse some", on, off, refused)
	}
	if e.MayBeOnTopic("The weather in Leeds was mild on Tuesday, and the football results were mixed.") {
		t.Error("a weather report may be on topic?")
	}
	if !e.MayBeOnTopic("<p>The Pentagon awarded the <b>JWCC</b> cloud contract to four vendors.</p>") {
		t.Error("the JWCC award was refused")
	}
}

// TestMayBeOnTopicRuleWithoutTerms: an on_topic rule that can fire with
// no term at all (a bare none:) makes every text pass.
func TestMayBeOnTopicRuleWithoutTerms(t *testing.T) {
	src := func(match string) fstest.MapFS {
		return fstest.MapFS{"r.yaml": {Data: []byte(strings.Join([]string{
			"lists:",
			"  - name: cloud",
			"    terms: [cloud contract]",
			"rules:",
			"  - id: topic.x",
			"    label: on_topic",
			"    status: stable",
			"    version: 1",
			"    description: test rule",
			"    weight: 1",
			"    match: " + match,
		}, "\n"))}}
	}
	e, err := LoadFS(src("{any: ['@cloud']}"))
	if err != nil {
		t.Fatal(err)
	}
	if e.MayBeOnTopic("nothing to see") || !e.MayBeOnTopic("a Cloud-Contract here") {
		t.Error("terms rule: wrong answers")
	}
	e, err = LoadFS(src("{none: ['@cloud']}"))
	if err != nil {
		t.Fatal(err)
	}
	if !e.MayBeOnTopic("nothing to see") {
		t.Error("a rule that fires without terms must turn the pre-filter off")
	}
}

// TestMayBeOnTopicSharper: what a rule's unless: requires counts, a rule
// too weak to open the gate alone does not, and a line break inside a
// phrase (raw HTML wraps lines) does not hide it.
func TestMayBeOnTopicSharper(t *testing.T) {
	rules := func(extra ...string) fstest.MapFS {
		lines := append([]string{
			"lists:",
			"  - name: cloud",
			"    terms: [cloud contract]",
			"  - name: buyer",
			"    terms: [ministry, agency]",
			"rules:",
		}, extra...)
		return fstest.MapFS{"r.yaml": {Data: []byte(strings.Join(lines, "\n"))}}
	}
	rule := func(id, weight, match, unless string) []string {
		r := []string{"  - id: " + id, "    label: on_topic", "    status: stable", "    version: 1",
			"    description: test rule", "    weight: " + weight, "    match: " + match}
		if unless != "" {
			r = append(r, "    unless: "+unless)
		}
		return r
	}
	e, err := LoadFS(rules(rule("topic.x", "1", "'@cloud'", "{none: ['@buyer']}")...))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"a cloud contract for a retailer":           false, // no buyer: the unless: holds
		"the Agency signed a cloud contract":        true,
		"the ministry's cloud\ncontract was signed": true, // a line break inside the phrase
		"a cloud. Contract news from the ministry":  true, // errs towards true across sentences
		"the ministry met on Tuesday":               false,
	} {
		if got := e.MayBeOnTopic(text); got != want {
			t.Errorf("%q: MayBeOnTopic = %v, want %v", text, got, want)
		}
		if d := (govwire.Document{Text: text}); e.Classify(d).OnTopic && !e.MayBeOnTopic(text) {
			t.Errorf("%q is on topic but refused", text)
		}
	}
	// A rule that scores 0.5 cannot open the gate alone: only the other one counts.
	weak := append(rule("topic.weak", "0.5", "'@buyer'", ""), rule("topic.x", "1", "'@cloud'", "")...)
	if e, err = LoadFS(rules(weak...)); err != nil {
		t.Fatal(err)
	}
	if e.MayBeOnTopic("the ministry met on Tuesday") || !e.MayBeOnTopic("a cloud contract") {
		t.Error("a rule of weight 0.5 opened the pre-filter, or the cloud rule did not")
	}
}

// BenchmarkMayBeOnTopic measures the pre-filter against Classify on the
// same varied articles (MB/s of text).
func BenchmarkMayBeOnTopic(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open("testdata/heldout.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	cases, err := readCases(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	size := 0
	for _, c := range cases {
		texts = append(texts, c.Title+"\n"+c.Text)
		size += len(c.Title) + 1 + len(c.Text)
	}
	b.Run("prefilter", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, t := range texts {
				e.MayBeOnTopic(t)
			}
		}
	})
	b.Run("classify", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, c := range cases {
				e.Classify(c.Document())
			}
		}
	})
}
