package digest

import (
	"slices"
	"testing"

	"github.com/govwire/govwire"
)

// TestBuildFollowsReviews: a reviewed article shows in the section of its
// review's labels, an article reviewed off topic leaves the digest, one
// reviewed on topic joins it, and a reviewed copy decides its story.
func TestBuildFollowsReviews(t *testing.T) {
	arts := loadArticles(t)
	byID := map[string]*govwire.Article{}
	for _, a := range arts {
		byID[a.ID[:4]] = a
	}
	review := func(id string, onTopic bool, labels ...string) {
		byID[id].Review = &govwire.Review{ArticleID: byID[id].ID, OnTopic: onTopic, Labels: labels, Reviewer: "ana"}
	}
	review("a400", true, "protest")    // bid by the rules
	review("a900", false)              // allegation by the rules
	review("a600", true, "award")      // off topic by the rules
	review("a200", true, "allegation") // a copy of a100 (award): the story follows its review
	d := Build(govwire.DigestConfig{Name: "daily"}, "2026-11-25", arts, genTime)
	want := []string{"award:b1,a6", "protest:b2,a3,a4", "allegation:a1", ":a5"}
	if got := layout(d); !slices.Equal(got, want) {
		t.Fatalf("layout = %v, want %v", got, want)
	}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.ID[:4] == "a100" && !slices.Equal(it.Labels, []string{"allegation"}) {
				t.Errorf("story a1 labels = %v, want its reviewed copy's [allegation]", it.Labels)
			}
		}
	}
}
