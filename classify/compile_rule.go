package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govwire/govwire"
)

// rule checks and compiles one rule; errors name file, line and rule id.
func (c *compiler) rule(file string, rs *ruleSpec) (*rule, error) {
	fail := func(line int, format string, args ...any) error {
		if line == 0 {
			line = rs.Line
		}
		id := rs.ID
		if id == "" {
			id = "(no id)"
		}
		return govwire.Errorf(govwire.EINVALID, "%s:%d: rule %s: %s", file, line, id, fmt.Sprintf(format, args...))
	}
	switch {
	case rs.ID == "":
		return nil, fail(0, "missing id")
	case rs.Label != LabelOnTopic && !govwire.ValidLabel(rs.Label):
		return nil, fail(0, "unknown label %q (want on_topic, bid, award, protest or allegation)", rs.Label)
	case rs.Version < 1:
		return nil, fail(0, "version must be 1 or more")
	case rs.Description == "":
		return nil, fail(0, "missing description")
	case rs.Match == nil:
		return nil, fail(0, "missing match")
	}
	r := &rule{id: rs.ID, label: rs.Label, status: rs.Status, description: rs.Description, file: file,
		version: rs.Version, line: rs.Line, weight: 1, threshold: 1, minHits: rs.MinHits,
		fieldWeight: [3]float64{1, 1, 1}, examples: rs.Examples}
	switch rs.Status {
	case StatusExperimental, StatusTest, StatusStable, StatusDeprecated:
	case "":
		r.status = StatusStable
	default:
		return nil, fail(0, "unknown status %q (want experimental, test, stable or deprecated)", rs.Status)
	}
	if rs.Weight != nil {
		r.weight = *rs.Weight
	}
	if rs.Threshold != nil {
		r.threshold = *rs.Threshold
	}
	for k, w := range rs.Fields {
		i, ok := map[string]int{"title": 0, "lead": 1, "body": 2}[k]
		if !ok {
			return nil, fail(0, "unknown field %q in field_weights (want title, lead or body)", k)
		}
		r.fieldWeight[i] = w
	}
	if len(rs.Scope) == 0 {
		r.scope = scopeAll
	}
	for _, s := range rs.Scope {
		switch s {
		case "title":
			r.scope |= scopeTitle
		case "lead":
			r.scope |= scopeLead
		case "body":
			r.scope |= scopeBody | scopeLead
		default:
			return nil, fail(0, "unknown scope %q (want title, lead or body)", s)
		}
	}
	var err error
	if r.match, err = c.expr(rs.Match); err != nil {
		return nil, fail(lineOf(err, rs.Match.Line), "match: %v", unwrapLine(err))
	}
	if rs.Unless != nil {
		if r.unless, err = c.expr(rs.Unless); err != nil {
			return nil, fail(lineOf(err, rs.Unless.Line), "unless: %v", unwrapLine(err))
		}
	}
	return r, nil
}

// lineError carries the line of the expression at fault.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

func lineOf(err error, def int) int {
	if le, ok := err.(*lineError); ok && le.line > 0 {
		return le.line
	}
	return def
}

func unwrapLine(err error) error {
	if le, ok := err.(*lineError); ok {
		return le.err
	}
	return err
}

// expr compiles one expression node.
func (c *compiler) expr(s *exprSpec) (*node, error) {
	fail := func(format string, args ...any) error {
		return &lineError{line: s.Line, err: fmt.Errorf(format, args...)}
	}
	n := &node{weight: 1, within: s.Within, ordered: s.Ordered, cross: s.CrossSentence, para: s.SameParagraph, caps: s.Capitalized, notName: s.NotInName}
	if s.Weight != nil {
		n.weight = *s.Weight
	}
	kinds := 0
	for _, set := range []bool{len(s.Terms) > 0, s.Any != nil, s.All != nil, s.None != nil, s.Near != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return nil, fail("an expression needs exactly one of terms, any, all, none or near")
	}
	var kids []*exprSpec
	switch {
	case len(s.Terms) > 0:
		n.kind = nodeTerms
		id, err := c.termSet(s.Terms)
		if err != nil {
			return nil, fail("%v", err)
		}
		n.set = id
	case s.Any != nil:
		n.kind, kids = nodeAny, s.Any
	case s.All != nil:
		n.kind, kids = nodeAll, s.All
	case s.None != nil:
		n.kind, kids = nodeNone, s.None
	case s.Near != nil:
		n.kind, kids = nodeNear, s.Near
		if len(s.Near) != 2 {
			return nil, fail("near needs exactly two operands")
		}
		if s.Within < 0 {
			return nil, fail("near needs within >= 0")
		}
	}
	if n.kind != nodeNear && (s.Within != 0 || s.Ordered || s.CrossSentence || s.SameParagraph) {
		return nil, fail("within, ordered, cross_sentence and same_paragraph belong to near")
	}
	if s.CrossSentence && s.SameParagraph {
		return nil, fail("cross_sentence and same_paragraph exclude each other (same_paragraph already crosses sentences)")
	}
	if n.caps && n.kind != nodeTerms {
		return nil, fail("capitalized belongs to terms")
	}
	if n.notName && n.kind != nodeTerms {
		return nil, fail("not_in_name belongs to terms")
	}
	if len(kids) == 0 && n.kind != nodeTerms {
		return nil, fail("empty operand list")
	}
	for _, k := range kids {
		if k == nil { // a null list item, such as a bare YAML anchor
			return nil, fail("empty operand")
		}
		kn, err := c.expr(k)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, kn)
	}
	if n.kind == nodeAll || n.kind == nodeNear {
		n.needs = neededSets(n.kids)
	}
	if n.kind == nodeNear && !n.ordered {
		// A nested near joins two hits into one span; a hit of the other
		// operand between them ("the deal ... the county's ... cloud
		// platform") is as near as can be.
		n.inside = n.kids[0].kind == nodeNear || n.kids[1].kind == nodeNear
	}
	var err error
	if n.before, err = c.ctx(s.UnlessBefore); err != nil {
		return nil, fail("unless_preceded_by: %v", err)
	}
	if n.after, err = c.ctx(s.UnlessAfter); err != nil {
		return nil, fail("unless_followed_by: %v", err)
	}
	if n.around, err = c.ctx(s.UnlessNear); err != nil {
		return nil, fail("unless_near: %v", err)
	}
	return n, nil
}

// ctx compiles the contexts of one exception, each with its own distance.
//
// A context cancels a hit when any of its terms is in range, so its term
// list may be split into parts checked one after the other. Each named list
// it references ("@future") becomes a check of its own, on the one set that
// every context naming that list shares, and its other terms one more: the
// matcher then records a hit of a common guard word once per list, not once
// per context that spells a slightly different list around it.
func (c *compiler) ctx(l contextList) ([]ctxCheck, error) {
	var out []ctxCheck
	for _, s := range l {
		if s.Within < 0 {
			return nil, fmt.Errorf("within must be >= 0")
		}
		var literal []string
		parts := [][]string{}
		for _, t := range s.Terms {
			if strings.HasPrefix(t, "@") {
				parts = append(parts, []string{t})
			} else {
				literal = append(literal, t)
			}
		}
		if len(literal) > 0 || len(parts) == 0 {
			parts = append(parts, literal)
		}
		for _, terms := range parts {
			id, err := c.termSet(terms)
			if err != nil {
				return nil, err
			}
			out = append(out, ctxCheck{set: id, within: s.Within, maxTok: int32(c.maxTok[id]), lower: s.Lowercase})
		}
	}
	return out, nil
}

// neededSets returns the term sets without a hit in which one of kids (the
// operands of an all or a near, which all must hold) cannot hold: a terms
// operand's own set, whatever its scope and exceptions, and the needs of a
// nested all or near. Each set is listed once.
func neededSets(kids []*node) []int32 {
	var out []int32
	add := func(s int32) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, k := range kids {
		switch k.kind {
		case nodeTerms:
			add(k.set)
		case nodeAll, nodeNear:
			for _, s := range k.needs {
				add(s)
			}
		}
	}
	return out
}
