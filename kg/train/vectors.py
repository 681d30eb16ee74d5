"""Static floret vectors trained on the raw news corpus (../shared/data/news_corpus).

The NER corpora total about 130k tokens, too few to learn what most Indonesian words
mean; 5 million words of 2019 news are not. floret (fastText with hashed subword
buckets) keeps the vector table at a fixed, small size (`bucket` x `dim` floats) and
gives every unseen word a vector from its character n-grams, which matters for names.
The text is tokenised with the same `spacy.blank("id")` tokenizer the pipeline runs, so
the vectors key on exactly the tokens the model will see. floret is a training-time
dependency only: the vectors end up inside the spaCy pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

from kg.errors import KgError

# The table is bucket*dim*4 bytes on disk: 40000*100*4 = 16 MB, inside the 30 MB budget.
FLORET_PARAMS = {"model": "skipgram", "dim": 100, "bucket": 40000, "minn": 4, "maxn": 5,
                 "hashCount": 2, "epoch": 5, "minCount": 3, "mode": "floret",
                 "verbose": 1}


def dump_tokenized(news_jsonl: Path, out_txt: Path) -> int:
    """Write one paragraph per line, tokens separated by spaces; returns the token count."""
    nlp = spacy.blank("id")
    n_tokens = 0
    with news_jsonl.open(encoding="utf-8") as fh, out_txt.open("w", encoding="utf-8") as out:
        paras = (p.strip() for line in fh for p in _article_paragraphs(line))
        for doc in nlp.pipe((p for p in paras if p), batch_size=2000):
            toks = [t.text for t in doc if not t.is_space]
            n_tokens += len(toks)
            out.write(" ".join(toks) + "\n")
    return n_tokens


def _article_paragraphs(line: str) -> list[str]:
    if not line.strip():
        return []
    art = json.loads(line)
    return [art.get("title") or ""] + (art.get("text") or "").split("\n\n")


def train_floret(text: Path, out_prefix: Path, threads: int = 1) -> Path:
    """Train floret vectors; returns the `.floret` table spaCy's init vectors reads."""
    try:
        import floret
    except ImportError as exc:
        raise KgError("floret is not installed: `pip install floret` to train vectors.") from exc
    model = floret.train_unsupervised(str(text), thread=threads, **FLORET_PARAMS)
    model.save_floret_vectors(str(out_prefix) + ".floret")
    return Path(str(out_prefix) + ".floret")


def init_vectors(floret_table: Path, out_dir: Path) -> None:
    """Turn the floret table into a spaCy vectors model directory (for [initialize])."""
    cmd = [sys.executable, "-m", "spacy", "init", "vectors", "id", str(floret_table),
           str(out_dir), "--mode", "floret"]
    subprocess.run(cmd, check=True)


def build_vectors(news_jsonl: Path, work: Path, threads: int = 1) -> Path:
    """Tokenise the corpus, train floret and convert; reuses outputs already built."""
    work.mkdir(parents=True, exist_ok=True)
    out_dir = work / "vectors_model"
    if (out_dir / "config.cfg").exists():
        return out_dir
    text = work / "news_tokens.txt"
    if not text.exists():
        n = dump_tokenized(news_jsonl, text)
        print(f"vectors: tokenised {n:,} tokens of news text", flush=True)
    table = train_floret(text, work / "news_floret", threads=threads)
    init_vectors(table, out_dir)
    return out_dir


if __name__ == "__main__":
    shared = Path(sys.argv[1])
    print(build_vectors(shared / "news_corpus" / "click_id_articles.jsonl", Path(sys.argv[2]),
                        threads=int(sys.argv[3]) if len(sys.argv) > 3 else 1))
