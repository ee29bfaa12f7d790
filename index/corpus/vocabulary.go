package corpus

import (
	"slices"
	"strings"
)

// Vocabulary is what a generated corpus is made of, for tools that need
// realistic queries over it (cmd/loadtest draws unique queries from it).
type Vocabulary struct {
	// Words are the common words of titles, sentences and filler, lower
	// case, without template slots, sorted and unique.
	Words []string
	// Phrases are word pairs that occur side by side in the templates.
	Phrases []string
	// Rare are the long tail of made-up words, most frequent first.
	Rare []string
	// Sources, Vendors, Agencies and Programmes are the entity values.
	Sources, Vendors, Agencies, Programmes []string
}

// Vocabulary returns the vocabulary of the corpus g generates (its rare
// words depend on the seed).
func (g *Generator) Vocabulary() Vocabulary {
	v := Vocabulary{Rare: slices.Clone(g.rare), Sources: slices.Clone(sources), Vendors: slices.Clone(vendors),
		Agencies: slices.Clone(agencies), Programmes: slices.Clone(programmes)}
	words, phrases := map[string]bool{}, map[string]bool{}
	add := func(text string) {
		prev := ""
		for _, w := range strings.Fields(text) {
			w = strings.ToLower(strings.Trim(w, ".,;:!?'\""))
			if w == "" || strings.ContainsAny(w, "{}$") || len(w) < 3 {
				prev = ""
				continue
			}
			words[w] = true
			if prev != "" {
				phrases[prev+" "+w] = true
			}
			prev = w
		}
	}
	for _, m := range []map[string][]string{titles, sentences} {
		for _, ts := range m {
			for _, t := range ts {
				add(t)
			}
		}
	}
	for _, w := range filler {
		add(w)
	}
	for w := range words {
		v.Words = append(v.Words, w)
	}
	for p := range phrases {
		v.Phrases = append(v.Phrases, p)
	}
	slices.Sort(v.Words)
	slices.Sort(v.Phrases)
	return v
}
