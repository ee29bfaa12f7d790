package api_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/rules"
	"github.com/govwire/govwire/store"
)

// An arc fixture: 60 articles about three programmes, each told from the
// first bids to the award, protests, their outcome, a re-award and an
// investigation, in our own words. The articles are classified by the real
// rules, so entities (and their aliases) come from the gazetteer; the third
// programme, Harbor Cloud, is added by a rule file written by the test.

// arcStep is one original story of a programme's arc: a title and text
// with placeholders, the month (from the programme's start) and day, the
// label the rules must give it, and the milestone its event must carry on
// the programme's timeline.
type arcStep struct {
	key, title, text string
	month, day       int
	label, milestone string
}

// arcProgramme is how the stories write one programme and its players.
type arcProgramme struct {
	name, alias     string // canonical value and an alias the rules know
	agency, agency2 string // two ways of writing the buyer
	winner, winner2 string // two ways of writing the winner
	loser, third    string
	outcome         string // title verb of the protest decision
	milestone       string // its milestone
	start           time.Time
}

var arcProgrammes = []arcProgramme{
	{name: "JEDI", alias: "Joint Enterprise Defense Infrastructure", agency: "Pentagon", agency2: "Department of Defense",
		winner: "AWS", winner2: "Amazon Web Services", loser: "Oracle", third: "IBM", outcome: "sustains",
		milestone: "protest_sustained", start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
	{name: "JWCC", alias: "Joint Warfighting Cloud Capability", agency: "DISA", agency2: "Defense Information Systems Agency",
		winner: "Microsoft", winner2: "Microsoft Azure", loser: "Google", third: "Oracle", outcome: "denies",
		milestone: "protest_denied", start: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
	{name: "Harbor Cloud", alias: "HCX", agency: "Department of Homeland Security", agency2: "DHS",
		winner: "Google", winner2: "Google Cloud", loser: "Salesforce", third: "IBM", outcome: "dismisses",
		milestone: "protest_dismissed", start: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)},
}

// arcSteps are the 14 originals of each programme; arcCopies names the 6
// steps syndicated by a second outlet two hours later.
var arcSteps = []arcStep{
	{"bid1", "{winner} submits bid for {P} cloud contract", "{winner2} submitted a bid for the {alias} cloud contract, the {agency} said. The {agency2} expects to pick a winner later this year.", 0, 3, "bid", "first_bid"},
	{"bid2", "{loser} bids for {P}", "{loser} has submitted its proposal for the {P} cloud computing contract run by the {agency}.", 0, 20, "bid", ""},
	{"bid3", "{third} enters the race for {P}", "{third} submitted a bid for the {P} cloud contract of the {agency2}, joining {winner} and {loser}.", 1, 9, "bid", ""},
	{"award", "{agency} awards {P} cloud contract to {winner}", "The {agency2} awarded the {P} cloud contract, worth $9 billion, to {winner2} on Friday under solicitation HQ0034-25-R-00{n}.", 3, 14, "award", "award"},
	{"react", "{winner} wins big: what the cloud award means", "Analysts said the {agency} award of the {alias} cloud contract to {winner2} gives the company a lead in government cloud.", 3, 18, "award", "award"},
	{"protest", "{loser} protests {P} award", "{loser} filed a bid protest with the Government Accountability Office over the {P} cloud contract award to {winner}. The protest is docketed as B-42{n}01.", 4, 2, "protest", "protest"},
	{"protest2", "{third} also protests {P} cloud award", "{third} filed a second bid protest with the Government Accountability Office against the {agency2} award of the {P} contract.", 4, 12, "protest", "protest"},
	{"outcome", "GAO {outcome} {loser} protest of {P} award", "The Government Accountability Office {outcome} the protest {loser} filed against the {agency}'s {P} cloud contract award to {winner}.", 7, 6, "protest", "{milestone}"},
	{"reaward", "{agency} re-awards {P} cloud contract to {winner}", "The {agency2} re-awarded the {P} cloud contract to {winner2} after a new evaluation.", 8, 21, "award", "re_award"},
	{"allege", "Lawmakers allege favouritism in {P} cloud contract", "Lawmakers alleged a conflict of interest and favouritism toward {winner} in the {P} cloud procurement at the {agency}.", 9, 4, "allegation", "allegation"},
	{"probe", "Inspector general opens investigation into {P} cloud contract", "The inspector general opened an investigation into allegations of a conflict of interest in the {P} cloud procurement at the {agency}.", 9, 25, "allegation", "investigation"},
	{"bid4", "{winner} bids for {P} follow-on task orders", "{winner} submitted a proposal for the first task orders under the {P} cloud contract of the {agency2}.", 10, 8, "bid", ""},
	{"award2", "{agency} awards first {P} task order to {winner}", "The {agency2} awarded {winner2} the first task order, worth $40 million, under the {P} cloud contract.", 11, 2, "award", "award"},
	{"award3", "{winner} lands second {P} task order", "The {agency} awarded {winner2} a second {P} cloud task order worth $25 million.", 11, 19, "award", "award"},
}

var arcCopies = []string{"bid1", "award", "protest", "outcome", "reaward", "probe"}

// arcText fills a template for programme p; n numbers identifiers.
func arcText(tmpl string, p arcProgramme, n int) string {
	return strings.NewReplacer("{P}", p.name, "{alias}", p.alias, "{agency}", p.agency, "{agency2}", p.agency2,
		"{winner}", p.winner, "{winner2}", p.winner2, "{loser}", p.loser, "{third}", p.third,
		"{outcome}", p.outcome, "{milestone}", p.milestone, "{n}", fmt.Sprintf("%02d", n)).Replace(tmpl)
}

// arcEngine loads the built-in rules plus a gazetteer entry for Harbor
// Cloud (alias HCX), written into a copy of the rules directory.
func arcEngine(t testing.TB) *classify.Engine {
	t.Helper()
	dir := t.TempDir()
	names, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "lexicon.yaml" {
			const anchor = "      - {name: JEDI,"
			if !strings.Contains(string(b), anchor) {
				t.Fatalf("lexicon.yaml has no %q line to add a programme before", anchor)
			}
			b = []byte(strings.Replace(string(b), anchor, "      - {name: Harbor Cloud, aliases: [HCX]}\n"+anchor, 1))
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := classify.Load(dir)
	if err != nil {
		t.Fatalf("load rules with Harbor Cloud: %v", err)
	}
	return e
}

// arcArticle is one saved fixture article and what the test expects of it.
type arcArticle struct {
	*govwire.Article
	programme, step string
	copyOf          string // step key of the original, for a copy
}

// arcFixture is a running API over a real SQLite store and Bleve index
// holding the 60 classified articles.
type arcFixture struct {
	*fixture
	arts []arcArticle
}

// newArcFixture builds the fixture; onDisk puts the index on disk.
func newArcFixture(t testing.TB, onDisk bool) *arcFixture {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	eng := arcEngine(t)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "govwire.db"), log)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	var ix *index.Index
	if onDisk {
		ix, err = index.OpenWith(filepath.Join(t.TempDir(), "index.bleve"), index.Options{Log: log, Texts: db})
	} else {
		ix, err = index.NewMemoryWith(index.Options{Log: log, Texts: db})
	}
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })

	af := &arcFixture{fixture: &fixture{store: db, index: ix, ids: map[string]string{}}}
	for pi, p := range arcProgrammes {
		for si, s := range arcSteps {
			pub := p.start.AddDate(0, s.month, s.day-1).Add(9 * time.Hour)
			af.save(t, eng, p, s, fmt.Sprintf("outlet%d", (pi+si)%4), pub, "")
			for _, c := range arcCopies {
				if c == s.key {
					af.save(t, eng, p, s, "wire", pub.Add(2*time.Hour), s.key)
				}
			}
		}
	}
	if _, err := ix.CatchUp(ctx, db); err != nil {
		t.Fatalf("index: %v", err)
	}
	af.api = api.New(api.Config{Store: db, Searcher: ix, Timelines: ix, Classifier: eng, Log: log})
	af.srv = httptest.NewServer(af.api.Handler())
	t.Cleanup(af.srv.Close)
	return af
}

// save classifies and stores one article of step s of programme p.
func (af *arcFixture) save(t testing.TB, eng *classify.Engine, p arcProgramme, s arcStep, source string, pub time.Time, copyOf string) {
	t.Helper()
	n := len(af.arts)
	title, text := arcText(s.title, p, n), arcText(s.text, p, n)
	if copyOf != "" {
		orig := af.arts[len(af.arts)-1].Article
		title, text = orig.Title, orig.Text
	}
	url := fmt.Sprintf("https://%s.example/%s/%s", source, slug(p.name), s.key)
	a := &govwire.Article{
		URL: url, CanonicalURL: url, FinalURL: url, Source: source, Feed: "https://" + source + ".example/feed",
		Title: title, Text: text, Published: pub, ContentHash: fmt.Sprintf("%s/%s/%s", source, p.name, s.key),
		Fingerprint: fingerprint(p.name + "/" + s.key), Extractor: "test/1",
	}
	a.Classification = eng.Classify(govwire.Document{Title: a.Title, Text: a.Text, URL: url, Published: pub})
	if !a.OnTopic || !a.HasLabel(s.label) {
		t.Fatalf("%s %s: the rules say on_topic %v, labels %v; the fixture needs label %s (title %q)",
			p.name, s.key, a.OnTopic, a.Labels, s.label, a.Title)
	}
	if _, err := af.store.SaveArticle(context.Background(), a); err != nil {
		t.Fatalf("save %s %s: %v", p.name, s.key, err)
	}
	af.arts = append(af.arts, arcArticle{Article: a, programme: p.name, step: s.key, copyOf: copyOf})
}

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
