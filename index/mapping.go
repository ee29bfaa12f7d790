package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govwire/govwire"
)

// newMapping returns the static mapping of doc: nothing is mapped
// dynamically, and each field stores, indexes and keeps term vectors or doc
// values only where a query, a facet, a sort or a snippet needs them.
func newMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.ScoringModel = bleveindex.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = en.AnalyzerName

	dm := mapping.NewDocumentStaticMapping()

	// title and text: English analysis; term vectors for phrases and
	// snippets. The title is stored for hits; the text is not: snippets are
	// cut from the store's text (Options.Texts). Stored, it was a third of
	// the index, and every page of it was mapped into memory by searches
	// reading the ids stored beside it.
	dm.AddFieldMappingsAt(fieldTitle, textField(true))
	dm.AddFieldMappingsAt(fieldText, textField(false))

	url := mapping.NewTextFieldMapping()
	url.Index = false
	url.Store = true
	url.IncludeTermVectors = false
	url.IncludeInAll = false
	url.DocValues = false
	dm.AddFieldMappingsAt(fieldURL, url)

	// Keyword fields: exact values. Faceted ones keep doc values; the ones a
	// hit shows are stored.
	dm.AddFieldMappingsAt(fieldSource, keywordField(true, true))
	dm.AddFieldMappingsAt(fieldLabels, keywordField(true, true))
	dm.AddFieldMappingsAt(fieldVendors, keywordField(false, true))
	dm.AddFieldMappingsAt(fieldAgencies, keywordField(false, true))
	dm.AddFieldMappingsAt(fieldProgrammes, keywordField(false, false))
	dm.AddFieldMappingsAt(fieldCluster, keywordField(true, false))
	dm.AddFieldMappingsAt(fieldMonth, keywordField(false, true))
	dm.AddFieldMappingsAt(fieldVia, keywordField(false, true))
	dm.AddFieldMappingsAt(fieldSample, keywordField(false, false))
	addTimelineMappings(dm)
	dm.AddFieldMappingsAt(fieldLabelSrc, keywordField(true, false))

	pub := mapping.NewDateTimeFieldMapping()
	pub.Store = true
	pub.DocValues = true // sort by date
	pub.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldPublished, pub)

	on := mapping.NewBooleanFieldMapping()
	on.Store = false
	on.DocValues = false
	on.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldOnTopic, on)

	for _, l := range govwire.Labels {
		n := mapping.NewNumericFieldMapping()
		n.Store = false
		n.DocValues = false
		n.IncludeInAll = false
		dm.AddFieldMappingsAt(scorePrefix+l, n)
	}

	im.DefaultMapping = dm
	return im
}

func textField(store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = en.AnalyzerName
	f.Store = store
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordField(store, docValues bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}
