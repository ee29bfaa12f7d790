package api_test

import (
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// wantMonths counts the fixture's articles that pass keep per month: the
// expected months of an entity page or a timeline, computed from the
// classifier's own labels.
func (af *arcFixture) wantMonths(keep func(arcArticle) bool) (int, map[string]govwire.MonthCount) {
	n, out := 0, map[string]govwire.MonthCount{}
	for _, a := range af.arts {
		if !keep(a) {
			continue
		}
		n++
		month := a.Published.UTC().Format("2006-01")
		m, ok := out[month]
		if !ok {
			m = govwire.MonthCount{Month: month, Labels: map[string]int{}, Primary: map[string]int{}}
		}
		m.Total++
		primary := "none"
		for _, l := range govwire.Labels {
			if a.HasLabel(l) {
				m.Labels[l]++
				if primary == "none" {
					primary = l
				}
			}
		}
		m.Primary[primary]++
		out[month] = m
	}
	return n, out
}

func mentions(typ, value string) func(arcArticle) bool {
	return func(a arcArticle) bool { return slices.Contains(a.EntityValues(typ), value) }
}

// checkMonths compares got with want, month by month.
func checkMonths(t *testing.T, what string, got []govwire.MonthCount, want map[string]govwire.MonthCount) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d months, want %d", what, len(got), len(want))
	}
	for i, m := range got {
		if i > 0 && got[i-1].Month >= m.Month {
			t.Errorf("%s: months out of order: %s then %s", what, got[i-1].Month, m.Month)
		}
		w := want[m.Month]
		if m.Total != w.Total || !maps.Equal(m.Labels, w.Labels) || !maps.Equal(m.Primary, w.Primary) {
			t.Errorf("%s %s: total %d labels %v primary %v; want %d %v %v", what, m.Month, m.Total, m.Labels, m.Primary,
				w.Total, w.Labels, w.Primary)
		}
	}
}

func TestEntityPagesOverArcFixture(t *testing.T) {
	af := newArcFixture(t, true)
	for _, p := range arcProgrammes {
		t.Run(p.name, func(t *testing.T) {
			var page govwire.EntityPage
			af.getJSON(t, "/v1/entities/programme/"+url.PathEscape(p.name), 200, &page)
			n, months := af.wantMonths(mentions(govwire.EntityProgramme, p.name))
			if n != 20 {
				t.Errorf("the rules find %s in %d fixture articles, want all 20 (aliases: %s)", p.name, n, p.alias)
			}
			if page.Type != "programme" || page.Value != p.name || page.Articles != uint64(n) {
				t.Errorf("page %s/%s: %d articles, want programme/%s with %d", page.Type, page.Value, page.Articles, p.name, n)
			}
			checkMonths(t, p.name, page.Months, months)
			sum := map[string]int{}
			for _, m := range months {
				for l, c := range m.Labels {
					sum[l] += c
				}
			}
			if !maps.Equal(page.Labels, sum) {
				t.Errorf("label counts %v, want %v", page.Labels, sum)
			}
			vendors := values(page.Related["vendor"])
			for _, v := range []string{p.winner2, p.loser, p.third} {
				canon := canonical(v)
				if !slices.Contains(vendors, canon) {
					t.Errorf("co-occurring vendors %v lack %s", vendors, canon)
				}
			}
			if slices.Contains(values(page.Related["programme"]), p.name) {
				t.Errorf("the page lists %s among its own co-occurring programmes", p.name)
			}
			if !slices.Contains(values(page.Money), "USD 9000000000") {
				t.Errorf("money %v lacks the $9 billion award", page.Money)
			}
			if len(page.Identifiers) == 0 || !strings.HasPrefix(page.Identifiers[0].Value, "B-") && !strings.HasPrefix(page.Identifiers[0].Value, "HQ0034") {
				t.Errorf("identifiers %v", page.Identifiers)
			}
			if len(page.Latest) != govwire.EntityLatest {
				t.Errorf("%d latest stories, want %d", len(page.Latest), govwire.EntityLatest)
			}
			clusters := map[string]bool{}
			for i, h := range page.Latest {
				if i > 0 && h.Published.After(page.Latest[i-1].Published) {
					t.Errorf("latest stories not newest first: %v after %v", h.Published, page.Latest[i-1].Published)
				}
				if clusters[h.ClusterID] {
					t.Errorf("latest stories repeat cluster %s", h.ClusterID)
				}
				clusters[h.ClusterID] = true
			}
		})
	}
}

// canonical is the value the gazetteer gives the fixture's ways of writing a vendor.
func canonical(v string) string {
	switch v {
	case "AWS":
		return "Amazon Web Services"
	case "Microsoft Azure":
		return "Microsoft"
	case "Google Cloud":
		return "Google"
	}
	return v
}

func values(refs []govwire.EntityRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.Value)
	}
	return out
}

func TestEntityAliasesMerge(t *testing.T) {
	af := newArcFixture(t, false)
	for _, tt := range []struct{ path, typ, value string }{
		{"/v1/entities/vendor/AWS", "vendor", "Amazon Web Services"},
		{"/v1/entities/vendor/Amazon%20Web%20Services", "vendor", "Amazon Web Services"},
		{"/v1/entities/agency/Pentagon", "agency", "Department of Defense"},
		{"/v1/entities/programme/Joint%20Enterprise%20Defense%20Infrastructure", "programme", "JEDI"},
		{"/v1/entities/programme/HCX", "programme", "Harbor Cloud"}, // added by a rule file
	} {
		var page govwire.EntityPage
		af.getJSON(t, tt.path, 200, &page)
		n, _ := af.wantMonths(mentions(tt.typ, tt.value))
		if page.Type != tt.typ || page.Value != tt.value || page.Articles != uint64(n) || n == 0 {
			t.Errorf("%s: %s/%s with %d articles, want %s/%s with %d", tt.path, page.Type, page.Value, page.Articles, tt.typ, tt.value, n)
		}
	}
	var list struct{ Entities []govwire.EntityRef }
	af.getJSON(t, "/v1/entities?q=pentagon", 200, &list)
	if len(list.Entities) == 0 || list.Entities[0].Value != "Department of Defense" {
		t.Errorf("entities?q=pentagon: %v, want Department of Defense first", list.Entities)
	}
	af.getJSON(t, "/v1/entities?type=programme&q=harbor", 200, &list)
	if len(list.Entities) != 1 || list.Entities[0].Value != "Harbor Cloud" || list.Entities[0].Count != 20 {
		t.Errorf("entities?type=programme&q=harbor: %v, want Harbor Cloud with 20", list.Entities)
	}
	af.getJSON(t, "/v1/entities?type=vendor&q=amazon", 200, &list)
	if got := values(list.Entities); !slices.Equal(got, []string{"Amazon Web Services"}) {
		t.Errorf("entities?type=vendor&q=amazon: %v, want only Amazon Web Services (no separate AWS)", got)
	}
	for _, bad := range []string{"/v1/entities/colour/red", "/v1/entities?type=colour", "/v1/entities?limit=500"} {
		var e struct{ Error struct{ Code string } }
		af.getJSON(t, bad, 400, &e)
	}
	var e struct{ Error struct{ Code string } }
	af.getJSON(t, "/v1/entities/programme/Nothing%20Such", 404, &e)
}

func TestTimelineOverArcFixture(t *testing.T) {
	af := newArcFixture(t, false)
	for _, p := range arcProgrammes {
		t.Run(p.name, func(t *testing.T) {
			var tl govwire.Timeline
			af.getJSON(t, "/v1/timeline?programme="+url.QueryEscape(p.name), 200, &tl)
			n, months := af.wantMonths(mentions(govwire.EntityProgramme, p.name))
			if tl.Total != uint64(n) || len(tl.Events) != len(arcSteps) || tl.Truncated {
				t.Fatalf("total %d, %d events, truncated %v; want %d articles in %d events", tl.Total, len(tl.Events), tl.Truncated, n, len(arcSteps))
			}
			checkMonths(t, "timeline "+p.name, tl.Months, months)
			byID := map[string]arcArticle{}
			for _, a := range af.arts {
				byID[a.ID] = a
			}
			for i, e := range tl.Events {
				a, step := byID[e.ID], arcSteps[i]
				if i > 0 && e.Date.Before(tl.Events[i-1].Date) {
					t.Errorf("event %d (%s) is older than the one before it", i, e.Date)
				}
				if a.step != step.key || a.copyOf != "" {
					t.Errorf("event %d is %s (copy of %q), want the original of %s", i, a.step, a.copyOf, step.key)
				}
				want := strings.ReplaceAll(step.milestone, "{milestone}", p.milestone)
				if e.Milestone != want {
					t.Errorf("event %d %s: milestone %q, want %q (labels %v)", i, step.key, e.Milestone, want, e.Labels)
				}
				if e.Evidence == nil || e.Evidence.Text == "" || !strings.Contains(a.Title+" "+strings.Join(strings.Fields(a.Text), " "), e.Evidence.Text) {
					t.Errorf("event %d %s: evidence %+v is no sentence of the article", i, step.key, e.Evidence)
				}
				var also []string
				for _, c := range e.Also {
					also = append(also, byID[c.ID].copyOf)
				}
				wantAlso := []string(nil)
				if slices.Contains(arcCopies, step.key) {
					wantAlso = []string{step.key}
				}
				if !slices.Equal(also, wantAlso) {
					t.Errorf("event %d %s: also holds copies of %v, want %v", i, step.key, also, wantAlso)
				}
			}
		})
	}

	var tl govwire.Timeline
	af.getJSON(t, "/v1/timeline?programme=JEDI&label=protest", 200, &tl)
	for _, e := range tl.Events {
		if !slices.Contains(e.Labels, "protest") {
			t.Errorf("label=protest timeline has %s with labels %v", e.ID, e.Labels)
		}
	}
	if len(tl.Events) < 3 {
		t.Errorf("label=protest timeline of JEDI: %d events, want the protests and the decision", len(tl.Events))
	}
	af.getJSON(t, "/v1/timeline?programme=JEDI&since=2025-05-01&until=2025-05-31", 200, &tl)
	if len(tl.Events) != 2 || len(tl.Months) != 1 || tl.Months[0].Month != "2025-05" {
		t.Errorf("May 2025 of JEDI: %d events, months %v; want the two protests", len(tl.Events), tl.Months)
	}
	af.getJSON(t, "/v1/timeline?size=0", 200, &tl)
	if len(tl.Events) != 0 || tl.Total != uint64(len(af.arts)) || !tl.Truncated || len(tl.Months) == 0 {
		t.Errorf("size=0: %d events, total %d, truncated %v, %d months", len(tl.Events), tl.Total, tl.Truncated, len(tl.Months))
	}
	af.getJSON(t, "/v1/timeline?q=protest&size=3", 200, &tl)
	if len(tl.Events) != 3 || !tl.Truncated {
		t.Errorf("size=3: %d events, truncated %v", len(tl.Events), tl.Truncated)
	}
	for _, bad := range []string{"/v1/timeline?size=5000", "/v1/timeline?label=praise", "/v1/timeline?sort=date", "/v1/timeline?q=/re.*/"} {
		var e struct{ Error struct{ Code string } }
		af.getJSON(t, bad, 400, &e)
	}
}
