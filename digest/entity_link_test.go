package digest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// TestProgrammeLinks checks that a digest entry names its programmes and,
// in every format with links, links each to its entity page on the web
// page; without a base URL there is nowhere to link.
func TestProgrammeLinks(t *testing.T) {
	arts := loadArticles(t)
	for _, a := range arts {
		a.Entities = append(a.Entities,
			govwire.Entity{Type: govwire.EntityProgramme, Text: "Joint Warfighting Cloud Capability", Value: "JWCC", Field: "text"},
			govwire.Entity{Type: govwire.EntityProgramme, Text: "Harbor Cloud", Value: "Harbor Cloud", Field: "text"},
			govwire.Entity{Type: govwire.EntityVendor, Text: "AWS", Value: "Amazon Web Services", Field: "text"})
	}
	d := Build(govwire.DigestConfig{Name: "daily"}, "2026-11-25", arts, genTime)
	if len(d.Sections) == 0 {
		t.Fatal("empty digest")
	}
	it := d.Sections[0].Items[0]
	if strings.Join(it.Programmes, "|") != "JWCC|Harbor Cloud" {
		t.Errorf("item programmes %q, want JWCC and Harbor Cloud", it.Programmes)
	}
	var js bytes.Buffer
	if err := Render(&js, d, "json", ""); err != nil {
		t.Fatal(err)
	}
	var back govwire.Digest
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Sections[0].Items[0].Programmes) != 2 {
		t.Errorf("json: programmes lost (%v)", err)
	}
	for format, want := range map[string][]string{
		"md":   {"[JWCC](https://govwire.example/#/entity/programme/JWCC)", "[Harbor Cloud](https://govwire.example/#/entity/programme/Harbor%20Cloud)"},
		"text": {"Programme JWCC: https://govwire.example/#/entity/programme/JWCC"},
		"html": {`<a href="https://govwire.example/#/entity/programme/Harbor%20Cloud" style="color:#0b5cad;">Harbor Cloud</a>`},
	} {
		var b bytes.Buffer
		if err := Render(&b, d, format, testBaseURL); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s digest lacks %s", format, w)
			}
		}
		b.Reset()
		if err := Render(&b, d, format, ""); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "#/entity/") {
			t.Errorf("%s digest without a base URL links entity pages", format)
		}
	}
}
