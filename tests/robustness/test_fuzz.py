"""Property-based fuzzing: arbitrary Unicode text and JSON values never raise out of
ingest, extraction or `kg build`. Example counts are bounded so this stays a CI test."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from kg.extract import Extractor
from kg.ingest import IngestError, iter_articles
from kg.models import Article
from kg.nlp import load_pipeline

from .test_catalogue import GOOD_TEXT, good, kg

_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)
# records shaped like articles, with any value in any field
records = st.fixed_dictionaries({}, optional={
    k: json_values | st.text() for k in ("id", "text", "html", "url", "title", "source",
                                         "date", "author")})
texts = st.text(st.characters(codec="utf-8") | st.characters(), max_size=300)
FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NLP = load_pipeline("blank")
EXTRACTOR = Extractor()


@FAST
@given(st.lists(records | json_values, max_size=5), st.binary(max_size=300))
def test_ingest_never_raises(lines: list[object], raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d)
        (p / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", "utf-8")
        for suffix in (".txt", ".md", ".html"):
            (p / f"raw{suffix}").write_bytes(raw)
        for item in iter_articles([p]):
            assert isinstance(item, Article | IngestError)
            if isinstance(item, Article):
                item.text.encode("utf-8")  # writable: no lone surrogates
                assert item.id and item.text.strip()


@FAST
@given(texts)
def test_extraction_never_raises_and_offsets_hold(text: str) -> None:
    art = Article(id="fuzz", text=text, content_hash="h")
    ex = EXTRACTOR(NLP(text), art)
    for m in ex.mentions:
        assert 0 <= m.start <= m.end <= len(text)
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(records, min_size=1, max_size=6), st.lists(texts, max_size=2))
def test_kg_build_never_raises(lines: list[dict], files: list[str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d)
        src = p / "in"
        src.mkdir()
        (src / "fuzz.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n",
                                        "utf-8")
        for i, t in enumerate(files):
            (src / f"f{i}.txt").write_text(t, "utf-8", errors="surrogatepass")
        run = kg("build", good(p), src, "--out", p / "out", "--model", "blank", "--no-page",
                 "-q")
        assert run.code == 0 and "Traceback" not in run.err, run.err
        ds = Dataset(default_union=True)
        ds.parse(p / "out" / "graph.trig", format="trig")
        assert GOOD_TEXT in {str(o) for o in ds.objects()}
