package ingest

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name, file, pageURL, selector string
		wantIn, wantOut               []string
		title, author, canonical      string
		published                     time.Time
		extractor                     string
	}{
		{
			name: "json-ld page with furniture", file: "award.html",
			pageURL: "https://www.beltwaybyte.example.com/2026/11/defense-hosting-award?utm_source=rss",
			wantIn: []string{"split a hosting contract worth up to $9 billion", "Auditors had warned in March",
				"transition planning would begin in January"},
			wantOut: []string{"Policy Desk", "Most read this week", "Senate panel grills", "Copyright 2026",
				"Grumpy_Taxpayer", "CloudWatcher99", "We use cookies", "window.analytics", "color:red"},
			title:     "Defense agency splits $9bn hosting award between two vendors",
			author:    "Priya Okonkwo, Dale Whitcombe",
			canonical: "https://www.beltwaybyte.example.com/2026/11/defense-hosting-award",
			published: time.Date(2026, 11, 24, 19, 5, 0, 0, time.UTC),
			extractor: "go-trafilatura",
		},
		{
			name: "open graph and meta page", file: "protest.html",
			pageURL: "https://capledger.example.org/news/gao-protest-intel-cloud",
			wantIn: []string{"filed a formal protest with the Government Accountability Office",
				"suspend performance of the contract", "protests of large cloud awards have succeeded only rarely"},
			wantOut: []string{"Trending now", "Mayor unveils", "ergonomic chairs", "Harbor authority",
				"First! This protest", "1200 Example Avenue", "Sign in to your account"},
			title:     "Losing bidder files GAO protest over intelligence cloud",
			author:    "Rune Olsen",
			canonical: "https://capledger.example.org/news/gao-protest-intel-cloud",
			published: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
			extractor: "go-trafilatura",
		},
		{
			name: "source selector, cross-site canonical ignored", file: "selector.html", selector: "div.entry-copy",
			pageURL: "https://npj.example.co.uk/bids/regional-cloud",
			wantIn:  []string{"opened bidding for a shared cloud platform", "name a winner in the autumn"},
			wantOut: []string{"Short teaser", "should never appear", "Previous story", "Northern Procurement", "Advertise"},
			title:   "Regional cloud bids open", extractor: "goquery-selector",
		},
		{
			name: "selector matching nothing falls back", file: "protest.html", selector: "div.no-such-thing",
			pageURL: "https://capledger.example.org/news/gao-protest-intel-cloud",
			wantIn:  []string{"filed a formal protest"}, wantOut: []string{"Trending now"},
			title:     "Losing bidder files GAO protest over intelligence cloud",
			author:    "Rune Olsen",
			canonical: "https://capledger.example.org/news/gao-protest-intel-cloud",
			published: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
			extractor: "go-trafilatura",
		},
		{
			name: "windows-1252 page", file: "latin1.html", pageURL: "https://jdm.example.fr/a/cloud",
			wantIn:  []string{"Le ministère de l’intérieur a publié lundi", "40 millions d’euros"},
			wantOut: []string{"Accueil", "Journal des marchés"},
			title:   "Le ministère lance un appel d’offres pour un cloud souverain", extractor: "go-trafilatura",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Extract(context.Background(), readTestdata(t, "pages", tt.file), tt.pageURL, tt.selector)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(got.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, got.Text)
				}
			}
			for _, s := range tt.wantOut {
				if strings.Contains(got.Text, s) {
					t.Errorf("text holds furniture %q:\n%s", s, got.Text)
				}
			}
			if got.Title != tt.title || got.Author != tt.author || got.CanonicalURL != tt.canonical {
				t.Errorf("title %q author %q canonical %q\nwant  %q        %q           %q", got.Title, got.Author, got.CanonicalURL, tt.title, tt.author, tt.canonical)
			}
			if !got.Published.Equal(tt.published) {
				t.Errorf("published %v, want %v", got.Published, tt.published)
			}
			if !strings.HasPrefix(got.Extractor, tt.extractor) {
				t.Errorf("extractor %q, want %q...", got.Extractor, tt.extractor)
			}
			if !utf8.ValidString(got.Text) || strings.Contains(got.Text, "\n\n\n") {
				t.Errorf("text is not clean UTF-8 paragraphs: %q", got.Text)
			}
		})
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct{ name, page, selector, want string }{
		{"bad selector", "<p>x</p>", "div[", `selector "div["`},
		{"empty page", "", "", "no article text"},
		{"only furniture", "<html><body><nav>Home | About</nav><script>x()</script></body></html>", "", "no article text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Extract(context.Background(), []byte(tt.page), "https://x.example.com/a", tt.selector)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "https://x.example.com/a") {
				t.Errorf("error %q does not name the page", err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, readTestdata(t, "pages", "award.html"), "https://x.example.com/a", ""); err == nil {
		t.Error("cancelled context: want an error")
	}
}

func TestHTMLToUTF8HonoursContentType(t *testing.T) {
	page := []byte("<p>caf\xe9</p>")
	if got := string(HTMLToUTF8(page, "text/html; charset=iso-8859-1")); got != "<p>café</p>" {
		t.Errorf("got %q", got)
	}
	if got := string(HTMLToUTF8([]byte("<p>café</p>"), "text/html; charset=utf-8")); got != "<p>café</p>" {
		t.Errorf("got %q", got)
	}
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"award.html", "protest.html", "selector.html"} {
		f.Add(readTestdata(f, "pages", name), "")
	}
	f.Add([]byte("<div class=a><p>one</p><p>two</p></div>"), "div.a")
	f.Fuzz(func(t *testing.T, page []byte, selector string) {
		got, err := Extract(context.Background(), page, "https://fuzz.example.com/p", selector)
		if err != nil {
			return
		}
		if got.Text == "" || !utf8.ValidString(got.Text) {
			t.Fatalf("empty or invalid text without an error: %q", got.Text)
		}
	})
}
