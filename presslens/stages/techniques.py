"""Persuasion-technique stages (SemEval-2020 Task 11 labels), CPU-only, trained by the project.

``presslens.techniques.tagger.v4`` (default): a fine-tuned MiniLM span tagger run as int8 ONNX,
actors' names masked before it reads the text, calibrated confidences, spans at or above the
operating threshold (``Settings.technique_min_confidence``; default: the one chosen by
cross-validation on PTC train).  See ``presslens/data/techniques/v4/MODEL_CARD.md``.

``presslens.techniques.crf.v3``: sentence gate, span CRFs and a technique classifier
with MiniLM span embeddings.  ``presslens.techniques.crf.v2`` and ``.v1`` keep the previous
classifier (stored in the same file as ``legacy``) with its two decodings.  The models live in
``presslens.techniques`` (``crf``, ``features``, ``lexicon``, ``sentences``); see
``presslens/data/techniques/MODEL_CARD.md``.  No stage needs spaCy.
"""

from __future__ import annotations

from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings
from presslens.techniques.crf import STAGE_NAME, STAGE_NAME_V1, STAGE_NAME_V2, TechniqueTagger
from presslens.techniques.v4 import STAGE_NAME_V4, TechniqueTaggerV4


@stage(
    STAGE_NAME_V4,
    requires=("text", "entities"),
    assigns=("techniques", "scores.techniques"),
    languages=ENGLISH_ONLY,
)
def make_technique_tagger_v4(settings: Settings) -> TechniqueTaggerV4:
    return TechniqueTaggerV4(settings)


@stage(
    STAGE_NAME,
    requires=("text",),
    assigns=("techniques", "scores.techniques"),
    languages=ENGLISH_ONLY,
    default=False,
)
def make_technique_tagger(settings: Settings) -> TechniqueTagger:
    """v3: CRF spans and a linear technique classifier (the default before v4)."""
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


__all__ = [
    "make_technique_tagger",
    "make_technique_tagger_v4",
    "make_technique_tagger_v1",
    "make_technique_tagger_v2",
]
