package digest

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/govwire/govwire"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const testBaseURL = "https://govwire.example/"

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./digest -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n%s", name, got)
	}
}

func fixtureDigest(t *testing.T, date string) *govwire.Digest {
	return Build(govwire.DigestConfig{Name: "daily"}, date, loadArticles(t), genTime)
}

func TestRenderGolden(t *testing.T) {
	for _, day := range []struct{ name, date string }{{"daily", "2026-11-25"}, {"empty", "2026-11-20"}} {
		d := fixtureDigest(t, day.date)
		for _, format := range Formats {
			t.Run(day.name+"."+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := Render(&b, d, format, testBaseURL); err != nil {
					t.Fatal(err)
				}
				golden(t, day.name+"."+Extension(format), b.Bytes())
			})
		}
	}
}

func TestRenderBadFormat(t *testing.T) {
	err := Render(&bytes.Buffer{}, fixtureDigest(t, "2026-11-25"), "pdf", "")
	if govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("err = %v, want an invalid error", err)
	}
}

func TestRenderJSONRoundTrip(t *testing.T) {
	d := fixtureDigest(t, "2026-11-25")
	var b bytes.Buffer
	if err := Render(&b, d, "json", ""); err != nil {
		t.Fatal(err)
	}
	var back govwire.Digest
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, d) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, *d)
	}
	var shape map[string]any
	if err := json.Unmarshal(b.Bytes(), &shape); err != nil {
		t.Fatal(err)
	}
	item := shape["sections"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "title", "url", "source", "published", "labels", "also"} {
		if _, ok := item[k]; !ok {
			t.Errorf("item has no %q key: %v", k, item)
		}
	}
}

// TestRenderHTMLHostile parses the HTML and checks that the hostile title
// made no element, attribute or link of its own.
func TestRenderHTMLHostile(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, fixtureDigest(t, "2026-11-25"), "html", testBaseURL); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	found := false
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "b", "style", "iframe":
				t.Errorf("element <%s> in the digest", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("event handler attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
				}
				icon := n.Data == "link" && a.Val == "data:," // the empty icon in <head>
				if a.Key == "href" && !strings.HasPrefix(a.Val, "https://") && !icon {
					t.Errorf("link to %q", a.Val)
				}
			}
		}
		if n.Type == html.TextNode && strings.Contains(n.Data, "<script>alert(1)</script> NSA cloud bid <img src=x onerror=alert(2)>") {
			found = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !found {
		t.Error("the hostile title is not shown as text")
	}
}

func TestRenderMarkdownHostile(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, fixtureDigest(t, "2026-11-25"), "md", ""); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if m := regexp.MustCompile(`(^|[^\\])[<>]`).FindString(md); m != "" {
		t.Errorf("markdown contains an unescaped angle bracket: %q", m)
	}
	for _, bad := range []string{"](javascript:", "view in govwire"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains %q", bad)
		}
	}
	if !strings.Contains(md, `\<script\>alert\(1\)\</script\>`) {
		t.Error("hostile title not escaped as expected")
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/x?y=1": "https://a.example/x?y=1",
		"javascript:alert(1)":     "",
		"data:text/html,hi":       "",
		"//a.example/x":           "",
		"ftp://a.example/":        "",
		"HTTPS://A.example/":      "https://A.example/",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlackTextGolden(t *testing.T) {
	golden(t, "daily.slack.txt", []byte(SlackText(fixtureDigest(t, "2026-11-25"))+"\n"))
}

// countElements parses an HTML document and counts its elements.
func countElements(t testing.TB, r io.Reader) int {
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode {
			n++
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return n
}

// FuzzRenderEscaping: whatever a feed puts in a title or source, the HTML
// rendering has the same elements as with a plain one, and the Markdown
// rendering has no unescaped angle bracket.
func FuzzRenderEscaping(f *testing.F) {
	for _, s := range []string{"plain", "<script>x</script>", `"><img src=x onerror=alert(1)>`, "a\\<b", "]]></x>", "&lt;b&gt;"} {
		f.Add(s, s)
	}
	unescaped := regexp.MustCompile(`(^|[^\\])[<>]`)
	digestOf := func(title, source string) *govwire.Digest {
		return &govwire.Digest{Name: "fuzz", Date: "2026-11-25", Sections: []govwire.DigestSection{{
			Label: "bid", Items: []govwire.DigestItem{{ID: "x1", Title: title, URL: "https://a.example/1", Source: source,
				Labels: []string{"bid"}, Also: []govwire.AlsoSeen{{Source: source, URL: "https://b.example/2"}}}},
		}}}
	}
	var plain bytes.Buffer
	if err := Render(&plain, digestOf("plain", "plain"), "html", testBaseURL); err != nil {
		f.Fatal(err)
	}
	want := countElements(f, &plain)
	f.Fuzz(func(t *testing.T, title, source string) {
		d := digestOf(title, source)
		var h, md bytes.Buffer
		if err := Render(&h, d, "html", testBaseURL); err != nil {
			t.Fatal(err)
		}
		if got := countElements(t, &h); got != want {
			t.Errorf("title %q, source %q: %d elements, want %d", title, source, got, want)
		}
		if err := Render(&md, d, "md", testBaseURL); err != nil {
			t.Fatal(err)
		}
		if m := unescaped.FindString(md.String()); m != "" {
			t.Errorf("title %q, source %q: markdown has an unescaped %q", title, source, m)
		}
	})
}
