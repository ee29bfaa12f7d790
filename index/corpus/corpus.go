// Package corpus generates synthetic but plausible govwire articles for
// benchmarks and load tests: varied titles and text built from govwire's own
// word lists and templates, labels with scores, vendors, agencies and
// programmes as entities, dates over two years, and syndicated copies that
// form near-duplicate clusters. The same seed always yields the same corpus.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// Options shape a corpus.
type Options struct {
	Seed uint64
	// CopyRate is the fraction of articles that are syndicated copies of
	// an earlier story (default 0.15).
	CopyRate float64
	// OffTopicRate is the fraction of off-topic articles (default 0.15).
	OffTopicRate float64
	// Words is the mean length of an article's text in words (default 400).
	Words int
	// Start and Days bound the publication dates (default 2025-01-01, 700).
	Start time.Time
	Days  int
}

// Generator yields articles one by one.
type Generator struct {
	opt    Options
	rnd    *rand.Rand
	n      int
	recent []*govwire.Article // candidates for syndicated copies
	rare   []string
	prints map[string]govwire.Fingerprint
}

// New returns a generator.
func New(opt Options) *Generator {
	if opt.CopyRate == 0 {
		opt.CopyRate = 0.15
	}
	if opt.OffTopicRate == 0 {
		opt.OffTopicRate = 0.15
	}
	if opt.Words == 0 {
		opt.Words = 400
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opt.Days == 0 {
		opt.Days = 700
	}
	g := &Generator{opt: opt, rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), prints: map[string]govwire.Fingerprint{}}
	for range 20000 {
		var b strings.Builder
		for range 2 + g.rnd.IntN(3) {
			b.WriteString(syllables[g.rnd.IntN(len(syllables))])
		}
		g.rare = append(g.rare, b.String())
	}
	return g
}

// Fingerprint returns the MinHash fingerprint of an article the generator
// made: copies share their original's, so a store clusters them.
func (g *Generator) Fingerprint(id string) govwire.Fingerprint { return g.prints[id] }

// Next returns the next article. Seq counts from 1; Fetched is an hour
// after Published.
func (g *Generator) Next() *govwire.Article {
	g.n++
	var a *govwire.Article
	if len(g.recent) > 0 && g.rnd.Float64() < g.opt.CopyRate {
		a = g.copyOf(g.recent[g.rnd.IntN(len(g.recent))])
	} else {
		a = g.story()
	}
	a.Seq = int64(g.n)
	sum := sha256.Sum256([]byte(a.Title + "\n" + a.Text))
	a.ContentHash = hex.EncodeToString(sum[:16])
	a.Extractor = "gencorpus/1"
	a.Ruleset = "synthetic"
	a.Feed = "https://" + a.Source + ".example/feed.xml"
	if a.OnTopic && a.ClusterID == a.ID {
		g.recent = append(g.recent, a)
		if len(g.recent) > 200 {
			g.recent = g.recent[1:]
		}
	}
	return a
}

func (g *Generator) pick(xs []string) string { return xs[g.rnd.IntN(len(xs))] }

// story makes an original article.
func (g *Generator) story() *govwire.Article {
	label := ""
	if g.rnd.Float64() >= g.opt.OffTopicRate {
		label = govwire.Labels[g.rnd.IntN(len(govwire.Labels))]
	}
	s := slots{
		vendor: g.pick(vendors), vendor2: g.pick(vendors), agency: g.pick(agencies), programme: g.pick(programmes),
		money: fmt.Sprintf("$%d %s", 1+g.rnd.IntN(900), g.pick([]string{"million", "billion"})),
		month: g.pick(months),
	}
	pub := g.opt.Start.Add(time.Duration(g.rnd.Int64N(int64(g.opt.Days) * int64(24*time.Hour)))).Truncate(time.Minute)
	a := &govwire.Article{Source: g.pick(sources), Published: pub, Fetched: pub.Add(time.Hour)}
	a.Title = g.fill(g.pick(titles[label]), s)
	a.Text = g.text(label, s)
	a.URL = fmt.Sprintf("https://%s.example/%s/%s-%d", a.Source, pub.Format("2006/01"), slug(a.Title), g.n)
	a.CanonicalURL, a.FinalURL = a.URL, a.URL
	a.ID = govwire.ArticleID(a.CanonicalURL)
	a.ClusterID = a.ID
	a.Updated = a.Fetched
	a.Classification = g.classify(label, s)
	fp := make(govwire.Fingerprint, govwire.FingerprintSize)
	for i := range fp {
		fp[i] = g.rnd.Uint32()
	}
	g.prints[a.ID] = fp
	return a
}

// copyOf makes a syndicated copy of orig from another outlet, a little later.
func (g *Generator) copyOf(orig *govwire.Article) *govwire.Article {
	a := *orig
	a.Source = g.pick(sources)
	a.Published = orig.Published.Add(time.Duration(1+g.rnd.IntN(300)) * time.Minute)
	a.Fetched = a.Published.Add(time.Hour)
	a.Updated = a.Fetched
	a.URL = fmt.Sprintf("https://%s.example/%s/%s-%d", a.Source, a.Published.Format("2006/01"), slug(a.Title), g.n)
	a.CanonicalURL, a.FinalURL = a.URL, a.URL
	a.ID = govwire.ArticleID(a.CanonicalURL)
	a.ClusterID = orig.ID
	a.Text = orig.Text + " " + g.pick([]string{"Reporting by staff.", "This story was first published elsewhere.", "Additional reporting by wire services."})
	g.prints[a.ID] = g.prints[orig.ID]
	return &a
}

func (g *Generator) text(label string, s slots) string {
	var b strings.Builder
	words := g.opt.Words/2 + g.rnd.IntN(g.opt.Words+1)
	for n := 0; n < words; {
		var sent string
		switch r := g.rnd.IntN(10); {
		case r < 4:
			sent = g.fill(g.pick(sentences[label]), s)
		case r < 5 && label != "":
			sent = g.fill(g.pick(sentences[govwire.Labels[g.rnd.IntN(len(govwire.Labels))]]), s)
		default:
			sent = g.babble(8 + g.rnd.IntN(14))
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		if g.rnd.IntN(6) == 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(sent)
		n += strings.Count(sent, " ") + 1
	}
	return b.String()
}

// babble is a sentence of filler words with a rare word now and then.
func (g *Generator) babble(n int) string {
	ws := make([]string, n)
	for i := range ws {
		if g.rnd.IntN(7) == 0 {
			ws[i] = g.rare[int(float64(len(g.rare))*g.rnd.Float64()*g.rnd.Float64())] // Zipf-ish
		} else {
			ws[i] = g.pick(filler)
		}
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

func (g *Generator) classify(label string, s slots) govwire.Classification {
	c := govwire.Classification{OnTopic: label != "", Scores: map[string]float64{}, Labels: []string{}, Ruleset: "synthetic"}
	if label == "" {
		c.Scores["on_topic"] = 0.1
		return c
	}
	c.Scores["on_topic"] = 0.9
	c.Labels = append(c.Labels, label)
	c.Scores[label] = 0.6 + 0.4*g.rnd.Float64()
	if g.rnd.IntN(5) == 0 { // a second label now and then
		if l := govwire.Labels[g.rnd.IntN(len(govwire.Labels))]; l != label {
			c.Labels = append(c.Labels, l)
			c.Scores[l] = 0.5 + 0.3*g.rnd.Float64()
		}
	}
	slices.Sort(c.Labels)
	for _, e := range []struct{ typ, v string }{
		{govwire.EntityVendor, s.vendor}, {govwire.EntityVendor, s.vendor2},
		{govwire.EntityAgency, s.agency}, {govwire.EntityProgramme, s.programme},
	} {
		c.Entities = append(c.Entities, govwire.Entity{Type: e.typ, Text: e.v, Value: e.v, Field: "text"})
	}
	return c
}

type slots struct{ vendor, vendor2, agency, programme, money, month string }

func (g *Generator) fill(tmpl string, s slots) string {
	r := strings.NewReplacer("{vendor}", s.vendor, "{vendor2}", s.vendor2, "{agency}", s.agency,
		"{programme}", s.programme, "{money}", s.money, "{month}", s.month,
		"{number}", strconv.Itoa(2+g.rnd.IntN(60)), "{word}", g.pick(g.rare))
	return r.Replace(tmpl)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
