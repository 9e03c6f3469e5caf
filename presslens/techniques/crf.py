"""Persuasion-technique spans (SemEval-2020 Task 11 labels), CPU-only, trained by the project.

Stage ``presslens.techniques.crf.v3`` (default); ``presslens.techniques.crf.v2`` and ``.v1`` keep
the previous technique classifier (stored in the same file as ``legacy``) with its two decodings.
Steps, all fitted by ``scripts/train_techniques.py``
on PTC train (model selection on PTC dev; see ``presslens/data/techniques/MODEL_CARD.md``):

1. **Sentence gate** - a logistic regression over TF-IDF n-grams and lexicon counts gives each
   sentence a probability of holding a technique; the probability is a feature of step 2.
2. **Span identification** - a linear-chain CRF (``sklearn-crfsuite``) tags tokens B/I/O with
   lexical, window, lexicon, repetition and sentence features.  Tokens whose marginal probability
   of being inside a span reaches the threshold (``Settings.technique_threshold``; default: the one
   stored with the model, tuned on PTC dev) form spans, trimmed to the v2 boundary rule.
3. **Technique classification** - a linear classifier over TF-IDF word and character n-grams of
   the span and its sentence plus repetition, length and lexicon features and (v3) a MiniLM
   sentence embedding of the span (``presslens.nlp.embed``, int8 ONNX) ranks the techniques of
   each span.  v1 keeps the top label (and a second one when close).  v2 keeps, per technique, the
   labels whose probability reaches that technique's threshold (or the top label where the model
   says so).
4. **Per-technique spans (v2)** - binary CRFs of their own for the frequent techniques
   (``Loaded_Language``, ``Name_Calling,Labeling``, ``Flag-Waving``, ...) on the same token
   features give short spans that carry their technique; they may overlap other spans.

A small lexicon layer (``lexicons.json`` ``epithets``) adds ``Loaded_Language`` spans over loaded
epithets the model missed; it applies the same word list to every text, whatever its outlet.

The model does its own tokenisation and sentence splitting (``presslens.techniques.sentences``);
it does not need spaCy.  The stages are registered in ``presslens.stages.techniques``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError
from presslens.model import Article, Technique
from presslens.settings import Settings
from presslens.techniques.features import (
    DocFeatures,
    analyse_text,
    sentence_extra,
    sentence_text_for_gate,
    tc_inputs,
    tc_matrix,
    token_features,
    trim_span,
)
from presslens.techniques.lexicon import DATA_DIR, lexicon_layer, load_lexicons
from presslens.techniques.sentences import _WORD_RE, technique_scores

STAGE_NAME = "presslens.techniques.crf.v3"
STAGE_NAME_V2 = "presslens.techniques.crf.v2"
STAGE_NAME_V1 = "presslens.techniques.crf.v1"
MODEL_FILE = "model.joblib"


class TechniqueModel:
    """The fitted components, loaded from ``model.joblib``; prediction is pure (text -> spans)."""

    def __init__(self, bundle: dict[str, Any], lex: dict[str, Any]):
        self.bundle = bundle
        self.lex = lex
        self.gate = bundle["gate"]  # (vectorizer, scaler-free LR) on sentence text + extra
        self.crf = bundle["crf"]
        self.tc = bundle["tc"]
        self.threshold: float = float(bundle["threshold"])
        self.second_label_ratio: float = float(bundle.get("second_label_ratio", 1.1))
        self.min_chars: int = int(bundle.get("min_chars", 2))
        self.version: str = bundle.get("version", "unknown")
        self.gate_blend: float = float(bundle.get("gate_blend", 1.0))  # token score = a*crf + (1-a)*gate
        self.tc_temperature: float = float(bundle.get("tc_temperature", 3.0))
        # v3: weight of the span's MiniLM embedding block in the classifier (0: not used)
        self.tc_embed: float = float(bundle.get("tc_embed", 0.0))
        self.use_lexicon: bool = True  # the documented lexicon layer (see ``lexicon_layer``)
        # v2: one binary span CRF per frequent technique, and per-technique label decoding
        self.tech_crfs: dict[str, Any] = dict(bundle.get("tech_crfs", {}))
        self.flc: dict[str, dict[str, Any]] = dict(bundle.get("flc", {}))
        self.decoding: str = "v2" if self.flc else "v1"
        self.v2_threshold: float = float(bundle.get("v2_threshold", self.threshold))
        if self.decoding == "v2":
            self.threshold = self.v2_threshold

    # -- step 1 ------------------------------------------------------------------------------
    def gate_probs(self, doc: DocFeatures) -> list[float]:
        if not doc.sentences:
            return []
        from scipy.sparse import csr_matrix, hstack

        vec, clf = self.gate
        texts = [sentence_text_for_gate(doc, i) for i in range(len(doc.sentences))]
        extra = csr_matrix([sentence_extra(doc, i) for i in range(len(doc.sentences))])
        x = hstack([vec.transform(texts), extra], format="csr")
        return [float(p) for p in clf.predict_proba(x)[:, 1]]

    # -- step 2 ------------------------------------------------------------------------------
    def token_items(self, doc: DocFeatures, gates: list[float]) -> list[Any]:
        """CRF inputs of every sentence, built once and shared by all the span CRFs."""
        import pycrfsuite

        return [pycrfsuite.ItemSequence(token_features(doc, i, gates[i])) for i in range(len(doc.sentences))]

    def token_probs(
        self, doc: DocFeatures, gates: list[float], items: list[Any] | None = None
    ) -> list[list[float]]:
        if items is None:
            items = self.token_items(doc, gates)
        a = self.gate_blend
        return [
            [a * p + (1.0 - a) * g for p in ps]
            for ps, g in zip(_inside_probs(self.crf, items), gates, strict=True)
        ]

    def spans(
        self, doc: DocFeatures, probs: list[list[float]], threshold: float
    ) -> list[tuple[int, int, float]]:
        """Contiguous runs of tokens at or above ``threshold``, trimmed; (start, end, mean prob)."""
        out: list[tuple[int, int, float]] = []
        text = doc.text
        for sent, ps in zip(doc.sentences, probs, strict=True):
            run: list[int] = []
            for i, p in enumerate([*ps, -1.0]):
                if p >= threshold:
                    run.append(i)
                    continue
                if run:
                    s = sent.tokens[run[0]][0]
                    e = sent.tokens[run[-1]][1]
                    s, e = trim_span(text, s, e)
                    if e - s >= self.min_chars:
                        out.append((s, e, sum(ps[j] for j in run) / len(run)))
                    run = []
        return out

    # -- step 3 ------------------------------------------------------------------------------
    def classify(self, doc: DocFeatures, spans: list[tuple[int, int]]) -> list[list[tuple[str, float]]]:
        """Ranked (technique, probability) for each span."""
        if not spans:
            return []
        import numpy as np

        clf = self.tc[4]
        span_texts, sent_texts, ctx, extras = tc_inputs(doc, spans, self.lex)
        x = tc_matrix(self.tc[:4], span_texts, sent_texts, ctx, extras, self.tc_embed)
        if hasattr(clf, "predict_proba"):
            proba = clf.predict_proba(x)
        else:  # a linear SVM: softmax over the decision values as a confidence
            z = clf.decision_function(x) * self.tc_temperature
            z = np.exp(z - z.max(axis=1, keepdims=True))
            proba = z / z.sum(axis=1, keepdims=True)
        classes = list(clf.classes_)
        out = []
        for row in proba:
            order = np.argsort(-row)
            out.append([(classes[j], float(row[j])) for j in order])
        return out

    # -- all ---------------------------------------------------------------------------------
    def predict(
        self, text: str, threshold: float | None = None, decoding: str | None = None
    ) -> tuple[list[Technique], DocFeatures]:
        """Spans with techniques.  ``decoding`` "v2" (default when the bundle has per-technique
        CRFs): per-technique spans and label thresholds; "v1": one label (two when close) per span."""
        thr = self.threshold if threshold is None else float(threshold)
        mode = decoding or self.decoding
        if mode == "v1" and threshold is None:
            thr = float(self.bundle["threshold"])
        doc = analyse_text(text, self.lex)
        gates = self.gate_probs(doc)
        items = self.token_items(doc, gates)
        probs = self.token_probs(doc, gates, items)
        raw = self.spans(doc, probs, thr)
        ranked = self.classify(doc, [(s, e) for s, e, _ in raw])
        techs: list[Technique] = []
        if mode == "v2" and self.flc:
            techs = self.decode_v2(doc, gates, items, raw, ranked)
        else:
            for (s, e, p), labels in zip(raw, ranked, strict=True):
                (l1, p1), (l2, p2) = labels[0], labels[1]
                techs.append(Technique(l1, s, e, round(p * p1, 4)))
                if p2 * self.second_label_ratio >= p1:
                    techs.append(Technique(l2, s, e, round(p * p2, 4)))
        if self.use_lexicon:
            techs.extend(lexicon_layer(doc, self.lex, techs))
        techs.sort(key=lambda t: (t.start, t.end, t.technique))
        return techs, doc

    def tech_spans(
        self, doc: DocFeatures, gates: list[float], items: list[Any], technique: str, threshold: float
    ) -> list[tuple[int, int, float]]:
        """Spans of one technique from its own binary CRF (no gate blend)."""
        probs = _inside_probs(self.tech_crfs[technique], items)
        return self.spans(doc, probs, threshold)

    def decode_v2(
        self,
        doc: DocFeatures,
        gates: list[float],
        items: list[Any],
        raw: list[tuple[int, int, float]],
        ranked: list[list[tuple[str, float]]],
    ) -> list[Technique]:
        """Per technique: the classifier's label on a general span when its probability reaches the
        technique's ``tau`` (or it is the top label and ``keep_top``), plus the spans of the
        technique's own CRF at its ``crf`` threshold.  Spans of different techniques may overlap."""
        out: list[Technique] = []
        for (s, e, p), labels in zip(raw, ranked, strict=True):
            top = labels[0][0]
            for lab, q in labels:
                cfg = self.flc.get(lab)
                if cfg is None:
                    continue
                if q >= cfg["tau"] or (lab == top and cfg.get("keep_top", False)):
                    out.append(Technique(lab, s, e, round(p * q, 4)))
        for technique, cfg in self.flc.items():
            thr = cfg.get("crf")
            if thr is None or technique not in self.tech_crfs:
                continue
            for s, e, p in self.tech_spans(doc, gates, items, technique, float(thr)):
                out.append(Technique(technique, s, e, round(p, 4)))
        return out


def _inside_probs(crf: Any, items: list[Any]) -> list[list[float]]:
    """P(token is not ``O``) per token of each sentence, from a fitted sklearn-crfsuite CRF."""
    tagger = crf.tagger_
    out = []
    for it in items:
        tagger.set(it)
        out.append([1.0 - tagger.marginal("O", i) for i in range(len(it))])
    return out


@lru_cache(maxsize=2)
def _load_bundle(path: str | None) -> dict[str, Any]:
    import joblib

    p = Path(path) if path else DATA_DIR / MODEL_FILE
    if not p.exists():
        raise ModelLoadError(f"technique model not found at {p}; run scripts/train_techniques.py")
    try:
        return joblib.load(p)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a load error
        raise ModelLoadError(f"cannot load technique model {p}: {e}") from e


@lru_cache(maxsize=4)
def load_model(path: str | None = None, legacy: bool = False) -> TechniqueModel:
    """Load the shipped model once per process.  ``legacy``: the previous classifier and decodings
    (stages v2 and v1) stored in the same file, sharing its gate and span CRFs."""
    bundle = dict(_load_bundle(path))
    if legacy:
        if "legacy" not in bundle:
            raise ModelLoadError(
                f"technique model {path or DATA_DIR / MODEL_FILE} holds no legacy (v1/v2) classifier"
            )
        bundle.update(bundle["legacy"])
    bundle.pop("legacy", None)
    return TechniqueModel(bundle, load_lexicons(None))


def article_scores(
    text: str, doc: DocFeatures, techs: list[Technique], threshold: float, version: str
) -> dict[str, Any]:
    words = sum(1 for ws in doc.words for w in ws if _WORD_RE.match(w))
    return technique_scores(list(doc.sentences), words, techs, threshold, version)


class TechniqueTagger:
    def __init__(
        self,
        settings: Settings,
        model: TechniqueModel | None = None,
        decoding: str | None = None,
        legacy: bool = False,
    ):
        self.settings = settings
        self.model = model or load_model(None, legacy)
        self.decoding = decoding or self.model.decoding
        default_thr = self.model.threshold if self.decoding == "v2" else float(self.model.bundle["threshold"])
        self.threshold = (
            default_thr if settings.technique_threshold is None else float(settings.technique_threshold)
        )

    def __call__(self, article: Article) -> Article:
        techs, doc = self.model.predict(article.text, self.threshold, self.decoding)
        version = self.model.version if self.decoding == "v2" else STAGE_NAME_V1
        scores = article_scores(article.text, doc, techs, self.threshold, version)
        return article.with_(techniques=tuple(techs), scores={**article.scores, "techniques": scores})

    def pipe(self, articles: list[Article]) -> list[Article]:
        return [self(a) for a in articles]
