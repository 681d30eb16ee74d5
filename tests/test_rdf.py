"""The graph shape promised in CONTRACT.md: named graphs, vocabulary, evidence, confidence."""

from __future__ import annotations

from conftest import small_extraction
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf import article_iri, build_dataset, slugify
from kg.vocab import ENTITIES_GRAPH, KG, ORG, SCHEMA


def _ds(min_confidence: float = 0.0):  # noqa: ANN202
    exs, res = small_extraction()
    return build_dataset(exs, res, min_confidence=min_confidence)


def test_one_named_graph_per_article_holds_its_facts() -> None:
    ds = _ds()
    a = article_iri("a1")
    g = ds.graph(a)
    person = URIRef("https://w3id.org/kg-id/resource/person/ridwan-kamil")
    post = URIRef("https://w3id.org/kg-id/resource/post/gubernur-jawa-barat")
    assert (person, ORG.holds, post) in g
    assert (a, RDF.type, SCHEMA.NewsArticle) in g
    assert (a, SCHEMA.identifier, Literal("a1")) in g
    assert (a, SCHEMA.mentions, person) in g
    assert len(list(g.objects(a, SCHEMA.publisher))) == 1
    # exactly one rdfs:label per entity across the whole dataset
    labels = {o for _, _, o, _ in ds.quads((person, RDFS.label, None, None))}
    assert labels == {Literal("Ridwan Kamil")}
    assert (person, SKOS.altLabel, Literal("Kang Emil")) in ds.graph(ENTITIES_GRAPH)


def test_every_relation_has_evidence_with_offsets() -> None:
    ds = _ds()
    g = ds.graph(article_iri("a1"))
    stmts = list(g.subjects(RDF.type, RDF.Statement))
    assert len(stmts) == 5
    text = str(g.value(article_iri("a1"), KG.articleText))
    for st in stmts:
        s, e = int(g.value(st, KG.charStart)), int(g.value(st, KG.charEnd))
        assert text[s:e] == str(g.value(st, KG.evidenceText))
        assert g.value(st, KG.confidence) is not None
    q = next(g.subjects(RDF.type, SCHEMA.Quotation))
    assert str(g.value(q, SCHEMA.text)) == "Kita harus bersatu membangun daerah"
    assert g.value(q, SCHEMA.isPartOf) == article_iri("a1")


def test_min_confidence_drops_low_relations_and_entities() -> None:
    ds = _ds(min_confidence=0.7)
    g = ds.graph(article_iri("a1"))
    assert not list(g.subjects(RDF.type, SCHEMA.Event))  # event confidence 0.6
    assert list(g.triples((None, ORG.holds, None)))  # holds confidence 0.8
    assert not list(g.triples((None, SCHEMA.areaServed, None)))  # default 0.5


def test_slugify_is_ascii_and_stable() -> None:
    assert slugify("Basuki Tjahaja Purnama") == "basuki-tjahaja-purnama"
    assert slugify("Jawa Barat") == slugify("Jawa Barat")
    assert slugify("!!!") and slugify("Ümit") == "umit"


def test_quote_speaker_type_is_the_resolved_one() -> None:
    """A speaker the model typed Organization but resolution re-typed Person keeps its
    quotation; one resolved to an Organization gets none (a quote has a person's voice)."""
    from dataclasses import replace

    exs, res = small_extraction()
    ex = exs[0]
    as_org = [replace(m, type="Organization") if m.key == "p" else m for m in ex.mentions]
    def quotes(ds) -> set:  # noqa: ANN001
        return {s for s, _, _, _ in ds.quads((None, RDF.type, SCHEMA.Quotation, None))}

    assert len(quotes(build_dataset([replace(ex, mentions=as_org)], res))) == 1
    eid = res.mention_entity[("a1", "p")]
    retyped = replace(res, entities={**res.entities,
                                     eid: replace(res.entities[eid], type="Organization")})
    assert not quotes(build_dataset(exs, retyped))
