package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/govwire/govwire"
)

// This file is the pipeline's seam for pages found outside a feed: backfill
// (sitemaps, feed archives) fetches them with the Ingester's own fetcher,
// import reads them from web archives and JSON Lines files. Both go through
// the same canonical URLs, extraction, fingerprint, classification and store
// as feed items.

// Reasons a page is not stored (PageResult.Skipped).
const (
	SkipStored   = "already stored"         // its URL or canonical URL is in the store
	SkipOffTopic = "off topic"              // classified off topic, with Page.OnTopicOnly
	SkipNoText   = "no article text"        // the extractor found no article in the page
	SkipBusy     = "being stored meanwhile" // another page with the same canonical URL is being handled
)

// Page is an article page found outside a feed.
type Page struct {
	Source   string // source name stored with the article
	Feed     string // the listing it was found in, if any (stored as the article's feed)
	Selector string // CSS selector for the article text (the source's), or ""
	URL      string // the address it was listed or captured under
	FinalURL string // where its HTML came from, after redirects; "" means URL
	// HTML is the page; when nil, Title and Text are the article as
	// another tool extracted it.
	HTML        []byte
	ContentType string // HTML's Content-Type, for its charset
	Title       string
	Text        string
	Author      string
	// Published is the listing's date for the page (a news sitemap's
	// publication date, a JSON Lines "published"); zero uses the page's own.
	Published   time.Time
	Via         string // one of govwire.Via*
	Provenance  *govwire.Provenance
	OnTopicOnly bool // store the page only when it is on topic
	// Keep, when set, sees the extracted article before it is classified
	// and stored and returns a reason not to store it ("" keeps it): a
	// backfill's date window for a page its listing gave no date.
	Keep func(a *govwire.Article) string
}

// PageResult is what SavePage did.
type PageResult struct {
	Result  govwire.SaveResult // 0 when nothing was saved
	Article *govwire.Article   // the saved article, when one was
	Skipped string             // one of the Skip* reasons when nothing was saved
}

// Seen reports whether an article is stored under any of urls (its
// link, canonical or final URL), so a caller can skip a fetch.
func (in *Ingester) Seen(ctx context.Context, urls ...string) (bool, error) {
	id, err := in.seenID(ctx, urls...)
	return id != "", err
}

// SavePage extracts (when p has HTML), classifies and stores one page. A
// page whose URL or canonical URL is already stored is skipped, never
// updated: the pipeline for known articles is the feed's. Pages run
// concurrently like feed items.
func (in *Ingester) SavePage(ctx context.Context, p Page) (PageResult, error) {
	canon, err := CanonicalURL(p.URL)
	if err != nil {
		return PageResult{}, fmt.Errorf("page url: %w", err)
	}
	if !in.claim(canon) {
		return PageResult{Skipped: SkipBusy}, nil
	}
	defer in.release(canon)
	final := orElse(p.FinalURL, p.URL)
	if id, err := in.seenID(ctx, canon, p.URL, final); err != nil || id != "" {
		return PageResult{Skipped: SkipStored}, err
	}
	a := &govwire.Article{URL: p.URL, CanonicalURL: canon, FinalURL: final, Title: p.Title, Text: p.Text,
		Author: p.Author, Published: p.Published, Extractor: "import", Via: p.Via, Provenance: p.Provenance}
	if p.HTML != nil {
		ex, err := Extract(ctx, HTMLToUTF8(p.HTML, p.ContentType), final, p.Selector)
		if errors.Is(err, errNoText) {
			return PageResult{Skipped: SkipNoText}, nil
		}
		if err != nil {
			return PageResult{}, err
		}
		a.Title, a.Text, a.Author, a.Extractor = firstOf(ex.Title, p.Title), ex.Text, firstOf(ex.Author, p.Author), ex.Extractor
		if a.Published.IsZero() {
			a.Published = ex.Published
		}
		if ex.CanonicalURL != "" && ex.CanonicalURL != canon {
			if !in.claim(ex.CanonicalURL) {
				return PageResult{Skipped: SkipBusy}, nil
			}
			defer in.release(ex.CanonicalURL)
			if id, err := in.seenID(ctx, ex.CanonicalURL); err != nil || id != "" {
				return PageResult{Skipped: SkipStored}, err
			}
			a.CanonicalURL = ex.CanonicalURL
		}
	}
	if a.Text == "" {
		return PageResult{Skipped: SkipNoText}, nil
	}
	if p.Keep != nil {
		if why := p.Keep(a); why != "" {
			return PageResult{Skipped: why}, nil
		}
	}
	return in.savePage(ctx, p, a)
}

// savePage classifies a and stores it.
func (in *Ingester) savePage(ctx context.Context, p Page, a *govwire.Article) (PageResult, error) {
	now := in.now().UTC()
	a.Source, a.Feed, a.Fetched, a.Updated = p.Source, p.Feed, now, now
	a.ID = in.opts.ArticleID(a.CanonicalURL)
	a.ContentHash = ContentHash(a.Title, a.Text)
	a.Fingerprint = Fingerprint(a.Text)
	a.Classification = in.opts.Classifier().Classify(govwire.Document{
		ID: a.ID, Title: a.Title, Text: a.Text, URL: a.CanonicalURL, Published: a.Published,
	})
	if p.OnTopicOnly && !a.OnTopic {
		return PageResult{Skipped: SkipOffTopic}, nil
	}
	res, err := in.opts.Store.SaveArticle(ctx, a)
	if err != nil {
		return PageResult{}, err
	}
	return PageResult{Result: res, Article: a}, nil
}

// FetchPage fetches an article page for source with the Ingester's fetcher
// (SSRF guard, per-host interval, robots.txt, retries, body cap) and
// writes it to the fetch log.
func (in *Ingester) FetchPage(ctx context.Context, source, url string) (*Response, error) {
	return in.fetchLogged(ctx, source, url, KindPage)
}

// FetchListing fetches a feed, feed archive page or sitemap (the feed
// body cap and content types) for source, as FetchPage does.
func (in *Ingester) FetchListing(ctx context.Context, source, url string) (*Response, error) {
	return in.fetchLogged(ctx, source, url, KindFeed)
}

func (in *Ingester) fetchLogged(ctx context.Context, source, url, kind string) (*Response, error) {
	resp, err := in.fetch.Fetch(ctx, Request{URL: url, Kind: kind})
	in.logFetch(ctx, source, url, kind, resp, err)
	return resp, err
}

// Allowed reports whether FetchPage may fetch url: true when
// fetch.respect_robots is off, else what robots.txt says (see
// Fetcher.Allowed), so a caller can skip a disallowed page before it
// counts against a budget.
func (in *Ingester) Allowed(ctx context.Context, url string) (bool, error) {
	if !in.opts.Fetch.RespectRobots {
		return true, nil
	}
	return in.fetch.Allowed(ctx, url)
}

// Saved hands articles stored by SavePage to the OnSaved hook (the index),
// in batches of the caller's choosing.
func (in *Ingester) Saved(ctx context.Context, arts []*govwire.Article) {
	if len(arts) > 0 && in.opts.OnSaved != nil {
		in.opts.OnSaved(ctx, arts)
	}
}
