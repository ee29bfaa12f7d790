package config

import (
	"strings"
	"testing"
)

func TestSourceBackfill(t *testing.T) {
	base := "sources:\n  - name: a\n    url: https://x.org/feed\n    backfill:\n"
	c, err := Parse("ok.yaml", []byte(base+"      sitemaps: [https://x.org/news-sitemap.xml]\n      include: ['/20[0-9]{2}/']\n      exclude: ['/video/']\n"))
	if err != nil {
		t.Fatal(err)
	}
	b := c.Sources[0].Backfill
	if b == nil || len(b.Sitemaps) != 1 || b.Include[0] != "/20[0-9]{2}/" || b.Exclude[0] != "/video/" {
		t.Errorf("backfill read as %+v", b)
	}
	for _, tc := range []struct{ body, want string }{
		{"      sitemaps: [ftp://x.org/s.xml]\n", `bad.yaml:5: sources[0].backfill.sitemaps[0]: "ftp://x.org/s.xml" is not an http or https URL`},
		{"      include: ['(']\n", `bad.yaml:5: sources[0].backfill.include[0]: "(" is not a regular expression`},
		{"      exclude: [ok, '[z-a]']\n", `sources[0].backfill.exclude[1]: "[z-a]" is not a regular expression`},
		{"      sitemap: [https://x.org/s.xml]\n", `sources[0].backfill.sitemap: unknown key (did you mean "sitemaps"?)`},
	} {
		_, err := Parse("bad.yaml", []byte(base+tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.body, err, tc.want)
		}
	}
}
