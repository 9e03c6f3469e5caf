"""Relation extraction from the dependency parse with data-driven patterns.

Patterns live in ``presslens/data/relations/patterns.json`` (plus ``Settings.relation_patterns``
files of the same shape).  Three kinds:

* ``role``: a role noun links a person to an organisation: "the commander of the Quds",
  "the Hamas representative", "X, spokesman for Y", "he was the leader of Y".
* ``verb``: subject - verb - object / prepositional object: "Iran supplied rockets to Hamas".
* ``link``: a noun between two parties: "Hamas' ties with the IRGC", "Israel's strikes on Gaza".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import StageConfigError
from presslens.model import Entity, Relation, Span

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "relations" / "patterns.json"
# Per-predicate precision measured on judged real-page output; see docs/relations.md.
CONFIDENCE = BUNDLED.with_name("confidence.json")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
BACK_REFS = ("at the time", "at that time", "that year", "back then", "then")
SUBJ = ("nsubj", "nsubjpass")
WORD = re.compile(r"[\w.]+")
GROUP_NOUNS = frozenset(
    {
        "leader",
        "leaders",
        "member",
        "members",
        "fighter",
        "fighters",
        "official",
        "officials",
        "forces",
        "troops",
        "militants",
        "commander",
        "commanders",
        "head",
        "delegation",
    }
)


# Nouns that stand for the entity that modifies them, as a verb's object ("attacked the Koch
# brothers", "supporting Fiorina's candidacy", "arms Hamas fighters").
PARTY_NOUNS = GROUP_NOUNS | {
    "brothers",
    "family",
    "candidacy",
    "campaign",
    "bid",
    "government",
    "regime",
    "administration",
    "army",
    "militia",
    "fighters",
    "forces",
    "movement",
    "party",
    "wing",
}
# Group nouns that name one person in the singular: "an RNC member" is not the RNC.
SINGLE_PERSON = frozenset({"leader", "member", "fighter", "official", "commander", "head"})
# A relation the text denies or only supposes is no relation: "Obama declined to send arms to
# Ukraine", "if Putin would give ...", "has no ties with", "may have sent".
NOT_DONE = frozenset(
    {
        "decline",
        "refuse",
        "fail",
        "reject",
        "deny",
        "refrain",
        "cease",
        "stop",
        "halt",
        "suspend",
        "avoid",
        "oppose",
    }
)
# The content of a claim is not asserted: "Trump's claim that Obama founded ISIS", "challenged
# the assertion that Grayson had ever attacked Clinton".
CLAIM_NOUNS = frozenset(
    {
        "claim",
        "assertion",
        "allegation",
        "accusation",
        "rumor",
        "rumour",
        "theory",
        "suggestion",
        "notion",
        "speculation",
        "charge",
        "myth",
        "falsehood",
        "lie",
    }
)
SUPPOSED_AUX = frozenset({"could", "might", "may", "should"})  # "said X would join" is future
LIGHT_VERBS = frozenset(
    {"have", "maintain", "keep", "hold", "establish", "build", "develop", "forge", "enjoy"}
)
# Verbs whose subject does or has what their object names ("restored ties with", "paid a visit
# to", "launched an attack on"): the subject of a relation noun that is their direct object.
DOING_VERBS = LIGHT_VERBS | {
    *("restore", "make", "pay", "launch", "carry", "conduct", "stage", "mount", "begin", "start"),
    *("resume", "renew", "cut", "sever", "break", "strengthen", "deepen", "expand", "improve"),
    *("normalize", "normalise", "end", "complete", "undertake", "intensify", "step", "escalate"),
    *("continue", "lead", "order", "wage", "plan", "deny", "defend", "cement"),
}
SUPPOSED_MARK = frozenset({"if", "unless", "whether"})
# A role that is not (yet) held: "the next president of X", "make her president of X".
NOT_HELD = frozenset({"next", "future", "potential", "possible", "prospective", "would-be"})
WANTING = frozenset(
    {
        "want",
        "hope",
        "wish",
        "allow",
        "seek",
        "aim",
        "plan",
        "expect",
        "let",
        "make",
        "schedule",
        # "was considering supporting Trump", "threatened to attack" ("pledged to support" stays)
        "consider",
        "contemplate",
        "mull",
        "weigh",
        "intend",
        "threaten",
        "propose",
    }
)
# An event that "will" happen has not happened: "Netanyahu will meet with Trump".  Roles and
# memberships keep their future ("said Sweden will join NATO"), as with "would".
EVENT_PREDICATES = frozenset({"met_with", "visited", "attacked", "supplied", "founded", "exiled_to"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Modal verbs: what "can", "could", "might", "should" or "must" happen has not happened ("Putin can
# be easily assassinated by the CIA operatives").  Not "would": as often a past habit ("at times
# Axelrod would meet with Ailes", judged right) as a conditional ("would probably back Trump").
MODAL_AUX = frozenset({"can", "could", "may", "might", "should", "must", "ought"})
# Words that may modify a leader's role noun without making it the role of a unit: "ACLU
# executive director", "Senate Majority Leader"; any other ("state director", "political
# director", "campaign chairman", "bureau chief") heads a unit, not the organisation.
LEADER_MODS = frozenset(
    {
        "executive",
        "managing",
        "general",
        "former",
        "acting",
        "interim",
        "new",
        "current",
        "longtime",
        "then",
        "top",
        "supreme",
        "majority",
        "minority",
        "founding",
        "chief",
        "the",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "our",
        "late",
        "outgoing",
        "incoming",
        "first",
        "co",
        "overall",
        "national",
        "de",
        "facto",
        "elected",
        "sitting",
        "embattled",
        "ousted",
    }
)
# Role nouns that also name the head of a unit, and adjectives that make them one.
UNIT_ROLES = frozenset({"director", "chairman", "chairwoman", "chair", "chief", "head", "boss"})
UNIT_ADJ = frozenset(
    {
        "political",
        "legislative",
        "regional",
        "state",
        "athletic",
        "communications",
        "creative",
        "artistic",
        "medical",
        "technical",
        "financial",
        "legal",
        "digital",
        "field",
        "finance",
        "research",
        "editorial",
        "sales",
        "marketing",
        "program",
        "project",
        "policy",
        "senior",
        "associate",
        "local",
        "county",
        "district",
        "area",
        "country",
        "divisional",
        "departmental",
    }
)
# Words that make a leader's role (or the organisation it names) a local unit's: "a local GOP
# leader", "San Diego chapter president", "the Rockingham County GOP", "the 6th Congressional
# District GOP".  Its head leads the unit, not the organisation.
PLACE_UNITS = frozenset(
    {
        "local",
        "county",
        "district",
        "precinct",
        "ward",
        "state",
        "regional",
        "provincial",
        "municipal",
        "chapter",
        "branch",
        "bureau",
        "office",
        "affiliate",
    }
)
# A visit to "the U.S.-Mexico border", "the border of Mexico and the United States", "the Russian
# embassy" is no visit to the country.
NOT_PLACES = frozenset({"border", "borders", "frontier", "boundary", "embassy", "consulate"})
# Who leads a state's or a group's troops commands them; he does not lead the state ("John Allen,
# who led United States forces in Afghanistan").
TROOPS = frozenset({"forces", "troops", "army", "militia", "fighters", "soldiers", "militants"})
# A leader's predicates (the deputy, unit and local-unit rules are theirs only).
LEAD_PREDICATES = ("leader_of", "commander_of")
PLACE_PREDICATES = ("visited", "located_in", "based_in", "exiled_to")
COUNTRY_KB = "presslens:gpe-"  # gazetteer ids of countries (presslens/data/gazetteer/countries.jsonl)
# "Attorney General", "Surgeon General": no general.
NOT_GENERAL = frozenset(
    {
        "attorney",
        "solicitor",
        "inspector",
        "surgeon",
        "postmaster",
        "consul",
        "auditor",
        "comptroller",
        "governor",
        "secretary",
        "director",
        "registrar",
        "paymaster",
        "advocate",
    }
)
MEETING = frozenset(
    {
        "talk",
        "meeting",
        "discussion",
        "negotiation",
        "call",
        "summit",
        "consultation",
        "conversation",
        "session",
        "conference",
    }
)
# A deputy is not the leader ("vice president of X", "the Taliban's deputy leader").
DEPUTY = frozenset({"deputy", "vice", "assistant", "associate", "under"})
# What is given or sent without being supplied: people, words, troops ("he sent me to Mexico",
# "the answers he gave to the BBC", "China has sent troops to Hong Kong").
NOT_SUPPLIES = frozenset(
    {
        "answer",
        "interview",
        "speech",
        "statement",
        "testimony",
        "evidence",
        "assurance",
        "warning",
        "reply",
        "account",
        "talk",
        "lecture",
        "briefing",
        "order",
        "permission",
        "approval",
        "name",
        "reason",
        "example",
        "impression",
        "chance",
        "opportunity",
        "space",
        "time",
        "message",
        "letter",
        "signal",
        "thank",
        "credit",
        "nod",
        "hint",
        "advice",
        "update",
        "notice",
        "troop",
        "force",
        "soldier",
        "army",
        "delegation",
        "envoy",
        "team",
        "representative",
        "official",
        "diplomat",
        "minister",
        "mission",
        "invitation",
        "condolence",
        "greeting",
        "memo",
        "memorandum",
        "note",
        "email",
        "e-mail",
        "tweet",
        "request",
        "proposal",
        "response",
        "remark",
        "comment",
    }
)

# What is supplied when a thing is given, sent or sold to someone: arms, money, goods, a business.
# A "supplied" relation from "give / send / provide / sell ... to X" needs the thing to be one of
# these (its head noun, or "rounds of ammunition", "weapons shipments", "$5 million"); anything
# else (help, evidence, a mandate, jobs, benefits) is no supply and the stage abstains.
SUPPLIES = frozenset(
    {
        *("weapon", "weaponry", "arm", "arms", "ammunition", "ammo", "munition", "round", "bullet"),
        *("missile", "rocket", "drone", "shell", "artillery", "howitzer", "mortar", "grenade", "bomb"),
        *("explosive", "gun", "rifle", "firearm", "launcher", "tank", "vehicle", "aircraft", "jet"),
        *("plane", "helicopter", "warship", "ship", "submarine", "radar", "equipment", "hardware"),
        *("materiel", "system", "money", "cash", "fund", "funding", "dollar", "loan", "grant"),
        *("donation", "payment", "bribe", "aid", "subsidy", "million", "billion", "oil", "gas"),
        *("fuel", "coal", "grain", "wheat", "food", "medicine", "vaccine", "uranium", "technology"),
        *("component", "supply", "supplies", "material", "goods", "company", "firm", "stake", "share"),
        *("business", "start-up", "startup", "subsidiary", "asset", "shipment", "consignment"),
    }
)


@dataclass(frozen=True)
class Pattern:
    predicate: str
    kind: str
    triggers: frozenset[str]
    preps: tuple[str, ...]
    subject: frozenset[str]
    object: frozenset[str]
    object_dobj: bool = False
    passive_only: bool = False
    object_via_prep_only: bool = False
    dobj_for: frozenset[str] = frozenset()  # the triggers that take a direct object (all if empty)


def parse_patterns(data: dict[str, Any]) -> list[Pattern]:
    out = []
    for p in data.get("patterns", []):
        try:
            out.append(
                Pattern(
                    p["predicate"],
                    p["kind"],
                    frozenset(t.lower() for t in p["triggers"]),
                    tuple(p.get("preps", ())),
                    frozenset(p["subject"]),
                    frozenset(p["object"]),
                    bool(p.get("object_dobj")) or "object_dobj_for" in p,
                    bool(p.get("passive_only")),
                    bool(p.get("object_via_prep_only")),
                    frozenset(t.lower() for t in p.get("object_dobj_for", ())),
                )
            )
        except KeyError as e:
            raise StageConfigError(f"relation pattern lacks {e}: {p}") from e
    return out


@lru_cache(maxsize=8)
def load_patterns(extra: tuple[str, ...] = ()) -> tuple[Pattern, ...]:
    out: list[Pattern] = []
    for path in (BUNDLED, *map(Path, extra)):
        try:
            out += parse_patterns(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as e:
            raise StageConfigError(f"cannot read relation patterns {path}: {e}") from e
    return tuple(out)


PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "we",
        "us",
        "our",
        "i",
        "me",
        "my",
        "you",
        "your",
        "who",
        "whom",
    ]
)
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
QUOTE_CHARS = ('"', "\u201c", "\u201d")


def _words(text: str) -> int:
    return len(WORD.findall(text))


def relation_features(
    text: str,
    start: int,
    end: int,
    subject: Entity,
    obj: Entity,
    predicate: str,
    entities: Iterable[Entity] = (),
) -> dict[str, float]:
    """What the confidence model reads about one relation: its predicate; whether each argument
    is named in the evidence sentence (not only a pronoun or a description resolved to it);
    whether each argument's canonical name is one word (a surname, a cut name); the argument
    types; the words between the two arguments and in the sentence; how often each argument is
    mentioned in the article.  Computed from the text and the entities alone, so judged
    relations of older code can be scored the same way."""
    f: dict[str, float] = {f"pred={predicate}": 1.0}
    gaps = []
    for role, ent in (("subj", subject), ("obj", obj)):
        here = [m for m in ent.mentions if start <= m.start and m.end <= end]
        named = [m for m in here if text[m.start : m.end].lower() not in PRONOUNS]
        f[f"{role}_not_named_here"] = 0.0 if named else 1.0
        f[f"{role}_one_word"] = 1.0 if _words(ent.name) <= 1 else 0.0
        f[f"{role}_type={ent.type if ent.type in ENTITY_TYPES else 'OTHER'}"] = 1.0
        f[f"{role}_log_mentions"] = math.log1p(len(ent.mentions))
        gaps.append(here)
    pairs = [_words(text[min(a.end, b.end) : max(a.start, b.start)]) for a in gaps[0] for b in gaps[1]]
    f["log_gap"] = math.log1p(min(pairs)) if pairs else math.log1p(_words(text[start:end]))
    f["log_sentence"] = math.log1p(_words(text[start:end]))
    others = {
        e.id
        for e in entities
        if e.id not in (subject.id, obj.id) and any(start <= m.start and m.end <= end for m in e.mentions)
    }
    f["log_others"] = math.log1p(len(others))
    f["quoted"] = 1.0 if any(q in text[start:end] for q in QUOTE_CHARS) else 0.0
    return f


FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    # feature-name prefixes of each group the fit may choose (eval/relations.py --fit)
    "predicate": ("pred=",),
    "named_here": ("subj_not_named_here", "obj_not_named_here"),
    "one_word": ("subj_one_word", "obj_one_word"),
    "types": ("subj_type=", "obj_type="),
    "distance": ("log_gap", "log_sentence"),
    "mentions": ("subj_log_mentions", "obj_log_mentions"),
    "others": ("log_others",),
    "quoted": ("quoted",),
}


@dataclass(frozen=True)
class ConfidenceModel:
    """A relation's ``confidence``: a logistic model of the probability that an analyst judges
    it right, over :func:`relation_features`, fitted on judgments of unseen pages (see
    docs/relations.md, Confidence).  Features it has no weight for count nothing."""

    intercept: float
    weights: dict[str, float]

    def __call__(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return round(1.0 / (1.0 + math.exp(-z)), 3)


@lru_cache(maxsize=1)
def load_confidence(path: Path = CONFIDENCE) -> ConfidenceModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ConfidenceModel(float(data["intercept"]), {k: float(v) for k, v in data["weights"].items()})
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as e:
        raise StageConfigError(f"cannot read relation confidences {path}: {e}") from e


def token_entities(doc: Any, entities: Iterable[Entity]) -> dict[int, Entity]:
    """Token index -> entity, from the entities' character spans."""
    out: dict[int, Entity] = {}
    for ent in entities:
        for m in ent.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                out.update({t.i: ent for t in span})
    return out


class Finder:
    """Relation finder over one Doc."""

    def __init__(self, doc: Any, tok_ent: dict[int, Entity], patterns: Iterable[Pattern]):
        self.doc = doc
        self.tok_ent = tok_ent
        self.by_trigger: dict[str, list[tuple[tuple[str, ...], Pattern]]] = {}
        self.places = False  # whether the pattern at hand relates an actor to a place
        patterns = list(patterns)
        # one-word role triggers ("ceo", "president"): a role noun is a person, not its compound
        self.role_words = (
            frozenset(
                t for p in patterns if p.kind == "role" and p.predicate != "member_of" for t in p.triggers
            )
            - GROUP_NOUNS
        )
        for p in patterns:
            for t in p.triggers:
                words = tuple(WORD.findall(t))
                self.by_trigger.setdefault(words[-1], []).append((words[:-1], p))

    def ent(self, tok: Any) -> Entity | None:
        """The entity a token (or its compound/flat name head) belongs to."""
        return self.tok_ent.get(tok.i)

    def ents_of(self, tok: Any, keep: Callable[[Any], bool] | None = None) -> list[Entity]:
        """The entity at ``tok`` plus those coordinated with it ("A, B and C"; only the conjuncts
        ``keep`` accepts when given)."""
        out = []
        for t in [tok, *[c for c in tok.conjuncts if keep is None or keep(c)]]:
            e = self.ent(t) or self._inner(t)
            if e is not None and not self._one_of(t, e):
                out.append(e)
        return out

    @staticmethod
    def _one_of(tok: Any, e: Entity) -> bool:
        """ "a Republican", "one Democrat": one person of the group, not the group."""
        return e.type == "NORP" and any(
            c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in tok.children
        )

    def _inner(self, tok: Any) -> Entity | None:
        """A noun whose compound modifier is an entity ("Hamas forces" -> Hamas); not a role noun
        ("the HP CEO" is a person, not HP) and not a name the tagger cut short ("the United
        States Hispanic Chamber" is not the United States)."""
        if tok.pos_ == "PROPN" or tok.lower_ in self.role_words:
            return None
        # a party noun named by its own modifier is that party, not its possessor's: "France's
        # far-right Front National party" is the Front National
        if any(c.dep_ == "poss" and c.i in self.tok_ent for c in tok.children):
            for c in tok.children:
                e = self.tok_ent.get(c.i)
                if c.dep_ in ("compound", "amod", "nmod") and e is not None and e.type == "ORG":
                    return e
        for c in tok.children:
            # a possessor's thing is not the possessor ("Nabisco's parent company", "Grayson's
            # supporters"), except a party noun ("Iran's government", "Hamas's fighters")
            party = c.dep_ == "poss" and tok.lower_ in PARTY_NOUNS
            if (c.dep_ == "compound" or party) and c.i in self.tok_ent:
                if self._resident(tok, self.tok_ent[c.i]):
                    return None
                return self.tok_ent[c.i]
        if tok.lower_ in GROUP_NOUNS:  # "leaders of Hamas were exiled" -> Hamas
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    pobj = [g for g in c.children if g.dep_ == "pobj" and g.i in self.tok_ent]
                    if pobj:
                        return self.tok_ent[pobj[0].i]
        return None

    def _resident(self, tok: Any, e: Entity) -> bool:
        """One person or thing named by its place ("a Mesa man", "the Las Vegas shooter"): a
        singular common noun that a place modifies is not that place (its government acts as
        "the Texas government", its people as "Texas officials"); but a place visited or based
        in is the place ("visited the Texas border town")."""
        return (
            not self.places
            and e.type in ("GPE", "LOC")
            and tok.tag_ == "NN"
            and tok.lower_ not in PARTY_NOUNS
        )

    def patterns_at(self, tok: Any) -> list[Pattern]:
        """Patterns triggered at ``tok``; a longer trigger ("secretary-general") wins."""
        cands = self.by_trigger.get(tok.lemma_.lower(), []) + self.by_trigger.get(tok.lower_, [])
        if not cands:
            return []
        before = [t.lower_ for t in self.doc[max(0, tok.i - 4) : tok.i] if t.text != "-"]
        hits = [(len(pre), p) for pre, p in cands if not pre or tuple(before[-len(pre) :]) == pre]
        longest = max((n for n, _ in hits), default=0)
        return list(dict.fromkeys(p for n, p in hits if n == longest))

    def find(self) -> list[tuple[Entity, str, Entity, Any, Any]]:
        """(subject, predicate, object, sentence, trigger token)."""
        out = []
        for tok in self.doc:
            for p in self.patterns_at(tok):
                if (p.kind == "verb") != (tok.pos_ in ("VERB", "AUX")):
                    continue
                if p.kind == "link" and tok.pos_ == "PROPN":  # a headline's verb: "Trump Ties Clinton"
                    continue
                if (
                    self._legislator(tok, p)
                    or self._not_done(tok)
                    or self._deputy(tok, p)
                    or self._unit_role(tok, p)
                    or self._not_supplied(tok, p)
                    or self._no_meeting(tok, p)
                    or self._future_event(tok, p)
                ):
                    continue
                self.places = p.predicate in PLACE_PREDICATES
                for s, o in getattr(self, f"_{p.kind}")(tok, p):
                    if s.id != o.id and s.type in p.subject and o.type in p.object:
                        if p.predicate == "attacked" and _faith(s):
                            continue
                        if p.predicate == "ally_of" and self._local_place(s):
                            continue  # "Ohio supported Bush in 1988": its voters, no alliance
                        out.append((s, p.predicate, o, tok.sent, tok))
        return out

    def _not_done(self, tok: Any) -> bool:
        """The trigger is denied or only supposed: negated ("did not send", "no ties"), under a
        verb of not doing ("declined to send"), in an if-clause or under "would/could/might"."""
        t = tok
        for _ in range(4):
            kids = list(t.children)
            if any(c.dep_ == "neg" for c in kids):
                return True
            if any(c.dep_ == "det" and c.lower_ == "no" for c in kids):
                return True
            if t.pos_ in ("VERB", "AUX"):
                if any(c.dep_ == "aux" and c.lower_ in SUPPOSED_AUX for c in kids):
                    return True
                if any(c.dep_ == "mark" and c.lower_ in SUPPOSED_MARK for c in kids):
                    return True
            if t is not tok and t.lemma_.lower() in NOT_DONE:
                return True
            if t is not tok and t.lemma_.lower() in WANTING and t.pos_ in ("VERB", "AUX"):
                return True  # "want X to be president of Y", "make her the president of Y"
            if any(c.dep_ == "amod" and c.lower_ in NOT_HELD for c in kids):
                return True
            if t.dep_ in ("acl", "ccomp") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in CLAIM_NOUNS:
                return True
            # climb to what governs the trigger: "declined to send" (xcomp), "is not a member"
            # (attr), "does not have ties" (the object of a light verb); "doesn't regret his
            # relationship" keeps the relationship
            light = t.dep_ == "dobj" and t.head.lemma_.lower() in LIGHT_VERBS
            if (t.dep_ not in ("xcomp", "attr", "oprd", "ccomp") and not light) or t.head is t:
                return False
            t = t.head
        return False

    def _future_event(self, tok: Any, p: Pattern) -> bool:
        """An event verb in the future tense ("will meet", "will visit"), or a backing to come
        ("Sanders will back Clinton"): not (yet) a relation."""
        event = p.predicate in EVENT_PREDICATES or (p.predicate == "ally_of" and p.kind == "verb")
        if not event or tok.pos_ not in ("VERB", "AUX"):
            return False
        t = tok
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX | MODAL_AUX for c in t.children):
                return True
            to = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            if to and t.head.pos_ == "ADJ":  # "it is imperative for Barr to provide ...": not done
                return True
            # "will fly to Beijing and meet Xi"; "will work to support Clinton", "will travel to
            # Moscow to meet Putin" (an infinitive of purpose)
            infinitive = t.dep_ == "advcl" and to
            if (t.dep_ not in ("conj", "xcomp") and not infinitive) or t.head is t:
                return False
            t = t.head
        return False

    @staticmethod
    def _legislator(tok: Any, p: Pattern) -> bool:
        """ "U.S. Representative Anthony Weiner", "State Representative X": the title of a member
        of a legislature (who represents a district), not a representative of the state."""
        return (
            p.predicate == "representative_of"
            and tok.text == "Representative"
            and tok.dep_ == "compound"
            and tok.head.pos_ == "PROPN"
        )

    def _deputy(self, tok: Any, p: Pattern) -> bool:
        if p.predicate not in LEAD_PREDICATES or p.kind != "role":
            return False
        before = [
            t for t in self.doc[max(tok.sent.start, tok.i - 3) : tok.i] if t.text not in ("-", "\u2010")
        ]
        return any(c.lower_ in DEPUTY for c in tok.children) or any(t.lower_ in DEPUTY for t in before[-2:])

    def _unit_role(self, tok: Any, p: Pattern) -> bool:
        """A leader's role noun of a unit ("state director", "political director", "campaign
        chairman"), or of a person's team ("Clinton's Colorado director", "director for
        Sanders"): the holder does not lead the organisation or place that also modifies it."""
        if p.predicate not in LEAD_PREDICATES or p.kind != "role":
            return False
        if (
            p.predicate == "commander_of"
            and tok.lower_ == "general"
            and self.doc[tok.i - 1].lower_ in NOT_GENERAL
        ):
            return True
        for c in tok.children:
            modifier = c.dep_ in ("amod", "compound", "nmod") and c.i not in self.tok_ent
            if modifier and c.lower_ in PLACE_UNITS:  # "a local GOP leader", "chapter president"
                return True
            if (
                modifier
                and tok.lower_ in UNIT_ROLES
                and (c.lower_ in UNIT_ADJ or (c.pos_ in ("NOUN", "PROPN") and c.lower_ not in LEADER_MODS))
            ):
                return True
            if c.dep_ == "poss":
                e = self.ent(c)
                if (e is not None and e.type == "PERSON") or c.lemma_.lower() == "campaign":
                    return True
            pobjs = (
                [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ == "for" else []
            )
            if any(e.type == "PERSON" for g in pobjs for e in self.ents_of(g)):
                return True
        return False

    def _no_meeting(self, tok: Any, p: Pattern) -> bool:
        """ "held talks with X" is a meeting; "held his crossed arms ... with X" is none."""
        if p.predicate != "met_with" or tok.lemma_.lower() != "hold":
            return False
        return not any(c.dep_ == "dobj" and c.lemma_.lower() in MEETING for c in tok.children)

    def _not_supplied(self, tok: Any, p: Pattern) -> bool:
        if p.predicate != "supplied" or p.kind != "verb":
            return False
        if tok.dep_ == "relcl" and tok.head.lemma_.lower() in NOT_SUPPLIES:  # "an interview he gave to ITV"
            return True
        for c in tok.children:
            if c.dep_ == "dobj":
                if c.tag_ == "PRP" or c.lemma_.lower() in NOT_SUPPLIES:
                    return True
                e = self.ent(c)
                if e is not None and e.type == "PERSON":
                    return True
        if p.object_dobj:  # "armed Hamas", "funds NASA": the verb itself says what is supplied
            return False
        things = self._things_given(tok)
        return not any(self._supply(t) for t in things)

    def _things_given(self, tok: Any) -> list[Any]:
        """What a verb of giving gives: its direct object that is no entity, the noun its relative
        clause modifies ("the ammunition Haig sold to X"), its passive subject ("arms were sent
        to X") or the object of "with" ("provided the FBI with evidence")."""
        out = [tok.head] if tok.dep_ in ("relcl", "acl") and tok.head is not tok else []
        for c in tok.children:
            if (c.dep_ == "dobj" and self.ent(c) is None) or c.dep_ == "nsubjpass":
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ == "with":
                out += [g for g in c.children if g.dep_ == "pobj"]
        return out

    @staticmethod
    def _supply(thing: Any) -> bool:
        """A thing that is a supply: arms, money, goods ("700 rounds of ammunition", "weapons
        shipments", "$5 million", "Caesar howitzers")."""
        words = [thing]
        for c in thing.children:
            if c.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod"):
                words.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                words += [g for g in c.children if g.dep_ == "pobj"]
        if any(w.tag_ == "$" for w in words):  # "$5 million"
            return True
        names = {w.lemma_.lower() for w in words} | {w.lower_ for w in words}
        doc = thing.doc
        if thing.i >= 2 and doc[thing.i - 1].text == "-":  # "a start-up" is three tokens
            names.add(doc[thing.i - 2 : thing.i + 1].text.lower())
        return bool(names & SUPPLIES)

    def _prep_objects(self, tok: Any, preps: tuple[str, ...], visit: bool = False) -> list[Entity]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                for pobj in c.children:
                    if pobj.dep_ == "pobj" and not (visit and pobj.lower_ in NOT_PLACES):
                        out += self.ents_of(pobj)
            elif c.dep_ == "dative" and not preps:
                out += self.ents_of(c)
        return out

    def _role(self, tok: Any, p: Pattern) -> list[tuple[Entity, Entity]]:
        lead = p.predicate in LEAD_PREDICATES
        objs = self._role_prep_objects(tok, p)
        if not p.object_via_prep_only and not self._role_of_other(tok, p):
            mod_toks = [
                c
                for c in tok.children
                if c.dep_ in ("compound", "poss", "nmod") and c.i in self.tok_ent and not self._dateline(c)
            ]
            mods = [self.tok_ent[c.i] for c in mod_toks]
            if lead and (
                any(self._local_place(e) for e in mods)
                or any(self._local_unit(c) for c in mod_toks)
                or (tok.lower_ in UNIT_ROLES and self._local_prep(tok))
            ):
                # "Polk County GOP Chairman", "a New Hampshire GOP leader", "the GOP chairman
                # for Jefferson County": the head of the party's unit there, not of the party
                mods = [e for e in mods if e.type not in ("ORG", "GPE")]
            # "France's National Front party leader", "a New Hampshire GOP leader": the place
            # qualifies the organisation; "the Washington director for MoveOn.org": a director,
            # chief or chairman of a place heads an office there
            if any(e.type == "ORG" for e in mods) or tok.lower_ in UNIT_ROLES:
                mods = [e for e in mods if e.type != "GPE"]
            # an ambassador is a state's: "UN Ambassador John Bolton" is the U.S. ambassador to it
            if p.predicate == "representative_of" and tok.lower_ == "ambassador":
                mods = [e for e in mods if e.type != "ORG"]
            objs += mods
        subjects = self._role_subjects(tok)
        return [(s, o) for s in subjects for o in objs]

    def _role_prep_objects(self, tok: Any, p: Pattern) -> list[Entity]:
        """A role's prepositional objects.  For a leader: the object noun stands for an entity
        that modifies it only if it is a party noun ("leader of the Hamas movement"), not "the
        head of an Ohio company"; an organisation qualified by a local place or unit is that unit
        ("chairman of the Rockingham County GOP"); a director, chief or chairman of a place below
        a country heads an office there ("the Democratic chairman of Bucks County")."""
        if p.predicate not in LEAD_PREDICATES:
            return self._prep_objects(tok, p.preps)
        in_chief = self.doc[tok.i - 1].lower_ == "in"  # "editor in chief of Mic.com"
        out = []
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ not in p.preps:
                continue
            for pobj in c.children:
                if pobj.dep_ != "pobj":
                    continue
                for t in [pobj, *pobj.conjuncts]:
                    e = self.ent(t)
                    if e is None and t.lower_ in PARTY_NOUNS:
                        e = self._inner(t)
                    if e is None or self._local_unit(t) or self._possessor(t):
                        continue
                    if e.type == "GPE" and tok.lower_ in UNIT_ROLES and not in_chief and self._local_place(e):
                        continue
                    out.append(e)
        return out

    @staticmethod
    def _local_place(e: Entity) -> bool:
        """A place below a country (a state, county or city): no country id from the gazetteer."""
        return e.type == "GPE" and not (e.kb_id or "").startswith(COUNTRY_KB)

    def _local_unit(self, tok: Any) -> bool:
        """An organisation's name qualified by a local place or unit: "the Rockingham County GOP",
        "Henrico County GOP", "the 6th Congressional District GOP" (not "the Florida Democratic
        Party", one name)."""
        e = self.tok_ent.get(tok.i)
        if e is None or e.type != "ORG":
            return False
        for c in tok.children:
            if c.dep_ not in ("compound", "amod", "nmod", "poss"):
                continue
            other = self.tok_ent.get(c.i)
            if other is None and c.lower_ in PLACE_UNITS:
                return True
            if other is not None and other.id != e.id and self._local_place(other):
                return True
        return False

    def _local_prep(self, tok: Any) -> bool:
        """ "chairman for Colorado's Jefferson County", "a Democratic Party chairman in New
        Hampshire": the role is held in a place below a country."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "in"):
                for pobj in c.children:
                    e = self.tok_ent.get(pobj.i)
                    if pobj.dep_ == "pobj" and e is not None and self._local_place(e):
                        return True
        return False

    def _possessor(self, tok: Any) -> bool:
        """A prepositional object followed by "'s" is the possessor of the real object, which the
        parser lost: "leader of France's far-right Front National party"."""
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        return nxt is not None and nxt.tag_ == "POS"

    def _dateline(self, tok: Any) -> bool:
        """ "JERUSALEM - Israeli Prime Minister ...": the parser may hang a dateline on the role."""
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        return tok.text.isupper() and nxt is not None and nxt.text in ("-", "\u2013", "\u2014", "--")

    def _role_of_other(self, tok: Any, p: Pattern) -> bool:
        """The role is of something that is no entity ("PG&E's director of emergency
        preparedness", "Hamas's head of its political bureau"): its holder leads (or belongs to)
        that unit, not the possessor, so the possessor is no object."""
        lead = p.predicate in LEAD_PREDICATES
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in p.preps:
                for pobj in c.children:
                    if pobj.dep_ != "pobj":
                        continue
                    # "the head of an Ohio company": a common noun heads no entity for a leader
                    common = lead and pobj.i not in self.tok_ent and pobj.lower_ not in PARTY_NOUNS
                    if common or not self.ents_of(pobj):
                        return True
        return False

    def _holders(self, tok: Any, role: Any) -> list[Entity]:
        """The entity a role noun names: with its conjuncts only when the role noun is plural
        ("Johnson and Labour leader Corbyn": the leader is Corbyn alone)."""
        if role.tag_ in ("NNS", "NNPS"):
            return self.ents_of(tok, keep=lambda t: self._same_list(tok, t))
        e = self.ent(tok) or self._inner(tok)
        return [e] if e is not None else []

    def _same_list(self, first: Any, t: Any) -> bool:
        """A conjunct still under the plural role before it: not past a semicolon ("former CIA
        directors A and B; New York City Mayor C"), and not one with a title of its own ("CIA
        directors A and B and Senator C")."""
        if self._across_semicolon(first, t):
            return False
        return not any(
            c.dep_ == "compound" and c.i not in self.tok_ent and c.pos_ in ("PROPN", "NOUN")
            for c in t.children
        )

    def _role_subjects(self, tok: Any) -> list[Entity]:
        if tok.i in self.tok_ent:  # "the commander" resolved to a person
            return [self.tok_ent[tok.i]]
        if _part_of_group(tok):  # "the Democratic Party, many members of the Republican Party"
            return []
        if tok.dep_ == "conj" and (
            tok.head.pos_ == "NOUN" or (tok.head.pos_ == "PROPN" and tok.head.i not in self.tok_ent)
        ):  # "X, CEO and Founder of Y"; not "Fiorina and other HP leaders"
            return self._role_subjects(tok.head)
        if tok.dep_ == "appos" or tok.dep_ == "compound":
            if self._across_semicolon(tok, tok.head):  # "Governor Howard Dean; former Director of the FBI"
                return []
            found = self._holders(tok.head, tok)
            if not found and tok.head.pos_ == "NOUN" and tok.head.i != tok.i:  # "secretary-general"
                return self._role_subjects(tok.head)
            return found
        appos = [c for c in tok.children if c.dep_ == "appos"]
        if appos:
            if self._across_semicolon(tok, appos[0]) or self._list_item(tok, appos[0]):
                return []
            return self._holders(appos[0], tok)
        if tok.dep_ == "attr":
            return [e for c in tok.head.children if c.dep_ in SUBJ for e in self.ents_of(c)]
        return self._by_comma(tok)

    def _across_semicolon(self, a: Any, b: Any) -> bool:
        """A semicolon between two tokens parts the items of a list: no apposition spans it."""
        lo, hi = sorted((a.i, b.i))
        return any(t.text == ";" for t in self.doc[lo:hi])

    def _list_item(self, role: Any, appos: Any) -> bool:
        """An "apposition" of the role's own kind of object right after that object is the next
        item of a list: "members of the FBI, the Department of Treasury and ..." (the department
        is no member of the FBI)."""
        e = self.ent(appos)
        if e is None or appos.i < role.i:
            return False
        for c in role.children:
            if c.dep_ == "prep":
                for pobj in c.children:
                    o = self.ent(pobj) if pobj.dep_ == "pobj" else None
                    if o is not None and o.type == e.type and pobj.i < appos.i:
                        return True
        return False

    def _by_comma(self, tok: Any) -> list[Entity]:
        """ "NAME, the Hamas representative" / "the commander of X, NAME" by the comma."""
        if tok.dep_ in SUBJ:  # a role that is a clause's subject is no apposition
            return []
        sent = tok.sent
        phrase = tok
        # "X, one of Twitter's founders", "X, editor in chief of Y": the phrase starts higher up
        while (
            phrase.dep_ == "pobj"
            and phrase.head.dep_ == "prep"
            and (phrase.head.head.pos_ in ("NUM", "PRON") or phrase.head.lower_ == "in")
        ):
            phrase = phrase.head.head
        left, right = phrase.left_edge.i, tok.right_edge.i
        for i in range(tok.i - 1, max(sent.start, tok.i - 6) - 1, -1):
            if self.doc[i].text == ",":
                # the comma must close the name right before the role's phrase ("NAME, the ...")
                e = self.tok_ent.get(i - 1) if i == left - 1 else None
                return [e] if e is not None else []
        for i in range(tok.i + 1, min(sent.end - 1, tok.i + 8)):
            if self.doc[i].text == ",":
                # and open the name right after it ("the commander of X, NAME"), a name that is
                # no clause's subject ("... than that of the CIA chief, Zuckoff said")
                e = self.tok_ent.get(i + 1) if i == right + 1 else None
                return [e] if e is not None and not self._subject_name(i + 1) else []
        return []

    def _subject_name(self, i: int) -> bool:
        """The name starting at token ``i`` is the subject of a verb ("..., Zuckoff said")."""
        t = self.doc[i]
        for _ in range(6):
            if t.dep_ not in ("compound", "flat") or t.head is t:
                break
            t = t.head
        return t.dep_ in SUBJ

    def _verb(self, tok: Any, p: Pattern) -> list[tuple[Entity, Entity]]:
        subj = [c for c in tok.children if c.dep_ in SUBJ]
        passive = any(c.dep_ == "nsubjpass" for c in subj)
        if not subj and any(c.dep_ == "auxpass" for c in tok.children):
            # "if the report is sent to X": a passive whose subject the parser hung on its
            # auxiliary; only an agent ("by Y") is the sender, never the clause above's subject
            agents = [pc for c in tok.children if c.dep_ == "agent" for pc in c.children if pc.dep_ == "pobj"]
            if p.passive_only or not agents:
                return []
        if p.passive_only and not passive:
            return []
        if passive and not p.passive_only:
            agents = [pc for c in tok.children if c.dep_ == "agent" for pc in c.children if pc.dep_ == "pobj"]
            subjects = [e for a in agents for e in self.ents_of(a)]
            objects = [e for c in subj for e in self.ents_of(c)] if p.object_dobj else []
            objects += self._prep_objects(tok, p.preps)
            if not subjects and p.predicate == "exiled_to":  # "were exiled to Lebanon": the subject moved
                # (not "Golding was attacked by two inmates ... on the Isle of Sheppey": a victim)
                subjects, objects = (
                    [e for c in subj for e in self.ents_of(c)],
                    self._prep_objects(tok, p.preps),
                )
            return [(s, o) for s in subjects for o in objects]
        subjects = [e for c in subj for e in self.ents_of(c)]
        # a relative clause with a subject of its own that is no entity ("the neighborhood where
        # he met with X": he) does not take its head noun as subject; another clause's pronoun
        # ("X could lose because he supports Y") most often is the subject above
        own = [c for c in subj if c.tag_ not in ("WP", "WDT") and c.lower_ != "that"]
        climb = not own if tok.dep_ == "relcl" else not subjects
        if climb and tok.dep_ in ("xcomp", "conj", "advcl", "relcl", "acomp"):
            subjects = self._verb_subjects_up(tok)
        objects = self._prep_objects(tok, p.preps)
        # "meet X" but not "talk up X": only the triggers in object_dobj_for take a direct object
        dobj = p.object_dobj and (not p.dobj_for or tok.lemma_.lower() in p.dobj_for)
        if dobj:  # "run the San Diego convention" does not run San Diego
            objects += [
                e
                for c in tok.children
                if c.dep_ == "dobj"
                for e in (self.ents_of(c) if self._object_stands(c, p) else [])
            ]
        return [(s, o) for s in subjects for o in objects]

    def _object_stands(self, obj: Any, p: Pattern) -> bool:
        """An object noun stands for the entity that modifies it: the entity itself, a party noun
        ("the Koch brothers"), or any place visited ("visited the Gush Etzion settlement bloc")
        but a border or an embassy."""
        if p.predicate == "visited":  # not "visited the U.S.-Mexico border"
            return obj.i in self.tok_ent or obj.lower_ not in NOT_PLACES
        if p.predicate == "leader_of" and obj.lower_ in TROOPS:  # "led United States forces"
            return obj.i in self.tok_ent
        return obj.i in self.tok_ent or obj.lower_ in PARTY_NOUNS

    @staticmethod
    def _party(tok: Any) -> bool:
        """A noun that stands for the entity modifying it: a collective ("government", "forces")
        or a plural group noun ("fighters", "members"); not one person ("member", "voter")."""
        return tok.lower_ in PARTY_NOUNS and (tok.tag_ in ("NNS", "NNPS") or tok.lower_ not in SINGLE_PERSON)

    def _verb_subjects_up(self, tok: Any) -> list[Entity]:
        head = tok.head
        if tok.dep_ == "relcl":
            # "a Texas voter who supports Trump", "an RNC member who supports Trump": one person
            # is no organisation or place; "Hamas fighters who attacked" stand for Hamas
            if self.ent(head) is None and not self._party(head):
                return []
            if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for t in head.conjuncts for c in t.children):
                # "by Turkey or the Nusra Front, which had aligned itself with Al Qaeda": the one
                e = self.ent(head) or self._inner(head)
                return [e] if e is not None else []
            return self.ents_of(head)
        if tok.dep_ == "xcomp":  # "NASA recruited SpaceX to join": the object joins, not NASA
            dobj = [c for c in head.children if c.dep_ == "dobj"]
            if dobj:
                return [e for c in dobj for e in self.ents_of(c)]
        return [e for c in head.children if c.dep_ in SUBJ for e in self.ents_of(c)]

    def _apostrophe_poss(self, tok: Any) -> bool:
        """ "Francis’ visit": a possessor that the parser read as nmod before a bare apostrophe."""
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        return tok.dep_ == "nmod" and nxt is not None and nxt.text in ("\u2019", "'")

    def _link(self, tok: Any, p: Pattern) -> list[tuple[Entity, Entity]]:
        subjects = [
            self.tok_ent[c.i]
            for c in tok.children
            if (c.dep_ in ("poss", "compound", "amod") or self._apostrophe_poss(c)) and c.i in self.tok_ent
        ]
        if not subjects:
            subjects = self._prep_objects(tok, ("between", "of", "by"))
        # "X restored ties with Y" (any verb: "regrets his relationship with Y"); an event's: "X
        # paid a visit to Y", the subject of a verb of doing, not of any verb ("the X scandal
        # dominated the visit to Y")
        doing = p.predicate not in EVENT_PREDICATES or tok.head.lemma_.lower() in DOING_VERBS
        if not subjects and tok.dep_ == "dobj" and doing:
            subjects = [e for c in tok.head.children if c.dep_ in SUBJ for e in self.ents_of(c)]
        objects = self._prep_objects(tok, p.preps, visit=p.predicate == "visited")
        return [(s, o) for s in subjects for o in objects if s.id != o.id]


# Followers of a faith, named as a group ("the Muslim invasion of the West", "Christian attacks"):
# a whole religion is no actor that attacked anyone; the attackers are whoever the text names.
FAITHS = frozenset(
    {
        *("muslim", "muslims", "islamic", "christian", "christians", "jewish", "jew", "jews"),
        *("hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists", "catholic", "catholics"),
        *("protestant", "protestants", "evangelical", "evangelicals", "orthodox", "mormon", "mormons"),
    }
)


# Words that take a part of a group: "many members of X" are no entity named beside them.
GROUP_QUANTIFIERS = frozenset(
    {"many", "some", "several", "most", "few", "other", "certain", "various", "numerous"}
)


def _part_of_group(role: Any) -> bool:
    """A plural role noun quantified as part of a group ("many members of the Republican Party",
    "some officials of the ministry"): a list item or a description, never the name beside it
    (in "..., the US Democratic Party, many members of the Republican Party, ..." the party is no
    member of the other)."""
    return role.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("det", "amod") and c.lower_ in GROUP_QUANTIFIERS and c.i < role.i for c in role.children
    )


def _faith(e: Entity) -> bool:
    """A NORP that names the followers of a religion (not a nationality, party or armed group)."""
    return e.type == "NORP" and e.name.lower() in FAITHS


def relation_time(doc: Any, sent: Any, dates: list[tuple[int, int, str]], trigger: Any = None) -> str | None:
    """A year or date written in the trigger's own clause (a role noun's own phrase, or the clause
    it is the predicate of), or the previous sentence's when the sentence says "at the time".  A
    date of another clause is no time of the relation: "X, the leader of Y, entered Damascus in
    2024" says when X entered, not when X led Y; "SoftBank CEO Son wants a profit by 2021"."""
    in_sent = [(s, t) for s, e, t in dates if sent.start_char <= s < sent.end_char]
    own = in_sent
    if own and trigger is not None:
        anchor = trigger
        if (
            trigger.pos_ not in ("VERB", "AUX")
            and trigger.dep_ in ("attr", "oprd", "dobj")
            and trigger.head.i != trigger.i
        ):
            anchor = trigger.head  # "X was the leader of Y in 2010", "restored ties with Y in 2021"
        while (
            anchor.dep_ in ("conj", "xcomp")
            and anchor.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in SUBJ for c in anchor.children)
        ):
            anchor = anchor.head  # "visited Moscow in July 2024 and met Putin", "rushed to meet"
        # the clause's own words: not a clause joined to it with a subject of its own
        span = {t.i for t in anchor.subtree} - {
            t.i
            for c in anchor.children
            if c.dep_ in ("conj", "advcl", "ccomp", "parataxis", "relcl")
            and any(g.dep_ in SUBJ for g in c.children)
            for t in c.subtree
        }
        own = [(s, t) for s, t in own if (tok := _token_at(doc, s)) is not None and tok in span]
    if own:
        return own[0][1]
    text = sent.text.lower()
    if any(ref in text for ref in BACK_REFS) and trigger is not None:
        earlier = [t for s, t in in_sent if s < trigger.idx]  # "began in 1993, and ... at the time"
        if earlier:
            return earlier[-1]
    if sent.start > 0 and any(ref in text for ref in BACK_REFS):
        prev = doc[sent.start - 1].sent
        before = [t for s, e, t in dates if prev.start_char <= s < prev.end_char]
        return before[-1] if before else None
    return None


def _token_at(doc: Any, char: int) -> int | None:
    """Index of the token at character ``char`` (a DATE mention's start)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else None


def date_values(entities: Iterable[Entity], text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of DATE mentions that name a year or a calendar date."""
    out = []
    for ent in entities:
        if ent.type == "DATE":
            for m in ent.mentions:
                value = m.of(text)
                if YEAR.search(value):
                    out.append((m.start, m.end, value))
    return sorted(out)


def extract_relations(
    doc: Any,
    text: str,
    entities: tuple[Entity, ...],
    patterns: Iterable[Pattern],
    confidence: ConfidenceModel | None = None,
) -> tuple[Relation, ...]:
    """The pure core of the relations stage."""
    confidence = confidence or load_confidence()
    finder = Finder(doc, token_entities(doc, entities), patterns)
    dates = date_values(entities, text)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for subj, pred, obj, sent, tok in finder.find():
        k = (subj.id, pred, obj.id)
        if k in seen:
            continue
        seen.add(k)
        start = sent.start_char
        end = start + len(sent.text.rstrip())
        out.append(
            Relation(
                f"r{len(out) + 1}",
                subj.id,
                pred,
                obj.id,
                Span(start, end),
                relation_time(doc, sent, dates, tok),
                confidence(relation_features(text, start, end, subj, obj, pred, entities)),
            )
        )
    return tuple(out)
