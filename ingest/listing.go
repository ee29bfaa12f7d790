package ingest

import (
	"context"
	"fmt"
	"strings"
)

// sitemapPolicy fetches sitemaps: XML, text or gzip (a .xml.gz file sent
// as application/gzip is not decompressed by the transport; the caller
// does that, with its own cap), at most MaxFeedBytes on the wire.
func (f *Fetcher) sitemapPolicy() policy {
	return policy{kind: KindSitemap, maxBytes: f.cfg.MaxFeedBytes, polite: true, attempts: f.attempts,
		accept: "application/xml, text/xml;q=0.9, application/gzip;q=0.8, */*;q=0.5",
		types: func(mt string) bool {
			return strings.Contains(mt, "xml") || strings.Contains(mt, "gzip") || strings.HasPrefix(mt, "text/")
		}}
}

// FetchSitemap fetches a sitemap or sitemap index for source through the
// fetcher (SSRF guard, per-host interval, retries, MaxFeedBytes), and
// writes it to the fetch log. The body may still be gzipped.
func (in *Ingester) FetchSitemap(ctx context.Context, source, url string) (*Response, error) {
	return in.fetchLogged(ctx, source, url, KindSitemap)
}

// RobotsSitemaps returns the Sitemap: lines of origin's robots.txt
// ("https://example.org"), read through the fetcher's robots.txt cache; a
// missing or unreadable robots.txt has none.
func (in *Ingester) RobotsSitemaps(ctx context.Context, origin string) ([]string, error) {
	u, err := parseFetchURL(origin)
	if err != nil {
		return nil, fmt.Errorf("robots sitemaps %s: %w", origin, err)
	}
	rules, err := in.fetch.robotsFor(ctx, u.Scheme+"://"+strings.ToLower(u.Host))
	if err != nil || rules == nil {
		return nil, err
	}
	return rules.Sitemaps, nil
}
