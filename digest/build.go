package digest

import (
	"slices"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// DateLayout is the layout of a digest date.
const DateLayout = "2006-01-02"

// sectionOrder lists section labels in the order digests show them: the four
// labels, then "" for on-topic stories with no label.
var sectionOrder = append(slices.Clone(govwire.Labels), "")

// Location returns the digest's time zone, UTC when unset or unknown.
func Location(cfg govwire.DigestConfig) *time.Location {
	if cfg.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Window returns the half-open interval [start, end) covered by the digest
// for date: that calendar day in loc. It is 23 or 25 hours long on days when
// the clocks change.
func Window(loc *time.Location, date string) (start, end time.Time, err error) {
	d, err := time.ParseInLocation(DateLayout, date, loc)
	if err != nil {
		return time.Time{}, time.Time{}, govwire.Errorf(govwire.EINVALID, "date %q: want YYYY-MM-DD", date)
	}
	start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	end = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	return start, end, nil
}

// Today returns the date of now in loc.
func Today(loc *time.Location, now time.Time) string { return now.In(loc).Format(DateLayout) }

// Yesterday returns the date before now's in loc: the last complete day.
func Yesterday(loc *time.Location, now time.Time) string {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()-1, 12, 0, 0, 0, loc).Format(DateLayout)
}

// Build builds the digest of cfg for date ("" means today in the digest's
// time zone) from arts. It keeps the on-topic articles carrying one of
// cfg.Labels (any label when none is set), groups them by near-duplicate
// cluster and keeps the clusters first seen (earliest Fetched) inside the
// day: a copy of a story first seen on an earlier day is left out, so the
// caller may pass cluster heads from outside the window to say so. Each
// story is one item, the cluster's earliest article, with the other copies
// under Also, in the section of its strongest label. Query filtering is the
// caller's job (arts are already the query's matches). An invalid date
// yields an empty digest for that string.
func Build(cfg govwire.DigestConfig, date string, arts []*govwire.Article, now time.Time) *govwire.Digest {
	loc := Location(cfg)
	if date == "" {
		date = Today(loc, now)
	}
	d := &govwire.Digest{
		Name:        cfg.Name,
		Date:        date,
		GeneratedAt: now.UTC().Truncate(time.Second),
		Sections:    []govwire.DigestSection{},
	}
	start, end, err := Window(loc, date)
	if err != nil {
		return d
	}
	bySection := map[string][]govwire.DigestItem{}
	for _, c := range clusters(cfg, arts, end) {
		if c[0].Fetched.Before(start) {
			continue // first seen on an earlier day
		}
		label, item := storyItem(cfg, c)
		bySection[label] = append(bySection[label], item)
	}
	for _, label := range sectionOrder {
		items := bySection[label]
		if len(items) == 0 {
			continue
		}
		slices.SortStableFunc(items, func(a, b govwire.DigestItem) int {
			if c := b.Published.Compare(a.Published); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		d.Sections = append(d.Sections, govwire.DigestSection{Label: label, Items: items})
	}
	return d
}

// clusters groups the articles that pass cfg's filters and were first
// stored before end by cluster, each earliest first.
func clusters(cfg govwire.DigestConfig, arts []*govwire.Article, end time.Time) [][]*govwire.Article {
	var keys []string
	groups := map[string][]*govwire.Article{}
	seen := map[string]bool{}
	for _, a := range arts {
		if a == nil || !a.EffectiveOnTopic() || !a.Fetched.Before(end) || !wanted(cfg, a) || seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		k := a.ClusterID
		if k == "" {
			k = a.ID
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], a)
	}
	out := make([][]*govwire.Article, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		slices.SortStableFunc(g, func(a, b *govwire.Article) int {
			if c := a.Fetched.Compare(b.Fetched); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		out = append(out, g)
	}
	return out
}

// wanted reports whether a carries one of cfg's labels, or cfg has none.
func wanted(cfg govwire.DigestConfig, a *govwire.Article) bool {
	if len(cfg.Labels) == 0 {
		return true
	}
	for _, l := range cfg.Labels {
		if a.HasEffectiveLabel(l) {
			return true
		}
	}
	return false
}

// storyItem makes the item of one cluster (earliest first) and picks its
// section: the strongest of the story's labels (those cfg asks for, when it
// asks), ties broken by section order. Labels are the effective ones: when
// a member of the story was reviewed, only reviewed members give labels,
// each with the full score (a person's decision beats any rule's score).
func storyItem(cfg govwire.DigestConfig, c []*govwire.Article) (string, govwire.DigestItem) {
	head := c[0]
	labels := []string{}
	scores := map[string]float64{}
	reviewed := slices.ContainsFunc(c, func(a *govwire.Article) bool { return a.Review != nil })
	for _, a := range c {
		if reviewed && a.Review == nil {
			continue
		}
		for _, l := range a.EffectiveLabels() {
			if !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
			s, ok := a.Scores[l]
			if a.Review != nil {
				s, ok = 1, true
			}
			if ok && s > scores[l] {
				scores[l] = s
			}
		}
	}
	slices.Sort(labels)
	section, best := "", 0.0
	for _, l := range govwire.Labels { // section order breaks ties
		if !slices.Contains(labels, l) || (len(cfg.Labels) > 0 && !slices.Contains(cfg.Labels, l)) {
			continue
		}
		if s := scores[l]; section == "" || s > best {
			section, best = l, s
		}
	}
	item := govwire.DigestItem{
		ID:         head.ID,
		Title:      oneLine(head.Title),
		URL:        articleURL(head),
		Source:     head.Source,
		Published:  head.Published,
		Labels:     labels,
		Also:       []govwire.AlsoSeen{},
		Programmes: head.EntityValues(govwire.EntityProgramme),
	}
	if item.Published.IsZero() {
		item.Published = head.Fetched
	}
	item.Published = item.Published.UTC()
	seenURL := map[string]bool{item.URL: true}
	for _, a := range c[1:] {
		u := articleURL(a)
		if seenURL[u] {
			continue
		}
		seenURL[u] = true
		item.Also = append(item.Also, govwire.AlsoSeen{Source: a.Source, URL: u})
	}
	return section, item
}

// articleURL is the article's canonical URL, or its feed link.
func articleURL(a *govwire.Article) string {
	if a.CanonicalURL != "" {
		return a.CanonicalURL
	}
	return a.URL
}

// oneLine collapses runs of white space, newlines included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Count returns the number of stories in d.
func Count(d *govwire.Digest) int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Items)
	}
	return n
}
