"""Compatibility shim: SPARQL running moved to kg.graph.query (removed once unused)."""

from kg.graph.query import (  # noqa: F401
    BACKENDS,
    FORMATS,
    QueryResult,
    format_result,
    named_queries,
    parse_params,
    resolve_query,
    run_query,
)
