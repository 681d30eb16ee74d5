"""`spacy pretrain` of the tok2vec on raw news text (configs with a [pretraining] block).

The NER corpora are small; pretraining teaches the CNN encoder to predict each word's
first and last characters from its context on news paragraphs, a cheap language-model
objective that runs on CPU. The paragraph budget (`max_words`) rather than a clock fixes
the amount of pretraining, so a rerun with the same seed gives the same weights.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def write_raw_text(news_jsonl: Path, out: Path, max_words: int) -> int:
    """Paragraphs of clean articles (gap_count == 0) as {"text"} JSONL, up to max_words."""
    n = 0
    with news_jsonl.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            art = json.loads(line)
            if art.get("gap_count"):
                continue
            for para in art["text"].split("\n\n"):
                words = len(para.split())
                if words < 5:
                    continue
                dst.write(json.dumps({"text": para}, ensure_ascii=False) + "\n")
                n += words
                if n >= max_words:
                    return n
    return n


def pretrain(cfg: Path, news_jsonl: Path, work: Path, vectors: Path,
             max_words: int = 1_500_000) -> Path:
    """Run spacy pretrain once (reused if done); returns the weights file to init from."""
    from spacy.training.pretrain import pretrain as spacy_pretrain
    from spacy.util import load_config

    work.mkdir(parents=True, exist_ok=True)
    raw = work / "raw_text.jsonl"
    if not raw.exists():
        print(f"pretrain: {write_raw_text(news_jsonl, raw, max_words):,} words", flush=True)
    done = sorted(work.glob("model*.bin"), key=_order)
    final = [p for p in done if re.fullmatch(r"model\d+\.bin", p.name)]
    if final:
        return final[-1]
    config = load_config(cfg, overrides={"paths.raw_text": str(raw),
                                         "paths.vectors": str(vectors)}, interpolate=True)
    spacy_pretrain(config, work, use_gpu=-1, silent=False)
    final = sorted((p for p in work.glob("model*.bin") if re.fullmatch(r"model\d+\.bin", p.name)),
                   key=_order)
    return final[-1]


def _order(p: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", p.stem))


if __name__ == "__main__":
    print(pretrain(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]),
                   int(sys.argv[5]) if len(sys.argv) > 5 else 1_500_000))
