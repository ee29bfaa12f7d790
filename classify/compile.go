package classify

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// LabelOnTopic is the pseudo-label of the topic-gate rules.
const LabelOnTopic = "on_topic"

// Rule statuses. Experimental rules are evaluated and reported by eval
// but add nothing to scores; deprecated rules are not evaluated.
const (
	StatusExperimental = "experimental"
	StatusTest         = "test"
	StatusStable       = "stable"
	StatusDeprecated   = "deprecated"
)

// Scopes a rule can be limited to.
const (
	scopeTitle uint8 = 1 << iota
	scopeLead
	scopeBody
	scopeAll = scopeTitle | scopeLead | scopeBody
)

type nodeKind uint8

const (
	nodeTerms nodeKind = iota
	nodeAny
	nodeAll
	nodeNone
	nodeNear
)

// node is a compiled expression.
type node struct {
	kind    nodeKind
	set     int32 // nodeTerms: term set id
	kids    []*node
	within  int
	ordered bool
	cross   bool
	para    bool // near: across the sentences of one paragraph (cross is then false)
	inside  bool // nodeNear: a span strictly inside the other operand's joined span counts as adjacent
	caps    bool // nodeTerms: hits must be capitalised in the text
	notName bool // nodeTerms: hits inside a longer capitalised name do not count
	weight  float64
	before  []ctxCheck // unless_preceded_by contexts
	after   []ctxCheck // unless_followed_by contexts
	around  []ctxCheck // unless_near contexts
	// needs (all and near) are the term sets each of which must have a hit
	// somewhere in the document for the node to hold: eval checks them
	// before evaluating any operand, so that a node whose rare operand is
	// absent costs a few length checks, not its other operands' work.
	needs []int32
}

// ctxCheck cancels a hit when a term of set occurs within `within` words.
type ctxCheck struct {
	set    int32
	within int
	maxTok int32 // words in the set's longest phrase
	lower  bool  // hits written with a capital mid-sentence in the text do not count
}

// rule is a compiled rule.
type rule struct {
	id, label, status, description, file string
	version, line                        int
	weight, threshold                    float64
	minHits                              int
	scope                                uint8
	fieldWeight                          [3]float64 // title, lead, body
	match, unless                        *node
	examples                             examplesSpec
}

// active reports whether the rule adds to scores.
func (r *rule) active() bool { return r.status == StatusTest || r.status == StatusStable }

// pattern is one literal of the automaton and what it stands for.
type pattern struct {
	ntok int
	sets []int32
	ents []entRef
}

// entRef is a gazetteer entry a pattern names.
type entRef struct {
	typ, value string
	from, to   time.Time
}

// compiler builds an Engine from decoded files.
type compiler struct {
	lists    map[string]*listSpec
	patterns []pattern
	byText   map[string]int
	texts    []string
	setByKey map[string]int32
	nsets    int32
	maxTok   map[int32]int // words in each set's longest phrase
}

// compile turns decoded rule files into an Engine.
func compile(files []ruleFile) (*Engine, error) {
	c := &compiler{lists: map[string]*listSpec{}, byText: map[string]int{}, setByKey: map[string]int32{}, maxTok: map[int32]int{}}
	for _, f := range files {
		for i := range f.spec.Lists {
			l := &f.spec.Lists[i]
			if err := c.addList(f.name, l); err != nil {
				return nil, err
			}
		}
	}
	e := &Engine{}
	seen := map[string]string{}
	for _, f := range files {
		for i := range f.spec.Rules {
			rs := &f.spec.Rules[i]
			r, err := c.rule(f.name, rs)
			if err != nil {
				return nil, err
			}
			if prev, ok := seen[r.id]; ok {
				return nil, govwire.Errorf(govwire.EINVALID, "%s:%d: rule %s: duplicate id (first in %s)", f.name, rs.Line, r.id, prev)
			}
			seen[r.id] = fmt.Sprintf("%s:%d", f.name, rs.Line)
			e.rules = append(e.rules, r)
		}
	}
	for _, f := range files {
		for i := range f.spec.Lists {
			if err := c.addEntities(f.name, &f.spec.Lists[i]); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].id < e.rules[j].id })
	vocab, encoded, err := encodePatterns(c.texts)
	if err != nil {
		return nil, err
	}
	e.vocab = newWordTable(vocab)
	if e.ac, err = newWordAC(encoded, len(vocab)); err != nil {
		return nil, err
	}
	e.patterns = c.patterns
	e.buildEmissions()
	e.nsets = int(c.nsets)
	e.texts = c.texts
	e.initPool()
	return e, nil
}

// addList registers a named list after checking it.
func (c *compiler) addList(file string, l *listSpec) error {
	where := fmt.Sprintf("%s:%d: list %s", file, l.Line, l.Name)
	switch {
	case l.Name == "":
		return govwire.Errorf(govwire.EINVALID, "%s:%d: list without a name", file, l.Line)
	case c.lists[l.Name] != nil:
		return govwire.Errorf(govwire.EINVALID, "%s: duplicate list name", where)
	case l.Forms != "" && l.Forms != "plural" && l.Forms != "exact":
		return govwire.Errorf(govwire.EINVALID, "%s: forms must be plural or exact, not %q", where, l.Forms)
	case l.Entity != "" && !validEntity(l.Entity):
		return govwire.Errorf(govwire.EINVALID, "%s: unknown entity type %q", where, l.Entity)
	case len(l.Terms) == 0 && len(l.Entries) == 0:
		return govwire.Errorf(govwire.EINVALID, "%s: no terms and no entries", where)
	}
	for _, en := range l.Entries {
		if en.Name == "" {
			return govwire.Errorf(govwire.EINVALID, "%s: entry without a name", where)
		}
		for _, d := range []string{en.ValidFrom, en.ValidTo} {
			if d != "" {
				if _, err := time.Parse(time.DateOnly, d); err != nil {
					return govwire.Errorf(govwire.EINVALID, "%s: entry %s: bad date %q (want YYYY-MM-DD)", where, en.Name, d)
				}
			}
		}
	}
	c.lists[l.Name] = l
	return nil
}

func validEntity(t string) bool {
	switch t {
	case govwire.EntityAgency, govwire.EntityVendor, govwire.EntityProgramme, govwire.EntityMoney, govwire.EntityIdentifier:
		return true
	}
	return false
}

// addEntities adds the patterns that make a gazetteer's entries entities.
func (c *compiler) addEntities(file string, l *listSpec) error {
	if l.Entity == "" {
		return nil
	}
	for _, en := range l.Entries {
		ref := entRef{typ: l.Entity, value: en.Name}
		ref.from, _ = time.Parse(time.DateOnly, en.ValidFrom)
		ref.to, _ = time.Parse(time.DateOnly, en.ValidTo)
		for _, alias := range append([]string{en.Name}, en.Aliases...) {
			vs, err := phraseVariants(alias, l.Forms == "plural")
			if err != nil {
				return govwire.Errorf(govwire.EINVALID, "%s:%d: list %s: %v", file, l.Line, l.Name, err)
			}
			for _, v := range vs {
				p := c.pattern(v)
				c.patterns[p].ents = append(c.patterns[p].ents, ref)
			}
		}
	}
	return nil
}

// pattern returns the id of folded literal text, adding it if new.
func (c *compiler) pattern(text string) int {
	if id, ok := c.byText[text]; ok {
		return id
	}
	id := len(c.texts)
	c.byText[text] = id
	c.texts = append(c.texts, text)
	c.patterns = append(c.patterns, pattern{ntok: strings.Count(text, " ") + 1})
	return id
}
