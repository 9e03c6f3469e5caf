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

The stage does its own tokenisation and sentence splitting; it does not need spaCy.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError
from presslens.model import Article, Technique
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings

STAGE_NAME = "presslens.techniques.crf.v3"
STAGE_NAME_V2 = "presslens.techniques.crf.v2"
STAGE_NAME_V1 = "presslens.techniques.crf.v1"
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "techniques"
MODEL_FILE = "model.joblib"
LEXICON_FILE = "lexicons.json"

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
CTX_WEIGHT = 0.7  # weight of the context-token block in the technique classifier
BOUNDARY_CHARS = frozenset(" \n.,:;")  # v2 rule: spans never start or end with these

# --------------------------------------------------------------------------------------------
# Tokens and sentences
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_SENT_END_RE = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]*[A-Z0-9])")
_WORD_RE = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    line: int  # 0-based line index of the sentence in the text
    tokens: tuple[tuple[int, int], ...]  # char offsets of tokens


_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "fig",
        "rev",
        "hon",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)


def _is_abbrev(line: str, end: int) -> bool:
    """True when the full stop just before ``end`` closes an abbreviation or an initial."""
    k = end
    while k > 0 and line[k - 1] in "\"”’')]":
        k -= 1
    if k == 0 or line[k - 1] != ".":
        return False
    j = k - 1
    while j > 0 and (line[j - 1].isalnum() or line[j - 1] == "."):
        j -= 1
    word = line[j : k - 1].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Lines first (news text is one paragraph or sentence per line), then sentence ends."""
    out: list[Sentence] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0] + [m.end() for m in _SENT_END_RE.finditer(line) if not _is_abbrev(line, m.start())]
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:], strict=False):
            seg = line[a:b]
            toks = tuple((base + a + m.start(), base + a + m.end()) for m in _TOKEN_RE.finditer(seg))
            if toks:
                out.append(Sentence(toks[0][0], toks[-1][1], line_no, toks))
    return out


def count_words(text: str) -> int:
    return sum(1 for m in _TOKEN_RE.finditer(text) if _WORD_RE.match(m.group()))


# --------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def load_lexicons(path: str | None = None) -> dict[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]]:
    """Category -> (single words, multi-word token sequences)."""
    p = Path(path) if path else DATA_DIR / LEXICON_FILE
    raw = json.loads(p.read_text(encoding="utf-8"))
    out = {}
    for cat, entries in raw.items():
        if cat.startswith("_"):
            continue
        singles = set()
        multis = []
        for e in entries:
            toks = tuple(m.group().lower() for m in _TOKEN_RE.finditer(e))
            if len(toks) == 1:
                singles.add(toks[0])
            elif toks:
                multis.append(toks)
        out[cat] = (frozenset(singles), tuple(multis))
    return out


_LEX_INDEX: dict[
    int, tuple[Any, dict[str, frozenset[str]], dict[str, tuple[tuple[tuple[str, ...], str], ...]]]
] = {}


def _lexicon_index(lex: dict[str, Any]):
    """word -> categories, and first word -> (multi-word entry, category), built once per lexicon."""
    hit = _LEX_INDEX.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1], hit[2]
    singles: dict[str, set[str]] = {}
    multis: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cat, (words, seqs) in lex.items():
        for w in words:
            singles.setdefault(w, set()).add(cat)
        for seq in seqs:
            multis.setdefault(seq[0], []).append((seq, cat))
    index = (
        {w: frozenset(c) for w, c in singles.items()},
        {w: tuple(v) for w, v in multis.items()},
    )
    _LEX_INDEX[id(lex)] = (lex, *index)  # keeps ``lex`` alive, so its id is not reused
    return index


def lexicon_hits(words: list[str], lex: dict[str, Any]) -> list[set[str]]:
    """Per token, the set of lexicon categories it belongs to (multi-word entries mark all tokens)."""
    singles, multis = _lexicon_index(lex)
    hits: list[set[str]] = [set() for _ in words]
    n = len(words)
    for i, w in enumerate(words):
        cats = singles.get(w)
        if cats:
            hits[i].update(cats)
        for seq, cat in multis.get(w, ()):
            k = len(seq)
            if i + k <= n and tuple(words[i : i + k]) == seq:
                for j in range(i, i + k):
                    hits[j].add(cat)
    return hits


# --------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------

LEX_CATS = (
    "loaded",
    "epithets",
    "labels",
    "intensifiers",
    "flag",
    "fear",
    "doubt",
    "authority",
    "causal",
    "blackwhite",
    "cliche",
    "slogan",
    "reductio",
    "whatabout",
    "emotion_punct",
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
        "for",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "my",
        "not",
        "but",
        "if",
        "so",
        "than",
        "then",
        "there",
        "here",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "said",
        "says",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "only",
        "own",
        "same",
        "very",
        "just",
    ]
)
_QUOTES = frozenset('"“”«»')


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "d"
    if not tok[0].isalnum():
        return "p"
    if tok.isupper() and len(tok) > 1:
        return "X"
    if tok[0].isupper():
        return "Xx"
    return "x"


@dataclass
class DocFeatures:
    """Everything computed once per text and shared by the three steps."""

    text: str
    sentences: list[Sentence]
    words: list[list[str]]  # lower-cased tokens per sentence
    lex: list[list[set[str]]]
    word_counts: Counter
    bigram_counts: Counter


def analyse_text(text: str, lex: dict[str, Any]) -> DocFeatures:
    sents = split_sentences(text)
    words = [[text[s:e].lower() for s, e in sent.tokens] for sent in sents]
    lexh = [lexicon_hits(ws, lex) for ws in words]
    wc: Counter = Counter()
    bc: Counter = Counter()
    for ws in words:
        wc.update(w for w in ws if w not in _STOP and len(w) > 2)
        bc.update(f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False))
    return DocFeatures(text, sents, words, lexh, wc, bc)


def sentence_text_for_gate(doc: DocFeatures, i: int) -> str:
    sent = doc.sentences[i]
    return doc.text[sent.start : sent.end]


def sentence_extra(doc: DocFeatures, i: int) -> list[float]:
    """Dense sentence features for the gate: lexicon counts, punctuation, position, repetition."""
    ws = doc.words[i]
    n = max(len(ws), 1)
    cats = Counter(c for h in doc.lex[i] for c in h)
    rep = sum(1 for w in ws if doc.word_counts.get(w, 0) >= 3) / n
    feats = [math.log1p(cats.get(c, 0)) for c in LEX_CATS]
    feats += [
        math.log1p(len(ws)),
        float("!" in ws),
        float("?" in ws),
        float(any(w in _QUOTES for w in ws)),
        float(doc.sentences[i].line == 0),
        rep,
    ]
    return feats


def _bin(x: float, edges: tuple[float, ...]) -> int:
    for k, e in enumerate(edges):
        if x < e:
            return k
    return len(edges)


def token_features(doc: DocFeatures, si: int, gate_p: float) -> list[dict[str, Any]]:
    """CRF features for the tokens of sentence ``si``."""
    sent = doc.sentences[si]
    ws = doc.words[si]
    lexh = doc.lex[si]
    text = doc.text
    n = len(ws)
    raw = [text[s:e] for s, e in sent.tokens]
    gbin = str(_bin(gate_p, (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)))
    title = sent.line == 0
    sent_bang = "!" in ws
    sent_q = "?" in ws
    nbin = str(_bin(n, (6, 12, 20, 30, 45)))
    in_quote = False
    feats: list[dict[str, Any]] = []
    pad = ["<s>", "<s>"] + ws + ["</s>", "</s>"]
    for i in range(n):
        w = ws[i]
        r = raw[i]
        if w in _QUOTES or r in ("'", "‘", "’") and (i == 0 or i == n - 1 or not ws[i - 1].isalnum()):
            in_quote = not in_quote
        f: dict[str, Any] = {
            "b": 1.0,
            "w": w,
            "s3": w[-3:],
            "p3": w[:3],
            "sh": _shape(r),
            "w-1": pad[i + 1],
            "w+1": pad[i + 3],
            "w-2": pad[i],
            "w+2": pad[i + 4],
            "w-1|w": pad[i + 1] + "|" + w,
            "w|w+1": w + "|" + pad[i + 3],
            "g": gbin,
            "gp": gate_p,
            "nb": nbin,
        }
        if i == 0:
            f["BOS"] = 1.0
        if i == n - 1:
            f["EOS"] = 1.0
        if i < 3:
            f["pos"] = str(i)
        elif i >= n - 3:
            f["rpos"] = str(n - 1 - i)
        if title:
            f["title"] = 1.0
        if sent_bang:
            f["s!"] = 1.0
        if sent_q:
            f["s?"] = 1.0
        if in_quote:
            f["q"] = 1.0
        for c in lexh[i]:
            f["L=" + c] = 1.0
        if i > 0:
            for c in lexh[i - 1]:
                f["L-1=" + c] = 1.0
        if i + 1 < n:
            for c in lexh[i + 1]:
                f["L+1=" + c] = 1.0
        wc = doc.word_counts.get(w, 0)
        if wc >= 2:
            f["rep"] = str(min(wc, 6))
        if i + 1 < n and doc.bigram_counts.get(w + " " + ws[i + 1], 0) >= 2 and w not in _STOP:
            f["rep2"] = 1.0
        feats.append(f)
    return feats


def token_labels(sent: Sentence, spans: list[tuple[int, int]]) -> list[str]:
    """B/I/O labels of a sentence's tokens given merged gold spans (a token inside a span if it
    shares a character with it)."""
    labels = []
    prev_span = -1
    for s, e in sent.tokens:
        lab = "O"
        for k, (a, b) in enumerate(spans):
            if s < b and a < e:
                lab = "I" if prev_span == k else "B"
                prev_span = k
                break
        else:
            prev_span = -1
        labels.append(lab)
    return labels


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in BOUNDARY_CHARS:
        start += 1
    while end > start and text[end - 1] in BOUNDARY_CHARS:
        end -= 1
    return start, end


# --- technique-classifier features ------------------------------------------------------------


def span_extra(
    text: str,
    start: int,
    end: int,
    sent_start: int,
    sent_end: int,
    line: int,
    lex: dict[str, Any],
    text_lower: str | None = None,
) -> list[float]:
    """Dense features of a candidate span for the technique classifier."""
    span = text[start:end]
    low = span.lower()
    tl = text_lower if text_lower is not None else text.lower()
    toks = [m.group().lower() for m in _TOKEN_RE.finditer(span)]
    n = max(len(toks), 1)
    reps = tl.count(low) if low.strip() else 0
    hits = lexicon_hits(toks, lex)
    cats = Counter(c for h in hits for c in h)
    sent_len = max(sent_end - sent_start, 1)
    caps = sum(1 for t in _TOKEN_RE.finditer(span) if t.group()[:1].isupper()) / n
    before = text[max(start - 1, 0) : start]
    after = text[end : end + 1]
    feats = [
        math.log1p(len(span)),
        math.log1p(len(toks)),
        math.log1p(max(reps - 1, 0)),
        float(reps >= 2),
        float(reps >= 3),
        float(line == 0),
        (end - start) / sent_len,
        float(start <= sent_start + 1),
        float(end >= sent_end - 1),
        float("?" in span),
        float("!" in span),
        caps,
        float(before in _QUOTES or before in ("'", "‘")),
        float(after in _QUOTES or after in ("'", "’")),
        float(len(toks) == 1),
        float(len(toks) <= 3),
        float(len(toks) >= 10),
    ]
    feats += [min(cats.get(c, 0), 3) / 3.0 for c in LEX_CATS]
    return feats


def span_context(text: str, start: int, end: int) -> str:
    """Three tokens either side of a span, prefixed ``L_``/``R_`` (for the technique classifier)."""
    left = [m.group().lower() for m in _TOKEN_RE.finditer(text, max(0, start - 60), start)][-3:]
    right = [m.group().lower() for m in _TOKEN_RE.finditer(text, end, min(len(text), end + 60))][:3]
    return " ".join(["L_" + w for w in left] + ["R_" + w for w in right])


def tc_matrix(
    vectorizers: Any,
    span_texts: list[str],
    sent_texts: list[str],
    contexts: list[str],
    extras: list[list[float]],
    embed_weight: float = 0.0,
    fit: bool = False,
) -> Any:
    """The technique classifier's feature matrix, one row per span: TF-IDF word and char n-grams of
    the span, word n-grams of its sentence, context tokens, dense extras and (``embed_weight`` > 0)
    the span's MiniLM embedding.  ``fit``: fit the vectorizers on these rows (training)."""
    from scipy.sparse import csr_matrix, hstack

    vec_span, vec_char, vec_sent, vec_ctx = vectorizers

    def run(vec: Any, texts: list[str]) -> Any:
        return vec.fit_transform(texts) if fit else vec.transform(texts)

    blocks = [
        run(vec_span, span_texts),
        run(vec_char, span_texts),
        run(vec_sent, sent_texts),
        run(vec_ctx, contexts) * CTX_WEIGHT,
        csr_matrix(extras),
    ]
    if embed_weight:
        from presslens.nlp.embed import load_encoder

        blocks.append(csr_matrix(load_encoder().encode(span_texts) * embed_weight))
    return hstack(blocks, format="csr")


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------


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
        text = doc.text
        tl = text.lower()
        sent_of = _sentence_index(doc, spans)
        span_texts = [text[s:e] for s, e in spans]
        sent_texts = []
        extras = []
        for (s, e), k in zip(spans, sent_of, strict=True):
            sent = doc.sentences[k] if k >= 0 else None
            ss, se, ln = (sent.start, sent.end, sent.line) if sent else (s, e, 1)
            sent_texts.append(text[ss:se])
            extras.append(span_extra(text, s, e, ss, se, ln, self.lex, tl))
        ctx = [span_context(text, s, e) for s, e in spans]
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


def _sentence_index(doc: DocFeatures, spans: list[tuple[int, int]]) -> list[int]:
    import bisect

    starts = [s.start for s in doc.sentences]
    out = []
    for s, _e in spans:
        k = bisect.bisect_right(starts, s) - 1
        out.append(k if k >= 0 else (0 if doc.sentences else -1))
    return out


_POSSESSIVE_RE = re.compile(r"['’]s$")
LEXICON_LAYER: tuple[tuple[str, str], ...] = (
    ("labels", "Name_Calling,Labeling"),
    ("epithets", "Loaded_Language"),
)


def lexicon_layer(doc: DocFeatures, lex: dict[str, Any], found: list[Technique]) -> list[Technique]:
    """Spans over listed epithets (``lexicons.json``: ``labels`` -> ``Name_Calling,Labeling``,
    ``epithets`` -> ``Loaded_Language``) that no model span of the same technique covers.  The same
    lists apply to every text, whatever its outlet; the longest entry wins; confidence is 0.5."""
    covered: dict[str, list[tuple[int, int]]] = {}
    for t in found:
        covered.setdefault(t.technique, []).append((t.start, t.end))
    out: list[Technique] = []
    for cat, technique in LEXICON_LAYER:
        singles, multis = lex.get(cat, (frozenset(), ()))
        cov = covered.setdefault(technique, [])
        for sent, words in zip(doc.sentences, doc.words, strict=True):
            ws = [_POSSESSIVE_RE.sub("", w) for w in words]  # "regime's" matches "regime"
            n = len(ws)
            i = 0
            while i < n:
                hit = 0
                for seq in multis:
                    k = len(seq)
                    if tuple(ws[i : i + k]) == seq:
                        hit = max(hit, k)
                if not hit and ws[i] in singles:
                    hit = 1
                if not hit:
                    i += 1
                    continue
                s = sent.tokens[i][0]
                e = sent.tokens[i + hit - 1][1]
                if not any(a < e and s < b for a, b in cov):
                    out.append(Technique(technique, s, e, 0.5))
                    cov.append((s, e))
                i += hit
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
    n_sent = len(doc.sentences)
    starts = [s.start for s in doc.sentences]
    import bisect

    with_tech: set[int] = set()
    for t in techs:
        a = bisect.bisect_right(starts, t.start) - 1
        b = bisect.bisect_left(starts, t.end) - 1
        for k in range(max(a, 0), max(b, a) + 1):
            if k < n_sent and doc.sentences[k].start < t.end and t.start < doc.sentences[k].end:
                with_tech.add(k)
    words = sum(1 for ws in doc.words for w in ws if _WORD_RE.match(w))
    counts = Counter(t.technique for t in techs)
    return {
        "model": version,
        "threshold": threshold,
        "sentences": n_sent,
        "sentences_with_technique": len(with_tech),
        "share_sentences": round(len(with_tech) / n_sent, 4) if n_sent else 0.0,
        "spans": len(techs),
        "words": words,
        "per_1000_words": round(1000.0 * len(techs) / words, 3) if words else 0.0,
        "counts": {k: counts[k] for k in TECHNIQUES if counts.get(k)},
    }


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


__all__ = [
    "STAGE_NAME",
    "STAGE_NAME_V1",
    "STAGE_NAME_V2",
    "TECHNIQUES",
    "TechniqueModel",
    "TechniqueTagger",
    "analyse_text",
    "load_model",
    "make_technique_tagger",
    "make_technique_tagger_v1",
    "make_technique_tagger_v2",
    "split_sentences",
    "trim_span",
]
