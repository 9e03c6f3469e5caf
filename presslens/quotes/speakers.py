"""Speaker and medium resolution: source spans to entity ids, anaphora, ``via`` chains."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from presslens.intervals import SpanIndex
from presslens.model import Entity, Span

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
ROLE_NOUNS = frozenset(
    [
        "expert",
        "analyst",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "representative",
        "envoy",
        "commander",
        "diplomat",
        "source",
        "lawmaker",
        "senator",
        "president",
        "leader",
        "chief",
        "director",
        "professor",
        "scholar",
        "researcher",
        "candidate",
        "governor",
        "mayor",
        "ambassador",
        "general",
        "officer",
        "secretary",
        "adviser",
        "advisor",
        "aide",
        "economist",
        "author",
        "activist",
        "lawyer",
        "attorney",
        "cleric",
        "politician",
        "former",
        "veteran",
        "negotiator",
    ]
)
MEDIA_TYPES = frozenset({"ORG", "MEDIA", "PRODUCT", "WORK_OF_ART", "NEWS", "OUTLET", "FAC"})
PARTICLES = frozenset({"al", "el", "bin", "ben", "ibn", "abu", "van", "von", "de", "der", "da", "di", "le"})
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "sheikh",
        "president",
        "gen",
        "general",
        "rep",
        "sen",
        "gov",
        "minister",
        "lord",
        "lady",
        "col",
        "capt",
        "lt",
        "sgt",
        "judge",
        "imam",
        "ayatollah",
    ]
)
MEDIUM_NOUNS = frozenset({"interview", "statement", "remarks", "comments", "conversation", "letter", "op-ed"})
RELAY_LEMMAS = frozenset({"report", "quote", "cite", "say", "tell", "write", "according"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    ent: Entity


class Mentions(list):
    """Mentions sorted by start, with an interval index (look-ups in O(log n), not O(n))."""

    def __init__(self, items: Sequence[Mention]):
        super().__init__(items)
        self.index = SpanIndex(self, lambda m: (m.start, m.end))
        self.person = [i for i, m in enumerate(self) if m.ent.type == "PERSON"]
        self.person_starts = [self[i].start for i in self.person]


def mentions_of(entities: Sequence[Entity]) -> Mentions:
    return Mentions(
        sorted(
            (Mention(m.start, m.end, ent) for ent in entities for m in ent.mentions), key=lambda m: m.start
        )
    )


def entity_at(
    mentions: Sequence[Mention], start: int, end: int, types: frozenset[str] | None = None
) -> Entity | None:
    """The entity whose mention overlaps ``start:end`` most (optionally of the given types)."""
    best, best_len = None, 0
    if isinstance(mentions, Mentions):
        mentions = [mentions[i] for i in mentions.index.overlapping(start, end)]
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_len and (types is None or m.ent.type in types):
            best, best_len = m.ent, overlap
    return best


def surname_key(name: str) -> str:
    """Case-folded last name without particles, titles, possessives, hyphens or accents."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"['’]s\b", "", name)
    words = [w for w in re.split(r"[\s\-.]+", name) if w and w not in TITLES and w not in PARTICLES]
    return words[-1] if words else ""


def by_name(entities: Sequence[Entity], text: str) -> Entity | None:
    """An entity whose name or alias shares ``text``'s surname key (PERSON preferred)."""
    key = surname_key(text)
    if not key:
        return None
    hits = [ent for ent in entities if any(surname_key(n) == key for n in (ent.name, *ent.aliases))]
    if not hits:  # a forename used alone ("Abiy" for Abiy Ahmed): only when unambiguous
        first = [
            e for e in entities if e.type == "PERSON" and e.name.split()[0].casefold() == text.casefold()
        ]
        hits = first if len(first) == 1 else []
    hits.sort(key=lambda e: (e.type != "PERSON", -len(e.name)))
    return hits[0] if hits else None


def resolve_speaker(
    source_tok: Any,
    source: tuple[int, int],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    previous: Sequence[str],
) -> str | None:
    """Entity id of a quote's source: its mention, else anaphora, else a surname match."""
    ent = entity_at(mentions, source_tok.idx, source_tok.idx + len(source_tok))
    ent = ent or entity_at(mentions, *source)
    if ent is not None:
        return ent.id
    low = source_tok.lower_
    if low in PERSON_PRONOUNS or _is_definite_role(source_tok):
        return _antecedent(source_tok.idx, mentions, previous, entities)
    if source_tok.pos_ == "PROPN":
        hit = by_name(entities, source_tok.text)
        return hit.id if hit else None
    return None


def _is_definite_role(tok: Any) -> bool:
    dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
    return (
        tok.lemma_.lower() in ROLE_NOUNS
        and dets[:1] == ["the"]
        and not any(c.pos_ == "PROPN" for c in tok.children)
    )


def _antecedent(
    pos: int, mentions: Sequence[Mention], previous: Sequence[str], entities: Sequence[Entity]
) -> str | None:
    """The most recent previous speaker that is a person, else the nearest preceding PERSON."""
    types = {e.id: e.type for e in entities}
    for ent_id in reversed(previous):
        if types.get(ent_id) == "PERSON":
            return ent_id
    if isinstance(mentions, Mentions):
        for k in range(bisect_right(mentions.person_starts, pos) - 1, -1, -1):
            if mentions[mentions.person[k]].end <= pos:
                return mentions[mentions.person[k]].ent.id
        return None
    before = [m for m in mentions if m.end <= pos and m.ent.type == "PERSON"]
    return before[-1].ent.id if before else None


def find_via(cue_tok: Any, mentions: Sequence[Mention]) -> list[str]:
    """Entity ids of the medium or relay: "told X", "in an interview with X", "quoted by X" ..."""
    out: list[str] = []
    for tok in _medium_tokens(cue_tok):
        ent = entity_at(mentions, tok.idx, tok.idx + len(tok), MEDIA_TYPES)
        if ent is None:
            ent = entity_at(mentions, *_subtree_chars(tok), MEDIA_TYPES)
        if ent is not None and ent.id not in out:
            out.append(ent.id)
    return out


def _subtree_chars(tok: Any) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _medium_tokens(cue: Any) -> list[Any]:
    toks: list[Any] = []
    lemma = cue.lemma_.lower()
    for c in cue.children:
        if lemma in ("tell", "inform", "brief") and c.dep_ in ("dobj", "dative", "iobj"):
            toks.append(c)
        if c.dep_ == "prep":
            toks.extend(_medium_prep(c, lemma))
        if c.dep_ == "agent" and lemma in ("quote", "cite"):
            toks.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "npadvmod" or c.dep_ == "advcl":
            toks.extend(_speaking_to(c))
    toks.extend(_relays(cue))
    return toks


def _medium_prep(prep: Any, cue_lemma: str) -> list[Any]:
    out = []
    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
        if prep.lower_ == "to" and cue_lemma in ("say", "speak", "talk", "write", "explain", "confirm"):
            out.append(pobj)
        if pobj.lemma_.lower() in MEDIUM_NOUNS:
            for sub in pobj.children:
                if sub.dep_ == "prep" and sub.lower_ in ("with", "to", "on", "in", "for"):
                    out.extend(g for g in sub.children if g.dep_ == "pobj")
                if sub.dep_ == "compound" or sub.dep_ == "poss":
                    out.append(sub)
    return out


def _speaking_to(tok: Any) -> list[Any]:
    if tok.lemma_.lower() not in ("speak", "talk", "write"):
        return []
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("to", "with")
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _relays(cue: Any) -> list[Any]:
    """Outer reporting clauses: "X reported that Y said", "according to X" on the same clause."""
    out = []
    node = cue
    for _ in range(4):
        if node.dep_ not in ("ccomp", "xcomp", "advcl") or node.head.i == node.i:
            break
        node = node.head
        if node.lemma_.lower() in RELAY_LEMMAS:
            subj = [c for c in node.children if c.dep_ == "nsubj"]
            out.extend(subj)
    for c in cue.children:
        if c.lower_ == "according":
            out.extend(g for t in c.children for g in (t, *t.children) if g.dep_ == "pobj")
    return out


def quote_span(chars: tuple[int, int]) -> Span:
    return Span(*chars)
