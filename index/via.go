package index

import "github.com/govwire/govwire"

// fieldVia holds how an article was found (feed, sitemap, archive, warc,
// import): a facet, and a query field (via:warc).
const fieldVia = "via"

// viaOf is a's via; an article saved before via existed came from a feed.
func viaOf(a *govwire.Article) string {
	if a.Via == "" {
		return govwire.ViaFeed
	}
	return a.Via
}
