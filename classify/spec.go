package classify

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// fileSpec is one rule file as written: term lists and rules.
type fileSpec struct {
	Lists []listSpec `yaml:"lists"`
	Rules []ruleSpec `yaml:"rules"`
}

// listSpec is a named term list or gazetteer, referred to as "@name".
type listSpec struct {
	Name        string      `yaml:"name"`
	Description string      `yaml:"description"`
	Entity      string      `yaml:"entity"` // entity type its entries yield, if any
	Forms       string      `yaml:"forms"`  // "plural" (default for terms) or "exact" (default for entries)
	Terms       []string    `yaml:"terms"`
	Entries     []entrySpec `yaml:"entries"`
	Line        int         `yaml:"-"`
}

// entrySpec is one gazetteer entry: a canonical name and its aliases.
type entrySpec struct {
	Name      string   `yaml:"name"`
	Aliases   []string `yaml:"aliases"`
	ValidFrom string   `yaml:"valid_from"` // YYYY-MM-DD; only documents published on or after
	ValidTo   string   `yaml:"valid_to"`   // YYYY-MM-DD; only documents published on or before
}

// ruleSpec is one rule as written.
type ruleSpec struct {
	ID          string             `yaml:"id"`
	Label       string             `yaml:"label"`
	Version     int                `yaml:"version"`
	Status      string             `yaml:"status"`
	Description string             `yaml:"description"`
	Scope       []string           `yaml:"scope"`
	Weight      *float64           `yaml:"weight"`
	Threshold   *float64           `yaml:"threshold"`
	MinHits     int                `yaml:"min_hits"`
	Fields      map[string]float64 `yaml:"field_weights"`
	Match       *exprSpec          `yaml:"match"`
	Unless      *exprSpec          `yaml:"unless"`
	Examples    examplesSpec       `yaml:"examples"`
	Line        int                `yaml:"-"`
}

// examplesSpec holds a rule's own tests.
type examplesSpec struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"no_match"`
	Todo    []string `yaml:"todo"`
}

// exprSpec is one node of a rule's match expression. Exactly one of Terms,
// Any, All, None or Near is set. A plain string or a list of strings
// stands for Terms.
type exprSpec struct {
	Terms         []string
	Any           []*exprSpec
	All           []*exprSpec
	None          []*exprSpec
	Near          []*exprSpec
	Within        int
	Ordered       bool
	CrossSentence bool
	SameParagraph bool // near only: the two hits may be in different sentences of one paragraph
	Capitalized   bool // terms only: every word of a hit (short words aside) starts with a capital letter
	NotInName     bool // terms only: a capitalised hit that a capitalised word continues, outside the title, is part of a name
	Weight        *float64
	UnlessBefore  contextList
	UnlessAfter   contextList
	UnlessNear    contextList
	Line          int
}

// contextList is one or more contexts of an exception: a single context
// (a mapping, or a plain list of terms), or a list of mappings, each with
// its own terms and distance.
type contextList []*contextSpec

// UnmarshalYAML decodes a single context or a list of context mappings.
func (l *contextList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
		for _, item := range n.Content {
			if item.Kind != yaml.MappingNode {
				return fmt.Errorf("line %d: a list of contexts holds only mappings ({terms: [...], within: N})", item.Line)
			}
			c := &contextSpec{}
			if err := item.Decode(c); err != nil {
				return err
			}
			*l = append(*l, c)
		}
		return nil
	}
	c := &contextSpec{}
	if err := n.Decode(c); err != nil {
		return err
	}
	*l = contextList{c}
	return nil
}

// contextSpec names terms that cancel a hit when they occur within Within
// tokens of it.
type contextSpec struct {
	Terms     []string `yaml:"terms"`
	Within    int      `yaml:"within"`
	Lowercase bool     `yaml:"lowercase"` // a hit capitalised mid-sentence in the text is a name, not this word
	Line      int      `yaml:"-"`
}

// exprKeys are the keys an expression mapping may have.
var exprKeys = map[string]bool{
	"terms": true, "any": true, "all": true, "none": true, "near": true, "within": true, "ordered": true,
	"cross_sentence": true, "same_paragraph": true, "capitalized": true, "not_in_name": true, "weight": true, "unless_preceded_by": true, "unless_followed_by": true,
	"unless_near": true,
}

// UnmarshalYAML decodes an expression strictly, accepting the string and
// list-of-strings shorthands for terms.
func (e *exprSpec) UnmarshalYAML(n *yaml.Node) error {
	e.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		e.Terms = []string{n.Value}
		return nil
	case yaml.SequenceNode:
		return n.Decode(&e.Terms)
	case yaml.MappingNode:
	default:
		return fmt.Errorf("line %d: an expression must be a term, a list of terms or a mapping", n.Line)
	}
	var raw struct {
		Terms         []string    `yaml:"terms"`
		Any           []*exprSpec `yaml:"any"`
		All           []*exprSpec `yaml:"all"`
		None          []*exprSpec `yaml:"none"`
		Near          []*exprSpec `yaml:"near"`
		Within        int         `yaml:"within"`
		Ordered       bool        `yaml:"ordered"`
		CrossSentence bool        `yaml:"cross_sentence"`
		SameParagraph bool        `yaml:"same_paragraph"`
		Capitalized   bool        `yaml:"capitalized"`
		NotInName     bool        `yaml:"not_in_name"`
		Weight        *float64    `yaml:"weight"`
		UnlessBefore  contextList `yaml:"unless_preceded_by"`
		UnlessAfter   contextList `yaml:"unless_followed_by"`
		UnlessNear    contextList `yaml:"unless_near"`
	}
	if err := strictKeys(n, exprKeys); err != nil {
		return err
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	*e = exprSpec{Terms: raw.Terms, Any: raw.Any, All: raw.All, None: raw.None, Near: raw.Near,
		Within: raw.Within, Ordered: raw.Ordered, CrossSentence: raw.CrossSentence, SameParagraph: raw.SameParagraph, Capitalized: raw.Capitalized, NotInName: raw.NotInName, Weight: raw.Weight,
		UnlessBefore: raw.UnlessBefore, UnlessAfter: raw.UnlessAfter, UnlessNear: raw.UnlessNear, Line: n.Line}
	return nil
}

// UnmarshalYAML decodes a context strictly; a plain list means terms
// within 3 tokens.
func (c *contextSpec) UnmarshalYAML(n *yaml.Node) error {
	c.Line = n.Line
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.ScalarNode {
		c.Within = 3
		if n.Kind == yaml.ScalarNode {
			c.Terms = []string{n.Value}
			return nil
		}
		return n.Decode(&c.Terms)
	}
	if err := strictKeys(n, map[string]bool{"terms": true, "within": true, "lowercase": true}); err != nil {
		return err
	}
	var raw struct {
		Terms     []string `yaml:"terms"`
		Within    int      `yaml:"within"`
		Lowercase bool     `yaml:"lowercase"`
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	c.Terms, c.Within, c.Lowercase = raw.Terms, raw.Within, raw.Lowercase
	return nil
}

// strictKeys fails on a mapping key outside allowed, naming its line.
func strictKeys(n *yaml.Node, allowed map[string]bool) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !allowed[k.Value] {
			return fmt.Errorf("line %d: unknown key %q", k.Line, k.Value)
		}
	}
	return nil
}
