package ingest

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// trackingParams are query parameters that identify a campaign or a click,
// never the page: CanonicalURL drops them.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "igshid": true, "twclid": true, "li_fat_id": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true,
	"wt.mc_id": true, "s_cid": true, "cmpid": true, "ocid": true, "ncid": true, "sr_share": true,
	"ref_src": true, "ref_url": true,
}

// trackingPrefixes are prefixes of campaign parameter families.
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "matomo_", "hsa_"}

// CanonicalURL normalises raw so that every spelling of one page's address
// maps to one string: lower-case scheme and host, no default port, no user
// info, no fragment, dot segments resolved, tracking parameters (utm_*,
// fbclid, gclid, mc_cid...) removed and the remaining query sorted. Only
// absolute http and https URLs are accepted.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(trimURL(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical url %q: scheme %q is not http or https", raw, u.Scheme)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("canonical url %q: no host", raw)
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && !isDefaultPort(u.Scheme, port) {
		host += ":" + port
	}
	out := url.URL{Scheme: u.Scheme, Host: host, Path: cleanPath(u.Path), RawQuery: cleanQuery(u.RawQuery)}
	if u.RawPath != "" && !strings.Contains(u.RawPath, "/.") {
		out.RawPath = u.RawPath
	}
	return out.String(), nil
}

func isDefaultPort(scheme, port string) bool {
	return (scheme == "http" && port == "80") || (scheme == "https" && port == "443")
}

// cleanPath resolves dot segments and makes an empty path "/", keeping a
// trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.Contains(p, "/.") && !strings.Contains(p, "//") {
		return p
	}
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// trimURL drops the fragment and the white space around what is left, so
// "story?id=7 #comments" and "story?id=7" are one address. (A fragment never
// names another page, and a URL's own white space is never part of it.)
func trimURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = strings.TrimSpace(raw[:i])
	}
	return raw
}

// cleanQuery drops empty and tracking parameters and sorts the rest,
// keeping each parameter's original encoding except for bytes a query may
// not hold (white space, controls, non-ASCII...), which are percent-encoded
// so the result parses back to itself.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	var keep []string
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if isTracking(strings.ToLower(key)) {
			continue
		}
		keep = append(keep, escapeQueryPart(part))
	}
	sort.Strings(keep)
	return strings.Join(keep, "&")
}

// escapeQueryPart percent-encodes the bytes of part that may not appear
// raw in a URL query, leaving valid escapes and the rest as they are.
func escapeQueryPart(part string) string {
	var b strings.Builder
	for i := 0; i < len(part); i++ {
		c := part[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}#", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isTracking(key string) bool {
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// ResolveCanonical returns the canonical URL a page declares with
// <link rel=canonical href>, resolved against pageURL and normalised, when
// it points to the same site (the same registrable domain) as pageURL.
// With no pageURL (a page read from a file) an absolute href is taken as
// is. Otherwise, or when href is empty or unusable, it returns "".
func ResolveCanonical(pageURL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	if pageURL == "" {
		c, err := CanonicalURL(href)
		if err != nil {
			return ""
		}
		return c
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	ref, err := url.Parse(href)
	if err != nil {
		return ""
	}
	abs := base.ResolveReference(ref)
	if !sameSite(base.Hostname(), abs.Hostname()) {
		return ""
	}
	c, err := CanonicalURL(abs.String())
	if err != nil {
		return ""
	}
	return c
}

// sameSite reports whether hosts a and b share a registrable domain
// (eTLD+1); hosts without one (IP addresses, localhost) must be equal.
func sameSite(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSuffix(a, ".")), strings.ToLower(strings.TrimSuffix(b, "."))
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	da, errA := publicsuffix.EffectiveTLDPlusOne(a)
	db, errB := publicsuffix.EffectiveTLDPlusOne(b)
	return errA == nil && errB == nil && da == db
}

// resolveLink resolves a feed item's link against the feed's address.
func resolveLink(base, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	ref, err := url.Parse(link)
	if err != nil || ref.IsAbs() {
		return link
	}
	b, err := url.Parse(base)
	if err != nil {
		return link
	}
	return b.ResolveReference(ref).String()
}
