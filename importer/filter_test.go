package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// goldDoc is one labelled document of the classifier's test and dev sets.
type goldDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// goldFiles lists the classifier's labelled sets, and the dev sets beside
// the repository when they are there.
func goldFiles(t *testing.T) []string {
	files, err := filepath.Glob("../classify/testdata/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled sets in ../classify/testdata: %v", err)
	}
	for _, dev := range []string{"../../shared/eval/dev.jsonl", "../../shared/eval/dev2.jsonl"} {
		if _, err := os.Stat(dev); err != nil {
			t.Logf("%s not present: checked on the repository's sets only", dev)
			continue
		}
		files = append(files, dev)
	}
	return files
}

func readGold(t *testing.T, name string) []goldDoc {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldDoc
	dec := json.NewDecoder(strings.NewReader(string(data)))
	for dec.More() {
		var d goldDoc
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, d)
	}
	return out
}

// newsPage renders a document as a news site would: the headline in
// JSON-LD and og:title (and, for every other page, only a short display
// headline in the <h1> and a site name in <title>), navigation, scripts,
// styles, a "most read" box and a footer around the article, paragraphs
// wrapped in the source as editors' tools do, and words inside links and
// emphasis.
func newsPage(n int, title, text string) string {
	var b strings.Builder
	headline, _ := json.Marshal(title)
	shown := title
	if w := strings.Fields(title); n%2 == 1 && len(w) > 3 {
		shown = strings.Join(w[:3], " ")
	}
	esc := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>The Daily Ledger | Politics</title>\n")
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n<meta name=\"description\" content=\"Latest news\">\n", esc(title))
	fmt.Fprintf(&b, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":%s,\"datePublished\":\"2021-07-06T10:00:00Z\"}</script>\n", headline)
	b.WriteString("<script>window.dataLayer=window.dataLayer||[];if(a<b){track('cloud contract award')}</script>\n<style>p{margin:0}.nav a{color:#333}</style></head>\n")
	b.WriteString("<body><header><nav class=\"nav\"><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a> <a href=\"/business\">Business</a> <a href=\"/sport\">Sport</a></nav></header>\n")
	fmt.Fprintf(&b, "<main><article><h1>%s</h1>\n<p class=\"byline\">By <a href=\"/staff\">Staff Reporter</a></p>\n", esc(shown))
	for k, para := range strings.Split(text, "\n\n") {
		b.WriteString("<p>")
		col := 0
		for i, w := range strings.Fields(para) {
			if col > 70 {
				b.WriteString("\n")
				col = 0
			} else if i > 0 {
				b.WriteString(" ")
			}
			switch {
			case (i+k)%7 == 3:
				fmt.Fprintf(&b, "<a href=\"/topic/%d\">%s</a>", i, esc(w))
			case (i+k)%13 == 8 && len(w) > 8: // a long word with a line-break hint, or a drop cap
				fmt.Fprintf(&b, "%s<wbr>%s", esc(w[:4]), esc(w[4:]))
			case i == 0 && k == 0 && len(w) > 1:
				fmt.Fprintf(&b, "<span class=\"dropcap\">%s</span>%s", esc(w[:1]), esc(w[1:]))
			case (i+k)%11 == 5:
				fmt.Fprintf(&b, "<em>%s</em>", esc(w))
			default:
				b.WriteString(esc(w))
			}
			col += len(w) + 1
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</article><aside><h2>Most read</h2><ul><li><a href=\"/1\">Storm brings heavy rain to the coast</a></li>" +
		"<li><a href=\"/2\">Council approves the new park budget</a></li><li><a href=\"/3\">Club signs its captain on a new contract</a></li></ul></aside></main>\n")
	b.WriteString("<footer><p>Copyright the publisher. <a href=\"/about\">About us</a> <a href=\"/privacy\">Privacy</a></p></footer>\n")
	b.WriteString("<script src=\"/static/app.js\"></script></body></html>\n")
	return b.String()
}

// TestPrefilterNeverDropsOnTopicPage renders every labelled document into
// a news page and checks the importer's pre-filter against what the
// pipeline would decide without it: no page that extraction and the full
// classifier find on topic may be refused, and a third of the off-topic
// pages at least are. That share is counted on the sets that stand for
// the news stream (the real dev sets, the held-out sets, the demo and the
// written cases); the phrasing and long-form sets written for issue 9 are
// near-miss collections whose off-topic items name a cloud contract on
// purpose, so a pre-filter that may not drop a possible story keeps them.
func TestPrefilterNeverDropsOnTopicPage(t *testing.T) {
	e := newEnv(t)
	im := e.importer(t, true)
	ctx := context.Background()
	// On topic by its headline, which the page shows in full only in
	// JSON-LD and og:title (the <h1> has three words of it).
	headlineOnly := goldDoc{ID: "headline-only", Title: "Four vendors win the Pentagon cloud computing contract",
		Text: "Officials announced the decision on Tuesday after a long review.\n\nThe firms will share the work over several years, a spokesman said."}
	var on, off, refused, noText, streamOff, streamRefused int
	for _, name := range append(goldFiles(t), "headline") {
		base := filepath.Base(name)
		nearMiss := strings.HasPrefix(base, "phrasings") || strings.HasPrefix(base, "longform")
		docs := []goldDoc{{}, headlineOnly}
		if name != "headline" {
			docs = readGold(t, name)
		}
		for i, d := range docs {
			if d.ID == "" {
				continue
			}
			page := []byte(newsPage(i, d.Title, d.Text))
			url := fmt.Sprintf("https://news.example.org/%d/story", i)
			may := im.mayBeOnTopic(page, "text/html; charset=utf-8")
			ex, err := ingest.Extract(ctx, page, url, "")
			if err != nil {
				noText++
				continue
			}
			c := e.rules.Classify(govwire.Document{ID: d.ID, Title: ex.Title, Text: ex.Text, URL: url, Published: ex.Published})
			if !c.OnTopic {
				off++
				if !may {
					refused++
				}
				if !nearMiss {
					streamOff++
					if !may {
						streamRefused++
					}
				}
				continue
			}
			on++
			if !may {
				t.Errorf("%s %s: the page is on topic once extracted, but the pre-filter refused it", filepath.Base(name), d.ID)
			}
		}
	}
	t.Logf("%d pages on topic, all kept; %d of %d off topic refused (%d of %d outside the near-miss sets); %d without article text",
		on, refused, off, streamRefused, streamOff, noText)
	if on < 300 || streamOff < 100 || streamRefused < streamOff/3 {
		t.Errorf("on topic %d, refused %d of %d outside the near-miss sets: the sets should hold hundreds of on-topic pages and a hundred off-topic ones, and the filter refuse a third of those at least",
			on, streamRefused, streamOff)
	}
}
