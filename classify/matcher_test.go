package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// TestFold checks tokenising and folding: case, curly quotes, dashes,
// hyphens, soft hyphens, line-break hyphenation and non-ASCII letters, with
// every token's span pointing back at its original bytes.
func TestFold(t *testing.T) {
	tests := []struct {
		in   string
		want string // folded buffer
	}{
		{"Cloud Contract", "cloud contract"},
		{"the Pentagon’s “JEDI” deal", "the pentagon s jedi deal"},
		{"G-Cloud 12 — a multi‑vendor award", "g cloud 12 a multi vendor award"},
		{"govern-\nment cloud", "government cloud"},
		{"sover\u00adeign cloud", "sovereign cloud"},
		{"Zürich's Bundesamt", "zürich s bundesamt"},
		{"It was awarded. Then protested", "it was awarded\nthen protested"},
		{"The U.S. Army said", "the u s army said"},
		{"Title line\n\nBody", "title line\nbody"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var f folder
			f.add(tt.in, fieldText)
			if got := string(f.buf); got != tt.want {
				t.Errorf("folded %q, want %q", got, tt.want)
			}
			for k, tok := range f.toks {
				orig := strings.ToLower(strings.NewReplacer("\u00ad", "", "-\n", "").Replace(tt.in[tok.start:tok.end]))
				if orig != string(f.word(k)) {
					t.Errorf("token %d: original %q folds to %q", k, orig, f.word(k))
				}
			}
		})
	}
}

// naiveMatches finds whole-word pattern occurrences by brute force:
// strings.Index for every pattern at every position.
func naiveMatches(e *Engine, buf string) [][2]int {
	var out [][2]int
	for p, text := range e.texts {
		for from := 0; ; {
			i := strings.Index(buf[from:], text)
			if i < 0 {
				break
			}
			i += from
			end := i + len(text)
			if (i == 0 || buf[i-1] == sepWord || buf[i-1] == sepSentence) && (end == len(buf) || buf[end] == sepWord || buf[end] == sepSentence) {
				out = append(out, [2]int{p, i})
			}
			from = i + 1
		}
	}
	return out
}

// TestDifferential compares the automaton with the naive matcher on random
// documents built from rule words, punctuation and noise.
func TestDifferential(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	var vocab []string
	for _, text := range e.texts {
		vocab = append(vocab, strings.Fields(text)...)
	}
	vocab = append(vocab, "x", "Cloud", "AWARD", "—", "’s", ".", ",", "\n\n", "re-", "“", "”", "$10", "billion")
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for w := 0; w < 5+rng.IntN(60); w++ {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			b.WriteByte(" \n,"[rng.IntN(3)])
		}
		sc := e.pool.Get().(*scratch)
		sc.reset()
		sc.f.add(b.String(), fieldText)
		var ref folder // the folded buffer, which the engine's folder does not write
		ref.add(b.String(), fieldText)
		var got [][2]int
		e.walk(sc, func(pat, first int) { got = append(got, [2]int{pat, int(ref.folds[first])}) })
		want := naiveMatches(e, string(ref.buf))
		cmp := func(a, b [2]int) int {
			if a[1] != b[1] {
				return a[1] - b[1]
			}
			return a[0] - b[0]
		}
		slices.SortFunc(got, cmp)
		slices.SortFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("doc %d %q: automaton %d matches, naive %d", n, b.String(), len(got), len(want))
		}
	}
}

// FuzzClassify checks that any input classifies without panicking and
// that every evidence and entity span points at its own text.
func FuzzClassify(f *testing.F) {
	f.Add("Pentagon awards $9B cloud deal", "The GAO sustained a protest, B-416657, over the JEDI award.")
	f.Add("", "govern-\nment cloud\u00ad tender “bid” — £2.5bn")
	f.Add("x", "\xff\xfe $ 1. € m")
	e, err := Load("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		d := govwire.Document{Title: title, Text: text}
		c := e.Classify(d)
		src := map[string]string{"title": title, "text": text}
		for _, ev := range c.Evidence {
			s := src[ev.Field]
			if ev.Start < 0 || ev.End > len(s) || ev.Start > ev.End || s[ev.Start:ev.End] != ev.Text {
				t.Fatalf("bad evidence %+v", ev)
			}
		}
		for _, en := range c.Entities {
			s := src[en.Field]
			if en.Start < 0 || en.End > len(s) || en.Start > en.End || s[en.Start:en.End] != en.Text {
				t.Fatalf("bad entity %+v", en)
			}
		}
		if !c.OnTopic && len(c.Labels) > 0 {
			t.Fatalf("off topic with labels %v", c.Labels)
		}
	})
}
