"""The graph once built: opening it (store), querying it (query), serving it (serve).

`kg.graph.store` is the one place that knows where a build keeps its graph and how to load
an RDF file; everything that reads a graph goes through it, so `query` and `serve` never
need each other.
"""
