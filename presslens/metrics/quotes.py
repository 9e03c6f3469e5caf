"""The presslens quote scorer (docs/field-notes.md §2.5), as pure functions.

An attribution is three span lists (content, cue, source) of ``(start, end)`` offsets into one
document text.  Lenient mode normalises every fragment (strip whitespace, quote marks and
trailing ``. , ; :``; merge fragments separated only by such characters; drop empty ones) before
comparing character sets.  Matching is greedy one-to-one by decreasing content Dice.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

Frag = tuple[int, int]
QUOTE_CHARS = frozenset("\"“”‘’'")
TRAIL_CHARS = frozenset(".,;:")
STRIP_CHARS = QUOTE_CHARS | TRAIL_CHARS
MIN_DICE = 0.5


@dataclass(frozen=True)
class Attribution:
    content: tuple[Frag, ...]
    cue: tuple[Frag, ...] = ()
    source: tuple[Frag, ...] = ()
    cue_class: str = ""  # filled by the caller for per-class scores ("speech" / "other")


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class QuoteScores:
    metrics: dict[str, Counts] = field(default_factory=dict)

    def add(self, other: QuoteScores) -> None:
        for name, counts in other.metrics.items():
            if name in self.metrics:
                self.metrics[name].add(counts)
            else:
                self.metrics[name] = copy.copy(counts)


def _is_strip(ch: str) -> bool:
    return ch.isspace() or ch in QUOTE_CHARS


def normalise_fragment(text: str, frag: Frag) -> Frag:
    """Strip whitespace and quote marks at both ends and ``. , ; :`` at the end."""
    start, end = frag
    while start < end and _is_strip(text[start]):
        start += 1
    while end > start and (_is_strip(text[end - 1]) or text[end - 1] in TRAIL_CHARS):
        end -= 1
    return (start, end)


def normalise(text: str, frags: Iterable[Frag], lenient: bool = True) -> tuple[Frag, ...]:
    """Normalised, sorted fragments; in lenient mode merge those separated only by strip chars."""
    ordered = sorted(frags)
    if not lenient:
        return tuple(ordered)
    out: list[Frag] = []
    for frag in (normalise_fragment(text, f) for f in ordered):
        if frag[0] >= frag[1]:
            continue
        if out and _only_strip(text, out[-1][1], frag[0]):
            out[-1] = (out[-1][0], max(out[-1][1], frag[1]))
        else:
            out.append(frag)
    return tuple(out)


def _only_strip(text: str, start: int, end: int) -> bool:
    return all(_is_strip(ch) or ch in TRAIL_CHARS for ch in text[start:end])


def chars(text: str, frags: Iterable[Frag], lenient: bool = True) -> frozenset[int]:
    """Character indices inside the (normalised) fragments, minus whitespace and strip chars."""
    return frozenset(
        i
        for start, end in normalise(text, frags, lenient)
        for i in range(start, end)
        if not (text[i].isspace() or text[i] in STRIP_CHARS)
    )


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


@dataclass(frozen=True)
class _Prepared:
    content: frozenset[int]
    cue: frozenset[int]
    source: frozenset[int]
    cue_class: str


def _prepare(text: str, attr: Attribution, lenient: bool) -> _Prepared:
    return _Prepared(
        chars(text, attr.content, lenient),
        chars(text, attr.cue, lenient),
        chars(text, attr.source, lenient),
        attr.cue_class,
    )


Condition = Callable[[_Prepared, _Prepared], bool]


def _speaker_overlap(p: _Prepared, g: _Prepared) -> bool:
    return bool(p.source & g.source) or (not p.source and not g.source)


def _speaker_exact(p: _Prepared, g: _Prepared) -> bool:
    return p.source == g.source


def greedy_match(
    preds: Sequence[_Prepared], golds: Sequence[_Prepared], extra: Condition | None = None
) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold): Dice ≥ 0.5 and overlapping cues, by decreasing Dice."""
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if not (p.cue & g.cue):
                continue
            d = dice(p.content, g.content)
            if d >= MIN_DICE and (extra is None or extra(p, g)):
                cands.append((-d, i, j))
    cands.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def matched_predictions(
    text: str, preds: Sequence[Attribution], golds: Sequence[Attribution], with_source: bool = True
) -> list[bool]:
    """Per prediction: whether it is matched one-to-one to a gold attribution (attr-partial, and
    with an overlapping source when ``with_source``: the attr+speaker(overlap) match)."""
    p = [_prepare(text, a, True) for a in preds]
    g = [_prepare(text, a, True) for a in golds]
    pairs = greedy_match(p, g, _speaker_overlap if with_source else None)
    hit = {i for i, _ in pairs}
    return [i in hit for i in range(len(preds))]


def exact_cue_match(preds: Sequence[_Prepared], golds: Sequence[_Prepared]) -> list[tuple[int, int]]:
    """One-to-one pairs with equal (normalised) cue character sets."""
    free: dict[frozenset[int], list[int]] = {}
    for j, g in enumerate(golds):
        free.setdefault(g.cue, []).append(j)
    pairs = []
    for i, p in enumerate(preds):
        if p.cue and free.get(p.cue):
            pairs.append((i, free[p.cue].pop(0)))
    return pairs


def _counts(n_pred: int, n_gold: int, pairs: list[tuple[int, int]]) -> Counts:
    return Counts(len(pairs), n_pred, n_gold)


def _class_counts(
    preds: Sequence[_Prepared], golds: Sequence[_Prepared], pairs: list[tuple[int, int]], cls: str
) -> Counts:
    """Per cue class: P over predictions of the class, R over gold of the class."""
    pred_ids = {i for i, p in enumerate(preds) if p.cue_class == cls}
    gold_ids = {j for j, g in enumerate(golds) if g.cue_class == cls}
    tp_p = sum(1 for i, _ in pairs if i in pred_ids)
    tp_g = sum(1 for _, j in pairs if j in gold_ids)
    return _ClassCounts(tp_p, len(pred_ids), len(gold_ids), tp_g)


@dataclass
class _ClassCounts(Counts):
    """Counts whose recall uses the gold-side TPs (a pair may cross classes)."""

    tp_gold: int = 0

    def add(self, other: Counts) -> None:
        super().add(other)
        self.tp_gold += getattr(other, "tp_gold", other.tp)

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0


def score_document(
    text: str,
    preds: Sequence[Attribution],
    golds: Sequence[Attribution],
    lenient: bool = True,
    classes: Sequence[str] = (),
) -> QuoteScores:
    """All presslens quote metrics for one document (sum documents with ``QuoteScores.add``)."""
    p = [_prepare(text, a, lenient) for a in preds]
    g = [_prepare(text, a, lenient) for a in golds]
    partial = greedy_match(p, g)
    metrics = {
        "attr-partial": _counts(len(p), len(g), partial),
        "attr+speaker(overlap)": _counts(len(p), len(g), greedy_match(p, g, _speaker_overlap)),
        "attr+speaker(exact)": _counts(len(p), len(g), greedy_match(p, g, _speaker_exact)),
        "exact cue": _counts(len(p), len(g), exact_cue_match(p, g)),
    }
    for cls in classes:
        metrics[f"attr-partial[{cls}]"] = _class_counts(p, g, partial, cls)
    return QuoteScores(metrics)


def score_corpus(
    docs: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]],
    lenient: bool = True,
    classes: Sequence[str] = (),
) -> QuoteScores:
    """Micro-averaged scores over ``(text, preds, golds)`` triples."""
    total = QuoteScores()
    for text, preds, golds in docs:
        total.add(score_document(text, preds, golds, lenient, classes))
    return total


__all__ = [
    "Attribution",
    "Counts",
    "QuoteScores",
    "chars",
    "dice",
    "greedy_match",
    "normalise",
    "normalise_fragment",
    "score_corpus",
    "score_document",
]
