package classify

import (
	"fmt"
	"strings"
)

// termSet compiles a list of terms into a term set id.
func (c *compiler) termSet(terms []string) (int32, error) {
	if len(terms) == 0 {
		return 0, fmt.Errorf("empty term list")
	}
	key := strings.Join(terms, "\x00")
	if id, ok := c.setByKey[key]; ok {
		return id, nil
	}
	id := c.nsets
	c.nsets++
	add := func(text string) {
		p := c.pattern(text)
		for _, s := range c.patterns[p].sets {
			if s == id {
				return
			}
		}
		c.patterns[p].sets = append(c.patterns[p].sets, id)
		c.maxTok[id] = max(c.maxTok[id], c.patterns[p].ntok)
	}
	phrases, err := c.resolve(terms, true, 0)
	if err != nil {
		return 0, err
	}
	for _, ph := range phrases {
		vs, err := phraseVariants(ph.text, ph.expand)
		if err != nil {
			return 0, err
		}
		for _, v := range vs {
			add(v)
		}
	}
	c.setByKey[key] = id
	return id, nil
}

// phrase is a term to fold, with whether to add plurals.
type phrase struct {
	text   string
	expand bool
}

// resolve expands "@list" references, recursively, into phrases.
func (c *compiler) resolve(terms []string, expand bool, depth int) ([]phrase, error) {
	return c.resolveLists(terms, expand, depth, map[string][]phrase{})
}

// resolveLists is resolve with the phrases of every list already expanded
// in this call (a list's phrases do not depend on who refers to it), each
// phrase once, in order of first appearance, so that lists referring
// several times to other lists cost their size, not the number of paths
// through them (a few hundred bytes of rule file could otherwise ask for
// billions of phrases).
func (c *compiler) resolveLists(terms []string, expand bool, depth int, done map[string][]phrase) ([]phrase, error) {
	if depth > 8 {
		return nil, fmt.Errorf("lists refer to each other too deeply (a cycle?)")
	}
	var out []phrase
	seen := map[phrase]bool{}
	add := func(ps ...phrase) {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	for _, t := range terms {
		name, ok := strings.CutPrefix(t, "@")
		if !ok {
			add(phrase{t, expand})
			continue
		}
		if sub, ok := done[name]; ok {
			add(sub...)
			continue
		}
		l := c.lists[name]
		if l == nil {
			return nil, fmt.Errorf("unknown list @%s", name)
		}
		sub, err := c.resolveLists(l.Terms, l.Forms != "exact", depth+1, done)
		if err != nil {
			return nil, err
		}
		for _, en := range l.Entries {
			for _, a := range append([]string{en.Name}, en.Aliases...) {
				sub = append(sub, phrase{a, l.Forms == "plural"})
			}
		}
		done[name] = sub
		add(sub...)
	}
	return out, nil
}

// phraseVariants folds a phrase as written in a rule into the literal
// texts the automaton looks for: "=" exact, "word~" verb forms, hyphenated
// words both split and joined, content words with their plurals.
func phraseVariants(p string, expand bool) ([]string, error) {
	if rest, ok := strings.CutPrefix(p, "="); ok {
		p, expand = rest, false
	}
	var alts [][]string // per output word position group: alternatives as word lists
	var groups [][][]string
	for _, raw := range strings.Fields(p) {
		verb := strings.HasSuffix(raw, "~")
		raw = strings.TrimSuffix(raw, "~")
		words := foldWords(raw)
		if len(words) == 0 {
			continue
		}
		if verb {
			words[len(words)-1] += "~"
		}
		g := [][]string{words}
		if len(words) > 1 && strings.Contains(raw, "-") {
			g = append(g, []string{strings.Join(words, "")})
		}
		groups = append(groups, g)
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("phrase %q has no words", p)
	}
	alts = [][]string{nil}
	for _, g := range groups {
		var next [][]string
		for _, a := range alts {
			for _, ws := range g {
				next = append(next, append(append([]string(nil), a...), ws...))
			}
		}
		alts = next[:min(len(next), maxVariants)] // as expandPhrase: n hyphenated words would make 2^n
	}
	seen := map[string]bool{}
	var out []string
	for _, ws := range alts {
		for _, v := range expandPhrase(ws, expand) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out, nil
}

// foldWords folds one written word into the words the tokenizer yields.
func foldWords(s string) []string {
	var f folder
	f.add(s, fieldText)
	out := make([]string, len(f.toks))
	for i := range f.toks {
		out[i] = string(f.word(i))
	}
	return out
}
