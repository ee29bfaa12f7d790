// govwire charts and entity pages. Plain JavaScript, no build step, no
// library: the bar chart is inline SVG built here.
//
// On the search page (#/ and #/search?...) it draws the matching stories per
// month, stacked by label, above the results (GET /v1/timeline?size=0 with
// the search's filters); a bar links to the search narrowed to its month. At
// #/entity/TYPE/VALUE it shows an entity page: the same chart, the timeline
// with milestones and key sentences, co-occurring entities, money,
// identifiers and the latest stories. Each chart has a table with the same
// numbers for screen readers.
//
// Safety rule (as in app.js): everything from the server is inserted with
// textContent or as attribute values of elements built here.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const STACK = ["award", "protest", "allegation", "bid", "none"];
  const MAX_BARS = 48;
  const TYPE_PARAM = { programme: "programme", vendor: "vendor", agency: "agency" };
  const MILESTONES = {
    first_bid: "First bid", award: "Award", re_award: "Re-award", protest: "Protest",
    protest_sustained: "Protest sustained", protest_denied: "Protest denied",
    protest_dismissed: "Protest dismissed", protest_withdrawn: "Protest withdrawn",
    allegation: "Allegation", investigation: "Investigation",
  };

  const $ = (id) => document.getElementById(id);
  let latest = 0; // number of the most recent request

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await r.json();
    } catch (_) {
      /* not JSON */
    }
    if (!r.ok) throw new Error(body && body.error ? body.error.message : "request failed (" + r.status + ")");
    return body;
  }

  function monthName(m) {
    const [y, mo] = m.split("-").map(Number);
    return new Date(Date.UTC(y, mo - 1, 1)).toLocaleDateString("en-GB", { year: "numeric", month: "short", timeZone: "UTC" });
  }

  function formatDate(iso) {
    const d = new Date(iso);
    if (!iso || iso.startsWith("0001-") || isNaN(d)) return "date unknown";
    return d.toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  }

  // fillMonths returns every month from the first to the last of ms (the
  // API lists only months with stories), the latest MAX_BARS of them.
  function fillMonths(ms) {
    if (ms.length === 0) return [];
    const by = new Map(ms.map((m) => [m.month, m]));
    const out = [];
    let [y, mo] = ms[0].month.split("-").map(Number);
    const last = ms[ms.length - 1].month;
    for (let i = 0; i < 600; i++) {
      const key = y + "-" + String(mo).padStart(2, "0");
      out.push(by.get(key) || { month: key, total: 0, labels: {}, primary: {} });
      if (key >= last) break;
      mo++;
      if (mo > 12) { mo = 1; y++; }
    }
    return out.slice(-MAX_BARS);
  }

  // chart returns a figure: an SVG bar chart of months stacked by primary
  // label, each bar a link to link(month), and a table of the same numbers
  // for screen readers.
  function chart(months, caption, link) {
    const fig = el("figure", "chart");
    const ms = fillMonths(months || []);
    if (ms.length === 0) {
      fig.append(el("figcaption", "chart-empty", caption + ": no stories"));
      return fig;
    }
    const W = 600, H = 160, top = 18, bottom = 26;
    const maxTotal = Math.max(1, ...ms.map((m) => m.total));
    const slot = W / ms.length;
    const bw = Math.max(2, slot * 0.75);
    const scale = (H - top - bottom) / maxTotal;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "group" });
    root.setAttribute("aria-label", caption + " (bars link to the stories of their month; the table below has the numbers)");
    root.append(svg("line", { x1: 0, y1: H - bottom, x2: W, y2: H - bottom, class: "chart-axis" }));
    const maxLabel = svg("text", { x: 2, y: 13, class: "chart-text" });
    maxLabel.textContent = maxTotal + (maxTotal === 1 ? " story" : " stories");
    root.append(maxLabel);
    const every = Math.ceil(ms.length / 8);
    ms.forEach((m, i) => {
      const x = i * slot + (slot - bw) / 2;
      const a = svg("a", { href: link(m.month), class: "chart-bar" });
      a.dataset.month = m.month;
      const parts = STACK.filter((l) => (m.primary || {})[l]).map((l) => l + " " + m.primary[l]);
      const title = svg("title");
      title.textContent = monthName(m.month) + ": " + m.total + (m.total === 1 ? " story" : " stories") +
        (parts.length ? " (" + parts.join(", ") + ")" : "");
      a.append(title);
      // A transparent full-height target, so small bars are easy to hit.
      a.append(svg("rect", { x: i * slot, y: top, width: slot, height: H - top - bottom, class: "chart-hit" }));
      let y = H - bottom;
      STACK.forEach((l) => {
        const n = (m.primary || {})[l] || 0;
        if (!n) return;
        const h = n * scale;
        y -= h;
        a.append(svg("rect", { x, y, width: bw, height: h, class: "seg seg-" + l }));
      });
      root.append(a);
      if (i % every === 0) {
        const t = svg("text", { x: i * slot + slot / 2, y: H - 7, class: "chart-text", "text-anchor": "middle" });
        t.textContent = m.month;
        root.append(t);
      }
    });
    fig.append(root, legend(), table(ms, caption));
    return fig;
  }

  function legend() {
    const ul = el("ul", "chart-legend");
    ul.setAttribute("aria-hidden", "true");
    STACK.forEach((l) => {
      const li = el("li");
      li.append(el("span", "swatch seg-" + l), l === "none" ? "no label" : l);
      ul.append(li);
    });
    return ul;
  }

  // table holds the chart's numbers: per month the stories and the count
  // of each label (a story with two labels counts under both), hidden but
  // for screen readers (in a box: a table ignores a 1px width).
  function table(ms, caption) {
    const box = el("div", "visually-hidden");
    const t = el("table", "chart-table");
    box.append(t);
    t.append(el("caption", null, caption + ": stories per month and label"));
    const head = el("tr");
    ["Month", "Stories", "award", "protest", "allegation", "bid"].forEach((h) => {
      const th = el("th", null, h);
      th.scope = "col";
      head.append(th);
    });
    const thead = el("thead");
    thead.append(head);
    const body = el("tbody");
    ms.filter((m) => m.total > 0).forEach((m) => {
      const tr = el("tr");
      const th = el("th", null, m.month);
      th.scope = "row";
      tr.append(th, el("td", null, m.total));
      ["award", "protest", "allegation", "bid"].forEach((l) => tr.append(el("td", null, (m.labels || {})[l] || 0)));
      body.append(tr);
    });
    t.append(thead, body);
    return box;
  }

  // --- the search page's chart ----------------------------------------------

  function searchParams() {
    const h = location.hash || "#/";
    return new URLSearchParams(h.startsWith("#/search?") ? h.slice("#/search?".length) : "");
  }

  // timelineParams keeps the search's filters, turning a month into a range.
  function timelineParams(params) {
    const out = new URLSearchParams();
    for (const [k, v] of params) {
      if (["q", "label", "vendor", "agency", "programme", "source", "since", "until"].includes(k)) out.append(k, v);
      if (k === "month" && /^\d{4}-\d{2}$/.test(v)) {
        const [y, mo] = v.split("-").map(Number);
        out.set("since", v + "-01");
        out.set("until", new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10));
      }
    }
    return out;
  }

  async function showSearchChart() {
    const box = $("chart");
    if (!box) return;
    const params = searchParams();
    const mine = ++latest;
    const q = timelineParams(params);
    q.set("size", "0");
    let tl;
    try {
      tl = await getJSON("/v1/timeline?" + q.toString());
    } catch (_) {
      if (mine === latest) box.replaceChildren(); // the search itself reports errors
      return;
    }
    if (mine !== latest) return;
    const link = (month) => {
      const next = new URLSearchParams(params);
      next.delete("page");
      next.delete("after");
      next.set("month", month);
      return "#/search?" + next.toString();
    };
    box.replaceChildren(chart(tl.months, "Matching stories per month", link), searchTimeline(q, mine));
    box.dataset.loaded = location.hash || "#/";
    entityHints(params.get("q"), mine);
  }

  // searchTimeline is a disclosure that, opened, shows the matching stories
  // as a timeline (the same as an entity page's), fetched only then.
  function searchTimeline(q, mine) {
    const d = el("details", "search-timeline");
    d.append(el("summary", null, "Timeline of these stories"));
    const body = el("div", "search-timeline-body");
    d.append(body);
    d.addEventListener("toggle", async () => {
      if (!d.open || body.dataset.loaded) return;
      body.replaceChildren(el("p", "status", "Loading…"));
      const p = new URLSearchParams(q);
      p.delete("size");
      let tl;
      try {
        tl = await getJSON("/v1/timeline?" + p.toString());
      } catch (err) {
        if (mine === latest) body.replaceChildren(el("p", "status error", err.message));
        return;
      }
      if (mine !== latest) return;
      const sec = timelineSection(tl);
      sec.querySelector("h2").remove(); // the summary names it
      body.replaceChildren(sec);
      body.dataset.loaded = "1";
    });
    return d;
  }

  // entityHints links the entity pages whose names the query names.
  async function entityHints(q, mine) {
    const box = $("chart");
    if (!q || q.length > 200) return;
    let res;
    try {
      res = await getJSON("/v1/entities?limit=3&q=" + encodeURIComponent(q));
    } catch (_) {
      return;
    }
    if (mine !== latest || !res.entities || res.entities.length === 0) return;
    const p = el("p", "entity-hints", "Pages: ");
    res.entities.forEach((e, i) => {
      if (i > 0) p.append(", ");
      const a = el("a", null, e.value);
      a.href = entityHash(e.type, e.value);
      p.append(a, " (" + e.type + ")");
    });
    box.append(p);
  }

  // --- entity pages -------------------------------------------------------------

  function entityHash(type, value) {
    return "#/entity/" + encodeURIComponent(type) + "/" + encodeURIComponent(value);
  }

  // entityFilter is the search parameter that selects an entity's stories.
  function entityFilter(type, value) {
    const p = new URLSearchParams();
    if (TYPE_PARAM[type]) p.set(TYPE_PARAM[type], value);
    else p.set("q", '"' + value.replace(/"/g, "") + '"');
    return p;
  }

  async function showEntity(type, value) {
    const view = $("entity-view");
    view.hidden = false;
    view.replaceChildren(el("p", "status", "Loading…"));
    delete view.dataset.loaded;
    const mine = ++latest;
    let page, tl;
    try {
      page = await getJSON("/v1/entities/" + encodeURIComponent(type) + "/" + encodeURIComponent(value));
      const q = entityFilter(type, page.value);
      tl = await getJSON("/v1/timeline?" + q.toString());
    } catch (err) {
      if (mine !== latest) return;
      view.replaceChildren(back(), el("h1", "page-title", value), el("p", "status error", err.message));
      return;
    }
    if (mine !== latest) return;
    const filter = entityFilter(type, page.value);
    const link = (month) => {
      const p = new URLSearchParams(filter);
      p.set("month", month);
      return "#/search?" + p.toString();
    };
    const h1 = el("h1", "page-title", page.value);
    h1.tabIndex = -1;
    h1.append(" ", el("span", "entity-type", page.type));
    const all = el("a", null, "search these stories");
    all.href = "#/search?" + filter.toString();
    const sum = el("p", "meta", page.articles + (page.articles === 1 ? " story" : " stories"));
    Object.entries(page.labels || {}).sort((a, b) => b[1] - a[1]).forEach(([l, n]) => sum.append(" · ", l + " " + n));
    sum.append(" · ", all);
    view.replaceChildren(back(), h1, sum, chart(page.months, "Stories about " + page.value + " per month", link),
      timelineSection(tl), latestSection(page.latest), relatedSection(page));
    view.dataset.loaded = location.hash;
    h1.focus();
  }

  function back() {
    const a = el("a", "back", "← Back to search");
    a.href = "#/";
    return a;
  }

  function articleLink(id, title) {
    const a = el("a", null, title || "(untitled)");
    a.href = "#/article/" + encodeURIComponent(id);
    return a;
  }

  // primaryLabel is a story's first label in the order the chart stacks
  // them (award, protest, allegation, bid); "none" when it has none.
  function primaryLabel(labels) {
    return STACK.find((l) => (labels || []).includes(l)) || "none";
  }

  // eventLabel is the label a timeline event is drawn with.
  function eventLabel(e) {
    const l = e.evidence && e.evidence.label;
    return l && l !== "none" && STACK.includes(l) ? l : primaryLabel(e.labels);
  }

  function timelineSection(tl) {
    const sec = el("section", "timeline");
    sec.append(el("h2", null, "Timeline"));
    const ol = el("ol", "events");
    (tl.events || []).forEach((e) => {
      const li = el("li", "event" + (e.milestone ? " milestone" : ""));
      // A point on the time axis, coloured by the label of the story's key
      // sentence (the one its milestone rests on), else by its first label
      // in the chart's stacking order; the labels are also written out.
      const dot = el("span", "event-dot seg-" + eventLabel(e));
      dot.setAttribute("aria-hidden", "true");
      li.append(dot);
      const meta = el("p", "meta");
      meta.append(el("time", "date", formatDate(e.date)));
      if (e.milestone) meta.append(" ", el("span", "milestone-name", MILESTONES[e.milestone] || e.milestone));
      meta.append(" · ", el("span", "source", e.source));
      if (e.labels && e.labels.length) meta.append(" · " + e.labels.join(", "));
      if (e.also && e.also.length) meta.append(" · also " + e.also.map((c) => c.source).join(", "));
      const h3 = el("h3", "event-title");
      h3.append(articleLink(e.id, e.title));
      li.append(meta, h3);
      if (e.evidence && e.evidence.text) {
        const q = el("blockquote", "key-sentence chip-" + e.evidence.label, e.evidence.text);
        li.append(q);
      }
      ol.append(li);
    });
    sec.append(ol);
    if (tl.truncated) sec.append(el("p", "meta", "Earliest " + (tl.events || []).length + " shown; search the stories for the rest."));
    return sec;
  }

  function latestSection(hits) {
    const sec = el("section", "latest");
    sec.append(el("h2", null, "Latest stories"));
    const ul = el("ul");
    (hits || []).forEach((h) => {
      const li = el("li");
      li.append(articleLink(h.id, h.title), " ", el("span", "meta", h.source + " · " + formatDate(h.published)));
      ul.append(li);
    });
    sec.append(ul);
    return sec;
  }

  function relatedSection(page) {
    const sec = el("section", "related");
    sec.append(el("h2", null, "Appears with"));
    const dl = el("dl", "entities");
    const groups = [["programme", "Programmes"], ["agency", "Agencies"], ["vendor", "Vendors"]];
    groups.forEach(([type, name]) => {
      const refs = (page.related || {})[type] || [];
      if (!refs.length) return;
      const dd = el("dd");
      refs.forEach((r, i) => {
        if (i > 0) dd.append(", ");
        const a = el("a", null, r.value);
        a.href = entityHash(type, r.value);
        dd.append(a, " (" + r.count + ")");
      });
      dl.append(el("dt", null, name), dd);
    });
    const plain = [["Money mentioned", page.money, (v) => money(v)], ["Identifiers", page.identifiers, (v) => v]];
    plain.forEach(([name, refs, fmt]) => {
      if (!refs || !refs.length) return;
      dl.append(el("dt", null, name), el("dd", null, refs.map((r) => fmt(r.value) + " (" + r.count + ")").join(", ")));
    });
    sec.append(dl);
    return sec;
  }

  // money formats "USD 9000000000" as "USD 9 billion".
  function money(v) {
    const m = /^([A-Z]{3}) (\d+(?:\.\d+)?)$/.exec(v);
    if (!m) return v;
    const n = Number(m[2]);
    for (const [size, word] of [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]]) {
      if (n >= size) return m[1] + " " + Number((n / size).toFixed(2)) + " " + word;
    }
    return m[1] + " " + n.toLocaleString("en-GB");
  }

  // --- routing ------------------------------------------------------------------

  function route() {
    const h = location.hash || "#/";
    const m = h.match(/^#\/entity\/([^/]+)\/(.+)$/);
    const view = $("entity-view");
    if (m) {
      let type, value;
      try {
        type = decodeURIComponent(m[1]);
        value = decodeURIComponent(m[2]);
      } catch (_) {
        return;
      }
      showEntity(type, value);
      return;
    }
    if (view) view.hidden = true;
    if (h === "#/" || h.startsWith("#/search?")) showSearchChart();
  }

  window.addEventListener("hashchange", route);
  route();
})();
