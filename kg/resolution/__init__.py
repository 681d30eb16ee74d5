"""Entity resolution stage: which mentions name the same thing (one entity, one IRI).

Modules, one job each: names (normalising surface forms), acronyms (what a name
abbreviates), local_ties (ties an article states about itself), resolver (local clusters
and cross-article nodes), across (merges between nodes), entities (labels and ids).
The public face is `kg.resolve` (Resolver, Resources, resolve); rules in docs/resolve.md.
"""
