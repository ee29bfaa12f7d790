package digest

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"testing"
)

// styleColor finds the text colours of a rendered HTML digest: every
// "color:#rrggbb" that is not a background-color.
var styleColor = regexp.MustCompile(`(?:^|[;"\s])color:#([0-9a-fA-F]{6})`)

// luminance is the WCAG relative luminance of an rrggbb colour.
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex, 16, 32)
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
}

// contrast is the WCAG contrast ratio of two rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestHTMLContrast checks every text colour of the HTML digest against its
// white card: WCAG AA asks 4.5:1 for normal text (axe-core checks the
// rendered page in the api package's browser test).
func TestHTMLContrast(t *testing.T) {
	if r := contrast("999999", "ffffff"); math.Abs(r-2.85) > 0.01 {
		t.Fatalf("contrast(#999999, white) = %.2f, want 2.85: the formula is wrong", r)
	}
	for _, date := range []string{"2026-11-25", "2026-11-20"} {
		var b bytes.Buffer
		if err := Render(&b, fixtureDigest(t, date), "html", testBaseURL); err != nil {
			t.Fatal(err)
		}
		found := styleColor.FindAllSubmatch(b.Bytes(), -1)
		if len(found) == 0 {
			t.Fatalf("%s: no text colours found in the HTML digest", date)
		}
		for _, m := range found {
			if r := contrast(string(m[1]), "ffffff"); r < 4.5 {
				t.Errorf("%s: text colour #%s on white has contrast %.2f:1, want at least 4.5:1", date, m[1], r)
			}
		}
	}
}
