"""Confidence of a v4 candidate span from its numbers *and its words* (``verify.joblib``).

The calibrator (:mod:`presslens.techniques.calibration`) maps a candidate's piece probabilities,
span-head probability, length and technique to the probability that it is right.  The verifier
is the same logistic regression with two more kinds of evidence:

* the span's words with actors' names masked (the word ``someone``, as the encoder sees them),
  as TF-IDF word uni- and bigrams, and the same words crossed with the candidate's technique
  ("Loaded_Language_heroic"), so it learns which words PTC annotators mark under which label;
* where the span's words stand elsewhere in the text
  (:func:`presslens.techniques.classifier.repeat_features`).

"Right" is the calibrator's: at least half of the span inside a gold span of its technique.
``scripts/train_techniques_v4.py verify`` fits it on the out-of-fold candidates of the
cross-validation on PTC train (cross-fitted, so every number it is chosen by is out-of-fold) and
picks ``C`` and the operating threshold by SI F1 + FLC F1.  Names are masked, so the words it
reads do not carry the actors' names: the even-handedness of the stage is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from presslens.techniques import calibration
from presslens.techniques.classifier import load_bundle, repeat_features
from presslens.techniques.decoding import Candidate
from presslens.techniques.windows import MASK_WORD

VERIFY_FILE = "verify.joblib"


def masked_span(text: str, start: int, end: int, names: Sequence[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with every masked name inside it replaced by ``MASK_WORD``."""
    out, k = [], start
    for ns, ne, _t in names:
        if ne <= start or ns >= end:
            continue
        out.append(text[k : max(ns, start)])
        out.append(f" {MASK_WORD} ")
        k = min(ne, end)
    out.append(text[k:end])
    return "".join(out)


def crossed(span_texts: Sequence[str], labels: Sequence[str]) -> list[str]:
    """Each span's lower-cased words prefixed by its technique ("Doubt_really")."""
    return [" ".join(f"{t}_{w}" for w in s.lower().split()) for s, t in zip(span_texts, labels, strict=True)]


def verify_matrix(
    vectorizers: Any,
    cands: Sequence[Candidate],
    span_texts: Sequence[str],
    repeats: np.ndarray,
    weight: float,
    fit: bool = False,
) -> Any:
    """One row per candidate: the calibrator's features, repeats, and the weighted word blocks."""
    from scipy.sparse import csr_matrix, hstack

    vec_words, vec_crossed = vectorizers
    cross = crossed(span_texts, [c.label for c in cands])
    words = vec_words.fit_transform(span_texts) if fit else vec_words.transform(span_texts)
    tech_words = vec_crossed.fit_transform(cross) if fit else vec_crossed.transform(cross)
    return hstack(
        [csr_matrix(calibration.features(cands)), csr_matrix(repeats), words * weight, tech_words * weight],
        format="csr",
    )


class Verifier:
    """Calibrated confidence of candidates from their numbers and their (masked) words."""

    def __init__(self, bundle: dict[str, Any]):
        self.vectorizers = bundle["vectorizers"]
        self.lr = bundle["lr"]
        self.weight = float(bundle["weight"])
        self.info = {k: v for k, v in bundle.items() if k not in ("vectorizers", "lr")}

    @classmethod
    def load(cls, path: str | Path) -> Verifier:
        return cls(load_bundle(path, "verifier"))

    def apply(
        self, text: str, names: Sequence[tuple[int, int, str]], cands: Sequence[Candidate]
    ) -> np.ndarray:
        if not cands:
            return np.zeros(0)
        spans = [(c.start, c.end) for c in cands]
        x = verify_matrix(
            self.vectorizers,
            cands,
            [masked_span(text, s, e, names) for s, e in spans],
            repeat_features(text, spans),
            self.weight,
        )
        return self.lr.predict_proba(x)[:, 1]
