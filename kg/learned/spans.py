"""Learned event names: a spaCy `spancat` trained on annotated articles, merged into the
rule events (`doc.spans["kg_events"]`).

The hand triggers (kg/data/event_triggers.csv) name meetings, ceremonies and protests
well, but news reports many more kinds of happening ("malam keakraban", "tahlilan",
"gelar perkara", "penggerebekan"); a span categoriser over the shipped pipeline's static
vectors learns them from context. `kg_learned_events` adds each predicted span (score at
least the shipped threshold) that overlaps no rule event and is neither a name nor cuts
one (it may hold one: "pemakaman X"), in order of score, so the rule names stay as they
are and the learned ones fill the gaps.

Training data: `event_docs` aligns each gold Event's aliases to the article text (gold
has no offsets) and writes the longest non-overlapping occurrences as the spans to learn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

from kg.paths import package_file

SPANS_KEY = "kg_event_sc"
LABEL = "EVENT"
MODEL_DIR = package_file("models", "kg_event_spans")


def event_aliases(gold_paths: Iterable[Path]) -> dict[str, list[str]]:
    """Article id -> the aliases of its gold Event entities (required or not)."""
    out: dict[str, list[str]] = {}
    for path in gold_paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for e in data.get("entities", []):
            if e.get("type") == "Event" and e.get("article"):
                out.setdefault(e["article"], []).extend(a for a in e.get("aliases", []) if a)
    return out


def align(doc: Doc, aliases: list[str]) -> list[Span]:
    """The aliases' occurrences in the text (any case, whole words), longest first, none
    overlapping another."""
    found: list[Span] = []
    text = doc.text
    for alias in sorted(set(aliases), key=len, reverse=True):
        pat = re.compile(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", re.IGNORECASE)
        for m in pat.finditer(text):
            span = doc.char_span(m.start(), m.end(), label=LABEL, alignment_mode="expand")
            if span is None or any(span.start < s.end and s.start < span.end for s in found):
                continue
            found.append(span)
    return sorted(found, key=lambda s: s.start)


def event_docs(nlp: Language, texts: dict[str, str], gold_paths: Iterable[Path]) -> DocBin:
    """Tokenised training docs (kg's tokenizer) with the gold event spans to learn, for
    the annotated articles that have at least one event."""
    aliases = event_aliases(gold_paths)
    db = DocBin(store_user_data=False)
    for art in sorted(texts):
        if art not in aliases:
            continue  # (the shipped model was trained on articles with events only)
        doc = nlp.make_doc(texts[art])
        doc.spans[SPANS_KEY] = align(doc, aliases[art])
        db.add(doc)
    return db


@Language.factory("kg_learned_events", default_config={"threshold": 0.5})
def make_learned_events(nlp: Language, name: str, threshold: float) -> LearnedEvents:
    return LearnedEvents(threshold)


class LearnedEvents:
    """Merge the span categoriser's events into `doc.spans["kg_events"]`."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(SPANS_KEY)
        if group is None or not len(group):
            return doc
        scores = group.attrs.get("scores")
        events = list(doc.spans.get("kg_events", []))
        ranked = sorted(((float(scores[i][0]) if scores is not None else 1.0, s)
                         for i, s in enumerate(group)), key=lambda x: (-x[0], -len(x[1])))
        added = False
        for score, s in ranked:
            if score < self.threshold:
                break
            if not s.text[:1].isalnum() or any(
                    s.start < o.end and o.start < s.end for o in events) or any(
                    s.start < e.end and e.start < s.end and not (
                        s.start <= e.start and e.end <= s.end and len(e) < len(s))
                    for e in doc.ents):
                continue  # no rule event, no name or part of one; "pemakaman X" holds X
            events.append(Span(doc, s.start, s.end, label="EVT"))
            added = True
        if added:
            doc.spans["kg_events"] = sorted(events, key=lambda s: s.start)
        return doc


def add_to(nlp: Language, path: Path = MODEL_DIR) -> bool:
    """Add the shipped span categoriser and the merge step after `kg_events` (False when
    nothing is shipped)."""
    meta = path / "component.json"
    if not meta.exists():
        return False
    info = json.loads(meta.read_text(encoding="utf-8"))
    config = dict(info["config"])
    sizes = config.get("suggester", {}).get("sizes", [1, 2, 3, 4])
    config["suggester"] = {"@misc": "kg.event_suggester.v1", "sizes": sizes}
    pipe = nlp.add_pipe("spancat", name="kg_event_spancat", config=config,
                        after="kg_events")
    pipe.from_disk(path / "spancat", exclude=["vocab"])
    nlp.add_pipe("kg_learned_events", config={"threshold": info["threshold"]},
                 after="kg_event_spancat")
    return True


def train_spans(nlp: Language, texts: dict[str, str], gold_paths: list[Path], config: Path,
                work: Path, seed: int = 20261206) -> dict[str, object]:
    """spaCy's trainer on `config` (the shipped pipeline's static vectors), a seeded
    sixth of the training articles as its dev set; then the threshold of best span F1 on
    that dev set. Returns the card (sizes, figures)."""
    import hashlib

    from spacy.cli.train import train as spacy_train

    from kg.nlp import default_model_path

    def dev(a: str) -> bool:
        return int(hashlib.sha256(f"{seed}:{a}".encode()).hexdigest()[:8], 16) % 6 == 0

    work.mkdir(parents=True, exist_ok=True)
    tr = event_docs(nlp, {a: t for a, t in texts.items() if not dev(a)}, gold_paths)
    dv = event_docs(nlp, {a: t for a, t in texts.items() if dev(a)}, gold_paths)
    tr.to_disk(work / "train.spacy")
    dv.to_disk(work / "dev.spacy")
    spacy_train(config, work / "out", overrides={
        "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
        "paths.vectors": str(default_model_path())})
    import spacy

    best = spacy.load(work / "out" / "model-best")
    dev_docs = list(dv.get_docs(nlp.vocab))
    preds = list(best.pipe(best.make_doc(d.text) for d in dev_docs))
    table, best_t = [], (0.5, -1.0)
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        c = p = g = 0
        for gold, pred in zip(dev_docs, preds, strict=True):
            want = {(s.start, s.end) for s in gold.spans[SPANS_KEY]}
            sc = pred.spans[SPANS_KEY].attrs.get("scores")
            got = {(s.start, s.end) for i, s in enumerate(pred.spans[SPANS_KEY])
                   if sc is None or float(sc[i][0]) >= t}
            c, p, g = c + len(want & got), p + len(got), g + len(want)
        f = 2 * c / (p + g) if p + g else 0.0
        table.append(f"| {t:.1f} | {c}/{p} | {c}/{g} | {f:.3f} |")
        if f > best_t[1]:
            best_t = (t, f)
    out = MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    best.get_pipe("spancat").to_disk(out / "spancat", exclude=["vocab"])
    comp = dict(best.config["components"]["spancat"])
    comp.pop("factory", None)
    card = {"threshold": best_t[0], "config": comp,
            "train_articles": len(tr), "dev_articles": len(dv),
            "train_spans": sum(len(d.spans[SPANS_KEY]) for d in tr.get_docs(nlp.vocab)),
            "dev_spans": sum(len(d.spans[SPANS_KEY]) for d in dev_docs),
            "dev_table": table}
    (out / "component.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return card


# words that neither begin nor end an event's name (they may stand inside one); a span
# that begins or ends with one is never worth scoring
_FUNCTION = frozenset("""di ke dari yang dan atau untuk dengan pada dalam ini itu tersebut akan
telah sudah juga tidak tak oleh bahwa karena saat ketika para serta sebagai secara agar
namun tetapi hingga sampai masih sedang bisa dapat harus ia dia mereka kami kita saya""".split())
_INSIDE = {"-", "'", "’", "/", "&"}


@registry.misc("kg.event_suggester.v1")
def build_event_suggester(sizes: list[int]) -> Callable[..., Ragged]:
    """The n-grams an event name can be: starting at a word that is no function word,
    ending at a word or number, with no punctuation but "-", "'", "/" inside. The model
    scores each span alone, so suggesting fewer than the n-gram suggester it was trained
    with changes no score — it only skips spans that are never names (about half)."""

    def suggest(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        spans: list[tuple[int, int]] = []
        lengths = []
        for doc in docs:
            before = len(spans)
            start = [t.is_alpha and t.lower_ not in _FUNCTION for t in doc]
            end = [(t.is_alpha or t.like_num) and t.lower_ not in _FUNCTION for t in doc]
            inside = [not t.is_punct or t.text in _INSIDE for t in doc]
            for i in range(len(doc)):
                if not start[i]:
                    continue
                for n in sorted(sizes):
                    j = i + n
                    if j > len(doc) or not inside[j - 1]:
                        break
                    if end[j - 1]:
                        spans.append((i, j))
            lengths.append(len(spans) - before)
        data = ops.asarray2i(spans) if spans else ops.alloc2i(0, 2)
        return Ragged(data, ops.asarray1i(lengths))

    return suggest
