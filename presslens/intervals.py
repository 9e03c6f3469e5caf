"""Interval look-ups in O(log n), for steps that asked "does any span overlap this one?" in a loop.

Long or repetitive documents (live blogs, transcripts) hold tens of thousands of mentions; a
linear scan per mention made those steps quadratic.  Spans are half-open ``[start, end)``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Disjoint:
    """A growing set of pairwise non-overlapping spans: ``overlaps`` and ``add`` in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.empty: list[tuple[int, int]] = []  # zero-length spans break the sorted-ends invariant

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        if k > 0 and self.ends[k - 1] > start:
            return True
        return any(start < e and s < end for s, e in self.empty)

    def add(self, start: int, end: int) -> None:
        if end <= start:
            self.empty.append((start, end))
            return
        k = bisect_right(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


class SpanIndex(Generic[T]):
    """Items with spans, queried for those overlapping ``[start, end)``, in their original order."""

    def __init__(self, items: Sequence[T], span: Callable[[T], tuple[int, int]]):
        self.items = items
        keyed = sorted((span(item)[0], i) for i, item in enumerate(items))
        self.starts = [s for s, _ in keyed]
        self.order = [i for _, i in keyed]
        self.span = span
        self.maxlen = max((span(item)[1] - span(item)[0] for item in items), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indexes (ascending) of the items whose span overlaps ``[start, end)``."""
        lo = bisect_left(self.starts, start - self.maxlen)
        hi = bisect_left(self.starts, end)
        out = []
        for k in range(lo, hi):
            i = self.order[k]
            s, e = self.span(self.items[i])
            if s < end and start < e:
                out.append(i)
        out.sort()
        return out

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)
