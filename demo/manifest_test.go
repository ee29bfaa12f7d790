package demo

import (
	"slices"
	"strings"
	"testing"
)

func TestManifestCoverage(t *testing.T) {
	stories := Stories()
	if len(stories) < 40 {
		t.Fatalf("manifest has %d stories, want >= 40", len(stories))
	}
	perLabel := map[string]int{}
	offTopic, noLabel, today, hostile := 0, 0, 0, 0
	paths := map[string]bool{}
	for _, st := range stories {
		if paths[st.Path] {
			t.Errorf("duplicate path %s", st.Path)
		}
		paths[st.Path] = true
		if st.Title == "" || st.Summary == "" || st.Author == "" || st.Slug == "" || st.Source == "" {
			t.Errorf("%s: missing title, summary, author, slug or source", st.Path)
		}
		if st.Day > 0 || st.Day < -60 {
			t.Errorf("%s: day %d outside [-60, 0]", st.Path, st.Day)
		}
		if st.Day == 0 {
			today++
		}
		if st.Hostile {
			hostile++
		}
		for _, l := range st.Labels {
			if !slices.Contains([]string{LabelBid, LabelAward, LabelProtest, LabelAllegation}, l) {
				t.Errorf("%s: unknown label %q", st.Path, l)
			}
			perLabel[l]++
		}
		if !st.OnTopic {
			offTopic++
			if len(st.Labels) > 0 {
				t.Errorf("%s: off-topic story carries labels %v", st.Path, st.Labels)
			}
		} else if len(st.Labels) == 0 {
			noLabel++
		}
	}
	for _, l := range []string{LabelBid, LabelAward, LabelProtest, LabelAllegation} {
		if perLabel[l] < 5 {
			t.Errorf("label %s has %d stories, want >= 5", l, perLabel[l])
		}
	}
	if offTopic < 6 {
		t.Errorf("%d off-topic distractors, want >= 6", offTopic)
	}
	if noLabel < 3 {
		t.Errorf("%d on-topic stories without labels, want >= 3", noLabel)
	}
	if today < 3 {
		t.Errorf("%d stories dated on the reference day, want >= 3", today)
	}
	if hostile != 1 {
		t.Errorf("%d hostile stories, want 1", hostile)
	}
}

func TestManifestSyndicationIsSymmetric(t *testing.T) {
	byPath := map[string]Story{}
	for _, st := range Stories() {
		byPath[st.Path] = st
	}
	pairs := 0
	for _, st := range byPath {
		if st.SyndicatedWith == "" {
			continue
		}
		pairs++
		other, ok := byPath[st.SyndicatedWith]
		if !ok {
			t.Errorf("%s: syndicated_with %s is not in the manifest", st.Path, st.SyndicatedWith)
			continue
		}
		if other.SyndicatedWith != st.Path || other.Outlet == st.Outlet {
			t.Errorf("%s and %s are not a cross-outlet pair", st.Path, other.Path)
		}
		if !slices.Equal(other.Labels, st.Labels) {
			t.Errorf("syndicated copies disagree on labels: %v vs %v", st.Labels, other.Labels)
		}
	}
	if pairs < 2 {
		t.Errorf("found %d syndicated stories, want a pair", pairs)
	}
}

func TestStoryBodiesAreArticleLength(t *testing.T) {
	for _, st := range Stories() {
		b, err := siteFS.ReadFile("site/stories/" + st.Slug + ".txt")
		if err != nil {
			t.Errorf("%s: %v", st.Path, err)
			continue
		}
		if n := len(strings.Fields(string(b))); n < 250 || n > 600 {
			t.Errorf("%s: body has %d words, want 250-600", st.Slug, n)
		}
		if st.Hostile && !strings.Contains(string(b), "<script>alert(1)</script>") {
			t.Errorf("%s: hostile story lacks the literal script payload", st.Slug)
		}
	}
}

func TestOutletsHaveFiveSourcesOfEachKind(t *testing.T) {
	var formats []string
	for _, o := range Outlets() {
		formats = append(formats, o.Format)
	}
	slices.Sort(formats)
	want := []string{"atom", "failing", "json", "malformed", "rss"}
	if !slices.Equal(formats, want) {
		t.Fatalf("outlet formats %v, want %v", formats, want)
	}
}

func TestParseBody(t *testing.T) {
	got := parseBody("First  line\nwraps.\n\n## Head\n\n> quoted\n\n\n")
	want := []block{{"p", "First line wraps."}, {"h2", "Head"}, {"quote", "quoted"}}
	if !slices.Equal(got, want) {
		t.Fatalf("parseBody = %v, want %v", got, want)
	}
}
