package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/store"
)

// story is a test article: its text, its labels and the phrases that made
// each label (found in the text at run time, never given as offsets).
type story struct {
	key, source, title, text string
	published                string // YYYY-MM-DD
	labels                   []string
	onTopic                  bool
	evidence                 [][3]string // label, rule, phrase
	vendors, agencies        []string
	programmes               []string
	copyOf                   string // key of the story this one syndicates
}

const hostileTitle = `<script>alert(1)</script> Contract <img src=x onerror=alert(1)> award`

// corpus is a small, realistic news sample about government cloud deals.
var corpus = []story{
	{key: "jwcc-award", source: "defensenews", published: "2026-11-03",
		title:  "Pentagon awards JWCC task order to Oracle for Indo-Pacific cloud",
		text:   "The Defense Department awarded Oracle a task order under the Joint Warfighting Cloud Capability contract.\n\nThe award, worth $180 million, covers tactical edge cloud for US forces in the Indo-Pacific.",
		labels: []string{"award"}, onTopic: true,
		evidence: [][3]string{{"award", "award.awarded", "awarded Oracle a task order"}, {"on_topic", "topic.jwcc", "Joint Warfighting Cloud Capability"}},
		vendors:  []string{"Oracle"}, agencies: []string{"Department of Defense"}, programmes: []string{"JWCC"}},
	{key: "oracle-protest", source: "fedscoop", published: "2026-11-10",
		title:  "Oracle files protest over JWCC cloud award to Amazon",
		text:   "Oracle filed a bid protest with the Government Accountability Office, arguing the JWCC evaluation favoured Amazon Web Services.\n\nThe GAO has 100 days to decide the protest.",
		labels: []string{"protest"}, onTopic: true,
		evidence: [][3]string{{"protest", "protest.gao", "filed a bid protest with the Government Accountability Office"}, {"protest", "protest.title", "files protest"}},
		vendors:  []string{"Oracle", "Amazon Web Services"}, agencies: []string{"Government Accountability Office", "Department of Defense"}, programmes: []string{"JWCC"}},
	{key: "oracle-protest-copy", source: "govexec", published: "2026-11-10", copyOf: "oracle-protest",
		title:  "Oracle protests JWCC award to Amazon at GAO",
		text:   "Oracle filed a bid protest with the Government Accountability Office, arguing the JWCC evaluation favoured Amazon Web Services.\n\nThe GAO has 100 days to decide the protest.",
		labels: []string{"protest"}, onTopic: true,
		evidence: [][3]string{{"protest", "protest.gao", "filed a bid protest with the Government Accountability Office"}},
		vendors:  []string{"Oracle", "Amazon Web Services"}, agencies: []string{"Government Accountability Office"}, programmes: []string{"JWCC"}},
	{key: "cia-c2e", source: "nextgov", published: "2026-10-21",
		title:  "CIA splits C2E commercial cloud contract among five vendors",
		text:   "The Central Intelligence Agency awarded its Commercial Cloud Enterprise contract to Amazon, Microsoft, Google, Oracle and IBM.\n\nThe multi-billion dollar C2E deal replaces the 2013 C2S contract.",
		labels: []string{"award"}, onTopic: true,
		evidence: [][3]string{{"award", "award.awarded", "awarded its Commercial Cloud Enterprise contract"}},
		vendors:  []string{"Amazon Web Services", "Microsoft", "Google", "Oracle", "IBM"}, agencies: []string{"Central Intelligence Agency"}, programmes: []string{"C2E"}},
	{key: "jedi-coi", source: "washingtonpost", published: "2026-09-15",
		title:  "Inspector general reviews JEDI conflict of interest claims",
		text:   "The inspector general is reviewing allegations of a conflict of interest involving a former official who worked on the JEDI cloud procurement.\n\nThe official later joined Amazon.",
		labels: []string{"allegation"}, onTopic: true,
		evidence: [][3]string{{"allegation", "allegation.coi", "conflict of interest"}},
		vendors:  []string{"Amazon Web Services"}, agencies: []string{"Department of Defense"}, programmes: []string{"JEDI"}},
	{key: "gcloud-bid", source: "computerweekly", published: "2026-11-14",
		title:  "Suppliers bid for G-Cloud 15 framework places",
		text:   "Hundreds of suppliers submitted bids for the UK G-Cloud 15 framework run by the Crown Commercial Service.\n\nThe tender closes in December.",
		labels: []string{"bid"}, onTopic: true,
		evidence: [][3]string{{"bid", "bid.submitted", "submitted bids"}},
		vendors:  []string{"Microsoft"}, agencies: []string{"Crown Commercial Service"}, programmes: []string{"G-Cloud"}},
	{key: "nsa-protest", source: "fedscoop", published: "2026-08-02",
		title:  "Microsoft protest delays NSA cloud deal",
		text:   "Microsoft protested the National Security Agency's decision to award its WildandStormy cloud contract to Amazon Web Services.",
		labels: []string{"protest"}, onTopic: true,
		evidence: [][3]string{{"protest", "protest.verb", "protested"}},
		vendors:  []string{"Microsoft", "Amazon Web Services"}, agencies: []string{"National Security Agency"}},
	{key: "offtopic", source: "defensenews", published: "2026-11-12",
		title:   "Navy christens new destroyer",
		text:    "The Navy christened a new guided-missile destroyer at Bath Iron Works on Saturday.",
		onTopic: false},
	{key: "hostile", source: "evil.example", published: "2026-11-15",
		title:  hostileTitle,
		text:   "Oracle said <script>alert(1)</script> the award was <img src=x onerror=alert(1)> final.\n\nA cloud contract award followed.",
		labels: []string{"award"}, onTopic: true,
		evidence: [][3]string{{"award", "award.noun", "award was"}},
		vendors:  []string{"Oracle"}, agencies: []string{"Department of Defense"}},
}

// fingerprint returns a MinHash-like signature unique to seed, so copies of a
// story (same seed) share it and other stories share nothing.
func fingerprint(seed string) govwire.Fingerprint {
	fp := make(govwire.Fingerprint, govwire.FingerprintSize)
	for i := range fp {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", seed, i)))
		fp[i] = binary.LittleEndian.Uint32(sum[:4])
	}
	return fp
}

// article turns s into a govwire.Article with evidence offsets computed
// from the text.
func (s story) article(t testing.TB) *govwire.Article {
	pub, err := time.Parse(time.DateOnly, s.published)
	if err != nil {
		t.Fatalf("story %s: %v", s.key, err)
	}
	url := "https://" + s.source + ".example/news/" + s.key
	seed := s.key
	if s.copyOf != "" {
		seed = s.copyOf
	}
	a := &govwire.Article{
		URL: url, CanonicalURL: url, FinalURL: url, Source: s.source, Feed: "https://" + s.source + ".example/feed",
		Title: s.title, Text: s.text, Published: pub.Add(9 * time.Hour), ContentHash: fmt.Sprintf("%x", sha256.Sum256([]byte(s.key))),
		Fingerprint: fingerprint(seed), Extractor: "test/1",
		Classification: govwire.Classification{OnTopic: s.onTopic, Labels: s.labels, Ruleset: "rules-test-1",
			Scores: map[string]float64{"on_topic": 0.1}},
	}
	if s.onTopic {
		a.Scores["on_topic"] = 0.9
	}
	for _, ev := range s.evidence {
		field, at := "text", strings.Index(s.text, ev[2])
		if at < 0 {
			field, at = "title", strings.Index(s.title, ev[2])
		}
		if at < 0 {
			t.Fatalf("story %s: phrase %q not found", s.key, ev[2])
		}
		a.Evidence = append(a.Evidence, govwire.Evidence{Rule: ev[1], Label: ev[0], Field: field,
			Start: at, End: at + len(ev[2]), Text: ev[2]})
		if ev[0] != "on_topic" {
			a.Scores[ev[0]] = 0.8
		}
	}
	for typ, vals := range map[string][]string{govwire.EntityVendor: s.vendors, govwire.EntityAgency: s.agencies,
		govwire.EntityProgramme: s.programmes} {
		for _, v := range vals {
			a.Entities = append(a.Entities, govwire.Entity{Type: typ, Text: v, Value: v, Field: "text"})
		}
	}
	return a
}

// fixture is a running API over a real SQLite store and an in-memory Bleve
// index holding corpus.
type fixture struct {
	srv   *httptest.Server
	api   *api.Server
	store *store.DB
	index *index.Index
	ids   map[string]string // story key -> article id
}

// newFixture starts the API; edit may change the config before New.
func newFixture(t testing.TB, stories []story, edit func(*api.Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "govwire.db"), log)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ix, err := index.NewMemoryWith(index.Options{Log: log, Texts: db})
	if err != nil {
		t.Fatalf("new index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })

	f := &fixture{store: db, index: ix, ids: map[string]string{}}
	for _, s := range stories {
		a := s.article(t)
		if _, err := db.SaveArticle(ctx, a); err != nil {
			t.Fatalf("save %s: %v", s.key, err)
		}
		f.ids[s.key] = a.ID
	}
	if _, err := ix.CatchUp(ctx, db); err != nil {
		t.Fatalf("index: %v", err)
	}
	cfg := api.Config{
		Store: db, Searcher: ix, Timelines: ix, Log: log,
		Ruleset: func() string { return "rules-test-1" },
		IndexStats: func() (uint64, int64) {
			st := ix.Stats()
			return st.Docs, st.SizeBytes
		},
	}
	if edit != nil {
		edit(&cfg)
	}
	f.api = api.New(cfg)
	f.srv = httptest.NewServer(f.api.Handler())
	t.Cleanup(f.srv.Close)
	return f
}
