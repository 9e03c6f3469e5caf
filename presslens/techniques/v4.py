"""The v4 technique model at run time: a fine-tuned MiniLM span tagger on onnxruntime.

Files in ``presslens/data/techniques/v4/`` (written by ``scripts/train_techniques_v4.py``; model card
``MODEL_CARD.md`` there):

* ``encoder-int8.onnx`` - all-MiniLM-L6-v2 fine-tuned on PTC train, int8, hidden states out;
* ``heads.npz`` - the piece head (14 technique sigmoids and one "inside any technique" sigmoid
  per word piece) and the span head (technique softmax over a span), applied with NumPy;
* ``decoding.json`` - the piece thresholds ``theta`` / ``theta_any``, the operating
  ``threshold`` on calibrated confidence and the calibrator, all chosen by cross-validation on
  PTC train;
* ``tc.joblib`` (optional) - the stacked technique classifier for given spans
  (:mod:`presslens.techniques.classifier`); without it :meth:`V4Model.classify` uses the span head;
* ``verify.joblib`` (optional) - confidence from a candidate's numbers and masked words
  (:mod:`presslens.techniques.verifier`); without it the calibrator in ``decoding.json``.

Steps: names masked and text cut into windows (``windows``), one encoder pass per window, piece
probabilities, runs of pieces to candidate spans (``decoding``), calibrated confidence
(``calibration``), spans at or above the operating threshold kept, overlaps of one technique
merged, one-word spans of a statement technique dropped (``decoding.drop_single_words``), spans
on a list item that is not a sentence dropped (``decoding.drop_list_fragments``).  No duplicate
(start, end, technique) ever leaves ``predict``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from presslens.errors import ModelLoadError
from presslens.nlp.onnx import cpu_session
from presslens.techniques import calibration
from presslens.techniques.classifier import TC_FILE, SpanClassifier
from presslens.techniques.decoding import (
    NT,
    Candidate,
    candidates,
    drop_list_fragments,
    drop_single_words,
    merge_overlaps,
    projected_span_head,
)
from presslens.techniques.sentences import TECHNIQUES, split_sentences
from presslens.techniques.verifier import VERIFY_FILE, Verifier
from presslens.techniques.windows import MAX_WORD_PIECES, TOKENIZER, build_windows, load_tokenizer

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "techniques" / "v4"
FILES = ("encoder-int8.onnx", "heads.npz", "decoding.json")  # required; tc.joblib is optional
DIM = 384
WINDOW_CACHE = 2048  # windows whose states are kept for a repeat (see V4Model._window_states)
SLICE_CHARS = 50_000  # a longer text is read in slices of whole sentences (same windows, less memory)


@dataclass(frozen=True, slots=True)
class Scored:
    start: int
    end: int
    technique: str
    confidence: float


class V4Model:
    def __init__(self, folder: str | Path | None = None, threads: int = 1):

        folder = Path(folder) if folder else DATA_DIR
        for name in FILES:
            if not (folder / name).is_file():
                raise ModelLoadError(
                    f"technique model file missing: {folder / name}; run scripts/train_techniques_v4.py"
                )
        try:
            self.tokenizer = load_tokenizer(TOKENIZER)
            self.session = cpu_session(str(folder / "encoder-int8.onnx"), threads)
            heads = np.load(folder / "heads.npz")
            self.piece_w, self.piece_b = heads["piece_w"], heads["piece_b"]
            self.span_w, self.span_b = heads["span_w"], heads["span_b"]
            self.decoding = json.loads((folder / "decoding.json").read_text())
        except Exception as e:  # noqa: BLE001 - onnxruntime, numpy and json raise their own types
            raise ModelLoadError(f"cannot load the v4 technique model from {folder}: {e}") from e
        if list(self.decoding.get("techniques", [])) != list(TECHNIQUES):
            raise ModelLoadError(f"{folder / 'decoding.json'}: technique labels differ from presslens's")
        self.theta = float(self.decoding["theta"])
        self.threshold = float(self.decoding["threshold"])
        tc_path = folder / TC_FILE
        self.tc = SpanClassifier.load(tc_path) if tc_path.is_file() else None
        verify_path = folder / VERIFY_FILE
        self.verifier = Verifier.load(verify_path) if verify_path.is_file() else None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[int, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()

    # -- encoder and heads ------------------------------------------------------------------
    def article_states(self, text: str, names: Sequence[tuple[int, int, str]]) -> dict[str, Any]:
        """Piece probabilities (pieces x 15), offsets and the span head over this text.

        One encoder pass per window, batched by length.  Each window is one sentence, so a long
        text is read in slices of whole sentences (``SLICE_CHARS``) with the same windows as in
        one go, and only a slice's word pieces and encoder outputs are alive at a time; the span
        head keeps 14 projected numbers per piece, not its 384-d state."""
        sents = split_sentences(text)
        probs: list[np.ndarray] = []
        piece_z: list[np.ndarray] = []
        cls_z: list[np.ndarray] = []
        window_of: list[np.ndarray] = []
        offsets: list[tuple[int, int]] = []
        n_windows = 0
        for a, b, starts in _slices(len(text), [x.start for x in sents]):
            sub_names = [(s - a, min(e, b) - a, t) for s, e, t in names if a <= s < b]
            windows = build_windows(
                text[a:b], sub_names, self.tokenizer, MAX_WORD_PIECES, [x - a for x in starts]
            )
            pr, pz, cz, wo = self._encode(windows)
            probs.append(pr)
            piece_z.append(pz)
            cls_z.append(cz)
            window_of.append(wo + n_windows)
            n_windows += len(windows)
            offsets.extend((s + a, e + a) for w in windows for s, e in w.offsets)
        return {
            "probs": np.concatenate(probs),
            "offsets": offsets,
            "head": projected_span_head(
                np.concatenate(piece_z), np.concatenate(cls_z), np.concatenate(window_of), self.span_b
            ),
        }

    def _encode(self, windows: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Piece probabilities, projected piece and [CLS] states for the span head, window of each piece.

        Each window runs alone.  The int8 encoder quantises its activations with one scale per
        batch, so in a batch a sentence's reading would depend on the other sentences that share
        it (piece probabilities moved by up to 0.13); alone, a sentence always reads the same.
        It is also 3x cheaper than 4,096-token batches on these short windows."""
        n = sum(len(w.offsets) for w in windows)
        probs = np.zeros((n, NT + 1), dtype=np.float32)
        piece_z = np.zeros((n, NT), dtype=np.float32)
        cls_z = np.zeros((len(windows), NT), dtype=np.float32)
        window_of = np.zeros(n, dtype=np.int64)
        a = 0
        for i, w in enumerate(windows):
            m = len(w.offsets)
            probs[a : a + m], piece_z[a : a + m], cls_z[i] = self._window_states(w.ids, m)
            window_of[a : a + m] = i
            a += m
        return probs, piece_z, cls_z, window_of

    def _window_states(self, ids: tuple[int, ...], m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Piece probabilities, projected piece states and projected [CLS] state of one window.

        A window's states depend on its word pieces only (it runs alone), so a window read
        before (a dateline, a sign-off, a "Read more" line that recurs across a site's pages:
        13 % of the windows of 100 PTC articles) is taken from a small cache, the same numbers
        without the encoder pass.  The cache holds ``WINDOW_CACHE`` windows (about 3 kB each)."""
        with self._lock:
            hit = self._cache.get(ids)
            if hit is not None:
                self._cache.move_to_end(ids)
                return hit
            x = np.asarray([ids], dtype=np.int64)
            h = self.session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0][0]
        piece_h = h[1 : m + 1]
        out = (
            1.0 / (1.0 + np.exp(-(piece_h @ self.piece_w + self.piece_b))),
            piece_h @ self.span_w[:DIM],
            h[0] @ self.span_w[DIM:],
        )
        with self._lock:
            self._cache[ids] = out
            if len(self._cache) > WINDOW_CACHE:
                self._cache.popitem(last=False)
        return out

    def scored_candidates(
        self, text: str, names: Sequence[tuple[int, int, str]], states: dict[str, Any] | None = None
    ) -> tuple[list[Candidate], np.ndarray]:
        """Every candidate span with its calibrated confidence (before the threshold).

        ``states``: this text's ``article_states`` when the caller already has them."""
        st = states or self.article_states(text, names)
        d = self.decoding
        cands = candidates(
            text,
            st["probs"],
            st["offsets"],
            st["head"],
            self.theta,
            d.get("theta_any"),
            float(d.get("second_ratio", 0.5)),
        )
        if self.verifier is not None:
            return cands, self.verifier.apply(text, names, cands)
        return cands, calibration.apply(d["calibrator"], cands)

    def predict(
        self, text: str, names: Sequence[tuple[int, int, str]], min_confidence: float | None = None
    ) -> list[Scored]:
        """Labelled spans with calibrated confidence at or above the operating threshold."""
        cands, conf = self.scored_candidates(text, names)
        floor = self.threshold if min_confidence is None else float(min_confidence)
        kept = [
            (c.start, c.end, c.technique, float(p)) for c, p in zip(cands, conf, strict=True) if p >= floor
        ]
        return [
            Scored(s, e, TECHNIQUES[t], p)
            for s, e, t, p in drop_list_fragments(text, drop_single_words(text, merge_overlaps(kept)))
        ]

    def classify(
        self,
        text: str,
        names: Sequence[tuple[int, int, str]],
        spans: Sequence[tuple[int, int]],
        states: dict[str, Any] | None = None,
    ) -> list[list[tuple[str, float]]]:
        """Technique ranking (label, probability) of given character spans (the TC task).

        With ``tc.joblib`` (:mod:`presslens.techniques.classifier`) the stacked classifier ranks
        them; without it, the span head alone."""
        st = states or self.article_states(text, names)
        offs = st["offsets"]
        starts = np.array([a for a, _ in offs]) if offs else np.zeros(0)
        ends = np.array([b for _, b in offs]) if offs else np.zeros(0)
        rows = []
        for s, e in spans:
            inside = np.flatnonzero((starts < e) & (ends > s))
            rows.append(st["head"](int(inside[0]), int(inside[-1])) if len(inside) else np.full(NT, 1.0 / NT))
        head = np.asarray(rows, dtype=np.float32).reshape(len(rows), NT)
        if self.tc is not None:
            proba, labels = self.tc.proba(text, list(spans), head), self.tc.classes
        else:
            proba, labels = head, list(TECHNIQUES)
        out: list[list[tuple[str, float]]] = []
        for row in proba:
            order = np.argsort(-row)
            out.append([(labels[i], float(row[i])) for i in order])
        return out


@lru_cache(maxsize=2)
def load_v4(folder: str | None = None) -> V4Model:
    """One model per process (the ONNX session is shared behind a lock)."""
    return V4Model(folder)


def as_dict(s: Scored) -> dict[str, Any]:
    return {"technique": s.technique, "start": s.start, "end": s.end, "confidence": s.confidence}


STAGE_NAME_V4 = "presslens.techniques.tagger.v4"


def article_scores(text: str, techs: Sequence[Any], threshold: float, names_masked: int) -> dict[str, Any]:
    """Per-article summary stored in ``scores.techniques`` (the keys of every technique stage, plus
    ``names_masked``)."""
    from presslens.techniques.sentences import count_words, split_sentences, technique_scores

    scores = technique_scores(split_sentences(text), count_words(text), list(techs), threshold, STAGE_NAME_V4)
    return {**scores, "names_masked": names_masked}


class TechniqueTaggerV4:
    """The v4 stage: masked names, fine-tuned span tagger, calibrated spans above the threshold."""

    def __init__(self, settings: Any, model: V4Model | None = None):
        self.model = model or load_v4()
        mc = getattr(settings, "technique_min_confidence", None)
        self.threshold = self.model.threshold if mc is None else float(mc)

    def __call__(self, article: Any) -> Any:
        from presslens.model import Technique
        from presslens.techniques.windows import article_names

        names = article_names(article)
        found = self.model.predict(article.text, names, self.threshold)
        techs = tuple(
            Technique(technique=s.technique, start=s.start, end=s.end, confidence=round(s.confidence, 4))
            for s in found
        )
        scores = article_scores(article.text, techs, self.threshold, len(names))
        return article.with_(techniques=techs, scores={**article.scores, "techniques": scores})

    def pipe(self, articles: list[Any]) -> list[Any]:
        return [self(a) for a in articles]


def _slices(n_chars: int, starts: Sequence[int]) -> list[tuple[int, int, list[int]]]:
    """(start, end, sentence starts inside) for consecutive slices of whole sentences of about
    ``SLICE_CHARS`` characters each; one slice for a text shorter than that."""
    if n_chars <= SLICE_CHARS or len(starts) < 2:
        return [(0, n_chars, list(starts))]
    out: list[tuple[int, int, list[int]]] = []
    a, cur = 0, []
    for x in starts:
        if cur and x - a >= SLICE_CHARS:
            out.append((a, x, cur))
            a, cur = x, []
        cur.append(x)
    out.append((a, n_chars, cur))
    return out
