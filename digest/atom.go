package digest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
)

// AtomDays is how many completed days (yesterday and before) an Atom feed
// covers per digest.
const AtomDays = 14

// atomTagPrefix starts every Atom id: a tag URI (RFC 4151).
const atomTagPrefix = "tag:govwire,2026:"

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary string     `xml:"summary"`
	Content atomText   `xml:"content"`
	updated time.Time
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Atom writes an Atom feed of the last AtomDays completed days of digest
// name, or of every digest when name is "": one entry per digest day, its
// HTML rendering as content. Empty days appear only for digests with
// send_empty. An entry's updated time is the end of its day.
func (s *Service) Atom(ctx context.Context, w io.Writer, name string) error {
	names := s.names
	if name != "" {
		if _, _, err := s.lookup(name); err != nil {
			return err
		}
		names = []string{name}
	}
	now := s.now()
	var entries []atomEntry
	for _, n := range names {
		es, err := s.atomEntries(ctx, n, now)
		if err != nil {
			return err
		}
		entries = append(entries, es...)
	}
	slices.SortStableFunc(entries, func(a, b atomEntry) int {
		if c := b.updated.Compare(a.updated); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	f := atomFeed{
		ID:        atomTagPrefix + "digests",
		Title:     "govwire digests",
		Updated:   now.UTC().Truncate(time.Second).Format(time.RFC3339),
		Author:    atomPerson{Name: "govwire"},
		Generator: "govwire",
		Entries:   entries,
	}
	if name != "" {
		f.ID += "/" + url.PathEscape(name)
		f.Title = "govwire digest " + name
	}
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
	}
	if base := strings.TrimRight(s.opts.BaseURL, "/"); base != "" {
		self := base + "/v1/digests.atom"
		if name != "" {
			self += "?name=" + url.QueryEscape(name)
		}
		f.Links = []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + "/"}}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write atom: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write atom: %w", err)
	}
	return enc.Close()
}

// atomEntries builds the entries of digest name for the completed days
// before now.
func (s *Service) atomEntries(ctx context.Context, name string, now time.Time) ([]atomEntry, error) {
	cfg, loc, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	today := now.In(loc)
	var out []atomEntry
	for i := 1; i <= AtomDays; i++ {
		date := time.Date(today.Year(), today.Month(), today.Day()-i, 12, 0, 0, 0, loc).Format(DateLayout)
		d, err := s.Build(ctx, name, date)
		if err != nil {
			return nil, err
		}
		if Count(d) == 0 && !cfg.SendEmpty {
			continue
		}
		_, end, _ := Window(loc, date)
		var body bytes.Buffer
		if err := renderHTMLBody(&body, d, s.opts.BaseURL); err != nil {
			return nil, fmt.Errorf("atom entry %s %s: %w", name, date, err)
		}
		e := atomEntry{
			ID:      atomTagPrefix + "digest/" + url.PathEscape(name) + "/" + date,
			Title:   heading(d),
			Updated: end.UTC().Format(time.RFC3339),
			Summary: summary(d),
			Content: atomText{Type: "html", Body: body.String()},
			updated: end,
		}
		if e.Summary == "" {
			e.Summary = "Nothing new."
		}
		if base := strings.TrimRight(s.opts.BaseURL, "/"); base != "" {
			e.Links = []atomLink{{Rel: "alternate", Type: "text/html",
				Href: base + "/v1/digests/" + date + "?name=" + url.QueryEscape(name) + "&format=html"}}
		}
		out = append(out, e)
	}
	return out, nil
}
