package index

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// Bounds a query must keep before it runs: each one caps work Bleve would
// otherwise do before it first looks at the search's deadline (building
// automata, walking term dictionaries, opening one searcher per clause).
const (
	// maxClauses caps the leaf clauses of a query (terms, phrases,
	// wildcards, ranges), counted before a field-less one is spread over
	// title and text.
	maxClauses = 64
	// maxExpanding caps the wildcard, prefix and fuzzy terms of a query:
	// each walks the term dictionary of its fields with an automaton.
	maxExpanding = 8
	// maxWildcardChars caps the * and ? of one wildcard term: each adds
	// states to its automaton (c*c*c*... took a minute of CPU).
	maxWildcardChars = 4
	// maxWildcardLen caps the length of one wildcard term, in bytes.
	maxWildcardLen = 64
)

// checkCost refuses, with EINVALID, a parsed query over the bounds above or
// with a fuzziness Bleve cannot take. It runs on the query as parsed,
// before rewrite spreads field-less clauses over two fields.
func checkCost(q query.Query) error {
	var clauses, expanding int
	var walk func(q query.Query) error
	walk = func(q query.Query) error {
		switch t := q.(type) {
		case *query.BooleanQuery:
			for _, sub := range []query.Query{t.Must, t.Should, t.MustNot, t.Filter} {
				if sub != nil {
					if err := walk(sub); err != nil {
						return err
					}
				}
			}
			return nil
		case *query.ConjunctionQuery:
			return walkAll(t.Conjuncts, walk)
		case *query.DisjunctionQuery:
			return walkAll(t.Disjuncts, walk)
		case *query.WildcardQuery:
			expanding++
			if err := checkWildcard(t.Wildcard); err != nil {
				return err
			}
		case *query.PrefixQuery:
			expanding++
		case *query.FuzzyQuery:
			expanding++
			if err := checkFuzziness(t.Term, t.Fuzziness); err != nil {
				return err
			}
		case *query.MatchQuery:
			if t.Fuzziness != 0 {
				expanding++
				if err := checkFuzziness(t.Match, t.Fuzziness); err != nil {
					return err
				}
			}
			if t.Field() != "" && !hasWord(t.Match) {
				return govwire.Errorf(govwire.EINVALID, "query syntax: %s:%s has nothing to search for; put a word after the colon (parentheses do not group)", t.Field(), t.Match)
			}
		}
		clauses++
		if clauses > maxClauses {
			return govwire.Errorf(govwire.EINVALID, "the query has more than %d terms and phrases; shorten it", maxClauses)
		}
		if expanding > maxExpanding {
			return govwire.Errorf(govwire.EINVALID, "the query has more than %d wildcard, prefix and fuzzy terms; use fewer", maxExpanding)
		}
		return nil
	}
	return walk(q)
}

func walkAll(qs []query.Query, walk func(query.Query) error) error {
	for _, q := range qs {
		if err := walk(q); err != nil {
			return err
		}
	}
	return nil
}

func checkWildcard(w string) error {
	n := strings.Count(w, "*") + strings.Count(w, "?")
	if n > maxWildcardChars {
		return govwire.Errorf(govwire.EINVALID, "the wildcard %.40q has %d * and ?; at most %d are allowed in one term", w, n, maxWildcardChars)
	}
	if len(w) > maxWildcardLen {
		return govwire.Errorf(govwire.EINVALID, "the wildcard %.40q... is %d bytes long; at most %d are allowed", w, len(w), maxWildcardLen)
	}
	return nil
}

func checkFuzziness(term string, f int) error {
	if f < 0 || f > MaxFuzziness {
		return govwire.Errorf(govwire.EINVALID, "fuzziness %d on %q is not allowed: use ~1 or ~%d", f, term, MaxFuzziness)
	}
	return nil
}

// hasWord reports whether s holds a letter or digit: a field value without
// one analyses to nothing and would silently match no article.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// checkParens refuses unbalanced parentheses outside quotes: the query
// syntax has no grouping, so "title:(" would otherwise search for nothing
// and find nothing without a word of warning.
func checkParens(text string) error {
	depth, quoted, escaped := 0, false, false
	for _, r := range text {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '(':
			depth++
		case r == ')':
			if depth--; depth < 0 {
				return govwire.Errorf(govwire.EINVALID, "query syntax: ) without a matching (")
			}
		}
	}
	if depth > 0 {
		return govwire.Errorf(govwire.EINVALID, "query syntax: unclosed ( (parentheses do not group in queries; use + and - for must and must not)")
	}
	return nil
}
