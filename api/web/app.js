// govwire search page. Plain JavaScript, no build step.
//
// Safety rule: everything that came from a feed or a page is inserted with
// textContent or as attribute values of elements built here. The one
// exception is a search snippet, which the server sends as escaped text with
// <mark> around matches: it is inserted as HTML only after checking that
// <mark> and </mark> are its only tags.
"use strict";

(function () {
  const PAGE_SIZE = 20;
  const MAX_OFFSET = 10000;
  const LABELS = ["award", "protest", "allegation", "bid"];
  // Facet groups: response key, query parameter, heading.
  const FACETS = [
    ["labels", "label", "Label"],
    ["agencies", "agency", "Agency"],
    ["vendors", "vendor", "Vendor"],
    ["sources", "source", "Source"],
    ["months", "month", "Month"],
  ];

  const $ = (id) => document.getElementById(id);
  const els = {
    form: $("search-form"), q: $("q"), sort: $("sort"), status: $("status"),
    results: $("results"), hint: $("hint"), facets: $("facets"), pager: $("pager"),
    searchView: $("search-view"), articleView: $("article-view"), digest: $("digest-link"),
  };
  let lastSearchHash = "#/";
  let latest = 0; // number of the most recent request for the main view

  // el builds an element with a class and text (always as text).
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // safeURL returns u when it is an absolute http(s) URL, else null.
  function safeURL(u) {
    try {
      const p = new URL(u);
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : null;
    } catch (_) {
      return null;
    }
  }

  // setSnippet inserts the server's snippet, refusing any markup but <mark>.
  function setSnippet(node, html) {
    const bare = String(html || "").replace(/<\/?mark>/g, "");
    if (/[<>]/.test(bare)) {
      node.textContent = bare;
      return;
    }
    node.innerHTML = html;
  }

  function formatDate(iso) {
    if (!iso || iso.startsWith("0001-")) return "date unknown";
    const d = new Date(iso);
    if (isNaN(d)) return "date unknown";
    return d.toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  }

  function labelChip(label) {
    const known = LABELS.includes(label) ? label : "other";
    return el("span", "chip chip-" + known, label);
  }

  // --- routing: #/search?..., #/article/ID, or #/ --------------------------

  function route() {
    const h = location.hash || "#/";
    const m = h.match(/^#\/article\/([0-9a-f]{16})$/);
    if (m) {
      showArticle(m[1]);
      return;
    }
    if (h === "#/review" || h.startsWith("#/review?")) { // the review queue: review.js
      ++latest;
      els.searchView.hidden = true;
      els.articleView.hidden = true;
      return;
    }
    if (h.startsWith("#/entity/")) { // entity pages: chart.js
      ++latest;
      els.searchView.hidden = true;
      els.articleView.hidden = true;
      return;
    }
    const qs = h.startsWith("#/search?") ? h.slice("#/search?".length) : "";
    lastSearchHash = h;
    showSearch(new URLSearchParams(qs));
  }

  function go(params) {
    const hash = "#/search?" + params.toString();
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  // --- search ---------------------------------------------------------------

  // monthRange returns the first and last day of a "YYYY-MM" month as
  // bare dates, or null. A bare until date includes its whole day in the
  // API, so the range ends on the month's last day, not the next month's
  // first.
  function monthRange(v) {
    const m = /^(\d{4})-(\d{2})$/.exec(v);
    if (!m) return null;
    const y = Number(m[1]), mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    const last = new Date(Date.UTC(y, mo, 0)); // day 0 of the next month (0-based) is this month's last day
    return [v + "-01", last.toISOString().slice(0, 10)];
  }

  // apiParams turns the page's parameters into /v1/search parameters: the
  // month facet becomes a since/until range, and a page reached by a cursor
  // sends the cursor (after) without its page number, which is only shown.
  function apiParams(params) {
    const out = new URLSearchParams();
    const cursor = params.get("after");
    for (const [k, v] of params) {
      if (k === "month") {
        const r = monthRange(v);
        if (!r) continue;
        out.set("since", r[0]);
        out.set("until", r[1]);
      } else if (k === "page" && cursor) {
        continue;
      } else {
        out.append(k, v);
      }
    }
    if (!params.has("sort") && !params.get("q")) out.set("sort", "date"); // no query: newest first
    out.set("size", String(PAGE_SIZE));
    return out;
  }

  async function showSearch(params) {
    els.articleView.hidden = true;
    els.searchView.hidden = false;
    els.q.value = params.get("q") || "";
    els.sort.value = params.get("sort") || (els.q.value ? "relevance" : "date");
    els.status.className = "status";
    els.status.textContent = "Searching…";
    els.searchView.dataset.loaded = "";
    const mine = ++latest; // a slower, older answer must not overwrite a newer one
    let res;
    try {
      res = await getJSON("/v1/search?" + apiParams(params).toString());
      if (mine !== latest) return;
    } catch (err) {
      if (mine !== latest) return;
      els.status.className = "status error";
      els.status.textContent = err.message;
      els.results.replaceChildren();
      els.hint.replaceChildren();
      els.pager.replaceChildren();
      els.searchView.dataset.loaded = location.hash || "#/";
      return;
    }
    renderStatus(res, params);
    renderHits(res.hits);
    renderHint(res, params);
    renderFacets(res.facets, params);
    renderPager(res, params);
    // Tests (and anyone scripting the page) wait for this: the view now
    // shows the answer to the search in the address bar.
    els.searchView.dataset.loaded = location.hash || "#/";
  }

  function renderStatus(res, params) {
    const n = res.total;
    const q = params.get("q");
    let text = n === 0 ? "No stories" : n === 1 ? "1 story" : n.toLocaleString("en-GB") + " stories";
    if (q) text += " for “" + q + "”";
    if (n === 0 && activeFilters(params).length) text += " with these filters";
    text += " (" + Math.round(res.took_ms) + " ms)";
    els.status.textContent = text;
  }

  // activeFilters lists the [param, value] filters set in params.
  function activeFilters(params) {
    const names = FACETS.map((f) => f[1]).concat(["since", "until", "programme"]);
    return [...params].filter(([k]) => names.includes(k));
  }

  // searchLink returns a link to the search params.
  function searchLink(text, params, cls) {
    const a = el("a", cls, text);
    a.href = "#/search?" + params.toString();
    return a;
  }

  // renderHint explains an empty result and offers ways out: remove a
  // filter, include off-topic stories, search everything.
  function renderHint(res, params) {
    if (res.total !== 0) {
      els.hint.replaceChildren();
      return;
    }
    const base = new URLSearchParams(params);
    base.delete("page");
    base.delete("after");
    const tips = [];
    const filters = activeFilters(base);
    if (filters.length) {
      const li = el("li", null, "Remove a filter: ");
      filters.forEach(([k, v], i) => {
        const next = new URLSearchParams(base);
        const rest = next.getAll(k).filter((x) => x !== v);
        next.delete(k);
        rest.forEach((x) => next.append(k, x));
        if (i) li.append(", ");
        li.append(searchLink(k + ": " + v, next, "remove-filter"));
      });
      if (filters.length > 1) {
        const none = new URLSearchParams(base);
        filters.forEach(([k]) => none.delete(k));
        li.append(" or ", searchLink("clear all filters", none, "clear-filters"));
      }
      tips.push(li);
    }
    if (base.get("q")) {
      tips.push(el("li", null, "Check the spelling, or try other or more general words (quotes search for an exact phrase)."));
    }
    if (base.get("all") !== "true") {
      const all = new URLSearchParams(base);
      all.set("all", "true");
      const li = el("li", null, "Only stories about government cloud contracts are searched. ");
      li.append(searchLink("Include off-topic stories", all, "include-all"), ".");
      tips.push(li);
    }
    if (base.toString() !== "") {
      const li = el("li");
      li.append(searchLink("Show every story", new URLSearchParams(), "show-all"));
      tips.push(li);
    }
    const box = el("div", "no-hits");
    const ul = el("ul");
    ul.append(...tips);
    box.append(el("p", "no-hits-title", "Nothing matched. You could:"), ul);
    els.hint.replaceChildren(box);
  }

  function renderHits(hits) {
    const items = hits.map((h) => {
      const li = el("li", "hit");
      const h2 = el("h2", "hit-title");
      const a = el("a", null, h.title || "(untitled)");
      a.href = "#/article/" + encodeURIComponent(h.id);
      h2.append(a);
      const meta = el("p", "meta");
      meta.append(el("span", "source", h.source), el("span", "sep", " · "), el("time", "date", formatDate(h.published)));
      (h.labels || []).forEach((l) => meta.append(" ", labelChip(l)));
      const snip = el("p", "snippet");
      setSnippet(snip, h.snippet);
      li.append(h2, meta, snip);
      return li;
    });
    els.results.replaceChildren(...items);
  }

  function renderFacets(facets, params) {
    const groups = FACETS.map(([key, param, heading]) => {
      const active = params.getAll(param);
      const counts = (facets && facets[key]) || [];
      const values = counts.map((c) => [c.value, c.count, c.exact !== false]);
      active.forEach((v) => {
        if (!values.some(([x]) => x === v)) values.push([v, 0, true]);
      });
      if (values.length === 0) return null; // no heading over nothing
      const box = el("details", "facet");
      box.open = values.length > 0 && (active.length > 0 || key === "labels" || window.innerWidth > 700);
      box.append(el("summary", null, heading));
      const ul = el("ul");
      values.forEach(([value, count, exact]) => {
        const on = active.includes(value);
        const b = el("button", "facet-value" + (on ? " on" : ""));
        b.type = "button";
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.dataset.param = param;
        b.dataset.value = value;
        if (param === "label") b.append(labelChip(value));
        else b.append(el("span", "facet-name", value));
        // An estimated count (the API says exact: false) reads "about N".
        const shown = count.toLocaleString("en-GB");
        b.append(el("span", exact ? "count" : "count estimate", exact ? shown : "about " + shown));
        if (!exact) b.title = "estimated count";
        b.addEventListener("click", () => toggleFilter(params, param, value));
        const li = el("li");
        li.append(b);
        ul.append(li);
      });
      box.append(ul);
      return box;
    }).filter(Boolean);
    if (groups.length === 0) els.facets.replaceChildren();
    else els.facets.replaceChildren(el("h2", "facets-title", "Filters"), ...groups);
  }

  function toggleFilter(params, param, value) {
    const next = new URLSearchParams(params);
    const vals = next.getAll(param);
    next.delete(param);
    next.delete("page");
    next.delete("after");
    if (vals.includes(value)) vals.filter((v) => v !== value).forEach((v) => next.append(param, v));
    else if (param === "month") next.append(param, value);
    else vals.concat([value]).forEach((v) => next.append(param, v));
    go(next);
  }

  // renderPager links the previous and next pages. Next follows the API's
  // search-after cursor (after=), so paging goes on past 10,000 results and
  // stays in order while new stories arrive; page= is kept in the address
  // only to show the page number. Previous goes back to the page that led
  // here (remembered for the tab), or to page 1.
  function renderPager(res, params) {
    if (res.total === 0) {
      els.pager.replaceChildren(); // the hint says what to do instead
      return;
    }
    const page = Math.max(1, Number(params.get("page")) || 1);
    const pages = Math.max(1, Math.ceil(res.total / PAGE_SIZE));
    const here = "#/search?" + params.toString();
    const parts = [];
    if (page > 1) {
      const first = new URLSearchParams(params);
      first.delete("page");
      first.delete("after");
      let back = backLinks.get(here), text = "← Previous";
      if (!back && page === 2) {
        back = "#/search?" + first.toString();
      } else if (!back && !params.get("after") && (page - 1) * PAGE_SIZE <= MAX_OFFSET) {
        const prev = new URLSearchParams(params);
        prev.set("page", String(page - 1));
        back = "#/search?" + prev.toString();
      } else if (!back) {
        back = "#/search?" + first.toString();
        text = "← First page";
      }
      const a = el("a", "prev", text);
      a.href = back;
      parts.push(a);
    }
    parts.push(el("span", "page-of", "Page " + page.toLocaleString("en-GB") + " of " + pages.toLocaleString("en-GB")));
    if (page < pages && res.next) {
      const next = new URLSearchParams(params);
      next.set("after", res.next);
      next.set("page", String(page + 1));
      const hash = "#/search?" + next.toString();
      backLinks.set(hash, here);
      const a = el("a", "next", "Next →");
      a.href = hash;
      parts.push(a);
    }
    els.pager.replaceChildren(...parts);
  }

  // backLinks maps a page's address to the address of the page before it,
  // kept in sessionStorage so a reload keeps Previous working.
  const backLinks = {
    get(hash) {
      try {
        return sessionStorage.getItem("govwire.back." + hash);
      } catch (_) {
        return memoryBack.get(hash) || null;
      }
    },
    set(hash, prev) {
      try {
        sessionStorage.setItem("govwire.back." + hash, prev);
      } catch (_) {
        memoryBack.set(hash, prev);
      }
    },
  };
  const memoryBack = new Map();

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await r.json();
    } catch (_) {
      /* not JSON */
    }
    if (!r.ok) {
      const msg = body && body.error ? body.error.message : "request failed (" + r.status + ")";
      throw new Error(msg);
    }
    return body;
  }

  // --- article view -----------------------------------------------------------

  async function showArticle(id) {
    els.searchView.hidden = true;
    const view = els.articleView;
    view.hidden = false;
    view.replaceChildren(el("p", "status", "Loading…"));
    const mine = ++latest;
    let a;
    try {
      a = await getJSON("/v1/articles/" + encodeURIComponent(id));
      if (mine !== latest) return;
    } catch (err) {
      if (mine !== latest) return;
      view.replaceChildren(backLink(), el("p", "status error", err.message));
      return;
    }
    renderArticle(view, a);
    document.dispatchEvent(new CustomEvent("govwire:article", { detail: a })); // review.js adds its form
    const h1 = view.querySelector("h1");
    if (h1) h1.focus();
  }

  function backLink() {
    const a = el("a", "back", "← Back to results");
    a.href = lastSearchHash;
    return a;
  }

  function renderArticle(view, a) {
    const h1 = el("h1", "article-title");
    h1.tabIndex = -1;
    const used = highlight(h1, a.title || "(untitled)", spansFor(a.evidence, "title"));

    const meta = el("p", "meta");
    meta.append(el("span", "source", a.source), el("span", "sep", " · "), el("time", "date", formatDate(a.published)));
    if (a.author) meta.append(el("span", "sep", " · "), el("span", "author", a.author));
    const url = safeURL(a.url);
    if (url) {
      const link = el("a", "original", "Read at the source ↗");
      link.href = url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      meta.append(el("span", "sep", " · "), link);
    }
    const chips = el("p", "chips");
    (a.labels || []).forEach((l) => chips.append(labelChip(l), " "));
    if (!a.on_topic) chips.append(el("span", "chip chip-other", "off topic"));

    const text = el("div", "article-text");
    highlight(text, a.text || "", spansFor(a.evidence, "text")).forEach((l) => used.add(l));

    view.replaceChildren(backLink(), h1, meta, chips, legend(used), text, evidenceList(a.evidence),
      entityList(a.entities), duplicateList(a.duplicates));
  }

  function spansFor(evidence, field) {
    return (evidence || []).filter((e) => e.field === field);
  }

  // highlight fills node with text, wrapping each evidence span (byte
  // offsets into the UTF-8 text) in a <mark> titled with every rule that
  // matched it. Overlapping spans are split; a piece covered by several
  // takes the colour of the innermost label span (a label before on-topic),
  // and its title lists each label once with its rules, that label first.
  // It returns the labels it coloured, for the legend.
  function highlight(node, text, spans) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const ok = spans.filter((s) => s.start >= 0 && s.end <= bytes.length && s.start < s.end);
    const cuts = new Set([0, bytes.length]);
    ok.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = [...cuts].sort((x, y) => x - y);
    const parts = [];
    const used = new Set();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const seg = dec.decode(bytes.subarray(a, b));
      const cover = ok.filter((s) => s.start <= a && s.end >= b);
      if (cover.length === 0) {
        parts.push(document.createTextNode(seg));
        continue;
      }
      const top = [...cover].sort(byPrecedence)[0];
      const cls = markClass(top.label);
      used.add(cls);
      const m = el("mark", "ev ev-" + cls, seg);
      const byLabel = new Map([[top.label, []]]);
      cover.forEach((s) => {
        if (!byLabel.has(s.label)) byLabel.set(s.label, []);
        if (!byLabel.get(s.label).includes(s.rule)) byLabel.get(s.label).push(s.rule);
      });
      m.title = [...byLabel].map(([l, rules]) => labelName(l) + ": " + (rules.length > 1 ? "rules " : "rule ") + rules.join(", ")).join("\n");
      m.dataset.label = top.label;
      m.dataset.rule = cover.map((s) => s.rule).join(" ");
      parts.push(m);
    }
    node.replaceChildren(...parts);
    return used;
  }

  // byPrecedence orders the spans covering one piece of text: label spans
  // before on-topic (and unknown) ones, then the shortest first.
  function byPrecedence(x, y) {
    const rank = (s) => (LABELS.includes(s.label) ? 0 : 1);
    return rank(x) - rank(y) || (x.end - x.start) - (y.end - y.start);
  }

  function markClass(label) {
    return LABELS.includes(label) ? label : "other";
  }

  function labelName(label) {
    return label === "on_topic" ? "on topic" : label;
  }

  // legend names the colours used in this article's highlights, and only
  // those.
  function legend(used) {
    const p = el("p", "legend");
    if (used.size === 0) {
      p.append(el("span", "legend-title", "No words are highlighted: no rule matched this article's text."));
      return p;
    }
    p.append(el("span", "legend-title", "Highlighted words made a decision: "));
    LABELS.filter((l) => used.has(l)).forEach((l) => p.append(el("mark", "ev ev-" + l, l), " "));
    if (used.has("other")) p.append(el("mark", "ev ev-other", "on topic"));
    return p;
  }

  function evidenceList(evidence) {
    const box = el("details", "evidence");
    box.append(el("summary", null, "Why these labels (" + (evidence || []).length + " matches)"));
    const table = el("table");
    const head = el("tr");
    ["Label", "Rule", "Field", "Words"].forEach((h) => head.append(el("th", null, h)));
    table.append(head);
    (evidence || []).forEach((e) => {
      const tr = el("tr");
      tr.append(el("td", null, e.label), el("td", "rule", e.rule), el("td", null, e.field), el("td", null, e.text));
      table.append(tr);
    });
    box.append(table);
    return box;
  }

  function entityList(entities) {
    const byType = new Map();
    (entities || []).forEach((e) => {
      if (!["agency", "vendor", "programme"].includes(e.type)) return;
      if (!byType.has(e.type)) byType.set(e.type, new Set());
      byType.get(e.type).add(e.value);
    });
    const dl = el("dl", "entities");
    for (const [type, vals] of byType) {
      const dd = el("dd");
      [...vals].forEach((v, i) => { // each links to its entity page (chart.js)
        const a = el("a", null, v);
        a.href = "#/entity/" + encodeURIComponent(type) + "/" + encodeURIComponent(v);
        dd.append(i > 0 ? ", " : "", a);
      });
      dl.append(el("dt", null, type), dd);
    }
    return dl;
  }

  function duplicateList(dups) {
    const sec = el("section", "duplicates");
    sec.append(el("h2", null, "Also reported by"));
    if (!dups || dups.length === 0) {
      sec.append(el("p", "empty", "No copies from other outlets."));
      return sec;
    }
    const ul = el("ul");
    dups.forEach((d) => {
      const li = el("li");
      const a = el("a", null, d.title || "(untitled)");
      a.href = "#/article/" + encodeURIComponent(d.id);
      li.append(el("span", "source", d.source), ": ", a, " ", el("time", "date", formatDate(d.published)));
      ul.append(li);
    });
    sec.append(ul);
    return sec;
  }

  // --- start ------------------------------------------------------------------

  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const cur = location.hash.startsWith("#/search?")
      ? new URLSearchParams(location.hash.slice("#/search?".length)) : new URLSearchParams();
    cur.delete("page");
    cur.delete("after");
    const q = els.q.value.trim();
    if (q) cur.set("q", q);
    else cur.delete("q");
    go(cur);
  });
  // A sort the user picks sticks; otherwise a query sorts by relevance and
  // no query by date.
  els.sort.addEventListener("change", () => {
    const cur = location.hash.startsWith("#/search?")
      ? new URLSearchParams(location.hash.slice("#/search?".length)) : new URLSearchParams();
    cur.delete("page");
    cur.delete("after");
    cur.set("sort", els.sort.value);
    go(cur);
  });
  window.addEventListener("hashchange", route);

  getJSON("/v1/digests").then((d) => {
    if (d && d.digests && d.digests.length) els.digest.hidden = false;
  }).catch(() => {});
  route();
})();
