"""The graph as stored and served: Oxigraph stores, the SPARQL endpoint."""
