"""Co-mention counts materialised at build time, so `co-occurrence` answers at once.

Counting the pairs of people that share articles means joining every article's mentions
with themselves: on the 21,930-article corpus hundreds of thousands of pairs, seconds of
SPARQL for every question, and an engine must count them all before it can rank the first.
The build knows which entity each mention became, so it counts the pairs once, in Python,
from the same facts the article graphs state (`schema:mentions` of a kept Person entity,
the publisher excepted), and writes the `TOP` pairs that share most articles (ties by the
two labels, as the query orders them) into the named graph `kgr:graph/co-mentions`:

    kgr:co-mention/<hash> a kg:CoMention ; kg:person1 ?p1 ; kg:person2 ?p2 ;
        kg:articles 12 ; kg:page 1 .

`queries/co-occurrence.rq` reads them a page (100 pairs) at a time. Asked about one
person (`--param name`) it counts that person's pairs live from the article graphs, which
is cheap, so every pair is found, not only the top ones. tests/test_comentions.py checks
the counts against the live SPARQL count on a built graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.models import Resolution
from kg.rdf import Triple, entity_iri, kept_entities
from kg.vocab import KG, RES

COMENTIONS_GRAPH = RES["graph/co-mentions"]
TOP = 1000
PAGE_SIZE = 100


def pair_counts(resolution: Resolution, min_confidence: float = 0.0) -> Counter[tuple[str, str]]:
    """(IRI, IRI) in string order -> number of articles that mention both people."""
    kept = kept_entities(resolution, min_confidence)
    ents = resolution.entities
    people: dict[str, set[str]] = defaultdict(set)  # article id -> person IRIs
    iris: dict[str, str] = {}
    for (aid, mkey), eid in resolution.mention_entity.items():
        if mkey == "publisher" or eid not in kept or ents[eid].type != "Person":
            continue
        iri = iris.get(eid)
        if iri is None:
            iri = iris[eid] = str(entity_iri(ents[eid]))
        people[aid].add(iri)
    counts: Counter[tuple[str, str]] = Counter()
    for ps in people.values():
        if len(ps) > 1:
            counts.update(combinations(sorted(ps), 2))
    return counts


def comention_triples(resolution: Resolution, min_confidence: float = 0.0,
                      top: int = TOP) -> list[Triple]:
    """The graph's triples: the `top` pairs by shared articles, ranked as the query ranks."""
    counts = pair_counts(resolution, min_confidence)
    label = {str(entity_iri(e)): e.label for e in resolution.entities.values()
             if e.type == "Person"}
    ranked = sorted(counts.items(),
                    key=lambda kv: (-kv[1], label[kv[0][0]], label[kv[0][1]], kv[0]))[:top]
    out: list[Triple] = []
    for rank, ((p1, p2), n) in enumerate(ranked):
        node = RES[f"co-mention/{hashlib.sha1(f'{p1} {p2}'.encode()).hexdigest()[:20]}"]
        out += [(node, RDF.type, KG.CoMention), (node, KG.person1, URIRef(p1)),
                (node, KG.person2, URIRef(p2)), (node, KG.articles, Literal(n)),
                (node, KG.page, Literal(1 + rank // PAGE_SIZE))]
    return out
