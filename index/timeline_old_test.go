package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govwire/govwire"
)

// TestTimelineOnOlderIndex checks that an index created before documents
// carried the timeline fields answers timelines and entity pages with
// EUNAVAILABLE and a pointer to govwire reindex, not with empty pages.
func TestTimelineOnOlderIndex(t *testing.T) {
	old := newMapping()
	old.DefaultMapping = mapping.NewDocumentStaticMapping()
	for _, f := range []string{fieldTitle, fieldText, fieldLabels, fieldPublished, fieldOnTopic} {
		old.DefaultMapping.AddFieldMappingsAt(f, mapping.NewTextFieldMapping())
	}
	bi, err := bleve.NewUsing("", old, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := newIndex("", bi, Options{}.withDefaults(false))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if _, err := ix.Timeline(ctx, govwire.SearchQuery{}); govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Errorf("timeline on an older index: %v, want EUNAVAILABLE", err)
	}
	if _, err := ix.Entity(ctx, govwire.EntityProgramme, "JEDI"); govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Errorf("entity page on an older index: %v, want EUNAVAILABLE", err)
	}
	fresh := memIndex(t, nil)
	if _, err := fresh.Timeline(ctx, govwire.SearchQuery{}); err != nil {
		t.Errorf("timeline on a new index: %v", err)
	}
}
