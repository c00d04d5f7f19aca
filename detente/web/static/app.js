/* detente dashboard: a hash router and one render function per page, over the JSON API. */
"use strict";
const Util = {
  esc: (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]),
  /* an article's own URL as a link only when it is http(s): a javascript: or data: URL stays text */
  webLink: (url, label) => /^https?:\/\/[^\s]+$/i.test(String(url ?? "").trim())
    ? `<a href="${Util.esc(String(url).trim())}" target="_blank" rel="noopener noreferrer">${label}</a>` : "",
  /* escape text, then turn the search index's \x02…\x03 markers into <mark> */
  marked: (s) => Util.esc(s).replace(/\x02/g, "<mark>").replace(/\x03/g, "</mark>"),
  /* text with spans [{start, end, role}] wrapped: trigger > source > target when they overlap */
  highlight(text, spans, focusKey) {
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(Math.max(0, s.start)); cuts.add(Math.min(text.length, s.end)); }
    const pts = [...cuts].sort((a, b) => a - b);
    let out = "";
    for (let i = 0; i < pts.length - 1; i++) {
      const a = pts[i], b = pts[i + 1];
      const cover = spans.filter((s) => s.start <= a && s.end >= b);
      const piece = Util.esc(text.slice(a, b));
      const role = ["trigger", "source", "target"].find((r) => cover.some((s) => s.role === r));
      if (!role) { out += piece; continue; }
      const cls = { trigger: "s-trg", source: "s-src", target: "s-tgt" }[role];
      const keys = [...new Set(cover.map((s) => s.key).filter(Boolean))];
      const focus = focusKey && keys.includes(focusKey) ? " focus" : "";
      out += `<span class="${cls}${focus}"${keys.length ? ` data-key="${keys[0]}"` : ""}>${piece}</span>`;
    }
    return out;
  },
  num: (v, d = 1) => (v === null || v === undefined ? "–" : (v > 0 ? "+" : "") + Number(v).toFixed(d)),
};

const App = (() => {
  const view = document.getElementById("view");
  const tip = document.getElementById("tip");
  let meta = null, dyadsCache = null;
  const MODALITIES = ["asserted", "historical", "negated", "hypothetical", "future", "question", "claimed"];

  async function api(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({ error: { message: `HTTP ${r.status}` } }));
    if (!r.ok) throw new Error(body.error ? body.error.message : `HTTP ${r.status}`);
    return body;
  }
  /* every page of a list endpoint (the API caps one page; nothing here is cut silently) */
  async function apiAll(path, key, page = 1000) {
    const sep = path.includes("?") ? "&" : "?";
    const first = await api(`${path}${sep}limit=${page}&offset=0`);
    const rows = first[key].slice();
    while (rows.length < first.total) {
      const next = await api(`${path}${sep}limit=${page}&offset=${rows.length}`);
      if (!next[key].length) break;
      rows.push(...next[key]);
    }
    return { ...first, [key]: rows, limit: rows.length };
  }
  /* CSV of every matching row, fetched page by page and saved as one file */
  async function downloadCsv(params, filename) {
    let text = "", offset = 0, total = Infinity;
    while (offset < total) {
      const r = await fetch(`/api/events?${qs({ ...params, format: "csv", limit: 5000, offset })}`);
      if (!r.ok) { toast(`CSV failed: HTTP ${r.status}`); return; }
      total = Number(r.headers.get("X-Total-Count") || 0);
      const body = await r.text();
      const lines = body.split(/\r?\n/);
      text += (offset === 0 ? body : lines.slice(1).join("\n"));
      const got = Math.max(0, lines.filter((l) => l).length - 1);
      if (!got) break;
      offset += got;
    }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    a.download = filename; document.body.appendChild(a); a.click(); a.remove();
    toast(`saved ${total} events as ${filename}`);
  }
  function toast(msg) {
    const t = document.getElementById("toast");
    t.textContent = msg; t.classList.add("show");
    clearTimeout(toast.timer); toast.timer = setTimeout(() => t.classList.remove("show"), 4000);
  }
  const name = (code) => (meta && meta.names[code]) || code;
  const pairName = (a, b) => `${name(a)} – ${name(b)}`;
  const qs = (params) => new URLSearchParams(Object.entries(params).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x) => [k, x]) : v === undefined || v === null || v === "" ? [] : [[k, v]])).toString();
  const sideOf = (e) => `<span class="actors">${(e.source_codes || []).join("+") || "?"}<span class="arrow">→</span>` +
    `${(e.target_codes || []).join("+") || "–"}</span>`;
  const badge = (e) => `<span class="badge ${Charts.sign(e.score)}">${Util.esc(e.event)}</span>`;
  const pill = (m) => `<span class="pill ${Util.esc(m)}">${Util.esc(m)}</span>`;
  const short = (s, n = 160) => (s && s.length > n ? s.slice(0, n - 1) + "…" : s || "");
  function sentenceWithTrigger(e) {
    const base = e.sentence_start ?? null;
    if (base === null || !e.sentence) return Util.esc(short(e.sentence));
    return Util.highlight(e.sentence, [{ start: e.trigger_start - base, end: e.trigger_end - base, role: "trigger" }]);
  }

  function eventsTable(events, opts = {}) {
    if (!events.length) return `<div class="empty"><b>No events match</b>Try fewer filters.</div>`;
    const rows = events.map((e) => `<tr class="row" data-key="${e.key}">
        <td class="date">${Util.esc(e.date || "undated")}</td><td>${badge(e)}<div class="faint mono">${Util.esc(e.cameo || "")}</div></td>
        <td>${sideOf(e)}</td><td>${pill(e.modality)}</td>
        <td class="num"><span class="score ${Charts.sign(e.score)}">${Util.num(e.score)}</span></td>
        <td class="sent">${Util.esc(short(e.sentence, 190))}${opts.outlet && e.outlet ? `<div class="faint">${Util.esc(e.outlet)}</div>` : ""}</td></tr>`);
    return `<table class="t events"><thead><tr><th>Date</th><th>Event</th><th>Actors</th><th>Modality</th>
      <th class="num">Score</th><th>Evidence</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  }
  function bindRows(root) {
    root.querySelectorAll("tr.row[data-key]").forEach((tr) => tr.addEventListener("click", () => openEvidence(tr.dataset.key)));
  }

  /* ---------- evidence drawer ---------- */
  async function openEvidence(key) {
    const body = document.getElementById("drawer-body");
    body.innerHTML = `<div class="loading">Loading evidence…</div>`;
    document.getElementById("drawer").classList.add("open");
    document.getElementById("scrim").classList.add("open");
    document.querySelectorAll("tr.sel").forEach((r) => r.classList.remove("sel"));
    document.querySelectorAll(`tr[data-key="${key}"]`).forEach((r) => r.classList.add("sel"));
    let d;
    try { d = await api(`/api/events/${key}`); } catch (err) { body.innerHTML = `<div class="empty">${Util.esc(err.message)}</div>`; return; }
    const e = d.event, a = d.article;
    const actorRows = d.actors.map((x) => `<div><span class="${x.role === "source" ? "s-src" : "s-tgt"}">${Util.esc(x.text || x.code)}</span>
      <span class="muted"> ${x.role} · ${Util.esc(name(x.code) || "?")}${x.sector ? " · " + Util.esc(x.sector) : ""}</span></div>`).join("");
    body.innerHTML = `<div class="ev-type">${badge(e)} ${pill(e.modality)} <span class="mono faint">CAMEO ${Util.esc(e.cameo || "–")}</span></div>
      <div class="ev-title">${Util.esc(pairName((e.source_codes || [])[0] || "?", (e.target_codes || [])[0] || "–"))}</div>
      <blockquote class="quote" id="evidence-sentence">${Util.highlight(e.sentence, d.spans)}</blockquote>
      <div class="spans-key"><span class="s-src">source</span><span class="s-trg">trigger</span><span class="s-tgt">target</span></div>
      <dl class="kv">
        <dt>Event</dt><dd><b>${Util.esc(e.event)}</b>${e.mode ? ` · ${Util.esc(e.mode)}` : ""}</dd>
        <dt>Intensity</dt><dd><span class="score ${Charts.sign(e.score)}">${Util.num(e.score)}</span> on −10…+10
          <div class="meter"><i style="left:${(e.score + 10) * 5}%"></i></div></dd>
        <dt>Actors</dt><dd>${actorRows || "–"}</dd>
        <dt>Date</dt><dd>${Util.esc(e.date || "undated")} <span class="muted">${Util.esc(e.date_precision || "")}${e.date_origin ? ", from the " + Util.esc(e.date_origin) : ""}</span></dd>
        ${e.place_name ? `<dt>Place</dt><dd>${Util.esc(e.place_name)} <span class="muted">${Util.esc(e.place_country || "")}</span></dd>` : ""}
        <dt>Article</dt><dd><a href="#/article/${a.id}?event=${e.key}" id="evidence-article">${Util.esc(a.title || a.id)}</a>
          <div class="muted">${Util.esc(a.outlet || "")} · ${Util.esc(a.published || "")}</div>
          ${Util.webLink(a.url, "original ↗")}</dd>
        <dt>Coder</dt><dd class="mono">${Util.esc(e.coder)} · confidence ${e.confidence}</dd>
      </dl>`;
  }
  function closeDrawer() {
    document.getElementById("drawer").classList.remove("open");
    document.getElementById("scrim").classList.remove("open");
  }

  /* ---------- relations: dyad picker, timeline, events ---------- */
  async function dyadPage(pair) {
    dyadsCache = dyadsCache || (await api("/api/dyads?limit=5000")).dyads;
    if (!dyadsCache.length) { view.innerHTML = emptyStore(); return; }
    const [a, b] = pair ? pair.split("-") : [dyadsCache[0].a, dyadsCache[0].b];
    view.innerHTML = `<div class="dyad-layout">
      <aside class="card picker"><h3>Dyads</h3><input id="dyad-filter" placeholder="Filter by code…" aria-label="Filter dyads">
        <ul id="dyad-list"></ul></aside>
      <section id="dyad-main"><div class="loading">Loading…</div></section></div>`;
    const list = document.getElementById("dyad-list");
    const draw = (f) => {
      list.innerHTML = dyadsCache.filter((d) => !f || (d.a + d.b + name(d.a) + name(d.b)).toLowerCase().includes(f))
        .map((d) => `<li><button data-dyad="${d.a}-${d.b}" class="${d.a === a && d.b === b ? "active" : ""}"
          title="${Util.esc(pairName(d.a, d.b))}"><span class="pair">${d.a} – ${d.b}</span><span class="n">${d.events}</span>
          <span class="split"><i class="c" style="width:${(100 * d.cooperative) / d.events}%"></i><i class="k" style="width:${(100 * d.conflictual) / d.events}%"></i></span>
          </button></li>`).join("");
      list.querySelectorAll("button").forEach((btn) => btn.addEventListener("click", () => { location.hash = `#/dyad/${btn.dataset.dyad}`; }));
    };
    draw("");
    document.getElementById("dyad-filter").addEventListener("input", (ev) => draw(ev.target.value.toLowerCase()));
    await dyadMain(a, b, new Set());
  }

  async function dyadMain(a, b, mods) {
    const main = document.getElementById("dyad-main");
    const d = dyadsCache.find((x) => x.a === a && x.b === b) || { events: 0, cooperative: 0, conflictual: 0 };
    const [evs, series] = await Promise.all([
      apiAll(`/api/events?${qs({ dyad: `${a},${b}` })}`, "events"),
      meta.features.dyad_series ? api(`/api/dyads/${a}/${b}/series`).catch((err) => { toast(err.message); return null; }) : null,
    ]);
    main.innerHTML = `<div class="dyad-head"><div><h1 id="dyad-title">${Util.esc(pairName(a, b))}</h1>
        <div class="sub">${d.first ? `${Util.esc(d.first)} → ${Util.esc(d.last)} · ` : ""}${d.events} events in ${new Set(evs.events.map((e) => e.article_id)).size} articles</div></div>
      <div class="stats"><div class="stat"><b>${d.events}</b><span>events</span></div>
        <div class="stat coop"><b>${d.cooperative}</b><span>cooperative</span></div>
        <div class="stat conf"><b>${d.conflictual}</b><span>conflictual</span></div>
        <div class="stat"><b>${Util.num(d.mean_score)}</b><span>mean intensity</span></div></div></div>
      <div class="card"><div class="card-head"><h2>Relation timeline</h2><div class="legend">
        ${series ? `<span><i class="l-line"></i>relation index (monthly)</span>` : ""}
        <span><i style="background:var(--coop)"></i>cooperation</span><span><i style="background:var(--conf)"></i>conflict</span>
        <span><i class="l-ring"></i>not (yet) happened</span>${series ? `<span><i class="l-alert"></i>alert</span>` : ""}</div></div>
        <div id="timeline"></div>
        <div class="brush-row"><div id="brush"></div><div class="faint" id="brush-note">Drag across the strip to zoom to a date range; click it to show all.</div></div></div>
      <div class="card"><div class="card-head"><h2>Events</h2><div class="filters" id="mod-filter">
        ${MODALITIES.map((m) => `<button class="chip${mods.has(m) ? " on" : ""}" data-mod="${m}">${m}</button>`).join("")}</div></div>
        <div id="dyad-events"></div></div>`;
    let domain = null;
    const inDomain = (e) => !domain || (e.date && Charts.day(e.date) >= domain[0] && Charts.day(e.date) <= domain[1]);
    const shown = () => evs.events.filter((e) => (!mods.size || mods.has(e.modality)) && inDomain(e));
    const iso = (t) => new Date(t).toISOString().slice(0, 10);
    const drawAll = () => {
      const all = evs.events.filter((e) => !mods.size || mods.has(e.modality));
      Charts.timeline(document.getElementById("timeline"), { series: series ? series.series : [], events: all, onEvent: openEvidence, tip, domain });
      Charts.brush(document.getElementById("brush"), { series: series ? series.series : [], events: all, domain,
        onBrush: (d) => { domain = d; drawAll(); } });
      document.getElementById("brush-note").textContent = domain ? `${iso(domain[0])} → ${iso(domain[1])}: ${shown().length} events · click the strip to show all`
        : "Drag across the strip to zoom to a date range; click it to show all.";
      const box = document.getElementById("dyad-events");
      box.innerHTML = eventsTable(shown().slice().reverse(), { outlet: true }) +
        `<div class="pager"><span id="dyad-count">${shown().length} of ${evs.total} events</span></div>`;
      bindRows(box);
    };
    main.querySelectorAll("#mod-filter .chip").forEach((c) => c.addEventListener("click", () => {
      mods.has(c.dataset.mod) ? mods.delete(c.dataset.mod) : mods.add(c.dataset.mod);
      c.classList.toggle("on"); drawAll();
    }));
    drawAll();
  }

  function emptyStore() {
    return `<div class="card empty"><b>The store has no events yet</b>Run <code>detente analyze examples/articles</code>, then reload.</div>`;
  }

  /* ---------- network ---------- */
  async function networkPage(params) {
    if (!meta.features.network) { view.innerHTML = unavailable("The alignment network"); return; }
    view.innerHTML = `<div class="card-head"><h1>Alignment network</h1><form class="filters" id="net-form">
        <label>from <input type="date" name="from" value="${Util.esc(params.get("from") || "")}"></label>
        <label>to <input type="date" name="to" value="${Util.esc(params.get("to") || "")}"></label>
        <label>ties <input type="number" name="top" min="0" size="6" placeholder="500" title="The heaviest ties shown (0: all)" value="${Util.esc(params.get("top") || "")}"></label>
        <button class="btn">Apply</button></form></div>
      <div class="net-layout"><div class="card"><div id="network"></div></div><div class="card" id="net-side"></div></div>`;
    document.getElementById("net-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      location.hash = `#/network?${qs({ from: f.get("from"), to: f.get("to"), top: f.get("top") })}`;
    });
    const net = await api(`/api/network?${qs({ from: params.get("from"), to: params.get("to"), top: params.get("top") })}`);
    Charts.network(document.getElementById("network"), { nodes: net.nodes, edges: net.edges, names: meta.names, tip,
      onEdge: (e) => { location.hash = `#/dyad/${e.a}-${e.b}`; }, onNode: (n) => { location.hash = `#/events?actor=${n.id}`; } });
    const bal = net.balance || {};
    document.getElementById("net-side").innerHTML = `<h2>Ties</h2><p class="muted">${net.ties && net.ties.listed < net.ties.total ? `The ${net.ties.listed} heaviest of ${net.ties.total} ties (set "ties" above for more)` : `${net.edges.length} ties`} between ${net.nodes.length} states from
      ${net.clusters} happenings${bal.triads ? `; ${bal.balanced} of ${bal.triads} triads balanced` : ""}. Click a tie for its timeline.</p>
      <table class="t"><thead><tr><th>Pair</th><th class="num">Mean</th><th class="num">Happenings</th></tr></thead><tbody>
      ${net.edges.map((e) => `<tr class="row" data-dyad="${e.a}-${e.b}"><td class="actors">${e.a} – ${e.b}</td>
        <td class="num"><span class="score ${Charts.sign(e.mean)}">${Util.num(e.mean)}</span></td><td class="num">${e.clusters}</td></tr>`).join("")}
      </tbody></table>`;
    view.querySelectorAll("tr[data-dyad]").forEach((tr) => tr.addEventListener("click", () => { location.hash = `#/dyad/${tr.dataset.dyad}`; }));
  }
  const unavailable = (what) => `<div class="card empty"><b>${what} is not available in this build</b>It comes from <code>detente.relations</code>.</div>`;

  /* ---------- events explorer ---------- */
  /* the filter form the events table and the map share; submitting goes to `#/${target}?…` */
  function filterForm(p, target) {
    return `<form class="filters" id="ev-form">
        <input name="actor" placeholder="Actor, e.g. RUS" size="10" value="${Util.esc(p.actor || "")}">
        <input name="dyad" placeholder="Dyad, e.g. AZE,RUS" size="14" value="${Util.esc(p.dyad || "")}">
        <select name="type"><option value="">any type</option>${meta.event_types.map((t) => `<option${t.event === p.type ? " selected" : ""}>${Util.esc(t.event)}</option>`).join("")}</select>
        <select name="modality"><option value="">any modality</option>${MODALITIES.map((m) => `<option${m === p.modality ? " selected" : ""}>${m}</option>`).join("")}</select>
        <input name="place" placeholder="Place or country code" size="14" value="${Util.esc(p.place || "")}">
        <label>from <input type="date" name="from" value="${Util.esc(p.from || "")}"></label>
        <label>to <input type="date" name="to" value="${Util.esc(p.to || "")}"></label>
        <input name="q" placeholder="Text in evidence" value="${Util.esc(p.q || "")}">
        <button class="btn">Filter</button><a class="btn ghost" href="#/${target}">Reset</a>
        <a class="btn ghost" href="#/${target === "map" ? "events" : "map"}?${qs(p)}" id="switch">${target === "map" ? "As a table" : "On the map"}</a>
        <a class="btn ghost" id="csv" href="#">CSV</a></form>`;
  }
  function bindFilterForm(target, filters) {
    document.getElementById("ev-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      location.hash = `#/${target}?${qs(Object.fromEntries(new FormData(ev.target).entries()))}`;
    });
    document.getElementById("csv").addEventListener("click", (ev) => { ev.preventDefault(); downloadCsv(filters, "events.csv"); });
  }

  async function eventsPage(params) {
    const p = Object.fromEntries(params.entries());
    const limit = 50, offset = Number(p.offset || 0);
    view.innerHTML = `<div class="card-head"><h1>Events</h1><span class="muted" id="ev-total"></span></div>
      <div class="card">${filterForm(p, "events")}</div>
      <div class="card" id="ev-table"><div class="loading">Loading…</div></div>`;
    const filters = { ...p }; delete filters.offset;
    bindFilterForm("events", filters);
    let data;
    try { data = await api(`/api/events?${qs({ ...filters, limit, offset })}`); } catch (err) {
      document.getElementById("ev-table").innerHTML = `<div class="empty"><b>Cannot filter</b>${Util.esc(err.message)}</div>`; return;
    }
    document.getElementById("ev-total").textContent = `${data.total} events`;
    const box = document.getElementById("ev-table");
    const page = (o) => `#/events?${qs({ ...filters, offset: o })}`;
    box.innerHTML = eventsTable(data.events, { outlet: true }) + `<div class="pager"><span>${data.total ? offset + 1 : 0}–${offset + data.events.length} of ${data.total}</span>
      <span>${offset > 0 ? `<a class="btn ghost" href="${page(Math.max(0, offset - limit))}">← Newer</a>` : ""}
      ${offset + limit < data.total ? `<a class="btn ghost" href="${page(offset + limit)}">Older →</a>` : ""}</span></div>`;
    bindRows(box);
  }

  /* ---------- map ---------- */
  let world = null;
  async function mapPage(params) {
    const p = Object.fromEntries(params.entries());
    const filters = { ...p }; delete filters.offset; delete filters.at;
    view.innerHTML = `<div class="card-head"><h1>Map</h1><span class="muted" id="map-total"></span></div>
      <div class="card">${filterForm(p, "map")}</div>
      <div class="map-layout"><div class="card"><div class="card-head"><h2>Events by place</h2><div class="legend">
        <span><i class="q-verbal_coop"></i>verbal cooperation</span><span><i class="q-material_coop"></i>material cooperation</span>
        <span><i class="q-verbal_conflict"></i>verbal conflict</span><span><i class="q-material_conflict"></i>material conflict</span>
        <span><i class="q-statement"></i>statement</span></div></div><div id="map"></div>
        <div class="faint">Country outlines: Natural Earth via world-atlas (ISC). Circle area: events; colour: the quad of the place's most frequent event type.</div></div>
      <div class="card" id="place-events"><h3>Pick a place</h3><p class="muted">Click a circle to list its events with their evidence.</p></div></div>`;
    bindFilterForm("map", filters);
    let data;
    try {
      [data, world] = await Promise.all([api(`/api/events?${qs({ ...filters, format: "places" })}`),
        world ? Promise.resolve(world) : api("/static/world.json")]);
    } catch (err) {
      document.getElementById("map").innerHTML = `<div class="empty"><b>Cannot filter</b>${Util.esc(err.message)}</div>`; return;
    }
    document.getElementById("map-total").textContent = `${data.located} of ${data.total} events have a place · ${data.places.length} places`;
    const showPlace = async (pl) => {
      const box = document.getElementById("place-events");
      box.innerHTML = `<div class="loading">Loading…</div>`;
      const evs = await apiAll(`/api/events?${qs({ ...filters, place: pl.name })}`, "events");
      const here = evs.events.filter((e) => e.place_name === pl.name);
      box.innerHTML = `<div class="card-head"><h3 id="place-title">${Util.esc(pl.name)} <span class="muted">${Util.esc(pl.country || "")}</span></h3>
        <span class="muted">${here.length} events</span></div>` + eventsTable(here.slice().reverse(), { outlet: true });
      bindRows(box);
    };
    Charts.map(document.getElementById("map"), { world, places: data.places, tip, onPlace: showPlace });
    if (p.at) { const pl = data.places.find((x) => x.name === p.at); if (pl) await showPlace(pl); }
  }

  /* ---------- articles ---------- */
  async function articlesPage() {
    const data = await apiAll("/api/articles", "articles");
    view.innerHTML = `<div class="card-head"><h1>Articles</h1><span class="muted">${data.total} articles</span></div>
      <div class="card"><table class="t"><thead><tr><th>Date</th><th>Outlet</th><th>Title</th><th class="num">Events</th><th>Status</th></tr></thead><tbody>
      ${data.articles.slice().reverse().map((a) => `<tr class="row" data-article="${a.id}"><td class="date">${Util.esc(a.published || "–")}</td>
        <td>${Util.esc(a.outlet || "")}</td><td><b>${Util.esc(a.title || a.id)}</b></td><td class="num">${a.events}</td>
        <td>${a.status === "ok" ? "" : pill(a.status)}</td></tr>`).join("")}</tbody></table></div>`;
    view.querySelectorAll("tr[data-article]").forEach((tr) => tr.addEventListener("click", () => { location.hash = `#/article/${tr.dataset.article}`; }));
  }

  async function articlePage(id, params) {
    const d = await api(`/api/articles/${id}`);
    const a = d.article, focus = params.get("event");
    const stance = d.stance.map((s) => {
      const w = Math.abs(s.polarity) * 50, left = s.polarity >= 0 ? 50 : 50 - w;
      return `<div class="stance-row" title="${Util.esc(name(s.actor))}: ${s.polarity} over ${s.mentions} mentions"><b>${Util.esc(s.actor)}</b>
        <div class="stance-bar"><i style="left:${left}%;width:${w}%;background:var(--${s.polarity >= 0 ? "coop" : "conf"})"></i></div>
        <span class="num score ${Charts.sign(s.polarity)}">${Util.num(s.polarity, 2)}</span></div>`;
    }).join("");
    view.innerHTML = `<div class="article-layout"><article class="card article-text">
        <h1>${Util.esc(a.title || "Untitled article")}</h1>
        <div class="byline">${[a.published, a.outlet, a.author].filter(Boolean).map(Util.esc).join(" · ")}
          ${Util.webLink(a.url) ? " · " + Util.webLink(a.url, "original ↗") : ""}</div>
        <div class="spans-key"><span class="s-src">source</span><span class="s-trg">trigger</span><span class="s-tgt">target</span></div>
        <div class="body" id="article-body">${Util.highlight(a.text || "", d.spans, focus)}</div></article>
      <div class="side"><div class="card"><h3>${d.events.length} events</h3><ul class="ev-list">
        ${d.events.map((e) => `<li data-key="${e.key}"><div>${badge(e)} ${sideOf(e)} ${pill(e.modality)}</div>
          <div class="what muted">“${Util.esc(short(e.trigger_text, 40))}” · ${Util.esc(e.date || "undated")} · ${Util.num(e.score)}</div></li>`).join("") || `<li class="muted">No events coded.</li>`}</ul></div>
        <div class="card"><h3>Stance</h3>${stance || `<p class="muted">No stance recorded for this article.</p>`}
          ${stance ? `<p class="faint">From −1 (hostile) to +1 (favourable) towards each actor.</p>` : ""}</div>
        <div class="card"><h3>Record</h3><dl class="kv"><dt>id</dt><dd class="mono">${a.id}</dd><dt>language</dt><dd>${Util.esc(a.language || "–")}</dd>
          <dt>status</dt><dd>${Util.esc(a.status)}</dd><dt>coder</dt><dd class="mono">${Util.esc(a.coder || "")}</dd></dl></div></div></div>`;
    view.querySelectorAll(".ev-list li[data-key], #article-body [data-key]").forEach((li) => li.addEventListener("click", () => openEvidence(li.dataset.key)));
    const f = view.querySelector(".focus");
    if (f) f.scrollIntoView({ block: "center" });
  }

  /* ---------- search ---------- */
  async function searchPage(q) {
    document.getElementById("search-input").value = q;
    const r = await api(`/api/search?${qs({ q, limit: 30 })}`);
    view.innerHTML = `<div class="card-head"><h1>Search: “${Util.esc(q)}”</h1>
      <span class="muted">${r.events.length} evidence sentences · ${r.articles.length} articles</span></div>
      <div class="search-layout"><div class="card" id="search-events"><h3>Evidence</h3>
        ${r.events.map((h) => `<div class="hit" data-key="${h.key}"><div class="hit-text">${Util.marked(h.sentence)}</div></div>`).join("") || `<p class="muted">No evidence sentence matches.</p>`}</div>
      <div class="card" id="search-articles"><h3>Articles</h3>
        ${r.articles.map((h) => `<div class="hit" data-article="${h.id}"><div class="hit-text">${Util.marked(h.snippet)}</div>
          <div class="hit-meta mono">${h.id}</div></div>`).join("") || `<p class="muted">No article matches.</p>`}</div></div>`;
    view.querySelectorAll(".hit[data-key]").forEach((h) => h.addEventListener("click", () => openEvidence(h.dataset.key)));
    view.querySelectorAll(".hit[data-article]").forEach((h) => h.addEventListener("click", () => { location.hash = `#/article/${h.dataset.article}`; }));
  }

  /* ---------- alerts ---------- */
  async function alertsPage() {
    if (!meta.features.alerts) { view.innerHTML = unavailable("Alerts"); return; }
    const { alerts, total } = await api("/api/alerts?limit=5000");
    view.innerHTML = `<div class="card-head"><h1>Alerts</h1><span class="muted">${alerts.length} of ${total} · periods where a relation moved far from its baseline</span></div>
      ${alerts.length ? `<div class="alerts">${alerts.map((a) => `<div class="card alert-card ${Util.esc(a.kind)}" data-dyad="${a.a}-${a.b}">
        <div class="card-head"><h2>${Util.esc(pairName(a.a, a.b))}</h2><span class="badge ${a.kind === "escalation" ? "k" : "c"}">${Util.esc(a.kind)}</span></div>
        <div class="muted">${Util.esc(a.period)} · index ${Util.num(a.intensity)} vs baseline ${Util.num(a.baseline)} (z ${Util.num(a.z)})
          · ${a.conflict} conflictual, ${a.cooperation} cooperative</div>
        ${(a.evidence || []).slice(0, 2).map((e) => `<p class="hit-text">“${Util.esc(short((e.sentence || "").trim(), 160))}”</p>`).join("")}
        <a href="#/dyad/${a.a}-${a.b}">Open the timeline →</a></div>`).join("")}</div>`
        : `<div class="card empty"><b>No alerts</b>No relation in the store moved sharply away from its baseline.</div>`}`;
  }

  /* ---------- router ---------- */
  async function route() {
    delete document.body.dataset.ready;
    delete document.body.dataset.route;
    closeDrawer();
    tip.classList.remove("show");
    const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
    const params = new URLSearchParams(query || "");
    const [page, arg] = [path.split("/")[0], decodeURIComponent(path.split("/").slice(1).join("/"))];
    document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.nav === (page || "dyad")));
    try {
      if (!page || page === "dyad") await dyadPage(arg);
      else if (page === "network") await networkPage(params);
      else if (page === "events") await eventsPage(params);
      else if (page === "map") await mapPage(params);
      else if (page === "articles") await articlesPage();
      else if (page === "article") await articlePage(arg, params);
      else if (page === "search") await searchPage(arg);
      else if (page === "alerts") await alertsPage();
      else view.innerHTML = `<div class="card empty"><b>No such page</b><a href="#/">Back to relations</a></div>`;
    } catch (err) {
      view.innerHTML = `<div class="card empty"><b>Something went wrong</b>${Util.esc(err.message)}</div>`;
    }
    document.body.dataset.ready = page || "dyad";
    document.body.dataset.route = location.hash;  // which navigation is ready (a test waits for its own)
  }

  async function start() {
    meta = await api("/api");
    document.getElementById("search-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = document.getElementById("search-input").value.trim();
      if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
    });
    document.getElementById("drawer-close").addEventListener("click", closeDrawer);
    document.getElementById("scrim").addEventListener("click", closeDrawer);
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeDrawer(); });
    window.addEventListener("hashchange", route);
    if (meta.features.alerts) api("/api/alerts").then(({ alerts }) => {
      const c = document.getElementById("alert-count");
      if (alerts.length) { c.textContent = alerts.length; c.hidden = false; }
    }).catch(() => {});
    await route();
  }
  return { start, openEvidence };
})();
App.start().catch((err) => { document.getElementById("view").innerHTML = `<div class="card empty"><b>Cannot reach the API</b>${Util.esc(err.message)}</div>`; });
