package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govwire/govwire"
	"golang.org/x/net/html"
)

// itemResult is what happened to one feed item.
type itemResult struct {
	url     string
	result  govwire.SaveResult // 0 when nothing was saved
	known   bool               // already stored and left alone
	fetched bool               // its page was fetched
	article *govwire.Article
	err     error
}

// processItem takes one feed item through the pipeline. Items already
// stored are skipped without a page fetch unless the feed signals a change
// (see changed).
func (in *Ingester) processItem(ctx context.Context, s govwire.Source, feedURL string, it FeedItem) itemResult {
	r := itemResult{url: it.Link}
	canon, err := CanonicalURL(it.Link)
	if err != nil {
		r.err = fmt.Errorf("item link: %w", err)
		return r
	}
	if !in.claim(canon) {
		r.known = true // the same story is being handled by another item
		return r
	}
	defer in.release(canon)
	prev, known, err := in.previous(ctx, s, it, canon)
	if err != nil || known {
		r.err, r.known = err, known
		return r
	}
	select {
	case in.work <- struct{}{}:
		defer func() { <-in.work }()
	case <-ctx.Done():
		r.err = ctx.Err()
		return r
	}
	var a *govwire.Article
	if s.ScrapePages() {
		a, err = in.fromPage(ctx, s, it, canon, prev, &r)
	} else {
		a, err = fromFeed(it, canon)
	}
	if err != nil || a == nil {
		r.err = err
		return r
	}
	a.ContentHash = ContentHash(a.Title, a.Text)
	if prev != nil && prev.ContentHash == a.ContentHash && prev.Ruleset == in.opts.Classifier().Ruleset() {
		in.markChecked(prev.ID, it)
		r.known = true
		return r
	}
	return in.save(ctx, s, feedURL, it, a, prev, r)
}

// previous returns the stored version of the item's article when it must
// be looked at again, or known=true when it is stored and needs nothing:
// a scraped item is re-fetched only when its feed entry signals a change,
// so its stored record is read only then; a feed-only item is re-read
// from the feed each pass (no fetch) and compared by content hash.
func (in *Ingester) previous(ctx context.Context, s govwire.Source, it FeedItem, canon string) (prev *govwire.Article, known bool, err error) {
	id, err := in.seenID(ctx, canon, it.Link)
	if err != nil || id == "" {
		return nil, false, err
	}
	if s.ScrapePages() && itemSignal(it).IsZero() {
		return nil, true, nil
	}
	if prev, err = in.opts.Store.Article(ctx, id); err != nil {
		return nil, false, fmt.Errorf("read article %s: %w", id, err)
	}
	if s.ScrapePages() && !in.changed(prev, it) {
		return nil, true, nil
	}
	return prev, false, nil
}

// seenID returns the id of the article stored under any of urls, or "".
func (in *Ingester) seenID(ctx context.Context, urls ...string) (string, error) {
	for _, u := range urls {
		id, ok, err := in.opts.Store.SeenURL(ctx, u)
		if err != nil {
			return "", fmt.Errorf("look up %s: %w", u, err)
		}
		if ok {
			return id, nil
		}
	}
	return "", nil
}

// changed reports whether a stored article's feed item signals a new
// version: its updated (or, failing that, published) date is later than
// the stored article's last change, and that signal has not already been
// checked in this process. A publisher that bumps dates without changing
// the text therefore costs one page fetch per bump, not one per pass.
func (in *Ingester) changed(prev *govwire.Article, it FeedItem) bool {
	sig := itemSignal(it)
	if sig.IsZero() {
		return false
	}
	last := prev.Updated
	if last.IsZero() {
		last = prev.Fetched
	}
	if !sig.After(last) {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	seen, ok := in.checked[prev.ID]
	return !ok || sig.After(seen)
}

// itemSignal is the date a feed item claims for its latest version.
func itemSignal(it FeedItem) time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	if it.Dated {
		return it.Published
	}
	return time.Time{}
}

func (in *Ingester) markChecked(id string, it FeedItem) {
	if sig := itemSignal(it); !sig.IsZero() {
		in.mu.Lock()
		in.checked[id] = sig
		in.mu.Unlock()
	}
}

// fromPage fetches and extracts the item's page. It returns nil, nil when
// the page's own canonical URL is an article already stored.
func (in *Ingester) fromPage(ctx context.Context, s govwire.Source, it FeedItem, canon string, prev *govwire.Article, r *itemResult) (*govwire.Article, error) {
	resp, err := in.fetch.Fetch(ctx, Request{URL: it.Link, Kind: KindPage})
	in.logFetch(ctx, s.Name, it.Link, KindPage, resp, err)
	if err != nil {
		return nil, fmt.Errorf("fetch page: %w", err)
	}
	r.fetched = true
	ex, err := Extract(ctx, HTMLToUTF8(resp.Body, resp.ContentType), resp.URL, s.Selector)
	if err != nil {
		return nil, err
	}
	if s.Selector != "" && ex.Extractor != extractorSelector {
		in.log.Warn("source selector matched nothing, generic extractor used", "source", s.Name, "url", resp.URL, "selector", s.Selector)
	}
	final := canon
	switch {
	case prev != nil:
		final = prev.CanonicalURL
	case ex.CanonicalURL != "" && ex.CanonicalURL != canon:
		final = ex.CanonicalURL
		if !in.claim(final) {
			r.known = true
			return nil, nil
		}
		defer in.release(final)
		other, err := in.seenID(ctx, final, resp.URL)
		if err != nil || other != "" {
			r.known = other != ""
			return nil, err
		}
	}
	a := &govwire.Article{
		URL: it.Link, CanonicalURL: final, FinalURL: resp.URL,
		Title: firstOf(ex.Title, it.Title), Text: ex.Text, Author: firstOf(ex.Author, it.Author),
		Published: it.Published, Extractor: ex.Extractor,
	}
	if !it.Dated && !ex.Published.IsZero() {
		a.Published = ex.Published
	}
	return a, nil
}

// fromFeed builds an article from the item's own content, for sources that
// are not scraped.
func fromFeed(it FeedItem, canon string) (*govwire.Article, error) {
	body := firstOf(it.Content, it.Summary)
	text := htmlText(body)
	if text == "" {
		return nil, fmt.Errorf("feed item %s: %w", it.Link, errNoText)
	}
	return &govwire.Article{
		URL: it.Link, CanonicalURL: canon, FinalURL: it.Link, Title: it.Title, Text: text,
		Author: it.Author, Published: it.Published, Extractor: "feed-content",
	}, nil
}

// htmlText returns the text of an HTML fragment, one paragraph per block.
func htmlText(fragment string) string {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div"})
	if err != nil {
		return collapseSpace(fragment)
	}
	var b strings.Builder
	for _, n := range nodes {
		writeText(&b, n, skipTags)
		b.WriteByte('\n')
	}
	return normaliseText(b.String())
}

// save classifies a and writes it to the store.
func (in *Ingester) save(ctx context.Context, s govwire.Source, feedURL string, it FeedItem, a *govwire.Article, prev *govwire.Article, r itemResult) itemResult {
	now := in.now().UTC()
	a.Source, a.Feed, a.Fetched, a.Updated = s.Name, feedURL, now, now
	a.ID = in.opts.ArticleID(a.CanonicalURL)
	if prev != nil {
		a.ID = prev.ID
	}
	a.Fingerprint = Fingerprint(a.Text)
	a.Classification = in.opts.Classifier().Classify(govwire.Document{
		ID: a.ID, Title: a.Title, Text: a.Text, URL: a.CanonicalURL, Published: a.Published,
	})
	res, err := in.opts.Store.SaveArticle(ctx, a)
	if err != nil {
		r.err = err
		return r
	}
	if prev != nil {
		in.markChecked(prev.ID, it)
	}
	r.result, r.article = res, a
	return r
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// claim marks canonical as being processed; false means another item
// holds it.
func (in *Ingester) claim(canonical string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.inflight[canonical] {
		return false
	}
	in.inflight[canonical] = true
	return true
}

func (in *Ingester) release(canonical string) {
	in.mu.Lock()
	delete(in.inflight, canonical)
	in.mu.Unlock()
}
