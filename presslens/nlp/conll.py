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


def conll_spans(docs: Iterable[Any], nlp: Any | None = None, batch_size: int = 64) -> Iterator[Spans]:
    """Entity spans (token start, end, label) of each Doc, predicted on its own tokens."""
    nlp = nlp or load_conll()
    copies = (_copy(nlp, d) for d in docs)
    for out in nlp.pipe(copies, batch_size=batch_size):
        yield [(e.start, e.end, e.label_) for e in out.ents]


def _copy(nlp: Any, doc: Any) -> Any:
    """The same tokens in the head's vocabulary (arrays, not Token objects: this runs per token)."""
    from spacy.tokens import Doc

    strings = doc.vocab.strings
    words = [strings[int(h)] for h in doc.to_array("ORTH")]
    spaces = [bool(x) for x in doc.to_array("SPACY")]
    return Doc(nlp.vocab, words=words, spaces=spaces)
