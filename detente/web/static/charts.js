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
    const W = Math.max(container.clientWidth, 480), H = 300, m = { l: 64, r: 18, t: 22, b: 34 };
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
      if (xy.length > 1) {
        el("path", { class: "area", d: `M${xy[0][0]},${y(0)} ` + xy.map((q) => `L${q[0]},${q[1]}`).join(" ") +
          ` L${xy[xy.length - 1][0]},${y(0)} Z` }, svg);
        el("path", { class: "line", d: "M" + xy.map((q) => q.join(",")).join(" L") }, svg);
      }
      pts.forEach((p, i) => {
        const c = el("circle", { class: "pt", cx: xy[i][0], cy: xy[i][1], r: 3 }, svg);
        hover(c, `<b>${p.period}</b><br>relation index ${p.intensity.toFixed(1)} · ${p.clusters} happenings ` +
          `(${p.cooperation} cooperative, ${p.conflict} conflictual)`, opts.tip);
      });
    }
    // events, happened filled, supposed hollow; same-day events fanned out
    const seen = {};
    for (const e of events) {
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
    const W = Math.max(container.clientWidth, 420), H = 560;
    const svg = el("svg", { class: "chart net", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Alignment network" }, container);
    const nodes = opts.nodes || [], edges = opts.edges || [];
    if (!nodes.length) {
      text(svg, W / 2, H / 2, "No ties between states in this window", { "text-anchor": "middle" });
      return svg;
    }
    const pos = layout(nodes, edges, W, H);
    const maxS = Math.max(...nodes.map((n) => n.strength || 1));
    for (const n of nodes) pos[n.id][2] = 13 + 11 * Math.sqrt((n.strength || 1) / maxS);
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
     edges pull their ends together (heavier ties harder), a weak pull keeps the graph centred. */
  function layout(nodes, edges, W, H) {
    const pad = 60, n = nodes.length, pos = {};
    nodes.forEach((d, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      pos[d.id] = [W / 2 + (W / 3) * Math.cos(a), H / 2 + (H / 3) * Math.sin(a)];
    });
    const k = Math.sqrt(((W - 2 * pad) * (H - 2 * pad)) / Math.max(n, 1)) * 0.9;
    const maxW = Math.max(...edges.map((e) => e.weight || 1), 1);
    for (let it = 0, t = W / 8; it < 300; it++, t *= 0.985) {
      const disp = {};
      for (const d of nodes) disp[d.id] = [0, 0];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const p = pos[nodes[i].id], q = pos[nodes[j].id];
        let dx = p[0] - q[0], dy = p[1] - q[1];
        const dist = Math.max(Math.hypot(dx, dy), 1), f = (k * k) / dist;
        dx /= dist; dy /= dist;
        disp[nodes[i].id][0] += dx * f; disp[nodes[i].id][1] += dy * f;
        disp[nodes[j].id][0] -= dx * f; disp[nodes[j].id][1] -= dy * f;
      }
      for (const e of edges) {
        const p = pos[e.a], q = pos[e.b];
        if (!p || !q) continue;
        let dx = p[0] - q[0], dy = p[1] - q[1];
        const dist = Math.max(Math.hypot(dx, dy), 1), f = ((dist * dist) / k) * (0.4 + 0.6 * (e.weight || 1) / maxW);
        dx /= dist; dy /= dist;
        disp[e.a][0] -= dx * f; disp[e.a][1] -= dy * f;
        disp[e.b][0] += dx * f; disp[e.b][1] += dy * f;
      }
      for (const d of nodes) {
        const p = pos[d.id], v = disp[d.id];
        v[0] += (W / 2 - p[0]) * 0.02 * k / 10; v[1] += (H / 2 - p[1]) * 0.02 * k / 10;
        const len = Math.max(Math.hypot(v[0], v[1]), 1e-9), step = Math.min(len, t);
        p[0] = Math.min(W - pad, Math.max(pad, p[0] + (v[0] / len) * step));
        p[1] = Math.min(H - pad, Math.max(pad - 20, p[1] + (v[1] / len) * step));
      }
    }
    return pos;
  }

  return { timeline, network, sign };
})();
