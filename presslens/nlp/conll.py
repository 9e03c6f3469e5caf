"""The CoNLL-2003 NER head shipped in ``presslens/data/ner/conll`` (see its MODEL_CARD.md).

It is a small spaCy ``tok2vec + ner`` pipeline.  It runs on the tokens of the main Doc, so its
spans line up with the OntoNotes parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.errors import ModelLoadError

CONLL_DIR = Path(__file__).resolve().parents[1] / "data" / "ner" / "conll"
LABELS = ("LOC", "MISC", "ORG", "PER")

Spans = list[tuple[int, int, str]]


def available(path: Path = CONLL_DIR) -> bool:
    return (path / "meta.json").exists()


@lru_cache(maxsize=2)
def load_conll(path: str = str(CONLL_DIR)) -> Any:
    import spacy

    try:
        return spacy.load(path)
    except OSError as e:
        raise ModelLoadError(f"cannot load the CoNLL NER head at {path}: {e}") from e


MAX_TOKENS = 10_000  # longer Docs are tagged in sentence-aligned windows (bounded memory)


def conll_spans(docs: Iterable[Any], nlp: Any | None = None, batch_size: int = 64) -> Iterator[Spans]:
    """Entity spans (token start, end, label) of each Doc, predicted on its own tokens."""
    nlp = nlp or load_conll()
    docs = list(docs)
    if all(len(d) <= MAX_TOKENS for d in docs):
        for out in nlp.pipe((_copy(nlp, d) for d in docs), batch_size=batch_size):
            yield [(e.start, e.end, e.label_) for e in out.ents]
        return
    for doc in docs:  # memory grows with the tokens of a batch: one window at a time
        spans: Spans = []
        for lo, hi in _windows(doc, MAX_TOKENS):
            out = next(iter(nlp.pipe([_copy(nlp, doc, lo, hi)], batch_size=1)))
            spans += [(e.start + lo, e.end + lo, e.label_) for e in out.ents]
        yield spans


def _windows(doc: Any, size: int) -> Iterator[tuple[int, int]]:
    """Token ranges of at most ``size`` tokens, cut at sentence starts when the Doc is parsed."""
    starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else []
    lo = prev = 0
    for start in [*starts, len(doc)]:
        while start - lo > size:
            cut = prev if prev > lo else lo + size
            yield lo, cut
            lo = cut
        prev = start
    if lo < len(doc):
        yield lo, len(doc)


def _copy(nlp: Any, doc: Any, lo: int = 0, hi: int | None = None) -> Any:
    """The same tokens in the head's vocabulary (arrays, not Token objects: this runs per token)."""
    from spacy.tokens import Doc

    strings = doc.vocab.strings
    words = [strings[int(h)] for h in doc.to_array("ORTH")[lo:hi]]
    spaces = [bool(x) for x in doc.to_array("SPACY")[lo:hi]]
    return Doc(nlp.vocab, words=words, spaces=spaces)
