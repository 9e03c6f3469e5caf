"""Confidence of a v4 candidate span from its numbers *and its words* (``verify.joblib``).

The calibrator (:mod:`presslens.techniques.calibration`) maps a candidate's piece probabilities,
span-head probability, length and technique to the probability that it is right.  The verifier
is the same logistic regression with two more kinds of evidence:

* the span's words with actors' names masked (the word ``someone``, as the encoder sees them),
  as TF-IDF word uni- and bigrams, and the same words crossed with the candidate's technique
  ("Loaded_Language_heroic"), so it learns which words PTC annotators mark under which label;
* where the span's words stand elsewhere in the text
  (:func:`presslens.techniques.classifier.repeat_features`);
* optionally (``context`` in the bundle, chosen by the same cross-validation) the candidate's
  surroundings (:func:`context_features`): how much of the article and of its sentence the
  model reads as persuasion, which other candidates overlap it and how strong they are, and the
  span's punctuation.  None of them reads a name.

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
from presslens.techniques.decoding import ANY, Candidate
from presslens.techniques.sentences import split_sentences
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


N_CONTEXT = 22


def context_features(
    text: str,
    cands: Sequence[Candidate],
    span_texts: Sequence[str],
    probs: np.ndarray,
    offsets: Sequence[tuple[int, int]],
) -> np.ndarray:
    """One row per candidate: its article's and its sentence's SI-channel probabilities, the
    candidates that overlap it, and the span's length and punctuation.  Lengths are counted in
    the encoder's word pieces (a masked name is one piece) and words are read from
    ``span_texts`` (names masked), so no row depends on how long or how capitalised a name is."""
    n = len(cands)
    x = np.zeros((n, N_CONTEXT), dtype=np.float64)
    if n == 0:
        return x
    npc = len(offsets)
    anyp = np.asarray(probs, dtype=np.float64)[:, ANY] if npc else np.zeros(1)
    ps = np.array([a for a, _ in offsets]) if npc else np.zeros(0)
    pe = np.array([b for _, b in offsets]) if npc else np.zeros(0)
    order = np.argsort(ps, kind="stable")
    sorted_starts = ps[order]

    def pieces_before(pos: np.ndarray) -> np.ndarray:
        return np.searchsorted(sorted_starts, pos, side="left")

    x[:, 0] = anyp.mean()
    x[:, 1] = (anyp > 0.5).mean()
    x[:, 2] = n / max(1, npc) * 100
    x[:, 3] = np.log(npc + 1)
    sents = split_sentences(text)
    sst = np.array([s.start for s in sents] or [0])
    sen = np.array([s.end for s in sents] or [len(text)])
    st = np.array([c.start for c in cands])
    en = np.array([c.end for c in cands])
    tech = np.array([c.technique for c in cands])
    mean_p = np.array([c.mean_p for c in cands])
    k = np.clip(np.searchsorted(sst, st, side="right") - 1, 0, len(sst) - 1)
    s0, s1 = sst[k], sen[k]
    for i in range(n):
        inside = (ps < s1[i]) & (pe > s0[i])
        if inside.any():
            x[i, 4] = anyp[inside].max()
            x[i, 5] = anyp[inside].mean()
    sent_pieces = np.maximum(1, pieces_before(s1) - pieces_before(s0))
    span_pieces = np.maximum(1, pieces_before(en) - pieces_before(st))
    x[:, 6] = np.log(sent_pieces + 1)
    x[:, 7] = span_pieces / sent_pieces
    x[:, 8] = (pieces_before(st) - pieces_before(s0)) / sent_pieces
    ov = (st[:, None] < en[None, :]) & (en[:, None] > st[None, :])
    np.fill_diagonal(ov, False)
    other = ov & (tech[:, None] != tech[None, :])
    x[:, 9] = ov.sum(1)
    x[:, 10] = other.sum(1)
    x[:, 11] = np.where(other, mean_p[None, :], 0.0).max(1)
    x[:, 12] = mean_p - x[:, 11]
    x[:, 13] = np.log(span_pieces + 1)
    for i, span in enumerate(span_texts):
        words = span.split()
        x[i, 14] = len(words)
        x[i, 15] = float("!" in span)
        x[i, 16] = float("?" in span)
        x[i, 17] = float(any(q in span for q in '"\u201c\u201d'))
        x[i, 18] = sum(w.isupper() and len(w) > 1 for w in words)
    x[:, 19:22] = np.log1p(np.abs(x[:, 9:12]))
    return x


class ContextScaler:
    """Standardises :func:`context_features` rows and weighs them against the word blocks."""

    def __init__(self, weight: float):
        self.weight = float(weight)
        self.mean = np.zeros(N_CONTEXT)
        self.scale = np.ones(N_CONTEXT)

    def fit(self, x: np.ndarray) -> ContextScaler:
        self.mean = x.mean(0)
        sd = x.std(0)
        self.scale = np.where(sd > 0, sd, 1.0)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale


def verify_matrix(
    vectorizers: Any,
    cands: Sequence[Candidate],
    span_texts: Sequence[str],
    repeats: np.ndarray,
    weight: float,
    fit: bool = False,
    context: np.ndarray | None = None,
    scaler: Any = None,
) -> Any:
    """One row per candidate: the calibrator's features, repeats, the weighted word blocks and
    (with ``scaler``) the standardised ``context`` rows times ``scaler.weight``."""
    from scipy.sparse import csr_matrix, hstack

    vec_words, vec_crossed = vectorizers
    cross = crossed(span_texts, [c.label for c in cands])
    words = vec_words.fit_transform(span_texts) if fit else vec_words.transform(span_texts)
    tech_words = vec_crossed.fit_transform(cross) if fit else vec_crossed.transform(cross)
    blocks = [
        csr_matrix(calibration.features(cands)),
        csr_matrix(repeats),
        words * weight,
        tech_words * weight,
    ]
    if scaler is not None and context is not None:
        if fit:
            scaler.fit(context)
        blocks.append(csr_matrix(scaler.transform(context) * scaler.weight))
    return hstack(blocks, format="csr")


class Verifier:
    """Calibrated confidence of candidates from their numbers and their (masked) words."""

    def __init__(self, bundle: dict[str, Any]):
        self.vectorizers = bundle["vectorizers"]
        self.lr = bundle["lr"]
        self.weight = float(bundle["weight"])
        self.scaler = bundle.get("context")
        self.info = {k: v for k, v in bundle.items() if k not in ("vectorizers", "lr")}

    @classmethod
    def load(cls, path: str | Path) -> Verifier:
        return cls(load_bundle(path, "verifier"))

    def apply(
        self,
        text: str,
        names: Sequence[tuple[int, int, str]],
        cands: Sequence[Candidate],
        probs: np.ndarray | None = None,
        offsets: Sequence[tuple[int, int]] = (),
    ) -> np.ndarray:
        if not cands:
            return np.zeros(0)
        spans = [(c.start, c.end) for c in cands]
        span_texts = [masked_span(text, s, e, names) for s, e in spans]
        ctx = None
        if self.scaler is not None:
            if probs is None:
                raise ValueError("this verifier reads the context: pass the piece probabilities and offsets")
            ctx = context_features(text, cands, span_texts, probs, offsets)
        x = verify_matrix(
            self.vectorizers,
            cands,
            span_texts,
            repeat_features(text, spans),
            self.weight,
            context=ctx,
            scaler=self.scaler,
        )
        return self.lr.predict_proba(x)[:, 1]
