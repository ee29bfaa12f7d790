package digest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/govwire/govwire"
)

// Formats lists the formats Render writes.
var Formats = []string{"md", "html", "text", "json"}

// Extension returns the file extension (without the dot) for format.
func Extension(format string) string {
	if format == "text" {
		return "txt"
	}
	return format
}

// Render writes d to w as "md", "html", "text" or "json". Every item links
// to its article and, when baseURL is set, to the web page's article view
// (baseURL + "/#/article/" + id). Only http and https links are written;
// other schemes (javascript:, data:) are dropped.
func Render(w io.Writer, d *govwire.Digest, format, baseURL string) error {
	var err error
	switch format {
	case "md":
		err = writeBuffered(w, func(b *bufio.Writer) { renderMarkdown(b, d, baseURL) })
	case "text":
		err = writeBuffered(w, func(b *bufio.Writer) { renderText(b, d, baseURL) })
	case "html":
		err = renderHTML(w, d, baseURL)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(d)
	default:
		return govwire.Errorf(govwire.EINVALID, "format %q: want md, html, text or json", format)
	}
	if err != nil {
		return fmt.Errorf("render digest %s %s as %s: %w", d.Name, d.Date, format, err)
	}
	return nil
}

func writeBuffered(w io.Writer, fn func(*bufio.Writer)) error {
	b := bufio.NewWriter(w)
	fn(b)
	return b.Flush()
}

// sectionTitle names a section.
func sectionTitle(label string) string {
	switch label {
	case govwire.LabelAward:
		return "Awards"
	case govwire.LabelProtest:
		return "Protests"
	case govwire.LabelAllegation:
		return "Allegations"
	case govwire.LabelBid:
		return "Bids"
	}
	return "Other on-topic stories"
}

// heading is the digest's one-line title, also the email subject.
func heading(d *govwire.Digest) string {
	return fmt.Sprintf("govwire digest %s, %s: %s", d.Name, d.Date, storyCount(Count(d)))
}

func storyCount(n int) string {
	switch n {
	case 0:
		return "nothing new"
	case 1:
		return "1 story"
	}
	return fmt.Sprintf("%d stories", n)
}

// summary lists the count of each section, "Awards 2 · Bids 1".
func summary(d *govwire.Digest) string {
	parts := make([]string, 0, len(d.Sections))
	for _, s := range d.Sections {
		parts = append(parts, fmt.Sprintf("%s %d", sectionTitle(s.Label), len(s.Items)))
	}
	return strings.Join(parts, " · ")
}

// safeURL returns u when it is an absolute http or https URL, else "".
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// viewURL links to the web page's view of article id, "" without baseURL.
func viewURL(baseURL, id string) string {
	if baseURL == "" {
		return ""
	}
	return safeURL(strings.TrimRight(baseURL, "/") + "/#/article/" + url.PathEscape(id))
}

// entityURL links to the web page's entity page of a programme, agency or
// vendor, "" without baseURL.
func entityURL(baseURL, typ, value string) string {
	if baseURL == "" {
		return ""
	}
	return safeURL(strings.TrimRight(baseURL, "/") + "/#/entity/" + typ + "/" + url.PathEscape(value))
}

// itemDate is the day an item was published, as shown.
func itemDate(it govwire.DigestItem) string { return it.Published.Format(DateLayout) }

// mdEscaper backslash-escapes the characters that mean something in
// Markdown (CommonMark allows a backslash before any ASCII punctuation), so
// a title can neither format nor inject HTML.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `!`, `\!`, `|`, `\|`, `&`, `\&`, `~`, `\~`,
)

// mdURL makes a URL safe inside a Markdown link destination.
var mdURL = strings.NewReplacer(" ", "%20", `"`, "%22", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")

// mdText is s on one line with Markdown's special characters escaped.
func mdText(s string) string { return mdEscaper.Replace(oneLine(s)) }

func mdLink(text, u string) string {
	if u = safeURL(u); u == "" {
		return mdText(text)
	}
	return "[" + mdText(text) + "](" + mdURL.Replace(u) + ")"
}

func renderMarkdown(b *bufio.Writer, d *govwire.Digest, baseURL string) {
	fmt.Fprintf(b, "# %s\n\n", mdEscaper.Replace(heading(d)))
	if len(d.Sections) == 0 {
		fmt.Fprintf(b, "Nothing new on government cloud contracts on %s.\n", d.Date)
		return
	}
	fmt.Fprintf(b, "%s\n", summary(d))
	for _, s := range d.Sections {
		fmt.Fprintf(b, "\n## %s (%d)\n\n", sectionTitle(s.Label), len(s.Items))
		for _, it := range s.Items {
			fmt.Fprintf(b, "- **%s**  \n  %s · %s", mdLink(it.Title, it.URL), mdText(it.Source), itemDate(it))
			if len(it.Labels) > 0 {
				fmt.Fprintf(b, " · %s", strings.Join(it.Labels, ", "))
			}
			if v := viewURL(baseURL, it.ID); v != "" {
				fmt.Fprintf(b, " · [view in govwire](%s)", mdURL.Replace(v))
			}
			for _, p := range it.Programmes {
				if u := entityURL(baseURL, govwire.EntityProgramme, p); u != "" {
					fmt.Fprintf(b, " · [%s](%s)", mdText(p), mdURL.Replace(u))
				}
			}
			b.WriteString("\n")
			if len(it.Also) > 0 {
				also := make([]string, len(it.Also))
				for i, a := range it.Also {
					also[i] = mdLink(a.Source, a.URL)
				}
				fmt.Fprintf(b, "  Also reported by %s\n", strings.Join(also, ", "))
			}
		}
	}
}

func renderText(b *bufio.Writer, d *govwire.Digest, baseURL string) {
	h := heading(d)
	fmt.Fprintf(b, "%s\n%s\n\n", h, strings.Repeat("=", len([]rune(h))))
	if len(d.Sections) == 0 {
		fmt.Fprintf(b, "Nothing new on government cloud contracts on %s.\n", d.Date)
		return
	}
	fmt.Fprintf(b, "%s\n", summary(d))
	for _, s := range d.Sections {
		t := fmt.Sprintf("%s (%d)", strings.ToUpper(sectionTitle(s.Label)), len(s.Items))
		fmt.Fprintf(b, "\n%s\n%s\n", t, strings.Repeat("-", len(t)))
		for _, it := range s.Items {
			fmt.Fprintf(b, "\n* %s\n  %s · %s", oneLine(it.Title), oneLine(it.Source), itemDate(it))
			if len(it.Labels) > 0 {
				fmt.Fprintf(b, " · %s", strings.Join(it.Labels, ", "))
			}
			b.WriteString("\n")
			if u := safeURL(it.URL); u != "" {
				fmt.Fprintf(b, "  %s\n", u)
			}
			if v := viewURL(baseURL, it.ID); v != "" {
				fmt.Fprintf(b, "  View in govwire: %s\n", v)
			}
			for _, p := range it.Programmes {
				if u := entityURL(baseURL, govwire.EntityProgramme, p); u != "" {
					fmt.Fprintf(b, "  Programme %s: %s\n", oneLine(p), u)
				}
			}
			for _, a := range it.Also {
				fmt.Fprintf(b, "  Also reported by %s", oneLine(a.Source))
				if u := safeURL(a.URL); u != "" {
					fmt.Fprintf(b, ": %s", u)
				}
				b.WriteString("\n")
			}
		}
	}
}
