// Package backfill builds a source's past coverage from its sitemaps
// (robots.txt Sitemap: lines, /sitemap.xml, sitemap indexes, Google News
// sitemaps with publication dates, gzip) and its paged feed archives (RFC
// 5005 prev-archive links, WordPress ?paged=N), newest first within a date
// window, through ingest's fetcher and pipeline (SSRF guard, per-host
// interval, robots.txt, canonical URLs, extraction, classification,
// near-duplicate clusters). Progress is kept in the store: a later run
// skips the sitemaps an earlier one finished and never fetches a stored URL.
//
// Where things are: backfill.go holds the Backfiller and its run,
// discover.go finds and walks the sitemaps, sitemap.go parses one sitemap
// (hard limits: decompressed size, entries, no DOCTYPE), archive.go walks
// feed archives, pages.go fetches and stores the article pages.
package backfill
