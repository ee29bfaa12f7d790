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
    results: $("results"), facets: $("facets"), pager: $("pager"),
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

  // apiParams turns the page's parameters into /v1/search parameters: the
  // month facet becomes a since/until range.
  function apiParams(params) {
    const out = new URLSearchParams();
    for (const [k, v] of params) {
      if (k === "month") {
        const [y, mo] = v.split("-").map(Number);
        if (!y || !mo) continue;
        const next = new Date(Date.UTC(y, mo, 1)); // months are 0-based: this is the next month
        out.set("since", v + "-01");
        out.set("until", next.toISOString().slice(0, 10)); // until is exclusive
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
      els.pager.replaceChildren();
      return;
    }
    renderStatus(res, params);
    renderHits(res.hits);
    renderFacets(res.facets, params);
    renderPager(res, params);
  }

  function renderStatus(res, params) {
    const n = res.total;
    const q = params.get("q");
    let text = n === 1 ? "1 story" : n.toLocaleString("en-GB") + " stories";
    if (q) text += " for “" + q + "”";
    text += " (" + Math.round(res.took_ms) + " ms)";
    els.status.textContent = text;
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
      const values = counts.map((c) => [c.value, c.count]);
      active.forEach((v) => {
        if (!values.some(([x]) => x === v)) values.push([v, 0]);
      });
      const box = el("details", "facet");
      box.open = values.length > 0 && (active.length > 0 || key === "labels" || window.innerWidth > 700);
      box.append(el("summary", null, heading));
      const ul = el("ul");
      values.forEach(([value, count]) => {
        const on = active.includes(value);
        const b = el("button", "facet-value" + (on ? " on" : ""));
        b.type = "button";
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.dataset.param = param;
        b.dataset.value = value;
        if (param === "label") b.append(labelChip(value));
        else b.append(el("span", "facet-name", value));
        b.append(el("span", "count", count));
        b.addEventListener("click", () => toggleFilter(params, param, value));
        const li = el("li");
        li.append(b);
        ul.append(li);
      });
      if (values.length === 0) ul.append(el("li", "empty", "none"));
      box.append(ul);
      return box;
    });
    els.facets.replaceChildren(el("h2", "facets-title", "Filters"), ...groups);
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

  function renderPager(res, params) {
    const page = Number(params.get("page") || "1");
    const pages = Math.max(1, Math.ceil(res.total / PAGE_SIZE));
    const parts = [];
    if (page > 1) {
      const prev = new URLSearchParams(params);
      prev.set("page", String(page - 1));
      const a = el("a", "prev", "← Previous");
      a.href = "#/search?" + prev.toString();
      parts.push(a);
    }
    parts.push(el("span", "page-of", "Page " + page + " of " + pages.toLocaleString("en-GB")));
    if (page < pages && (page + 1) * PAGE_SIZE <= MAX_OFFSET) {
      const next = new URLSearchParams(params);
      next.set("page", String(page + 1));
      const a = el("a", "next", "Next →");
      a.href = "#/search?" + next.toString();
      parts.push(a);
    }
    els.pager.replaceChildren(...parts);
  }

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
    highlight(h1, a.title || "(untitled)", spansFor(a.evidence, "title"));

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
    highlight(text, a.text || "", spansFor(a.evidence, "text"));

    view.replaceChildren(backLink(), h1, meta, chips, legend(), text, evidenceList(a.evidence),
      entityList(a.entities), duplicateList(a.duplicates));
  }

  function spansFor(evidence, field) {
    return (evidence || []).filter((e) => e.field === field);
  }

  // highlight fills node with text, wrapping each evidence span (byte
  // offsets into the UTF-8 text) in a <mark> coloured by label and titled
  // with the rules that matched it. Overlapping spans are split.
  function highlight(node, text, spans) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const ok = spans.filter((s) => s.start >= 0 && s.end <= bytes.length && s.start < s.end);
    const cuts = new Set([0, bytes.length]);
    ok.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = [...cuts].sort((x, y) => x - y);
    const parts = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const seg = dec.decode(bytes.subarray(a, b));
      const cover = ok.filter((s) => s.start <= a && s.end >= b);
      if (cover.length === 0) {
        parts.push(document.createTextNode(seg));
        continue;
      }
      const label = LABELS.includes(cover[0].label) ? cover[0].label : "other";
      const m = el("mark", "ev ev-" + label, seg);
      m.title = cover.map((s) => s.label + " — rule " + s.rule).join("\n");
      m.dataset.label = cover[0].label;
      m.dataset.rule = cover.map((s) => s.rule).join(" ");
      parts.push(m);
    }
    node.replaceChildren(...parts);
  }

  function legend() {
    const p = el("p", "legend");
    p.append(el("span", "legend-title", "Highlighted words made a label: "));
    LABELS.forEach((l) => p.append(el("mark", "ev ev-" + l, l), " "));
    p.append(el("mark", "ev ev-other", "on topic"));
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
      dl.append(el("dt", null, type), el("dd", null, [...vals].join(", ")));
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
