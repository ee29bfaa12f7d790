// govwire label review: the review form on the article view and the review
// queue page (#/review?...). Plain JavaScript, no build step.
//
// The reviewer token is asked for once and kept in sessionStorage only (the
// tab's session): never in localStorage, a cookie or the address. It is
// sent as "Authorization: Bearer" with PUT /v1/articles/{id}/review. The
// form's inputs have no name, so even a form submitted without this script
// would put nothing in the address.
//
// Safety rule (as in app.js): everything from the server is inserted with
// textContent or as attribute values of elements built here.
"use strict";

(function () {
  const LABELS = ["award", "protest", "allegation", "bid"];
  const TOKEN_KEY = "govwire.reviewToken";
  const PAGE_SIZE = 20;
  // Queue filters kept in the address: [parameter, label, input type].
  const FILTERS = [
    ["q", "Words", "search"],
    ["label", "Label", "label"],
    ["source", "Source", "text"],
    ["vendor", "Vendor", "text"],
    ["agency", "Agency", "text"],
    ["programme", "Programme", "text"],
    ["since", "Published from", "date"],
    ["until", "Published up to", "date"],
  ];

  const $ = (id) => document.getElementById(id);
  let latest = 0; // number of the most recent queue request

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function chip(label) {
    return el("span", "chip chip-" + (LABELS.includes(label) ? label : "other"), label);
  }

  function formatDate(iso) {
    if (!iso || iso.startsWith("0001-")) return "date unknown";
    const d = new Date(iso);
    if (isNaN(d)) return "date unknown";
    return d.toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  }

  // --- the token: sessionStorage only ----------------------------------------

  const token = {
    get() {
      try {
        return sessionStorage.getItem(TOKEN_KEY) || "";
      } catch (_) {
        return memoryToken;
      }
    },
    set(v) {
      try {
        if (v) sessionStorage.setItem(TOKEN_KEY, v);
        else sessionStorage.removeItem(TOKEN_KEY);
      } catch (_) {
        memoryToken = v;
      }
    },
  };
  let memoryToken = "";

  // saveReview sends a decision; it resolves to the stored review or
  // rejects with an Error whose status is the HTTP status.
  async function saveReview(id, decision) {
    const r = await fetch("/v1/articles/" + encodeURIComponent(id) + "/review", {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token.get() },
      body: JSON.stringify(decision),
      credentials: "omit",
      cache: "no-store",
    });
    let body = null;
    try {
      body = await r.json();
    } catch (_) {
      /* not JSON */
    }
    if (!r.ok) {
      const err = new Error(body && body.error ? body.error.message : "saving failed (" + r.status + ")");
      err.status = r.status;
      throw err;
    }
    return body;
  }

  // --- the review form on the article view -------------------------------------

  let formSeq = 0; // ids of the form's controls stay unique across renders

  // reviewForm builds the form for article a (GET /v1/articles/{id}).
  function reviewForm(a) {
    const n = ++formSeq;
    const id = (name) => "rv" + n + "-" + name;
    const sec = el("section", "review-box");
    sec.setAttribute("aria-labelledby", id("title"));
    const h2 = el("h2", null, "Review");
    h2.id = id("title");
    sec.append(h2, currentDecision(a));

    const form = el("form", "review-form");
    form.noValidate = true;
    form.setAttribute("aria-describedby", id("help"));
    const help = el("p", "review-help", "Confirm the labels shown, or change them and save. A review wins over the rules everywhere: search, digests and exports.");
    help.id = id("help");

    const decision = el("fieldset", "review-decision");
    decision.append(el("legend", null, "Decision"));
    const onTopic = checkbox(id("on-topic"), "On topic (about a government cloud contract)", a.on_topic);
    onTopic.input.classList.add("review-on-topic");
    decision.append(onTopic.row);
    const labelSet = el("fieldset", "review-labels");
    labelSet.append(el("legend", null, "Labels"));
    const boxes = LABELS.map((l) => {
      const c = checkbox(id("label-" + l), l, (a.labels || []).includes(l));
      c.input.dataset.label = l;
      c.input.classList.add("review-label");
      labelSet.append(c.row);
      return c.input;
    });
    decision.append(labelSet);
    const syncLabels = () => {
      boxes.forEach((b) => {
        b.disabled = !onTopic.input.checked;
      });
      labelSet.classList.toggle("off", !onTopic.input.checked);
    };
    onTopic.input.addEventListener("change", syncLabels);
    syncLabels();

    const noteRow = el("div", "review-row");
    const noteLabel = el("label", null, "Note (optional)");
    noteLabel.htmlFor = id("note");
    const note = el("textarea", "review-note");
    note.id = id("note");
    note.rows = 2;
    note.maxLength = 2000;
    noteRow.append(noteLabel, note);

    const tokenRow = el("div", "review-row review-token");
    const tokenLabel = el("label", null, "Reviewer token");
    tokenLabel.htmlFor = id("token");
    const tokenInput = el("input");
    tokenInput.id = id("token");
    tokenInput.type = "password";
    tokenInput.autocomplete = "off";
    tokenInput.spellcheck = false;
    tokenInput.className = "review-token-input";
    tokenInput.setAttribute("aria-describedby", id("token-help"));
    const tokenHelp = el("p", "review-help", "Asked once; kept for this browser tab only.");
    tokenHelp.id = id("token-help");
    tokenRow.append(tokenLabel, tokenInput, tokenHelp);

    const actions = el("div", "review-actions");
    const save = el("button", "review-save", "Save review");
    save.type = "submit";
    const confirm = el("button", "review-confirm", "Confirm as shown");
    confirm.type = "button";
    const forget = el("button", "review-forget", "Forget token");
    forget.type = "button";
    const next = el("a", "review-next", "Review queue →");
    next.href = "#/review";
    actions.append(save, confirm, forget, next);

    const status = el("p", "review-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    const showToken = () => {
      const has = token.get() !== "";
      tokenRow.hidden = has;
      forget.hidden = !has;
    };
    showToken();

    form.append(help, decision, noteRow, tokenRow, actions, status);
    sec.append(form);

    const submit = async (dec) => {
      if (!token.get()) {
        const t = tokenInput.value.trim();
        if (!t) {
          status.className = "review-status error";
          status.textContent = "Enter your reviewer token to save.";
          tokenInput.focus();
          return;
        }
        token.set(t);
        tokenInput.value = "";
      }
      showToken();
      status.className = "review-status";
      status.textContent = "Saving…";
      save.disabled = confirm.disabled = true;
      try {
        const stored = await saveReview(a.id, dec);
        a.review = stored;
        a.on_topic = stored.on_topic;
        a.labels = stored.labels || [];
        a.label_source = "review";
        sec.querySelector(".review-current").replaceWith(currentDecision(a));
        updateChips(a);
        status.textContent = "Saved: " + describe(stored) + ".";
        sec.dataset.saved = String(Date.now());
      } catch (err) {
        status.className = "review-status error";
        if (err.status === 401) {
          token.set("");
          showToken();
          status.textContent = "The token was not accepted (" + err.message + "). Enter it again.";
          tokenInput.focus();
        } else {
          status.textContent = "Not saved: " + err.message;
        }
      } finally {
        save.disabled = confirm.disabled = false;
      }
    };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const on = onTopic.input.checked;
      submit({ on_topic: on, labels: on ? boxes.filter((b) => b.checked).map((b) => b.dataset.label) : [], note: note.value.trim() });
    });
    confirm.addEventListener("click", () => {
      submit({ on_topic: !!a.on_topic, labels: a.on_topic ? a.labels || [] : [], note: note.value.trim() });
    });
    forget.addEventListener("click", () => {
      token.set("");
      showToken();
      status.className = "review-status";
      status.textContent = "Token forgotten.";
      tokenInput.focus();
    });
    return sec;
  }

  // checkbox returns a labelled checkbox row.
  function checkbox(id, text, checked) {
    const row = el("div", "review-check");
    const input = el("input");
    input.type = "checkbox";
    input.id = id;
    input.checked = !!checked;
    const label = el("label", null, text);
    label.htmlFor = id;
    row.append(input, label);
    return { row, input };
  }

  // describe says a decision in words.
  function describe(r) {
    if (!r.on_topic) return "off topic";
    const ls = r.labels || [];
    return "on topic, " + (ls.length ? ls.join(", ") : "no label");
  }

  // currentDecision says what is shown now and where it comes from.
  function currentDecision(a) {
    const p = el("p", "review-current");
    if (a.review) {
      p.append("Reviewed by " + (a.review.reviewer || "someone") + " on " + formatDate(a.review.at) + ": " + describe(a.review) + ".");
      if (a.review.note) p.append(" Note: “" + a.review.note + "”");
      if (a.rules) p.append(" The rules say: " + describe(a.rules) + ".");
    } else {
      p.append("Not reviewed yet. The rules say: " + describe(a) + ".");
    }
    return p;
  }

  // updateChips shows the saved decision in the article's label chips.
  function updateChips(a) {
    const chips = document.querySelector("#article-view .chips");
    if (!chips) return;
    chips.replaceChildren();
    (a.labels || []).forEach((l) => chips.append(chip(l), " "));
    if (!a.on_topic) chips.append(el("span", "chip chip-other", "off topic"));
    chips.append(el("span", "label-source", "reviewed"));
  }

  // app.js announces each article it shows.
  document.addEventListener("govwire:article", (ev) => {
    const view = $("article-view");
    const a = ev.detail;
    // A server without reviews (no label_source in its answer) gets no form.
    if (!view || !a || !a.id || !("label_source" in a)) return;
    if (a.label_source === "review") {
      const chips = view.querySelector(".chips");
      if (chips) chips.append(el("span", "label-source", "reviewed"));
    }
    const box = reviewForm(a);
    const after = view.querySelector(".evidence"); // read the text and the evidence, then decide
    if (after) after.after(box);
    else view.append(box);
  });

  // --- the review queue page (#/review?...) ------------------------------------

  function queueParams() {
    const h = location.hash;
    return new URLSearchParams(h.startsWith("#/review?") ? h.slice("#/review?".length) : "");
  }

  function isQueue() {
    return location.hash === "#/review" || location.hash.startsWith("#/review?");
  }

  function route() {
    const view = $("review-view");
    if (!view) return;
    if (!isQueue()) {
      view.hidden = true;
      return;
    }
    $("search-view").hidden = true;
    $("article-view").hidden = true;
    const ent = $("entity-view");
    if (ent) ent.hidden = true;
    const arriving = view.hidden;
    view.hidden = false;
    showQueue(view, queueParams(), arriving);
  }

  // showQueue shows one page of the queue; arriving moves the focus to the
  // heading, as opening an article does.
  async function showQueue(view, params, arriving) {
    if (!view.querySelector(".queue-form")) {
      const h1 = el("h1", "page-title", "Review queue");
      h1.tabIndex = -1;
      const intro = el("p", "queue-intro", "Stories no one has reviewed yet, those a review would teach most first: rule conflicts, scores near a threshold, one rule alone, copies that disagree.");
      const status = el("p", "status queue-status");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      view.replaceChildren(h1, intro, filterForm(), status, el("ol", "queue-items"), el("nav", "pager queue-pager"));
      view.querySelector(".queue-pager").setAttribute("aria-label", "Queue pages");
    }
    fillForm(view.querySelector(".queue-form"), params);
    const status = view.querySelector(".queue-status");
    status.className = "status queue-status";
    status.textContent = "Loading…";
    view.dataset.loaded = "";
    const mine = ++latest;
    const api = new URLSearchParams();
    for (const [k, v] of params) {
      if (FILTERS.some((f) => f[0] === k) || k === "page") api.append(k, v);
    }
    api.set("size", String(PAGE_SIZE));
    let res;
    try {
      const r = await fetch("/v1/review-queue?" + api.toString(), { headers: { Accept: "application/json" } });
      const body = await r.json().catch(() => null);
      if (!r.ok) throw new Error(body && body.error ? body.error.message : "request failed (" + r.status + ")");
      res = body;
      if (mine !== latest) return;
    } catch (err) {
      if (mine !== latest) return;
      status.className = "status queue-status error";
      status.textContent = err.message;
      view.querySelector(".queue-items").replaceChildren();
      view.querySelector(".queue-pager").replaceChildren();
      view.dataset.loaded = location.hash;
      return;
    }
    const left = res.total;
    status.textContent = (left === 1 ? "1 story" : left.toLocaleString("en-GB") + " stories") + " left to review" +
      (left ? " (" + res.flagged.toLocaleString("en-GB") + " with a reason to look)" : "") + ".";
    status.dataset.left = String(left);
    view.querySelector(".queue-items").replaceChildren(...res.items.map(queueItem));
    renderPager(view.querySelector(".queue-pager"), params, res.total);
    view.dataset.loaded = location.hash;
    if (arriving) view.querySelector("h1").focus();
  }

  function queueItem(it) {
    const li = el("li", "queue-item");
    li.dataset.id = it.id;
    const h2 = el("h2", "hit-title");
    const a = el("a", null, it.title || "(untitled)");
    a.href = "#/article/" + encodeURIComponent(it.id);
    h2.append(a);
    const meta = el("p", "meta");
    meta.append(el("span", "source", it.source), el("span", "sep", " · "), el("time", "date", formatDate(it.published)), " · rules: ");
    if (!it.on_topic) meta.append(el("span", "chip chip-other", "off topic"));
    else if (!(it.labels || []).length) meta.append(el("span", "chip chip-other", "no label"));
    (it.labels || []).forEach((l) => meta.append(chip(l), " "));
    const reasons = el("ul", "queue-reasons");
    if (!(it.reasons || []).length) reasons.append(el("li", null, "Nothing stands out: a spot check of the rules."));
    (it.reasons || []).forEach((r) => reasons.append(el("li", "reason reason-" + r.code, r.detail)));
    li.append(h2, meta, reasons);
    return li;
  }

  function filterForm() {
    const form = el("form", "queue-form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the queue");
    FILTERS.forEach(([param, text, type]) => {
      const row = el("div", "queue-field");
      const label = el("label", null, text);
      label.htmlFor = "queue-" + param;
      let input;
      if (type === "label") {
        input = el("select");
        input.append(new Option("any label", ""));
        LABELS.forEach((l) => input.append(new Option(l, l)));
      } else {
        input = el("input");
        input.type = type;
        input.autocomplete = "off";
      }
      input.id = "queue-" + param;
      input.dataset.param = param;
      row.append(label, input);
      form.append(row);
    });
    const button = el("button", "queue-apply", "Show");
    button.type = "submit";
    form.append(button);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const next = new URLSearchParams();
      form.querySelectorAll("[data-param]").forEach((i) => {
        const v = i.value.trim();
        if (v) next.set(i.dataset.param, v);
      });
      const hash = "#/review" + (next.toString() ? "?" + next.toString() : "");
      if (location.hash === hash) route();
      else location.hash = hash;
    });
    return form;
  }

  function fillForm(form, params) {
    form.querySelectorAll("[data-param]").forEach((i) => {
      i.value = params.get(i.dataset.param) || "";
    });
  }

  function renderPager(nav, params, total) {
    const page = Math.max(1, Number(params.get("page")) || 1);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const parts = [];
    const link = (p, text, cls) => {
      const next = new URLSearchParams(params);
      if (p > 1) next.set("page", String(p));
      else next.delete("page");
      const a = el("a", cls, text);
      a.href = "#/review" + (next.toString() ? "?" + next.toString() : "");
      return a;
    };
    if (page > 1) parts.push(link(page - 1, "← Previous", "prev"));
    if (total > 0) parts.push(el("span", "page-of", "Page " + page + " of " + pages));
    if (page < pages && page * PAGE_SIZE < 10000) parts.push(link(page + 1, "Next →", "next"));
    nav.replaceChildren(...parts);
  }

  window.addEventListener("hashchange", route);
  route();
})();
