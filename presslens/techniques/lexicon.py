"""Lexicons of the technique models: the word lists in ``presslens/data/techniques/lexicons.json``.

Each category (``loaded``, ``epithets``, ``labels``, ...) holds single words and multi-word entries,
tokenised like the article text.  :func:`lexicon_hits` marks the categories of every token (CRF and
classifier features); :func:`lexicon_layer` adds spans over listed epithets and labels that the
model missed, the same lists for every text, whatever its outlet.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presslens.model import Technique
from presslens.techniques.sentences import _TOKEN_RE

if TYPE_CHECKING:
    from presslens.techniques.features import DocFeatures

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "techniques"
LEXICON_FILE = "lexicons.json"


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
