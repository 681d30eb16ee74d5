"""`kg stats`: who is central, which groups hang together, how fragmented the graph is.

Computed with networkx on the same graph the page draws (`kg.netgraph`), so the most
central entities in a report are the ones the page shows first. Betweenness is sampled
(a fixed seed, at most 100 sources): exact betweenness costs O(n*m) and a 5,000-article
graph must still report in seconds. The chart is a PNG for reports (matplotlib, Agg).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from kg.cache import atomic_write
from kg.netgraph import communities, ranking, simple, tie_network, to_networkx

BETWEENNESS_SAMPLES = 100
# control characters in article text must not reach a terminal (ANSI escapes, line breaks)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _term(text: str) -> str:
    return _CONTROL.sub("?", text)


@dataclass
class Ranked:
    """One entity in a top list."""

    label: str
    type: str
    iri: str
    pagerank: float
    degree: int
    betweenness: float
    mentions: int


@dataclass
class Community:
    size: int
    members: list[str]  # the most central few, by label
    types: dict[str, int]


@dataclass
class StatsReport:
    entities: int
    relations: int
    articles: int
    by_type: dict[str, int]
    by_kind: dict[str, int]
    components: int
    largest_component: int
    isolated: int
    modularity: float
    top_people: list[Ranked] = field(default_factory=list)
    top_organisations: list[Ranked] = field(default_factory=list)
    top_overall: list[Ranked] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def analyse(ds: Dataset, top: int = 10) -> StatsReport:
    """Network statistics for a kg Dataset."""
    return analyse_graph(to_networkx(ds), top=top)


def analyse_graph(G: nx.MultiDiGraph, top: int = 10) -> StatsReport:
    """Network statistics for a graph from `kg.netgraph.to_networkx`."""
    H = simple(G)
    rank = ranking(G)
    k = min(BETWEENNESS_SAMPLES, H.number_of_nodes())
    between = nx.betweenness_centrality(H, k=k or None, seed=0) if k > 1 else {}
    comps = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    comms = communities(G)
    T = tie_network(G)[1]  # communities are found on relations and co-mentions
    Hc = T.subgraph(set().union(*comms)) if comms else T
    modularity = nx.community.modularity(Hc, comms) if comms and Hc.number_of_edges() else 0.0

    def ranked(n: str) -> Ranked:
        d = G.nodes[n]
        return Ranked(d["label"], d["type"], n, round(rank[n], 6), H.degree(n),
                      round(between.get(n, 0.0), 6), d["mentions"])

    order = sorted(G.nodes, key=lambda n: (-rank[n], G.nodes[n]["label"], n))
    by = {t: [n for n in order if G.nodes[n]["type"] == t] for t in ("Person", "Organization")}
    return StatsReport(
        entities=G.number_of_nodes(), relations=G.number_of_edges(),
        articles=len(G.graph.get("articles", {})),
        by_type=dict(Counter(d["type"] for _n, d in G.nodes(data=True)).most_common()),
        by_kind=dict(Counter(k for *_, k in G.edges(keys=True)).most_common()),
        components=len(comps), largest_component=comps[0] if comps else 0,
        isolated=sum(1 for n in H if H.degree(n) == 0), modularity=round(modularity, 4),
        top_people=[ranked(n) for n in by["Person"][:top]],
        top_organisations=[ranked(n) for n in by["Organization"][:top]],
        top_overall=[ranked(n) for n in order[:top]],
        communities=[Community(len(c), [G.nodes[n]["label"] for n in
                                        sorted(c, key=lambda n: -rank[n])[:5]],
                               dict(Counter(G.nodes[n]["type"] for n in c).most_common()))
                     for c in comms[:top]],
    )


def _table(rows: list[Ranked]) -> list[str]:
    if not rows:
        return ["  (none)"]
    width = min(max(len(_term(r.label)) for r in rows), 48)
    lines = [f"  {'#':>2}  {'name':<{width}}  {'pagerank':>9}  {'degree':>6}  "
             f"{'between':>8}  {'mentions':>8}"]
    for i, r in enumerate(rows, 1):
        label = _term(r.label)
        name = label if len(label) <= width else label[: width - 1] + "…"
        lines.append(f"  {i:>2}  {name:<{width}}  {r.pagerank:>9.5f}  {r.degree:>6}  "
                     f"{r.betweenness:>8.4f}  {r.mentions:>8}")
    return lines


def render_text(report: StatsReport) -> str:
    """The report as plain text for a terminal."""
    types = ", ".join(f"{n} {t}" for t, n in report.by_type.items()) or "none"
    kinds = ", ".join(f"{n} {k}" for k, n in report.by_kind.items()) or "none"
    out = [
        f"{report.entities} entities ({types})",
        f"{report.relations} distinct relations ({kinds}) from {report.articles} articles "
        "(stats.json also counts each article's statement of one: relation_statements)",
        f"{report.components} connected components; the largest has "
        f"{report.largest_component} entities; {report.isolated} entities have no relation",
        "",
        "Most central people (PageRank on relations and co-mentions):",
        *_table(report.top_people), "",
        "Most central organisations:", *_table(report.top_organisations), "",
        f"Communities (Louvain, modularity {report.modularity:.3f}), largest first:",
    ]
    if not report.communities:
        out.append("  (none: no relations)")
    for i, c in enumerate(report.communities, 1):
        mix = ", ".join(f"{n} {t}" for t, n in c.types.items())
        out.append(f"  {i:>2}. {c.size} entities ({mix}): {_term('; '.join(c.members))}")
    return "\n".join(out) + "\n"


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def write_chart(report: StatsReport, path: Path) -> Path:
    """Bar charts of the most central people and organisations, written atomically as PNG."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("People", report.top_people, "#e15759"),
              ("Organisations", report.top_organisations, "#4e79a7")]
    rows = max(len(report.top_people), len(report.top_organisations), 1)
    fig, axes = plt.subplots(1, 2, figsize=(13, 1.2 + 0.38 * rows))
    for ax, (title, ranked, colour) in zip(axes, panels, strict=True):
        ax.set_title(f"Most central {title.lower()} (PageRank)", fontsize=11)
        if not ranked:
            ax.text(0.5, 0.5, "none", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        names = [_short(r.label) for r in reversed(ranked)]
        ax.barh(range(len(names)), [r.pagerank for r in reversed(ranked)], color=colour)
        ax.set_yticks(range(len(names)), names, fontsize=9)
        for tick in ax.get_yticklabels():
            tick.set_parse_math(False)  # a `$` in a name is text, not the start of mathtext
        ax.set_xlabel("PageRank", fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.suptitle(f"{report.entities} entities, {report.relations} relations, "
                 f"{report.articles} articles", fontsize=10, color="#555555")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    path = Path(path)
    atomic_write(path, buf.getvalue())
    return path
