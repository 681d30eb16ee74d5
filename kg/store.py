"""Compatibility shim: graph loading moved to kg.graph.store (removed once unused)."""

from kg.graph.store import GRAPH_FILE, graph_file
from kg.graph.store import open_dataset as load_dataset

__all__ = ["GRAPH_FILE", "graph_file", "load_dataset"]
