"""Persuasion-technique stages (SemEval-2020 Task 11 labels), CPU-only, trained by the project.

``presslens.techniques.crf.v3`` (default): sentence gate, span CRFs and a technique classifier
with MiniLM span embeddings.  ``presslens.techniques.crf.v2`` and ``.v1`` keep the previous
classifier (stored in the same file as ``legacy``) with its two decodings.  The models live in
``presslens.techniques`` (``crf``, ``features``, ``lexicon``, ``sentences``); see
``presslens/data/techniques/MODEL_CARD.md``.  No stage needs spaCy.
"""

from __future__ import annotations

from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings
from presslens.techniques.crf import STAGE_NAME, STAGE_NAME_V1, STAGE_NAME_V2, TechniqueTagger


@stage(STAGE_NAME, requires=("text",), assigns=("techniques", "scores.techniques"), languages=ENGLISH_ONLY)
def make_technique_tagger(settings: Settings) -> TechniqueTagger:
    return TechniqueTagger(settings)


@stage(
    STAGE_NAME_V2,
    requires=("text",),
    assigns=("techniques", "scores.techniques"),
    languages=ENGLISH_ONLY,
    default=False,
)
def make_technique_tagger_v2(settings: Settings) -> TechniqueTagger:
    """The previous default: the classifier without span embeddings (``legacy``), v2 decoding."""
    return TechniqueTagger(settings, decoding="v2", legacy=True)


@stage(
    STAGE_NAME_V1,
    requires=("text",),
    assigns=("techniques", "scores.techniques"),
    languages=ENGLISH_ONLY,
    default=False,
)
def make_technique_tagger_v1(settings: Settings) -> TechniqueTagger:
    """The v1 decoding of the legacy classifier: general spans, one label each (two when close)."""
    return TechniqueTagger(settings, decoding="v1", legacy=True)


__all__ = ["make_technique_tagger", "make_technique_tagger_v1", "make_technique_tagger_v2"]
