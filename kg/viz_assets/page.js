/* kg network page: search, legend, filters, entity cards and neighbourhood expansion on top
 * of the vis-network drawing that pyvis set up.
 *
 * Every string from the graph is untrusted article text: it reaches the DOM through
 * textContent or vis-network's title (shown with innerText), never innerHTML, and links
 * are made only for http(s) and file URLs.
 *
 * Data (kg-data: gzip-compressed JSON in base64, built by kg/viz.py), tuples to keep big
 * pages small:
 *   nodes[i]    = [label, typeIdx, aliases, confidence, mentions, score, community,
 *                  degree, articleIdxs, dates, quotes [[text, articleIdx]], quoteCount, iri]
 *   edges[j]    = [src, dst, kind, confidence, evidenceCount, evidence [[articleIdx, text]],
 *                  firstDate]; kind "quote" (speaker -> named entity) is a tie of
 *                  kg/ties.py, the others typed relations
 *   ties        = [src, dst, sharedArticles, tieDays index, ...]: the co-mention ties of
 *                  kg/ties.py, four numbers each; start() appends them to edges with kind
 *                  "comention" (no evidence: the card lists the shared articles)
 *   articles[a] = [id, headline, url, publisherNodeIdx, date]
 *   kinds[k]    = [label, colour, dashes, arrow]; communities[c] = [size, [leaderIdx...]]
 * controls.js (legend, filters) and story.js (community outlines, timeline, label sizes)
 * build on what this script puts in window.kg.
 * Node ids on the canvas are node indices (ordered by centrality); edge ids are edge indices.
 */
(function () {
  "use strict";
  const marks = { start: performance.now() };  // what scripts/bench_page.py reports
  const $ = (id) => document.getElementById(id);
  const json = (id) => JSON.parse($(id).textContent);
  // kg-data is gzip-compressed JSON in base64: a quarter of the bytes for the HTML parser,
  // which is what a big page waits for; the browser inflates it natively, off the parser
  async function readData(box) {
    const text = box.textContent.trim();
    const bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text)
      : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  const pending = readData($("kg-data"));
  // the first picture needs only the drawn part (small, plain JSON): draw it meanwhile
  const nodes = new vis.DataSet(json("kg-nodes"));
  const edges = new vis.DataSet(json("kg-edges"));
  const network = new vis.Network($("mynetwork"), { nodes, edges }, json("kg-options"));
  marks.network = performance.now();
  pending.then((D) => {
    marks.data = performance.now();
    // controls.js and story.js have queued their parts in window.kgParts by then
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start(D));
    else start(D);
  }, (err) => { $("kg-status").textContent = `The page's data cannot be read (${err}).`; });

  function start(D) {
    const N = D.nodes, E = D.edges, A = D.articles, T = D.types, TIE = "comention";
    // the packed co-mentions (4 numbers each) become edges after the others
    for (let k = 0, none = [], t = D.ties; k < t.length; k += 4) {
      E.push([t[k], t[k + 1], TIE, 1, t[k + 2], none, D.tieDays[t[k + 3]]]);
    }
    const adj = N.map(() => []);
    E.forEach((e, j) => { adj[e[0]].push(j); if (e[1] !== e[0]) adj[e[1]].push(j); });
    const state = { types: new Set(T.map((_, t) => t)), kinds: new Set(Object.keys(D.kinds)),
      publisher: -1, article: "", from: "", to: "", until: "", minDeg: 0, minConf: 0,
      colour: D.meta.colour };
    // the day an entity first appears in the corpus (for the timeline)
    const firstDay = N.map((n) => n[8].reduce((m, a) => (A[a][4] && (!m || A[a][4] < m) ? A[a][4] : m), ""));
    const kg = window.kg = { network, nodes, edges, data: D, ready: false, readyAt: null,
      onLayout: [], marks };

    function el(tag, text, cls) {
      const x = document.createElement(tag);
      if (text !== undefined && text !== null) x.textContent = String(text);
      if (cls) x.className = cls;
      return x;
    }
    function norm(s) {
      return String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    }
    function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
    function setStatus(s) { $("kg-status").textContent = s; }
    function typeName(i) { return T[N[i][1]][0]; }
    function kindLabel(k) { return D.kinds[k] ? D.kinds[k][0] : k; }
    function colourFor(i) {
      if (state.colour === "community") {
        const c = N[i][6];
        return c >= 0 && c < D.palette.length ? D.palette[c] : "#b8b8b8";
      }
      return T[N[i][1]][1];
    }
    function safeUrl(u) { return /^(https?|file):/i.test(u || "") ? u : ""; }
    function articleLink(a) {
      if (a < 0 || a >= A.length) return el("span", "unknown article", "kg-dim");
      const art = A[a], url = safeUrl(art[2]);
      const link = el(url ? "a" : "span", art[1] || art[0]);
      if (url) { link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer"; }
      return link;
    }
    const TIP_SENTENCES = 200;
    function tooltip(i) {
      const n = N[i], lines = [n[0],
        `${typeName(i)} \u00b7 confidence ${n[3].toFixed(2)} \u00b7 ${n[4]} mention(s) \u00b7 ${n[7]} relation(s)`];
      if (n[2].length) lines.push("Also: " + clip(n[2].slice(0, 6).join(", "), 200));
      // the first evidence sentence that names this entity, else any: why it is in the graph
      // (a hub has thousands of relations: the first TIP_SENTENCES sentences are enough)
      const sentences = [], names = [n[0], ...n[2]];
      for (const j of adj[i]) {
        if (sentences.length >= TIP_SENTENCES) break;
        for (const ev of E[j][5]) sentences.push(ev[1]);
      }
      const named = sentences.find((t) => names.some((name) => t.includes(name)));
      if (sentences.length) lines.push("\u201c" + clip(named || sentences[0], 220) + "\u201d");
      return lines.join("\n");
    }
    const best = N.length ? Math.max(N[0][5], 1e-12) : 1;
    function visNode(i, x, y) {
      const o = { id: i, label: clip(N[i][0], 40), shape: T[N[i][1]][2], color: colourFor(i),
        size: Math.round(10 + 30 * Math.sqrt(N[i][5] / best)), title: tooltip(i), hidden: !passes(i) };
      if (x !== undefined) { o.x = x; o.y = y; }
      return o;
    }
    function visEdge(j) {  // the style of kg/viz.py edge_style
      const [s, o, kind, , count, ev] = E[j], tie = kind === TIE;
      const [label, colour, dashes, arrow] = D.kinds[kind] || [kind, "#a0a8b0", false, true];
      return { id: j, from: s, to: o, label: tie ? "" : label, dashes,
        // ties across two stories are faint (see kg/viz.py edge_style)
        color: { color: colour, highlight: "#333333", hover: "#333333",
          opacity: (kind === TIE || kind === "quote") && N[s][6] !== N[o][6] ? 0.3 : 1 },
        arrows: { to: { enabled: arrow, scaleFactor: 0.5 } },
        width: tie ? Math.round(Math.min(1 + Math.log2(Math.max(count, 1)), 5) * 100) / 100 : 1.5,
        title: tie ? `${N[s][0]} and ${N[o][0]}: mentioned together in ${count} article(s)`
          : ev.length ? clip(ev[0][1], 300) : label,
        hidden: !edgePasses(j) };
    }

    /* ---- filters ---- */
    function articleOk(a) {
      const art = A[a];
      if (state.publisher >= 0 && art[3] !== state.publisher) return false;
      if (state.article && !norm(art[0] + " " + art[1]).includes(state.article)) return false;
      if (state.from && !(art[4] && art[4] >= state.from)) return false;
      if (state.to && !(art[4] && art[4] <= state.to)) return false;
      return true;
    }
    function passes(i) {
      const n = N[i];
      if (!state.types.has(n[1]) || n[3] < state.minConf || n[7] < state.minDeg) return false;
      const byArticle = state.publisher >= 0 || state.article || state.from || state.to;
      if (state.until && firstDay[i] && firstDay[i] > state.until) return false;
      return !byArticle || n[8].some(articleOk);
    }
    function edgePasses(j) {
      const e = E[j];
      return state.kinds.has(e[2]) && !(state.until && e[6] && e[6] > state.until);
    }
    function applyFilters() {
      nodes.update(nodes.getIds().map((id) => ({ id, hidden: !passes(id) })));
      edges.update(edges.getIds().map((id) => ({ id, hidden: !edgePasses(id) })));
      summary();
    }
    function summary() {
      const ids = nodes.getIds(), shown = ids.filter((id) => !nodes.get(id).hidden).length;
      $("kg-summary").textContent = `${shown} shown of ${ids.length} drawn \u00b7 ` +
        `${N.length} entities \u00b7 ${E.length} relations \u00b7 ${A.length} articles`;
    }

    /* ---- drawing more ---- */
    function addNodes(list, cx, cy) {
      const r = 60 + 6 * list.length;
      list.forEach((i, k) => {
        const a = (2 * Math.PI * k) / Math.max(list.length, 1);
        nodes.add(visNode(i, cx + (list.length > 1 ? r * Math.cos(a) : 40), cy + r * Math.sin(a)));
      });
      const add = [];
      for (const i of list) for (const j of adj[i]) {
        if (!edges.get(j) && nodes.get(E[j][0]) && nodes.get(E[j][1])) add.push(visEdge(j));
      }
      edges.update(add);
      summary();
    }
    function centre() { return network.getViewPosition(); }
    function ensureDrawn(i) {
      if (nodes.get(i)) return;
      const near = adj[i].map((j) => (E[j][0] === i ? E[j][1] : E[j][0])).find((k) => nodes.get(k));
      const p = near !== undefined ? network.getPosition(near) : centre();
      addNodes([i], p.x, p.y);
    }
    function expand(i) {
      ensureDrawn(i);
      const more = [...new Set(adj[i].map((j) => (E[j][0] === i ? E[j][1] : E[j][0])))]
        .filter((k) => !nodes.get(k)).sort((a, b) => a - b).slice(0, 40);
      const p = network.getPosition(i);
      addNodes(more, p.x, p.y);
      setStatus(more.length ? `Added ${more.length} neighbour(s) of ${clip(N[i][0], 40)}.` : "");
      showCard(i);
    }
    function show(i) {
      ensureDrawn(i);
      network.selectNodes([i]);
      showCard(i);
      // centre it in the part of the canvas the card leaves visible
      network.focus(i, { scale: Math.max(network.getScale(), 1), animation: { duration: 250 },
        offset: { x: -$("kg-card").offsetWidth / 2, y: 0 } });
      setStatus(passes(i) ? "" : `${clip(N[i][0], 60)} is hidden by the current filters.`);
    }
    function redraw(list) {
      nodes.clear(); edges.clear();
      nodes.add(list.map((i) => visNode(i)));
      const set = new Set(list), add = [];
      E.forEach((e, j) => { if (set.has(e[0]) && set.has(e[1])) add.push(visEdge(j)); });
      edges.add(add);
      summary();
      if (!list.length) { setStatus("Nothing passes the filters."); return; }
      setStatus("Laying out the network");
      network.setOptions({ physics: { enabled: true } });
      network.stabilize();
    }

    /* ---- search ---- */
    let names = null;
    function search(q) {
      const want = norm(q);
      if (!want) return [];
      names = names || N.map((n) => [n[0], ...n[2]].map(norm));
      const hits = [];
      names.forEach((list, i) => {
        let rank = 9;
        for (const s of list) {
          const r = s === want ? 0 : s.startsWith(want) ? 1 : s.includes(" " + want) ? 2
            : s.includes(want) ? 3 : 9;
          if (r < rank) rank = r;
        }
        if (rank < 9) hits.push([rank, i]);
      });
      hits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return hits.slice(0, 12).map((h) => h[1]);
    }
    function showResults() {
      const box = $("kg-results"), found = search($("kg-search").value);
      box.replaceChildren();
      for (const i of found) {
        const b = el("button", N[i][0]);
        b.type = "button";
        b.append(" ", el("span", typeName(i), "kg-dim"));
        b.addEventListener("click", () => { box.hidden = true; show(i); });
        const li = el("li"); li.append(b); box.append(li);
      }
      box.hidden = found.length === 0;
      if (!found.length && $("kg-search").value.trim()) setStatus("No entity has that name.");
      return found;
    }
    $("kg-search").addEventListener("input", () => { setStatus(""); showResults(); });
    $("kg-search").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        const found = showResults();
        $("kg-results").hidden = true;
        if (found.length) show(found[0]);
      } else if (ev.key === "Escape") { $("kg-results").hidden = true; }
    });

    /* ---- cards ---- */
    function nodeButton(k) {
      const b = el("button", N[k][0], "kg-link");
      b.type = "button";
      b.addEventListener("click", () => show(k));
      return b;
    }
    function evidenceList(j) {
      const ul = el("ul");
      for (const [a, text] of E[j][5]) {
        const li = el("li", "\u201c" + text + "\u201d ");
        li.append(el("span", "\u2014 ", "kg-dim"), articleLink(a));
        ul.append(li);
      }
      if (E[j][4] > E[j][5].length) ul.append(el("li", `and ${E[j][4] - E[j][5].length} more`, "kg-dim"));
      return ul;
    }
    function relationItem(i, j) {
      const e = E[j], li = el("li"), out = e[0] === i, other = out ? e[1] : e[0];
      if (out) li.append(el("span", kindLabel(e[2]) + " \u2192 ", "kg-dim"), nodeButton(other));
      else li.append(nodeButton(other), el("span", " \u2192 " + kindLabel(e[2]) + " \u2192 this", "kg-dim"));
      li.append(evidenceList(j));
      return li;
    }
    function cardShell(title) {
      const card = $("kg-card");
      card.replaceChildren();
      const close = el("button", "\u00d7", "kg-close");
      close.type = "button"; close.title = "Close";
      close.addEventListener("click", () => { card.hidden = true; network.unselectAll(); });
      card.append(close, el("h2", title));
      card.hidden = false;
      return card;
    }
    function section(card, title, items) {
      if (!items.length) return;
      card.append(el("h3", title));
      const ul = el("ul"); ul.append(...items); card.append(ul);
    }
    function showCard(i) {
      const n = N[i], card = cardShell(n[0]);
      card.dataset.node = String(i);
      card.append(el("div", `${typeName(i)} \u00b7 confidence ${n[3].toFixed(2)} \u00b7 ` +
        `${n[4]} mention(s) \u00b7 ${n[7]} relation(s)`, "kg-dim"), el("div", n[12], "kg-iri"));
      if (n[2].length) card.append(el("h3", "Also called"), el("div", n[2].join(" \u00b7 ")));
      if (n[9].length) card.append(el("div", "Date: " + n[9].join(", ")));
      const hiddenNb = new Set(adj[i].map((j) => (E[j][0] === i ? E[j][1] : E[j][0])).filter((k) => !nodes.get(k)));
      const more = el("button", hiddenNb.size ? `Expand ${hiddenNb.size} hidden neighbour(s)` : "Centre");
      more.type = "button";
      more.addEventListener("click", () => (hiddenNb.size ? expand(i) : show(i)));
      card.append(el("div", null, "kg-buttons")); card.lastChild.append(more);
      const rels = adj[i].filter((j) => E[j][2] !== TIE)
        .sort((a, b) => E[a][2].localeCompare(E[b][2]) || a - b);
      const isPost = (j) => E[j][2] === "holds" || (E[j][2] === "postIn" && E[j][0] === i);
      section(card, "Posts", rels.filter(isPost).map((j) => relationItem(i, j)));
      section(card, "Relations", rels.filter((j) => !isPost(j)).map((j) => relationItem(i, j)));
      section(card, "Mentioned with", adj[i].filter((j) => E[j][2] === TIE)
        .sort((a, b) => E[b][4] - E[a][4] || a - b).map((j) => {
          const li = el("li"); li.append(nodeButton(E[j][0] === i ? E[j][1] : E[j][0]),
            el("span", ` in ${E[j][4]} article(s)`, "kg-dim")); return li;
        }));
      section(card, `Quotes (${n[11]})`, n[10].map(([text, a]) => {
        const li = el("li"); li.append(el("blockquote", text), articleLink(a)); return li;
      }));
      const arts = n[8].slice().sort((a, b) => (A[b][4] || "").localeCompare(A[a][4] || ""));
      const items = arts.slice(0, 15).map((a) => {
        const li = el("li"); li.append(articleLink(a));
        const pub = A[a][3] >= 0 ? N[A[a][3]][0] : "";
        li.append(el("span", " " + [pub, A[a][4]].filter(Boolean).join(" \u00b7 "), "kg-dim"));
        return li;
      });
      if (arts.length > 15) items.push(el("li", `and ${arts.length - 15} more`, "kg-dim"));
      section(card, `Articles (${arts.length})`, items);
    }
    function showEdgeCard(j) {
      const e = E[j], card = cardShell(`${N[e[0]][0]} \u2192 ${kindLabel(e[2])} \u2192 ${N[e[1]][0]}`);
      card.dataset.edge = String(j);
      if (e[2] === TIE) {
        const shared = N[e[0]][8].filter((a) => N[e[1]][8].includes(a));
        card.append(el("div", `mentioned together in ${e[4]} article(s)`, "kg-dim"));
        section(card, "Articles", shared.map((a) => { const li = el("li"); li.append(articleLink(a)); return li; }));
        return;
      }
      card.append(el("div", `confidence ${e[3].toFixed(2)} \u00b7 ${e[4]} evidence sentence(s)`, "kg-dim"));
      const p = el("div"); p.append(nodeButton(e[0]), " \u00b7 ", nodeButton(e[1])); card.append(p);
      card.append(el("h3", "Evidence"), evidenceList(j));
    }
    network.on("click", (p) => {
      if (p.nodes.length) showCard(p.nodes[0]);
      else if (p.edges.length) showEdgeCard(p.edges[0]);
    });
    network.on("doubleClick", (p) => { if (p.nodes.length) expand(p.nodes[0]); });

    /* ---- start: style the drawn nodes, freeze physics once stable ---- */
    function ready() {
      setStatus("");
      if (!kg.ready) {
        kg.ready = true;
        kg.readyAt = performance.now();
        document.documentElement.dataset.kgReady = "1";
        if (D.meta.focus.length) show(D.meta.focus[0]);
      }
    }
    function laidOut() {
      network.fit();
      for (const fn of kg.onLayout) fn();
      ready();
    }
    network.on("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      laidOut();
    });
    nodes.update(nodes.getIds().map((id) => ({ id, title: tooltip(id) })));
    edges.update(edges.getIds().map((j) => visEdge(j)));
    summary();
    Object.assign(kg, { search, show, expand, passes, edgePasses, applyFilters, redraw, state,
      firstDay, colourFor, clip, el, norm, nodeButton, TIE });
    // controls.js wires the side panel, story.js adds layout hooks; then the first picture
    // (laid out by kg/layout.py) is fitted and the page is ready
    for (const part of window.kgParts || []) part();
    laidOut();
  }
})();
