/* Small SVG charts drawn by hand: the relation timeline and the alignment network. */
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const n = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) n.setAttribute(k, v);
    if (parent) parent.appendChild(n);
    return n;
  }
  function text(parent, x, y, s, attrs) { const t = el("text", Object.assign({ x, y }, attrs || {}), parent); t.textContent = s; return t; }
  const day = (s) => new Date(s + (s.length === 7 ? "-01" : s.length === 4 ? "-01-01" : "") + "T00:00:00Z").getTime();
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const sign = (v) => (v > 0 ? "c" : v < 0 ? "k" : "n");

  function monthTicks(t0, t1, maxTicks) {
    const d0 = new Date(t0), out = [];
    let y = d0.getUTCFullYear(), m = d0.getUTCMonth();
    const months = Math.max(1, Math.round((t1 - t0) / 2.63e9));
    const step = [1, 2, 3, 6, 12, 24].find((s) => months / s <= maxTicks) || 24;
    m = Math.ceil(m / step) * step;
    for (;;) {
      while (m >= 12) { m -= 12; y += 1; }
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (t >= t0) out.push({ t, label: m === 0 || out.length === 0 ? `${MONTHS[m]} ${y}` : MONTHS[m] });
      m += step;
    }
    return out;
  }

  /* timeline(container, {series: [{start, period, intensity, alert, clusters}], events: [...], onEvent, tip}) */
  function timeline(container, opts) {
    container.innerHTML = "";
    const W = Math.max(container.clientWidth, 280), H = W < 500 ? 240 : 300, m = { l: W < 500 ? 40 : 64, r: 12, t: 22, b: 34 };
    const svg = el("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Relation timeline: intensity from -10 (conflict) to +10 (cooperation)" }, container);
    const series = (opts.series || []).filter((p) => p.start);
    const events = (opts.events || []).filter((e) => e.date);
    const times = events.map((e) => day(e.date)).concat(series.map((p) => day(p.start)));
    if (!times.length) {
      text(svg, W / 2, H / 2, "No dated events for this pair yet", { "text-anchor": "middle" });
      return svg;
    }
    let t0 = Math.min(...times), t1 = Math.max(...times);
    const pad = Math.max((t1 - t0) * 0.04, 15 * 864e5);
    t0 -= pad; t1 += pad;
    if (opts.domain) [t0, t1] = opts.domain;  // the brushed window
    const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);
    const y = (v) => m.t + ((10 - v) / 20) * (H - m.t - m.b);
    el("rect", { class: "band-coop", x: m.l, y: y(10), width: W - m.l - m.r, height: y(0) - y(10) }, svg);
    el("rect", { class: "band-conf", x: m.l, y: y(0), width: W - m.l - m.r, height: y(-10) - y(0) }, svg);
    for (const v of [-10, -5, 5, 10]) {
      el("line", { class: "grid", x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }, svg);
      text(svg, m.l - 10, y(v) + 4, (v > 0 ? "+" : "") + v, { "text-anchor": "end" });
    }
    el("line", { class: "zero", x1: m.l, x2: W - m.r, y1: y(0), y2: y(0) }, svg);
    text(svg, m.l - 10, y(0) + 4, "0", { "text-anchor": "end" });
    text(svg, m.l + 8, y(10) + 14, "cooperation", { class: "axis-label", fill: "#1d7268", style: "fill:#1d7268" });
    text(svg, m.l + 8, y(-10) - 7, "conflict", { class: "axis-label", style: "fill:#a8321f" });
    for (const tk of monthTicks(t0, t1, Math.floor((W - m.l - m.r) / 70))) {
      el("line", { class: "grid", x1: x(tk.t), x2: x(tk.t), y1: H - m.b, y2: H - m.b + 5 }, svg);
      text(svg, x(tk.t), H - m.b + 18, tk.label, { "text-anchor": "middle" });
    }
    // alert periods: a dashed band each, labelled when there is room
    let lastLabel = -Infinity;
    const alertBands = el("g", { class: "alert" }, svg), alertLabels = el("g", { class: "alert" }, svg);
    series.forEach((p, i) => {
      if (!p.alert) return;
      const a = x(day(p.start)), next = series[i + 1];
      const b = next ? x(day(next.start)) : a + 24;
      el("rect", { x: a, y: m.t, width: Math.max(b - a, 10), height: H - m.t - m.b, rx: 4 }, alertBands);
      if (a - lastLabel > 92) {
        text(alertLabels, a + 4, m.t + 12, (p.alert === "escalation" ? "▲ " : "▼ ") + p.alert);
        lastLabel = a;
      }
    });
    // relation index line (one point per period that has events)
    const pts = series.filter((p) => p.intensity !== null && p.intensity !== undefined && p.clusters > 0);
    if (pts.length) {
      const mid = (p) => {  // the middle of the period: halfway to the next period's start
        const i = series.indexOf(p), next = series[i + 1], t = day(p.start);
        return next ? (t + day(next.start)) / 2 : t + (i > 0 ? (t - day(series[i - 1].start)) / 2 : 15 * 864e5);
      };
      const xy = pts.map((p) => [x(mid(p)), y(Math.max(-10, Math.min(10, p.intensity)))]);
      // periods without events are gaps: the line is cut there, never drawn straight across
      const runs = [];
      pts.forEach((p, i) => {
        const prev = pts[i - 1];
        if (!prev || series.indexOf(p) !== series.indexOf(prev) + 1) runs.push([]);
        runs[runs.length - 1].push(xy[i]);
      });
      const clip = el("clipPath", { id: "tl-clip" }, el("defs", {}, svg));
      el("rect", { x: m.l, y: 0, width: W - m.l - m.r, height: H }, clip);
      const g = el("g", { "clip-path": "url(#tl-clip)" }, svg);
      for (const run of runs) {
        if (run.length > 1) {
          el("path", { class: "area", d: `M${run[0][0]},${y(0)} ` + run.map((q) => `L${q[0]},${q[1]}`).join(" ") +
            ` L${run[run.length - 1][0]},${y(0)} Z` }, g);
          el("path", { class: "line segment", d: "M" + run.map((q) => q.join(",")).join(" L") }, g);
        }
      }
      pts.forEach((p, i) => {
        if (xy[i][0] < m.l || xy[i][0] > W - m.r) return;
        const c = el("circle", { class: "pt", cx: xy[i][0], cy: xy[i][1], r: 3 }, svg);
        hover(c, `<b>${p.period}</b><br>relation index ${p.intensity.toFixed(1)} · ${p.clusters} happenings ` +
          `(${p.cooperation} cooperative, ${p.conflict} conflictual)`, opts.tip);
      });
    }
    // events, happened filled, supposed hollow; same-day events fanned out
    const seen = {};
    for (const e of events) {
      if (opts.domain && (day(e.date) < t0 || day(e.date) > t1)) continue;
      const k = e.date + ":" + Math.round(e.score);
      const n = (seen[k] = (seen[k] || 0) + 1) - 1;
      const happened = e.modality === "asserted" || e.modality === "historical";
      const c = el("circle", { class: `ev ${sign(e.score)}${happened ? "" : " maybe"}`, "data-key": e.key,
        cx: x(day(e.date)) + n * 9, cy: y(Math.max(-10, Math.min(10, e.score))), r: 6 }, svg);
      hover(c, `<b>${e.event}</b> ${e.date} · ${e.modality} · ${e.score > 0 ? "+" : ""}${e.score}<br>` +
        Util.esc(e.sentence || ""), opts.tip);
      c.addEventListener("click", () => opts.onEvent && opts.onEvent(e.key));
    }
    return svg;
  }

  function hover(node, html, tip) {
    if (!tip) return;
    node.addEventListener("mouseenter", () => { tip.innerHTML = html; tip.classList.add("show"); });
    node.addEventListener("mousemove", (ev) => {
      const w = tip.offsetWidth;
      tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - w - 10) + "px";
      tip.style.top = ev.clientY + 16 + "px";
    });
    node.addEventListener("mouseleave", () => tip.classList.remove("show"));
  }

  /* network(container, {nodes: [{id, strength}], edges: [{a, b, sign, weight, mean}], names, onEdge, onNode, tip}) */
  function network(container, opts) {
    container.innerHTML = "";
    const W = Math.max(container.clientWidth, 280), H = W < 500 ? 420 : 560;
    const svg = el("svg", { class: "chart net", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Alignment network" }, container);
    const nodes = opts.nodes || [], edges = opts.edges || [];
    if (!nodes.length) {
      text(svg, W / 2, H / 2, "No ties between states in this window", { "text-anchor": "middle" });
      return svg;
    }
    const maxS = Math.max(...nodes.map((n) => n.strength || 1));
    const radius = {};
    for (const n of nodes) radius[n.id] = (W < 500 ? 10 : 13) + (W < 500 ? 7 : 11) * Math.sqrt((n.strength || 1) / maxS);
    const pos = layout(nodes, edges, W, H, radius);
    const maxW = Math.max(...edges.map((e) => e.weight || 1), 1);
    for (const e of edges) {
      const [x1, y1] = pos[e.a] || [], [x2, y2] = pos[e.b] || [];
      if (x1 === undefined || x2 === undefined) continue;
      const line = el("line", { class: `edge ${e.sign > 0 ? "pos" : "neg"}`, x1, y1, x2, y2,
        "stroke-width": 2 + 10 * Math.sqrt((e.weight || 1) / maxW), "data-dyad": `${e.a}-${e.b}` }, svg);
      if (e.sign <= 0) line.setAttribute("stroke-dasharray", "1 0");
      hover(line, `<b>${e.a} – ${e.b}</b><br>${e.sign > 0 ? "aligned" : "opposed"} · mean ${e.mean} · ` +
        `${e.clusters} happenings (${e.cooperation} coop., ${e.conflict} confl.)`, opts.tip);
      line.addEventListener("click", () => opts.onEdge && opts.onEdge(e));
    }
    for (const n of nodes) {
      const [x, y, r] = pos[n.id];
      const g = el("g", { class: "node", transform: `translate(${x},${y})`, "data-code": n.id }, svg);
      el("circle", { r }, g);
      text(g, 0, 4, n.id, { "text-anchor": "middle" });
      const name = (opts.names || {})[n.id];
      if (name && name !== n.id) text(g, 0, r + 14, name.length > 22 ? n.id : name, { "text-anchor": "middle", class: "name" });
      hover(g, `<b>${name || n.id}</b><br>${n.positive} aligned, ${n.negative} opposed ties · strength ${n.strength}`, opts.tip);
      g.addEventListener("click", () => opts.onNode && opts.onNode(n));
    }
    return svg;
  }

  /* A small deterministic force layout: nodes start on a circle (in input order), repel each other,
     edges pull their ends together (heavier ties harder). The result is then fitted into the frame (never
     clamped to it, so no node sticks to an edge) and overlapping nodes, with room for their labels, are
     pushed apart. Returns {id: [x, y, r]}. */
  function layout(nodes, edges, W, H, radius) {
    const n = nodes.length, pos = {};
    nodes.forEach((d, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      pos[d.id] = [Math.cos(a) * 100, Math.sin(a) * 100];
    });
    const k = (100 / Math.sqrt(Math.max(n, 1))) * 1.6;
    const maxW = Math.max(...edges.map((e) => e.weight || 1), 1);
    for (let it = 0, t = 40; it < 400; it++, t *= 0.985) {
      const disp = {};
      for (const d of nodes) disp[d.id] = [0, 0];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const p = pos[nodes[i].id], q = pos[nodes[j].id];
        let dx = p[0] - q[0], dy = p[1] - q[1];
        const dist = Math.max(Math.hypot(dx, dy), 0.5), f = (k * k) / dist;
        dx /= dist; dy /= dist;
        disp[nodes[i].id][0] += dx * f; disp[nodes[i].id][1] += dy * f;
        disp[nodes[j].id][0] -= dx * f; disp[nodes[j].id][1] -= dy * f;
      }
      for (const e of edges) {
        const p = pos[e.a], q = pos[e.b];
        if (!p || !q) continue;
        let dx = p[0] - q[0], dy = p[1] - q[1];
        const dist = Math.max(Math.hypot(dx, dy), 0.5), f = ((dist * dist) / k) * (0.4 + (0.6 * (e.weight || 1)) / maxW);
        dx /= dist; dy /= dist;
        disp[e.a][0] -= dx * f; disp[e.a][1] -= dy * f;
        disp[e.b][0] += dx * f; disp[e.b][1] += dy * f;
      }
      for (const d of nodes) {  // gravity keeps disconnected parts near the middle
        const p = pos[d.id], v = disp[d.id];
        v[0] -= p[0] * 0.05 * k / 10; v[1] -= p[1] * 0.05 * k / 10;
        const len = Math.max(Math.hypot(v[0], v[1]), 1e-9), step = Math.min(len, t);
        p[0] += (v[0] / len) * step; p[1] += (v[1] / len) * step;
      }
    }
    const padX = 40, padTop = 30, padBottom = 44;
    const fit = () => {
      const xs = nodes.map((d) => pos[d.id][0]), ys = nodes.map((d) => pos[d.id][1]);
      const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      const s = Math.min((W - 2 * padX) / Math.max(x1 - x0, 1), (H - padTop - padBottom) / Math.max(y1 - y0, 1), 3);
      const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      for (const d of nodes) {
        const p = pos[d.id];
        p[0] = W / 2 + (p[0] - cx) * s; p[1] = padTop + (H - padTop - padBottom) / 2 + (p[1] - cy) * s;
      }
    };
    fit();
    const gap = 18;  // room for the name under a node
    for (let it = 0; it < 300; it++) {
      let moved = false;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const a = nodes[i].id, b = nodes[j].id, p = pos[a], q = pos[b];
        let dx = q[0] - p[0], dy = q[1] - p[1];
        let dist = Math.hypot(dx, dy);
        const need = radius[a] + radius[b] + gap;
        if (dist >= need) continue;
        if (dist < 1e-6) { dx = 1; dy = 0.3 * (((i + j) % 3) - 1); dist = Math.hypot(dx, dy); }
        const push = (need - dist) / 2 + 0.5;
        p[0] -= (dx / dist) * push; p[1] -= (dy / dist) * push;
        q[0] += (dx / dist) * push; q[1] += (dy / dist) * push;
        moved = true;
      }
      if (!moved) break;
      const xs = nodes.map((d) => pos[d.id][0]), ys = nodes.map((d) => pos[d.id][1]);
      if (Math.min(...xs) < padX / 2 || Math.max(...xs) > W - padX / 2 || Math.min(...ys) < padTop / 2 ||
          Math.max(...ys) > H - padBottom / 2) fit();
    }
    const out = {};
    for (const d of nodes) out[d.id] = [pos[d.id][0], pos[d.id][1], radius[d.id]];
    return out;
  }

  /* brush(container, {events, series, domain, onBrush}): an overview strip of the whole period; drag to pick
     a window (onBrush([t0, t1])), click without dragging to clear it (onBrush(null)). */
  function brush(container, opts) {
    container.innerHTML = "";
    const W = Math.max(container.clientWidth, 280), H = 56, m = { l: W < 500 ? 40 : 64, r: 12 };
    const svg = el("svg", { class: "chart brush", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Date range: drag to zoom the timeline" }, container);
    const times = (opts.events || []).filter((e) => e.date).map((e) => day(e.date))
      .concat((opts.series || []).filter((p) => p.start).map((p) => day(p.start)));
    if (!times.length) return svg;
    let t0 = Math.min(...times), t1 = Math.max(...times);
    const pad = Math.max((t1 - t0) * 0.04, 15 * 864e5);
    t0 -= pad; t1 += pad;
    const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);
    const tx = (px) => t0 + ((px - m.l) / (W - m.l - m.r)) * (t1 - t0);
    el("rect", { class: "brush-bg", x: m.l, y: 4, width: W - m.l - m.r, height: H - 22 }, svg);
    for (const e of opts.events || []) {
      if (!e.date) continue;
      el("line", { class: `tick ${sign(e.score)}`, x1: x(day(e.date)), x2: x(day(e.date)), y1: 10, y2: H - 24 }, svg);
    }
    for (const tk of monthTicks(t0, t1, Math.floor((W - m.l - m.r) / 90))) text(svg, x(tk.t), H - 6, tk.label, { "text-anchor": "middle" });
    const sel = el("rect", { class: "brush-sel", y: 4, height: H - 22, x: 0, width: 0 }, svg);
    if (opts.domain) { sel.setAttribute("x", x(opts.domain[0])); sel.setAttribute("width", x(opts.domain[1]) - x(opts.domain[0])); }
    let start = null;
    const px = (ev) => { const r = svg.getBoundingClientRect(); return Math.max(m.l, Math.min(W - m.r, ((ev.clientX - r.left) / r.width) * W)); };
    svg.addEventListener("pointerdown", (ev) => { start = px(ev); svg.setPointerCapture(ev.pointerId); sel.setAttribute("x", start); sel.setAttribute("width", 0); });
    svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const p = px(ev);
      sel.setAttribute("x", Math.min(start, p)); sel.setAttribute("width", Math.abs(p - start));
    });
    svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const p = px(ev), a = Math.min(start, p), b = Math.max(start, p);
      start = null;
      if (opts.onBrush) opts.onBrush(b - a < 4 ? null : [tx(a), tx(b)]);
    });
    return svg;
  }

  /* map(container, {world, places, onPlace, tip}): country outlines (equirectangular, fitted to the places
     with a margin) and one circle per place, area by events, colour by the quad of its most frequent type. */
  function map(container, opts) {
    container.innerHTML = "";
    const W = Math.max(container.clientWidth, 280), H = Math.round(Math.min(560, Math.max(240, W * 0.55)));
    const svg = el("svg", { class: "chart map", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Events by place" }, container);
    const places = opts.places || [];
    let lon0 = -170, lon1 = 190, lat0 = -58, lat1 = 84;
    if (places.length) {
      const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
      lon0 = Math.min(...lons); lon1 = Math.max(...lons); lat0 = Math.min(...lats); lat1 = Math.max(...lats);
      const span = Math.max(lon1 - lon0, (lat1 - lat0) * 1.6, 16);
      const cx = (lon0 + lon1) / 2, cy = (lat0 + lat1) / 2;
      lon0 = cx - span * 0.7; lon1 = cx + span * 0.7; lat0 = cy - span * 0.45; lat1 = cy + span * 0.45;
    }
    const k = Math.min(W / (lon1 - lon0), H / (lat1 - lat0));
    const ox = (W - k * (lon1 - lon0)) / 2, oy = (H - k * (lat1 - lat0)) / 2;
    const x = (lon) => ox + (lon - lon0) * k, y = (lat) => oy + (lat1 - lat) * k;
    el("rect", { class: "sea", x: 0, y: 0, width: W, height: H }, svg);
    const land = el("g", { class: "land" }, svg);
    for (const c of (opts.world && opts.world.countries) || []) {
      const d = c.rings.map((r) => "M" + r.map((q) => `${x(q[0]).toFixed(1)},${y(q[1]).toFixed(1)}`).join("L") + "Z").join("");
      const path = el("path", { d, "data-country": c.name || "" }, land);
      hover(path, Util.esc(c.name || ""), opts.tip);
    }
    const maxN = Math.max(1, ...places.map((p) => p.events));
    const dots = el("g", { class: "places" }, svg);
    for (const p of places.slice().sort((a, b) => b.events - a.events)) {
      const r = 5 + 17 * Math.sqrt(p.events / maxN);
      const c = el("circle", { class: `place q-${(p.quad || "none").toLowerCase()}`, cx: x(p.lon), cy: y(p.lat), r,
        "data-place": p.name }, dots);
      const types = Object.entries(p.types || {}).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(", ");
      hover(c, `<b>${Util.esc(p.name)}</b> ${Util.esc(p.country || "")}<br>${p.events} events · ${Util.esc(types)}`, opts.tip);
      c.addEventListener("click", () => opts.onPlace && opts.onPlace(p));
    }
    return svg;
  }

  return { timeline, brush, network, map, sign, day };
})();
