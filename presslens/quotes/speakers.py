"""Speaker and medium resolution: source spans to entity ids, anaphora, ``via`` chains."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from presslens.intervals import SpanIndex
from presslens.model import Entity, Span
from presslens.nlp.gazetteer import BUNDLED_DIR, media_outlets, read_entries
from presslens.quotes.cues import REPORTING_LEMMAS
from presslens.quotes.cues import cue_lemma as lemma_of
from presslens.quotes.rules import quoting_verb, relaying_according

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
        "founder",
        "actor",
        "actress",
        "singer",
        "coach",
        "chairman",
        "chairwoman",
        "executive",
    ]
)
# Title abbreviations that call a person by a role ("Gov. Eric Holcomb" ... "the governor said").
ROLE_ABBREVIATIONS = {
    "governor": "gov",
    "senator": "sen",
    "representative": "rep",
    "general": "gen",
    "secretary": "sec",
    "professor": "prof",
}
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
MEDIUM_NOUNS = frozenset(
    {"interview", "statement", "remarks", "remark", "comments", "comment", "conversation", "letter", "op-ed"}
)
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
        self.starts = [m.start for m in self]


def starting_in(mentions: Sequence[Mention], lo: int, hi: int) -> Sequence[Mention]:
    """The mentions that start in ``[lo, hi)`` (by bisection on a :class:`Mentions`)."""
    if isinstance(mentions, Mentions):
        return mentions[bisect_left(mentions.starts, lo) : bisect_left(mentions.starts, hi)]
    return [m for m in mentions if lo <= m.start < hi]


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
        first = [e for e in entities if e.type == "PERSON" and e.name.split()[0] == text and text.istitle()]
        hits = first if len(first) == 1 else []
    hits.sort(key=lambda e: (e.type != "PERSON", -len(e.name)))
    return hits[0] if hits else None


# Entity types that may speak.  PERSON and ORG always; a GPE only with a speech verb ("Spain
# says", a government); a NORP only as a plural group noun ("Democrats said"), never as an
# adjective ("Spanish officials").  DATE, TIME, LOC, EVENT ... never speak.
PERSON_TYPES = frozenset({"PERSON", "PER"})
SPEAKING_TYPES = PERSON_TYPES | {"ORG", "ORGANIZATION", "MEDIA", "NEWS", "OUTLET"}
MALE_WORDS = frozenset(
    {
        "he",
        "him",
        "his",
        "himself",
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "sheikh",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "father",
        "son",
        "brother",
        "husband",
        "actor",
        "man",
    }
)
FEMALE_WORDS = frozenset(
    {
        "she",
        "her",
        "hers",
        "herself",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dame",
        "lady",
        "queen",
        "princess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "mother",
        "daughter",
        "sister",
        "wife",
        "actress",
        "woman",
    }
)
SUBJECT_PRONOUNS = {"he": "m", "she": "f"}


@dataclass
class SpeakerContext:
    """What speaker resolution needs to know about one article, built once."""

    text: str
    mentions: Sequence[Mention]
    entities: Sequence[Entity]
    inside_quote: Callable[[int], bool]
    genders: dict[str, str | None]
    # pronoun sources this stage resolved itself: later pronouns may chain through them
    resolved: list[Mention] = field(default_factory=list)
    doc: Any = None
    # (start, end, noun, speaker id) of the content of earlier quotes whose source was "the NOUN":
    # what "the group" reported ("The group announced that WeWork had ...") does not name the
    # group, unless the group was linked to that very name ("..., with EgyptAir, the airline said")
    reported: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    # (position, noun, entity) of earlier sources "the NOUN" that a name or an apposition (or such
    # a link before) tied to an organisation ("The group, WeWorkers Coalition, ... stating")
    described: list[tuple[int, str, Entity]] = field(default_factory=list)
    # (content spans, speaker id) of every earlier quote with a source, in the order resolved: a
    # person named there is someone that source talks about
    contents: list[tuple[tuple[tuple[int, int], ...], str | None]] = field(default_factory=list)
    # (position, gender) of he/she sources this stage left unresolved: a later he/she of that
    # gender most likely continues the same unknown person
    unresolved: list[tuple[int, str]] = field(default_factory=list)

    def reported_by(self, pos: int, noun: str, ent_id: str) -> bool:
        return any(s <= pos < e and n == noun and who != ent_id for s, e, n, who in self.reported)

    def paragraph_start(self, pos: int, back: int = 0) -> int:
        """Start of the paragraph holding ``pos``, or of the ``back``-th non-empty one before it."""
        start = self.text.rfind("\n", 0, pos) + 1
        for _ in range(back):
            if start == 0:
                break
            prev = self.text.rfind("\n", 0, start - 1) + 1
            while prev > 0 and not self.text[prev : start - 1].strip():
                prev = self.text.rfind("\n", 0, prev - 1) + 1
            start = prev
        return start


def speaker_context(
    doc: Any, mentions: Sequence[Mention], entities: Sequence[Entity], inside_quote: Callable[[int], bool]
) -> SpeakerContext:
    text = doc.text  # Doc.text joins every token: build it once
    return SpeakerContext(
        text,
        mentions,
        entities,
        inside_quote,
        person_genders(doc, text, mentions, inside_quote),
        doc=doc,
    )


def person_genders(
    doc: Any, text: str, mentions: Sequence[Mention], inside_quote: Callable[[int], bool]
) -> dict[str, str | None]:
    """Gender of each PERSON entity known from the text itself: a gendered title or noun next to a
    name ("Mr", "spokeswoman"), or he/his (she/her) in the clause of which the only person named in
    the sentence is the subject ("Lopez said her ...").  Conflicting evidence leaves it unknown."""
    votes: dict[str, set[str]] = {}
    named = [m for m in mentions if m.ent.type in PERSON_TYPES and not _is_pronoun(m, text)]
    for m in named:
        prev = text[max(0, m.start - 14) : m.start].split()
        word = prev[-1].lower().strip(",") if prev else ""
        g = "m" if word in MALE_WORDS else "f" if word in FEMALE_WORDS else None
        if g:
            votes.setdefault(m.ent.id, set()).add(g)
    sents = list(doc.sents)
    starts = [sent.start_char for sent in sents]
    by_sent: dict[int, list[Mention]] = {}
    for m in named:
        if not inside_quote(m.start):
            by_sent.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
    for k, inside in by_sent.items():
        if k < 0 or len({m.ent.id for m in inside}) != 1:
            continue
        first = inside[0]
        span = doc.char_span(first.start, first.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
            continue  # only "NAME said his ..." / "NAME ... she": the name is the subject
        verb = span.root.head
        # not the name's own apposition: "said Beth Meacham, one of his editors" (his: another)
        own = span.root
        for tok in sents[k]:
            if (
                tok.idx > first.end
                and not inside_quote(tok.idx)
                and verb.is_ancestor(tok)
                and not own.is_ancestor(tok)
            ):
                low = tok.lower_
                if low in ("he", "him", "his", "himself"):
                    votes.setdefault(first.ent.id, set()).add("m")
                elif low in ("she", "her", "hers", "herself"):
                    votes.setdefault(first.ent.id, set()).add("f")
    return {eid: next(iter(gs)) if len(gs) == 1 else None for eid, gs in votes.items()}


def _is_pronoun(m: Mention, text: str) -> bool:
    return text[m.start : m.end].lower() in PRONOUNS


PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "it", "i", "we", "you"})


def may_speak(ent: Entity, tok: Any, cue_lemma: str) -> bool:
    """Whether ``ent``, named by source head ``tok``, can be the speaker of a ``cue_lemma`` cue."""
    if ent.type in SPEAKING_TYPES:
        return True
    if ent.type == "GPE":
        return cue_lemma in SPEECH_LEMMAS
    if ent.type == "NORP":
        return tok.tag_ in ("NNPS", "NNS") and cue_lemma in SPEECH_LEMMAS
    return False


SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "write",
        "state",
        "announce",
        "declare",
        "according",
        "accord",
        "claim",
        "warn",
        "insist",
        "argue",
        "deny",
        "confirm",
        "report",
        "note",
        "urge",
        "call",
        "accuse",
        "ask",
        "reply",
        "respond",
        "comment",
        "explain",
        "stress",
        "tweet",
        "post",
        "reiterate",
        "repeat",
        "demand",
        ":",
    }
)


# Head nouns that call one person (a role, a gendered noun, a part someone plays in a story): an
# apposition naming an organisation cannot be the same referent ("his attorney – former Justice
# Dept. official": the Dept. is where the attorney worked), and a person questioned is no claim
# doubted ("senators questioning a woman").
PERSON_HEADS = (
    (ROLE_NOUNS - {"source", "former", "veteran"})
    | MALE_WORDS
    | FEMALE_WORDS
    | {"witness", "suspect", "nominee", "victim", "boy", "girl"}
)


# How much a speaker link is worth, by the evidence for it (``confidence`` = cue probability x
# this; the reliability table of ``eval/quotes.py --reliability`` on PolNeAR dev checks it).
EVIDENCE_WEIGHT = {"name": 1.0, "appos": 1.0, "surname": 0.95, "pronoun": 0.9, "role": 0.85, "none": 0.8}


def resolve_speaker(
    source_tok: Any,
    source: tuple[int, int],
    cue_lemma: str,
    ctx: SpeakerContext,
    content: Sequence[tuple[int, int]] = (),
) -> tuple[str | None, str]:
    """:func:`_resolve_speaker`, and the quote's content remembered (:attr:`SpeakerContext.contents`)."""
    who, how = _resolve_speaker(source_tok, source, cue_lemma, ctx, content)
    ctx.contents.append((tuple(content), who))
    return who, how


DATELINE_MARKS = frozenset({",", "(", "—", "–", "-", "--"})


def _resolve_speaker(
    source_tok: Any,
    source: tuple[int, int],
    cue_lemma: str,
    ctx: SpeakerContext,
    content: Sequence[tuple[int, int]] = (),
) -> tuple[str | None, str]:
    """Entity id of a quote's source and the evidence for it, only when that evidence is strong:
    the source's head names the entity ("name": its mention; "surname"), an apposition names it
    ("appos"), or a he/she ("pronoun") or "the ROLE" ("role") link the stage is confident in
    (:func:`pronoun_antecedent`), or "the group" that an earlier source "the group" stood for.
    ``content``: the quote's content, remembered for later quotes.  Otherwise ``(None, "none")``: the source span still shows what
    the text says ("a spokesperson", "officials")."""
    if ctx.inside_quote(source_tok.idx):
        return None, "none"
    low = source_tok.lower_
    if low in SUBJECT_PRONOUNS:
        if _coordinated(source_tok):
            return None, "none"  # "he and his wife Kali explained": two speakers
        # "X recalled that he said ...": the report sits inside another one, whose speaker may be
        # the one the pronoun means; only a person known to be of that gender will do.
        embedded = source_tok.head.dep_ == "ccomp"
        ent = pronoun_antecedent(source_tok.idx, SUBJECT_PRONOUNS[low], ctx, known_gender_only=embedded)
        if ent is not None and _named_in(ent, content, ctx):
            ent = None  # “I cannot believe Martha would ...,” she said: she is not Martha
        if ent is None:
            ctx.unresolved.append((source_tok.idx, SUBJECT_PRONOUNS[low]))
            return None, "none"
        ctx.resolved.append(Mention(source_tok.idx, source_tok.idx + len(source_tok), ent))
        # the text called this person "she" (or "he"): a later "he" ("she") is someone else
        ctx.genders.setdefault(ent.id, SUBJECT_PRONOUNS[low])
        return ent.id, "pronoun"
    if (
        low in ("who", "which")
        and source_tok.dep_ in ("nsubj", "nsubjpass")
        and source_tok.head.dep_ == "relcl"
    ):
        # "Maria Lopez, who said ...": the name the relative clause hangs on
        return _relative_antecedent(source_tok, cue_lemma, ctx)
    if low in PRONOUNS:
        return None, "none"
    doc = source_tok.doc
    dateline = (  # "WASHINGTON (AP) —"; not a transcript's "SCHIFF: ..." or "JANE DOE: ...",
        cue_lemma != ":"  # nor "NATO said ..." opening a paragraph
        and source_tok.is_upper
        and len(source_tok) > 1
        and source_tok.idx == ctx.paragraph_start(source_tok.idx)
        and source_tok.i + 1 < len(doc)
        and doc[source_tok.i + 1].text in DATELINE_MARKS
    )
    ent, how = (None, "none") if dateline else _named(source_tok, cue_lemma, ctx)
    if ent is None and source_tok.pos_ in ("NOUN", "PROPN"):
        # only an apposition inside the source span: "DB: Randy Credico, because of his work, ...
        # found himself under attack" (a transcript label, and the parser's apposition is the content)
        for app in (c for c in source_tok.children if c.dep_ == "appos" and source[0] <= c.idx < source[1]):
            ent, how = _named(app, cue_lemma, ctx)
            if ent is not None and ent.type not in PERSON_TYPES and source_tok.lemma_.lower() in PERSON_HEADS:
                # "his attorney – former Justice Dept. official": a person, not the Dept.
                ent, how = None, "none"
                continue
            if ent is not None and _coordinated(app, ent):
                return None, "none"  # "Fox News host Tucker Carlson and Colonel Macgregor warned"
            if ent is not None:
                how = "appos"
                break
    elif ent is not None and ent.type not in PERSON_TYPES and source_tok.pos_ == "PROPN":
        # "Senior World Health Organization (WHO) official Peter Salama said": the parser made the
        # organisation the head and the person its apposition; the person speaks
        for app in (c for c in source_tok.children if c.dep_ == "appos" and c.i > source_tok.i):
            person, _ = _named(app, cue_lemma, ctx)
            if person is not None and person.type in PERSON_TYPES and app.ent_type_ == "PERSON":
                ent, how = person, "appos"
                break
    if ent is None and source_tok.lemma_.lower() in PERSON_HEADS:
        # "a woman named Karen Doe", "a man by the name of John Roe": the name the noun is given
        given = _given_name(source_tok)
        if given is not None:
            person, _ = _named(given, cue_lemma, ctx)
            if person is not None and person.type in PERSON_TYPES:
                ent, how = person, "appos"
    if ent is None and source_tok.lemma_.lower() in DOCUMENT_NOUNS:
        # "a report from Kotak Institutional Equities", "The Verge's Stadia review": its author
        ent, how = _document_author(source_tok, cue_lemma, ctx), "appos"
    if ent is None and _is_definite_role(source_tok) and source_tok.tag_ not in ("NNS", "NNPS"):
        # "the researchers believe": many people, not the one researcher named before
        ent, how = _role_antecedent(source_tok, ctx), "role"
        if ent is not None:  # "the analyst" stood for this person: a later he/she may too
            ctx.resolved.append(Mention(source_tok.idx, source_tok.idx + len(source_tok), ent))
    # "the groups", "the companies": several organisations, none of them alone
    plural = source_tok.tag_ in ("NNS", "NNPS")
    noun = source_tok.lemma_.lower() if _is_description(source_tok) and not plural else None
    if ent is None and noun:
        ent = _described_before(source_tok, ctx)
        if ent is not None:
            ctx.described.append((source_tok.idx, noun, ent))
            return ent.id, "role"
    elif ent is not None and noun and how in ("name", "appos"):
        ctx.described.append((source_tok.idx, noun, ent))
    if ent is None and _is_definite(source_tok) and source_tok.lemma_.lower() in ORG_NOUNS and not plural:
        ent, how = _org_antecedent(source_tok, ctx), "role"
    if noun:
        ctx.reported.extend((s, e, noun, ent.id if ent else None) for s, e in content)
    if ent is not None and _coordinated(source_tok, ent):
        return None, "none"  # "Ford and Fry replied": two speakers, neither one alone
    return (ent.id, how) if ent else (None, "none")


def _given_name(noun: Any) -> Any | None:
    """The proper noun that "named X", "called X" or "by the name of X" gives ``noun``."""
    for c in noun.children:
        if c.dep_ == "acl" and c.lower_ in ("named", "called") and c.i == noun.i + 1:
            # only the name: "one lawmaker called Trump “the orange prince”" is the lawmaker's act
            kids = list(c.children)
            if len(kids) == 1 and kids[0].dep_ in ("oprd", "dobj", "attr") and kids[0].pos_ == "PROPN":
                return kids[0]
        if c.dep_ == "prep" and c.lower_ == "by":
            for name in (g for g in c.children if g.dep_ == "pobj" and g.lower_ == "name"):
                for of in (g for g in name.children if g.dep_ == "prep" and g.lower_ == "of"):
                    names = [g for g in of.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                    if names:
                        return names[0]
    return None


# Verbs whose negation moves into what is reported: "I don't think it will pass" says that it
# will not pass.
NEG_RAISING = frozenset({"think", "believe", "expect", "suppose", "feel", "imagine", "anticipate", "want"})


# Modal auxiliaries of possibility or obligation: "Ms. X may believe ...", "Democrats may have
# called ...", "someone could argue ...": a guess about what someone says or thinks.
HEDGE_MODALS = frozenset({"may", "might", "could", "should", "must", "can"})
# Words that quantify a group: "several Muslims explained" is not what Muslims say.
QUANTIFIERS = frozenset({"several", "some", "many", "few", "most", "other", "certain", "various", "numerous"})


def unsaid_report(cue: Any, source_tok: Any, inside_quote: Callable[[int], bool]) -> bool:
    """The cue does not report what its subject said: a guess or an obligation with a modal ("X
    may believe", "Y could claim", "would have told"), a question put about it with the
    auxiliary before the subject ("Does X believe that ...?"), a request ("and X please
    explain"), or a quotation the subject only relays ("Dixon quoted from the voicemail", "he
    quoted one analyst": the words are someone else's; not the passive "was quoted as saying").
    PolNeAR still counts these as attributions, so the quote stays, without a speaker."""
    if cue.text == ":" or inside_quote(cue.idx):
        return False
    if cue.lemma_.lower() == "quote" and any(c.dep_ == "nsubj" for c in cue.children):
        return True
    auxes = [c for c in cue.children if c.dep_ in ("aux", "auxpass") and c.i < cue.i]
    words = {a.lower_ for a in auxes}
    if words & HEDGE_MODALS or ({"would", "'d"} & words and "have" in words):
        return True
    if any(c.lower_ == "please" and c.i < cue.i for c in cue.children):
        return True
    if _hypothetical(cue):
        return True
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and any(a.lower_ in ("do", "does", "did") and a.i < subj.i for a in auxes):
        sent = cue.sent
        return sent.text.rstrip().rstrip("”\"'").endswith("?")
    return False


def _hypothetical(cue: Any) -> bool:
    """The report is only imagined: an infinitive with its subject in "for" ("the perfect time for
    Trump to call for ..."), or a clause of likeness ("it sounds like he is saying", "as though
    someone had told me")."""
    clause = cue
    for _ in range(4):
        if clause.dep_ != "conj" or clause.head.i == clause.i:
            break
        clause = clause.head
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    if "for" in marks and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return True
    return clause.dep_ == "advcl" and ("like" in marks or ("as" in marks and ({"if", "though"} & set(marks))))


def misparsed_source(source_tok: Any) -> bool:
    """The parser hung a finite verb on the source's head as a modifier ("Trump continued pounding
    Sessions in other tweets, saying ...": "Sessions" the subject, "continued" an adjective): the
    source is a clause, and its head no safe speaker."""
    return source_tok.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ in ("amod", "compound") and c.tag_ in ("VBD", "VBZ", "VBP") for c in source_tok.children
    )


def quantified(source_tok: Any) -> bool:
    """The source is part of a group ("several Muslims", "some Republicans", "two senators"): no
    one entity of that group speaks (not "a 2018 survey by ...": a plural head only)."""
    return source_tok.tag_ in ("NNS", "NNPS") and any(
        c.i < source_tok.i
        and (
            (c.dep_ in ("det", "amod") and c.lower_ in QUANTIFIERS)
            or (c.dep_ == "nummod" and c.pos_ == "NUM")
        )
        for c in source_tok.children
    )


def negated_report(cue: Any, inside_quote: Callable[[int], bool]) -> bool:
    """A negated report ("did not respond to questions", "has never denied having ...", "would
    not say whether ...", "At no time does X say ..."): PolNeAR counts it as an attribution, but
    its source did not say the content, so the content is no statement of theirs to list under
    their name.  Not "not only said ... but", nor a verb of belief, whose negation belongs to
    the content ("I don't think it will pass"), nor a "not" inside quotation marks ("“It's hard
    not to,” Suter acknowledged").  An act joined by "or" to a negated one is negated too ("did
    not thank X or praise Y"); one joined by "and" is not ("did not wait and said ...")."""
    if cue.lemma_.lower() in NEG_RAISING or cue.text == ":":
        return False
    doc = cue.doc
    if cue.dep_ == "conj" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in cue.children):
        # "did not thank Trump or praise his policies": the negation covers both acts ("... or
        # track them and has maintained that ...", a verb with its own auxiliary, is not covered)
        cc = [t for t in doc[cue.head.i + 1 : cue.i] if t.dep_ == "cc"]
        if cc and cc[-1].lower_ in ("or", "nor"):
            return negated_report(cue.head, inside_quote)
    for c in cue.children:
        if (
            c.dep_ == "neg"
            and c.i < cue.i <= c.i + 3
            and not inside_quote(c.idx)
            and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "only")
        ):
            return True
    # "At no time does X say": a negated adverbial opens the clause
    return any(
        c.dep_ == "prep"
        and c.i < cue.i
        and not inside_quote(c.idx)
        and any(
            g.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in g.children)
            for g in c.children
        )
        for c in cue.children
    )


# Documents whose author a possessive or "from"/"by" names ("a report from Kotak", "The Verge's
# review"); not "in" ("a paper published in the journal Nature": the journal is no author).
DOCUMENT_NOUNS = frozenset(
    {"report", "review", "study", "analysis", "statement", "article", "survey", "note", "letter", "memo"}
)


def _document_author(tok: Any, cue_lemma: str, ctx: SpeakerContext) -> Entity | None:
    """The named author of the document ``tok``: its possessive, or the object of its own "from"
    or "by"."""
    for c in tok.children:
        cand = None
        if c.dep_ == "poss" or (c.dep_ == "nmod" and any(g.dep_ == "case" for g in c.children)):
            cand = c  # "The Verge’s review": a curly apostrophe makes the possessive an nmod
        elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
            cand = next((g for g in c.children if g.dep_ == "pobj"), None)
        if cand is not None and cand.pos_ == "PROPN":
            ent, how = _named(cand, cue_lemma, ctx)
            if how == "surname" and ent is not None and ent.type not in PERSON_TYPES:
                continue  # "a report by E! News" is no report by Fox News
            if ent is not None and ent.type in SPEAKING_TYPES:
                return ent
    return None


# What a speaker leads, so that "X and his team said" stays X's words.
OWN_PEOPLE = frozenset({"team", "staff", "colleague", "lab", "group", "campaign", "office", "aide"})


def _coordinated(tok: Any, ent: Entity | None = None) -> bool:
    """The source joins ``ent`` with another speaker ("Dale and Martha", "The United Nations and
    European Union", "Holcomb and GOP legislative leaders", "he and his wife"); not a coordination
    inside the name ("Customs and Border Protection") nor the entity's own people ("Paganini and
    his team")."""
    ccs = [c.i for c in tok.children if c.dep_ == "cc" and c.lower_ in ("and", "&", "or")]
    for c in tok.children:
        if c.dep_ != "conj" or c.pos_ not in ("NOUN", "PROPN") or not any(tok.i < k < c.i for k in ccs):
            continue  # not "Mayer, Disney's chairman" parsed as a conjunct
        if ent is not None and any(m.start <= c.idx < m.end for m in ent.mentions):
            continue
        if c.lemma_.lower() in OWN_PEOPLE and any(g.dep_ == "poss" and g.pos_ == "PRON" for g in c.children):
            continue
        return True
    return False


def _named(tok: Any, cue_lemma: str, ctx: SpeakerContext) -> tuple[Entity | None, str]:
    """The entity whose mention holds token ``tok``, else (a proper noun) a surname match."""
    over = ctx.mentions
    if isinstance(over, Mentions):
        over = [over[i] for i in over.index.overlapping(tok.idx, tok.idx + 1)]
    hit = [m for m in over if m.start <= tok.idx < m.end and _names(m, tok.doc)]
    if hit:
        ent = hit[0].ent
        return (ent, "name") if may_speak(ent, tok, cue_lemma) else (None, "none")
    if tok.pos_ == "PROPN" or (tok.is_upper and len(tok) > 1):  # "DOUZIECH:" is tagged a noun
        ent = by_name([e for e in ctx.entities if e.type in SPEAKING_TYPES], tok.text)
        if ent is not None and ent.type not in PERSON_TYPES and not _name_words_agree(tok, ent, ctx):
            return None, "none"  # "Reuters News Agency" is not the "Drug Enforcement Agency"
        if ent is None and cue_lemma == ":":
            ent = _by_initials(tok.text, ctx.entities)
        return ent, "surname"
    return None, "none"


def _relative_antecedent(tok: Any, cue_lemma: str, ctx: SpeakerContext) -> tuple[str | None, str]:
    """ "Maria Lopez, who said ...", "CRIF, which said ...", "a tweet from Rikkie Wells who
    tweeted, “...”": the relative pronoun speaks for the name its clause hangs on (a person for
    "who", an organisation for "which"), as surely as an apposition.  Not when the parser may have
    hung the clause on the wrong name: one of two ("parallels between Ford and Anita Hill, who
    accused ..."), the object of a person's preposition ("a spokesman for Sen. Smith, who said"),
    a name with a clause between it and the pronoun (a headline's "... Repudiate General Who
    Called ..."), or a clause about several ("candidates - like Trump - who say")."""
    noun = tok.head.head
    if noun.i > tok.i or any(c.dep_ == "conj" for c in noun.children) or noun.dep_ == "conj":
        return None, "none"
    if any(t.pos_ in ("VERB", "AUX") for t in tok.doc[noun.i + 1 : tok.i]):
        return None, "none"
    owner = noun.head.head
    if noun.dep_ in ("pobj", "appos") and owner.tag_ == "NN" and owner.lemma_.lower() in PERSON_HEADS:
        return None, "none"  # "a spokesman for Sen. Smith, who" (not "candidates such as Rubio, who")
    if tok.head.tag_ == "VBP" or any(c.dep_ == "aux" and c.tag_ == "VBP" for c in tok.head.children):
        return None, "none"
    ent, _ = _named(noun, cue_lemma, ctx)
    if ent is None or (ent.type in PERSON_TYPES) != (tok.lower_ == "who"):
        return None, "none"
    suffix = [t.lower_.rstrip(".") for t in tok.doc[noun.i : tok.i] if t.lower_.rstrip(".") in ("jr", "sr")]
    if suffix and suffix[0] not in ent.name.lower():
        return None, "none"  # "Donald Trump Jr., who": the son, whom the entity stage may have merged
    return ent.id, "appos"


def _by_initials(label: str, entities: Sequence[Entity]) -> Entity | None:
    """A transcript's speaker label made of initials ("DB:" after "Dennis Bernstein: ..."): the one
    person whose name's words start with those letters."""
    if not (label.isupper() and label.isalpha() and 2 <= len(label) <= 3):
        return None
    hits = [
        e
        for e in entities
        if e.type in PERSON_TYPES
        and any("".join(w[0] for w in n.split()) == label for n in (e.name, *e.aliases) if n.strip())
    ]
    return hits[0] if len({e.id for e in hits}) == 1 else None


def _name_words_agree(tok: Any, ent: Entity, ctx: SpeakerContext) -> bool:
    """No proper-noun word before the head ``tok`` of the source's name belongs to another speaking
    entity and is missing from ``ent``'s name and aliases: an organisation is not known by its last
    word alone ("Reuters News Agency" is no "Drug Enforcement Agency"; "the Afghan Taliban" is the
    Taliban)."""
    words = {w for n in (ent.name, *ent.aliases) for w in re.split(r"[\s\-.]+", n.lower()) if w}
    for c in tok.children:
        if c.dep_ != "compound" or c.pos_ != "PROPN" or c.lower_.strip(".") in words:
            continue
        other = entity_at(ctx.mentions, c.idx, c.idx + len(c), types=SPEAKING_TYPES)
        if other is not None and other.id != ent.id:
            return False
    return True


def _named_in(ent: Entity, spans: Sequence[tuple[int, int]], ctx: SpeakerContext) -> bool:
    """``ent`` is named (in the third person) inside quotation marks in one of ``spans``, a
    quote's content (not in words around them that the content may have taken in: "While the
    campaign did not appeal to Julie Graham, ..., she said ...")."""
    return any(
        s <= m.start < e and ctx.inside_quote(m.start) and _names(Mention(m.start, m.end, ent), ctx.doc)
        for m in ent.mentions
        for s, e in spans
    )


def _names(m: Mention, doc: Any) -> bool:
    """A mention that names its entity (a proper noun in it), not a description ("the expert") or
    a pronoun that another stage linked: this stage checks those links itself."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.pos_ == "PROPN" for t in span) or all(
        t.is_title and t.pos_ not in ("DET", "PRON") for t in span
    )


def pronoun_antecedent(
    pos: int, gender: str, ctx: SpeakerContext, known_gender_only: bool = False
) -> Entity | None:
    """The person a he/she at ``pos`` refers to, when the link is safe: the most recent named (or
    already resolved) person of a compatible gender in this paragraph or the previous one (not
    named inside quotation marks, where a speaker talks about others, nor in a salutation); its
    gender must be known and agree, or it must be the only compatible person there or named as a
    subject after every other one; and no other proper-noun subject that could be a he/she of
    that gender stands between it and the pronoun."""
    lo = ctx.paragraph_start(pos, back=1)
    named = [
        m
        for m in starting_in(ctx.mentions, lo, pos)
        if m.ent.type in PERSON_TYPES
        and not _is_pronoun(m, ctx.text)
        and not ctx.inside_quote(m.start)
        and not _salutation(m, ctx.text)
        and not _acronym(m.ent)
    ]
    window = [*named, *(m for m in ctx.resolved if lo <= m.start < pos)]
    compatible = [m for m in window if ctx.genders.get(m.ent.id) in (gender, None)]
    if not compatible:
        return None
    nearest = max(compatible, key=lambda m: m.start)
    last = nearest.ent
    if _other_subject_between(ctx, nearest, pos, gender) or _outranked(nearest, gender, ctx):
        return None
    if _in_fronted_adjunct(nearest, pos, ctx):
        return None
    if any(nearest.start < p < pos and g == gender for p, g in ctx.unresolved):
        return None  # "..., he said [unknown]. Then he says ...": the same unknown he
    if not _is_pronoun(nearest, ctx.text) and (
        _in_others_report(nearest, pos, ctx) or _in_others_content(nearest, gender, ctx)
    ):
        return None
    if ctx.genders.get(last.id) == gender:
        return last
    if known_gender_only:
        return None
    # gender unknown: when this is the one person there, or when it is named as a subject after
    # every other person there ("..., said Zippy Duvall, president of the federation. He urged"),
    # and after every subject of the other gender ("..., said Beth Meacham. ... Jo Walton
    # explained ... she said. ... he'd respond": he is neither); a person of the other gender
    # counts only as the subject of a main clause, where the topic may have moved on, not of a
    # clause inside another ("Trump has blasted the media for allowing Clinton to go ... . ...,
    # he said": still Trump)
    resolved = {(m.start, m.ent.id) for m in ctx.resolved}
    others = [
        m.start
        for m in window
        if m.ent.id != last.id
        and (
            m in compatible
            or (m.start, m.ent.id) in resolved
            or (_is_main_subject(m, pos, ctx) if m.ent.id in ctx.genders else _is_subject(m, ctx))
        )
    ]
    if not others or any(
        m.ent.id == last.id and m.start > max(others) and _is_main_subject(m, pos, ctx) for m in compatible
    ):
        return last
    return None


def _in_fronted_adjunct(m: Mention, pos: int, ctx: SpeakerContext) -> bool:
    """Mention ``m`` lies in a subjectless non-finite clause fronted in the pronoun's own clause
    ("After responding to a question about Vigano's accusations, he said", "Having met Smith, she
    told ..."): the clause's understood subject is the he/she itself, so a person named inside it
    is someone else.  Not a finite clause with its own subject ("When Smith arrived, he said")."""
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    pron = ctx.doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or pron is None:
        return False
    verb = pron[0].head
    tok, highest = span.root, None
    for _ in range(12):
        if tok.head.i == tok.i:
            return False
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            highest = tok
        if tok.head.i == verb.i:
            break
        tok = tok.head
    else:
        return False
    if tok.i >= pron[0].i or tok.dep_ not in ("prep", "advcl", "npadvmod") or highest is None:
        return False
    return highest.tag_ in ("VBG", "VBN", "VB") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in highest.children
    )


def _in_others_report(m: Mention, pos: int, ctx: SpeakerContext) -> bool:
    """Mention ``m`` lies in the clause that someone else reports ("Leeann Tweeden says Franken
    groped ... She says ...", "an aide told Politico that the senator tried ... She says ..."):
    the one who reports it is as likely an antecedent of a later he/she, so the link is unsafe.
    Not the pronoun's own report ("Grassley's staff “contacted ...,” he said"); only a report
    whose verb comes first (a verb after the mention is too often a misparse)."""
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(8):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ == "ccomp" and tok.head.i < span.root.i and lemma_of(tok.head) in REPORTING_LEMMAS:
            subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj or subj[0].idx == pos:
                return False
            # the same person reports it only when named so (another stage's he/she links are unchecked)
            return not any(
                x.start <= subj[0].idx < x.end and not _is_pronoun(x, ctx.text) for x in m.ent.mentions
            )
        tok = tok.head
    return False


def _in_others_content(m: Mention, gender: str, ctx: SpeakerContext) -> bool:
    """Mention ``m`` lies in the content of the quote just before, whose speaker is another person
    who could be a he/she of ``gender`` too ("Habib-Powell had assured the locals of how Bush ...
    “visited a mosque.” “I see the president ...,” she gushed": Bush is whom she spoke about): as
    with :func:`_in_others_report`, that speaker is as likely the antecedent."""
    if not ctx.contents:
        return False
    spans, who = ctx.contents[-1]
    if who is None or who == m.ent.id or not any(s <= m.start < e for s, e in spans):
        return False
    ent = next((x for x in ctx.entities if x.id == who), None)
    return ent is not None and ent.type in PERSON_TYPES and ctx.genders.get(who) in (gender, None)


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _acronym(ent: Entity) -> bool:
    """A "person" known only by an acronym ("ICE", "FBI"): most often an organisation the entity
    stage typed PERSON, no antecedent of a he/she."""
    return all(_ACRONYM.fullmatch(n.strip(".")) for n in (ent.name, *ent.aliases))


def _salutation(m: Mention, text: str) -> bool:
    """ "DEAR ABBY: ...", "Dear Mr Smith,": a letter's addressee, no one in what it tells."""
    line = text[text.rfind("\n", 0, m.start) + 1 : m.end].lower()
    return line.startswith("dear ") and len(line) <= 40


def _is_main_subject(m: Mention, pos: int, ctx: SpeakerContext) -> bool:
    """A mention outside quotation marks that is the subject of its sentence's main clause, of a
    reporting verb (", Homan asserted, “...”"), or of a clause fronted in the sentence of the
    he/she at ``pos`` ("While Francis later apologized, he persisted"); not of another clause the
    parser hung on the main verb ("Oliveira said that police seized rifles Barbieri had sent")."""
    if not _is_subject(m, ctx):
        return False
    head = ctx.doc.char_span(m.start, m.end, alignment_mode="expand").root.head
    if head.dep_ == "ROOT" or lemma_of(head) in REPORTING_LEMMAS:
        return True
    pron = ctx.doc.char_span(pos, pos + 1, alignment_mode="expand")
    return pron is not None and head.dep_ == "advcl" and head.head.i == pron[0].head.i and head.i < pron[0].i


def _is_subject(m: Mention, ctx: SpeakerContext) -> bool:
    """A mention that is a clause's subject outside quotation marks."""
    if ctx.doc is None or ctx.inside_quote(m.start):
        return False
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _other_subject_between(ctx: SpeakerContext, nearest: Mention, end: int, gender: str) -> bool:
    """A proper-noun subject between antecedent and pronoun that is not the antecedent (a name the
    entity stage missed or typed otherwise) could be the antecedent too."""
    span = ctx.doc.char_span(nearest.end, end, alignment_mode="contract") if ctx.doc is not None else None
    if span is None:
        return False
    own = [(m.start, m.end) for m in nearest.ent.mentions]
    own += [(m.start, m.end) for m in ctx.resolved if m.ent.id == nearest.ent.id]
    return any(
        t.dep_ in ("nsubj", "nsubjpass")
        and not any(s <= t.idx < e for s, e in own)
        and (
            (t.pos_ == "PROPN" and not _other_gender_or_type(t.idx, gender, ctx))
            or _unnamed_person(t, gender, ctx)
        )
        for t in span
    )


def _outranked(nearest: Mention, gender: str, ctx: SpeakerContext) -> bool:
    """The nearest person is no subject (an object, a possessive, a comparison), and an earlier
    subject of its sentence could be the he/she too: the same pronoun ("she was more nervous than
    Rose-Lynn has ever been. ... she said") or another person of a compatible gender ("Steenburgen
    called Buckley's performance stunning ... she said").  The sentence's topic may carry on past
    the nearer name."""
    span = (
        ctx.doc.char_span(nearest.start, nearest.end, alignment_mode="expand")
        if ctx.doc is not None
        else None
    )
    if span is None:
        return False
    head = span.root.head
    if span.root.dep_ == "poss" and _person_noun(head, gender):
        return True  # "spoke with Jean's mother ... she said": the mother, not Jean
    compared = any(c.dep_ == "mark" and c.lower_ in ("than", "as") for c in head.children)
    # the subject of a subordinate clause ("The boy's mother reported him missing after Wahhaj
    # took him. She added ...") is no more the topic than an object is
    subordinate = head.dep_ == "advcl" and any(c.dep_ == "mark" for c in head.children)
    if span.root.dep_ in ("nsubj", "nsubjpass") and not compared and not subordinate:
        return False
    for t in span.sent:
        if t.i >= span.start:
            break
        if t.dep_ not in ("nsubj", "nsubjpass") or ctx.inside_quote(t.idx):
            continue
        if any(m.start == t.idx and m.ent.id == nearest.ent.id for m in ctx.resolved):
            continue
        if SUBJECT_PRONOUNS.get(t.lower_) == gender or _gendered_person_noun(t, gender):
            return True
        person = entity_at(ctx.mentions, t.idx, t.idx + 1, types=PERSON_TYPES)
        if (
            person is not None
            and person.id != nearest.ent.id
            and not _other_gender_or_type(t.idx, gender, ctx)
        ):
            return True
    return False


def _person_noun(tok: Any, gender: str) -> bool:
    """A singular noun that names one person who could be a he/she of ``gender``: a gendered noun
    of that gender ("mother") or a role noun that is not of the other gender ("lawyer")."""
    if tok.tag_ != "NN":
        return False
    other = FEMALE_WORDS if gender == "m" else MALE_WORDS
    return _gendered_person_noun(tok, gender) or (
        tok.lemma_.lower() in ROLE_NOUNS and tok.lower_ not in other
    )


def _gendered_person_noun(tok: Any, gender: str) -> bool:
    """A singular noun that names one person of ``gender`` ("mother", "spokesman", "woman")."""
    return tok.tag_ == "NN" and tok.lower_ in (MALE_WORDS if gender == "m" else FEMALE_WORDS)


def _unnamed_person(tok: Any, gender: str, ctx: SpeakerContext) -> bool:
    """One person the text does not name, as a subject outside quotations ("A spokesperson for
    the university urged ... He added"), of a compatible gender: the he/she may mean that person
    (not "officials", who are no he/she)."""
    low = tok.lower_
    if tok.tag_ != "NN" or tok.lemma_.lower() not in ROLE_NOUNS or ctx.inside_quote(tok.idx):
        return False
    return low not in (FEMALE_WORDS if gender == "m" else MALE_WORDS)


def _other_gender_or_type(pos: int, gender: str, ctx: SpeakerContext) -> bool:
    """Position ``pos`` lies in a mention that cannot be a he/she of ``gender``: a person of the
    other gender, or an entity that is no person."""
    over = ctx.mentions
    if isinstance(over, Mentions):
        over = [over[i] for i in over.index.overlapping(pos, pos + 1)]
    return any(
        m.start <= pos < m.end
        and (m.ent.type not in PERSON_TYPES or ctx.genders.get(m.ent.id) not in (gender, None))
        for m in over
    )


def _opens_with_the(tok: Any) -> bool:
    """The noun's first determiner is "the" ("the analyst", "the group")."""
    dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
    return dets[:1] == ["the"]


def _is_definite_role(tok: Any) -> bool:
    return (
        tok.lemma_.lower() in ROLE_NOUNS
        and _opens_with_the(tok)
        and not any(c.pos_ == "PROPN" for c in tok.children)
    )


# Organisation nouns that call a business by what it is ("the company", "the automaker"); the
# other nouns of :data:`ORG_NOUNS` ("the group", "the union", "the council") are no company.
COMPANY_NOUNS = frozenset(
    {
        "company",
        "firm",
        "utility",
        "automaker",
        "carmaker",
        "brokerage",
        "bank",
        "label",
        "network",
        "broadcaster",
        "newspaper",
        "publisher",
        "retailer",
        "airline",
        "manufacturer",
        "insurer",
        "lender",
        "startup",
        "giant",
    }
)
# Nouns by which news text calls an organisation it named before ("the company said").
ORG_NOUNS = COMPANY_NOUNS | frozenset(
    {
        "agency",
        "group",
        "organization",
        "organisation",
        "ministry",
        "department",
        "office",
        "commission",
        "union",
        "regulator",
        "authority",
        "council",
        "committee",
        "charity",
        "foundation",
        "institute",
        "university",
        "club",
        "team",
    }
)
ORG_TYPES = frozenset({"ORG", "ORGANIZATION", "MEDIA", "NEWS", "OUTLET"})
# Nouns that a public body carries in its name ("the Justice Department", "the Health Ministry"):
# "the department said" means an organisation so named, not any one named nearby.
BODY_NOUNS = frozenset(
    {"ministry", "department", "commission", "council", "committee", "institute", "university", "foundation"}
)


def _is_definite(tok: Any) -> bool:
    return _opens_with_the(tok) and not any(c.pos_ == "PROPN" or c.dep_ == "poss" for c in tok.children)


def _is_description(tok: Any) -> bool:
    """ "The group" (or "The group, WeWorkers Coalition"): an organisation noun with "the" and
    no modifier that names another one."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in ORG_NOUNS
        and _opens_with_the(tok)
        and not any(c.dep_ in ("poss", "compound", "amod") for c in tok.children)
    )


def _described_before(tok: Any, ctx: SpeakerContext) -> Entity | None:
    """ "The group said": the organisation that the nearest earlier source with the same noun, in
    this paragraph or the previous one, stood for ("The group, WeWorkers Coalition, ... stating";
    "The group announced ...")."""
    lo = ctx.paragraph_start(tok.idx, back=1)
    lemma = tok.lemma_.lower()
    same = [ent for pos, noun, ent in ctx.described if noun == lemma and lo <= pos < tok.idx]
    return same[-1] if same else None


def _org_antecedent(tok: Any, ctx: SpeakerContext) -> Entity | None:
    """ "The company said": the one organisation named (outside quotations) in this paragraph or
    the previous one, and not only in what an earlier source with the same noun reported; a noun
    modifying the description must be in its name ("the utilities commission": not the Office of
    Emergency Services); a description that is no company ("the union") names no business."""
    lo = ctx.paragraph_start(tok.idx, back=1)
    words = [c.lower_ for c in tok.children if c.dep_ == "compound"]
    named = [
        m
        for m in starting_in(ctx.mentions, lo, tok.idx)
        if m.ent.type in ORG_TYPES
        and not ctx.inside_quote(m.start)
        and _names(m, tok.doc)
        and not _addressed(m, tok.doc)
    ]
    orgs = {m.ent.id: m.ent for m in named if all(w in m.ent.name.lower() for w in words)}
    noun = tok.lemma_.lower()
    if noun in BODY_NOUNS:  # "the department said": the Justice Department, not Islamic State
        orgs = {k: e for k, e in orgs.items() if any(noun in n.lower() for n in (e.name, *e.aliases))}
    elif noun not in COMPANY_NOUNS:  # "the union said": not Acme Corp.
        orgs = {k: e for k, e in orgs.items() if noun in e.name.lower() or not _is_company(e, ctx)}
    if len(orgs) != 1:
        return None
    ent = next(iter(orgs.values()))
    # named only in what "the group" reported before ("The group announced that WeWork had ..."):
    # what the group spoke about, not the group; it still makes another organisation ambiguous
    return (
        ent if any(m.ent.id == ent.id and not ctx.reported_by(m.start, noun, ent.id) for m in named) else None
    )


def _addressed(m: Mention, doc: Any) -> bool:
    """Mention ``m`` is whom someone spoke to ("Whataburger told Fox News that ...", "said to
    Reuters"): the one who listened, not an organisation that "the company said" can mean."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("dobj", "dative", "iobj"):
        return root.head.lemma_.lower() in ("tell", "inform", "brief")
    return root.dep_ == "pobj" and root.head.lower_ == "to" and lemma_of(root.head.head) in REPORTING_LEMMAS


CORPORATE_SUFFIXES = frozenset(
    {"inc", "corp", "co", "llc", "ltd", "plc", "ag", "sa", "gmbh", "nv", "corporation", "company", "holdings"}
)
_CALLED_COMPANY = re.compile(
    r",\s+(?:a|an|the)\s+[^,.;:]{0,60}?\b(?:" + "|".join(sorted(COMPANY_NOUNS)) + r")\b"
)


def _is_company(ent: Entity, ctx: SpeakerContext) -> bool:
    """The text shows ``ent`` is a business: a corporate suffix in its name ("Acme Corp."), an
    apposition that calls it one ("WeWork, the office-space company"), or a source "the company"
    that an earlier quote linked to it."""
    for name in (ent.name, *ent.aliases):
        words = re.findall(r"[a-z]+", name.lower())
        if words and words[-1] in CORPORATE_SUFFIXES:
            return True
    if any(e.id == ent.id and noun in COMPANY_NOUNS for _, noun, e in ctx.described):
        return True
    return any(_CALLED_COMPANY.match(ctx.text, m.end, m.end + 80) for m in ent.mentions)


def _role_antecedent(tok: Any, ctx: SpeakerContext) -> Entity | None:
    """ "The analyst said": the one person of this paragraph or the previous one whom the text
    calls by this role somewhere ("analyst Maria Lopez", "Lopez, an analyst", "Gov.
    Eric Holcomb" for "the governor")."""
    lo = ctx.paragraph_start(tok.idx, back=1)
    # not a person named inside quotation marks (whom a speaker talks about), but one a he/she
    # there was linked to ("He said: “... Premier Fahie was detained ...” ... the governor added")
    named = [
        m
        for m in starting_in(ctx.mentions, lo, tok.idx)
        if m.ent.type in PERSON_TYPES and not ctx.inside_quote(m.start)
    ]
    persons = {m.ent.id: m.ent for m in (*named, *(m for m in ctx.resolved if lo <= m.start < tok.idx))}
    words = [re.escape(tok.lower_)]
    if tok.lower_ in ROLE_ABBREVIATIONS:
        words.append(re.escape(ROLE_ABBREVIATIONS[tok.lower_]) + r"\.")
    pattern = re.compile(rf"\b(?:{'|'.join(words)})(?!\w)")
    # the one person there whom the text calls by this role ("John Smith met Mayor Maria Lopez
    # ... The mayor said"); none when two are ("Senator Lopez and Senator Smith")
    called = [ent for ent in persons.values() if _called_by_role(ent, pattern, tok, ctx)]
    return called[0] if len(called) == 1 else None


def _called_by_role(ent: Entity, pattern: re.Pattern[str], tok: Any, ctx: SpeakerContext) -> bool:
    """The text calls ``ent`` by the role word ``pattern`` next to one of its names (not the role
    noun ``tok`` itself)."""
    for m in ent.mentions:
        lo, hi = max(0, m.start - 40), m.end + 40
        if any(
            lo + r.start() != tok.idx
            and _calls(ctx.text, lo + r.start(), lo + r.end(), m)
            and not _possessed_by(lo + r.start(), m, tok.doc)
            for r in pattern.finditer(ctx.text[lo:hi].lower())
        ):
            return True
    return False


# Between a role word and the name it titles: only capitalised words ("Police Chief Joe
# Morbitzer", "officer Amber Guyger"); between a name and its apposition: a comma and at most three
# words ("Lopez, an analyst", "Lopez, the city's police chief").
_TITLE_GAP = re.compile(r"(?:\s+[A-Z][\w.'’-]*)*\s*")
_APPOSITION_GAP = re.compile(r",\s+(?:[\w.'’-]+\s+){0,3}")


def _calls(text: str, start: int, end: int, m: Mention) -> bool:
    """The role word at ``start:end`` calls the person of mention ``m`` by that role: it titles the
    name or stands in its apposition (not a word that merely stands near the name: "Mr. Acosta
    asked the President", "their officer called them after shooting Jean")."""
    if end <= m.start:
        return _TITLE_GAP.fullmatch(text, end, m.start) is not None
    return start >= m.end and _APPOSITION_GAP.fullmatch(text, m.end, start) is not None


def _possessed_by(pos: int, m: Mention, doc: Any) -> bool:
    """The role noun at ``pos`` is something mention ``m`` possesses ("Nisan Ahmado's source",
    "Smith's spokesman"): it calls another person, not the possessor, by that role."""
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None:
        return False
    role = span[0]
    return any(c.dep_ == "poss" and c.idx < m.end and m.start < c.idx + len(c) for c in role.children) or (
        role.i > 0 and doc[role.i - 1].tag_ == "POS" and m.start <= doc[role.i - 1].idx <= m.end + 1
    )


def find_via(cue_tok: Any, mentions: Sequence[Mention]) -> list[str]:
    """Entity ids of the medium or relay: "told X", "in an interview with X", "quoted by X" ...
    Not an addressee that is no medium: "told the FBI", "said to the Senate committee"."""
    out: list[str] = []
    addressees = {t.i for t in _addressees(cue_tok)}
    for tok in _medium_tokens(cue_tok):
        ent = entity_at(mentions, tok.idx, tok.idx + len(tok), MEDIA_TYPES)
        if ent is None:
            ent = entity_at(mentions, *_subtree_chars(tok), MEDIA_TYPES)
        if ent is not None and tok.i in addressees and _no_medium(tok, ent):
            continue
        if ent is not None and ent.id not in out:
            out.append(ent.id)
    return out


def _addressees(cue: Any) -> list[Any]:
    """Whom the cue speaks to: "told X", "said to X", "speaking to X"."""
    lemma = cue.lemma_.lower()
    out = [
        c
        for c in cue.children
        if lemma in ("tell", "inform", "brief") and c.dep_ in ("dobj", "dative", "iobj")
    ]
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ in ("npadvmod", "advcl"):
            out.extend(_speaking_to(c))
    return out


# Words of organisations that hear testimony or govern, teach or lobby, and relay nobody's words.
_NO_MEDIUM_WORDS = re.compile(
    r"\b(?:committee|subcommittee|senate|congress|parliament|assembly|court|police|department|"
    r"ministry|university|college|school|institution|party|association|council|commission|"
    r"bureau|federation|union|forum|board|caucus|legislature|government|administration)\b",
    re.IGNORECASE,
)


@cache
def _state_names() -> frozenset[str]:
    """Names and aliases of the bundled state bodies, parties, international bodies and armed
    groups ("FBI", "Congress", "NATO"): none of them is a news medium."""
    names = set()
    for part in ("state", "parties", "international", "armed_groups"):
        for entry in read_entries(BUNDLED_DIR / f"{part}.jsonl"):
            names.update(n.lower() for n in (entry.name, *entry.aliases))
    return frozenset(names)


def _no_medium(tok: Any, ent: Entity) -> bool:
    """The addressee ``tok`` (entity ``ent``) is known to be no news medium: a state body, party
    or the like by the gazetteer or by a word of its name ("the Senate Judiciary Committee",
    "the FBI", "Purdue University"); a medium's word or a bundled outlet's name wins ("the
    Washington Post", "Reuters")."""
    if _names_medium(tok):
        return False
    names = (ent.name, *ent.aliases)
    return any(n.lower() in _state_names() or _NO_MEDIUM_WORDS.search(n) for n in names)


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
    return toks + _quoting_medium(cue)


def _quoting_medium(cue: Any) -> list[Any]:
    """ "Y was quoted by X as saying ...", "X quoted Y as saying ...": X relays Y's words."""
    verb = quoting_verb(cue)
    if verb is None:
        return []
    by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    active = (
        [c for c in verb.children if c.dep_ == "nsubj"]
        if any(c.dep_ == "dobj" for c in verb.children)
        else []
    )
    return by + active


def _medium_prep(prep: Any, cue_lemma: str) -> list[Any]:
    out = []
    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
        if prep.lower_ == "to" and cue_lemma in ("say", "speak", "talk", "write", "explain", "confirm"):
            out.append(pobj)
        if pobj.lemma_.lower() in MEDIUM_NOUNS:
            for sub in pobj.children:
                if sub.dep_ == "prep" and sub.lower_ in ("with", "to", "on", "in", "for"):
                    objs = [g for g in sub.children if g.dep_ == "pobj"]
                    if pobj.lemma_.lower() == "letter" and sub.lower_ == "to":
                        # a letter to Congress is addressed to it, not relayed by it; a letter to
                        # a newspaper (or its editor) is published by it
                        objs = [g for g in objs if _names_medium(g)]
                    out.extend(objs)
                if sub.dep_ == "compound" or sub.dep_ == "poss":
                    out.append(sub)
                if sub.dep_ == "acl" and sub.lemma_.lower() in CARRYING:
                    # "in comments carried by the Tasnim news agency": the outlet that ran them
                    out.extend(
                        g for a in sub.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"
                    )
    return out


# Verbs of an outlet running someone's words ("comments carried by IRNA", "an interview aired by")
CARRYING = frozenset(
    {"carry", "publish", "broadcast", "air", "post", "run", "release", "quote", "report", "televise"}
)


_MEDIUM_WORDS = re.compile(
    r"\b(?:times|post|news|journal|herald|tribune|gazette|telegraph|guardian|magazine|radio|tv|"
    r"television|agency|press|daily|weekly|editors?|newspaper|network|broadcast\w*)\b",
    re.IGNORECASE,
)


def _names_medium(tok: Any) -> bool:
    """The noun phrase of ``tok`` names a news medium: a medium's word in it ("The New York
    Times", "the editor of the Herald") or a bundled outlet's one-word name ("Reuters")."""
    phrase = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    return _MEDIUM_WORDS.search(phrase.text) is not None or any(t.text in media_outlets() for t in phrase)


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
    for c in relaying_according(cue):
        out.extend(g for t in c.children for g in (t, *t.children) if g.dep_ == "pobj")
    return out


def quote_span(chars: tuple[int, int]) -> Span:
    return Span(*chars)
