package digest

import (
	"html/template"
	"io"
	"strings"

	"github.com/govwire/govwire"
)

// htmlTemplate lays a digest out for email clients: one centred table,
// inline styles only, no scripts, no external resources. html/template
// escapes every value by context. Every text colour reaches WCAG AA contrast
// (4.5:1) on its background: #666666 on white is 5.7:1. The empty data:
// icon keeps a browser from asking the server for /favicon.ico. The
// div role="main" is the landmark screen readers jump to (a <main>
// element is dropped by some mail clients; the role is kept).
var htmlTemplate = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}}</title>
<link rel="icon" href="data:,">
</head>
<body style="margin:0;padding:0;background-color:#f4f4f4;">
<div role="main">
{{template "body" .}}
</div>
</body>
</html>
{{- define "body" -}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f4;">
<tr><td align="center" style="padding:16px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;width:100%;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;color:#222222;">
<tr><td style="padding:20px 24px 8px 24px;">
<h1 style="margin:0;font-size:20px;line-height:26px;color:#1a3d6d;">{{.Heading}}</h1>
{{- if .Summary}}
<p style="margin:6px 0 0 0;font-size:13px;color:#666666;">{{.Summary}}</p>
{{- end}}
</td></tr>
{{- if not .Sections}}
<tr><td style="padding:8px 24px 24px 24px;font-size:15px;">Nothing new on government cloud contracts on {{.Date}}.</td></tr>
{{- end}}
{{- range .Sections}}
<tr><td style="padding:16px 24px 4px 24px;">
<h2 style="margin:0;font-size:16px;line-height:22px;color:#1a3d6d;border-bottom:1px solid #dddddd;padding-bottom:4px;">{{.Title}} ({{len .Items}})</h2>
</td></tr>
{{- range .Items}}
<tr><td style="padding:8px 24px;">
<p style="margin:0;font-size:15px;line-height:21px;font-weight:bold;">{{if .URL}}<a href="{{.URL}}" style="color:#0b5cad;text-decoration:none;">{{.Title}}</a>{{else}}{{.Title}}{{end}}</p>
<p style="margin:2px 0 0 0;font-size:13px;color:#666666;">{{.Source}} · {{.Date}}{{if .Labels}} · {{.Labels}}{{end}}{{if .View}} · <a href="{{.View}}" style="color:#0b5cad;">view in govwire</a>{{end}}{{range .Programmes}} · <a href="{{.URL}}" style="color:#0b5cad;">{{.Name}}</a>{{end}}</p>
{{- if .Also}}
<p style="margin:2px 0 0 0;font-size:13px;color:#666666;">Also reported by {{range $i, $a := .Also}}{{if $i}}, {{end}}{{if $a.URL}}<a href="{{$a.URL}}" style="color:#0b5cad;">{{$a.Source}}</a>{{else}}{{$a.Source}}{{end}}{{end}}</p>
{{- end}}
</td></tr>
{{- end}}
{{- end}}
<tr><td style="padding:16px 24px 20px 24px;font-size:12px;color:#666666;">Sent by govwire, digest {{.Name}}.</td></tr>
</table>
</td></tr>
</table>
{{- end}}
`))

type htmlDigest struct {
	Heading, Summary, Name, Date string
	Sections                     []htmlSection
}

type htmlSection struct {
	Title string
	Items []htmlItem
}

type htmlItem struct {
	Title, URL, Source, Date, Labels, View string
	Also                                   []govwire.AlsoSeen
	Programmes                             []htmlLink // entity pages of its programmes
}

// htmlLink is a named link.
type htmlLink struct{ Name, URL string }

func renderHTML(w io.Writer, d *govwire.Digest, baseURL string) error {
	return htmlTemplate.Execute(w, newHTMLDigest(d, baseURL))
}

// renderHTMLBody writes only the digest's table, for an Atom entry.
func renderHTMLBody(w io.Writer, d *govwire.Digest, baseURL string) error {
	return htmlTemplate.ExecuteTemplate(w, "body", newHTMLDigest(d, baseURL))
}

func newHTMLDigest(d *govwire.Digest, baseURL string) htmlDigest {
	hd := htmlDigest{Heading: heading(d), Summary: summary(d), Name: d.Name, Date: d.Date}
	for _, s := range d.Sections {
		hs := htmlSection{Title: sectionTitle(s.Label)}
		for _, it := range s.Items {
			hi := htmlItem{
				Title:  it.Title,
				URL:    safeURL(it.URL),
				Source: it.Source,
				Date:   itemDate(it),
				Labels: strings.Join(it.Labels, ", "),
				View:   viewURL(baseURL, it.ID),
			}
			for _, a := range it.Also {
				hi.Also = append(hi.Also, govwire.AlsoSeen{Source: a.Source, URL: safeURL(a.URL)})
			}
			for _, p := range it.Programmes {
				if u := entityURL(baseURL, govwire.EntityProgramme, p); u != "" {
					hi.Programmes = append(hi.Programmes, htmlLink{Name: p, URL: u})
				}
			}
			hs.Items = append(hs.Items, hi)
		}
		hd.Sections = append(hd.Sections, hs)
	}
	return hd
}
