package ingest

import (
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"lower scheme and host", "HTTPS://News.Example.COM/Story/One", "https://news.example.com/Story/One", false},
		{"default https port", "https://example.com:443/a", "https://example.com/a", false},
		{"default http port", "http://example.com:80/a", "http://example.com/a", false},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a", false},
		{"fragment dropped", "https://example.com/a#comments", "https://example.com/a", false},
		{"utm dropped", "https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7", false},
		{"click ids dropped", "https://example.com/a?fbclid=x&gclid=y&mc_cid=z&mc_eid=w&msclkid=v", "https://example.com/a", false},
		{"query sorted", "https://example.com/a?z=1&b=2&a=3", "https://example.com/a?a=3&b=2&z=1", false},
		{"tracking key case-insensitive", "https://example.com/a?UTM_Campaign=x&p=1", "https://example.com/a?p=1", false},
		{"empty path", "https://example.com", "https://example.com/", false},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c", false},
		{"trailing slash kept", "https://example.com/a/b/", "https://example.com/a/b/", false},
		{"user info dropped", "https://bob:pw@example.com/a", "https://example.com/a", false},
		{"trailing dot host", "https://example.com./a", "https://example.com/a", false},
		{"ipv6", "http://[::1]:8080/a", "http://[::1]:8080/a", false},
		{"encoded path kept", "https://example.com/a%2Fb", "https://example.com/a%2Fb", false},
		{"spaces trimmed", "  https://example.com/a \n", "https://example.com/a", false},
		{"empty query parts", "https://example.com/a?&&x=1&", "https://example.com/a?x=1", false},
		{"relative refused", "/news/a", "", true},
		{"mailto refused", "mailto:a@example.com", "", true},
		{"ftp refused", "ftp://example.com/a", "", true},
		{"no host refused", "https:///a", "", true},
		{"bad escape refused", "https://example.com/%zz", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("CanonicalURL(%q) = %q, want an error", tt.in, got)
				}
				if !strings.Contains(err.Error(), "canonical url") {
					t.Errorf("error %q does not say what failed", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("CanonicalURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolveCanonical(t *testing.T) {
	page := "https://www.example.com/news/story-1?utm_source=rss"
	tests := []struct{ name, href, want string }{
		{"absolute same host", "https://www.example.com/news/story-1", "https://www.example.com/news/story-1"},
		{"relative", "/2026/11/story-1", "https://www.example.com/2026/11/story-1"},
		{"same registrable domain", "https://example.com/story-1#top", "https://example.com/story-1"},
		{"other site ignored", "https://aggregator.example.net/story-1", ""},
		{"other suffix ignored", "https://www.example.co.uk/story-1", ""},
		{"empty", "", ""},
		{"javascript ignored", "javascript:alert(1)", ""},
	}
	if got := ResolveCanonical("", "https://Example.com/a?utm_source=x"); got != "https://example.com/a" {
		t.Errorf("no page URL, absolute href: %q", got)
	}
	if got := ResolveCanonical("", "/a"); got != "" {
		t.Errorf("no page URL, relative href: %q, want none", got)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ResolveCanonical(page, tt.href); got != tt.want {
				t.Errorf("ResolveCanonical(%q) = %q, want %q", tt.href, got, tt.want)
			}
		})
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://Example.com:443/a/../b?utm_source=x&b=1&a=2#f", "http://[::1]:80/", "https://a.b/%2F?x", "https://x.y/a//b/./"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := CanonicalURL(in)
		if err != nil {
			return
		}
		again, err := CanonicalURL(got)
		if err != nil {
			t.Fatalf("CanonicalURL(%q) = %q, which is refused: %v", in, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, got, again)
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Fragment != "" {
			t.Fatalf("CanonicalURL(%q) = %q: not an absolute http(s) URL without fragment", in, got)
		}
		// No parameter named utm_* survives (a name like "?utm_" is another
		// parameter, not a tracking one).
		for _, part := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(part, "=")
			if k, err := url.QueryUnescape(key); err == nil && strings.HasPrefix(strings.ToLower(k), "utm_") {
				t.Fatalf("CanonicalURL(%q) = %q keeps the tracking parameter %q", in, got, k)
			}
		}
	})
}

// TestCanonicalURLIdempotent: spellings of one address map to one string,
// and that string maps to itself (canon(canon(u)) == canon(u)).
func TestCanonicalURLIdempotent(t *testing.T) {
	same := [][]string{
		{"https://example.com/story?id=7 #comments", "https://example.com/story?id=7", "https://example.com/story?id=7#top"},
		{"https://example.com/a \t#x", "https://example.com/a"},
	}
	for _, group := range same {
		want, err := CanonicalURL(group[0])
		if err != nil {
			t.Fatalf("CanonicalURL(%q): %v", group[0], err)
		}
		for _, in := range group[1:] {
			if got, err := CanonicalURL(in); err != nil || got != want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q as for %q", in, got, err, want, group[0])
			}
		}
	}
	for _, in := range []string{
		"https://example.com/story?id=7 #comments", "https://example.com/a?q=x y&b=\x01", "https://example.com/a?z=é&a= ",
		"https://example.com/a?b=1 ", "http://example.com/a?x=%zz", "https://example.com/a?%20=1&%20", "https://example.com/a?x=\"<>\"",
	} {
		once, err := CanonicalURL(in)
		if err != nil {
			continue
		}
		if twice, err := CanonicalURL(once); err != nil || twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", in, once, twice, err)
		}
	}
}
