"""Explanations for `kg evaluate --explain`: the article sentence behind every miss and
false positive, so a reader sees why without opening the article."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.vocab import ENTITIES_GRAPH, KG, SCHEMA

if TYPE_CHECKING:  # only for hints: evaluate imports this module, not the other way
    from kg.evaluate import Scores
    from kg.gold import GoldEntity


def article_texts(ds: Dataset) -> dict[str, str]:
    """Article id -> cleaned text (kg:articleText), for explanations."""
    out = {}
    for a, _, text in ds.triples((None, KG.articleText, None)):
        ident = ds.value(a, SCHEMA.identifier)
        if ident is not None:
            out[str(ident)] = str(text)
    return out


def node_articles(ds: Dataset, iri: str) -> list[str]:
    """Ids of the articles whose graphs type this node (not the entities graph)."""
    graphs = {getattr(c, "identifier", c) for _, _, _, c in ds.quads((URIRef(iri), RDF.type,
                                                                       None, None))}
    ids = {str(ds.value(g, SCHEMA.identifier)) for g in graphs - {ENTITIES_GRAPH}}
    return sorted(ids - {"None"})


# a sentence ends at .!? before a capital, except after an initial ("Dharmawan H. Samsu")
_BOUNDARY = re.compile(r"(?<!\b[A-Z])[.!?][\"')]*\s+(?=[\"'(A-Z0-9])|\n+")


def sentence_at(text: str, i: int) -> str:
    """The sentence of `text` around offset i (paragraph breaks and .!? end sentences)."""
    start, end = 0, len(text)
    for m in _BOUNDARY.finditer(text):
        if m.end() <= i:
            start = m.end()
        elif m.start() >= i:
            end = m.start() + (1 if text[m.start()] in ".!?" else 0)
            break
    return " ".join(text[start:end].split())


def find_sentence(texts: dict[str, str], needles: list[str], prefer: list[str],
                  also: list[str] | None = None) -> tuple[str | None, str | None]:
    """(article id, sentence) of the first mention of any needle, preferred articles first.

    With `also`, a sentence that names one of those too wins (both ends of a relation).
    """
    order = [a for a in prefer if a in texts] + [a for a in sorted(texts) if a not in prefer]
    fallback: tuple[str | None, str | None] = (None, None)
    for aid in order:
        low = texts[aid].lower()
        for needle in (n for n in needles if n):
            i = low.find(needle.lower())
            while i >= 0:
                sent = sentence_at(texts[aid], i)
                if not also or any(a.lower() in sent.lower() for a in also):
                    return aid, sent
                if fallback == (None, None):
                    fallback = (aid, sent)
                i = low.find(needle.lower(), i + 1)
    return fallback


def add_sentences(sc: Scores, ds: Dataset, gold_by_id: dict[str, GoldEntity]) -> None:
    """Fill `article` and `sentence` on every miss and false positive (for --explain)."""
    texts = article_texts(ds)
    for m in sc.missed_entities:
        m.article, m.sentence = find_sentence(texts, gold_by_id[m.id].aliases,
                                              [m.article] if m.article else [])
    for r in sc.missed_relations:
        prefer = [r.article] if r.article else []
        if r.kind == "quote" and r.text:
            r.article, r.sentence = find_sentence(texts, [r.text], prefer)
        elif r.kind == "publisher":
            r.sentence = None  # metadata, not text
        else:
            subj = gold_by_id[r.s].aliases
            obj = gold_by_id[r.o].aliases if r.o in gold_by_id else None
            r.article, r.sentence = find_sentence(texts, subj, prefer, also=obj)
    for fp in sc.false_positives:
        labels = [str(x) for p in (RDFS.label, SKOS.altLabel)
                  for x in ds.objects(URIRef(fp.iri), p)]
        fp.article, fp.sentence = find_sentence(texts, sorted(labels, key=len, reverse=True),
                                                node_articles(ds, fp.iri))
