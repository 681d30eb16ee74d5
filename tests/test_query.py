"""kg query: named queries on a hand-made graph, formats, parameters, errors, two engines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib.query import Result

from kg.cli import main
from kg.errors import KgError
from kg.graph.query import (
    named_queries,
    parse_params,
    pick_backend,
    resolve_query,
    run_query,
)
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

T1 = ('Gubernur Jawa Barat Ridwan Kamil dan Wali Kota Bandung Oded M Danial membuka HUT ke-74 RI '
      'di Gedung Sate. "Kita harus bersatu," kata Ridwan Kamil.')
T2 = ('Ridwan Kamil bertemu Oded M Danial di Bandung. Sekretaris Daerah Jawa Barat Setiawan '
      'Wangsaatmaja hadir. "Bandung siap," ujar Oded.')


def _ev(text: str, a: int, b: int) -> Evidence:
    return Evidence(sentence=text[a:b], start=a, end=b)


def graph_data() -> tuple[list[ArticleExtraction], Resolution]:
    """Two articles sharing two people; one quote each; a post with org, one with region."""
    a1 = Article(id="a1", text=T1, title="HUT RI di Gedung Sate", url="https://example.org/a1",
                 publisher="Kabar Jabar", date="2019-08-17", content_hash="h1")
    a2 = Article(id="b2.txt", text=T2, title=None, url="file:///tmp/news/b2.txt",
                 publisher=None, date=None, content_hash="h2")
    s1 = T1.index('"')
    m1 = [
        Mention("rk", "Ridwan Kamil", "Person", 20, 32),
        Mention("gub", "Gubernur Jawa Barat", "Post", 0, 19),
        Mention("jb", "Jawa Barat", "Place", 9, 19),
        Mention("od", "Oded M Danial", "Person", 57, 70),
        Mention("wk", "Wali Kota Bandung", "Post", 37, 54),
        Mention("bdg", "Bandung", "Place", 47, 54),
        Mention("ev", "HUT ke-74 RI", "Event", 79, 91),
        Mention("gs", "Gedung Sate", "Place", 95, 106),
        Mention("pemprov", "Pemprov Jawa Barat", "Organization", 0, 0, normal="Pemprov Jawa Barat"),
        Mention("publisher", "Kabar Jabar", "Organization", 0, 0),
    ]
    r1 = [
        Relation("holds", "rk", "gub", _ev(T1, 0, s1 - 1), confidence=0.8),
        Relation("holds", "od", "wk", _ev(T1, 0, s1 - 1), confidence=0.8),
        Relation("areaServed", "gub", "jb", _ev(T1, 0, s1 - 1)),
        Relation("postIn", "gub", "pemprov", _ev(T1, 0, s1 - 1)),
        Relation("areaServed", "wk", "bdg", _ev(T1, 0, s1 - 1)),
        Relation("location", "ev", "gs", _ev(T1, 0, s1 - 1)),
        Relation("attendee", "ev", "rk", _ev(T1, 0, s1 - 1)),
        Relation("attendee", "ev", "od", _ev(T1, 0, s1 - 1)),
        Relation("startDate", "ev", None, _ev(T1, 0, s1 - 1), value="2019-08-17"),
    ]
    q1 = [Quote("Kita harus bersatu", "rk", _ev(T1, s1, len(T1)), 0.9)]
    s2 = T2.index('"')
    m2 = [
        Mention("rk", "Ridwan Kamil", "Person", 0, 12),
        Mention("od", "Oded M Danial", "Person", 21, 34),
        Mention("bdg", "Bandung", "Place", 38, 45),
        Mention("sek", "Sekretaris Daerah Jawa Barat", "Post", 47, 75),
        Mention("sw", "Setiawan Wangsaatmaja", "Person", 76, 97),
        Mention("pemprov", "Pemprov Jawa Barat", "Organization", 0, 0),
        Mention("od2", "Oded", "Person", s2 + 18, s2 + 22),
    ]
    r2 = [Relation("holds", "sw", "sek", _ev(T2, 47, s2 - 1), confidence=0.7),
          Relation("postIn", "sek", "pemprov", _ev(T2, 47, s2 - 1))]
    q2 = [Quote("Bandung siap", "od2", _ev(T2, s2, len(T2)), 0.9)]
    exs = [ArticleExtraction(a1, m1, r1, q1), ArticleExtraction(a2, m2, r2, q2)]
    def ent(eid: str, typ: str, label: str, aliases: set[str], mentions: list) -> Entity:
        return Entity(eid, typ, label, aliases | {label}, 0.8, mentions)

    ents = {e.id: e for e in [
        ent("ridwan-kamil", "Person", "Ridwan Kamil", {"Kang Emil"},
            [("a1", "rk"), ("b2.txt", "rk")]),
        ent("oded-m-danial", "Person", "Oded M Danial", {"Oded"},
            [("a1", "od"), ("b2.txt", "od"), ("b2.txt", "od2")]),
        ent("setiawan-wangsaatmaja", "Person", "Setiawan Wangsaatmaja", set(), [("b2.txt", "sw")]),
        ent("gubernur-jawa-barat", "Post", "Gubernur Jawa Barat", set(), [("a1", "gub")]),
        ent("wali-kota-bandung", "Post", "Wali Kota Bandung", set(), [("a1", "wk")]),
        ent("sekretaris-daerah-jawa-barat", "Post", "Sekretaris Daerah Jawa Barat", set(),
            [("b2.txt", "sek")]),
        ent("jawa-barat", "Place", "Jawa Barat", set(), [("a1", "jb")]),
        ent("bandung", "Place", "Bandung", set(), [("a1", "bdg"), ("b2.txt", "bdg")]),
        ent("gedung-sate", "Place", "Gedung Sate", set(), [("a1", "gs")]),
        ent("hut-ke-74-ri", "Event", "HUT ke-74 RI", set(), [("a1", "ev")]),
        ent("pemprov-jawa-barat", "Organization", "Pemprov Jawa Barat",
            {"Pemerintah Provinsi Jawa Barat"}, [("a1", "pemprov"), ("b2.txt", "pemprov")]),
        ent("kabar-jabar", "Organization", "Kabar Jabar", set(), [("a1", "publisher")]),
    ]}
    me = {(aid, key): e.id for e in ents.values() for aid, key in e.mentions}
    return exs, Resolution(ents, me)




EXPECTED = {  # named query -> rows as {var: lexical value}, in the query's order
    "people-posts": [
        {"person": "Oded M Danial", "post": "Wali Kota Bandung", "region": "Bandung",
         "articles": "1"},
        {"person": "Ridwan Kamil", "post": "Gubernur Jawa Barat",
         "organization": "Pemprov Jawa Barat", "region": "Jawa Barat", "articles": "1"},
        {"person": "Setiawan Wangsaatmaja", "post": "Sekretaris Daerah Jawa Barat",
         "organization": "Pemprov Jawa Barat", "articles": "1"},
    ],
    "quotes": [
        {"speaker": "Oded M Danial", "quote": "Bandung siap", "article": "b2.txt",
         "url": "file:///tmp/news/b2.txt"},
        {"speaker": "Ridwan Kamil", "quote": "Kita harus bersatu", "article": "a1",
         "url": "https://example.org/a1"},
    ],
    "events": [
        {"event": "HUT ke-74 RI", "date": "2019-08-17", "places": "Gedung Sate"},
    ],
    "org-people": [{"organization": "Pemprov Jawa Barat", "people": "2", "posts": "2"}],
    "co-occurrence": [
        {"person1": "Oded M Danial", "person2": "Ridwan Kamil", "articles": "2"},
        {"person1": "Oded M Danial", "person2": "Setiawan Wangsaatmaja", "articles": "1"},
        {"person1": "Ridwan Kamil", "person2": "Setiawan Wangsaatmaja", "articles": "1"},
    ],
    "articles": [
        {"article": "a1", "headline": "HUT RI di Gedung Sate", "publisher": "Kabar Jabar",
         "date": "2019-08-17", "mentions": "9"},
        {"article": "b2.txt", "mentions": "6"},
    ],
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    exs, res = graph_data()
    out = tmp_path_factory.mktemp("g") / "graph.trig"
    out.write_text(build_dataset(exs, res).serialize(format="trig"), encoding="utf-8")
    return out


def _rows(graph: Path, name: str, params: list[str] | None = None,
          backend: str = "rdflib") -> list[dict[str, str]]:
    text, disp, declared = resolve_query(name)
    res = run_query(graph, text, parse_params(params, declared, disp), backend=backend, name=disp)
    return [{k: str(v) for k, v in row.items()} for row in res.rows]


def test_at_least_the_promised_named_queries_exist_with_headers() -> None:
    nq = named_queries()
    for name in ("people-posts", "quotes", "events", "org-people", "entity", "co-occurrence",
                 "evidence", "stats"):
        assert name in nq and nq[name].summary, name
    assert [p.name for p in nq["entity"].params if p.required] == ["name"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_rows(graph: Path, name: str) -> None:
    rows = _rows(graph, name)
    if name == "events":
        attendees = rows[0].pop("attendees")
        assert sorted(attendees.split(", ")) == ["Oded M Danial", "Ridwan Kamil"]
    assert rows == EXPECTED[name]


def test_entity_by_alias_any_case(graph: Path) -> None:
    rows = _rows(graph, "entity", ["name=kang EMIL"])
    assert {r["entity"] for r in rows} == {"https://w3id.org/kg-id/resource/person/ridwan-kamil"}
    facts = {(r["direction"], r["property"].rsplit("/", 1)[-1], r.get("valueLabel")) for r in rows}
    assert {r["value"] for r in rows if r["property"].endswith("#altLabel")} == {"Kang Emil"}
    assert ("out", "org#holds", "Gubernur Jawa Barat") in facts
    assert ("in", "creator", "Kita harus bersatu") in facts
    assert ("in", "attendee", "HUT ke-74 RI") in facts
    assert all(r["property"] != "https://w3id.org/kg-id/ns#articleText" for r in rows)


def test_optional_name_filters(graph: Path) -> None:
    assert [r["quote"] for r in _rows(graph, "quotes", ["name=Oded"])] == ["Bandung siap"]
    assert [r["person"] for r in _rows(graph, "people-posts", ["name=ridwan kamil"])] == [
        "Ridwan Kamil"]
    assert len(_rows(graph, "co-occurrence", ["name=Setiawan Wangsaatmaja"])) == 2


def test_evidence_offsets_point_into_article_text(graph: Path) -> None:
    rows = _rows(graph, "evidence")
    assert len(rows) == 11
    text = _rows(graph, "SELECT ?t WHERE { ?a schema:identifier 'b2.txt' ; kg:articleText ?t }")
    body = text[0]["t"]
    for r in rows:
        if r["article"] == "b2.txt":
            assert body[int(r["start"]):int(r["end"])] == r["sentence"]


def test_stats_counts_types(graph: Path) -> None:
    counts = {r["type"].rsplit("/", 1)[-1]: int(r["count"]) for r in _rows(graph, "stats")}
    assert counts["Person"] == 3 and counts["org#Post"] == 3 and counts["NewsArticle"] == 2


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["entity", "evidence", "stats"])
def test_oxigraph_and_rdflib_agree(graph: Path, name: str) -> None:
    params = ["name=Oded"] if name == "entity" else None
    a = _rows(graph, name, params, backend="rdflib")
    b = _rows(graph, name, params, backend="auto" if params else "oxigraph")
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(a) == key(b)
    if name != "events":  # GROUP_CONCAT order is unspecified; everything else is ORDER BY'd
        assert a == b


@pytest.mark.parametrize("name", ["org-people", "people-posts", "co-occurrence", "quotes"])
def test_empty_groups_agree(small_graph_dir: Path, name: str) -> None:
    small = small_graph_dir / "graph.trig"
    a, b = (_rows(small, name, backend=x) for x in ("rdflib", "oxigraph"))
    assert a == b
    if name == "org-people":  # no org:postIn in that graph: no groups, so no rows
        assert a == []


def test_oxigraph_binds_selected_params_identically(graph: Path) -> None:
    q = "SELECT ?name ?p WHERE { ?p rdfs:label ?name }"
    for backend in ("rdflib", "oxigraph"):
        res = run_query(graph, q, parse_params(["name=Bandung"], [], "q"), backend=backend)
        assert [str(r["p"]) for r in res.rows] == ["https://w3id.org/kg-id/resource/place/bandung"]


def test_auto_backend_switches_on_size(graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.graph.query as q

    assert pick_backend(graph) == "rdflib"
    monkeypatch.setattr(q, "OXIGRAPH_MIN_BYTES", 1)
    assert pick_backend(graph) == "oxigraph"
    # a parameter the query does not SELECT: Oxigraph binds it too (kg adds it to the
    # projection and drops the column again), with the answer rdflib gives
    for backend in ("auto", "oxigraph"):
        rows = _rows(graph, "quotes", ["name=Oded"], backend=backend)
        assert [r["quote"] for r in rows] == ["Bandung siap"] and "name" not in rows[0]


def test_injection_in_param_is_a_literal(graph: Path) -> None:
    before = graph.read_bytes()
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    assert _rows(graph, "entity", [f"name={hostile}"]) == []
    assert _rows(graph, "quotes", [f"name={hostile}"]) == []
    assert graph.read_bytes() == before
    # the same mechanism finds a real value containing quotes and braces
    q = 'SELECT ?n WHERE { BIND(?v AS ?n) }'
    assert _rows(graph, q, [f"v={hostile}"]) == [{"n": hostile}]


def test_param_errors() -> None:
    with pytest.raises(KgError, match="NAME=VALUE"):
        parse_params(["novalue"], [], "q")
    with pytest.raises(KgError, match="invalid IRI"):
        parse_params(["x=<a b>"], [], "q")
    assert str(parse_params(["x=<https://schema.org/Person>"], [], "q")["x"]).endswith("Person")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_formats(graph: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, str(graph), "people-posts")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["person", "post", "organization", "region", "articles"]
    assert set(lines[1]) <= {"-", " "} and lines[-1] == "(3 rows)"
    assert "Pemprov Jawa Barat" in lines[3]

    _, out, _ = _cli(capsys, str(graph), "quotes", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[1]["url"] == "https://example.org/a1" and rows[0]["quote"] == "Bandung siap"

    _, out, _ = _cli(capsys, str(graph), "quotes", "--format", "tsv")
    head, first = out.splitlines()[:2]
    assert head == "?speaker\t?quote\t?article\t?url"
    assert first.split("\t") == ['"Oded M Danial"', '"Bandung siap"', '"b2.txt"',
                                 "<file:///tmp/news/b2.txt>"]

    _, out, _ = _cli(capsys, str(graph), "stats", "-f", "table")
    assert "schema:Person" in out and "org:Post" in out  # IRIs shortened with prefixes


def _valid_sparql_json(doc: dict) -> None:
    assert isinstance(doc["head"], dict)
    if "boolean" in doc:
        assert isinstance(doc["boolean"], bool)
        return
    names = doc["head"]["vars"]
    assert all(isinstance(v, str) for v in names)
    for b in doc["results"]["bindings"]:
        for var, term in b.items():
            assert var in names
            assert term["type"] in ("uri", "literal", "bnode") and isinstance(term["value"], str)
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}


def test_json_is_sparql_results_json(graph: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _cli(capsys, str(graph), "org-people", "--format", "json")
    doc = json.loads(out)
    _valid_sparql_json(doc)
    assert doc["head"]["vars"] == ["organization", "people", "posts"]
    people = doc["results"]["bindings"][0]["people"]
    assert people["value"] == "2" and people["datatype"].endswith("#integer")
    parsed = Result.parse(io.BytesIO(out.encode()), format="json")
    assert len(parsed.bindings) == 1
    _, out, _ = _cli(capsys, str(graph), "ASK { ?x a schema:Event }", "-f", "json")
    _valid_sparql_json(json.loads(out))
    assert json.loads(out)["boolean"] is True


def test_ask_and_construct(graph: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _cli(capsys, str(graph), "ASK { ?x a schema:Quotation }")
    assert out == "true\n"
    _, out, _ = _cli(capsys, str(graph),
                     "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }")
    assert "@prefix schema:" in out and out.count(" a schema:Person .") == 3


def test_query_from_rq_file_and_build_dir(small_graph_dir: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l }", encoding="utf-8")
    code, out, _ = _cli(capsys, str(small_graph_dir), str(rq), "-f", "csv")
    assert code == 0 and out.splitlines() == ["l", "Ridwan Kamil"]


@pytest.mark.parametrize(("query", "pattern"), [
    ("SELECT ?x WHERE { ?x ?y }", "malformed SPARQL at line 1, column 19"),
    ("SELECT ?x WHERE {\n ?x foo:bar ?y }", "malformed SPARQL"),
    ("INSERT DATA { <a:b> <a:b> <a:b> }", "read-only"),
    ("no-such-query", "is not a named query"),
    ("missing.rq", "missing.rq: no such query file"),
    ("entity", "needs --param name=VALUE"),
])
def test_errors_are_one_line_and_nonzero(graph: Path, capsys: pytest.CaptureFixture[str],
                                         query: str, pattern: str) -> None:
    code, out, err = _cli(capsys, str(graph), query)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kg query: ") and pattern in err
    assert "Traceback" not in err


def test_oxigraph_syntax_error_is_one_line(graph: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, str(graph), "SELECT ?x WHERE { ?x ?y }", "--backend", "oxigraph")
    assert code == 2 and err.count("\n") == 1 and "line 1, column 26" in err


def test_missing_graph_and_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _cli(capsys, str(tmp_path / "nope"), "stats")
    assert code == 2 and "no such graph" in err
    code, out, _ = _cli(capsys, "--list")
    assert code == 0 and "people-posts" in out and "?name" in out
