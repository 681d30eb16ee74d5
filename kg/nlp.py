"""The spaCy pipeline kg runs: the shipped Indonesian model plus kg's rule components.

The trained pipeline (kg/models/id_kg_news, see docs/model.md) gives tokens, tags and
PER/ORG/LOC/EVT entities; `kg_sentences`, `kg_rules`, `kg_posts` and `kg_events` run on
top. Without a trained model (or with `--model blank`) kg falls back to
`spacy.blank("id")` and finds people from cues (titles, ranks, speech verbs) only.
"""

from __future__ import annotations

import os
from pathlib import Path

import spacy
from spacy.language import Language

import kg.components  # noqa: F401  (registers the factories)
from kg.errors import KgError
from kg.paths import DEFAULT_MODEL, default_model_path, package_file  # noqa: F401 (kg.nlp's names)


def _split_slashes(nlp: Language) -> None:
    """Split "/" between words and around brackets: "(PPN)/Badan ..." and "PPN/Bappenas"
    are two names, which spaCy's Indonesian tokenizer keeps as one token; likewise a comma
    or colon glued to the next list item."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[\w)])/(?=[\w(])", r"(?<=\w)\)(?=/)",
               # list items the corpus joins without a space: "Valverde,(4-4-2",
               # "Kenari,13", "utamanya:,Taman", "Madya),China" (kg/mention_shape.py)
               r"(?<=[^\W\d_]|\))[,:;]+(?=[^\s,:;])", r"(?<=\w)\)(?=[,:;]?[^\W\d_])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def load_pipeline(model: str | None = None, learned: bool = True,
                  relations: bool = True) -> Language:
    """Load `model` (a path, "blank", or None for the shipped default) and add kg's rules,
    then (`learned`, with a trained model) the learned event spans and (`relations`) the
    learned attendee/location component (kg/learned)."""
    if model == "blank":
        nlp = spacy.blank("id")
    else:
        path = Path(model) if model else default_model_path()
        if (path / "config.cfg").exists():
            try:
                # the shipped model's parser and morphologizer: kg reads neither (sentences
                # are kg_sentences', entities the NER's, which has its own tok2vec listener),
                # and the morphologizer alone cost ~2% of extraction
                nlp = spacy.load(path, exclude=["parser", "morphologizer"] if model is None
                                 else [])
            except Exception as exc:  # noqa: BLE001 - any load failure is the model's fault
                raise KgError(f"{path}: the spaCy model cannot be loaded ({exc}).") from exc
        elif model:
            raise KgError(f"{model}: not a spaCy model directory (no config.cfg).")
        else:
            nlp = spacy.blank("id")
    _split_slashes(nlp)
    for name in ("senter", "sentencizer"):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    if "parser" in nlp.pipe_names:
        nlp.remove_pipe("parser")
    nlp.add_pipe("kg_sentences", first=True)
    # cue-based people run with the model too: "Direktur Hulu Pertamina Dharmawan H. Samsu"
    # is found whole by the rule where the model sees only "Samsu"; longest span wins
    nlp.add_pipe("kg_rules", config={"person_fallback": True})
    nlp.add_pipe("kg_posts")
    nlp.add_pipe("kg_events")
    if learned and model != "blank" and os.environ.get("KG_LEARNED", "1") != "0":
        add_learned(nlp, relations)  # KG_LEARNED=0: the hand rules alone, for comparison
    return nlp


def add_learned(nlp: Language, relations: bool = True) -> None:
    """Add the learned components from their shipped artifacts, where there are any:
    `kg_event_rel` (kg/models/kg_event_rel), which reads kg_events' spans and decides
    attendee/location links with the hand rules (kg/links.py), and, with KG_LEARNED=all,
    the event span categoriser (kg/models/kg_event_spans, merged into kg_events' spans)."""
    import json

    from kg.learned import component, spans  # noqa: F401  (registers the factories)

    # the learned event spans only with KG_LEARNED=all: they raise event recall on unseen
    # text but cost dev-gold entity precision (docs/learned.md), so they are opt-in
    if os.environ.get("KG_LEARNED") == "all":
        spans.add_to(nlp)
    if not relations:
        return

    path = package_file("models", "kg_event_rel")
    if not (path / "cfg").exists():
        return
    cfg = json.loads((path / "cfg").read_text(encoding="utf-8"))
    pipe = nlp.add_pipe("kg_event_rel", config={"hidden": cfg.get("hidden", 0),
                                                "use_vectors": cfg.get("use_vectors", True)})
    pipe.from_disk(path)
