"""The cue classifier: a logistic regression over token features, shipped as a weight table."""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from presslens.errors import ModelLoadError
from presslens.quotes.features import QuoteIndex, is_candidate, token_features

MODEL_FILE = "cue_model.json.gz"
DEFAULT_THRESHOLD = 0.5

# Common speech verbs: the "speech verb" cue class in eval, and cues the rules always accept
# when they govern quoted text.
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "ask",
        "write",
        "state",
        "note",
        "explain",
        "insist",
        "argue",
        "claim",
        "declare",
        "announce",
        "according",
        "report",
        "reply",
        "respond",
        "warn",
        "comment",
        "suggest",
        "acknowledge",
        "admit",
        "deny",
        "dispute",
        "confirm",
        "assert",
        "contend",
        "maintain",
        "stress",
        "emphasize",
        "emphasise",
        "underline",
        "underscore",
        "remark",
        "recall",
        "quip",
        "tweet",
        "post",
        "testify",
        "concede",
        "observe",
        "point",
        "continue",
        "describe",
        "call",
        "urge",
        "vow",
        "promise",
        "predict",
        "boast",
        "complain",
        "charge",
        "allege",
        "term",
        "caution",
        "reiterate",
        "recount",
        "answer",
    ]
)


# Verbs and nouns of thought, writing and evaluation that also introduce reported content.
THOUGHT_LEMMAS = frozenset(
    [
        "believe",
        "think",
        "feel",
        "fear",
        "worry",
        "hope",
        "expect",
        "wonder",
        "suspect",
        "doubt",
        "assume",
        "estimate",
        "predict",
        "conclude",
        "reckon",
        "guess",
        "imagine",
        "agree",
        "disagree",
        "realize",
        "realise",
        "acknowledge",
        "recognize",
        "accuse",
        "blame",
        "criticize",
        "criticise",
        "denounce",
        "praise",
        "demand",
        "request",
        "recommend",
        "advise",
        "threaten",
        "plead",
        "chant",
        "shout",
        "joke",
        "hint",
        "reveal",
        "read",
        "mention",
        "propose",
        "pledge",
        "indicate",
        "question",
        "assure",
        "remind",
        "order",
        "signal",
        "speak",
        "talk",
        "express",
        "announcement",
        "statement",
        "claim",
        "warning",
        "criticism",
        "advice",
        "insistence",
        "belief",
        "view",
        "opinion",
        "accusation",
        "allegation",
        "suggestion",
        "promise",
        "tout",
        "slam",
        "blast",
        "decry",
        "lament",
        "welcome",
    ]
)
# A cue needs one of these lemmas, unless its content is in quotation marks (speech).  Verbs of
# doing, finding and measuring ("recorded", "imposed", "showed", "defended", "found") are no cues.
REPORTING_LEMMAS = SPEECH_VERBS | THOUGHT_LEMMAS | frozenset({"accord", ":"})


# The small English models lemmatise some reporting verbs to another verb ("hoping" -> "hop").
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}


def cue_lemma(tok: Any) -> str:
    """The token's lemma, lower-cased, with :data:`LEMMA_FIXES` applied."""
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def is_reporting_lemma(lemma: str) -> bool:
    return lemma in REPORTING_LEMMAS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What kind of act a cue reports (``Quote.cue_class``), by the cue's lemma; the first class that
# holds it wins.  "speech": speech and writing, and speech acts that evaluate or ask ("criticized",
# "urged", "asked for", "cited"); "thought": belief, expectation, feeling; "evidence": showing,
# finding, perceiving, seeming ("polls show", "appears to"); "stance": support, opposition,
# intention ("backs", "wants", "declined to"); "action": other doings PolNeAR's wider attributions
# hang on ("voted for", "released a plan").  A lemma in none of them has no class (null).  The
# default ``quote_scope`` emits speech and thought (and any cue of quoted words); a user of the
# "attribution" scope can keep the speech ones.
SPEECH_ACTS = _words(
    """accord : accuse blame criticize criticise denounce praise demand request recommend advise
    threaten plead chant shout joke hint mention propose pledge question assure remind order speak
    talk express tout slam blast decry lament read announcement statement claim warning criticism
    advice insistence accusation allegation suggestion promise assertion complaint cite quote refer
    discuss mock reply tweet email retweete echo repeat reiterate remark concede allege voice chide
    brag lambast articulate disclose apologize apologise rail bemoan lash hail dub label title
    portray characterize characterise liken compare reference invoke attribute interview"""
)
THOUGHT_ACTS = _words(
    """believe think feel fear worry hope expect wonder suspect doubt assume estimate conclude
    reckon guess imagine realize realise recognize recognise belief view opinion consider
    understand remember speculate regard deem care project agree disagree"""
)
EVIDENCE_ACTS = _words(
    """show find reveal indicate signal see know seem appear prove demonstrate learn discover
    notice look sound identify highlight imply poll survey study data research evidence"""
)
STANCE_ACTS = _words(
    """support oppose endorse endorsement want plan refuse decline reject back favor favour prefer
    intend seek aim try attempt defend attack dismiss condemn applaud welcome embrace resist
    challenge vouch side love like enjoy accept push press advocate promote encourage balk
    distance ignore avoid cheer credit congratulate thank"""
)
ACTION_ACTS = _words(
    """make vote decide release unveil sign file launch publish issue pass introduce send share
    offer give nominate appoint fire open start begin adopt choose raise use take put cast draw
    lay deliver present rule require include debate weigh address focus list"""
)
CUE_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("speech", SPEECH_VERBS | SPEECH_ACTS),
    ("thought", THOUGHT_ACTS),
    ("evidence", EVIDENCE_ACTS),
    ("stance", STANCE_ACTS),
    ("action", ACTION_ACTS),
)


def cue_class(lemma: str) -> str | None:
    """The class of a cue lemma (:data:`CUE_CLASSES`), or None when no class holds it."""
    for name, lemmas in CUE_CLASSES:
        if lemma in lemmas:
            return name
    return None


@lru_cache(maxsize=2)
def load_weights(path: str | None = None) -> dict[str, float]:
    """The feature-weight table of the shipped (or a given) cue model."""
    try:
        if path is None:
            ref = resources.files("presslens").joinpath("data", "quotes", MODEL_FILE)
            raw = ref.read_bytes()
        else:
            with open(path, "rb") as fh:
                raw = fh.read()
        return dict(json.loads(gzip.decompress(raw))["weights"])
    except (OSError, ValueError, KeyError) as e:
        raise ModelLoadError(f"cannot load quote cue model: {e}") from e


def cue_probability(features: dict[str, float], weights: dict[str, float]) -> float:
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score_cues(doc: Any, qindex: QuoteIndex, weights: dict[str, float]) -> dict[int, float]:
    """Cue probability of every candidate token of ``doc``, by token index."""
    return {tok.i: cue_probability(token_features(tok, qindex), weights) for tok in doc if is_candidate(tok)}
