"""The Python API: the worked example of docs/python.md runs as written, and each call
answers what the graph holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import KgError

DOC = Path(__file__).resolve().parents[1] / "docs" / "python.md"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> kg.KnowledgeGraph:
    out = tmp_path_factory.mktemp("api")
    return kg.build(out=out, write_page=False)


def test_docs_example_runs(tmp_path: Path) -> None:
    """Executed as a user would, in a fresh interpreter in a folder of their own."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    script = tmp_path / "example.py"
    script.write_text(code.group(1), encoding="utf-8")
    res = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Ridwan Kamil Person" in res.stdout
    assert (tmp_path / "output" / "graph.trig").is_file()


def test_query_gives_a_dataframe_with_bound_params(graph: kg.KnowledgeGraph) -> None:
    df = graph.query("entity", name="Emil")
    assert len(df) > 0 and set(df["entity"]) == {graph.find("Emil")[0]}
    # a value that would break SPARQL if pasted is only a value here
    assert len(graph.query("entity", name='Emil" } UNION { ?s ?p ?o')) == 0


def test_entity_by_alias_with_relations_and_evidence(graph: kg.KnowledgeGraph) -> None:
    e = graph.entity("emil")
    assert e.label == "Ridwan Kamil" and e.type == "Person"
    holds = [r for r in e.relations if r["kind"] == "holds"]
    assert holds and all(r["evidence"] for r in holds)
    assert all(not ev.endswith("\n") for r in e.relations for ev in r["evidence"])
    with pytest.raises(KgError, match="no entity"):
        graph.entity("Nama Yang Tidak Ada")


def test_entities_quotes_articles_networkx(graph: kg.KnowledgeGraph) -> None:
    people = graph.entities("Person")
    assert set(people["type"]) == {"Person"} and "Ridwan Kamil" in set(people["label"])
    assert list(people["mentions"]) == sorted(people["mentions"], reverse=True)
    quotes = graph.quotes(person="Ridwan Kamil")
    assert len(quotes) > 0 and set(quotes["speaker"]) == {"Ridwan Kamil"}
    assert len(graph.articles()) == 8
    G = graph.to_networkx()
    assert G.number_of_nodes() == len(graph.entities())
    with pytest.raises(KgError, match="unknown entity type"):
        graph.entities("Robot")


def test_open_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no such graph"):
        kg.open(tmp_path / "nothing")


def test_a_users_kg_folder_does_not_shadow_the_package(tmp_path: Path, graph: kg.KnowledgeGraph
                                                        ) -> None:
    """Run from a folder holding a `kg/` folder of the user's (a build named kg, say): the
    named queries, the model and the data files are still kg's own."""
    (tmp_path / "kg").mkdir()
    res = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(graph.path),
                          "people-posts", "--format", "csv"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.startswith("person,post") and "Ridwan Kamil" in res.stdout
