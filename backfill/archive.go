package backfill

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// MaxArchivePages bounds how many pages of a feed archive one run reads.
const MaxArchivePages = 500

// archive walks the source's paged feed archive: the RFC 5005 chain of
// prev-archive links when the feed has one, else WordPress's ?paged=N
// pages when the feed says WordPress made it. Each page's items become
// candidates; the walk stops after the first page with an item older
// than the window (archives run from new to old). RFC 5005 archive pages never change, so each is marked
// done once its items are handled; WordPress pages shift as posts are
// added, so they are not.
func (r *run) archive(ctx context.Context) []candidate {
	src := r.req.Source
	resp, err := r.b.opts.Ingester.FetchListing(ctx, src.Name, src.URL)
	if err != nil {
		if ctx.Err() == nil {
			r.fail(src.URL, fmt.Errorf("fetch feed for its archive: %w", err))
		}
		return nil
	}
	prev := prevArchive(resp.Body, resp.URL)
	wordpress := prev == "" && bytes.Contains(bytes.ToLower(resp.Body), []byte("wordpress.org"))
	if prev == "" && !wordpress {
		return nil
	}
	var out []candidate
	seen := map[string]bool{src.URL: true, resp.URL: true}
	next := prev
	for page := 2; page <= MaxArchivePages+1 && ctx.Err() == nil; page++ {
		if wordpress {
			next = pagedURL(src.URL, page)
		}
		if next == "" || seen[next] {
			if next != "" {
				r.fail(next, govwire.Errorf(govwire.EINVALID, "feed archive loop: %s is linked again; not fetched again", next))
			}
			break
		}
		seen[next] = true
		if !r.ownHost(next) {
			r.fail(next, govwire.Errorf(govwire.EINVALID, "feed archive page %s is not on the source's host: refused, not fetched", next))
			break
		}
		cands, older, more := r.archivePage(ctx, next, wordpress)
		out = append(out, cands...)
		if !more || older {
			break
		}
		if !wordpress {
			next = r.lastPrev
		}
	}
	return out
}

// archivePage reads one archive page. older says some item is dated
// before the window, so the pages after it (older still) are not needed;
// more says the walk may go on.
func (r *run) archivePage(ctx context.Context, u string, wordpress bool) (cands []candidate, older, more bool) {
	resp, err := r.b.opts.Ingester.FetchListing(ctx, r.req.Source.Name, u)
	if err != nil {
		var fe *ingest.FetchError
		if wordpress && errors.As(err, &fe) && fe.Status == 404 {
			return nil, false, false // past the last page
		}
		if ctx.Err() == nil {
			r.fail(u, fmt.Errorf("fetch feed archive page: %w", err))
		}
		return nil, false, false
	}
	feed, err := ingest.ParseFeed(resp.Body, resp.ContentType, resp.URL, r.b.opts.Now())
	if err != nil {
		r.fail(u, fmt.Errorf("feed archive page %s: %w", u, err))
		return nil, false, false
	}
	r.lastPrev = prevArchive(resp.Body, resp.URL)
	if len(feed.Items) == 0 {
		return nil, false, false
	}
	l := &listing{url: u, kind: govwire.ViaArchive, mark: !wordpress}
	done := false
	if m, ok := r.marks[u]; ok && l.mark && m.Covers(r.req.Since, r.req.Until) {
		done = true
		r.skip(SkipDone)
	}
	r.mu.Lock()
	r.sum.Discovered += len(feed.Items)
	r.mu.Unlock()
	for _, it := range feed.Items {
		e := entry{Loc: it.Link, Title: it.Title}
		if it.Dated {
			e.Published = it.Published
		}
		if !r.req.Since.IsZero() && !e.Published.IsZero() && e.Published.Before(r.req.Since) {
			older = true
		}
		if done {
			continue
		}
		if reason := r.wanted(e); reason != "" {
			r.skip(reason)
			continue
		}
		l.pending++
		l.urls++
		cands = append(cands, candidate{e: e, l: l, via: govwire.ViaArchive})
	}
	if !done && l.pending == 0 {
		r.done(ctx, l)
	}
	return cands, older, wordpress || r.lastPrev != ""
}

// prevArchive returns the RFC 5005 prev-archive link of a feed document
// (Atom <link rel="prev-archive" href="...">, also as atom:link in RSS),
// resolved against base, or "".
func prevArchive(body []byte, base string) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) || err != nil {
			return ""
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "link" {
			continue
		}
		var rel, href string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "rel":
				rel = a.Value
			case "href":
				href = a.Value
			}
		}
		if rel == "prev-archive" && href != "" {
			b, err1 := url.Parse(base)
			h, err2 := url.Parse(href)
			if err1 != nil || err2 != nil {
				return ""
			}
			return b.ResolveReference(h).String()
		}
	}
}

// pagedURL is feed's WordPress page n: ?paged=n.
func pagedURL(feed string, n int) string {
	u, err := url.Parse(feed)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("paged", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}
