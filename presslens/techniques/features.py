"""Features of the v1-v3 technique models, computed once per text by :func:`analyse_text`.

* sentence gate: :func:`sentence_text_for_gate` (TF-IDF input) and :func:`sentence_extra`;
* span CRFs: :func:`token_features` per token, :func:`token_labels` (B/I/O) for training;
* technique classifier: :func:`tc_inputs` (built from :func:`span_extra` and :func:`span_context`)
  and :func:`tc_matrix`.

:func:`trim_span` applies the v2 boundary rule (``BOUNDARY_CHARS``) to a candidate span.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from presslens.techniques.lexicon import lexicon_hits
from presslens.techniques.sentences import _TOKEN_RE, BOUNDARY_CHARS, Sentence, split_sentences

CTX_WEIGHT = 0.7  # weight of the context-token block in the technique classifier

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


def sentence_index(doc: DocFeatures, spans: list[tuple[int, int]]) -> list[int]:
    """The sentence where each span starts (-1 when the text has none)."""
    import bisect

    starts = [s.start for s in doc.sentences]
    out = []
    for s, _e in spans:
        k = bisect.bisect_right(starts, s) - 1
        out.append(k if k >= 0 else (0 if doc.sentences else -1))
    return out


def tc_inputs(
    doc: DocFeatures, spans: list[tuple[int, int]], lex: dict[str, Any]
) -> tuple[list[str], list[str], list[str], list[list[float]]]:
    """Span texts, their sentences' texts, context tokens and dense extras: the input of
    :func:`tc_matrix`.  A span that runs over several sentences takes the sentence it starts in."""
    text = doc.text
    tl = text.lower()
    span_texts, sent_texts, extras = [], [], []
    for (s, e), k in zip(spans, sentence_index(doc, spans), strict=True):
        sent = doc.sentences[k] if k >= 0 else None
        ss, se, ln = (sent.start, sent.end, sent.line) if sent else (s, e, 1)
        span_texts.append(text[s:e])
        sent_texts.append(text[ss:se])
        extras.append(span_extra(text, s, e, ss, se, ln, lex, tl))
    return span_texts, sent_texts, [span_context(text, s, e) for s, e in spans], extras


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
