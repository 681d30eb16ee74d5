"""Content negotiation per RFC 9110 §12.5.1: `Accept` media ranges with q-values.

Each offered media type gets the q-value of the most specific range that matches it
(`type/subtype` over `type/*` over `*/*`); q=0 means "not acceptable". The highest q
wins and ties go to the server's order of preference, so `Accept: */*` or no header at
all gives the standard format. Nothing acceptable gives None (the caller answers 406).
"""

from __future__ import annotations

# (media type, pyoxigraph format name); first = the default
RESULT_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
    ("application/json", "JSON"),
    ("application/xml", "XML"),
)
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "RDF_XML"),
    ("application/n-quads", "N_QUADS"),
    ("application/trig", "TRIG"),
    ("application/json", "JSON_LD"),
    ("application/xml", "RDF_XML"),
    ("text/plain", "N_TRIPLES"),
)


def parse_accept(header: str) -> list[tuple[str, str, float]]:
    """`Accept` → [(type, subtype, q)]; malformed ranges are ignored, as RFC 9110 allows."""
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1:
            continue
        mtype, subtype = media.split("/")
        if not mtype or not subtype or (mtype == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((mtype, subtype, q))
    return out


def _quality(media: str, ranges: list[tuple[str, str, float]]) -> float:
    mtype, subtype = media.split("/")
    best, best_rank = 0.0, -1
    for rtype, rsub, q in ranges:
        if rtype == mtype and rsub == subtype:
            rank = 2
        elif rtype == mtype and rsub == "*":
            rank = 1
        elif rtype == "*" and rsub == "*":
            rank = 0
        else:
            continue
        if rank > best_rank:
            best, best_rank = q, rank
    return best


def choose(accept: str | None, offers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The offered (media type, format) the client prefers, or None if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer[0], ranges)
        if q > best_q:
            best, best_q = offer, q
    return best
