"""The v4 technique classifier (TC): which technique a given span is.

A linear SVM over two kinds of evidence, stacked:

* the span's own words, as the v3 classifier reads them (:func:`presslens.techniques.features.tc_matrix`:
  TF-IDF word and character n-grams of the span and its sentence, context tokens, repetition,
  length and lexicon features), and
* the fine-tuned v4 encoder's view of the span: the log-probabilities of the v4 span head
  (14 numbers), weighted by ``head_weight``;
* (``embed_weight`` > 0) the span's all-MiniLM-L6-v2 sentence embedding (``presslens.nlp.embed``),
  as the v3 classifier has it, and (``sentence_weight`` > 0) the embedding of its sentence;
* (``repeat_weight`` > 0) whether the span's words stand earlier or later in the text
  (:func:`repeat_features`).

``scripts/train_techniques_v4.py tc`` fits it on PTC train with the span head's *out-of-fold*
log-probabilities (each article's from the fold model that did not train on it: what the shipped
encoder gives on unseen text) and chooses ``C`` and ``head_weight`` by cross-validation over the same
folds (and the weights of the other blocks the same way).  Probabilities are a softmax over the SVM's decision values with a temperature fitted on
the out-of-fold decision values (lowest log loss).  Shipped as ``tc.joblib`` next to the encoder;
without it the v4 model falls back to its span head.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from presslens.errors import ModelLoadError
from presslens.techniques.features import analyse_text, tc_inputs, tc_matrix
from presslens.techniques.lexicon import load_lexicons

TC_FILE = "tc.joblib"
LOGP_FLOOR = -20.0  # log-probabilities of the span head are clipped here (a softmax can underflow)


def load_bundle(path: str | Path, what: str) -> dict[str, Any]:
    """A joblib bundle shipped with the v4 model; any failure to read it is a ``ModelLoadError``."""
    import joblib

    try:
        return joblib.load(path)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a load error
        raise ModelLoadError(f"cannot load the technique {what} {path}: {e}") from e


def head_features(head_probs: np.ndarray) -> np.ndarray:
    """The span head's probabilities (spans x 14) as the stacked block: clipped log-probabilities."""
    return np.maximum(np.log(np.maximum(head_probs, 1e-30)), LOGP_FLOOR).astype(np.float32)


def repeat_features(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Where else the span's words stand in the text (case-folded): an earlier copy, a later copy,
    and how many copies come before it (log).  PTC labels the second and later copies of a phrase
    ``Repetition``; the v3 features count copies but do not say which one this is."""
    low = text.lower()
    out = np.zeros((len(spans), 3), dtype=np.float32)
    for i, (s, e) in enumerate(spans):
        key = low[s:e].strip()
        if not key:
            continue
        before = low.count(key, 0, s + len(key) - 1)  # copies that start before this one
        out[i] = (float(before > 0), float(low.find(key, s + 1) >= 0), np.log1p(before))
    return out


def stack_matrix(
    vectorizers: Any,
    inputs: tuple[list[str], list[str], list[str], list[list[float]]],
    head_probs: np.ndarray,
    head_weight: float,
    dense: Sequence[np.ndarray] = (),
    fit: bool = False,
) -> Any:
    """One row per span: the v3 TC features, the weighted span-head block and further dense
    blocks (already weighted: sentence embeddings, :func:`repeat_features`)."""
    from scipy.sparse import csr_matrix, hstack

    span_texts, sent_texts, ctx, extras = inputs
    blocks = [
        tc_matrix(vectorizers, span_texts, sent_texts, ctx, extras, 0.0, fit=fit),
        csr_matrix(head_features(head_probs) * head_weight),
    ]
    blocks += [csr_matrix(x) for x in dense]
    return hstack(blocks, format="csr")


def softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class SpanClassifier:
    """Ranks the techniques of given spans from their text and the v4 span head."""

    def __init__(self, bundle: dict[str, Any]):
        self.vectorizers = bundle["vectorizers"]
        self.svm = bundle["svm"]
        self.head_weight = float(bundle["head_weight"])
        self.embed_weight = float(bundle.get("embed_weight", 0.0))
        self.sentence_weight = float(bundle.get("sentence_weight", 0.0))
        self.repeat_weight = float(bundle.get("repeat_weight", 0.0))
        self.temperature = float(bundle["temperature"])
        self.classes = [str(c) for c in self.svm.classes_]
        self.info = {k: v for k, v in bundle.items() if k not in ("vectorizers", "svm")}
        self.lex = load_lexicons(None)

    @classmethod
    def load(cls, path: str | Path) -> SpanClassifier:
        return cls(load_bundle(path, "classifier"))

    def dense_blocks(
        self,
        text: str,
        spans: list[tuple[int, int]],
        inputs: tuple[list[str], list[str], list[str], list[list[float]]],
    ) -> list[np.ndarray]:
        """The weighted dense blocks after the span head: span and sentence embeddings, repeats."""
        out = []
        if self.embed_weight or self.sentence_weight:
            from presslens.nlp.embed import load_encoder

            enc = load_encoder()
            if self.embed_weight:
                out.append(enc.encode(inputs[0]) * self.embed_weight)
            if self.sentence_weight:
                out.append(enc.encode(inputs[1]) * self.sentence_weight)
        if self.repeat_weight:
            out.append(repeat_features(text, spans) * self.repeat_weight)
        return out

    def proba(self, text: str, spans: list[tuple[int, int]], head_probs: np.ndarray) -> np.ndarray:
        """Probabilities (spans x techniques, in ``self.classes`` order)."""
        if not spans:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        inputs = tc_inputs(analyse_text(text, self.lex), spans, self.lex)
        x = stack_matrix(
            self.vectorizers, inputs, head_probs, self.head_weight, self.dense_blocks(text, spans, inputs)
        )
        return softmax(self.svm.decision_function(x) * self.temperature)
