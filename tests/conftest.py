"""Shared fixtures: a small real graph built through kg.rdf, the ../shared folder, and the
shipped pipeline's extraction of a made-up text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.models import (
    Article,
    ArticleExtraction,
    Entity,
    Evidence,
    Mention,
    Quote,
    Relation,
    Resolution,
)
from kg.rdf import build_dataset

if TYPE_CHECKING:
    from collections.abc import Callable

# ../shared beside the repo; KG_SHARED names it from a checkout elsewhere (a git worktree)
SHARED = Path(os.environ.get("KG_SHARED") or Path(__file__).resolve().parents[2] / "shared")


def small_extraction() -> tuple[list[ArticleExtraction], Resolution]:
    text = ('Gubernur Jawa Barat Ridwan Kamil membuka HUT ke-74 RI di Gedung Sate. '
            '"Kita harus bersatu membangun daerah," kata Ridwan Kamil.')
    art = Article(id="a1", text=text, title="HUT RI di Gedung Sate", url="https://example.org/a1",
                  publisher="Kabar Jabar", date="2019-08-17", content_hash="h1")
    ev = Evidence(sentence=text[:70], start=0, end=70)
    ments = [
        Mention(key="p", text="Ridwan Kamil", type="Person", start=20, end=32),
        Mention(key="post", text="Gubernur Jawa Barat", type="Post", start=0, end=19),
        Mention(key="loc", text="Jawa Barat", type="Place", start=9, end=19),
        Mention(key="ev", text="HUT ke-74 RI", type="Event", start=41, end=53),
        Mention(key="venue", text="Gedung Sate", type="Place", start=57, end=68),
        Mention(key="publisher", text="Kabar Jabar", type="Organization", start=0, end=0),
    ]
    rels = [
        Relation(kind="holds", subject="p", object="post", evidence=ev, confidence=0.8),
        Relation(kind="areaServed", subject="post", object="loc", evidence=ev),
        Relation(kind="location", subject="ev", object="venue", evidence=ev),
        Relation(kind="attendee", subject="ev", object="p", evidence=ev),
        Relation(kind="startDate", subject="ev", object=None, value="2019-08-17", evidence=ev),
    ]
    quotes = [Quote(text="Kita harus bersatu membangun daerah", speaker="p",
                    evidence=Evidence(sentence=text[71:], start=71, end=len(text)))]
    ex = ArticleExtraction(article=art, mentions=ments, relations=rels, quotes=quotes)
    ents = {
        "ridwan-kamil": Entity("ridwan-kamil", "Person", "Ridwan Kamil",
                               {"Ridwan Kamil", "Kang Emil"},
                               0.9, [("a1", "p")]),
        "gubernur-jawa-barat": Entity("gubernur-jawa-barat", "Post", "Gubernur Jawa Barat",
                                      {"Gubernur Jawa Barat"}, 0.8, [("a1", "post")]),
        "jawa-barat": Entity("jawa-barat", "Place", "Jawa Barat", {"Jawa Barat"}, 0.9,
                             [("a1", "loc")]),
        "hut-ke-74-ri": Entity("hut-ke-74-ri", "Event", "HUT ke-74 RI", {"HUT ke-74 RI"}, 0.6,
                               [("a1", "ev")]),
        "gedung-sate": Entity("gedung-sate", "Place", "Gedung Sate", {"Gedung Sate"}, 0.8,
                              [("a1", "venue")]),
        "kabar-jabar": Entity("kabar-jabar", "Organization", "Kabar Jabar", {"Kabar Jabar"}, 0.95,
                              [("a1", "publisher")]),
    }
    me = {("a1", m.key): e.id for e in ents.values() for _, m_key in e.mentions
          for m in ments if m.key == m_key}
    return [ex], Resolution(entities=ents, mention_entity=me)


@pytest.fixture
def small_graph_dir(tmp_path: Path) -> Path:
    exs, res = small_extraction()
    ds = build_dataset(exs, res)
    (tmp_path / "graph.trig").write_text(ds.serialize(format="trig"), encoding="utf-8")
    return tmp_path


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"needs the shared data folder {SHARED} "
                    "(present in CI, absent in a user's clone)")
    return SHARED


@pytest.fixture(scope="session")
def extract_text() -> Callable[[str], ArticleExtraction]:
    """Text -> the shipped pipeline's extraction, the model loaded once for the session."""
    from kg.extract import Extractor
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    extractor = Extractor()

    def _run(text: str) -> ArticleExtraction:
        return extractor(nlp(text), Article(id="t", text=text))

    return _run
