"""Quote attribution stage: direct, indirect and mixed quotes with speaker and medium.

Cues come from a logistic-regression cue classifier trained on PolNeAR train (lemma and
dependency features; ``presslens/data/quotes/MODEL_CARD.md``); content and source spans come
from dependency rules, repaired with quotation marks (multi-fragment and floating quotes).
Sources map to ``article.entities`` by mention overlap, else by anaphora ("he", "the expert" →
the most recent speaker) or surname; ``via`` holds the medium/relay entities ("told Mehr News
Agency", "according to Reuters", "quoted by X").  No entity ids are invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from presslens.model import Article, Entity, Quote, Span
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.quotes.cues import DEFAULT_THRESHOLD, load_weights
from presslens.quotes.extract import extract_candidates
from presslens.quotes.features import QuoteIndex, quote_regions
from presslens.quotes.rules import Candidate
from presslens.quotes.speakers import find_via, mentions_of, resolve_speaker
from presslens.settings import Settings

STAGE_NAME = "presslens.quotes.cuelr.v1"


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
    doc: Any, entities: Sequence[Entity], weights: dict[str, float], threshold: float = DEFAULT_THRESHOLD
) -> tuple[Quote, ...]:
    """The quotes of one parsed document (pure: no article, no I/O)."""
    text = doc.text  # Doc.text joins every token: build it once
    qindex = QuoteIndex(quote_regions(text))
    mentions = mentions_of(entities)
    previous: list[str] = []
    quotes = []
    for n, cand in enumerate(extract_candidates(doc, weights, threshold, qindex), start=1):
        speaker = _speaker(doc, cand, mentions, entities, previous)
        if speaker is not None:
            previous.append(speaker)
        via = tuple(v for v in find_via(doc[cand.cue_tok], mentions) if v != speaker)
        quotes.append(
            Quote(
                id=f"q{n}",
                kind=quote_kind(cand.content, text, qindex),
                content=tuple(Span(s, e) for s, e in cand.content),
                cue=Span(*cand.cue),
                source=Span(*cand.source) if cand.source else None,
                speaker=speaker,
                via=via,
                confidence=round(cand.score, 3),
            )
        )
    return tuple(quotes)


def _speaker(
    doc: Any, cand: Candidate, mentions: Any, entities: Sequence[Entity], previous: list[str]
) -> str | None:
    if cand.source_head is None or cand.source is None:
        return None
    return resolve_speaker(doc[cand.source_head], cand.source, mentions, entities, previous)


class QuoteStage:
    def __init__(self, settings: Settings):
        self.weights = load_weights(settings.extra.get("quote_model"))
        self.threshold = float(settings.extra.get("quote_threshold", DEFAULT_THRESHOLD))

    def __call__(self, article: Article) -> Article:
        doc = article.cache["doc"]
        return article.with_(quotes=predict_quotes(doc, article.entities, self.weights, self.threshold))


@stage(STAGE_NAME, requires=("text", "doc", "entities"), assigns=("quotes",), languages=ENGLISH_ONLY)
def make_quote_stage(settings: Settings) -> QuoteStage:
    return QuoteStage(settings)
