package classify

import (
	"testing"

	"github.com/govwire/govwire"
)

func TestScanMoney(t *testing.T) {
	tests := []struct {
		in     string
		text   string
		value  string
		amount float64
	}{
		{"worth $10 billion over ten years", "$10 billion", "USD 10000000000", 1e10},
		{"a $9B deal", "$9B", "USD 9000000000", 9e9},
		{"revenue reached US$12.5 billion", "US$12.5 billion", "USD 12500000000", 12.5e9},
		{"sales passed £1 billion", "£1 billion", "GBP 1000000000", 1e9},
		{"its €180 million tender", "€180 million", "EUR 180000000", 1.8e8},
		{"around 250 million euros over four years", "250 million euros", "EUR 250000000", 2.5e8},
		{"up to 110 million Swiss francs", "110 million Swiss francs", "CHF 110000000", 1.1e8},
		{"a $105.8 million contract", "$105.8 million", "USD 105800000", 1.058e8},
		{"the $2bn deal", "$2bn", "USD 2000000000", 2e9},
		{"a fee of $1,250,000", "$1,250,000", "USD 1250000", 1.25e6},
		{"A$39 million", "A$39 million", "AUD 39000000", 3.9e7},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := scanMoney(tt.in, "text")
			if len(got) != 1 {
				t.Fatalf("got %d amounts %+v, want 1", len(got), got)
			}
			g := got[0]
			if g.Text != tt.text || g.Value != tt.value || g.Amount != tt.amount || tt.in[g.Start:g.End] != g.Text {
				t.Errorf("got %q %q %v, want %q %q %v", g.Text, g.Value, g.Amount, tt.text, tt.value, tt.amount)
			}
		})
	}
	for _, in := range []string{"in 2019 the army", "10 m tall", "G-Cloud 12", "1.5 percent"} {
		if got := scanMoney(in, "text"); len(got) != 0 {
			t.Errorf("%q: got %+v, want no money", in, got)
		}
	}
}

func TestScanIdentifiers(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"In B-416657, GAO denied it.", []string{"B-416657"}},
		{"decision B-423366.2 of June", []string{"B-423366.2"}},
		{"solicitation W52P1J-20-R-0001 closed", []string{"W52P1J-20-R-0001"}},
		{"contract 47QTCA21D00AB was modified", []string{"47QTCA21D00AB"}},
		{"G-Cloud 12, COVID-19, IL2/4/5, 2019-11-14, B-52 bombers", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, e := range scanIdentifiers(tt.in, "text") {
				if e.Type != govwire.EntityIdentifier || tt.in[e.Start:e.End] != e.Text {
					t.Errorf("bad entity %+v", e)
				}
				got = append(got, e.Value)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestGazetteer checks canonical names, longest-match and valid dates.
func TestGazetteer(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	d := govwire.Document{Text: "Amazon Web Services and the Defense Department signed the Joint Warfighting Cloud Capability deal."}
	c := e.Classify(d)
	want := map[string]string{govwire.EntityVendor: "Amazon Web Services", govwire.EntityAgency: "Department of Defense", govwire.EntityProgramme: "JWCC"}
	for typ, v := range want {
		vals := c.EntityValues(typ)
		if len(vals) != 1 || vals[0] != v {
			t.Errorf("%s: got %v, want [%s]", typ, vals, v)
		}
	}
	for _, en := range c.Entities {
		if en.Type == govwire.EntityVendor && en.Text != "Amazon Web Services" {
			t.Errorf("vendor text %q: the longest alias should win", en.Text)
		}
	}
	old := input{ID: "x", Text: "JWCC awards", Published: "2019-05-01"}.document()
	if vals := e.Classify(old).EntityValues(govwire.EntityProgramme); len(vals) != 0 {
		t.Errorf("JWCC found in a 2019 story (valid from 2021): %v", vals)
	}
}

// TestSkipMasks checks the word-at-a-time skips against byte loops.
func TestSkipMasks(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("        ")
			for k := range b {
				b[k] = byte((c*7 + k*31) % 256) // noise around the byte
				if b[k] >= '0' && b[k] <= '9' || isMoneyStart(b[k]) {
					b[k] = 'x'
				}
			}
			b[pos] = byte(c)
			s := "ab" + string(b) + "cdefghijklmnop"
			want := 0
			for want < len(s) && (s[want] < '0' || s[want] > '9') {
				want++
			}
			if got := nextDigit(s, 0); got != want {
				t.Fatalf("nextDigit(%q) = %d, want %d", s, got, want)
			}
			want = 0
			for want < len(s) && !isMoneyStart(s[want]) {
				want++
			}
			if got := nextMoneyStart(s, 0); got != want {
				t.Fatalf("nextMoneyStart(%q) = %d, want %d", s, got, want)
			}
		}
	}
}
