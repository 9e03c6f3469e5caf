"""Quote attribution stage: direct, indirect and mixed quotes with speaker and medium.

Cues come from a logistic-regression cue classifier trained on PolNeAR train (lemma and
dependency features; ``presslens/data/quotes/MODEL_CARD.md``); content and source spans come
from dependency rules, repaired with quotation marks (multi-fragment and floating quotes).
In the default ``quote_scope`` "reported", a quote needs a reporting cue (speech, thought,
writing, "according to", a colon after a named person) or quoted content; verbs of doing and
measuring, agentless passives, headlines and negated reports ("did not say whether") are no
quotes; the "attribution" scope is PolNeAR's wider notion (polls, plans, support, negated acts).  ``speaker`` is set only on strong
evidence (the source names the entity; an apposition; a he/she whose antecedent is safe); else
it is null and ``source`` still shows what the text says.  ``via`` holds the medium/relay
entities ("told Mehr News Agency", "according to Reuters").  No entity ids are invented.
``confidence`` is the calibrated probability that the whole attribution is right.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from presslens.errors import StageConfigError
from presslens.model import Article, Entity, Quote, Span
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.quotes.cues import DEFAULT_THRESHOLD, cue_class, cue_lemma, load_weights
from presslens.quotes.extract import extract_candidates
from presslens.quotes.features import QuoteIndex, quote_regions
from presslens.quotes.rules import Candidate
from presslens.quotes.speakers import (
    EVIDENCE_WEIGHT,
    SpeakerContext,
    find_via,
    mentions_of,
    misparsed_source,
    negated_report,
    quantified,
    resolve_speaker,
    speaker_context,
    unsaid_report,
)
from presslens.settings import Settings

STAGE_NAME = "presslens.quotes.cuelr.v2"
SCOPES = ("reported", "attribution")


def quote_kind(frags: Sequence[tuple[int, int]], text: str, qindex: QuoteIndex) -> str:
    """direct (all content inside quote marks), indirect (none) or mixed."""
    inside = total = 0
    for s, e in frags:
        for i in range(s, e):
            if not text[i].isspace() and text[i] not in '"“”':
                total += 1
                inside += qindex.inside(i)
    if total and inside == total:
        return "direct"
    return "mixed" if inside else "indirect"


def predict_quotes(
    doc: Any,
    entities: Sequence[Entity],
    weights: dict[str, float],
    threshold: float = DEFAULT_THRESHOLD,
    scope: str = "reported",
    calibrated: bool = True,
) -> tuple[Quote, ...]:
    """The quotes of one parsed document (pure: no article, no I/O).  ``scope``: see
    :func:`presslens.quotes.extract.extract_candidates`."""
    text = doc.text  # Doc.text joins every token: build it once
    qindex = QuoteIndex(quote_regions(text), text)
    mentions = mentions_of(entities)
    ctx = speaker_context(doc, mentions, entities, qindex.inside)
    quotes = []
    for cand in extract_candidates(doc, weights, threshold, qindex, scope):
        if scope == "reported" and negated_report(doc[cand.cue_tok], ctx.inside_quote):
            continue  # "X did not say whether ...": nothing X stated (PolNeAR's wider scope keeps it)
        speaker, evidence = _speaker(doc, cand, ctx)
        if (
            scope == "reported"
            and (doc[cand.cue_tok].text == ":" or cand.label == "epigraph")
            and not _person(speaker, entities, text, cand)
        ):
            continue  # "Related: ...", "(Graphic: ...", "— Reuters": a label cue needs a named person
        via = tuple(v for v in find_via(doc[cand.cue_tok], mentions) if v != speaker)
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                kind=quote_kind(cand.content, text, qindex),
                content=tuple(Span(s, e) for s, e in cand.content),
                cue=Span(*cand.cue),
                source=Span(*cand.source) if cand.source else None,
                speaker=speaker,
                via=via,
                confidence=round(
                    calibrate(cand.score * EVIDENCE_WEIGHT[evidence])
                    if calibrated
                    else cand.score * EVIDENCE_WEIGHT[evidence],
                    3,
                ),
                cue_class=cue_class(_label_lemma(doc, cand)),
            )
        )
    quotes = _drop_repeats(quotes, text)
    return tuple(q if q.id == f"q{k + 1}" else replace(q, id=f"q{k + 1}") for k, q in enumerate(quotes))


REPEAT_SHARE = 0.9


def _drop_repeats(quotes: list[Quote], text: str) -> list[Quote]:
    """One claim, one quote: "(As Dr. Gupta noted, Trump's heart disease meant that he had a
    moderate risk ..., according to guidance from the Mayo Clinic.)" gave Gupta's quote and a
    speakerless "according to" quote whose content lies inside Gupta's.  Such an "according to"
    quote is dropped when its content lies (:data:`REPEAT_SHARE`) inside the content of a quote
    with a speaker.  (PolNeAR and the real-page gold count an "according to" that relays a whole
    "X said Y" as an attribution of its own: those have a speaker, or content of their own.)"""
    relays = [
        k
        for k, q in enumerate(quotes)
        if q.speaker is None and q.content and text[q.cue.start : q.cue.end].lower() == "according to"
    ]
    if not relays:
        return quotes

    def overlap(a: Quote, b: Quote) -> int:  # a quote's content spans do not overlap each other
        return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a.content for y in b.content)

    drop = set()
    for k in relays:
        size = overlap(quotes[k], quotes[k])
        if size and any(
            q.speaker is not None and overlap(quotes[k], q) >= REPEAT_SHARE * size
            for j, q in enumerate(quotes)
            if j != k
        ):
            drop.add(k)
    return [q for k, q in enumerate(quotes) if k not in drop]


# Raw attribution score (cue probability x speaker evidence weight) -> probability that the
# attribution is right (content, cue and source match PolNeAR's): isotonic regression fitted on
# PolNeAR train predictions; `python eval/quotes.py` prints the reliability table on dev.
# Knots from the isotonic fit on 9,146 train predictions (2026-11), ends smoothed.
CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.0, 0.40),
    (0.5, 0.47),
    (0.6, 0.51),
    (0.7, 0.75),
    (0.75, 0.835),
    (0.8, 0.88),
    (0.9, 0.89),
    (0.95, 0.90),
    (1.0, 0.93),
)


def calibrate(raw: float) -> float:
    """Piecewise-linear interpolation of :data:`CALIBRATION` at ``raw``."""
    xs = [x for x, _ in CALIBRATION]
    k = bisect_right(xs, raw)
    if k == 0:
        return CALIBRATION[0][1]
    if k == len(xs):
        return CALIBRATION[-1][1]
    (x0, y0), (x1, y1) = CALIBRATION[k - 1], CALIBRATION[k]
    return y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def _person(speaker: str | None, entities: Sequence[Entity], text: str, cand: Candidate) -> bool:
    types = {e.id: e.type for e in entities}
    return types.get(speaker or "") in ("PERSON", "PER") and text[cand.source[0] if cand.source else 0] != "("


def _label_lemma(doc: Any, cand: Candidate) -> str:
    """The cue's lemma; ":" for a label ("Name: ...", "— Name" under a quotation or a post)."""
    return ":" if doc[cand.cue_tok].text == ":" or cand.label else cue_lemma(doc[cand.cue_tok])


def _speaker(doc: Any, cand: Candidate, ctx: SpeakerContext) -> tuple[str | None, str]:
    if cand.source_head is None or cand.source is None:
        return None, "none"
    cue = doc[cand.cue_tok]
    lemma = ":" if cue.text == ":" or cand.label else cue.lemma_.lower()
    speaker, evidence = resolve_speaker(doc[cand.source_head], cand.source, lemma, ctx, cand.content)
    if speaker is not None and negated_report(cue, ctx.inside_quote):
        return None, "none"  # "Trump has not yet responded to ...": no statement of his
    source_tok = doc[cand.source_head]
    if speaker is not None and (
        unsaid_report(cue, source_tok, ctx.inside_quote)
        or quantified(source_tok)
        or misparsed_source(source_tok)
    ):
        return None, "none"  # "Ms. X may believe ...", "several Muslims explained"
    return speaker, evidence


class QuoteStage:
    def __init__(self, settings: Settings):
        self.weights = load_weights(settings.extra.get("quote_model"))
        self.threshold = float(settings.extra.get("quote_threshold", DEFAULT_THRESHOLD))
        self.scope = str(settings.extra.get("quote_scope", "reported"))
        self.calibrated = bool(settings.extra.get("quote_calibration", True))
        if self.scope not in SCOPES:
            raise StageConfigError(f"quote_scope must be one of {', '.join(SCOPES)}, not {self.scope!r}")

    def __call__(self, article: Article) -> Article:
        doc = article.cache["doc"]
        return article.with_(
            quotes=predict_quotes(
                doc, article.entities, self.weights, self.threshold, self.scope, self.calibrated
            )
        )


@stage(STAGE_NAME, requires=("text", "doc", "entities"), assigns=("quotes",), languages=ENGLISH_ONLY)
def make_quote_stage(settings: Settings) -> QuoteStage:
    return QuoteStage(settings)
