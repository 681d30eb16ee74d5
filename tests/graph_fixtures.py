"""Hand-made graphs for the page and stats tests, built through the real `kg.rdf` writer.

Three factories, each returning `(extractions, resolution)` for `build_dataset`:
- `sample()`: four short Indonesian news articles, two publishers, three years, every
  entity type, relations, quotes, aliases, an isolated entity;
- `hostile()`: names, aliases, quotes, headline and URL made of markup and script, so the
  page tests can prove that text stays text;
- `synthetic(n)`: a seeded corpus of n articles with a long-tailed entity distribution,
  for the big-graph view and `scripts/bench_page.py`.

Offsets are found in the text, so the evidence is as real as extraction would give.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from kg.models import (
    Article,
    ArticleExtraction,
    Entity,
    Evidence,
    Mention,
    Quote,
    Relation,
    Resolution,
)
from kg.rdf import build_dataset, slugify

Spec = tuple[str, str, str, set[str]]  # id, type, label, aliases


@dataclass
class Corpus:
    """Collects articles and resolves surface names to entities as it goes."""

    entities: dict[str, Entity] = field(default_factory=dict)
    extractions: list[ArticleExtraction] = field(default_factory=list)
    mention_entity: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity(self, eid: str, typ: str, label: str, aliases: set[str] | None = None,
               confidence: float = 0.8) -> None:
        self.entities[eid] = Entity(eid, typ, label, {label, *(aliases or set())}, confidence)

    def article(self, aid: str, text: str, *, title: str, publisher: str | None, date: str,
                url: str | None = None, mentions: list[tuple[str, str]],
                relations: list[tuple[str, str, str | None, str | None]] = (),  # type: ignore[assignment]
                quotes: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        """mentions: (surface, entity id); relations: (kind, subj surface, obj surface, value);
        quotes: (quoted text, speaker surface). The publisher is an entity id."""
        ments: list[Mention] = []
        key_of: dict[str, str] = {}
        for i, (surface, eid) in enumerate(mentions):
            start = max(text.find(surface), 0)
            s0, s1 = _sentence(text, start)
            m = Mention(f"m{i}", surface, self.entities[eid].type, start, start + len(surface),
                        confidence=0.8, sent_start=s0, sent_end=s1)
            ments.append(m)
            key_of[surface] = m.key
            self._link(aid, m.key, eid)
        if publisher is not None:
            pub = self.entities[publisher]
            ments.append(Mention("publisher", pub.label, pub.type, 0, 0, confidence=0.95))
            self._link(aid, "publisher", publisher)
        by_key = {m.key: m for m in ments}
        rels = []
        for kind, subj, obj, value in relations:
            m = by_key[key_of[subj]]
            ev = Evidence(text[m.sent_start:m.sent_end], m.sent_start, m.sent_end)
            rels.append(Relation(kind, key_of[subj], key_of[obj] if obj else None, ev,
                                 value=value, confidence=0.7))
        qs = []
        for said, speaker in quotes:
            start = max(text.find(said), 0)
            s0, s1 = _sentence(text, start)
            qs.append(Quote(said, key_of[speaker], Evidence(text[s0:s1], s0, s1), 0.75))
        art = Article(id=aid, text=text, title=title, url=url or f"https://news.example/{aid}",
                      date=date, content_hash=f"h-{aid}")
        self.extractions.append(ArticleExtraction(art, ments, rels, qs))

    def _link(self, aid: str, key: str, eid: str) -> None:
        self.mention_entity[(aid, key)] = eid
        self.entities[eid].mentions.append((aid, key))

    def result(self) -> tuple[list[ArticleExtraction], Resolution]:
        return self.extractions, Resolution(self.entities, self.mention_entity)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return start, (end + 1 if end >= 0 else len(text))


def sample() -> tuple[list[ArticleExtraction], Resolution]:
    """Four articles about West Java, Pertamina, PGRI and vaccination (see module doc)."""
    c = Corpus()
    for spec in [
        ("ridwan-kamil", "Person", "Ridwan Kamil", {"Kang Emil", "Emil"}),
        ("basuki-tjahaja-purnama", "Person", "Basuki Tjahaja Purnama", {"Ahok", "BTP"}),
        ("joko-widodo", "Person", "Joko Widodo", {"Jokowi"}),
        ("unifah-rosyidi", "Person", "Unifah Rosyidi", set()),
        ("gubernur-jawa-barat", "Post", "Gubernur Jawa Barat", set()),
        ("komisaris-utama-pertamina", "Post", "Komisaris Utama Pertamina", set()),
        ("presiden-republik-indonesia", "Post", "Presiden Republik Indonesia", {"Presiden RI"}),
        ("ketua-umum-pgri", "Post", "Ketua Umum PGRI", set()),
        ("pertamina", "Organization", "Pertamina", {"PT Pertamina (Persero)"}),
        ("pgri", "Organization", "Persatuan Guru Republik Indonesia", {"PGRI", "Pgri"}),
        ("pemprov-jabar", "Organization", "Pemerintah Provinsi Jawa Barat", {"Pemprov Jabar"}),
        ("kabar-jabar", "Organization", "Kabar Jabar", set()),
        ("warta-nusantara", "Organization", "Warta Nusantara", set()),
        ("jawa-barat", "Place", "Jawa Barat", {"Jabar"}),
        ("gedung-sate", "Place", "Gedung Sate", set()),
        ("jakarta", "Place", "Jakarta", {"DKI Jakarta"}),
        ("bandung", "Place", "Bandung", set()),
        ("surabaya", "Place", "Surabaya", set()),
        ("hut-ri-74", "Event", "HUT ke-74 RI", set()),
        ("hut-pgri-76", "Event", "HUT ke-76 PGRI", set()),
        ("vaksinasi-covid", "Event", "Vaksinasi COVID-19", set()),
    ]:
        c.entity(*spec)
    c.article(
        "jabar-2019-hut", "Gubernur Jawa Barat Ridwan Kamil membuka HUT ke-74 RI di Gedung Sate. "
        '"Kita harus bersatu membangun daerah," kata Kang Emil.',
        title="HUT RI di Gedung Sate", publisher="kabar-jabar", date="2019-08-17",
        mentions=[("Gubernur Jawa Barat", "gubernur-jawa-barat"), ("Ridwan Kamil", "ridwan-kamil"),
                  ("Jawa Barat", "jawa-barat"), ("HUT ke-74 RI", "hut-ri-74"),
                  ("Gedung Sate", "gedung-sate"), ("Kang Emil", "ridwan-kamil")],
        relations=[("holds", "Ridwan Kamil", "Gubernur Jawa Barat", None),
                   ("areaServed", "Gubernur Jawa Barat", "Jawa Barat", None),
                   ("attendee", "HUT ke-74 RI", "Ridwan Kamil", None),
                   ("location", "HUT ke-74 RI", "Gedung Sate", None),
                   ("startDate", "HUT ke-74 RI", None, "2019-08-17")],
        quotes=[("Kita harus bersatu membangun daerah", "Kang Emil")])
    c.article(
        "pertamina-2020-ahok", "Basuki Tjahaja Purnama alias Ahok menjabat Komisaris Utama "
        "Pertamina sejak 2019. Presiden Republik Indonesia Joko Widodo memanggil Ahok ke "
        'Jakarta. "Saya akan bersih-bersih," ujar Ahok. Warga Surabaya ikut menonton.',
        title="Ahok dipanggil Jokowi", publisher="warta-nusantara", date="2020-03-02",
        mentions=[("Basuki Tjahaja Purnama", "basuki-tjahaja-purnama"),
                  ("Ahok", "basuki-tjahaja-purnama"),
                  ("Komisaris Utama Pertamina", "komisaris-utama-pertamina"),
                  ("Pertamina", "pertamina"),
                  ("Presiden Republik Indonesia", "presiden-republik-indonesia"),
                  ("Joko Widodo", "joko-widodo"), ("Jakarta", "jakarta"),
                  ("Surabaya", "surabaya")],
        relations=[("holds", "Basuki Tjahaja Purnama", "Komisaris Utama Pertamina", None),
                   ("postIn", "Komisaris Utama Pertamina", "Pertamina", None),
                   ("holds", "Joko Widodo", "Presiden Republik Indonesia", None)],
        quotes=[("Saya akan bersih-bersih", "Ahok")])
    c.article(
        "pgri-2021-hut", "Persatuan Guru Republik Indonesia (PGRI) menggelar HUT ke-76 PGRI di "
        "Jakarta. Presiden Joko Widodo hadir. Ketua Umum PGRI Unifah Rosyidi menyambut. "
        '"Guru adalah pahlawan," kata Unifah Rosyidi.',
        title="HUT PGRI ke-76", publisher="warta-nusantara", date="2021-11-25",
        mentions=[("Persatuan Guru Republik Indonesia", "pgri"), ("PGRI", "pgri"),
                  ("HUT ke-76 PGRI", "hut-pgri-76"), ("Jakarta", "jakarta"),
                  ("Joko Widodo", "joko-widodo"), ("Ketua Umum PGRI", "ketua-umum-pgri"),
                  ("Unifah Rosyidi", "unifah-rosyidi")],
        relations=[("organizer", "HUT ke-76 PGRI", "Persatuan Guru Republik Indonesia", None),
                   ("location", "HUT ke-76 PGRI", "Jakarta", None),
                   ("attendee", "HUT ke-76 PGRI", "Joko Widodo", None),
                   ("holds", "Unifah Rosyidi", "Ketua Umum PGRI", None),
                   ("postIn", "Ketua Umum PGRI", "PGRI", None)],
        quotes=[("Guru adalah pahlawan", "Unifah Rosyidi")])
    c.article(
        "jabar-2021-vaksin", "Pemerintah Provinsi Jawa Barat menggelar Vaksinasi COVID-19 di "
        "Bandung. Joko Widodo dan Ridwan Kamil meninjau lokasi.",
        title="Vaksinasi massal di Bandung", publisher="kabar-jabar", date="2021-01-10",
        mentions=[("Pemerintah Provinsi Jawa Barat", "pemprov-jabar"),
                  ("Vaksinasi COVID-19", "vaksinasi-covid"), ("Bandung", "bandung"),
                  ("Joko Widodo", "joko-widodo"), ("Ridwan Kamil", "ridwan-kamil")],
        relations=[("organizer", "Vaksinasi COVID-19", "Pemerintah Provinsi Jawa Barat", None),
                   ("location", "Vaksinasi COVID-19", "Bandung", None),
                   ("attendee", "Vaksinasi COVID-19", "Joko Widodo", None),
                   ("attendee", "Vaksinasi COVID-19", "Ridwan Kamil", None)])
    return c.result()


# Every string a page could show, made of markup, script, quotes and backslashes.
EVIL_NAME = '<script>window.__pwned=1</script>Budi "Bad" \\ O\'Neil'
EVIL_ALIAS = '<img src=x onerror="window.__pwned=2">'
EVIL_ORG = "</script><script>window.__pwned=3</script><!-- Org"
EVIL_QUOTE = 'Saya <b onmouseover="window.__pwned=5">bilang</b> \\" \u2028 \u2029 ${x} `y`'
EVIL_HEADLINE = "<svg onload=window.__pwned=6>Headline</svg>"
EVIL_URL = "javascript:window.__pwned=7"


def hostile() -> tuple[list[ArticleExtraction], Resolution]:
    """One article whose every displayed string is hostile, next to an ordinary one."""
    c = Corpus()
    c.entity("budi", "Person", EVIL_NAME, {EVIL_ALIAS})
    c.entity("evil-org", "Organization", EVIL_ORG, set())
    c.entity("evil-post", "Post", "Ketua </script>", set())
    c.entity("evil-pub", "Organization", "<iframe src=x></iframe>Pub", set())
    c.entity("plain", "Person", "Siti Aminah", set())
    text = (f"{EVIL_NAME} menjabat Ketua </script> di {EVIL_ORG}. "
            f'"{EVIL_QUOTE}," kata {EVIL_ALIAS}. Siti Aminah hadir.')
    c.article("evil-1", text, title=EVIL_HEADLINE, publisher="evil-pub", date="2022-02-02",
              url=EVIL_URL,
              mentions=[(EVIL_NAME, "budi"), ("Ketua </script>", "evil-post"),
                        (EVIL_ORG, "evil-org"), (EVIL_ALIAS, "budi"), ("Siti Aminah", "plain")],
              relations=[("holds", EVIL_NAME, "Ketua </script>", None),
                         ("postIn", "Ketua </script>", EVIL_ORG, None)],
              quotes=[(EVIL_QUOTE, EVIL_ALIAS)])
    return c.result()


_SYL = ("ba su ki ri dwan ka mil jo ko wi do dan sa ti ni ah ma ra hen dra yu di pra bo wo "
        "an ies ga nja ri sma tri eko wa hyu ").split()
_PLACES = ("Kota", "Kabupaten", "Desa", "Kecamatan")
_ORGS = ("Dinas", "Kementerian", "Partai", "PT", "Yayasan", "Badan")
_POSTS = ("Ketua", "Kepala", "Direktur", "Menteri", "Bupati", "Wali Kota")
_EVENTS = ("Rapat", "Festival", "Peresmian", "Musyawarah", "Kunjungan")


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(parts))


def synthetic(n_articles: int, seed: int = 0) -> tuple[list[ArticleExtraction], Resolution]:
    """A seeded corpus of n articles: few famous entities, a long tail seen once or twice."""
    rng = random.Random(seed)
    c = Corpus()
    pools: dict[str, list[str]] = {t: [] for t in ("Person", "Organization", "Place", "Event")}
    sizes = {"Person": 1.0, "Organization": 0.4, "Place": 0.3, "Event": 0.5}
    for typ, share in sizes.items():
        for i in range(max(5, int(n_articles * share))):
            if typ == "Person":
                label = _name(rng, 2)
            elif typ == "Organization":
                label = f"{rng.choice(_ORGS)} {_name(rng, 1)}"
            elif typ == "Place":
                label = f"{rng.choice(_PLACES)} {_name(rng, 1)}"
            else:
                label = f"{rng.choice(_EVENTS)} {_name(rng, 1)} {2015 + i % 10}"
            eid = f"{typ[:3].lower()}-{i}-{slugify(label)}"
            c.entity(eid, typ, label, {label.upper()} if i % 7 == 0 else set(),
                     confidence=round(0.4 + 0.6 * rng.random(), 2))
            pools[typ].append(eid)
    post_of: dict[str, tuple[str, str]] = {}
    for person in pools["Person"]:
        org = pools["Organization"][int(rng.paretovariate(1.2)) % len(pools["Organization"])]
        post = f"post-{person}"
        c.entity(post, "Post", f"{rng.choice(_POSTS)} {c.entities[org].label}", set())
        post_of[person] = (post, org)
    pubs = [f"pub-{i}" for i in range(12)]
    for i, p in enumerate(pubs):
        c.entity(p, "Organization", f"Harian {_name(rng, 1)} {i}", set(), 0.95)

    def pick(typ: str) -> str:
        pool = pools[typ]
        return pool[min(int(rng.paretovariate(0.9)) - 1, len(pool) - 1) if rng.random() < 0.6
                    else rng.randrange(len(pool))]

    for a in range(n_articles):
        ev, place, org = pick("Event"), pick("Place"), pick("Organization")
        people = list(dict.fromkeys(pick("Person") for _ in range(rng.randint(1, 3))))
        lab = {e: c.entities[e].label for e in [ev, place, org, *people]}
        post, post_org = post_of[people[0]]
        lab[post], lab[post_org] = c.entities[post].label, c.entities[post_org].label
        sents = [f"{lab[ev]} digelar di {lab[place]} oleh {lab[org]}.",
                 f"{lab[post]} {lab[people[0]]} hadir bersama "
                 + ", ".join(lab[p] for p in people[1:]) + ".",
                 f"Jabatan {lab[post]} berada di bawah {lab[post_org]}.",
                 f'"Kami mendukung penuh acara ini," kata {lab[people[0]]}.']
        text = " ".join(sents)
        ments = [(lab[e], e) for e in dict.fromkeys([ev, place, org, post, post_org, *people])]
        rels = [("location", lab[ev], lab[place], None), ("organizer", lab[ev], lab[org], None),
                ("holds", lab[people[0]], lab[post], None),
                ("postIn", lab[post], lab[post_org], None),
                ("startDate", lab[ev], None, f"{2015 + a % 10}-0{1 + a % 9}-1{a % 10}")]
        rels += [("attendee", lab[ev], lab[p], None) for p in people]
        c.article(f"syn-{a:05d}", text, title=f"Berita {a}: {lab[ev]}",
                  publisher=pubs[a % len(pubs)], date=f"{2015 + a % 10}-0{1 + a % 9}-1{a % 10}",
                  mentions=ments, relations=rels,
                  quotes=[("Kami mendukung penuh acara ini", lab[people[0]])])
    return c.result()


def write_graph_dir(result: tuple[list[ArticleExtraction], Resolution], out: Path) -> Path:
    """Serialize a fixture as a build directory (graph.trig), as `kg build` would."""
    out.mkdir(parents=True, exist_ok=True)
    ds = build_dataset(*result)
    (out / "graph.trig").write_text(ds.serialize(format="trig"), encoding="utf-8")
    return out
