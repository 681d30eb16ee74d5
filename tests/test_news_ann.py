"""kg's news annotations -> NER tags (kg/train/news_ann.py), on made-up sentences."""

from __future__ import annotations

import json

import pytest

spacy = pytest.importorskip("spacy")

from kg.errors import KgError  # noqa: E402
from kg.train import news_ann as N  # noqa: E402


def _tags(text: str, entities: list[dict]) -> list[tuple[str, str]]:
    nlp = spacy.blank("id")
    doc = nlp.make_doc(text)
    tags = N.tag_text(doc, entities)
    return [(t.text, "?" if tag is None else tag) for t, tag in zip(doc, tags, strict=True)]


def _ent(etype: str, *aliases: str, required: bool = True) -> dict:
    return {"type": etype, "required": required, "aliases": list(aliases), "article": "a"}


def test_post_without_names_is_o_and_holder_starts_a_person() -> None:
    ents = [_ent("Post", "Menteri Urusan Sungai"), _ent("Person", "Rudi Hartawan", "Rudi")]
    tags = _tags("Menteri Urusan Sungai Rudi Hartawan hadir. Rudi tersenyum.", ents)
    assert tags[:5] == [("Menteri", "O"), ("Urusan", "O"), ("Sungai", "O"),
                        ("Rudi", "B-PER"), ("Hartawan", "I-PER")]
    assert ("Rudi", "B-PER") in tags[6:]


def test_post_with_nested_org_and_place() -> None:
    ents = [_ent("Post", "Ketua Dewan Sungai Kabupaten Lembah Hijau"),
            _ent("Organization", "Dewan Sungai"),
            _ent("Place", "Kabupaten Lembah Hijau"),
            _ent("Person", "Sri Wulandari")]
    tags = _tags("Ketua Dewan Sungai Kabupaten Lembah Hijau Sri Wulandari berkata.", ents)
    assert tags[0] == ("Ketua", "O")
    assert tags[1:3] == [("Dewan", "B-ORG"), ("Sungai", "I-ORG")]
    # regions inside posts: corpora disagree (O in idner, LOC in NERGrit) -> unknown
    assert [t for _, t in tags[3:6]] == ["?", "?", "?"]
    assert tags[6:8] == [("Sri", "B-PER"), ("Wulandari", "I-PER")]
    assert tags[8] == ("berkata", "O")


def test_longest_alias_wins_and_optional_or_ignore_is_missing() -> None:
    ents = [_ent("Organization", "Bank Lembah Hijau"), _ent("Place", "Lembah Hijau"),
            _ent("Organization", "Koperasi Maju", required=False),
            _ent("Ignore", "Program Sawah Emas")]
    tags = _tags("Bank Lembah Hijau dan Koperasi Maju di Lembah Hijau membuka Program "
                 "Sawah Emas.", ents)
    assert [t for _, t in tags[:3]] == ["B-ORG", "I-ORG", "I-ORG"]
    assert [t for _, t in tags[4:6]] == ["?", "?"]
    assert [t for _, t in tags[7:9]] == ["B-LOC", "I-LOC"]
    assert [t for _, t in tags[10:13]] == ["?", "?", "?"]
    assert tags[-1] == (".", "O")


def test_alias_only_matches_whole_words_case_as_written() -> None:
    tags = _tags("Para Rudiyanto dan rudi tidak cocok.", [_ent("Person", "Rudi")])
    assert all(t == "O" for _, t in tags)


def test_split_is_seeded_and_holds_back_a_fifth() -> None:
    ids = [f"art-{i:03d}" for i in range(100)]
    one, two = N.split_ids(ids), N.split_ids(list(reversed(ids)))
    assert one == two
    assert len(one["test"]) == 20 and len(one["dev"]) == 10 and len(one["train"]) == 70
    assert not set(one["test"]) & set(one["train"])


def test_bad_annotation_file_is_one_clear_error(tmp_path) -> None:
    (tmp_path / "ann1.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KgError, match="ann1.json: not valid JSON"):
        N.load_annotations(tmp_path)


def test_build_splits_reads_texts_from_the_corpus(tmp_path) -> None:
    ids = [f"x-{i}" for i in range(10)]
    ann = {"articles": {i: {} for i in ids},
           "entities": [{**_ent("Person", "Rudi Hartawan"), "article": i} for i in ids]}
    (tmp_path / "ann1.json").write_text(json.dumps(ann), encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "title": "Judul",
                                            "text": "Rudi Hartawan datang.\nIa pulang."})
                                for i in ids), encoding="utf-8")
    splits = N.build_splits(tmp_path, corpus)
    assert [len(splits[k]) for k in ("train", "dev", "test")] == [7 * 3, 1 * 3, 2 * 3]
    assert [e.text for d in splits["train"] for e in d.ents][:1] == ["Rudi Hartawan"]
    corpus.write_text("", encoding="utf-8")
    with pytest.raises(KgError, match="not in"):
        N.build_splits(tmp_path, corpus)
