"""Candidate name mentions: the OntoNotes model, the CoNLL head and the gazetteer, merged.

Token offsets throughout (into the spaCy ``Doc``).  The rule: the CoNLL head decides spans and
coarse types where it found a PER/ORG/LOC/MISC name, OntoNotes keeps its finer label when it
agrees on the coarse type (GPE vs LOC vs FAC, NORP vs EVENT); names only OntoNotes found are kept
unless the CoNLL head is present and ``keep_unconfirmed`` is off; DATE and other non-name types
come from OntoNotes; gazetteer matches override both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from presslens.intervals import Disjoint, SpanIndex
from presslens.nlp.acronyms import find_acronyms, is_short_form
from presslens.nlp.encoder import word_groups
from presslens.nlp.gazetteer import Gazetteer, GazMatch, mistyped_ids
from presslens.nlp.names import ARTICLES, PARTICLES, POSSESSIVES, TITLES, key, surname_keys

KEEP_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "EVENT",
        "FAC",
        "DATE",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
COARSE: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",  # a name the tagger found that OntoNotes cannot type more finely
}
# Common nouns the models capitalise into names; see docs/relations.md ("the Resistance").
NOT_NAMES = frozenset(
    {
        "resistance",
        "martyr",
        "the resistance",
        "axis",
        "regime",
        "allahu akbar",
        "allahu",
        "hell",  # "the gates of Hell": no place
        "heaven",
    }  # "God is greatest"
)
ORG_WORDS = frozenset(
    [
        "movement",
        "party",
        "group",
        "agency",
        "corps",
        "force",
        "forces",
        "company",
        "co",
        "corp",
        "inc",
        "ltd",
        "plc",
        "bank",
        "university",
        "council",
        "ministry",
        "committee",
        "brigade",
        "brigades",
        "army",
        "front",
        "union",
        "association",
        "institute",
        "club",
        "united",
        "city",
        "fc",
        "league",
        "federation",
        "news",
        "times",
        "post",
        "journal",
        "airlines",
        "holdings",
        "international",
    ]
)
PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
FINE_DEFAULT: dict[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "NORP"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    source: str = "model"  # model | conll | gazetteer | fuzzy | acronym | pronoun | description
    kb_id: str | None = None
    kb_name: str | None = None
    alt: str | None = None  # the other model's label when the two disagree (a weaker vote)
    score: float = 1.0  # the tagger's confidence in the span (1.0 for other sources)
    # the tagger was unsure and OntoNotes did not back it (see UNSURE_DISAGREE); an entity whose
    # every mention is unsure is left out
    unsure: bool = False

    @property
    def named(self) -> bool:
        return self.source not in ("pronoun", "description")


def trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and trailing possessive or punctuation tokens."""
    while end - start > 1 and doc[start].text in ARTICLES:
        start += 1
    while end - start > 1 and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct):
        end -= 1
    return start, end


_NUMBER = re.compile(r"^\d+(?:[-\u2013,]\d+)*$")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


def bare_number(doc: Any, start: int, end: int) -> bool:
    """Only numbers, none of them a year: a score ("45-17"), a record ("6-5"), citation numbers
    ("10, 11"), a page or a count.  OntoNotes types such words DATE after "beat" or in a
    references list; a date has a month, a weekday, a year, a season or a slash ("11/19")."""
    words = [t.text for t in doc[start:end] if t.text not in (",", "-", "\u2013")]
    return (
        bool(words)
        and all(_NUMBER.match(w) for w in words)
        and not any(_YEAR.match(p) for w in words for p in re.split(r"[-\u2013,]", w))
    )


_N = r"(?:\d+|[a-z]+)"
_RANGE = rf"{_N}(?:\s*(?:-|–|to|and|or)\s*{_N})?"
_AGE = re.compile(
    rf"^(?:between\s+)?{_RANGE}[- ](?:year|month|week|day)s?[- ]old$"
    rf"|^(?:age[sd]?|at age|at the age of|age of)\s+{_RANGE}(?:\s+(?:year|month|week)s?)?$"
    r"|^\d+\s*(?:or|and)\s*(?:older|above|over|younger|under)$",
    re.IGNORECASE,
)


def age(doc: Any, start: int, end: int) -> bool:
    """An age ("23-year-old", "six-month-old", "age of 9", "aged 51", "between 12 to 17-years-old",
    "26 or older", "age 6 months"): OntoNotes types it DATE,
    but it is nobody's date and must not become an event's time."""
    text = doc[start:end].text.strip()
    return bool(_AGE.match(text)) or (
        end < len(doc) and doc[end].lower_ in ("old", "-old") and _AGE.match(text + " old") is not None
    )


_TEMPORAL = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b(?:mon|tues?|wednes|thurs?|fri|satur|sun)day"
    r"|\b(?:year|month|week|day|decade|centur(?:y|ies)|millenni\w*|season|spring|summer|autumn|fall"
    r"|winter|morning|night|evening|afternoon|today|tonight|yesterday|tomorrow|weekend|weekday"
    r"|quarter|period|era|age|time|ago|recent|now|holiday|christmas|easter|ramadan|hanukkah|eid"
    r"|thanksgiving|eve|halloween|noon|midnight|dawn|dusk|term|semester|fiscal|anniversary"
    r"|birthday|overnight|hour|minute|future|past|half|halves|dynasty|reign|yesteryear|lent|diwali"
    r"|nowruz|passover|new year)",
    re.IGNORECASE,
)


def no_time(doc: Any, start: int, end: int) -> bool:
    """No digit and no word of time ("mosquito", "Olympic", "Quattro", "the beginning of the end
    for the Soviet Union"): what OntoNotes' tagger typed DATE there is no date."""
    text = doc[start:end].text
    return not re.search(r"\d", text) and not _TEMPORAL.search(text)


def model_mentions(doc: Any) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ in KEEP_LABELS:
            s, e = trim(doc, ent.start, ent.end)
            if ent.label_ == "DATE" and (bare_number(doc, s, e) or age(doc, s, e) or no_time(doc, s, e)):
                continue
            out.append(Mention(s, e, ent.label_))
    return out


def _trust_person(
    onto: list[Mention], overlapping: list[int], s: int, e: int, coarse: str, words: list[str]
) -> bool:
    """OntoNotes' multi-word PERSON beats a CoNLL ORG/MISC on the same span when no word looks
    like an organisation ("Mahmoud Abbas", not "Abbas Holdings")."""
    if coarse == "PER" or len(overlapping) != 1:
        return False
    m = onto[overlapping[0]]
    if m.label != "PERSON" or not (m.start <= s and e <= m.end) or m.end - m.start < 2:
        return False
    return not any(w.lower() in ORG_WORDS or w.isupper() for w in words[m.start : m.end])


def _lone_misc(words: list[str], s: int, e: int) -> bool:
    """A one-word MISC that is neither a demonym-like adjective (-an, -ish, -ese, -i) nor all capitals."""
    if e - s != 1 or not words:
        return False
    w = words[s]
    return not (w.isupper() or w.lower().endswith(("an", "ans", "ish", "ese", "i", "ic", "ch")))


def merge_conll(
    onto: list[Mention],
    conll: list[tuple[int, int, str]],
    keep_unconfirmed: bool,
    words: list[str] | None = None,
) -> list[Mention]:
    """Combine OntoNotes mentions with CoNLL-head spans (start, end, PER|ORG|LOC|MISC)."""
    words = words or []
    out: list[Mention] = []
    used: set[int] = set()
    index = SpanIndex(onto, lambda m: (m.start, m.end))
    for s, e, coarse in conll:
        overlapping = index.overlapping(s, e)
        if len(overlapping) > 1:
            continue  # "the Quds, Qasem Soleimani" as one name: OntoNotes' split is better
        used.update(overlapping)
        agree = [onto[i] for i in overlapping if COARSE.get(onto[i].label) == coarse]
        if agree and agree[0].start <= s and e <= agree[0].end:
            out.append(agree[0])  # OntoNotes holds the whole name ("Khaled al-Qaddoumi")
        elif _trust_person(onto, overlapping, s, e, coarse, words):
            out.append(replace(onto[overlapping[0]], alt=FINE_DEFAULT[coarse]))
        elif coarse == "MISC" and not overlapping and _lone_misc(words, s, e):
            continue  # a CoNLL-only MISC word ("Please", "Westerville") with no OntoNotes support
        else:
            alt = onto[overlapping[0]].label if overlapping and not agree else None
            out.append(Mention(s, e, agree[0].label if agree else FINE_DEFAULT[coarse], "conll", alt=alt))
    for i, m in enumerate(onto):
        if i not in used and (keep_unconfirmed or m.label not in COARSE):
            out.append(m)
    return _dedupe(out)


def apply_gazetteer(mentions: list[Mention], matches: list[GazMatch]) -> list[Mention]:
    """Gazetteer matches replace the mentions they overlap, except a longer PERSON name holding them."""
    matches = _longest_first(matches)
    out: list[Mention] = []
    dropped: set[GazMatch] = set()
    index = SpanIndex(matches, lambda g: (g.start, g.end))
    for m in mentions:
        hits = [matches[i] for i in index.overlapping(m.start, m.end)]
        if not hits:
            out.append(m)
        elif all(_inside(g, m) for g in hits) and (
            m.label == "PERSON" or _is_place(hits) or _is_head(hits, m)
        ):
            out.append(m)
            dropped.update(hits)
    out += [
        Mention(g.start, g.end, g.entry.type, "gazetteer", g.entry.kb_id, g.entry.name)
        for g in matches
        if g not in dropped
    ]
    return _dedupe(out)


def _is_head(hits: list[GazMatch], m: Mention) -> bool:
    """A known name at the end of a longer one is its head: "Kurdistan [Democratic Party]"."""
    return any(g.end == m.end for g in hits)


def _is_place(hits: list[GazMatch]) -> bool:
    return all(g.entry.type in PLACE_TYPES for g in hits)


def _inside(g: GazMatch, m: Mention) -> bool:
    return m.start <= g.start and g.end <= m.end and g.end - g.start < m.end - m.start


def link_fuzzy(mentions: list[Mention], doc: Any, gaz: Gazetteer) -> list[Mention]:
    out = []
    for m in mentions:
        if m.kb_id is None and m.label in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT") and m.end - m.start > 1:
            entry = gaz.fuzzy(doc[m.start : m.end].text)
            if entry is not None:
                m = replace(m, label=entry.type, source="fuzzy", kb_id=entry.kb_id, kb_name=entry.name)
        out.append(m)
    return out


def _longest_first(matches: list[GazMatch]) -> list[GazMatch]:
    """Non-overlapping matches, preferring the longest (then the earliest)."""
    chosen: list[GazMatch] = []
    taken = Disjoint()
    for g in sorted(matches, key=lambda g: (g.start - g.end, g.start)):
        if not taken.overlaps(g.start, g.end):
            chosen.append(g)
            taken.add(g.start, g.end)
    return sorted(chosen, key=lambda g: g.start)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Sorted, non-overlapping: gazetteer first, then longer spans."""
    rank = {"gazetteer": 0, "fuzzy": 1}
    chosen: list[Mention] = []
    taken = Disjoint()
    for m in sorted(mentions, key=lambda m: (rank.get(m.source, 2), m.start - m.end, m.start)):
        if not taken.overlaps(m.start, m.end):
            chosen.append(m)
            taken.add(m.start, m.end)
    return sorted(chosen, key=lambda m: m.start)


def _names_only(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """The mentions left after de-duplication that read as names: not a word of
    :data:`NOT_NAMES`, not an e-mail address or an account handle ("jeremy.wright.mp@parliament.uk",
    "@SecNielsen": an address, not a name)."""
    return [
        m
        for m in _dedupe(mentions)
        if doc[m.start : m.end].text.lower() not in NOT_NAMES and "@" not in doc[m.start : m.end].text
    ]


def candidate_mentions(
    doc: Any, conll: list[tuple[int, int, str]] | None, gaz: Gazetteer | None, keep_unconfirmed: bool = True
) -> list[Mention]:
    """All name mentions of a parsed Doc (the pure core of the legacy entities stage)."""
    mentions = model_mentions(doc)
    if conll is not None:
        mentions = merge_conll(mentions, conll, keep_unconfirmed, [t.text for t in doc])
    if gaz is not None:
        mentions = link_fuzzy(apply_gazetteer(mentions, gaz.match(doc)), doc, gaz)
    return _names_only(doc, mentions)


# -- the transformer tagger as the authority on names (presslens.entities.tagger.v1) ----------

# Parts of speech that never open or close a name ("or Prince Philip", "While Meadows").
EDGE_POS = frozenset(
    {"CCONJ", "SCONJ", "ADP", "DET", "PRON", "PART", "AUX", "VERB", "ADV", "PUNCT", "SYM", "INTJ"}
)
CLITICS = frozenset(
    {"n't", "n’t", "'s", "’s", "'re", "’re", "'ll", "’ll", "'ve", "’ve", "'d", "’d", "'m", "’m", "nt"}
)
TAGGER_FLOOR = 0.3  # chosen on the held-out tenth of CoNLL train (eval/ner.py --heldout-train --floor F)
# Below these confidences a tagger span that OntoNotes does not back is right at most half the
# time: the isotonic calibration of the confidence of such spans on the held-out tenth of CoNLL
# train (``eval/ner.py --data .../train.txt --heldout-train --calibration``).  Where OntoNotes typed
# the words as another coarse class ("disagree"), 0.49 of the spans at 0.48-0.60 are right and 0.65
# from 0.60 up; where it found no name there ("none"), 0.50 at 0.68-0.70 and 0.75 from 0.70 up.
UNSURE_DISAGREE = 0.60
UNSURE_NONE = 0.70
# Page furniture that taggers read as names when it stands alone in capitals or at a line start.
SECTION_LABELS = frozenset(
    {
        "video",
        "videos",
        "photo",
        "photos",
        "watch",
        "read",
        "more",
        "advertisement",
        "ad",
        "update",
        "updated",
        "breaking",
        "exclusive",
        "live",
        "gallery",
        "related",
        "share",
        "subscribe",
        "close",
        "menu",
        "search",
        "home",
        "opinion",
        "analysis",
        "comment",
        "comments",
        "listen",
        "sponsored",
        "newsletter",
        "trending",
        "latest",
        "top",
        "story",
        "stories",
        "recap",
        "preview",
        "playoff",
        "playoffs",
        "images",
        "image",
    }
)
# A one-word name is a noun or an adjective ("French"); these parts of speech never are.
NOT_NAME_POS = frozenset(
    {"VERB", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART", "INTJ", "PUNCT", "SYM"}
)
DEMONYM_ENDINGS = ("an", "ans", "ish", "ese", "i", "is", "ic", "ics", "ch", "ian", "ians", "ist", "ists")


def _is_edge(tok: Any) -> bool:
    """A token that cannot start or end a name: a function word in lower case, or punctuation."""
    text = tok.text
    if not any(c.isalnum() for c in text):
        return True
    if text.lower() in CLITICS:
        return True
    if (
        text[:1].islower()
        and text.lower() not in PARTICLES
        and not text.lower().startswith(("al-", "el-", "ad-", "as-", "ash-"))
    ):
        return True
    return tok.pos_ in EDGE_POS and text[:1].islower()


def clean_span(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """Trim function words, articles, possessives and punctuation from both ends of a name."""
    start, end = trim(doc, start, end)
    if _glued_modifier(doc, start + 1) and end - start > 3 and doc[start + 3].text[:1].isupper():
        # "[Delhi-based] Council on Energy, Environment and Water", "[Sanders-supporting] Working
        # Families Party": a name glued to a participle describes the name that follows
        start += 3
    while start < end and (
        _is_edge(doc[start])
        or doc[start].text in ARTICLES
        or doc[start].pos_ in ("CCONJ", "SCONJ")
        or (
            end - start > 1 and doc[start].pos_ in ("ADP", "ADV", "PRON", "INTJ") and doc[start].tag_ != "NNP"
        )
    ):
        start += 1
    while end > start and (
        _is_edge(doc[end - 1]) or doc[end - 1].text in POSSESSIVES or _honorific_end(doc, start, end)
    ):
        end -= 1
    if start >= end or not any(c.isalpha() for c in doc[start:end].text):
        return None
    return start, end


def _honorific_end(doc: Any, start: int, end: int) -> bool:
    """The name of more than one word ends in an honorific that never ends a name ("Rt. Hon.")."""
    return end - start > 1 and doc[end - 1].text.rstrip(".") in TRAILING_HONORIFICS


def merge_tagger(
    onto: list[Mention], tagged: list[Any], doc: Any, floor: float = TAGGER_FLOOR
) -> list[Mention]:
    """Tagger spans decide which tokens are names and their coarse type; OntoNotes only refines
    the type (GPE/LOC/FAC, NORP/EVENT/...) when it agrees on the coarse class, and otherwise
    leaves a weak ``alt`` vote.  Names that only OntoNotes found are dropped; its non-name types
    (DATE) are kept.  A span under ``floor`` is kept only where OntoNotes found the same words
    with the same coarse type."""
    out: list[Mention] = []
    onto_index = SpanIndex(onto, lambda m: (m.start, m.end))
    people = {ts.start for ts in tagged if ts.label == "PER"}
    for ts in tagged:
        span = clean_span(doc, ts.start, _extend_particles(doc, ts.end) if ts.label == "PER" else ts.end)
        if span is None:
            continue
        s, e = span
        if not _plausible_name(doc, s, e) or (ts.label == "PER" and _glued(doc, s, e)):
            continue
        if ts.label == "PER" and (org_end := _namesake_end(doc, s, e)):
            # a person's name opening an organisation's ("Dick Clark Productions")
            out.append(Mention(s, org_end, "ORG", "tagger", score=ts.confidence))
            continue
        overlapping = [onto[i] for i in onto_index.overlapping(s, e) if onto[i].label in COARSE]
        whole = _longer_name(doc, overlapping, s, e) or _completed(doc, overlapping, s, e, ts.label)
        if whole and whole.end > e and doc[whole.end - 1].lower_ in OFFICE_TITLES and whole.end in people:
            whole = None  # OntoNotes ran the name on into the title of the person after it
        if whole:  # the tagger stopped short of the name's head word
            if ts.confidence < floor:
                continue
            end = whole.end
            while _honorific_end(doc, whole.start, end):
                end -= 1  # OntoNotes ran the name on into "Rt. Hon."
            out.append(Mention(whole.start, end, whole.label, "tagger", score=ts.confidence))
            continue
        same = [m for m in overlapping if m.start == s and m.end == e]
        if ts.label in ("ORG", "MISC") and same and same[0].label == "PRODUCT":
            # OntoNotes read these very words as a product ("the Sentra", "NASA's Galileo")
            out.append(Mention(s, e, same[0].label, "tagger", score=ts.confidence))
            continue
        agree = [m for m in overlapping if COARSE[m.label] == ts.label]
        if ts.label == "LOC" and same and not agree:
            agree = _place_as_other(doc, same[0], s, e)
        if ts.label in ("MISC", "ORG") and same and same[0].label in BASED_PLACES and _based(doc, e):
            agree = same  # "a Texas-based firm", "an Amritsar-based agent": the place OntoNotes saw
        if ts.confidence < floor and not any(m.start == s and m.end == e for m in agree):
            continue  # below the floor only when OntoNotes found the very same name (right 7 of 10 on held-out train)
        unsure = not agree and ts.confidence < (UNSURE_DISAGREE if overlapping else UNSURE_NONE)
        label = agree[0].label if agree else _fine_default(doc, s, e, ts.label)
        if ts.label == "LOC":
            label = _place_type(doc, s, e) or label
        if label is None:
            continue  # a MISC name we cannot type: abstain rather than guess
        alt = overlapping[0].label if overlapping and not agree else None
        out.append(Mention(s, e, label, "tagger", alt=alt, score=ts.confidence, unsure=unsure))
    out += [m for m in onto if m.label not in COARSE]
    return _join_of_names(doc, _dedupe(out))


def _listed_people(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """People's names listed with nothing but spaces between them (a poll's or a menu's options:
    "Adam Schiff Chuck Schumer Kamala Harris Kirsten Gillibrand Keith Ellison") are two-word names:
    in a run of three or more such names, one of four or six capitalised words is two or three
    people, not one ("Chuck Schumer Kamala Harris Kirsten Gillibrand")."""
    runs: list[list[Mention]] = []
    for m in mentions:
        prev = runs[-1][-1] if runs else None
        if (
            prev is not None
            and m.label == prev.label == "PERSON"
            and m.start == prev.end
            and doc[prev.end - 1].whitespace_ == " "
        ):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[Mention] = []
    for run in runs:
        for m in run:
            n = m.end - m.start
            if (
                len(run) >= 3
                and n >= 4
                and n % 2 == 0
                and all(t.is_alpha and t.text[:1].isupper() for t in doc[m.start : m.end])
            ):
                out += [replace(m, start=i, end=i + 2) for i in range(m.start, m.end, 2)]
            else:
                out.append(m)
    return out


def _glued_word(doc: Any, e: int) -> str | None:
    """The word glued by a hyphen after the name ending at token ``e`` ("Texas-based"), as written."""
    if e + 1 >= len(doc) or doc[e].text not in ("-", "\u2010", "\u2011"):
        return None
    if doc[e - 1].whitespace_ or doc[e].whitespace_:
        return None
    return doc[e + 1].text


# OntoNotes' places before "-based" ("Taos-based": FAC)
BASED_PLACES = frozenset({"GPE", "LOC", "FAC"})


def _based(doc: Any, e: int) -> bool:
    """The name is glued to "-based" or "-born" ("Texas-based", "London-born"): a place."""
    word = _glued_word(doc, e)
    return word is not None and word.lower() in ("based", "born")


def _glued_modifier(doc: Any, e: int) -> bool:
    """The name is glued to a participle ("Texas-based", "Sanders-supporting", "Kremlin-backed")."""
    word = _glued_word(doc, e)
    return word is not None and word.islower() and (word in ("based", "born") or word.endswith(("ing", "ed")))


# Types of a longer OntoNotes name that a tagger span may open ("[British] Foreign Office").
HOLDER_TYPES = frozenset({"ORG", "FAC", "EVENT"})


def _longer_name(doc: Any, overlapping: list[Mention], s: int, e: int) -> Mention | None:
    """The OntoNotes name that begins with the tagger's span and goes on over capitalised words
    to an organisation or facility head word ("[British] Foreign Office", "[Biman Bangladesh]
    Airlines"), when OntoNotes calls it an organisation, a facility or an event."""
    if len(overlapping) != 1:
        return None
    o = overlapping[0]
    if o.label not in HOLDER_TYPES or o.start != s or o.end <= e:
        return None
    head = doc[o.end - 1].lower_
    if head not in ORG_WORDS and head not in FAC_HEADS and head not in OF_HEADS:
        return None
    office = {t.i for t in doc[e : o.end] if e < t.i < o.end - 1 and _office_possessive(doc, t)}
    inside = all((t.is_alpha and t.text.istitle()) or t.i in office for t in doc[e : o.end])
    if not inside:
        return None
    if office and o.label != "ORG" and (head in ORG_WORDS or OF_HEADS.get(head) == "ORG"):
        return replace(o, label="ORG")  # "Taos County Sheriff's Department" is no building
    return o


# Offices and groups that own an organisation's name in the possessive ("Sheriff's Office",
# "Attorney General's Office", "Children's Hospital", "People's Party").
OFFICE_POSSESSORS = frozenset(
    {
        "sheriff",
        "attorney",
        "general",
        "coroner",
        "prosecutor",
        "comptroller",
        "controller",
        "treasurer",
        "clerk",
        "auditor",
        "commissioner",
        "governor",
        "mayor",
        "marshal",
        "children",
        "people",
        "women",
        "veterans",
    }
)


# Offices that head a person's name ("Taos County Sheriff Jerry Hogrefe", "Cook County State's
# Attorney Kim Foxx"): a place's name that OntoNotes runs on into one of them, right before a
# person, is that person's title and ends before it.
OFFICE_TITLES = frozenset(
    {
        "sheriff",
        "attorney",
        "judge",
        "mayor",
        "governor",
        "coroner",
        "prosecutor",
        "commissioner",
        "chief",
        "marshal",
        "clerk",
        "treasurer",
        "auditor",
        "assessor",
        "supervisor",
        "executive",
    }
)


# OntoNotes types of a longer name that completes a tagger span cut short ("[Hang Seng] Index",
# "[Wales] Online", "[Commercial] Lunar Payload Services"); PERSON and NORP are left out (OntoNotes
# runs them on over neighbouring names: "Sixer Jrue", "Louisiana Democrats").
COMPLETING_TYPES = frozenset({"ORG", "FAC", "EVENT", "PRODUCT", "LAW", "LOC", "GPE"})
# OntoNotes types that name things, not actors: a tagger span they hold whole, or (PRODUCT) the
# very words the tagger called an organisation or a MISC name, take that type and are no actor.
NOT_ACTOR_LABELS = frozenset({"PRODUCT", "LAW"})


def _place_as_other(doc: Any, o: Mention, s: int, e: int) -> list[Mention]:
    """OntoNotes' type wins over the tagger's place on the very same words when the words say so:
    a demonym ("South Dakotans", "Ecuadorean") that OntoNotes calls a NORP, an event, or a name that
    OntoNotes reads with its article as an organisation ("the White House", "a White House"),
    which a country or a city seldom takes; acronyms ("the UK") aside."""
    if o.label == "NORP" and doc[e - 1].lower_.endswith(DEMONYM_ENDINGS):
        return [o]
    if o.label == "EVENT" and not (doc[e - 1].head.i >= e and doc[e - 1].head.pos_ == "NOUN"):
        # a scandal named after its place ("Watergate, remember, took two years"); a name that
        # modifies a noun stays a place ("landed at Stansted airport")
        return [o]
    article = doc[s - 1] if s > 0 else None
    if (
        o.label == "ORG"
        and article is not None
        and article.lower_ in ("the", "a", "an")
        and article.ent_iob_ == "B"  # OntoNotes took the article into the name
        and not doc[s:e].text.isupper()
    ):
        return [o]
    return []


def _completed(doc: Any, overlapping: list[Mention], s: int, e: int, coarse: str) -> Mention | None:
    """The one OntoNotes name that holds the tagger's span and goes on over capitalised words
    only: the tagger cut a name short, and the whole name (and its OntoNotes type) is the
    mention.  Not for a person the tagger found (OntoNotes glues titles and neighbours to it)."""
    if coarse == "PER" or len(overlapping) != 1:
        return None
    o = overlapping[0]
    if o.label not in COMPLETING_TYPES or not (o.start <= s and e <= o.end) or (o.start, o.end) == (s, e):
        return None
    if COARSE[o.label] != coarse and o.label not in NOT_ACTOR_LABELS:
        return None  # a place opening an organisation's name ("[US] Treasury") stays a place
    extra = [*doc[o.start : s], *doc[e : o.end]]
    # an office's possessive only inside the name, never at its ends
    office = {t.i for t in extra if o.start < t.i < o.end - 1 and _office_possessive(doc, t)}
    if not all((t.is_alpha and t.text[:1].isupper()) or t.i in office for t in extra):
        return None
    head = doc[o.end - 1].lower_
    if office and (head in ORG_WORDS or OF_HEADS.get(head) == "ORG"):
        return replace(o, label="ORG")  # "Bartholomew County Sheriff's Department" is no place
    return o


def _office_possessive(doc: Any, t: Any) -> bool:
    """An office's possessive inside an organisation's name ("Harris County Sheriff['s] Office",
    "Children['s] Hospital"), not a place's or an owner's ("India's Supreme Court" is the Supreme
    Court, "Apple's AirPods" a product)."""
    return t.text in POSSESSIVES and t.i > 0 and doc[t.i - 1].lower_ in OFFICE_POSSESSORS


# "Port of Valmora", "Bank of England", "Republic of Korea": an institution or place word, "of",
# and a name make one name; the value is the type of the whole.
OF_HEADS: dict[str, str] = {
    **dict.fromkeys(
        [
            "port",
            "bank",
            "university",
            "ministry",
            "department",
            "court",
            "institute",
            "school",
            "college",
            "museum",
            "council",
            "church",
            "office",
            "board",
            "commission",
            "agency",
            "academy",
            "society",
            "union",
            "federation",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        ["republic", "kingdom", "city", "state", "province", "county", "district", "emirate"], "GPE"
    ),
    **dict.fromkeys(["gulf", "bay", "isle", "island", "sea", "lake", "strait", "cape"], "LOC"),
}


# Head words of an organisation named after a person ("Dick Clark Productions", "Robert Wood
# Johnson Medical School", "... Zuckerman Mind Brain Behavior Institute").
NAMESAKE_HEADS = frozenset(
    {
        "productions",
        "foundation",
        "studios",
        "records",
        "enterprises",
        "institute",
        "university",
        "college",
        "school",
        "academy",
        "hospital",
        "clinic",
        "center",
        "centre",
        "company",
        "corp",
        "inc",
        "ltd",
        "plc",
        "holdings",
        "association",
        "society",
        "museum",
        "library",
        "trust",
        "fund",
        "laboratory",
        "laboratories",
    }
)


def _namesake_end(doc: Any, s: int, e: int, longest: int = 5) -> int | None:
    """The end of the capitalised words right after a person's name (or the name's own last
    word) when they end in an organisation's head word: the person names the organisation,
    and the whole is the name."""
    heads = NAMESAKE_OR_VENUE_HEADS
    end = e if e - s > 1 and doc[e - 1].lower_ in heads else None
    for j in range(e, min(len(doc), e + longest)):
        t = doc[j]
        if (
            not (t.is_alpha and t.text[:1].isupper() and not t.text.isupper())
            or doc[j - 1].whitespace_ != " "
        ):
            break
        if t.is_sent_start:
            break
        if t.lower_ in heads:
            end = j + 1
    return end


def _join_of_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.source == "tagger"
            and m.source == "tagger"
            and m.start == prev.end + 1
            and doc[prev.end].lower_ == "of"
            and doc[prev.end - 1].lower_ in OF_HEADS
            and doc[prev.end - 1].text[:1].isupper()
        ):
            label = OF_HEADS[doc[prev.end - 1].lower_]
            out[-1] = Mention(prev.start, m.end, label, "tagger", score=min(prev.score, m.score))
            continue
        out.append(m)
    return out


def _extend_particles(doc: Any, end: int) -> int:
    """A person's name goes on over a surname particle the tagger left out: "Khaled [al-Qaddoumi]",
    "Mohammed [bin Salman]"."""
    n = len(doc)
    while end + 1 < n and doc[end].lower_ in PARTICLES and doc[end - 1].whitespace_ != "":
        if (
            doc[end + 1].text == "-"
            and end + 2 < n
            and doc[end + 2].text[:1].isupper()
            and not doc[end].whitespace_
        ):
            end += 3
        elif doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
            end += 2
        else:
            break
    return end


OPEN_QUOTES = frozenset({"“", '"', "‘", "'", "«"})
CLOSE_QUOTES = frozenset({"”", '"', "’", "'", "»"})


def _nicknames(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A given name, a nickname in quotation marks and a surname are one person's name:
    'Renaldo “Peewee” Gilkes', 'Tim “Ripper” Owens' (the tagger reads the parts as two names, or
    the surname as an organisation)."""
    out = list(mentions)
    for m in mentions:
        k = m.end
        if (
            m.label != "PERSON"
            or m.end - m.start > 2
            or k + 3 >= len(doc)
            or doc[k].text not in OPEN_QUOTES
            or m not in out  # joined into a name before it
        ):
            continue
        j = k + 1
        while j < len(doc) and j - k <= 3 and doc[j].is_title and doc[j].is_alpha:
            j += 1
        if j == k + 1 or j - k > 3 or j >= len(doc) or doc[j].text not in CLOSE_QUOTES:
            continue
        end = j + 1
        while end < len(doc) and end - j <= 2 and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end == j + 1:
            continue
        out = [o for o in out if o.end <= m.start or o.start >= end]
        out.append(Mention(m.start, end, "PERSON", m.source, score=m.score, unsure=m.unsure))
    return sorted(out, key=lambda o: o.start)


# Pronouns that are also surnames ("Liu He"); spaCy may tag a name in capitals PRON too ("O'BRIEN").
PRONOUN_WORDS = frozenset({"he", "she", "it", "we", "they", "you", "him", "her", "his", "its", "us", "them"})


def add_surname_mentions(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Recall for surnames: a capitalised word (or particle + word) that is the surname of a person
    named in full elsewhere in the article is a mention of that person even where the tagger was
    unsure ("Congressman [Meadows]", "[al-Qaddoumi] said").  Right after a person's name, with
    only a space between, such a word is the end of that name, which the tagger cut short
    ("surveil [Carter] Page." with Lisa Page named elsewhere: one mention "Carter Page")."""
    surnames = _person_surnames(doc, mentions)
    if not surnames:
        return mentions
    covered = {t for m in mentions for t in range(m.start, m.end)}
    out = list(mentions)
    for group in word_groups(doc, [t.i for t in doc if not t.is_space]):
        s, e = group[0], group[-1] + 1
        text = doc[s:e].text
        if covered.intersection(range(s, e)) or not text[:1].isupper() and not text.lower().startswith("al-"):
            continue
        if e - s == 1 and doc[s].lower_ in PRONOUN_WORDS and doc[s].pos_ == "PRON":
            continue  # "He has alternated ..." is no mention of Liu He
        if e - s == 1 and doc[s].text.rstrip(".") in TITLE_ABBREVIATIONS and _title_before_name(doc, s):
            continue  # "Sen.\nChuck Grassley" is no mention of Amartya Sen
        if key(text) in surnames:
            before = [
                m for m in out if m.end == s and m.label == "PERSON" and doc[m.end - 1].whitespace_ == " "
            ]
            if (
                before and not doc[s].is_sent_start
            ):  # "surveil [Carter] Page": the surname ends the person's name the tagger cut
                out = [m for m in out if m is not before[0]]
                out.append(replace(before[0], end=e))
            else:
                out.append(Mention(s, e, "PERSON", "tagger", score=0.5))
    return _dedupe(out)


def _person_surnames(doc: Any, mentions: list[Mention]) -> set[str]:
    """Surname keys of the people named in full (two words or more)."""
    out: set[str] = set()
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start >= 2:
            out |= surname_keys(doc[m.start : m.end].text)
    return out


GLUED = re.compile(r"[a-z]{3}[A-Z]")


def _glued(doc: Any, s: int, e: int) -> bool:
    """A person's name with words that extraction glued together ("Kristi NoemKristi Lynn
    NoemSouth"): a capital after three lower-case letters inside a word, which names spell
    with at most two ("McDonald", "MacArthur", "DeSantis")."""
    return any(GLUED.search(t.text) for t in doc[s:e])


# Honorifics written short that the tagger reads as a name of their own ("Hon. Funke Adedoyin",
# "| Dr | Liam Fox"); "Rt." and "Hon." never end a name ("House of Representatives Rt. Hon.").
HONORIFICS = frozenset({"Hon", "Rt", "Dr", "Mr", "Mrs", "Ms", "Mx", "Prof"})
TRAILING_HONORIFICS = frozenset({"Hon", "Rt"})


# Titles written short, with a full stop; alone they name nobody ("Sen." is no "Sen", the surname).
TITLE_ABBREVIATIONS = frozenset(
    {"Fr", "Rev", "Sen", "Gov", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Maj", "Brig", "Msgr", "Cdr"}
)


def _title_before_name(doc: Any, s: int) -> bool:
    """Token ``s`` is written with a full stop and a capitalised word follows it (a line break
    between them allowed)."""
    j = s + 1
    if not doc[s].text.endswith("."):
        if j >= len(doc) or doc[j].text != ".":
            return False
        j += 1
    while j < len(doc) and doc[j].is_space:
        j += 1
    return j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper()


# A US politician's party and state after the name: "(R-Fla.)", "(D-N.Y.)", ", I-Vt.,"
PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,12}")


def _plausible_name(doc: Any, s: int, e: int) -> bool:
    """No section labels ("VIDEO", "Recap"), no lone verbs, adverbs or function words, no name
    that is only honorifics ("Hon.", "Rt. Hon.", "Dr"), no party-and-state tag ("R-Fla.")."""
    if all(t.text.rstrip(".") in HONORIFICS or t.is_punct for t in doc[s:e]):
        return False
    if PARTY_TAG.fullmatch(doc[s:e].text) and s > 0 and doc[s - 1].text in ("(", ","):
        return False
    if e - s != 1:
        return True
    tok = doc[s]
    if tok.text.lower() in SECTION_LABELS or len(tok.text.rstrip(".")) == 1:
        return False  # page furniture, or a lone initial ("Y. pestis")
    if tok.text.rstrip(".") in TITLE_ABBREVIATIONS and _title_before_name(doc, s):
        return False  # "the case of Fr.\nJulio Grassi": a title cut from its name by a line break
    return not (tok.pos_ in NOT_NAME_POS and tok.tag_ != "NNP")


# OntoNotes' own definitions: FAC are buildings, airports, roads, bridges; LOC are non-GPE
# places (mountains, waters, regions).  The head word of a place name says which.
FAC_HEADS = frozenset(
    [
        "airport",
        "center",
        "centre",
        "stadium",
        "field",
        "arena",
        "street",
        "avenue",
        "boulevard",
        "blvd",
        "road",
        "highway",
        "bridge",
        "tower",
        "office",
        "building",
        "hospital",
        "prison",
        "jail",
        "palace",
        "statehouse",
        "capitol",
        "hall",
        "square",
        "park",
        "station",
        "terminal",
        "port",
        "dam",
        "museum",
        "library",
        "cathedral",
        "church",
        "mosque",
        "temple",
    ]
)
LOC_HEADS = frozenset(
    [
        "river",
        "sea",
        "ocean",
        "bay",
        "gulf",
        "lake",
        "mountain",
        "mountains",
        "valley",
        "desert",
        "island",
        "islands",
        "peninsula",
        "coast",
        "strait",
        "canal",
        "strip",
        "area",
        "region",
        "basin",
        "plateau",
        "forest",
    ]
)


# Head words that make a place name an event ("Las Vegas Shooting", "Christchurch Mosque Attacks").
EVENT_HEADS = frozenset({"shooting", "shootings", "massacre", "bombing", "bombings", "attack", "attacks"})


def _place_type(doc: Any, s: int, e: int) -> str | None:
    head = doc[e - 1].lower_
    if e - s > 1 and head in EVENT_HEADS:
        return "EVENT"
    if e - s > 1 and head in FAC_HEADS:
        return "FAC"
    if e - s > 1 and head in LOC_HEADS:
        return "LOC"
    return None


def _fine_default(doc: Any, s: int, e: int, coarse: str) -> str | None:
    if coarse == "LOC":
        return _place_type(doc, s, e) or FINE_DEFAULT[coarse]
    # a MISC name OntoNotes does not call a NORP stays MISC (no actor), demonym-like or not: on
    # the real pages such words were indexes, products and models ("Nikkei", "Mach"), never a NORP
    return FINE_DEFAULT[coarse] if coarse != "MISC" else "MISC"


def tagger_mentions(
    doc: Any, tagged: list[Any], gaz: Gazetteer | None, floor: float = TAGGER_FLOOR
) -> list[Mention]:
    """All name mentions of a parsed Doc from the tagger (the pure core of the entities stage)."""
    mentions = add_surname_mentions(
        doc, _nicknames(doc, _listed_people(doc, merge_tagger(model_mentions(doc), tagged, doc, floor)))
    )
    mentions = _venues(doc, _drop_codes(doc, _org_tails(doc, _hyphen_names(doc, mentions))))
    mentions = _person_tails(doc, _drop_citations(doc, _undouble(doc, mentions)))
    if gaz is not None:
        matches = gaz.match(doc)
        models = [g for g in matches if _model_name(doc, mentions, g)]
        # the page's product line: the acronym alone is no link either ("RTX cards")
        lines = {(doc[g.start].text, g.entry.kb_id) for g in models}
        matches = [g for g in matches if (doc[g.start : g.end].text, g.entry.kb_id) not in lines]
        mentions = _owner_trimmed(doc, _hyphen_pairs(doc, mentions, matches), matches)
        supported = supported_matches(doc, mentions, matches)
        mentions = _places_by_name(_models(apply_gazetteer(mentions, supported), models), matches, supported)
        mentions = _qualified_countries(mentions, matches)
        mentions = _country_demonyms(doc, mentions, gaz)
    mentions = _works_by_head(doc, _events_by_head(doc, _governments(doc, _cut_titles(doc, mentions))))
    mentions = _works_by_apposition(doc, _phrases_as_people(doc, _agreements(doc, mentions)))
    mentions = _seats_of_titles(doc, _no_degrees(doc, _no_cctv(doc, mentions)))
    mentions = _outlet_places(doc, _period_adjectives(doc, _title_acronyms(doc, mentions)))
    mentions = _counted_places(doc, _named_events(doc, _no_name_words(doc, mentions)))
    mentions = _opened_organisations(doc, _places_of_office(doc, mentions))
    mentions = _saints_places(doc, _staff_tails(doc, _headline_run_ons(doc, mentions)))
    mentions = _compass_words(
        doc, _hyphenated_peoples(doc, _generic_acronyms(doc, _initials_go_on(doc, mentions)))
    )
    mentions = _workplace_centres(doc, _glued_abbreviations(doc, mentions))
    mentions = _spelled_common_nouns(doc, _channel_numbers(doc, _ordinal_names(doc, mentions)))
    mentions = _shop_listings(doc, _headline_words(doc, mentions))
    mentions = _court_districts(doc, _bound_prefixes(doc, mentions))
    mentions = _bodies_as_buildings(doc, _opening_adjectives(doc, mentions))
    mentions = _country_first(doc, _cut_listed_names(doc, mentions))
    return _names_only(doc, _peoples_words(doc, _acronym_organisations(doc, _languages(doc, mentions))))


# Head words of outlets' names; a country or town right after one is the edition's name ("9 News
# Australia", "The Express UK", "Sky News Arabia").
OUTLET_HEADS = frozenset(
    {"News", "Express", "Times", "Post", "Herald", "Mail", "Telegraph", "Tribune", "Today"}
)


def _outlet_places(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word place right after an outlet's head word, a space between, is a part of that
    outlet's name and no place the text speaks of: left out."""
    return [
        m
        for m in mentions
        if not (
            m.label in ("GPE", "LOC")
            and m.end - m.start == 1
            and m.start > 0
            and doc[m.start - 1].text in OUTLET_HEADS
            and doc[m.start - 1].whitespace_ == " "
        )
    ]


# Offices written as capitals before a name ("IG Horowitz", "AG Sessions", "CEO Tim Cook").
TITLE_ACRONYMS = frozenset({"IG", "AG", "DAG", "DNI", "DA", "CEO", "CFO", "COO"})


def _title_acronyms(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A person's name that starts with an office written as capitals (:data:`TITLE_ACRONYMS`)
    starts after it: "[IG Horowitz]" is Horowitz, the inspector general."""
    return [
        replace(m, start=m.start + 1)
        if m.label == "PERSON"
        and m.end - m.start >= 2
        and doc[m.start].text in TITLE_ACRONYMS
        and doc[m.start + 1].is_alpha
        and doc[m.start + 1].text[:1].isupper()
        else m
        for m in mentions
    ]


# Adjectives of an era or of a person's manner, no people ("Victorian hothouse flowers", "an
# Orwellian law"): the tagger reads them as NORP.
PERIOD_ADJECTIVES = frozenset(
    {
        "Victorian",
        "Edwardian",
        "Elizabethan",
        "Orwellian",
        "Kafkaesque",
        "Machiavellian",
        "Dickensian",
        "Darwinian",
        "Freudian",
        "Keynesian",
        "Jeffersonian",
        "Churchillian",
        "Shakespearean",
        "Trumpian",
        "Nixonian",
        "Clintonian",
    }
)


def _period_adjectives(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An era's or a person's adjective (:data:`PERIOD_ADJECTIVES`) typed NORP names no group."""
    return [
        m
        for m in mentions
        if not (m.label == "NORP" and m.kb_id is None and doc[m.start : m.end].text in PERIOD_ADJECTIVES)
    ]


# Degrees and credentials written after a person's name ("David Barbe, MD, MHA").
DEGREES = frozenset(
    {"MD", "PhD", "MHA", "MPH", "MBA", "MSc", "MSN", "RN", "JD", "DDS", "DVM", "FACS", "FACP", "Esq"}
)


def _no_degrees(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A degree (:data:`DEGREES`) set off by a comma after a person's name or another degree names
    nothing ("Barbe, [MD], [MHA]": no state of Maryland, no person); after a town it may be a state
    ("Baltimore, MD") and stays."""
    people = {m.end for m in mentions if m.label == "PERSON"}
    out: list[Mention] = []
    for m in mentions:
        word = doc[m.start].text.rstrip(".")
        if (
            m.end - m.start == 1
            and word in DEGREES
            and m.start >= 2
            and doc[m.start - 1].text == ","
            and (m.start - 1 in people or doc[m.start - 2].text.rstrip(".") in DEGREES)
        ):
            continue
        out.append(m)
    return out


# Nouns of what closed-circuit television records: "CCTV footage" is no broadcaster.
RECORDING_NOUNS = frozenset(
    {
        "footage",
        "camera",
        "cameras",
        "surveillance",
        "images",
        "video",
        "videos",
        "system",
        "systems",
        "recording",
    }
)


def _no_cctv(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """ "CCTV" before what it records ("CCTV footage", "heavy CCTV surveillance") is closed-circuit
    television, not China Central Television: no name."""
    return [
        m
        for m in mentions
        if not (
            m.end - m.start == 1
            and doc[m.start].text == "CCTV"
            and m.end < len(doc)
            and doc[m.end].lower_ in RECORDING_NOUNS
        )
    ]


def _seats_of_titles(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word person's name right after a title and "of" is the title's seat, a place ("the
    Archbishop of [Dakar]", "the Bishop of [Osorno]"): GPE, no person."""
    surnames = _person_surnames(doc, mentions)
    return [
        replace(m, label="GPE", alt=None)
        if m.label == "PERSON"
        and m.kb_id is None
        and m.end - m.start == 1
        and m.start >= 2
        and doc[m.start - 1].lower_ == "of"
        and doc[m.start - 2].lower_ in TITLES
        and doc[m.start - 2].text[:1].isupper()
        and key(doc[m.start].text) not in surnames
        else m
        for m in mentions
    ]


# Acronyms of treaties and trade agreements: an agreement, no organisation ("quit the [JCPOA]").
AGREEMENT_ACRONYMS = frozenset(
    {"JCPOA", "USMCA", "NAFTA", "TPP", "CPTPP", "TTIP", "CETA", "GATT", "CTBT", "NPT", "RCEP"}
)


def _agreements(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word name that is an agreement's acronym (:data:`AGREEMENT_ACRONYMS`) is that
    agreement (LAW), not the organisation or person the tagger read."""
    return [
        replace(m, label="LAW", alt=None)
        if m.end - m.start == 1 and m.kb_id is None and doc[m.start].text in AGREEMENT_ACRONYMS
        else m
        for m in mentions
    ]


# Titles that alone name nobody, whatever their case ("the [Pope] agreed", "[Mgr]. Benelli said",
# "with all of the [Cardinals] of the Rhine"): an entity named by nothing else is left out (one that
# coreference joined to a person named on the page keeps them).  Titles that are also common
# surnames (King, Bishop) are not listed.
BARE_TITLES = frozenset(
    {
        "pope",
        "popes",
        "cardinal",
        "cardinals",
        "archbishop",
        "archbishops",
        "bishops",
        "mgr",
        "msgr",
        "monsignor",
        "ayatollah",
        "president",
        "senator",
    }
)


def bare_title(doc: Any, m: Mention) -> bool:
    """A one-word mention that is only a title (:data:`BARE_TITLES`)."""
    return m.end - m.start == 1 and m.kb_id is None and doc[m.start].text.rstrip(".").lower() in BARE_TITLES


def _phrases_as_people(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A person's name of three or more words with a lower-case word that is no particle inside it
    is a phrase, no one's name ("Tu solus Altissimus" in a hymn): left out."""
    out = []
    for m in mentions:
        words = [t for t in doc[m.start : m.end] if t.is_alpha]
        if (
            m.label == "PERSON"
            and m.kb_id is None
            and len(words) >= 3
            and any(
                t.text.islower() and len(t.text) >= 3 and t.text not in PARTICLES and t.i > m.start
                for t in words[:-1]
            )
        ):
            continue
        out.append(m)
    return out


# Nouns for a titled work; a name set after one as its apposition is the work's title ("in his
# book, Il Santo, that ...", "his novel Il Santo, published in 1907", "the encyclical Quas Primas.").
WORK_NOUNS = frozenset(
    {
        "book",
        "novel",
        "memoir",
        "encyclical",
        "exhortation",
        "film",
        "movie",
        "documentary",
        "album",
        "song",
        "poem",
        "essay",
    }
)


def _works_by_apposition(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name right after a work noun (:data:`WORK_NOUNS`, a comma between them allowed) and
    followed by punctuation or the sentence's end is that work's title (WORK_OF_ART), no person,
    organisation or place; a name followed by a verb is the work's author or subject ("the book
    Obama wrote") and keeps its type."""
    out = []
    for m in mentions:
        if m.label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC") and m.kb_id is None:
            j = m.start - 1
            if j >= 0 and doc[j].text == ",":
                j -= 1
            after = doc[m.end] if m.end < len(doc) else None
            if (
                j >= 0
                and doc[j].lower_ in WORK_NOUNS
                and doc[j].pos_ == "NOUN"
                and (after is None or after.is_punct or after.is_sent_start)
                and not (after is not None and after.text in POSSESSIVES)
            ):
                m = replace(m, label="WORK_OF_ART", alt=None)
        out.append(m)
    return out


# Endings of adjectives of peoples, parties and faiths ("Democratic", "Catholic", "Iranian", "Kurdish").
ADJECTIVE_ENDINGS = ("ic", "ian", "ican", "ish", "ese")


def _peoples_words(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Groups of people the tagger read as organisations: a family named by the plural of the
    surname of a person named in full ("the [Awans]" after "Imran Awan": people, no organisation),
    and a one-word adjective that OntoNotes reads as a NORP and that has a people's ending ("said
    [Democratic] IT aides"; was ORG)."""
    surnames = _person_surnames(doc, mentions)
    out = []
    for m in mentions:
        if m.end - m.start == 1 and m.kb_id is None and m.label in ("ORG", "MISC", "GPE", "NORP"):
            word = doc[m.start].text
            if (
                word.endswith("s")
                and word[:1].isupper()
                and m.start > 0
                and doc[m.start - 1].lower_ == "the"
                and key(word[:-1]) in surnames
            ):
                m = replace(m, label="PERSON", alt=None)
            elif (
                m.alt == "NORP"
                and m.label == "ORG"
                and not word.isupper()
                and word.lower().endswith(ADJECTIVE_ENDINGS)
            ):
                m = replace(m, label="NORP", alt=None)
        out.append(m)
    return out


# Capitalised head words that make a name a law or a document, whoever or wherever it is named
# after ("the Magnitsky Act", "the Nuremberg Laws", "the Ron Paul Curriculum", "the Pennsylvania Grand
# Jury Report"); "Report" is left to organisations ("the Drudge Report" is an outlet).
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
LAW_HEADS = frozenset({"Act", "Acts", "Laws", "Treaty", "Accord", "Accords", "Constitution"})
DOCUMENT_HEADS = frozenset({"Report", "Curriculum", "Doctrine", "Dossier", "Memo", "Manifesto"})


def _works_by_head(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A person's, place's or untyped name that ends in (or runs on into) a law's or document's head
    word is that law or document, no actor; an organisation's name only ends in a law's head."""
    taken = {t for m in mentions for t in range(m.start, m.end)}
    out = []
    for m in mentions:
        if m.label in ("PERSON", "GPE", "LOC", "FAC", "NORP", "MISC", "ORG", "EVENT") and m.kb_id is None:
            end = m.end
            if (
                end < len(doc)
                and end not in taken
                and doc[m.end - 1].whitespace_ == " "
                and (doc[end].text in LAW_HEADS or doc[end].text in DOCUMENT_HEADS)
            ):
                end += 1  # the tagger stopped before the head ("the [Magnitsky] Act")
            head = doc[end - 1].text
            heads = LAW_HEADS if m.label == "ORG" else LAW_HEADS | DOCUMENT_HEADS
            # a head glued on by a hyphen is half of a compound name ("Atlanta Journal-Constitution")
            glued = end - m.start > 2 and doc[end - 2].text in HYPHENS and not doc[end - 2].whitespace_
            if end - m.start > 1 and head in heads and not glued:
                m = replace(m, end=end, label="LAW" if head in LAW_HEADS else "WORK_OF_ART", alt=None)
        out.append(m)
    return out


def _acronym_organisations(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """One word of two to five capitals that the tagger read as a person and OntoNotes as an
    organisation is the organisation's acronym ("The [JTA]'s attempt", "© [EPA]"); a person's
    initials ("JFK", "MBS") are no organisation to OntoNotes and stay people."""
    return [
        replace(m, label="ORG", alt=None)
        if m.label == "PERSON"
        and m.alt == "ORG"
        and m.end - m.start == 1
        and doc[m.start].is_alpha
        and doc[m.start].text.isupper()
        and 2 <= len(doc[m.start].text) <= 5
        else m
        for m in mentions
    ]


# Names of languages that name no people or place ("in Farsi"); demonyms used as languages
# ("written in Spanish") are found by their context instead.
LANGUAGE_NAMES = frozenset(
    {"Farsi", "Urdu", "Pashto", "Dari", "Hindi", "Mandarin", "Cantonese", "Swahili", "Tagalog", "Esperanto"}
)


# Words glued to a people's word that make it a language ("Spanish-language ads", "Spanish-dominant
# voters").
LANGUAGE_GLUED = frozenset({"language", "dominant"})


def _no_head(tok: Any) -> bool:
    """A word after "in X" that X does not modify ("ads in Spanish [are] ...", "in Spanish
    [beginning] in April"; "in Chinese hands" is a people's)."""
    return tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "PART") and tok.tag_ != "POS"


def _languages(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word name right after "in" with nothing after it but punctuation is a language when
    it is a people's word ("written in [Spanish])", "chanting in [Arabic].") or a language's name
    ("in [Farsi]"); "in Iran." stays a place.  So is a people's word after "in" followed by a word
    it does not modify ("ads in [Spanish] are ..."), and one glued to "-language" or "-dominant"
    ("[Spanish]-language ads")."""
    out = []
    for m in mentions:
        glued_language = (
            m.label == "NORP" and m.end - m.start == 1 and _glued_word(doc, m.end) in LANGUAGE_GLUED
        )
        if glued_language or (
            m.end - m.start == 1
            and m.start > 0
            and doc[m.start - 1].lower_ == "in"
            and (m.end == len(doc) or doc[m.end].is_punct or doc[m.end].is_space or _no_head(doc[m.end]))
            and (
                m.label == "NORP"
                or (m.label in PLACE_TYPES | {"MISC", "ORG"} and doc[m.start].text in LANGUAGE_NAMES)
            )
        ):
            m = replace(m, label="LANGUAGE", alt=None, kb_id=None, kb_name=None)
        out.append(m)
    return out


def _events_by_head(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A place name read whole with an event head word is the event ("the Las Vegas Shooting");
    an office that is someone's is an organisation, not a building ("the Clark County Sheriff's
    Office", "the Attorney General's Office"; "the Oval Office" stays a facility)."""
    mentions = [
        replace(m, label="ORG")
        if m.label == "FAC"
        and doc[m.end - 1].lower_ == "office"
        and any(t.text in POSSESSIVES for t in doc[m.start : m.end - 1])
        else m
        for m in mentions
    ]
    return [
        replace(m, label="EVENT")
        if m.label in PLACE_TYPES
        and m.end - m.start > 1
        and doc[m.end - 1].lower_ in EVENT_HEADS
        and not m.kb_id
        else m
        for m in mentions
    ]


# Nouns after a leader's name that make the words a government, not an organisation's name:
# "the Obama administration", "the Kim regime", "the Trump era".
GOVERNMENT_NOUNS = frozenset({"administration", "presidency", "regime", "era"})


def _governments(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name the tagger typed an organisation or left untyped (MISC) right before a government
    noun ("the [Obama] administration", "the [Kim] regime") is the leader, a person, when
    OntoNotes read a person there or the word is the surname of a person named in full in the
    article; "Hamas", "Taliban" (linked), "Iranian" (a people) and acronyms stay as they are."""
    surnames: set[str] | None = None
    out = []
    for m in mentions:
        if (
            m.label in ("ORG", "MISC")
            and m.kb_id is None
            and m.end < len(doc)
            and m.end - m.start <= 2
            and doc[m.end].lower_ in GOVERNMENT_NOUNS
            and not doc[m.start : m.end].text.isupper()
        ):
            if surnames is None:
                surnames = _person_surnames(doc, mentions)
            if m.alt == "PERSON" or key(doc[m.start : m.end].text) in surnames:
                m = replace(m, label="PERSON", alt=None)
        out.append(m)
    return out


# Labels OntoNotes gives titles and named events; one such word before another capitalised word
# is a piece of a longer title the tagger cut ("the [Black] Death", "the [Battle] of the Bulge",
# "The [History] of Jihad", "“The [Holy] Father"), not a name.
TITLE_LABELS = frozenset({"WORK_OF_ART", "EVENT", "LAW"})


def _cut_titles(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Drop a one-word title or event (no gazetteer entry) that runs on into a capitalised word
    directly or after "of" / "of the"."""

    def cut(m: Mention) -> bool:
        j = m.end
        if j < len(doc) and doc[j].lower_ == "of":
            j += 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
        return (
            j < len(doc)
            and doc[j].is_alpha
            and doc[j].text[:1].isupper()
            and doc[m.end - 1].whitespace_ != ""
        )

    return [
        m
        for m in mentions
        if not (m.label in TITLE_LABELS and m.end - m.start == 1 and m.kb_id is None and cut(m))
    ]


# Head words that make a name a building or a ground whatever it is named after ("Ameris Bank
# Amphitheatre", "PNC Music Pavilion", "Bartholomew County Jail"); OntoNotes calls these FAC.
VENUE_HEADS = frozenset(
    {
        "amphitheatre",
        "amphitheater",
        "pavilion",
        "arena",
        "stadium",
        "coliseum",
        "colosseum",
        "ballpark",
        "speedway",
        "auditorium",
        "jail",
        "prison",
    }
)
# Head words of monuments: a facility too ("the Lincoln Memorial", "the National Law Enforcement
# Officers Memorial"), except in a title-case headline, where the name may run on ("Hillary
# Clinton Visit To Police Memorial Brings ...").
MONUMENT_HEADS = frozenset({"memorial", "monument", "cemetery"})


# Head words that end a name opened by a person's name, built once: an organisation or a venue
# ("The Cynthia Woods Mitchell Pavilion").
NAMESAKE_OR_VENUE_HEADS = NAMESAKE_HEADS | VENUE_HEADS


def _venues(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name of two words or more ending in a venue's head word is a facility (FAC), though the
    tagger, which knows no facilities, called it an organisation or a place."""
    return [
        replace(m, label="FAC")
        if m.end - m.start > 1
        and m.label in ("ORG", "GPE", "LOC")
        and (
            doc[m.end - 1].lower_ in VENUE_HEADS
            or (doc[m.end - 1].lower_ in MONUMENT_HEADS and not _title_case_line(doc, m.start))
        )
        and doc[m.end - 1].text[:1].isupper()
        else m
        for m in mentions
    ]


def _title_case_line(doc: Any, i: int) -> bool:
    """Whether token ``i`` stands in a sentence with no lower-case word (a title-case headline)."""
    return not any(t.is_alpha and t.is_lower for t in doc[i].sent)


# English words that follow a name after a hyphen without being part of it ("Obama-era",
# "Putin-led"); a given name's second syllable ("Ki-moon", "Ing-wen", "Jong-un") is none of them.
_NOT_NAME_SYLLABLE = frozenset(
    [
        "era",
        "led",
        "run",
        "ish",
        "old",
        "new",
        "age",
        "set",
        "off",
        "out",
        "up",
        "by",
        "to",
        "and",
        "the",
        "like",
        "type",
        "born",
        "made",
        "free",
        "less",
        "wide",
        "land",
        "ian",
        "ite",
        "ism",
        "ist",
        "ites",
        "ists",
        "ers",
        "year",
        "day",
        "week",
        "time",
        "odd",
        "fan",
        "fans",
        "bot",
        "way",
        "man",
        "men",
    ]
)


def _hyphen_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A person's name that the tokenizer cut at a hyphen ("Ban Ki" + "-moon", "Tsai Ing" +
    "-wen", "Kim Jong" + "-un") takes its lower-case second syllable back."""
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        e = m.end
        if (
            m.label == "PERSON"
            and e + 1 < len(doc)
            and doc[e].text in ("-", "\u2010", "\u2011")
            and not doc[e - 1].whitespace_
            and not doc[e].whitespace_
            and doc[e + 1].is_alpha
            and doc[e + 1].is_lower
            and len(doc[e + 1]) <= 4
            and doc[e + 1].lower_ not in _NOT_NAME_SYLLABLE
            and not doc[e + 1].lower_.endswith("s")  # "Trump-isms", "Obama-ites"
            and not (e + 2 < len(doc) and doc[e + 2].text == "-" and not doc[e + 1].whitespace_)
            and e + 1 not in starts
        ):
            m = replace(m, end=e + 2)
        out.append(m)
    return out


# Head nouns of organisation names that go on with "for/of/on ..." ("Center for American
# Progress", "Office of the Inspector General", "Committee on Intelligence").
_ORG_HEADS = frozenset(
    [
        "center",
        "centre",
        "centers",
        "centres",
        "foundation",
        "committee",
        "partnership",
        "council",
        "union",
        "office",
        "alliance",
        "bureau",
        "coalition",
        "institute",
        "institutes",
        "association",
        "society",
        "league",
        "fund",
        "commission",
        "agency",
        "department",
        "ministry",
        "chiefs",
        "board",
        "academy",
        "federation",
        "organization",
        "organisation",
        "network",
        "project",
        "program",
        "programme",
        "administration",
        "authority",
        "trust",
        "forum",
        "caucus",
        "consortium",
        "conference",
        "secretariat",
        "directorate",
        "congregation",
        "dicastery",
    ]
)
_TAIL_LINKS = frozenset({"for", "of", "on"})
_ROLE_TITLES = frozenset(
    [
        "director",
        "president",
        "chairman",
        "chairwoman",
        "chair",
        "secretary",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "head",
        "commissioner",
        "administrator",
        "minister",
        "deputy",
        "general",
        "officer",
        "executive",
        "ceo",
        "founder",
        "leader",
        "member",
        "senator",
        "rep",
        "sen",
        "gov",
        "dr",
        "mr",
        "mrs",
        "ms",
    ]
)
_TAIL_INNER = frozenset({"and", "of", "for", "on", "the", "&", "in"})
_NOT_TAIL = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _org_tails(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An organisation's name that the tagger cut before its "for/of/on" part ("Center" + "for
    American Progress", "Alliance" + "for American Manufacturing", "Joint Chiefs" + "of Staff")
    takes it back: capitalised words, with "and/of/the" between them, up to the first other word.
    A name inside the tail ("Council of Europe") becomes part of it (the longer span wins)."""
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        e = m.end
        if (
            m.label == "ORG"
            and doc[e - 1].lower_ in _ORG_HEADS
            and e + 1 < len(doc)
            and doc[e].lower_ in _TAIL_LINKS
        ):
            j = e + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            last = None
            while j < len(doc) and doc[j].sent == doc[e].sent:
                t = doc[j]
                if t.is_title or t.is_upper and t.is_alpha:
                    if t.lower_ in _NOT_TAIL or (t.lower_ in _ROLE_TITLES and _name_follows(doc, j)):
                        break  # "on Monday", "Centers for Disease Control Director Thomas Frieden"
                    if j in starts and doc[j - 1].lower_ not in _TAIL_LINKS | {"the"}:
                        break
                    last = j
                elif t.lower_ not in _TAIL_INNER or t.whitespace_ == "":
                    break
                elif t.lower_ == "and" and (
                    j + 1 in starts or (j + 1 < len(doc) and doc[j + 1].lower_ == "the")
                ):
                    break  # "the Committee on Foreign Relations and Democrats": another name
                j += 1
            if last is not None:
                m = replace(m, end=last + 1)
        out.append(m)
    return out


def _name_follows(doc: Any, j: int) -> bool:
    """A capitalised word follows token ``j`` in its sentence: a role title before a person's name
    ("... Control Director Thomas Frieden"), not the end of a name ("Office of the Inspector
    General released ...")."""
    return j + 1 < len(doc) and doc[j + 1].is_alpha and doc[j + 1].is_title and not doc[j + 1].is_sent_start


def _drop_codes(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A code in capitals (three or more) in brackets right after a name that it does not
    abbreviate is no name: an airport ("Spokane (GEG)", "Los Angeles (LAX)"), a ticker or an
    index code.  An acronym of the name ("Customs and Border Protection (CBP)") stays, and so
    does a dateline's source ("WASHINGTON (AP)")."""
    shorts = {ss for _ls, _le, ss, _se in find_acronyms(doc)}
    # names not opening their sentence (a dateline "WASHINGTON (AP) -" keeps its source)
    ends = {m.end for m in mentions if not doc[m.start].is_sent_start}
    out = []
    for m in mentions:
        s = m.start
        if (
            m.end - s == 1
            and m.source == "tagger"
            and s >= 2
            and m.end < len(doc)
            and doc[s - 1].text == "("
            and doc[m.end].text == ")"
            and s - 1 in ends
            and s not in shorts
            and is_short_form(doc[s].text)
            and len(doc[s].text) >= 3
            and doc[s].text.isupper()
        ):
            continue
        out.append(m)
    return out


# Types of things that act; a text or a release cited by number is none of them.
ACTOR_TYPES = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT"})
# A chapter and verse ("15:14", "6: 14-17", "8.32") or a release ("1.41", "3.6.0") right after a
# name, not a time of day or an amount ("10:30 a.m.", "3.5 percent", "2.1 million").
_CITATION = re.compile(
    r"(?:\d{1,3}\s?:\s?\d{1,3}|\d{1,3}\.\d{1,3}(?:\.\d{1,3})*)(?![\d:.,])"
    r"(?!\s*(?:%|per\b|percent|million|billion|trillion|bn\b|[ap]\.?m\b|gmt\b|utc\b|e[sd]?t\b|bst\b|points?\b))",
    re.IGNORECASE,
)


def _drop_citations(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name followed by a chapter and verse or a release number in brackets cites a text or names
    a version, not an actor: "(Matthew 15:14)", "(2 Cor 6: 14-17)", "(John 8.32)", "(Rust 1.41)".
    Such a mention of an actor type (the number inside the tagger's span or right after it) is left
    out; a mention already typed as a thing ("Quran 4.89", MISC) stays.  Outside brackets a name and
    a number are as often a line of results ("Koerts 0:06", "Norway 8.62"), and stay.  A person's or a people's name that the
    tagger ran on into a bare number ("Daniel 6") ends before it."""
    text = doc.text
    out = []
    for m in mentions:
        end = m.end
        if m.label in ACTOR_TYPES and m.named:
            end = next((i for i in range(m.start + 1, m.end) if doc[i].text[:1].isdigit()), m.end)
            if (
                end < len(doc)
                and doc[end - 1].whitespace_
                and doc[end - 1].text[-1:].isalpha()
                and _CITATION.match(text, doc[end].idx)
                and _in_brackets(doc, m.start, end)
            ):
                continue
        if m.label in ("PERSON", "NORP") and end < m.end and all(t.is_digit for t in doc[end : m.end]):
            m = replace(m, end=end)  # a person's or a people's name ends in no number ("(Daniel 6)")
        out.append(m)
    return out


# Types of a name that a person's name may be run on into; a work or a product may be named
# after a person ("LEGO Harry Potter", "Tale of Jang Noksu") and stays whole.
RUN_ON_TYPES = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})


def _person_tails(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name of another type that ends in the full name of a person the tagger found elsewhere on
    the page is two names run together, a title's object and the person ("Secretary of [Homeland
    Security Kirstjen Nielsen]"): the person's words are that person, the words before keep the
    name's type, unless they end in a function word ("this [Kingdom of] Jesus Christ": no name).  An organisation named after a person opens with the name ("Dick Clark
    Productions"), so a name is cut only at its end; works and products (MISC, WORK_OF_ART,
    PRODUCT) stay whole."""
    people = {
        tuple(t.text for t in doc[m.start : m.end])
        for m in mentions
        if m.label == "PERSON" and m.end - m.start >= 2 and m.named
    }
    if not people:
        return mentions
    out = []
    for m in mentions:
        if m.label in RUN_ON_TYPES and m.named and m.end - m.start >= 3:
            words = tuple(t.text for t in doc[m.start : m.end])
            cut = next((k for k in range(1, len(words) - 1) if words[k:] in people), None)
            if cut is not None:
                if doc[m.start + cut - 1].lower_ not in _TAIL_INNER:
                    out.append(replace(m, end=m.start + cut))  # "this [Kingdom of]" is no name
                out.append(
                    replace(m, start=m.start + cut, label="PERSON", alt=None, kb_id=None, kb_name=None)
                )
                continue
        out.append(m)
    return out


def _in_brackets(doc: Any, start: int, end: int, reach: int = 8) -> bool:
    """Tokens ``start:end`` stand inside round brackets opened at most ``reach`` tokens before
    and closed at most ``reach`` tokens after: a reference ("(Psalm 40:8; Romans 3:31)"), not a
    line of results ("3. Koerts 0:06", "(USA) Motorola 0:08")."""
    before = [t.text for t in doc[max(0, start - reach) : start]]
    after = [t.text for t in doc[end : end + reach]]
    opened = "(" in before and ")" not in before[len(before) - before[::-1].index("(") :]
    return opened and ")" in after and "(" not in after[: after.index(")")]


def _undouble(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An organisation's name written twice in a row as one span, as a photo credit doubled by the
    page ("Reuters Reuters", "AP Photo AP Photo"), is the name once.  Places and people may double
    a word ("Walla Walla", "Sirhan Sirhan")."""
    out = []
    for m in mentions:
        n = m.end - m.start
        if (
            m.label == "ORG"
            and m.named
            and n % 2 == 0
            and [t.text for t in doc[m.start : m.start + n // 2]]
            == [t.text for t in doc[m.start + n // 2 : m.end]]
        ):
            m = replace(m, end=m.start + n // 2)
        out.append(m)
    return out


# Determiners that make an acronym a common noun: "a traditional IRA", "your Roth IRA", "an ETF".
_COMMON_DETS = frozenset(
    {"a", "an", "your", "my", "his", "her", "their", "our", "its", "every", "each", "any"}
)


def _common_noun_acronym(doc: Any, g: GazMatch) -> bool:
    """A one-word acronym match used as a common noun ("to a traditional IRA", "dip into your
    Roth IRA": a retirement account, not the Irish Republican Army), told by an indefinite or
    possessive determiner on its noun phrase."""
    tok = doc[g.start]
    if g.end - g.start != 1 or not tok.text.isupper() or len(tok.text) < 2:
        return False
    # the acronym heads its noun phrase ("a U.S. broker", "an FBI investigation" name the entity)
    return tok.dep_ != "compound" and any(
        c.dep_ in ("det", "poss") and c.lower_ in _COMMON_DETS for c in tok.children
    )


_MODEL_NUMBER = re.compile(r"^(\d{3,})[A-Za-z]{0,3}$")


def _model_name(doc: Any, mentions: list[Mention], g: GazMatch) -> bool:
    """A one-word acronym match followed by a model number is a part of a product's name, not the
    entry: "RTX 3080s", "RTX 3090 listings", "the RTX 2060" are graphics cards, not Raytheon.  A
    model number is three or more digits: no year ("3080", "5300M"), or one that the tagger read
    into one MISC name with the acronym ("RTX 2060"; the "FBI 2019 report" is the FBI's)."""
    if g.end - g.start != 1 or not doc[g.start].text.isupper() or g.end >= len(doc):
        return False
    number = _MODEL_NUMBER.match(doc[g.end].text)
    if number is None:
        return False
    return not _YEAR.match(number.group(1)) or any(
        m.source == "tagger" and m.start == g.start and m.end > g.end and COARSE.get(m.label) == "MISC"
        for m in mentions
    )


def _models(mentions: list[Mention], models: list[GazMatch]) -> list[Mention]:
    """An acronym and the model number after it (``_model_name``) are one product name (MISC), in
    place of what overlaps them (the acronym alone, a "3080s" read as a decade)."""
    if not models:
        return mentions
    taken = Disjoint()
    for g in models:
        taken.add(g.start, g.end + 1)
    kept = [m for m in mentions if not taken.overlaps(m.start, m.end)]
    return sorted(
        kept + [Mention(g.start, g.end + 1, "MISC", "tagger") for g in models], key=lambda m: m.start
    )


def _places_by_name(
    mentions: list[Mention], matches: list[GazMatch], supported: list[GazMatch]
) -> list[Mention]:
    """A name the tagger could not type (MISC) that is word for word a country or a people's
    name from the gazetteer is that place or people, though too short to link ("US politicians",
    "the average US household": GPE, not a MISC name)."""
    kinds = {(g.start, g.end): g.entry.type for g in matches if g.entry.type in ("GPE", "NORP")}
    for g in supported:
        kinds.pop((g.start, g.end), None)
    if not kinds:
        return mentions
    return [
        replace(m, label=kinds[(m.start, m.end)]) if m.label == "MISC" and (m.start, m.end) in kinds else m
        for m in mentions
    ]


def _qualified_countries(mentions: list[Mention], matches: list[GazMatch]) -> list[Mention]:
    """A people's or a regime's word before a country's name is that country in one period ("Nazi
    Germany", "Soviet Russia", "Communist China"): a place, not a people (OntoNotes' NORP)."""
    countries = {(g.start, g.end) for g in matches if g.entry.type == "GPE"}
    return [
        replace(m, label="GPE", alt=None)
        if m.label == "NORP"
        and m.kb_id is None
        and m.end - m.start >= 2
        and (m.start + 1, m.end) in countries
        else m
        for m in mentions
    ]


def supported_matches(doc: Any, mentions: list[Mention], matches: list[GazMatch]) -> list[GazMatch]:
    """Gazetteer matches that the context supports.

    A *strong* match is the entry's full name, a multi-word alias that is not a part of the full
    name, or an acronym of three or more capitals.  A *weak* match (one word, or a shortened part
    of the full name: "Bloomberg", "General Assembly") links only when the same entry has a strong
    match in the article; a contextual alias (matched only after its phrase) is strong.  Any match is
    refused when the tagger typed the words as another kind of thing (MISC aside: "NATO officials") and
    OntoNotes did not type them as the entry's kind ("White House involvement": LOC, OntoNotes ORG), and a
    one-word match that is the surname of a person named in full in the article is refused (after
    "Michael Bloomberg", "Bloomberg" never links to the news company)."""
    surnames = _person_surnames(doc, mentions)
    mistyped = mistyped_ids()
    # one word that is the surname of a person named in full here is that person, not an entry
    matches = [g for g in matches if g.end - g.start > 1 or key(doc[g.start : g.end].text) not in surnames]
    matches = [g for g in matches if not _common_noun_acronym(doc, g)]
    matches = _page_acronyms(doc, matches)
    strong_ids = {
        g.entry.kb_id
        for g in matches
        if _strong(doc[g.start : g.end].text, g.entry) or _name_in_lower_case(doc, g)
    }
    out = []
    index = SpanIndex(mentions, lambda m: (m.start, m.end))
    for g in matches:
        if not _strong(doc[g.start : g.end].text, g.entry) and g.entry.kb_id not in strong_ids:
            continue
        over = [mentions[i] for i in index.overlapping(g.start, g.end) if mentions[i].source == "tagger"]
        kb_coarse = COARSE.get(g.entry.type, "MISC")
        if g.entry.kb_id in mistyped and _strong(doc[g.start : g.end].text, g.entry):
            # listed because the models mistype it ("Marj al-Dhahur", "Amoris Laetitia": people)
            out.append(g)
            continue
        if _org_acronym(doc, g) and all(m.label == "PERSON" for m in over):
            # "[ICE] had broken its word": people go by two or three initials, none of them listed
            out.append(g)
            continue
        if any(
            COARSE.get(m.label) not in (kb_coarse, "MISC") and COARSE.get(m.alt or "") != kb_coarse
            for m in over
        ):
            continue  # the tagger read another kind of thing here ("Amazon" the forest, a person)
        out.append(g)
    return out


def _org_acronym(doc: Any, g: GazMatch) -> bool:
    """One word of three capitals or more matched to an organisation of the gazetteer ("ICE")."""
    text = doc[g.start : g.end].text
    return (
        g.end - g.start == 1
        and g.entry.type == "ORG"
        and len(text) >= 3
        and text.isalpha()
        and text.isupper()
    )


def _page_acronyms(doc: Any, matches: list[GazMatch]) -> list[GazMatch]:
    """An acronym the page spells out ("the Second Amendment Foundation (SAF)") names what the page
    says: a match of that acronym to an entry whose names share no word with the page's long form
    (the Sudanese Armed Forces) is refused, wherever the acronym stands on the page."""
    longs: dict[str, list[set[str]]] = {}
    for ls, le, ss, se in find_acronyms(doc):
        short = doc[ss:se].text
        initials = "".join(t.text[0] for t in doc[ls:le] if t.text[:1].isupper())
        if not (short.isalpha() and short.isupper() and initials == short):
            continue  # only a plain spelled-out acronym ("Stunkel (U.S.)" is a player and a country)
        words = {t.lower_ for t in doc[ls:le] if t.is_alpha and len(t.text) > 3}
        longs.setdefault(short, []).append(words)
    if not longs:
        return matches

    def foreign(g: GazMatch) -> bool:
        forms = longs.get(doc[g.start : g.end].text)
        if not forms:
            return False
        names = {w.lower() for n in (g.entry.name, *g.entry.aliases) for w in n.split()}
        return all(not (words & names) for words in forms)

    return [g for g in matches if not foreign(g)]


def _name_in_lower_case(doc: Any, g: GazMatch) -> bool:
    """The alias is the start of the entry's full name, written on in lower case ("the semi-official
    Fars news agency" for Fars News Agency): as good as the full name."""
    n = len(g.entry.name.split())
    if n < 2 or g.end - g.start != 1 or g.start + n > len(doc):
        return False
    return doc[g.start : g.start + n].text.casefold() == g.entry.name.casefold()


def _strong(surface: str, entry: Any) -> bool:
    text = " ".join(surface.split())
    if text.casefold() == entry.name.casefold():
        return True
    if any(text.casefold() == alias.casefold() for alias, _after in entry.contextual):
        return True  # a contextual alias matched only after its required phrase ("commander of the Quds")
    words = text.split()
    if len(words) == 1:
        return len(text) >= 3 and text.isupper()
    return text.casefold() not in entry.name.casefold()


# -- session 15: words that are no names, and names whose kind their own words give away -----

# One word of capitals with a plural "s" ("ARs", "IEDs", "NGOs", "MPs") is a common noun for a
# kind of thing or person, not a name.
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
# Letters run into digits ("KENS5", "News4SA", "MS13") make a call sign or a code: no one's name.
_CODE_WORD = re.compile(r"^[A-Za-z]+\d+[A-Za-z]*$")
# Two names joined by a slash in one word ("U.S/Mexico border"): neither alone, both together no name.
_SLASHED = re.compile(r"[A-Za-z.] ?/ ?[A-Za-z]")


def _no_name_words(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Left out, linked to no entry: a plural acronym (``_PLURAL_ACRONYM``: "against [ARs]"), a
    "person" with a code word in its name (``_CODE_WORD``: "[KENS5] reported"), the "Semite" of
    "anti-Semite", and names run together by a slash (``_SLASHED``); a listed name keeps its link
    ("RFE/RL")."""

    def unnamed(m: Mention) -> bool:
        if m.kb_id is not None or m.label == "DATE":
            return False
        words = [t.text for t in doc[m.start : m.end]]
        if len(words) == 1 and _PLURAL_ACRONYM.match(words[0]):
            return True
        if m.label == "PERSON" and any(_CODE_WORD.match(w) for w in words):
            return True
        if (
            m.start > 1
            and doc[m.start - 1].text == "-"
            and doc[m.start - 2].lower_ == "anti"
            and words[0].lower().startswith("semit")
        ):
            return True  # "anti-[Semite]", "anti-[Semitism]": one common word cut at its hyphen
        return bool(_SLASHED.search(doc[m.start : m.end].text))

    return [m for m in mentions if not unnamed(m)]


# Words that open the name of an operation or a storm ("Operation Desert Storm", "Hurricane
# Maria", "Typhoon Haiyan"): the name is that event, not an organisation, a person or a place.
EVENT_OPENERS = frozenset({"Operation", "Hurricane", "Typhoon", "Cyclone"})
STORM_OPENERS = frozenset({"Hurricane", "Typhoon", "Cyclone", "Storm"})


def _named_events(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name that opens with "Operation" or a storm's word, or that follows a storm's word the
    tagger left out ("Hurricane [Maria]"; "Tropical Storm" too), is that event (EVENT)."""
    kinds = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC")
    taken = {t for m in mentions for t in range(m.start, m.end)}
    out = []
    storms = set()
    for m in mentions:
        if m.kb_id is None and m.label in kinds:
            start = m.start
            if start > 0 and doc[start - 1].text in STORM_OPENERS and start - 1 not in taken:
                start -= 1
                if start > 0 and doc[start - 1].text == "Tropical" and start - 1 not in taken:
                    start -= 1
            if doc[start].text in STORM_OPENERS | {"Tropical"} and m.end - start > 1:
                storms.add(
                    doc[start + 1 : m.end].text
                    if doc[start].text != "Tropical"
                    else doc[start + 2 : m.end].text
                )
            if start < m.start or (m.end - m.start > 1 and doc[m.start].text in EVENT_OPENERS):
                # the opener is the evidence: no longer an unsure reading of the bare name
                m = replace(m, start=start, label="EVENT", alt=None, unsure=False)
        out.append(m)
    # the storm's name alone elsewhere on the page ("after both Maria and Irma") is the storm too
    return [
        replace(m, label="EVENT", alt=None, unsure=False)
        if m.kb_id is None and m.label in kinds and doc[m.start : m.end].text in storms
        else m
        for m in out
    ]


def _tally_filler(t: Any) -> bool:
    """A token between two named items of a tally: a separator, or a part of an item no one tagged."""
    return t.text in (",", ";", "and", "or", "(", ")") or t.like_num or (t.is_alpha and t.text.istitle())


def _counted_places(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A tally of names each followed by its count in brackets ("arrests in Olathe (3), Belton (1)
    and Lawrence (1)") lists things of one kind: when two of its names, or half of them, are places,
    a person or an organisation among them is a town the tagger mistyped."""

    def counted(m: Mention) -> bool:
        e = m.end
        return e + 2 < len(doc) and doc[e].text == "(" and doc[e + 1].like_num and doc[e + 2].text == ")"

    tallies: list[list[int]] = []
    last_end = -1
    for i, m in enumerate(mentions):
        if m.label == "DATE" or not counted(m):
            continue
        between = doc[last_end : m.start] if last_end >= 0 else None
        if between is not None and len(between) <= 8 and all(_tally_filler(t) for t in between):
            tallies[-1].append(i)  # the next item of the same tally (an item no one tagged between)
        else:
            tallies.append([i])
        last_end = m.end + 3
    out = list(mentions)
    for idxs in tallies:
        places = sum(mentions[i].label == "GPE" for i in idxs)
        if len(idxs) < 2 or not (places >= 2 or (places and 2 * places >= len(idxs))):
            continue
        for i in idxs:
            m = mentions[i]
            if m.label in ("PERSON", "ORG") and m.kb_id is None:
                out[i] = replace(m, label="GPE", alt=None)
    return out


# Words after a state's or a country's name that make it the place whose member or office it is
# ("Sen. Patty Murray, [Washington] Democrat", "when he was [Arkansas] attorney general").
PARTY_WORDS = frozenset({"Democrat", "Democrats", "Republican", "Republicans"})
PLACE_OFFICE_NOUNS = frozenset(
    {"attorney", "governor", "senator", "lawmakers", "legislature", "legislators", "officials", "delegation"}
)


def _places_of_office(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word person or organisation that OntoNotes reads as a place (``alt`` GPE), right
    before a party's member or a lower-case office noun, is that place."""
    out = []
    for m in mentions:
        if (
            m.label in ("PERSON", "ORG")
            and m.alt == "GPE"
            and m.kb_id is None
            and m.end - m.start == 1
            and m.end < len(doc)
            and (doc[m.end].text in PARTY_WORDS or doc[m.end].text in PLACE_OFFICE_NOUNS)
        ):
            m = replace(m, label="GPE", alt=None)
        out.append(m)
    return out


# Capitalised words that open an organisation's name before a word the tagger read as a person
# ("Project [Veritas]": an organisation, no one named Veritas).
ORG_OPENERS = frozenset({"Project"})


def _opened_organisations(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word person right after an organisation's opening word (:data:`ORG_OPENERS`, not at
    a sentence start), which OntoNotes reads as an organisation, is that organisation whole."""
    taken = {t for m in mentions for t in range(m.start, m.end)}
    out = []
    for m in mentions:
        s = m.start
        if (
            m.label == "PERSON"
            and m.alt == "ORG"
            and m.kb_id is None
            and m.end - s == 1
            and s > 0
            and doc[s - 1].text in ORG_OPENERS
            and s - 1 not in taken
            and not doc[s - 1].is_sent_start
        ):
            m = replace(m, start=s - 1, label="ORG", alt=None)
        out.append(m)
    return out


DEMONYM_SUFFIXES = ("n", "an", "ian", "ese", "i", "ns", "ans", "ians")


def _country_demonyms(doc: Any, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """A name of two words or more that is a listed country's name with a people's ending ("El
    Salvadoran", "South Korean", "North Koreans") is that people (NORP), not an organisation."""
    countries = {entry.name for entry in gaz.entries if entry.type == "GPE" and " " in entry.name}
    if not countries:
        return mentions
    out = []
    for m in mentions:
        if m.kb_id is None and m.label in ("ORG", "GPE", "PERSON", "MISC") and m.end - m.start > 1:
            text = doc[m.start : m.end].text
            if any(text.startswith(c) and text[len(c) :] in DEMONYM_SUFFIXES for c in countries):
                m = replace(m, label="NORP", alt=None)
        out.append(m)
    return out


# Words inside a title-case headline that end the name before them ("Migrants Heading to [San
# Diego] Will Be Met With Barricades"): a verb's auxiliary is no part of a place's or a body's name.
RUN_ON_AUX = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had"})
RUN_ON_MODALS = frozenset({"will", "would", "can", "could", "should", "must", "may", "might"})


def _headline_run_ons(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A name other than a person's or a work's that runs on into a capitalised auxiliary ("Is",
    "Has"), or a modal followed by one ("Will Be"), ends before it; nothing left, it is left out."""
    out = []
    for m in mentions:
        if (
            m.kb_id is None
            and m.label in ("GPE", "LOC", "FAC", "ORG", "NORP", "EVENT")
            and m.end - m.start > 1
        ):
            cut = next(
                (
                    i
                    for i in range(m.start + 1, m.end)
                    if doc[i].text[:1].isupper()
                    and (
                        doc[i].lower_ in RUN_ON_AUX
                        or (
                            doc[i].lower_ in RUN_ON_MODALS
                            and i + 1 < len(doc)
                            and doc[i + 1].lower_ in RUN_ON_AUX
                        )
                    )
                ),
                None,
            )
            if cut is not None:
                m = replace(m, end=cut)
        out.append(m)
    return out


# Plural nouns for a body's people that the tagger runs an organisation's name on into ("[Border
# Patrol Agents]", "[FBI Agents]"): the organisation ends before them.
STAFF_NOUNS = frozenset({"Agents", "Officers", "Officials", "Staffers", "Employees", "Troops", "Soldiers"})


def _staff_tails(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An organisation's name ending in a plural noun for its people (:data:`STAFF_NOUNS`) ends
    before that noun when two words, or an acronym, are left ("[Border Patrol] Agents", "[FBI] Agents")."""
    out = []
    for m in mentions:
        if m.label == "ORG" and m.kb_id is None and doc[m.end - 1].text in STAFF_NOUNS:
            left = doc[m.start : m.end - 1]
            if len(left) >= 2 or (len(left) == 1 and left[0].text.isupper() and len(left[0].text) >= 2):
                m = replace(m, end=m.end - 1)
        out.append(m)
    return out


# Heads of a place named after a saint with the saint's possessive ("St. Peter's Square", "St.
# Paul's Cathedral"): the tagger stops at the saint, typed as a town.
SAINT_PLACE_HEADS = frozenset(
    {"Square", "Basilica", "Cathedral", "Church", "Chapel", "Abbey", "Hospital", "College"}
)


def _saints_places(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A saint's name ("St. Peter", "Saint Mark") right before a possessive and a place's head
    word (:data:`SAINT_PLACE_HEADS`) is that place whole, a facility (FAC)."""
    taken = {t for m in mentions for t in range(m.start, m.end)}
    out = []
    for m in mentions:
        e = m.end
        if (
            m.kb_id is None
            and m.label in ("GPE", "LOC", "PERSON", "ORG", "FAC")
            and doc[m.start].text in ("St.", "St", "Saint")
            and e + 1 < len(doc)
            and doc[e].text in POSSESSIVES
            and doc[e + 1].text in SAINT_PLACE_HEADS
            and e not in taken
            and e + 1 not in taken
        ):
            m = replace(m, end=e + 2, label="FAC", alt=None)
        out.append(m)
    return out


_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")


def _initials_go_on(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A person's name never ends in a middle initial: one that does ("George [H.W.]" where the
    parser broke the sentence after the initials' stop, or a line break follows them) goes on
    over the capitalised surname after it, joining the person mention there ("[Bush]")."""
    out: list[Mention] = []
    skip: set[int] = set()
    by_start = {m.start: i for i, m in enumerate(mentions)}
    for i, m in enumerate(mentions):
        if i in skip:
            continue
        e = m.end
        nxt = e + 1 if e < len(doc) and doc[e].is_space and doc[e].text.count("\n") <= 1 else e
        if (
            m.label == "PERSON"
            and m.kb_id is None
            and e - m.start >= 2
            and _INITIALS.match(doc[e - 1].text)
            and (nxt > e or doc[e - 1].whitespace_ == " ")
            and nxt < len(doc)
            and doc[nxt].is_alpha
            and doc[nxt].text[:1].isupper()
        ):
            j = by_start.get(nxt)
            if j is not None and mentions[j].label == "PERSON" and mentions[j].kb_id is None:
                skip.add(j)
                m = replace(m, end=mentions[j].end)
            elif j is None and not any(o.start <= nxt < o.end for o in mentions):
                m = replace(m, end=nxt + 1)
        out.append(m)
    return out


def _hyphen_pairs(doc: Any, mentions: list[Mention], matches: list[GazMatch]) -> list[Mention]:
    """Two listed names glued by a hyphen are two names, not one ("a Washington Post-ABC News
    poll", "the China-Kazakhstan border"): the mention is cut at the hyphen when the words on
    each side are exactly a gazetteer name; a hyphenated name not listed in two halves
    ("Guinea-Bissau", "Rolls-Royce") stays whole, and so does a pair of peoples' words, one
    adjective ("the Israeli-Palestinian conflict")."""
    listed = {(g.start, g.end): g.entry for g in matches}
    out = []
    for m in mentions:
        cut = None
        if m.label in ("ORG", "GPE", "LOC", "FAC") and m.kb_id is None:
            for h in range(m.start + 1, m.end - 1):
                if (
                    doc[h].text in ("-", "\u2010", "\u2011", "\u2013")
                    and not doc[h - 1].whitespace_
                    and not doc[h].whitespace_
                    and (m.start, h) in listed
                    and (h + 1, m.end) in listed
                ):
                    cut = h
                    break
        if cut is None:
            out.append(m)
            continue
        for s, e in ((m.start, cut), (cut + 1, m.end)):
            out.append(replace(m, start=s, end=e, label=listed[(s, e)].type, alt=None))
    return out


def _owner_trimmed(doc: Any, mentions: list[Mention], matches: list[GazMatch]) -> list[Mention]:
    """A person's surname before a listed body is no part of its name ("the [Clinton] State
    Department", "the Obama White House"): the organisation is the listed name alone, when the
    word is a person's name elsewhere in the article."""
    listed = {(g.start, g.end) for g in matches if g.entry.type in ("ORG", "FAC")}
    people = {doc[m.end - 1].text for m in mentions if m.label == "PERSON" and m.named}
    out = []
    for m in mentions:
        if (
            m.label in ("ORG", "FAC")
            and m.kb_id is None
            and m.end - m.start >= 3
            and (m.start + 1, m.end) in listed
            and doc[m.start].text in people
        ):
            m = replace(m, start=m.start + 1)
        out.append(m)
    return out


# Acronyms of a kind of organisation, no organisation's name ("his super [PAC]").
GENERIC_ACRONYMS = frozenset({"PAC", "PACs"})


def _generic_acronyms(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A kind of organisation is no name: "super PAC" alone is dropped, and "super PAC" before a
    name leaves the name ("super PAC [Priorities USA Action]")."""
    out = []
    for m in mentions:
        words = [t.text for t in doc[m.start : m.end]]
        if (
            m.kb_id is None
            and words
            and words[-1] in GENERIC_ACRONYMS
            and all(w in GENERIC_ACRONYMS or w.lower() == "super" for w in words)
        ):
            continue
        if (
            m.kb_id is None
            and m.end - m.start > 1
            and words[0] in GENERIC_ACRONYMS
            and doc[m.start + 1].text[:1].isupper()
        ):
            m = replace(m, start=m.start + 1)
        out.append(m)
    return out


# Peoples' words that go before "Americans" to name one group ("African Americans").
_AMERICANS = frozenset({"American", "Americans"})


def _hyphenated_peoples(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """ "African Americans", "Muslim Americans": a people's word right before "Americans" names
    one group with it, not two (the tagger read "[African] [Americans]")."""
    by_end = {m.end: m for m in mentions if m.label == "NORP" and m.end - m.start == 1}
    joined: dict[int, Mention] = {}
    for m in mentions:
        prev = by_end.get(m.start)
        if (
            m.label == "NORP"
            and m.end - m.start == 1
            and doc[m.start].text in _AMERICANS
            and prev is not None
            and doc[prev.start].text not in _AMERICANS
            and doc[prev.start].whitespace_ == " "
        ):
            joined[m.start] = replace(m, start=prev.start, kb_id=None, kb_name=None, alt=None)
    if not joined:
        return mentions
    gone = {j.start for j in joined.values()}
    return [
        joined.get(m.start, m)
        for m in mentions
        if not (m.start in gone and m.end - m.start == 1 and m.start not in joined)
    ]


# Compass adjectives that OntoNotes and the demonym list read as peoples ("Western" powers).
COMPASS_WORDS = frozenset({"Western", "Eastern", "Northern", "Southern"})


def _compass_words(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A compass adjective read alone as a people, right before a capitalised word, is the first
    word of a longer name the models cut ("[Western] Journalism", "the [Western] Han Dynasty"):
    no people; it is dropped."""
    return [
        m
        for m in mentions
        if not (
            m.label == "NORP"
            and m.end - m.start == 1
            and doc[m.start].text in COMPASS_WORDS
            and m.end < len(doc)
            and doc[m.start].whitespace_ == " "
            and doc[m.end].is_alpha
            and doc[m.end].text[:1].isupper()
        )
    ]


def _glued_abbreviations(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """One token that glues an abbreviated place to a hyphen ("the [U.S.-Mexico] border", "voters
    who are [U.S.-born]") is not one name; the tokenizer gave no word to cut, so it is dropped."""
    return [
        m
        for m in mentions
        if not (
            m.end - m.start == 1
            and m.label in ("GPE", "LOC", "NORP", "FAC", "ORG")
            and ".-" in doc[m.start].text
            and m.kb_id is None
        )
    ]


# Nouns of people's work that make the "center" they work at an organisation ("director of the
# Asia Program at the [Carnegie Moscow Center]", "a fellow at the ... Center").
WORK_ROLES = _ROLE_TITLES | frozenset(
    {"professor", "fellow", "analyst", "researcher", "scholar", "expert", "economist", "program"}
)


def _workplace_centres(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A "Center" the head word made a building is an organisation when someone's work is at or
    of it: "at/of the" right before it, and a role noun a few words before in the sentence ("head
    of the Russia Program at the [Carnegie Moscow Center]"); "15,522 in the Staples Center" stays
    a building."""
    out = []
    for m in mentions:
        if m.label == "FAC" and m.kb_id is None and doc[m.end - 1].lower_ in ("center", "centre"):
            i = m.start - 1
            if i >= 0 and doc[i].lower_ == "the":
                i -= 1
            sent_start = doc[m.start].sent.start
            if (
                i >= 0
                and doc[i].lower_ in ("at", "of")
                and any(t.lower_ in WORK_ROLES for t in doc[max(sent_start, i - 8) : i])
            ):
                m = replace(m, label="ORG", alt=None)
        out.append(m)
    return out


# -- session 17: ordinals, call numbers, spelled-out common nouns, headline words ----------------

ORDINAL_WORDS = frozenset(
    {
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
        "Twelfth",
        "Thirteenth",
        "Fourteenth",
        "Fifteenth",
        "Sixteenth",
        "Seventeenth",
        "Eighteenth",
        "Nineteenth",
        "Twentieth",
    }
)


def _ordinal_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A capitalised ordinal right before an organisation's name, inside a sentence, is the name's
    first word ("the Eighth [Judicial District]", "the Ninth [Circuit]"): the name takes it, and a
    mention of the ordinal alone is dropped."""
    grown: dict[int, int] = {}  # the name's start -> the ordinal's
    for m in mentions:
        i = m.start - 1
        if (
            m.label == "ORG"
            and m.kb_id is None
            and i >= 0
            and doc[i].text in ORDINAL_WORDS
            and doc[i].whitespace_ == " "
            and not doc[i].is_sent_start
        ):
            grown[m.start] = i
    if not grown:
        return mentions
    ordinals = set(grown.values())
    out = []
    for m in mentions:
        if m.end - m.start == 1 and m.start in ordinals:
            continue  # "[Eighth] [Judicial District]": the ordinal alone is no name
        out.append(replace(m, start=grown[m.start]) if m.start in grown and m.label == "ORG" else m)
    return out


def _channel_numbers(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A station's name in capitals before its channel number ("FOX 26", "KHOU 11"), read whole by
    OntoNotes as an organisation, is that organisation with its number (the tagger had "FOX"
    alone, and as a person), there and wherever the page writes it again; a line without a
    lower-case word (a table of scores) keeps them apart."""
    stations = {
        ent.text
        for ent in doc.ents
        if ent.label_ == "ORG"
        and ent.end - ent.start == 2
        and doc[ent.start].is_alpha
        and doc[ent.start].is_upper
        and len(doc[ent.start]) >= 3
        and doc[ent.end - 1].is_digit
        and len(doc[ent.end - 1]) <= 2
        and not _title_case_line(doc, ent.start)
    }
    if not stations:
        return mentions
    return [
        replace(m, end=m.end + 1, label="ORG", alt=None, unsure=False)
        if m.end - m.start == 1
        and m.kb_id is None
        and m.end < len(doc)
        and doc[m.start : m.end + 1].text in stations
        and not _title_case_line(doc, m.start)
        else m
        for m in mentions
    ]


def _common_acronyms(doc: Any) -> set[str]:
    """Acronyms the page spells out in lower-case words, one word a letter ("violent online
    political extremism (VOPE)", "non-governmental organisations (NGO)")."""
    out = set()
    for ls, le, ss, se in find_acronyms(doc):
        short = doc[ss:se].text
        words = [t for t in doc[ls:le] if t.is_alpha]
        if (
            short.isalpha()
            and short.isupper()
            and all(t.is_lower for t in words)
            and "".join(t.text[0] for t in words) == short.lower()
        ):
            out.add(short)
    return out


def _spelled_common_nouns(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An acronym the page spells out in lower-case words is a common noun's, no name: its
    mentions are dropped wherever they stand on the page (a name's long form is written with
    capitals: "the Second Amendment Foundation (SAF)")."""
    common = _common_acronyms(doc)
    if not common:
        return mentions
    return [m for m in mentions if not (m.kb_id is None and doc[m.start : m.end].text in common)]


def _lower_phrase_at(doc: Any, words: list[str], lower_at: int) -> bool:
    """The page writes ``words`` (compared in lower case, ’ as ') somewhere with the word at index
    ``lower_at`` in lower case ("a New Mexico compound", "the doctor’s report")."""
    n = len(words)
    first = words[0]
    for t in doc:
        if t.i + n > len(doc) or t.text.lower().replace("’", "'") != first:
            continue
        span = doc[t.i : t.i + n]
        if [w.text.lower().replace("’", "'") for w in span] == words and span[lower_at].is_lower:
            return True
    return False


def _headline_words(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Words of a title-case headline that the page writes in lower case in the same phrase are
    common words, capitalised only by the headline: a one-word name followed by them ("and
    [Mainstream] Media" beside "the mainstream media", "Posts [Doctor]’s Report" beside "the
    doctor’s report") is dropped, and a name whose last word is one ("At [New Mexico Compound]"
    beside "a New Mexico compound") ends before it, with the type the page gives the rest."""
    by_text: dict[str, str] = {}
    for m in mentions:
        if not _title_case_line(doc, m.start):
            by_text.setdefault(doc[m.start : m.end].text, m.label)
    out = []
    for m in mentions:
        if m.kb_id is None and m.named and m.end < len(doc) and _title_case_line(doc, m.start):
            if m.end - m.start == 1:
                j = m.end
                while j < len(doc) and not doc[j].is_alpha and j - m.end < 2:
                    j += 1  # "’s" between
                words = [t.text.lower().replace("’", "'") for t in doc[m.start : j + 1]]
                if j < len(doc) and doc[j].is_alpha and _lower_phrase_at(doc, words, 0):
                    continue
            elif doc[m.end - 1].is_alpha:
                words = [t.text.lower().replace("’", "'") for t in doc[m.start : m.end]]
                rest = doc[m.start : m.end - 1].text
                if rest in by_text and _lower_phrase_at(doc, words, len(words) - 1):
                    m = replace(m, end=m.end - 1, label=by_text[rest], alt=None)
        out.append(m)
    return out


ELLIPSES = frozenset({"...", "…"})


def _shop_listings(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A bookshop box ("With Liberty and Justi... Glenn Greenwald Best Price: $2.66 Buy New
    $11.34"): the words between the box's start and the author's name, right before "Best Price",
    are a book's title, cut short or not, and no name in it is a mention of an actor; the author
    stays."""
    authors = {m.end: m for m in mentions if m.label == "PERSON"}
    spans = []
    for t in doc:
        i = t.i
        if t.text == "Best" and i + 2 < len(doc) and doc[i + 1].text == "Price" and doc[i + 2].text == ":":
            author = authors.get(i)
            if author is None:
                continue
            j = author.start - 1
            while j > max(0, author.start - 16) and not (
                doc[j].is_sent_start and doc[j - 1].text not in ELLIPSES
            ):
                j -= 1
            spans.append((j, author.start))
    if not spans:
        return mentions
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans)]


# Bound prefixes that open a hyphenated word ("The Anti-media", "Pro-Kremlin"): no name alone.
BOUND_PREFIXES = frozenset({"Anti", "Pro", "Non", "Neo", "Ex", "Post", "Pre", "Multi", "Pan", "Counter"})


def _bound_prefixes(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word name that is a bound prefix glued to a hyphen ("The [Anti]-media") is a piece of
    a word the tokenizer cut, no name: dropped."""
    return [
        m
        for m in mentions
        if not (
            m.end - m.start == 1
            and m.kb_id is None
            and doc[m.start].text in BOUND_PREFIXES
            and m.end < len(doc)
            and doc[m.end].text in HYPHENS
            and not doc[m.start].whitespace_
        )
    ]


# Court districts named by a compass word ("the Southern District of New York").
DISTRICT_COMPASS = frozenset({"Southern", "Northern", "Eastern", "Western", "Middle", "Central"})


def _court_districts(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A place right after "<Compass> District of" is the end of the district's name ("the Southern
    District of [New York]"): the name is the whole district, a place, and a mention of the
    compass word and "District" alone goes."""
    grown: dict[int, int] = {}
    for m in mentions:
        i = m.start
        if (
            m.label in ("GPE", "LOC")
            and i >= 3
            and doc[i - 1].text == "of"
            and doc[i - 2].text == "District"
            and doc[i - 3].text in DISTRICT_COMPASS
        ):
            grown[m.start] = i - 3
    if not grown:
        return mentions
    inner = {(s, s + 2) for s in grown.values()} | {(s, s + 1) for s in grown.values()}
    out = []
    for m in mentions:
        if (m.start, m.end) in inner:
            continue
        out.append(replace(m, start=grown[m.start], label="GPE", alt=None) if m.start in grown else m)
    return out


def _opening_adjectives(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A one-word MISC name that only the tagger saw, opening a sentence as an adjective of the
    lower-case noun after it ("[Political] correctness needs ..."), is a common adjective
    capitalised by the sentence: dropped.  Words with a people's ending ("Bosnian refugees") stay,
    and so does a word the page names inside a sentence too ("Latino registration ..." beside "with
    Latino voters")."""
    inside = {doc[m.start : m.end].text for m in mentions if not doc[m.start].is_sent_start}
    out = []
    for m in mentions:
        t = doc[m.start]
        if (
            t.text not in inside
            and m.label == "MISC"
            and m.end - m.start == 1
            and m.source == "tagger"
            and m.kb_id is None
            and m.alt is None
            and t.is_sent_start
            and t.tag_ == "JJ"
            and t.ent_type_ == ""
            and not t.lower_.endswith(DEMONYM_ENDINGS)  # "Bosnian refugees"
            and m.end < len(doc)
            and doc[m.end].is_lower
            and doc[m.end].is_alpha
            and t.head.i == m.end
        ):
            continue
        out.append(m)
    return out


# Words before a building's name that make it the place, not the body in it ("at the White House").
PLACE_PREPOSITIONS = frozenset(
    {
        "at",
        "in",
        "inside",
        "outside",
        "into",
        "near",
        "to",
        "from",
        "on",
        "toward",
        "towards",
        "around",
        "of",
        "across",
    }
)


def _bodies_as_buildings(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A building's name that the page reads elsewhere as an organisation ("the White House said"),
    or a place's name that the page links as a listed organisation, is that organisation where no
    place preposition stands before it ("Judge Orders [White House] To Restore ..."; "reporters at
    the White House" stays the building)."""
    bodies = {doc[m.start : m.end].text: m for m in mentions if m.label == "ORG" and m.end - m.start > 1}
    if not bodies:
        return mentions
    out = []
    for m in mentions:
        body = bodies.get(doc[m.start : m.end].text) if m.kb_id is None else None
        # a building, or a place the tagger saw where the page's organisation is a listed one
        if body is not None and (m.label == "FAC" or (m.label in ("GPE", "LOC") and body.kb_id)):
            i = m.start - 1
            if i >= 0 and doc[i].lower_ in ("the", "a"):
                i -= 1
            if not (i >= 0 and doc[i].lower_ in PLACE_PREPOSITIONS):
                m = replace(m, label="ORG", alt=None, kb_id=body.kb_id, kb_name=body.kb_name)
        out.append(m)
    return out


def _cut_listed_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An organisation's name of two words or more that opens the longer name of a listed
    organisation on the same page ("[World Health] Chief" beside "the World Health Organization")
    is that organisation, cut short: it is linked to the same entry."""
    listed = {
        doc[m.start : m.end].text: m
        for m in mentions
        if m.label == "ORG" and m.kb_id is not None and m.end - m.start > 2
    }
    if not listed:
        return mentions
    out = []
    for m in mentions:
        if m.label == "ORG" and m.kb_id is None and m.end - m.start >= 2:
            text = doc[m.start : m.end].text
            longer = [g for name, g in listed.items() if name.startswith(text + " ")]
            if len({g.kb_id for g in longer}) == 1:
                m = replace(m, kb_id=longer[0].kb_id, kb_name=longer[0].kb_name)
        out.append(m)
    return out


def _country_first(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """A place's name followed by "First" that ends the name ("Britain First marched", "his America
    First agenda") names a party or a slogan, not the place: the place mention is dropped ("Japan
    First Division", "Scotland's First Minister" go on into a capitalised word and stay)."""
    out = []
    for m in mentions:
        e = m.end
        if (
            m.label in ("GPE", "LOC")
            and e + 1 < len(doc)
            and doc[e].text == "First"
            and doc[e - 1].whitespace_ == " "
            and not (doc[e + 1].is_alpha and doc[e + 1].text[:1].isupper())
        ):
            continue
        out.append(m)
    return out
