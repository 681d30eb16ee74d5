/* kg network page, third script: what makes the first picture read as stories.
 *
 * - Names you can read: once the layout is fitted, the most central drawn entities get a
 *   label size that is readable on screen at that zoom (bigger for the more central);
 *   the rest keep the normal size, which vis-network does not draw below 8 px
 *   (nodes.scaling.label.drawThreshold), so they appear as you zoom in.
 * - Stories: each community (colour) is outlined on the canvas by a soft hull around its
 *   core and named by its most central members (drawn in beforeDrawing/afterDrawing).
 * - Timeline: a slider over the publication dates; moving it (or Play) hides what was
 *   first mentioned later, so the network grows day by day where it is drawn.
 * Everything reaches the canvas through the 2D context (fillText), never HTML.
 */
// queued: page.js runs it once the page data is read and window.kg is set
(window.kgParts = window.kgParts || []).push(function () {
  "use strict";
  const kg = window.kg, D = kg.data, N = D.nodes, A = D.articles;
  const { network, nodes, state, el } = kg;
  const $ = (id) => document.getElementById(id);
  // on-screen label size (px) at the fitted view for the k-th most central drawn entity:
  // the first FORCED always get theirs, the others up to the last tier only where their
  // label overlaps no label already placed
  const LABEL_TIERS = [[10, 14], [25, 11], [80, 9]];
  const FORCED = 25;
  const MIN_PX = 8;
  const BASE_FONT = 14;
  const HULL_MIN = 3;
  const PLAY_STEPS = 40, PLAY_MS = 450;

  /* ---- label sizes ---- */
  const measure = document.createElement("canvas").getContext("2d");
  function sizeLabels() {
    network.moveTo({ scale: network.getScale() * 0.94 });  // a margin for outlines and names
    const s = network.getScale(), ids = nodes.getIds().filter((id) => !nodes.get(id).hidden)
      .sort((a, b) => a - b);
    const placed = [];
    const update = ids.map((id, k) => {
      const tier = LABEL_TIERS.find(([upto]) => k < upto);
      let size = BASE_FONT, vadjust = 0;
      if (tier && tier[1] / s > BASE_FONT) {
        const px = tier[1], n = network.body.nodes[id];
        measure.font = `${px}px sans-serif`;
        const w = measure.measureText(n.options.label || "").width;
        const p = network.canvasToDOM({ x: n.x, y: n.y }), r = (n.options.size || 10) * s;
        const h = px * 1.25;
        // below the node, else above it, else further below or above: the first free place
        const spots = [0, -(2 * r + h), h, -(2 * r + 2 * h), 2 * h].map((dy) => [dy, [p.x - w / 2 - 2, p.y + r + dy,
          p.x + w / 2 + 2, p.y + r + dy + h]]);
        const hit = (box) => placed.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]);
        const spot = spots.find(([, box]) => !hit(box)) || (k < FORCED ? spots[0] : null);
        if (spot) { size = Math.ceil(px / s); vadjust = spot[0] / s; placed.push(spot[1]); }
      }
      return { id, font: { size, vadjust } };
    });
    nodes.update(update);
  }
  /* what the tests and the benchmark read: every drawn, visible node's label on screen */
  function labels() {
    const s = network.getScale(), box = $("mynetwork").getBoundingClientRect();
    return nodes.getIds().filter((id) => !nodes.get(id).hidden).map((id) => {
      const p = network.canvasToDOM(network.getPosition(id));
      const size = network.body.nodes[id].options.font.size;
      return { id, px: size * s, x: p.x, y: p.y,
        inView: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height };
    });
  }

  /* ---- community hulls ---- */
  let hullsOn = true;
  function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }
  function hull(points) {  // Andrew's monotone chain
    const p = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    if (p.length < 3) return p;
    const lower = [], upper = [];
    for (const q of p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
      lower.push(q);
    }
    for (const q of p.slice().reverse()) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
      upper.push(q);
    }
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  function groups() {
    const by = new Map(), body = network.body.nodes;
    for (const id of network.body.nodeIndices) {
      const c = N[id][6], n = body[id];
      if (c < 0 || c >= D.palette.length || !n) continue;
      if (!by.has(c)) by.set(c, []);
      by.get(c).push([n.x, n.y, n.shape.radius || 10]);
    }
    const out = [];
    for (const [c, pts] of by) {
      if (pts.length < HULL_MIN) continue;
      // the core: members nearer the centre than twice the median distance (a member
      // drawn far away, next to its other ties, would stretch the hull over everything)
      const cx = pts.reduce((t, p) => t + p[0], 0) / pts.length;
      const cy = pts.reduce((t, p) => t + p[1], 0) / pts.length;
      const d = pts.map((p) => Math.hypot(p[0] - cx, p[1] - cy));
      const med = d.slice().sort((a, b) => a - b)[Math.floor(d.length / 2)];
      const core = pts.filter((_, k) => d[k] <= 2 * med + 1);
      const ring = [];
      for (const [x, y, r] of core) {
        const pad = r + 18;
        for (let k = 0; k < 12; k++) {
          const a = (k * Math.PI) / 6;
          ring.push([x + pad * Math.cos(a), y + pad * Math.sin(a)]);
        }
      }
      out.push({ c, poly: hull(ring), cx });
    }
    return out;
  }
  let drawnGroups = [];
  network.on("beforeDrawing", (ctx) => {
    drawnGroups = hullsOn && state.colour === "community" ? groups() : [];
    for (const g of drawnGroups) {
      ctx.beginPath();
      g.poly.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.closePath();
      ctx.globalAlpha = 0.09; ctx.fillStyle = D.palette[g.c]; ctx.fill();
      ctx.globalAlpha = 0.45; ctx.strokeStyle = D.palette[g.c];
      ctx.lineWidth = 1.5 / network.getScale(); ctx.stroke();
      ctx.globalAlpha = 1;
    }
  });
  network.on("afterDrawing", (ctx) => {
    const s = network.getScale(), size = 13 / s;
    ctx.font = `600 ${size}px system-ui, sans-serif`;
    ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.lineJoin = "round";
    const view = network.DOMtoCanvas({ x: 0, y: 0 });
    const edge = network.DOMtoCanvas({ x: $("mynetwork").clientWidth, y: 0 });
    const placed = [];
    for (const g of drawnGroups) {
      const top = g.poly.reduce((m, p) => (p[1] < m[1] ? p : m), g.poly[0]);
      const name = kg.communityName(g.c), half = ctx.measureText(name).width / 2;
      // centred over the outline, kept inside the canvas, moved up past names drawn
      const x = Math.max(view.x + half + 4 / s, Math.min(edge.x - half - 4 / s, g.cx));
      let y = top[1] - 2 / s;
      for (let tries = 0; tries < 4; tries++) {
        const clash = placed.some((b) => b[0] < x + half && x - half < b[2] && b[1] < y && y - size < b[3]);
        if (!clash) break;
        y -= size * 1.15;
      }
      placed.push([x - half, y - size, x + half, y]);
      ctx.lineWidth = 4 / s; ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(name, x, y);
      ctx.fillStyle = D.palette[g.c];
      ctx.fillText(name, x, y);
    }
  });

  /* ---- timeline ---- */
  const days = [...new Set(A.map((a) => a[4]).filter(Boolean))].sort();
  const slider = $("kg-time"), out = $("kg-time-out"), play = $("kg-play");
  let playing = 0;
  function setDay(k) {
    k = Math.max(0, Math.min(days.length, k));
    slider.value = String(k);
    state.until = k >= days.length ? "" : days[k];
    const upto = state.until || days[days.length - 1] || "";
    const count = A.filter((a) => !state.until || (a[4] && a[4] <= state.until)).length;
    out.textContent = days.length ? `up to ${upto} \u00b7 ${count} of ${A.length} articles` : "no dates";
    kg.applyFilters();
  }
  function stop() { clearInterval(playing); playing = 0; play.textContent = "\u25b6 Play"; }
  function start() {
    if (Number(slider.value) >= days.length) setDay(0);
    play.textContent = "\u275a\u275a Pause";
    // about PLAY_STEPS steps whatever the span: a day at a time for a month of news,
    // a week at a time for a year
    const step = Math.max(1, Math.ceil(days.length / PLAY_STEPS));
    playing = setInterval(() => {
      const k = Math.min(days.length, Number(slider.value) + step);
      setDay(k);
      if (k >= days.length) stop();
    }, PLAY_MS);
  }
  slider.max = String(days.length);
  slider.value = String(days.length);
  slider.disabled = play.disabled = days.length < 2;
  slider.addEventListener("input", () => { stop(); setDay(Number(slider.value)); });
  play.addEventListener("click", () => (playing ? stop() : start()));
  $("kg-hulls").addEventListener("change", (ev) => { hullsOn = ev.target.checked; network.redraw(); });
  kg.onReset = () => { stop(); slider.value = String(days.length); setDay(days.length); };
  setDay(days.length);

  kg.onLayout.push(sizeLabels);
  Object.assign(kg, { sizeLabels, labels, groups: () => drawnGroups, days, setDay,
    playTimeline: start, stopTimeline: stop, MIN_PX });
  void el;
});
