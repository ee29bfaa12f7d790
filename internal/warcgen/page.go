package warcgen

import (
	"fmt"
	"strings"
)

var hosts = []string{"www.dailyledger.example", "news.harbourtimes.example", "www.capitalwire.example",
	"www.northernpost.example", "metro.example.co.uk", "www.techbeat.example"}

// Ordinary news comes in themes, each with its own words; one page in ten
// is a near miss that uses words the topic rules know (contract, cloud,
// award, bid, agency) in other senses, as real news does.
type theme struct{ subjects, verbs, objects []string }

var (
	themes = []theme{
		{[]string{"The city council", "Local residents", "The school board", "The mayor", "Neighbours"},
			[]string{"approved", "debated", "postponed", "welcomed", "opposed"},
			[]string{"a new park budget", "plans for a bypass", "the library opening hours", "a flood defence scheme", "the parking charges"}},
		{[]string{"The football club", "The coach", "The striker", "Fans", "The league"},
			[]string{"celebrated", "criticised", "praised", "questioned", "announced"},
			[]string{"a late winner", "the referee's decision", "the new stadium", "a record season", "the transfer window"}},
		{[]string{"Forecasters", "The weather service", "Farmers in the valley", "Commuters", "Coastal towns"},
			[]string{"warned of", "reported", "prepared for", "braced for", "recorded"},
			[]string{"heavy rain", "the first frost", "strong winds", "a dry spell", "record temperatures"}},
		{[]string{"The central bank", "Investors", "Shoppers", "The airline", "Union leaders"},
			[]string{"welcomed", "feared", "reported", "rejected", "announced"},
			[]string{"rising energy prices", "the price of bread", "a strike over pay", "the merger of two banks", "higher interest rates"}},
		{[]string{"The museum", "The theatre company", "A film director", "The orchestra", "Critics"},
			[]string{"unveiled", "launched", "praised", "cancelled", "reviewed"},
			[]string{"a new exhibition", "the summer festival", "the film's premiere", "a touring production", "the season's programme"}},
	}
	nearMiss = theme{[]string{"The football club", "The city council", "The weather service", "The tourism agency", "The regional games committee"},
		[]string{"signed", "awarded", "announced", "won", "launched"},
		[]string{"a new contract for its captain", "a cleaning contract to a local firm", "cloudy skies for the weekend",
			"an award for local journalism", "a bid to host the regional games", "its annual report", "a storage unit for the archive"}}
	tails = []string{"on Tuesday", "after a long debate", "despite protests from neighbours", "for the third year running",
		"according to a statement", "in a vote late on Monday", "amid growing concern", "at a packed meeting",
		"before the holiday", "with little warning"}
	// About the topic: a government buyer, a cloud contract, a vendor and what happened.
	buyers  = []string{"The Department of Defense", "The Pentagon", "The Cabinet Office", "The CIA", "The Home Office", "The General Services Administration"}
	vendors = []string{"Amazon Web Services", "Microsoft", "Google", "Oracle", "IBM"}
	events  = []string{"awarded a $%d million cloud computing contract to %s",
		"picked %s for a %d million pound cloud hosting contract",
		"said %s had won the cloud services contract worth $%d million",
		"faces a protest from %s over the $%d million cloud contract"}
)

// page returns one HTML page: a large template of navigation, scripts and
// footer around an article of 12 to 30 sentences.
func (g *gen) page(onTopic bool) string {
	var art strings.Builder
	th := themes[g.rnd.IntN(len(themes))]
	if g.rnd.IntN(10) == 0 {
		th = nearMiss
	}
	title := g.pick(th.subjects) + " " + g.pick(th.verbs) + " " + g.pick(th.objects)
	if onTopic {
		v := g.pick(vendors)
		title = fmt.Sprintf("%s awards cloud contract to %s", strings.TrimPrefix(g.pick(buyers), "The "), v)
		fmt.Fprintf(&art, "<p>%s %s.</p>\n", g.pick(buyers), g.event(v))
		fmt.Fprintf(&art, "<p>The contract covers hosting, storage and computing for government agencies over %d years, officials said.</p>\n", 2+g.rnd.IntN(8))
	}
	for range 12 + g.rnd.IntN(19) {
		fmt.Fprintf(&art, "<p>%s %s %s %s. %s %s %s.</p>\n", g.pick(th.subjects), g.pick(th.verbs), g.pick(th.objects), g.pick(tails),
			g.pick(th.subjects), g.pick(th.verbs), g.pick(th.objects))
	}
	var b strings.Builder
	b.Grow(40 << 10)
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<meta property="article:published_time" content="2019-10-%02dT08:00:00Z">
<link rel="stylesheet" href="/static/site.css"><script>`, title, 1+g.rnd.IntN(28))
	b.WriteString(strings.Repeat("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());\n", 40))
	b.WriteString(`</script><style>`)
	b.WriteString(strings.Repeat(".nav a{color:#333;padding:4px 8px}.story p{margin:0 0 1em;line-height:1.5}\n", 30))
	b.WriteString(`</style></head><body><header><nav class="nav">`)
	for _, s := range []string{"Home", "News", "Politics", "Business", "Sport", "Culture", "Weather", "Opinion", "Video", "Podcasts"} {
		fmt.Fprintf(&b, `<a href="/%s">%s</a> `, strings.ToLower(s), s)
	}
	fmt.Fprintf(&b, "</nav></header><main><article class=\"story\"><h1>%s</h1><p class=\"byline\">By Staff Reporter</p>\n%s</article>", title, art.String())
	b.WriteString(`<aside><h2>Most read</h2><ul>`)
	for range 10 {
		o := themes[g.rnd.IntN(len(themes))]
		fmt.Fprintf(&b, `<li><a href="/news/%d">%s %s %s</a></li>`, g.rnd.IntN(100000), g.pick(o.subjects), g.pick(o.verbs), g.pick(o.objects))
	}
	b.WriteString(`</ul></aside></main><footer><p>Copyright the publisher. All rights reserved.</p>`)
	b.WriteString(strings.Repeat(`<a href="/about">About us</a> <a href="/contact">Contact</a> <a href="/privacy">Privacy</a> `, 8))
	b.WriteString(`</footer><script src="/static/app.js"></script></body></html>`)
	return b.String()
}

func (g *gen) event(vendor string) string {
	e := g.pick(events)
	amount := 10 + g.rnd.IntN(900)
	if strings.Index(e, "%s") < strings.Index(e, "%d") {
		return fmt.Sprintf(e, vendor, amount)
	}
	return fmt.Sprintf(e, amount, vendor)
}

func (g *gen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }
