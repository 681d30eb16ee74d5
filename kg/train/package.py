"""Copy a trained model-best into kg/models/id_kg_news with a model card in meta.json.

spaCy's meta.json is the card: `sources` names every corpus with its licence (NERP and
NER-UGM flagged as unclear), `performance` holds the test figures written by
scripts/model_figures.py, and `kg_training` how the model was made. The training data
never enters the directory: only weights, vocab strings and the vectors table.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "models" / "id_kg_news"
SIZE_BUDGET_MB = 30.0

SOURCES = [
    {"name": "NERGrit (IndoNLU version)", "url": "https://github.com/IndoNLP/indonlu",
     "license": "IndoNLU repo Apache-2.0; NERGrit terms allow commercial use with attribution "
                "of the contributors (grit-id/nergrit-corpus)", "used_for": "NER train"},
    {"name": "idner-news-2k", "url": "https://github.com/khairunnisaor/idner-news-2k",
     "license": "MIT", "used_for": "NER train",
     "author": "Khairunnisa, Imankulova & Komachi (AACL-IJCNLP SRW 2020)"},
    {"name": "NER UGM (IndoLEM version, fold 1)", "url": "https://github.com/indolem/indolem",
     "license": "UNCLEAR: not stated upstream (SEACrowd lists CC BY 4.0)",
     "used_for": "NER train (TIME and QUANTITY dropped)",
     "author": "Fachri (2014); Koto et al. (COLING 2020)"},
    {"name": "UD Indonesian-CSUI train", "license": "CC BY-SA 4.0", "used_for": "UPOS train",
     "url": "https://github.com/UniversalDependencies/UD_Indonesian-CSUI"},
    {"name": "UD Indonesian-PUD", "license": "CC BY-SA 3.0", "used_for": "UPOS train/dev",
     "url": "https://github.com/UniversalDependencies/UD_Indonesian-PUD"},
    {"name": "UD Indonesian-GSD dev", "license": "CC BY-SA 4.0", "used_for": "UPOS train",
     "url": "https://github.com/UniversalDependencies/UD_Indonesian-GSD"},
    {"name": "kg news annotations (eval/train/ann*.json, four fifths of the articles)",
     "url": "eval/train in the kg repository",
     "license": "kg project's own annotations (entity lists over CLICK-ID articles, CC BY 4.0 "
                "texts owned by the publishers)",
     "used_for": "NER train (Person/Organization/Place aliases aligned to the text)"},
    {"name": "CLICK-ID raw articles (news_corpus)", "url": "https://github.com/andikawilliam/CLICK-ID",
     "license": "CC BY 4.0 (texts owned by the publishers)",
     "used_for": "static floret vectors (unsupervised), speed benchmark"},
]
NERP_SOURCE = {"name": "NERP (IndoNLU version)", "url": "https://github.com/IndoNLP/indonlu",
               "license": "UNCLEAR: no dataset licence (SEACrowd lists CC BY-SA 4.0)",
               "used_for": "NER train (lower-cased)"}


def ship(model_best: Path, train_info: dict, dest: Path = SHIPPED,
         used_nerp: bool = False, used_news: bool = True) -> Path:
    """Replace `dest` with `model_best` and write the card fields into its meta.json."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(model_best, dest)
    _drop_training_callback(dest / "config.cfg")
    meta_path = dest / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "kg_news",
        "version": "1.0.0",
        "description": "kg's Indonesian news pipeline (CPU): tok2vec + morphologizer (UPOS) "
                       "+ NER (PER, ORG, LOC). Trained by `kg train`; see docs/model.md.",
        "author": "kg",
        "license": "CC BY-SA 4.0 (inherits UD CC BY-SA); NER training data partly of unclear "
                   "licence, see sources",
        "sources": [s for s in SOURCES if used_news or not s["name"].startswith("kg news")]
        + ([NERP_SOURCE] if used_nerp else []),
        "kg_training": train_info,
    })
    meta.pop("performance", None)
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    (dest / "README.md").write_text(model_card(meta), encoding="utf-8")
    return dest


def _drop_training_callback(cfg_path: Path) -> None:
    """Remove the time-cap callback, so the shipped config never needs kg.train's registry
    (spaCy resolves [training] when the config is trained or initialised again)."""
    from spacy.util import load_config

    cfg = load_config(cfg_path, interpolate=False)
    cfg["training"]["before_update"] = None
    cfg.to_disk(cfg_path)


def model_card(meta: dict) -> str:
    """The README of the model directory: what it is, what trained it, under which terms."""
    rows = "\n".join(f"| {s['name']} | {s['used_for']} | {s['license']} |"
                     for s in meta["sources"])
    unclear = [s["name"] for s in meta["sources"] if s["license"].startswith("UNCLEAR")]
    info = meta.get("kg_training", {})
    return f"""# id_kg_news — kg's Indonesian news pipeline

spaCy {meta.get("spacy_version", "")} pipeline `{meta["lang"]}_{meta["name"]}`
{meta["version"]}: {", ".join(meta.get("pipeline", []))}. Entity labels:
{", ".join(meta.get("labels", {}).get("ner", []))}. Loads offline with
`spacy.load("kg/models/id_kg_news")`; kg adds its rule components on top (kg/nlp.py).

Trained by `kg train --config {info.get("config", "?").removesuffix(".cfg")}` (seed
{info.get("seed")}, {info.get("minutes")} min on a 2-core CPU); how to retrain, the
experiments and their figures: docs/model.md. Test figures: FIGURES.md (written by
scripts/model_figures.py).

## Training corpora and licences

| corpus | used for | licence |
| --- | --- | --- |
{rows}

**Unclear licences:** {", ".join(unclear) or "none"} — the upstream data states no licence
(catalogues list one). Confirm before redistributing this model outside research use, or
retrain without them. The model directory contains weights, vocabulary strings and the
vector table only; no training text.
"""
