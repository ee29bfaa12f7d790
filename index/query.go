package index

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// MaxFuzziness is the largest edit distance a fuzzy term (oracle~2) may ask for.
const MaxFuzziness = 2

// titleBoost weighs a match in the title against one in the text when the
// query names no field.
const titleBoost = 2.0

// queryFields maps the field names a query string may use, and their
// singular aliases, to indexed fields.
var queryFields = map[string]string{
	fieldTitle: fieldTitle, fieldText: fieldText,
	fieldSource: fieldSource, "sources": fieldSource,
	fieldLabels: fieldLabels, "label": fieldLabels,
	fieldVendors: fieldVendors, "vendor": fieldVendors,
	fieldAgencies: fieldAgencies, "agency": fieldAgencies,
	fieldProgrammes: fieldProgrammes, "programme": fieldProgrammes, "program": fieldProgrammes,
	fieldCluster: fieldCluster, fieldPublished: fieldPublished, fieldMonth: fieldMonth, fieldVia: fieldVia,
	fieldOnTopic:                          fieldOnTopic,
	scorePrefix + govwire.LabelBid:        scorePrefix + govwire.LabelBid,
	scorePrefix + govwire.LabelAward:      scorePrefix + govwire.LabelAward,
	scorePrefix + govwire.LabelProtest:    scorePrefix + govwire.LabelProtest,
	scorePrefix + govwire.LabelAllegation: scorePrefix + govwire.LabelAllegation,
}

// keywordFields are the fields indexed as exact values.
var keywordFields = map[string]bool{
	fieldSource: true, fieldLabels: true, fieldVendors: true, fieldAgencies: true,
	fieldProgrammes: true, fieldCluster: true, fieldMonth: true, fieldVia: true,
}

func knownFields() string {
	var fs []string
	for k, v := range queryFields {
		if k == v {
			fs = append(fs, k)
		}
	}
	sort.Strings(fs)
	return strings.Join(fs, ", ")
}

// parseQuery turns the user's query-string text into a Bleve query, refusing
// costly or unknown constructs with EINVALID. An empty text matches all.
func parseQuery(text string) (query.Query, error) {
	if len(text) > govwire.MaxQueryLength {
		return nil, govwire.Errorf(govwire.EINVALID, "query is %d bytes long; the limit is %d", len(text), govwire.MaxQueryLength)
	}
	if strings.TrimSpace(text) == "" {
		return query.NewMatchAllQuery(), nil
	}
	if err := checkParens(text); err != nil {
		return nil, err
	}
	q, err := parseBleve(text)
	if err != nil {
		return nil, err
	}
	if err := checkCost(q); err != nil {
		return nil, err
	}
	return rewrite(q)
}

// parseBleve parses text with Bleve's query-string parser, turning its
// errors, and any panic inside it, into EINVALID.
func parseBleve(text string) (q query.Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = nil, govwire.Errorf(govwire.EINVALID, "query syntax: cannot parse %.40q", text)
		}
	}()
	q, err = query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "query syntax: %v", err)
	}
	return q, nil
}

// rewrite walks q: it refuses regexps, leading wildcards, fuzziness above
// MaxFuzziness and unknown fields, maps field aliases, and spreads a
// field-less text query over title (boosted) and text.
func rewrite(q query.Query) (query.Query, error) {
	var err error
	switch t := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&t.Must, &t.Should, &t.MustNot, &t.Filter} {
			if *sub != nil {
				if *sub, err = rewrite(*sub); err != nil {
					return nil, err
				}
			}
		}
		return t, nil
	case *query.ConjunctionQuery:
		return t, rewriteAll(t.Conjuncts)
	case *query.DisjunctionQuery:
		return t, rewriteAll(t.Disjuncts)
	case *query.RegexpQuery:
		return nil, govwire.Errorf(govwire.EINVALID, "regular expressions (/%s/) are not allowed in queries", t.Regexp)
	case *query.WildcardQuery:
		if strings.HasPrefix(t.Wildcard, "*") || strings.HasPrefix(t.Wildcard, "?") {
			return nil, govwire.Errorf(govwire.EINVALID, "leading wildcards (%s) are not allowed: put at least one letter before * or ?", t.Wildcard)
		}
		return fielded(t, func() query.FieldableQuery { c := *t; return &c })
	case *query.MatchQuery:
		if t.Fuzziness > MaxFuzziness {
			return nil, govwire.Errorf(govwire.EINVALID, "fuzziness %d on %q is too costly: the maximum is ~%d", t.Fuzziness, t.Match, MaxFuzziness)
		}
		return fielded(t, func() query.FieldableQuery { c := *t; return &c })
	case *query.MatchPhraseQuery:
		if keywordFields[queryFields[t.Field()]] {
			// A quoted keyword value is one exact term, not a phrase.
			tq := query.NewTermQuery(t.MatchPhrase)
			tq.SetField(queryFields[t.Field()])
			return tq, nil
		}
		return fielded(&phraseQuery{t}, func() query.FieldableQuery { c := *t; return &phraseQuery{&c} })
	case query.FieldableQuery:
		if t.Field() == "" {
			return t, nil // a bare number or date range: matches nothing outside its field
		}
		return fielded(t, nil)
	}
	return q, nil
}

func rewriteAll(qs []query.Query) error {
	for i := range qs {
		var err error
		if qs[i], err = rewrite(qs[i]); err != nil {
			return err
		}
	}
	return nil
}

// fielded resolves q's field alias, or, when q names no field and clone is
// given, returns title^2 OR text copies of it.
func fielded(q query.FieldableQuery, clone func() query.FieldableQuery) (query.Query, error) {
	if f := q.Field(); f != "" {
		name, ok := queryFields[f]
		if !ok {
			return nil, govwire.Errorf(govwire.EINVALID, "unknown field %q in query; known fields: %s", f, knownFields())
		}
		q.SetField(name)
		return q, nil
	}
	if clone == nil {
		return q, nil
	}
	boost := 1.0
	if bq, ok := q.(query.BoostableQuery); ok {
		boost = bq.Boost()
	}
	title, text := clone(), clone()
	title.SetField(fieldTitle)
	text.SetField(fieldText)
	if b, ok := title.(query.BoostableQuery); ok {
		b.SetBoost(boost * titleBoost)
	}
	if b, ok := text.(query.BoostableQuery); ok {
		b.SetBoost(boost)
	}
	return query.NewDisjunctionQuery([]query.Query{title, text}), nil
}

// filters returns the non-scoring filters of sq: any of the values within
// one field, all fields together.
func filters(sq govwire.SearchQuery) ([]query.Query, error) {
	var fs []query.Query
	for _, l := range sq.Labels {
		if !govwire.ValidLabel(l) {
			return nil, govwire.Errorf(govwire.EINVALID, "unknown label %q; labels are %s", l, strings.Join(govwire.Labels, ", "))
		}
	}
	for _, f := range []struct {
		field  string
		values []string
	}{
		{fieldLabels, sq.Labels}, {fieldVendors, sq.Vendors}, {fieldAgencies, sq.Agencies},
		{fieldProgrammes, sq.Programmes}, {fieldSource, sq.Sources},
	} {
		if q := anyTerm(f.field, f.values); q != nil {
			fs = append(fs, q)
		}
	}
	if !sq.Since.IsZero() || !sq.Until.IsZero() {
		if !sq.Since.IsZero() && !sq.Until.IsZero() && !sq.Since.Before(sq.Until) {
			return nil, govwire.Errorf(govwire.EINVALID, "since (%s) must be before until (%s)", sq.Since.Format("2006-01-02"), sq.Until.Format("2006-01-02"))
		}
		fs = append(fs, dateFilter(sq))
	}
	if sq.OnTopic == nil || *sq.OnTopic {
		bq := query.NewBoolFieldQuery(true)
		bq.SetField(fieldOnTopic)
		fs = append(fs, bq)
	}
	return fs, nil
}

// dateFilter is the published range of sq: since inclusive, until
// exclusive, either open.
func dateFilter(sq govwire.SearchQuery) query.Query {
	incl, excl := true, false
	dq := query.NewDateRangeInclusiveQuery(sq.Since, sq.Until, &incl, &excl)
	dq.SetField(fieldPublished)
	return dq
}

func anyTerm(field string, values []string) query.Query {
	var qs []query.Query
	for _, v := range values {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		tq := query.NewTermQuery(v)
		tq.SetField(field)
		qs = append(qs, tq)
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}
