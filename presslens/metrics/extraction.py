"""The ScrapingHub article-extraction-benchmark metric, reimplemented from its description.

Tokens are ``\\w+`` matches; each text becomes a multiset of 4-token shingles.  Per page,
tp/fp/fn are the multiset intersections and differences normalised by their sum; precision and
recall are averaged over pages and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str | None, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_precision_recall(expected: str | None, predicted: str | None) -> tuple[float, float]:
    gold, pred = shingles(expected), shingles(predicted)
    tp = sum((gold & pred).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    if fp == fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def corpus_scores(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """``pairs`` of (gold, predicted) texts → averaged precision, recall and F1 of the averages."""
    prs = [page_precision_recall(g, p) for g, p in pairs]
    if not prs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    precision = sum(p for p, _ in prs) / len(prs)
    recall = sum(r for _, r in prs) / len(prs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pages": len(prs)}


def snippet_scores(pairs: Iterable[tuple[dict, str | None]]) -> dict[str, float]:
    """trafilatura's evaluation metric: ``pairs`` of ({"with": [...], "without": [...]}, text).

    Over all snippets: a "with" snippet found in the text is a true positive, missing a false
    negative; a "without" snippet found is a false positive, missing a true negative.
    """
    tp = fn = fp = tn = pages = 0
    for item, text in pairs:
        pages += 1
        text = text or ""
        found = sum(s in text for s in item.get("with", ()))
        tp, fn = tp + found, fn + len(item.get("with", ())) - found
        leaked = sum(s in text for s in item.get("without", ()))
        fp, tn = fp + leaked, tn + len(item.get("without", ())) - leaked
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = (tp + tn) / (tp + fn + fp + tn) if pages else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy, "pages": pages}
