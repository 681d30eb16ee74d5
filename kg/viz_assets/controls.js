/* kg network page, second script: the side panel. Type and relation legends (each a
 * toggle), the community list (named stories, click to zoom to one), colour mode, and the
 * publisher / article / date / degree / confidence filters with Draw matching and Reset.
 * Built on window.kg (page.js); every string reaches the DOM through textContent.
 */
// queued: page.js runs it once the page data is read and window.kg is set
(window.kgParts = window.kgParts || []).push(function () {
  "use strict";
  const kg = window.kg, D = kg.data, N = D.nodes, E = D.edges, A = D.articles, T = D.types;
  const { network, nodes, state, applyFilters, show, redraw, passes, colourFor, clip, el, norm,
    nodeButton, TIE } = kg;
  const $ = (id) => document.getElementById(id);

  function legend() {
    const counts = T.map(() => 0);
    N.forEach((n) => { counts[n[1]] += 1; });
    T.forEach(([name, colour, shape], t) => {
      const label = el("label", null, "kg-type"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.dataset.type = name;
      box.addEventListener("change", () => {
        if (box.checked) state.types.add(t); else state.types.delete(t);
        applyFilters();
      });
      const sw = el("span", null, "kg-swatch kg-shape-" + shape);
      sw.style.background = colour;
      label.append(box, sw, el("span", name), el("span", String(counts[t]), "kg-dim"));
      $("kg-types").append(label);
    });
    const perKind = {};
    E.forEach((e) => { perKind[e[2]] = (perKind[e[2]] || 0) + 1; });
    for (const [k, [label, colour, dashes]] of Object.entries(D.kinds)) {
      const row = el("label", null, "kg-type"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.dataset.kind = k;
      box.addEventListener("change", () => {
        if (box.checked) state.kinds.add(k); else state.kinds.delete(k);
        applyFilters();
      });
      const sw = el("span", null, "kg-line");
      sw.style.borderTop = `${k === TIE ? 2 : 3}px ${dashes ? "dashed" : "solid"} ${colour}`;
      row.append(box, sw, el("span", label), el("span", String(perKind[k] || 0), "kg-dim"));
      $("kg-kinds").append(row);
    }
    const pubs = [...new Set(A.map((a) => a[3]).filter((p) => p >= 0))]
      .sort((a, b) => N[a][0].localeCompare(N[b][0]));
    for (const p of pubs) {
      const o = el("option", N[p][0]); o.value = String(p); $("kg-publisher").append(o);
    }
    $("kg-colour").value = state.colour;
    communities();
  }
  function communities() {
    const box = $("kg-communities");
    box.replaceChildren();
    if (state.colour !== "community" || !D.communities.length) return;
    box.append(el("div", "Stories (communities), by their most central members; click one to zoom to it", "kg-dim"));
    D.communities.slice(0, D.palette.length).forEach(([size, leads], c) => {
      const row = el("div", null, "kg-type"), sw = el("span", null, "kg-swatch");
      sw.style.background = D.palette[c];
      const b = el("button", communityName(c), "kg-link");
      b.type = "button"; b.dataset.community = String(c);
      b.addEventListener("click", () => {
        const ids = nodes.getIds().filter((id) => N[id][6] === c && !nodes.get(id).hidden);
        if (ids.length) network.fit({ nodes: ids, animation: { duration: 300 } });
        else show(leads[0]);
      });
      row.append(sw, b, el("span", `${size}`, "kg-dim"));
      box.append(row);
    });
  }
  function communityName(c) {
    return D.communities[c][1].map((k) => clip(N[k][0], 26)).join(" \u00b7 ");
  }
  function recolour() {
    nodes.update(nodes.getIds().map((id) => ({ id, color: colourFor(id) })));
    communities();
  }
  let timer = 0;
  function later(fn) { clearTimeout(timer); timer = setTimeout(fn, 150); }
  $("kg-colour").addEventListener("change", (ev) => { state.colour = ev.target.value; recolour(); });
  $("kg-publisher").addEventListener("change", (ev) => { state.publisher = Number(ev.target.value); applyFilters(); });
  $("kg-article").addEventListener("input", (ev) => later(() => { state.article = norm(ev.target.value); applyFilters(); }));
  $("kg-from").addEventListener("change", (ev) => { state.from = ev.target.value; applyFilters(); });
  $("kg-to").addEventListener("change", (ev) => { state.to = ev.target.value; applyFilters(); });
  $("kg-mindeg").addEventListener("input", (ev) => { state.minDeg = Number(ev.target.value) || 0; applyFilters(); });
  $("kg-minconf").addEventListener("input", (ev) => {
    state.minConf = Number(ev.target.value) || 0;
    $("kg-minconf-out").textContent = state.minConf.toFixed(2);
    applyFilters();
  });
  $("kg-redraw").addEventListener("click", () => {
    redraw(N.map((_, i) => i).filter(passes).slice(0, D.meta.top));
  });
  $("kg-reset").addEventListener("click", () => {
    Object.assign(state, { publisher: -1, article: "", from: "", to: "", until: "", minDeg: 0, minConf: 0 });
    state.types = new Set(T.map((_, t) => t));
    state.kinds = new Set(Object.keys(D.kinds));
    for (const box of document.querySelectorAll("#kg-types input, #kg-kinds input")) box.checked = true;
    if (kg.onReset) kg.onReset();
    for (const id of ["kg-article", "kg-from", "kg-to"]) $(id).value = "";
    $("kg-publisher").value = "-1"; $("kg-mindeg").value = "0"; $("kg-minconf").value = "0";
    $("kg-minconf-out").textContent = "0.00";
    applyFilters();
  });
  legend();
  Object.assign(kg, { communityName, recolour });
});
