package config

import (
	"fmt"
	"regexp"

	"github.com/govwire/govwire"
)

// checkBackfill checks a source's backfill hints: absolute http(s) sitemap
// URLs and patterns that compile.
func checkBackfill(at string, b *govwire.SourceBackfill) error {
	if b == nil {
		return nil
	}
	for i, u := range b.Sitemaps {
		if err := checkHTTPURL(fmt.Sprintf("%s.sitemaps[%d]", at, i), u); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		key  string
		pats []string
	}{{"include", b.Include}, {"exclude", b.Exclude}} {
		key := l.key
		for i, p := range l.pats {
			if _, err := regexp.Compile(p); err != nil {
				return fmt.Errorf("%s.%s[%d]: %q is not a regular expression (Go syntax, matched against the article URL): %v", at, key, i, p, err)
			}
		}
	}
	return nil
}
