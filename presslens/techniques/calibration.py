"""Confidence of a v4 technique span: a calibrated probability that the span is right.

"Right" means: at least half of the span's characters lie inside a gold span of the *same*
technique (the quantity FLC's partial credit rewards).  A logistic regression (Platt scaling with
a few features) maps a candidate's mean and highest piece probability for its technique, its mean
SI probability and the span head's probability of its technique (all as log-odds), its length in
pieces, how it was found and its technique to that probability.  It is fitted by ``scripts/train_techniques_v4.py``
on out-of-fold predictions of the cross-validation on PTC train (each article scored by a model
that never saw it), never on dev; the model card prints its reliability table on dev.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from presslens.techniques.decoding import Candidate
from presslens.techniques.sentences import TECHNIQUES

_EPS = 1e-4
N_DENSE = 6


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return float(np.log(p / (1 - p)))


def features(cands: Sequence[Candidate]) -> np.ndarray:
    x = np.zeros((len(cands), N_DENSE + len(TECHNIQUES)), dtype=np.float64)
    for i, c in enumerate(cands):
        x[i, 0] = _logit(c.mean_p)
        x[i, 1] = _logit(c.max_p)
        x[i, 2] = _logit(c.any_p)
        x[i, 3] = _logit(c.head_p)
        x[i, 4] = np.log(c.n_pieces)
        x[i, 5] = float(c.from_span)
        x[i, N_DENSE + c.technique] = 1.0
    return x


def is_right(c: Candidate, gold_chars: dict[int, np.ndarray]) -> bool:
    """At least half of the span's characters inside a gold span of its technique."""
    g = gold_chars.get(c.technique)
    if g is None:
        return False
    return bool(g[c.start : c.end].mean() >= 0.5)


def fit(cands: Sequence[Candidate], right: Sequence[bool], c: float = 1.0) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit(features(cands), np.asarray(right, dtype=int))
    return {"coef": lr.coef_[0].round(6).tolist(), "intercept": float(lr.intercept_[0])}


def apply(params: dict[str, Any], cands: Sequence[Candidate]) -> np.ndarray:
    if not cands:
        return np.zeros(0)
    z = features(cands) @ np.asarray(params["coef"]) + params["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def reliability(
    conf: Sequence[float], right: Sequence[bool], bins: int = 10
) -> tuple[list[dict[str, float]], float]:
    """Reliability table (equal-width bins) and expected calibration error."""
    conf_a = np.asarray(conf, dtype=float)
    right_a = np.asarray(right, dtype=float)
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf_a >= lo) & ((conf_a < hi) if b < bins - 1 else (conf_a <= hi))
        if not sel.any():
            continue
        mc, acc = float(conf_a[sel].mean()), float(right_a[sel].mean())
        rows.append({"lo": lo, "hi": hi, "n": int(sel.sum()), "mean_confidence": mc, "share_right": acc})
        ece += sel.sum() / max(1, len(conf_a)) * abs(mc - acc)
    return rows, float(ece)
