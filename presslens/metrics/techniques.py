"""Scorers for persuasion-technique spans (SemEval-2020 Task 11 / NLP4IF-2019 definitions).

Pure functions, written from the definitions in ``docs/field-notes.md`` §3.3 (clean-room; no code
of the organisers' GPL scorer was copied):

* **SI** (span identification): every span is the character set ``range(start, end)``.  Within an
  article, gold spans sharing at least one character are merged (touching spans are not).  Over all
  same-article pairs (s predicted, t gold), micro over the corpus::

      P = (sum_s sum_t |s & t| / |s|) / |S|      R = (sum_s sum_t |s & t| / |t|) / |T|

  Gold articles without predictions count in ``|T|``, predictions on articles without gold count in
  ``|S|``; ``|S| = |T| = 0`` gives F1 = 1.  Predictions are merged too when ``merge_pred`` is true
  (the default; overlapping predictions would be an error for the official scorer).
* **FLC** (span + technique): the SI formula where a pair counts only when the techniques match,
  and merging happens only within a technique.
* **TC** (technique classification with gold spans): both lists are stably sorted by start offset
  within each article, then greedily aligned inside runs of identical spans, then compared position
  by position; micro P = R = F1 = accuracy.

Spans are given as tuples: ``(article_id, start, end)`` for SI and
``(article_id, technique, start, end)`` for FLC/TC.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    n_pred: int = 0
    n_gold: int = 0

    def row(self) -> str:
        return f"P={self.precision:.4f} R={self.recall:.4f} F1={self.f1:.4f} (pred {self.n_pred}, gold {self.n_gold})"


@dataclass(frozen=True)
class FLCResult:
    overall: PRF
    per_technique: dict[str, PRF] = field(default_factory=dict)


@dataclass(frozen=True)
class TCResult:
    accuracy: float  # = micro P = R = F1
    n: int
    per_technique: dict[str, PRF] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (gold, pred) -> count

    @property
    def f1(self) -> float:
        return self.accuracy


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; touching spans (a.end == b.start) stay apart.

    Empty spans are dropped (they contain no character)."""
    out: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _prf(p_num: float, p_den: int, r_num: float, r_den: int) -> PRF:
    if p_den == 0 and r_den == 0:
        return PRF(1.0, 1.0, 1.0, 0, 0)
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return PRF(p, r, f1, p_den, r_den)


def _pair_sums(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[float, float]:
    """sum_s sum_t |s&t|/|s| and sum_s sum_t |s&t|/|t| for two sorted lists of spans."""
    p_sum = 0.0
    r_sum = 0.0
    for ps, pe in pred:
        for gs, ge in gold:
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                p_sum += inter / (pe - ps)
                r_sum += inter / (ge - gs)
    return p_sum, r_sum


def score_si(
    pred: Iterable[tuple[str, int, int]], gold: Iterable[tuple[str, int, int]], *, merge_pred: bool = True
) -> PRF:
    """SI score (label-free, partial credit, gold merged within an article)."""
    p_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    g_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, s, e in pred:
        p_by[str(aid)].append((int(s), int(e)))
    for aid, s, e in gold:
        g_by[str(aid)].append((int(s), int(e)))
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for aid in set(p_by) | set(g_by):
        ps = (
            merge_spans(p_by.get(aid, []))
            if merge_pred
            else sorted(x for x in p_by.get(aid, []) if x[1] > x[0])
        )
        gs = merge_spans(g_by.get(aid, []))
        n_pred += len(ps)
        n_gold += len(gs)
        a, b = _pair_sums(ps, gs)
        p_num += a
        r_num += b
    return _prf(p_num, n_pred, r_num, n_gold)


def score_flc(
    pred: Iterable[tuple[str, str, int, int]],
    gold: Iterable[tuple[str, str, int, int]],
    *,
    merge_pred: bool = True,
) -> FLCResult:
    """FLC score: the SI formula, pairs count only with the same technique, merging per technique."""
    p_by: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    g_by: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for aid, tech, s, e in pred:
        p_by[(str(aid), tech)].append((int(s), int(e)))
    for aid, tech, s, e in gold:
        g_by[(str(aid), tech)].append((int(s), int(e)))
    per: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0])
    for key in set(p_by) | set(g_by):
        tech = key[1]
        ps = (
            merge_spans(p_by.get(key, []))
            if merge_pred
            else sorted(x for x in p_by.get(key, []) if x[1] > x[0])
        )
        gs = merge_spans(g_by.get(key, []))
        a, b = _pair_sums(ps, gs)
        acc = per[tech]
        acc[0] += a
        acc[1] += len(ps)
        acc[2] += b
        acc[3] += len(gs)
    tot = [sum(v[i] for v in per.values()) for i in range(4)]
    overall = _prf(tot[0], int(tot[1]), tot[2], int(tot[3]))
    per_tech = {t: _prf(v[0], int(v[1]), v[2], int(v[3])) for t, v in sorted(per.items())}
    return FLCResult(overall, per_tech)


def align_tc(
    pred: Sequence[tuple[int, int, str]], gold: Sequence[tuple[int, int, str]]
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Order one article's predictions and gold labels the way the official TC scorer compares them.

    Both are ``(start, end, label)`` lists over the same multiset of spans.  They are stably sorted
    by start offset; then, position by position, the first (prediction, gold) pair with equal span
    and label found in the runs of identical spans starting at the position is swapped into it.
    When no pair matches, the position jumps to the last element of its run of identical spans.
    """
    p = sorted(pred, key=lambda x: x[0])
    g = sorted(gold, key=lambda x: x[0])
    n = len(p)
    i = 0
    while i < n:
        j1 = j2 = -1
        if i < len(g):
            gs = (g[i][0], g[i][1])
            ps = (p[i][0], p[i][1])
            k2 = i
            while k2 < len(g) and (g[k2][0], g[k2][1]) == gs and j1 < 0:
                k1 = i
                while k1 < n and (p[k1][0], p[k1][1]) == ps:
                    if p[k1] == g[k2]:
                        j1, j2 = k1, k2
                        break
                    k1 += 1
                k2 += 1
        if j1 > i:
            p[i], p[j1] = p[j1], p[i]
        if j2 > i:
            g[i], g[j2] = g[j2], g[i]
        i += 1
        if j1 == -1:
            while i + 1 < n and (p[i][0], p[i][1]) == (p[i + 1][0], p[i + 1][1]):
                i += 1
    return p, g


def score_tc(
    pred: Iterable[tuple[str, str, int, int]], gold: Iterable[tuple[str, str, int, int]]
) -> TCResult:
    """TC micro-F1 (= accuracy) with the official greedy alignment; per-technique P/R/F1."""
    p_by: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    g_by: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for aid, tech, s, e in pred:
        p_by[str(aid)].append((int(s), int(e), tech))
    for aid, tech, s, e in gold:
        g_by[str(aid)].append((int(s), int(e), tech))
    pairs: list[tuple[str, str]] = []  # (gold, pred)
    for aid in sorted(set(p_by) | set(g_by)):
        ps, gs = p_by.get(aid, []), g_by.get(aid, [])
        if len(ps) != len(gs):
            raise ValueError(f"article {aid}: {len(ps)} predictions for {len(gs)} gold spans")
        ap, ag = align_tc(ps, gs)
        for (s1, e1, lp), (s2, e2, lg) in zip(ap, ag, strict=True):
            if (s1, e1) != (s2, e2):
                raise ValueError(f"article {aid}: prediction span {s1}-{e1} does not match gold {s2}-{e2}")
            pairs.append((lg, lp))
    n = len(pairs)
    correct = sum(1 for g, p in pairs if g == p)
    confusion = Counter(pairs)
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    per: dict[str, PRF] = {}
    for lab in labels:
        tp = confusion.get((lab, lab), 0)
        n_p = sum(1 for _, p in pairs if p == lab)
        n_g = sum(1 for g, _ in pairs if g == lab)
        pr = tp / n_p if n_p else 0.0
        rc = tp / n_g if n_g else 0.0
        per[lab] = PRF(pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, n_p, n_g)
    return TCResult(correct / n if n else 1.0, n, per, dict(confusion))


def read_labels_file(path: str) -> list[tuple[str, ...]]:
    """Read a PTC labels file (TAB separated; labels contain commas).  SI lines give
    ``(id, start, end)``, FLC/TC lines ``(id, technique, start, end)`` (offsets as ints)."""
    out: list[tuple] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) == 3:
                out.append((parts[0], int(parts[1]), int(parts[2])))
            elif len(parts) == 4:
                out.append((parts[0], parts[1], int(parts[2]), int(parts[3])))
            else:
                raise ValueError(f"{path}: malformed line {line!r}")
    return out


__all__ = [
    "PRF",
    "FLCResult",
    "TCResult",
    "align_tc",
    "merge_spans",
    "read_labels_file",
    "score_flc",
    "score_si",
    "score_tc",
]
