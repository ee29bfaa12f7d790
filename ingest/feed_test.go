package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readTestdata(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFeed(t *testing.T) {
	fetched := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		file, contentType, feedURL string
		wantType                   string
		wantTitles                 []string
		wantLinks                  []string
		wantAuthor                 string // of the first item
		noLink, noDate             int
		wantErr                    string
	}{
		{file: "rss091.xml", feedURL: "https://ledger.example.org/rss", wantType: "rss",
			wantTitles: []string{"Agency opens bidding on records cloud", "Second notice on hosting lots"},
			wantLinks:  []string{"https://ledger.example.org/2026/records-cloud-bids?utm_source=rss", "https://ledger.example.org/2026/hosting-lots"},
			noDate:     2},
		{file: "rss20.xml", feedURL: "https://fcw.example.com/rss", wantType: "rss", wantAuthor: "Mara Quill",
			wantTitles: []string{"Navy awards sovereign hosting task order", "Protest filed over analytics cloud"},
			wantLinks:  []string{"https://fcw.example.com/news/navy-hosting-award", "https://fcw.example.com/news/analytics-protest"}},
		{file: "atom.xml", feedURL: "https://tenders.example.net/atom.xml", wantType: "atom", wantAuthor: "Ines Barrow",
			wantTitles: []string{"Council shortlists three cloud suppliers", "Framework renewal delayed"},
			wantLinks:  []string{"https://tenders.example.net/articles/shortlist", "https://tenders.example.net/articles/renewal-delayed"}},
		{file: "feed.json", feedURL: "https://stack.example.io/feed.json", wantType: "json", wantAuthor: "Tomas Reyl",
			wantTitles: []string{"Ministry signs national cloud deal", "Undated brief"},
			wantLinks:  []string{"https://stack.example.io/p/ministry-cloud-award#comments", "https://stack.example.io/p/undated"},
			noLink:     1, noDate: 1},
		{file: "latin1_nodecl.xml", feedURL: "https://latin.example.fr/rss", wantType: "rss",
			wantTitles: []string{"Le ministère choisit un hébergeur souverain"}, wantLinks: []string{"https://latin.example.fr/a/hebergeur"}},
		{file: "latin1_nodecl.xml", contentType: "application/rss+xml; charset=ISO-8859-1", feedURL: "https://latin.example.fr/rss", wantType: "rss",
			wantTitles: []string{"Le ministère choisit un hébergeur souverain"}, wantLinks: []string{"https://latin.example.fr/a/hebergeur"}},
		{file: "cp1252.xml", feedURL: "https://quotes.example.com/rss", wantType: "rss",
			wantTitles: []string{"Agency’s €200m cloud – a bid"}, wantLinks: []string{"https://quotes.example.com/a/euro"}},
		{file: "cp1252.xml", contentType: "text/xml; charset=windows-1252", feedURL: "https://quotes.example.com/rss", wantType: "rss",
			wantTitles: []string{"Agency’s €200m cloud – a bid"}, wantLinks: []string{"https://quotes.example.com/a/euro"}},
		{file: "latin1_decl.xml", feedURL: "https://decl.example.fr/rss", wantType: "rss",
			wantTitles: []string{"Appel d'offres régional"}, wantLinks: []string{"https://decl.example.fr/a/1"}, noDate: 1},
		{file: "nolinks.xml", feedURL: "https://linkless.example.com/rss", wantType: "rss",
			wantTitles: []string{"Third has one"}, wantLinks: []string{"https://linkless.example.com/third"}, noLink: 2, noDate: 1},
		{file: "nodates.xml", feedURL: "https://dateless.example.com/rss", wantType: "rss",
			wantTitles: []string{"Undated one", "Undated two"},
			wantLinks:  []string{"https://dateless.example.com/one", "https://dateless.example.com/two"}, noDate: 2},
		{file: "malformed.xml", feedURL: "https://broken.example.com/rss", wantErr: "parse feed https://broken.example.com/rss"},
		{file: "unclosed.xml", feedURL: "https://broken.example.com/rss", wantErr: "malformed XML"},
		{file: "billion_laughs.xml", feedURL: "https://laughs.example.com/rss", wantErr: "declares XML entities"},
		{file: "rss20.xml", contentType: "text/xml; charset=klingon-9", feedURL: "https://fcw.example.com/rss", wantErr: `unknown charset "klingon-9"`},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.contentType, func(t *testing.T) {
			feed, err := ParseFeed(readTestdata(t, "feeds", tt.file), tt.contentType, tt.feedURL, fetched)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if feed.Type != tt.wantType || feed.NoLink != tt.noLink || feed.NoDate != tt.noDate {
				t.Errorf("type %q noLink %d noDate %d, want %q %d %d", feed.Type, feed.NoLink, feed.NoDate, tt.wantType, tt.noLink, tt.noDate)
			}
			if len(feed.Items) != len(tt.wantTitles) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(tt.wantTitles))
			}
			for i, it := range feed.Items {
				if it.Title != tt.wantTitles[i] || it.Link != tt.wantLinks[i] {
					t.Errorf("item %d = %q %q, want %q %q", i, it.Title, it.Link, tt.wantTitles[i], tt.wantLinks[i])
				}
				if !it.Dated && !it.Published.Equal(fetched) {
					t.Errorf("item %d undated but Published = %v, want the fetch time", i, it.Published)
				}
				if it.Dated && (it.Published.IsZero() || it.Published.After(fetched)) {
					t.Errorf("item %d Published = %v", i, it.Published)
				}
			}
			if tt.wantAuthor != "" && feed.Items[0].Author != tt.wantAuthor {
				t.Errorf("author %q, want %q", feed.Items[0].Author, tt.wantAuthor)
			}
		})
	}
}

func TestParseFeedDatesAndContent(t *testing.T) {
	feed, err := ParseFeed(readTestdata(t, "feeds", "rss20.xml"), "application/rss+xml", "https://fcw.example.com/rss", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	first := feed.Items[0]
	if want := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC); !first.Published.Equal(want) {
		t.Errorf("published %v, want %v", first.Published, want)
	}
	if !strings.Contains(first.Content, "<b>sovereign</b>") || first.GUID != "fcw-1001" {
		t.Errorf("content %q guid %q", first.Content, first.GUID)
	}
	atom, err := ParseFeed(readTestdata(t, "feeds", "atom.xml"), "", "https://tenders.example.net/atom.xml", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 25, 7, 45, 0, 0, time.UTC); !atom.Items[0].Updated.Equal(want) {
		t.Errorf("updated %v, want %v", atom.Items[0].Updated, want)
	}
	if !atom.Items[1].Dated || !atom.Items[1].Published.Equal(atom.Items[1].Updated) {
		t.Errorf("entry with only <updated> should be dated by it: %+v", atom.Items[1])
	}
}

func TestParseFeedEntityErrorIsTyped(t *testing.T) {
	_, err := ParseFeed(readTestdata(t, "feeds", "billion_laughs.xml"), "", "https://laughs.example.com/rss", time.Now())
	if !errors.Is(err, ErrFeedEntities) {
		t.Fatalf("err = %v, want ErrFeedEntities", err)
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss091.xml", "rss20.xml", "atom.xml", "feed.json", "cp1252.xml", "nolinks.xml", "malformed.xml"} {
		f.Add(readTestdata(f, "feeds", name), "")
	}
	f.Add([]byte(`<rss><channel><item><link>x</link></item></channel></rss>`), "text/xml; charset=latin1")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		feed, err := ParseFeed(body, ct, "https://fuzz.example.com/feed", time.Unix(0, 0))
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if it.Link == "" {
				t.Fatal("item without link kept")
			}
			if !utf8.ValidString(it.Title) {
				t.Fatalf("title %q is not UTF-8", it.Title)
			}
		}
	})
}

func TestHasEntityDecl(t *testing.T) {
	tests := []struct {
		name, doc string
		want      bool
	}{
		{"no doctype", `<rss><channel><description>&lt;!ENTITY x&gt;</description></channel></rss>`, false},
		{"public doctype", `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss/>`, false},
		{"entity text after a plain doctype", `<!DOCTYPE rss><rss><item><description><![CDATA[<!ENTITY is XML syntax]]></description></item></rss>`, false},
		{"internal entity", `<!DOCTYPE rss [<!ENTITY a "b">]><rss/>`, true},
		{"external entity", `<!DOCTYPE rss [<!ENTITY a SYSTEM "file:///etc/passwd">]><rss>&a;</rss>`, true},
		{"subset without entities", `<!DOCTYPE rss [<!ELEMENT rss ANY>]><rss/>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasEntityDecl([]byte(tt.doc)); got != tt.want {
				t.Errorf("hasEntityDecl = %v, want %v", got, tt.want)
			}
		})
	}
}
