"""Plain dataclasses passed between the pipeline stages.

Each stage takes and returns these, never spaCy or rdflib objects, so that a stage can be
run in another process (or on another machine) and its output cached as JSON for
incremental builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

_FIELDS: dict[type, tuple[str, ...]] = {}
_ATOMS = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """`dataclasses.asdict` for these plain records, without its deep copies: it runs on
    every article's extraction in the workers (the cache line), where asdict cost ~4x more.
    Dataclasses become dicts in field order, lists and tuples keep their type."""
    t = type(value)
    names = _FIELDS.get(t)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[t] = tuple(f.name for f in fields(value))
    if names is not None:
        d = {n: getattr(value, n) for n in names}
        for n, v in d.items():
            if not isinstance(v, _ATOMS):
                d[n] = plain(v)
        return d
    if t is list or t is tuple:
        return t(v if isinstance(v, _ATOMS) else plain(v) for v in value)
    if t is dict:
        return {k: plain(v) for k, v in value.items()}
    return value


# Entity types used inside kg; rdf.py maps them to schema.org / ORG classes.
PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
EVENT = "Event"
POST = "Post"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, EVENT, POST)


@dataclass
class Article:
    """One input article after cleaning: `text` is what offsets refer to."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd where known
    dateline: str | None = None  # place named in the dateline ("BANDUNG")
    author: str | None = None
    source_path: str | None = None
    content_hash: str = ""  # hash of the raw input; unchanged hash = not reprocessed

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(**d)


@dataclass
class Evidence:
    """The sentence that states a fact, with character offsets into `Article.text`.

    Whitespace around the sentence (spaCy keeps a paragraph break on the sentence before
    it) is trimmed and the offsets follow, so a CSV cell of evidence is one line.
    """

    sentence: str
    start: int
    end: int

    def __post_init__(self) -> None:
        lead = len(self.sentence) - len(self.sentence.lstrip())
        trail = len(self.sentence) - len(self.sentence.rstrip())
        if lead or trail:
            self.sentence = self.sentence.strip()
            self.start += lead
            self.end = max(self.start, self.end - trail)


@dataclass
class Mention:
    """A span of article text naming an entity.

    `key` is unique within the article so relations can point at mentions in JSON.
    `long_form` is set when the text defines the mention as an acronym of something
    ("Persatuan Guru Republik Indonesia (PGRI)"), so resolution can merge them.
    `normal` is the name resolution should use (e.g. an expanded post title).
    """

    key: str
    text: str
    type: str
    start: int
    end: int
    confidence: float = 0.5
    source: str = "rule"  # "model", "rule", "coref"
    long_form: str | None = None
    normal: str | None = None
    sent_start: int = 0
    sent_end: int = 0
    # key of another mention of the same article that the text says names the same thing
    # ("Kementerian PPN/Bappenas", "Muhammad Romahurmuziy (Rommy)", "X alias Y")
    same_as: str | None = None

    @property
    def name(self) -> str:
        return self.normal or self.text


@dataclass
class Relation:
    """A typed link between two mentions (or a mention and a literal `value`).

    kind is one of: holds, postIn, areaServed, attendee, location, organizer, startDate.
    """

    kind: str
    subject: str  # Mention.key
    object: str | None  # Mention.key, or None when `value` holds a literal
    evidence: Evidence
    value: str | None = None
    confidence: float = 0.5


@dataclass
class Quote:
    """What a person said, verbatim, with the speaker mention."""

    text: str
    speaker: str  # Mention.key
    evidence: Evidence
    confidence: float = 0.5


@dataclass
class ArticleExtraction:
    """Everything extraction found in one article; cached per content hash."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleExtraction:
        return cls(
            article=Article.from_dict(d["article"]),
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            relations=[
                Relation(**{**r, "evidence": Evidence(**r["evidence"])})
                for r in d.get("relations", [])
            ],
            quotes=[
                Quote(**{**q, "evidence": Evidence(**q["evidence"])}) for q in d.get("quotes", [])
            ],
        )


@dataclass
class Entity:
    """One real-world thing after resolution across articles."""

    id: str  # slug used in the IRI, stable for the same canonical label and type
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    confidence: float = 0.5
    # (article id, mention key) pairs that resolved to this entity
    mentions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Resolution:
    """Result of resolving all extractions: entities and the mention -> entity map."""

    entities: dict[str, Entity]
    mention_entity: dict[tuple[str, str], str]  # (article id, mention key) -> entity id
    # IRI a build dropped when it merged two entities -> id of the entity it kept; written
    # as `dropped owl:sameAs kept` so saved links keep working (CONTRACT: stable IRIs)
    same_as: dict[str, str] = field(default_factory=dict)
    # entity IRIs whose triples in the entities graph must be rewritten by this build (a
    # current entity, a same_as key, or a retired IRI whose triples go); None = all of them
    touched: set[str] | None = None
    # article ids whose named graphs must be (re)written: the articles resolved this build
    # and unchanged ones naming an entity that was merged away; None = all of them
    rewrite_articles: set[str] | None = None
