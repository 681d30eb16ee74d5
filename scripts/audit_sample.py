"""Draw a precision-audit sample from a build: random facts of each kind, each with the
sentence that states it, for a careful reader to judge (issue: precision at corpus scale).

    .venv/bin/python scripts/audit_sample.py DIR --seed 20261202 --out docs/audit/sample.jsonl
    # the reader fills "verdict" ("correct" or "wrong") and "why" on every line, then:
    .venv/bin/python scripts/audit_sample.py --table docs/audit/sample.jsonl

Strictly correct means: the sentence states the fact, and both ends are whole names of
the right type. Entity mentions are judged on the first sentence of the article naming
the entity (right type, whole name, a real entity).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

QUOTAS = {"holds": 40, "attendee": 30, "location": 20, "postIn": 20, "areaServed": 20,
          "quote speaker": 40, "entity mention": 60}
PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg-id/ns#>
"""
PREDICATES = {"holds": "org:holds", "attendee": "schema:attendee",
              "location": "schema:location", "postIn": "org:postIn",
              "areaServed": "schema:areaServed"}
TYPES = {"Person", "Organization", "Place", "Event", "Post"}


def _rows(store: object, query: str) -> list[dict[str, str]]:
    out = []
    for sol in store.query(PREFIXES + query):  # type: ignore[attr-defined]
        out.append({str(v.value): sol[v].value for v in sol.variables if sol[v] is not None}
                   if hasattr(sol, "variables") else {})
    return out


def _solutions(store: object, query: str, names: list[str]) -> list[dict[str, str]]:
    res = store.query(PREFIXES + query)  # type: ignore[attr-defined]
    return [{n: (sol[n].value if sol[n] is not None else "") for n in names} for sol in res]


def _labels(store: object) -> tuple[dict[str, str], dict[str, str]]:
    label, typ = {}, {}
    for r in _solutions(store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }", ["e", "l"]):
        label.setdefault(r["e"], r["l"])
    for r in _solutions(store, "SELECT ?e ?c WHERE { ?e a ?c }", ["e", "c"]):
        local = r["c"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if local in TYPES or local.endswith("Organization"):
            typ.setdefault(r["e"], "Organization" if local.endswith("Organization") else local)
    return label, typ


def sample(build: str, seed: int, kinds: set[str] | None = None,
           scale: float = 1.0) -> list[dict[str, object]]:
    """Random facts of each kind (QUOTAS times `scale`; only `kinds` when given)."""
    from kg.graph.store import open_store

    want = {k: (round(q * scale) if kinds is None or k in kinds else 0)
            for k, q in QUOTAS.items()}

    store = open_store(build)
    rng = random.Random(seed)
    label, typ = _labels(store)
    items: list[dict[str, object]] = []
    for kind, pred in PREDICATES.items():
        rows = _solutions(store, f"""SELECT ?s ?o ?text ?a WHERE {{
            ?st rdf:predicate {pred} ; rdf:subject ?s ; rdf:object ?o ;
                kg:evidenceText ?text ; prov:wasDerivedFrom ?a }}""", ["s", "o", "text", "a"])
        rows.sort(key=lambda r: (r["a"], r["s"], r["o"], r["text"]))
        for r in rng.sample(rows, min(want[kind], len(rows))):
            items.append({"kind": kind, "subject": label.get(r["s"], r["s"]),
                          "subject_type": typ.get(r["s"], "?"), "object": label.get(r["o"], r["o"]),
                          "object_type": typ.get(r["o"], "?"), "sentence": r["text"],
                          "article": r["a"].rsplit("/", 1)[-1]})
    rows = _solutions(store, """SELECT ?q ?p ?t ?e ?a WHERE { ?q a schema:Quotation ;
        schema:creator ?p ; schema:text ?t ; kg:evidenceText ?e ; schema:isPartOf ?a }""",
                      ["q", "p", "t", "e", "a"])
    rows.sort(key=lambda r: r["q"])
    for r in rng.sample(rows, min(want["quote speaker"], len(rows))):
        items.append({"kind": "quote speaker", "subject": label.get(r["p"], r["p"]),
                      "subject_type": typ.get(r["p"], "?"), "object": r["t"][:300],
                      "object_type": "Quotation", "sentence": r["e"],
                      "article": r["a"].rsplit("/", 1)[-1]})
    mentions = _solutions(store, "SELECT ?a ?e WHERE { ?a schema:mentions ?e }", ["a", "e"])
    mentions.sort(key=lambda r: (r["a"], r["e"]))
    texts: dict[str, str] = {}
    for r in rng.sample(mentions, min(3 * want["entity mention"], len(mentions))):
        if sum(1 for i in items if i["kind"] == "entity mention") >= want["entity mention"]:
            break
        if r["a"] not in texts:
            got = _solutions(store, f"SELECT ?t WHERE {{ <{r['a']}> kg:articleText ?t }}", ["t"])
            texts[r["a"]] = got[0]["t"] if got else ""
        names = [label.get(r["e"], "")] + [x["l"] for x in _solutions(
            store, f"SELECT ?l WHERE {{ <{r['e']}> skos:altLabel ?l }}", ["l"])]
        sent = _first_sentence(texts[r["a"]], [n for n in names if n])
        if not sent:
            continue
        items.append({"kind": "entity mention", "subject": label.get(r["e"], r["e"]),
                      "subject_type": typ.get(r["e"], "?"), "object": "", "object_type": "",
                      "sentence": sent, "article": r["a"].rsplit("/", 1)[-1]})
    for i, it in enumerate(items, start=1):
        it.update(n=i, verdict="", why="")
    return items


def _first_sentence(text: str, names: list[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        i = text.find(name)
        if i >= 0:
            dot, nl = text.rfind(". ", 0, i), text.rfind("\n", 0, i)
            start = max(dot + 2 if dot >= 0 else 0, nl + 1)
            ends = [j for j in (text.find(". ", i), text.find("\n", i)) if j >= 0]
            end = min(ends) + 1 if ends else len(text)
            return re.sub(r"\s+", " ", text[start:end]).strip()
    return ""


def table(path: Path) -> str:
    ok: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    for line in path.read_text(encoding="utf-8").splitlines():
        it = json.loads(line)
        if it.get("verdict") not in ("correct", "wrong"):
            raise SystemExit(f"{path}: item {it.get('n')} has no verdict")
        n[it["kind"]] += 1
        ok[it["kind"]] += it["verdict"] == "correct"
    rows = ["| kind | correct / judged | precision |", "| --- | ---: | ---: |"]
    for kind in QUOTAS:
        if n[kind]:
            rows.append(f"| {kind} | {ok[kind]}/{n[kind]} | {ok[kind] / n[kind]:.2f} |")
    rows.append(f"| all | {sum(ok.values())}/{sum(n.values())} | "
                f"{sum(ok.values()) / sum(n.values()):.2f} |")
    return "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", nargs="?", help="a build directory")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--kinds", help="comma-separated kinds to draw (default: all): "
                    + ", ".join(QUOTAS))
    ap.add_argument("--scale", type=float, default=1.0,
                    help=f"multiply every kind's quota (default 1: {QUOTAS})")
    ap.add_argument("--table", type=Path, help="print the table of a judged sample")
    args = ap.parse_args()
    if args.table:
        print(table(args.table), end="")
        return
    kinds = set(args.kinds.split(",")) if args.kinds else None
    if kinds and kinds - set(QUOTAS):
        ap.error(f"unknown kinds: {', '.join(sorted(kinds - set(QUOTAS)))}")
    items = sample(args.build, args.seed, kinds, args.scale)
    text = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)
    (args.out.write_text(text, encoding="utf-8") if args.out else sys.stdout.write(text))


if __name__ == "__main__":
    main()
