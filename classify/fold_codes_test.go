package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// encodeTokens is the reference for the codes Engine.encode writes from
// the engine's tokens: each token's code looked up from its folded form in
// the reference folder's buffer, a barrier at every change of sentence, and a
// run of barriers and unknown words written as one code 0.
func encodeTokens(vocab *wordTable, ref *folder) (codes []uint16, unitTok []int32) {
	zero := true
	prevSent := int32(-1)
	if len(ref.toks) > 0 {
		prevSent = ref.toks[0].sent
	}
	for k := range ref.toks {
		if s := ref.toks[k].sent; s != prevSent {
			prevSent = s
			if !zero {
				codes, unitTok, zero = append(codes, 0), append(unitTok, -1), true
			}
		}
		c := vocab.code(ref.word(k))
		if c == 0 {
			if !zero {
				codes, unitTok, zero = append(codes, 0), append(unitTok, int32(k)), true
			}
			continue
		}
		codes, unitTok, zero = append(codes, c), append(unitTok, int32(k)), false
	}
	return codes, unitTok
}

// checkFoldCodes folds title and text with the engine's folder (no
// buffer, ASCII words coded from the text as they are read; the automaton
// codes written from its tokens by Engine.encode) and with the reference
// folder (the folded buffer), and fails unless every token, word code and
// automaton code agrees.
func checkFoldCodes(t *testing.T, e *Engine, title, text string) {
	t.Helper()
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	sc.reset()
	sc.f.add(title, fieldTitle)
	sc.f.add(text, fieldText)
	e.encode(sc)
	var ref folder
	ref.add(title, fieldTitle)
	ref.add(text, fieldText)
	if len(sc.f.toks) != len(ref.toks) {
		t.Fatalf("title %q text %q: %d tokens, reference %d", title, text, len(sc.f.toks), len(ref.toks))
	}
	for k, got := range sc.f.toks {
		want := ref.toks[k]
		want.code = e.vocab.code(ref.word(k))
		if got != want {
			t.Fatalf("title %q text %q: token %d (%q) is %+v, reference %+v", title, text, k, ref.word(k), got, want)
		}
	}
	codes, unitTok := encodeTokens(e.vocab, &ref)
	if !slices.Equal(sc.codes, codes) || !slices.Equal(sc.unitTok, unitTok) {
		t.Fatalf("title %q text %q: codes %v %v, reference %v %v", title, text, sc.codes, sc.unitTok, codes, unitTok)
	}
}

// TestFoldCodesAgainstReference runs checkFoldCodes on every text of
// testdata and on variants of them: rule words in any case, long words,
// words run into non-ASCII letters, soft hyphens, curly quotes and
// line-break hyphens, abbreviations before full stops, texts cut anywhere.
func TestFoldCodesAgainstReference(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	titles, bodies := testdataTexts(t)
	texts := append(titles, bodies...)
	if len(texts) < 100 {
		t.Fatalf("only %d texts in testdata", len(texts))
	}
	for _, s := range texts {
		checkFoldCodes(t, e, "", s)
	}
	var words []string
	for _, text := range e.texts {
		words = append(words, strings.Fields(text)...)
	}
	noise := []string{"é", "Ü", "\u00ad", "’", "”", "-\n", "-\r\n", "-", ".", " U.S. ", " Inc. ", " No. 5", "!", ";", "\n\n",
		"\u212a", "\u0130", "\xff", "ﬁ", "0", "B-416657.2", "procurement", "PROCUREMENTS", "administrations", "x",
		"ABCDEFG", "abcdefgh", "Abcdefghi", "ABCDEFGHIJKLMNOP", "abcdefghijklmnopq", "CYBERSECURITY", "telecommunications"}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for w := 0; w < 1+rng.IntN(40); w++ {
			switch rng.IntN(4) {
			case 0:
				b.WriteString(noise[rng.IntN(len(noise))])
			case 1:
				b.WriteString(strings.ToUpper(words[rng.IntN(len(words))]))
			default:
				b.WriteString(words[rng.IntN(len(words))])
			}
			if rng.IntN(3) > 0 {
				b.WriteByte(" \n,.("[rng.IntN(5)])
			}
		}
		s := b.String()
		if rng.IntN(4) == 0 {
			s = s[rng.IntN(len(s)+1):]
		}
		checkFoldCodes(t, e, texts[rng.IntN(len(texts))][:rng.IntN(20)], s)
	}
}

// FuzzFoldCodes checks checkFoldCodes on any title and text.
func FuzzFoldCodes(f *testing.F) {
	f.Add("Pentagon awards $9B cloud deal", "The U.S. Army’s govern-\nment CLOUD procurement\u00ad tender. Then Zürich.")
	f.Add("", "Administrations\u212a 12345678901 é-\nx")
	e, err := Load("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		checkFoldCodes(t, e, title, text)
	})
}
