"""Namespaces of the graph. Everything schema.org, ORG, PROV and SKOS lack lives in KG.

KG terms (documented in the README):
- kg:confidence (xsd:decimal 0..1) on entities, quotations and rdf:Statement evidence nodes
- kg:evidenceText, kg:charStart, kg:charEnd on rdf:Statement nodes (the sentence that
  states a fact, with offsets into the article's cleaned text)
- kg:articleText: the cleaned article text, so offsets can be checked
- kg:mentionCount on entities
- kg:contentHash on articles (incremental builds)
- kg:formerlyHeld (Person -> org:Post): a post the text says the person held before
  ("mantan Ketua MK", "eks Kapolda", "pernah menjabat"); never org:holds, which is only for
  a post held at the time of the article
- kg:Correction (a user's correction, in the graph kgr:graph/corrections) with kg:action,
  kg:target, kg:value; facts it states carry rdf:Statement nodes prov:wasGeneratedBy it
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
KG = Namespace("https://w3id.org/kg-id/ns#")
RES = Namespace("https://w3id.org/kg-id/resource/")
# Named graph holding resolution-wide facts (canonical labels, entity confidence).
ENTITIES_GRAPH = RES["graph/entities"]
# Named graph holding what the user's corrections (DIR/corrections.csv) state.
CORRECTIONS_GRAPH = RES["graph/corrections"]

PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA,
    "org": ORG,
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "rdfs": Namespace(str(RDFS)),
    "rdf": Namespace(str(RDF)),
    "xsd": Namespace(str(XSD)),
    "dcterms": Namespace(str(DCTERMS)),
    "kg": KG,
    "kgr": RES,
}

# kg entity type -> rdf class
TYPE_CLASS = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Event": SCHEMA.Event,
    "Post": ORG.Post,
}
CLASS_TYPE = {v: k for k, v in TYPE_CLASS.items()}
# subclasses kg may emit, mapped back to kg types (viz/evaluate use this)
for _sub in ("GovernmentOrganization", "NewsMediaOrganization", "Corporation",
             "EducationalOrganization", "PoliticalParty"):
    CLASS_TYPE[SCHEMA[_sub]] = "Organization"
for _sub in ("City", "AdministrativeArea", "Country", "LandmarksOrHistoricalBuildings",
             "CivicStructure"):
    CLASS_TYPE[SCHEMA[_sub]] = "Place"


def bind_prefixes(graph: object) -> None:
    """Bind the kg prefixes on an rdflib Graph or Dataset for readable output."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)  # type: ignore[attr-defined]
