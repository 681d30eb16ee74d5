"""The network page (DIR/graph.html): pyvis-drawn, offline, and safe with untrusted text.

Why it is built this way:
- pyvis (`cdn_resources="in_line"`) gives the vis-network drawing and its data format, but
  its stock template links Bootstrap from a CDN and has no search, legend or cards; so the
  page is rendered through pyvis with our own template (`viz_assets/page.html`), which
  inlines pyvis' vis-network files plus our small script and style. No file, font or CDN
  is fetched: a Content-Security-Policy with `default-src 'none'` and a hash per inline
  script makes that a rule the browser enforces, and stops any script that escaping missed.
- All data (every entity and its card, articles, evidence) is embedded as gzip-compressed
  JSON in base64 (`pack`: a quarter of the bytes for the browser's HTML parser on a big
  corpus); the drawn part (vis-network's nodes, edges and options) as JSON in
  `<script type="application/json">` blocks with `<`, `>`, `&`, U+2028 and U+2029
  escaped. The script shows text with textContent only, never innerHTML.
- Big graphs: the page embeds every entity so search reaches all of them, but draws only
  the N most central (PageRank, `kg.netgraph.ranking`), coloured by community; the rest
  are a search or a neighbourhood expansion away. Physics stabilises, then freezes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network
from rdflib import Dataset

from kg.cache import atomic_write
from kg.errors import KgError
from kg.layout import community_layout
from kg.models import ENTITY_TYPES
from kg.netgraph import (
    communities,
    find_nodes,
    ranking,
    select,
    simple,
    tie_network,
    to_networkx,
)
from kg.netread import from_store
from kg.vocab import RES

ASSETS = Path(__file__).with_name("viz_assets")
AUTO_ALL = 400  # graphs up to this many entities are drawn whole
DEFAULT_TOP = 300  # otherwise the most central this many are drawn first
MAX_EVIDENCE = 5  # sentences kept per relation on the page (the graph keeps all)
MAX_QUOTES = 10
MAX_TIE_EVIDENCE = 3  # quotes kept per quote tie (the speaker's card has the rest)
MAX_TIE_TEXT = 240
MAX_TEXT = 400

# type -> (colour, vis shape); shapes keep types apart when colour shows communities
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "Place": ("#59a14f", "triangle"),
    "Event": ("#f28e2b", "star"),
    "Post": ("#b07aa1", "diamond"),
}
# edge kind -> (label, colour, dashes, arrow): each kind its own style in the legend
KIND_STYLE: dict[str, tuple[str, str, bool | list[int], bool]] = {
    "holds": ("holds", "#7b4fa0", False, True),
    "postIn": ("post in", "#b07aa1", [6, 3], True),
    "areaServed": ("serves", "#3f8f3a", [6, 3], True),
    "attendee": ("attendee", "#e07b00", False, True),
    "location": ("at", "#2e8b57", False, True),
    "organizer": ("organiser", "#c0504d", False, True),
    "quote": ("speaks of", "#d6336c", [2, 4], True),
    "comention": ("mentioned with", "#cfd5db", False, False),
}
KIND_LABEL: dict[str, str] = {k: v[0] for k, v in KIND_STYLE.items()}
TIE_KINDS = ("comention", "quote")
ACROSS_OPACITY = 0.3
NAME_MEMBERS = 2  # a community is named by its most central few
NAMING_TYPES = ("Person", "Organization")
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173", "#3182bd",
           "#e6550d", "#31a354"]
_SAFE_URL = re.compile(r"^(https?|file):", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no `</script>`, `<!--`, or JS line ends.

    Accepts an object or an already-serialised JSON string (pyvis gives its options so).
    """
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                          separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def pack(value: Any) -> str:
    """The page data as gzip-compressed JSON in base64 (page.js `readData` unpacks it).

    Why: on a big corpus the HTML parser's time grows with the page's bytes (about 40 ms
    per MB in headless Chromium here), and gzip takes JSON to about a quarter; base64 is
    only letters, digits, `+`, `/` and `=`, so nothing in it can end the script element.
    `mtime=0`: the same graph gives the same page, byte for byte.
    """
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def unpack(html: str) -> dict[str, Any]:
    """The page data of a written page (tests and tools read the page as the browser does)."""
    m = re.search(r'<script type="application/octet-stream" id="kg-data">([^<]*)</script>', html)
    if m is None:
        raise ValueError("no kg-data block in the page")
    return json.loads(gzip.decompress(base64.b64decode(m.group(1))))


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(score: float, best: float) -> float:
    return round(10 + 30 * math.sqrt(score / best), 1) if best > 0 else 10.0


def _story_name(G: nx.MultiDiGraph, members: set[str], index: dict[str, int]) -> list[int]:
    """The members a community is named by: its most central people and organisations
    (posts, places and events are long, generic or shared by many stories), others if
    there are too few."""
    ranked = sorted(members, key=lambda n: index[n])
    named = [n for n in ranked if G.nodes[n]["type"] in NAMING_TYPES][:NAME_MEMBERS]
    named += [n for n in ranked if n not in named][: NAME_MEMBERS - len(named)]
    return sorted(index[n] for n in named)


def page_data(G: nx.MultiDiGraph, *, top: int | None = None, roots: list[str] = ()
              ) -> tuple[dict[str, Any], list[str]]:  # type: ignore[assignment]
    """Compact payload for the page script, and the node order (index = node id on the page).

    Nodes are ordered by centrality, so "the N most central" is simply ids 0..N-1. Tuples
    instead of objects keep a several-thousand-article page to a few megabytes; the field
    order is documented in viz_assets/page.js.
    """
    rank = ranking(G)
    order = sorted(G.nodes, key=lambda n: (-rank[n], G.nodes[n]["label"], n))
    index = {n: i for i, n in enumerate(order)}
    comm_of: dict[str, int] = {}
    comms = communities(G)
    for c, members in enumerate(comms):
        for n in members:
            comm_of[n] = c
    degree = dict(simple(G).degree())
    arts_meta = G.graph.get("articles", {})
    art_ids = sorted(a for a in {a for n in G for a in G.nodes[n]["articles"]} |
                     {q["article"] for n in G for q in G.nodes[n]["quotes"]} |
                     {e["article"] for *_, d in G.edges(data=True) for e in d["evidence"]}
                     if a in arts_meta)
    art_index = {a: i for i, a in enumerate(art_ids)}
    articles = []
    for a in art_ids:
        info = arts_meta[a]
        url = info.url if _SAFE_URL.match(info.url or "") else ""
        articles.append([info.id or a.rsplit("/", 1)[-1], _clip(info.headline, 200), url,
                         index.get(info.publisher or "", -1), info.date[:10]])
    types = list(ENTITY_TYPES)
    prefix = str(RES)
    nodes = []
    for n in order:
        d = G.nodes[n]
        quotes = [[_clip(q["text"]), art_index.get(q["article"], -1)]
                  for q in d["quotes"][:MAX_QUOTES]]
        nodes.append([
            _clip(d["label"], 200), types.index(d["type"]), [_clip(a, 200) for a in d["aliases"]],
            round(d["confidence"], 3), d["mentions"], round(rank[n], 8), comm_of.get(n, -1),
            degree.get(n, 0), sorted(art_index[a] for a in d["articles"] if a in art_index),
            d["dates"], quotes, len(d["quotes"]), n.removeprefix(prefix),
        ])
    def first(arts: list[str]) -> str:
        days = [arts_meta[a].date[:10] for a in arts if a in arts_meta and arts_meta[a].date]
        return min(days, default="")

    edges = []
    for s, o, d in sorted(G.edges(data=True), key=lambda e: (index[e[0]], index[e[1]],
                                                             e[2]["kind"])):
        ev = [[art_index.get(e["article"], -1), _clip(e["text"])]
              for e in d["evidence"][:MAX_EVIDENCE]]
        edges.append([index[s], index[o], d["kind"], round(d["confidence"], 3),
                      len(d["evidence"]), ev, first([e["article"] for e in d["evidence"]])])
    ties, H = tie_network(G)
    # co-mentions carry no text (the card lists the shared articles): four numbers each in
    # a flat list, unpacked after the other edges by page.js, as by `edge_rows` here
    tie_days = sorted({t.first for t in ties if t.kind == "comention"})
    day_index = {d: k for k, d in enumerate(tie_days)}
    flat: list[int] = []
    for t in ties:
        if t.kind == "comention":
            flat += [index[t.source], index[t.target], t.weight, day_index[t.first]]
            continue
        ev = [[art_index.get(e["article"], -1), _clip(e["text"], MAX_TIE_TEXT)]
              for e in t.evidence[:MAX_TIE_EVIDENCE]]
        edges.append([index[t.source], index[t.target], t.kind, 1.0, t.weight, ev, t.first])
    if top is None:
        top = len(order) if len(order) <= AUTO_ALL else DEFAULT_TOP
    drawn = sorted(set(range(min(top, len(order)))) | {index[r] for r in roots})
    pos = community_layout(H, [order[i] for i in drawn], comm_of)
    names = [_story_name(G, c, index) for c in comms]
    data = {
        "meta": {"entities": len(order), "relations": len(edges) + len(flat) // 4,
                 "articles": len(articles),
                 "top": top, "focus": [index[r] for r in roots],
                 "colour": "community" if comms else "type"},
        "types": [[t, *TYPE_STYLE[t]] for t in types],
        "kinds": {k: list(v) for k, v in KIND_STYLE.items()},
        "palette": PALETTE,
        "communities": [[len(c), lead] for c, lead in zip(comms, names, strict=True)],
        "articles": articles,
        "nodes": nodes,
        "edges": edges,
        "ties": flat,
        "tieDays": tie_days,
        "drawn": drawn,
        "pos": [[round(pos[order[i]][0], 1), round(pos[order[i]][1], 1)] for i in drawn],
    }
    return data, order


def edge_rows(data: dict[str, Any]) -> list[list[Any]]:
    """Every edge of the page data in page.js' order: `edges`, then the packed co-mention
    `ties` as edge tuples (so edge j is the same edge in Python and on the page)."""
    t, days = data["ties"], data["tieDays"]
    return data["edges"] + [[t[k], t[k + 1], "comention", 1.0, t[k + 2], [], days[t[k + 3]]]
                            for k in range(0, len(t), 4)]


def _vis_options(n_drawn: int) -> dict[str, Any]:
    """vis-network options. The first picture comes laid out (kg.layout), so physics is
    off; "Draw matching" turns it on for a quick forceAtlas2 layout, frozen once stable."""
    return {
        "autoResize": True,
        # labels below 8 px on screen are not drawn (they appear as you zoom in);
        # story.js enlarges the most central ones once the layout is fitted
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 4,
                           "strokeColor": "#ffffff", "color": "#1b1b1b"}, "borderWidth": 1,
                  "scaling": {"label": {"enabled": False, "drawThreshold": 9,
                                        "maxVisible": 28}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "font": {"size": 10, "align": "middle", "color": "#555555"},
                  "scaling": {"label": {"drawThreshold": 8}},
                  "color": {"color": "#a0a8b0", "highlight": "#333333", "hover": "#333333"},
                  "width": 1},
        "physics": {"enabled": False, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                         "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": 250 if n_drawn < 150 else 180,
                                      "updateInterval": 20, "fit": True},
                    "minVelocity": 1.5, "timestep": 0.45},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n_drawn > 150,
                        "keyboard": False, "multiselect": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


def edge_style(j: int, kind: str, count: int, across: bool = False) -> dict[str, Any]:
    """vis-network edge j in its kind's style (page.js `visEdge` draws the same).

    A tie `across` two stories (communities) is drawn faint: on a big corpus the many
    co-mentions between the most central entities would otherwise hide the stories.
    """
    label, colour, dashes, arrow = KIND_STYLE.get(kind, (kind, "#a0a8b0", False, True))
    tie = kind == "comention"
    faint = across and kind in TIE_KINDS
    return {"id": j, "label": "" if tie else label, "dashes": dashes,
            "color": {"color": colour, "highlight": "#333333", "hover": "#333333",
                      "opacity": ACROSS_OPACITY if faint else 1.0},
            "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.5}},
            "width": round(min(1 + math.log2(max(count, 1)), 5), 2) if tie else 1.5}


def _network(data: dict[str, Any]) -> Network:
    """The initially drawn nodes and edges as a pyvis Network (styled by type or community)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  bgcolor="#ffffff", font_color="#222222")
    drawn = set(data["drawn"])
    best = max((n[5] for n in data["nodes"]), default=0.0)
    by_comm = data["meta"]["colour"] == "community"
    where = dict(zip(data["drawn"], data["pos"], strict=True))
    for i in data["drawn"]:
        label, t, *_rest = data["nodes"][i]
        comm = data["nodes"][i][6]
        colour = data["types"][t][1]
        if by_comm:
            colour = PALETTE[comm] if 0 <= comm < len(PALETTE) else "#b8b8b8"
        x, y = where[i]
        net.add_node(i, label=_clip(label, 40), shape=data["types"][t][2], color=colour,
                     size=_size(data["nodes"][i][5], best), x=x, y=y)
    comm = [n[6] for n in data["nodes"]]
    for j, (s, o, kind, _c, count, *_r) in enumerate(edge_rows(data)):
        if s in drawn and o in drawn:
            net.add_edge(s, o, **edge_style(j, kind, count, comm[s] != comm[o]))
    net.options = _vis_options(len(drawn))  # type: ignore[assignment]
    return net


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp(html: str) -> str:
    """Fill the CSP placeholder with the hash of every inline script actually on the page."""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    policy = ("default-src 'none'; script-src " + " ".join(hashes) + "; style-src "
              "'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return html.replace("KG_CSP_POLICY", policy, 1)


def render_page(G: nx.MultiDiGraph, *, top: int | None = None, roots: list[str] = ()
                ) -> str:  # type: ignore[assignment]
    """The whole page as a string for an already selected graph."""
    data, _order = page_data(G, top=top, roots=roots)
    net = _network(data)
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(ASSETS)),
                                           FileSystemLoader(net.template_dir)]),
                      autoescape=False)
    env.filters["safejson"] = safe_json
    env.globals.update(kg_data=pack(data), kg_js=_asset("page.js"),
                       kg_controls_js=_asset("controls.js"), kg_story_js=_asset("story.js"),
                       kg_css=_asset("page.css"),
                       kg_title=f"kg network: {len(data['nodes'])} entities")
    net.templateEnv = env
    net.path = "page.html"
    html = _csp(net.generate_html(name="graph.html"))
    if re.search(r"<(?:link|script|img|iframe)\b[^>]*\b(?:src|href)\s*=", html):
        raise RuntimeError("the page template references an external resource")
    return html


def network_of(graph: Dataset | ox.Store | Any) -> nx.MultiDiGraph:
    """The networkx model of a graph given as an rdflib Dataset, an Oxigraph store, or
    the store's `kg.graph.store.UnionView` (what the build hands over): a store is read
    by SPARQL (`kg.netread`), which is several times cheaper than walking its quads."""
    store = graph if isinstance(graph, ox.Store) else getattr(graph, "store", None)
    if isinstance(store, ox.Store):
        return from_store(store)
    return to_networkx(graph)


def write_page(ds: Dataset | ox.Store | Any, out: Path, *, focus: str | None = None,
               depth: int = 1, types: set[str] | None = None, min_degree: int = 0,
               top: int | None = None, min_confidence: float = 0.0) -> Path:
    """Write the network page for a kg graph (see `network_of`) to `out`, atomically
    (temp file + replace).

    focus/depth, types, min_degree and min_confidence choose which entities the page holds
    at all; top chooses how many of them are drawn before the user searches or expands.
    """
    if top is not None and top < 1:
        raise KgError(f"--top {top}: give a positive number of entities to draw.")
    if depth < 0:
        raise KgError(f"--depth {depth}: give 0 or more steps around the focus.")
    G = network_of(ds)
    H = select(G, focus=focus, depth=depth, types=types, min_degree=min_degree,
               min_confidence=min_confidence)
    roots = [n for n in find_nodes(G, focus) if n in H] if focus else []
    out = Path(out)
    atomic_write(out, render_page(H, top=top, roots=roots))
    return out
