"""Draw the events precision sample: random corpus articles (not in the dev gold), then,
from their build, random attendee / location edges and event mentions with the sentence
that states each, for a reader to judge (docs/audit/events-sample.jsonl holds one).

    .venv/bin/python scripts/event_audit.py articles CORPUS.jsonl DEV.jsonl OUT.jsonl
    .venv/bin/kg build OUT.jsonl --out BUILD -q --no-page
    .venv/bin/python scripts/event_audit.py items BUILD > sample.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ARTICLE_SEED, ITEM_SEED = 20261202, 20261205
QUOTAS = {"attendee": 20, "location": 15, "event": 15}


def articles(corpus: Path, dev: Path, out: Path, n: int = 200) -> None:
    skip = {json.loads(line)["id"] for line in dev.open(encoding="utf-8")}
    with corpus.open(encoding="utf-8") as fh:
        lines = fh.readlines()  # not splitlines(): article text may hold U+2028
    random.seed(ARTICLE_SEED)
    picked = [lines[i] for i in random.sample(range(len(lines)), n + 20)]
    out.write_text("".join([x for x in picked if json.loads(x).get("id") not in skip][:n]),
                   encoding="utf-8")


def items(build: Path) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in (build / "extractions.jsonl").open(encoding="utf-8")]
    found: dict[str, list[dict[str, str]]] = {k: [] for k in QUOTAS}
    for row in rows[1:]:
        x = row.get("x", row)
        text, aid = x["article"]["text"], x["article"]["id"]
        ms = {m["key"]: m for m in x["mentions"]}
        for r in x["relations"]:
            if r["kind"] in ("attendee", "location"):
                found[r["kind"]].append({"kind": r["kind"], "article": aid,
                                         "event": ms[r["subject"]]["text"],
                                         "object": ms[r["object"]]["text"],
                                         "sentence": r["evidence"]["sentence"].strip()})
        found["event"] += [{"kind": "event", "article": aid, "event": m["text"],
                            "sentence": text[m["sent_start"]:m["sent_end"]].strip()}
                           for m in x["mentions"] if m["type"] == "Event"]
    random.seed(ITEM_SEED)
    return [it for k, q in QUOTAS.items() for it in random.sample(found[k], min(q, len(found[k])))]


if __name__ == "__main__":
    if sys.argv[1:2] == ["articles"] and len(sys.argv) == 5:
        articles(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1:2] == ["items"] and len(sys.argv) == 3:
        for it in items(Path(sys.argv[2])):
            print(json.dumps(it, ensure_ascii=False))
    else:
        sys.exit(__doc__)
