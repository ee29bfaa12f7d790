package classify

import (
	"io/fs"
	"strings"
)

// WrittenTerm is one term as written in a rule file, before list
// references are resolved and word forms added: in a rule's expression
// (Rule set) or in a named list's terms (List set). A term that refers to
// a list ("@name") is listed too, so that callers can tell which rules use
// which lists.
type WrittenTerm struct {
	Text  string // as written, e.g. "task order~" or "@solicitation"
	File  string
	Line  int    // the line of the expression or list that holds it
	Rule  string // the rule whose match or unless expression holds it, or ""
	List  string // the list whose terms hold it, or ""
	Exact bool   // matched without plural or verb forms (a list with forms: exact)
	// Capitalized: the expression that holds the term matches only hits
	// whose words start with a capital letter (capitalized: true).
	Capitalized bool
	// Description is the description of the rule or list that holds the
	// term (where a rule author can say why a term is there).
	Description string
}

// IsListRef reports whether the term refers to a list rather than being
// a phrase.
func (t WrittenTerm) IsListRef() bool { return strings.HasPrefix(t.Text, "@") }

// WrittenTerms lists the terms written in the rule files (*.yaml) at the
// root of fsys, in file order. Gazetteer entries are names, not terms, and
// are not listed. The files are decoded as LoadFS decodes them.
func WrittenTerms(fsys fs.FS) ([]WrittenTerm, error) {
	files, _, err := readFiles(fsys)
	if err != nil {
		return nil, err
	}
	var out []WrittenTerm
	for _, f := range files {
		for _, l := range f.spec.Lists {
			for _, t := range l.Terms {
				out = append(out, WrittenTerm{Text: t, File: f.name, Line: l.Line, List: l.Name, Exact: l.Forms == "exact",
					Description: l.Description})
			}
		}
		for _, r := range f.spec.Rules {
			add := func(terms []string, line int, caps bool) {
				if line == 0 {
					line = r.Line
				}
				for _, t := range terms {
					out = append(out, WrittenTerm{Text: t, File: f.name, Line: line, Rule: r.ID, Capitalized: caps,
						Description: r.Description})
				}
			}
			walkExpr(r.Match, add)
			walkExpr(r.Unless, add)
		}
	}
	return out, nil
}

// walkExpr calls add with every term list of the expression x and of its
// sub-expressions and contexts.
func walkExpr(x *exprSpec, add func(terms []string, line int, caps bool)) {
	if x == nil {
		return
	}
	add(x.Terms, x.Line, x.Capitalized)
	for _, l := range []contextList{x.UnlessBefore, x.UnlessAfter, x.UnlessNear} {
		for _, c := range l {
			add(c.Terms, c.Line, false)
		}
	}
	for _, kids := range [][]*exprSpec{x.Any, x.All, x.None, x.Near} {
		for _, k := range kids {
			walkExpr(k, add)
		}
	}
}
