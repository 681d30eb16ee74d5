"""`kg evaluate GOLD.json DIR`: precision/recall/F1 per type, relation recall, the misses."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

HELP = ("Score a built graph against gold annotations: P/R/F1 per entity type, recall per "
        "relation kind, and the misses.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", metavar="GOLD.json",
                   help="gold annotations (format: docs/gold-format.md); only the gold articles "
                        "present in the graph are scored, the others are named in a warning")
    p.add_argument("graph", metavar="DIR", help="a build directory or an RDF file")
    p.add_argument("--explain", action="store_true",
                   help="show the article sentence for every miss and false positive")
    p.add_argument("--json", action="store_true", help="print machine-readable scores")


def run(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate

    scores = evaluate(args.gold, args.graph, explain=args.explain)
    if args.json:
        print(json.dumps(asdict(scores), indent=2, ensure_ascii=False))
    else:
        print(report(asdict(scores), explain=args.explain), end="")
    return 0


def _num(x: float, denominator: int) -> str:
    return f"{x:6.3f}" if denominator else "     -"


def report(s: dict[str, Any], explain: bool = False) -> str:
    """The human report; a dict (asdict of Scores) so --json and this show the same data."""
    out = ["Entities        precision  recall      F1    TP    FP    FN"]
    rows = [*s["entities"].items(), ("overall", s["overall"])]
    for name, e in rows:
        pred, gold = e["tp"] + e["fp"], e["tp"] + e["fn"]
        out.append(f"{name:<15} {_num(e['precision'], pred):>9} {_num(e['recall'], gold):>7} "
                   f"{_num(e['f1'], pred and gold):>7} {e['tp']:>5} {e['fp']:>5} {e['fn']:>5}")
    out += ["", "Relations       recall  found/total"]
    for name, r in [*s["relations"].items(), ("overall", s["relations_overall"])]:
        out.append(f"{name:<15} {_num(r['recall'], r['total'])}  {r['found']:>5}/{r['total']}")
    out += ["", "Relation precision  precision  correct/judged"]
    for name, key in (("holds", "holds_precision"), ("quote speaker", "quote_speaker_precision")):
        pr = s[key]
        out.append(f"{name:<19} {_num(pr['precision'], pr['judged'])}  "
                   f"{pr['correct']:>7}/{pr['judged']}")
    out += ["", f"Split entities (one gold entity, several nodes): {s['splits']}",
            f"Articles scored: {len(s['articles_scored'])}"
            + (f" ({len(s['articles_missing'])} gold articles not in the graph)"
               if s["articles_missing"] else "")]

    def sent(item: dict[str, Any]) -> list[str]:
        if not explain:
            return []
        if not item.get("sentence"):
            return ["      (not found in any article text)"]
        return [f"      [{item['article']}] {item['sentence']}"]

    miss = s["missed_entities"]
    out += ["", f"Missed gold entities ({len(miss)}):"]
    for m in miss:
        out.append(f"  {m['type']:<12} {m['id']}: {m['label']!r}")
        out += sent(m)
    rmiss = s["missed_relations"]
    out += ["", f"Missed gold relations ({len(rmiss)}):"]
    for r in rmiss:
        target = f"said {r['text']!r}" if r["kind"] == "quote" else f"-> {r['o'] or '(publisher)'}"
        out.append(f"  {r['kind']:<10} {r['s']} {target}")
        out += sent(r)
    fps = s["false_positives"]
    out += ["", f"False positives ({len(fps)}):"]
    for f in fps:
        why = {"unmatched": "no gold entity", "negative": f"negative {f['gold_id']}",
               "split": f"second node for {f['gold_id']}"}[f["reason"]]
        out.append(f"  {f['type']:<12} {f['label']!r} ({why}) {f['iri']}")
        out += sent(f)
    wrong = s["wrong_edges"]
    out += ["", f"Wrong holds / quote speakers ({len(wrong)}):"]
    for w in wrong:
        gold = f" (gold speaker {w['gold_id']})" if w.get("gold_id") else ""
        out.append(f"  {w['kind']:<6} {w['subject']} -> {w['object']}{gold}")
    return "\n".join(out) + "\n"
