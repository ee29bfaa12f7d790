package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// entityFields maps the entity types that have pages to their fields.
var entityFields = map[string]string{
	govwire.EntityProgramme:  fieldProgrammes,
	govwire.EntityAgency:     fieldAgencies,
	govwire.EntityVendor:     fieldVendors,
	govwire.EntityIdentifier: fieldIdentifiers,
}

// relatedTypes are the entity types listed as co-occurring on a page.
var relatedTypes = []string{govwire.EntityProgramme, govwire.EntityAgency, govwire.EntityVendor}

// latestFetch is how many newest articles an entity page reads to find
// EntityLatest stories once near-duplicate copies are dropped.
const latestFetch = 3 * govwire.EntityLatest

// entityField returns the field of entity type typ, or EINVALID.
func entityField(typ string) (string, error) {
	f, ok := entityFields[typ]
	if !ok {
		return "", govwire.Errorf(govwire.EINVALID, "unknown entity type %q; types are %s", typ, strings.Join(govwire.EntityPageTypes, ", "))
	}
	return f, nil
}

// Entity implements govwire.Timelines: one query over the on-topic
// articles mentioning the entity counts them per month and label and
// counts the entities, money and identifiers they mention with it, and
// returns the newest stories. Counts are exact; pages are not cached.
func (ix *Index) Entity(ctx context.Context, typ, value string) (*govwire.EntityPage, error) {
	field, err := entityField(typ)
	if err != nil {
		return nil, err
	}
	if value = strings.TrimSpace(value); value == "" {
		return nil, govwire.Errorf(govwire.EINVALID, "an entity page needs a value")
	}
	if err := ix.checkTimelineFields(); err != nil {
		return nil, err
	}
	tq := query.NewTermQuery(value)
	tq.SetField(field)
	on := query.NewBoolFieldQuery(true)
	on.SetField(fieldOnTopic)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{tq, on}), latestFetch, 0, false)
	req.Score = "none"
	req.Fields = []string{fieldTitle, fieldURL, fieldSource, fieldLabels, fieldPublished, fieldCluster}
	req.Sort = sortOrder(SortDate)[:1] // the date alone: an id tie-break would read every match's id
	req.AddFacet("months", bleve.NewFacetRequest(fieldLabelMonth, labelMonthFacetSize))
	req.AddFacet("related", bleve.NewFacetRequest(fieldRelated, relatedFacetSize))

	ctx, cancel := ix.searchContext(ctx)
	defer cancel()
	sr, err := ix.run(ctx, req)
	if err != nil {
		return nil, ix.searchError(ctx, err)
	}
	if sr.Total == 0 {
		return nil, govwire.Errorf(govwire.ENOTFOUND, "no on-topic article mentions the %s %q", typ, value)
	}
	months := monthCounts(facetTerms(sr.Facets["months"]))
	related := relatedRefs(sr.Facets["related"], typ, value)
	p := &govwire.EntityPage{
		Type: typ, Value: value, Articles: sr.Total, Labels: labelTotals(months), Months: months,
		Related:     map[string][]govwire.EntityRef{},
		Money:       related[govwire.EntityMoney],
		Identifiers: related[govwire.EntityIdentifier],
		Latest:      latestStories(sr.Hits, govwire.EntityLatest),
	}
	for _, t := range relatedTypes {
		p.Related[t] = related[t]
	}
	return p, nil
}

// relatedFacetSize caps the related values an entity page counts; the
// most frequent come first, so only rare values of very common entities
// are left out.
const relatedFacetSize = 5000

// relatedRefs splits the related facet by entity type: at most
// EntityRelated values of each, most frequent first, without the page's
// own entity (typ, value).
func relatedRefs(fr *search.FacetResult, typ, value string) map[string][]govwire.EntityRef {
	out := map[string][]govwire.EntityRef{}
	for _, t := range relatedFieldTypes {
		out[t] = []govwire.EntityRef{}
	}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		et, v, ok := strings.Cut(t.Term, relatedSep)
		if !ok || (et == typ && v == value) || len(out[et]) >= govwire.EntityRelated {
			continue
		}
		if _, known := out[et]; known {
			out[et] = append(out[et], govwire.EntityRef{Type: et, Value: v, Count: t.Count})
		}
	}
	return out
}

// labelTotals sums the per-month label counts.
func labelTotals(months []govwire.MonthCount) map[string]int {
	out := map[string]int{}
	for _, m := range months {
		for l, n := range m.Labels {
			out[l] += n
		}
	}
	return out
}

// latestStories turns date-ordered hits into at most n hits, one per
// near-duplicate cluster.
func latestStories(hits search.DocumentMatchCollection, n int) []govwire.Hit {
	out := []govwire.Hit{}
	seen := map[string]bool{}
	for _, h := range hits {
		hit := toHit(h, h, "") // an entity page shows no snippets
		c := cmp.Or(hit.ClusterID, hit.ID)
		if seen[c] || len(out) >= n {
			continue
		}
		seen[c] = true
		hit.Score = 0
		out = append(out, hit)
	}
	return out
}

// Entities implements govwire.Timelines from the index's term
// dictionaries: each value's count is the number of indexed articles that
// mention it, on topic or not.
func (ix *Index) Entities(ctx context.Context, typ, q string, limit int) ([]govwire.EntityRef, error) {
	types := govwire.EntityPageTypes
	if typ != "" {
		if _, err := entityField(typ); err != nil {
			return nil, err
		}
		types = []string{typ}
	}
	if limit <= 0 || limit > govwire.MaxEntityList {
		limit = govwire.MaxEntityList
	}
	want := strings.ToLower(strings.TrimSpace(q))
	var out []govwire.EntityRef
	for _, t := range types {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("list entities: %w", err)
		}
		refs, err := ix.dictionary(entityFields[t], t, want)
		if err != nil {
			return nil, err
		}
		out = append(out, refs...)
	}
	slices.SortFunc(out, func(a, b govwire.EntityRef) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value), strings.Compare(a.Type, b.Type))
	})
	if out == nil {
		out = []govwire.EntityRef{}
	}
	return out[:min(len(out), limit)], nil
}

// dictionary lists the terms of field containing want (lowercase).
func (ix *Index) dictionary(field, typ, want string) ([]govwire.EntityRef, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	d, err := ix.bi.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("read %s values: %w", typ, err)
	}
	defer d.Close()
	var out []govwire.EntityRef
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("read %s values: %w", typ, err)
		}
		if e == nil {
			return out, nil
		}
		if e.Count > 0 && strings.Contains(strings.ToLower(e.Term), want) {
			out = append(out, govwire.EntityRef{Type: typ, Value: e.Term, Count: int(e.Count)})
		}
	}
}
