"""Draw a GraphML export as another tool would see it: read back with networkx (no kg
code), laid out and drawn with matplotlib. Makes docs/graphml-export.png.

    .venv/bin/kg export DIR --format graphml --out g.graphml --co-mentions
    .venv/bin/python scripts/graphml_figure.py g.graphml docs/graphml-export.png
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

COLOURS = {"Person": "#e45756", "Organization": "#4c78a8", "Place": "#54a24b",
           "Event": "#f58518", "Post": "#b279a2"}


def main(src: str, dst: str, top: int = 60) -> None:
    G = nx.read_graphml(src)
    typed = nx.Graph()
    for s, o, d in G.edges(data=True):
        if d.get("kind") != "coMention":
            typed.add_edge(s, o)
    core = max(nx.connected_components(typed), key=len) if typed.number_of_edges() else set()
    rank = dict(nx.Graph(G).degree(weight="weight"))  # weighted degree: no scipy needed
    keep = sorted(core, key=lambda n: -rank[n])[:top]
    H = nx.Graph(G.subgraph(keep))
    pos = nx.spring_layout(H, seed=7, k=0.9)
    fig, ax = plt.subplots(figsize=(14, 9), dpi=100)
    sizes = [3000 * rank[n] / max(rank[k] for k in keep) + 80 for n in H]
    nx.draw_networkx_edges(H, pos, ax=ax, alpha=0.35, edge_color="#888")
    nx.draw_networkx_nodes(H, pos, ax=ax, node_size=sizes,
                           node_color=[COLOURS.get(G.nodes[n]["type"], "#999") for n in H])
    nx.draw_networkx_labels(H, pos, ax=ax, font_size=8,
                            labels={n: G.nodes[n]["label"] for n in H})
    for t, c in COLOURS.items():
        ax.scatter([], [], color=c, label=t)
    ax.legend(loc="lower left", frameon=False)
    ax.set_title(f"{Path(src).name}: largest connected part of the typed relations, "
                 f"{len(keep)} most "
                 "central entities (read back with networkx.read_graphml)")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
