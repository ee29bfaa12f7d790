package index

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govwire/govwire"
)

// primaryMark prefixes the label of a label_month term that counts an
// article once, under its primary label.
const primaryMark = "="

// relatedSep joins an entity's type and value in the related field.
const relatedSep = "\x1f"

// relatedFieldTypes are the entity types the related field holds.
var relatedFieldTypes = []string{govwire.EntityProgramme, govwire.EntityAgency, govwire.EntityVendor,
	govwire.EntityMoney, govwire.EntityIdentifier}

// noLabel is the primary label of an article without labels.
const noLabel = "none"

// addTimelineMappings maps the fields of timelines and entity pages.
func addTimelineMappings(dm *mapping.DocumentMapping) {
	ms := keywordField(true, false)
	ms.Index = false
	dm.AddFieldMappingsAt(fieldMilestone, ms)
	ev := keywordField(true, false)
	ev.Index = false
	dm.AddFieldMappingsAt(fieldEvidence, ev)
	dm.AddFieldMappingsAt(fieldLabelMonth, keywordField(false, true))
	dm.AddFieldMappingsAt(fieldIdentifiers, keywordField(false, false))
	// Entity pages count co-occurring entities, money and identifiers with
	// one facet over this one field: reading doc values costs per field and
	// chunk over the whole index, whatever the entity.
	dm.AddFieldMappingsAt(fieldRelated, keywordField(false, true))
}

// addTimelineFields fills the timeline and entity fields of d from a.
func addTimelineFields(d *doc, a *govwire.Article) {
	d.Milestone = milestoneOf(a.EffectiveLabels(), a.Title, a.Text)
	d.Evidence = keySentences(a)
	d.Identifiers = a.EntityValues(govwire.EntityIdentifier)
	for _, typ := range relatedFieldTypes {
		for _, v := range a.EntityValues(typ) {
			d.Related = append(d.Related, typ+relatedSep+v)
		}
	}
	if d.Month == "" {
		return
	}
	primary := noLabel
	for _, l := range govwire.Labels {
		if a.HasEffectiveLabel(l) {
			if primary == noLabel {
				primary = l
			}
			d.LabelMonth = append(d.LabelMonth, d.Month+" "+l)
		}
	}
	d.LabelMonth = append(d.LabelMonth, d.Month+" "+primaryMark+primary)
}

// monthCounts turns label_month facet terms and their counts into months,
// oldest first.
func monthCounts(terms map[string]int) []govwire.MonthCount {
	byMonth := map[string]*govwire.MonthCount{}
	for term, n := range terms {
		month, label, ok := strings.Cut(term, " ")
		if !ok {
			continue
		}
		m := byMonth[month]
		if m == nil {
			m = &govwire.MonthCount{Month: month, Labels: map[string]int{}, Primary: map[string]int{}}
			byMonth[month] = m
		}
		if p, ok := strings.CutPrefix(label, primaryMark); ok {
			m.Primary[p] += n
			m.Total += n
		} else {
			m.Labels[label] += n
		}
	}
	out := make([]govwire.MonthCount, 0, len(byMonth))
	for _, m := range byMonth {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month < out[j].Month })
	return out
}

// splitEvidence reads the stored evidence field: label to key sentence.
func splitEvidence(v any) map[string]string {
	out := map[string]string{}
	for _, s := range fieldStrings(v) {
		if l, text, ok := strings.Cut(s, evidenceSep); ok {
			out[l] = text
		}
	}
	return out
}
