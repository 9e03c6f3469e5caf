"""From word-piece probabilities and the span head to labelled character spans (v4).

The v4 model gives every word piece 15 probabilities: one per technique (14 independent sigmoids,
so spans of different techniques may overlap) and one for "inside any technique span" (the SI
channel).  It also has a span head: a technique distribution for any run of pieces.  Candidates
come from two sources, and a candidate is the same object whichever found it:

* **technique runs** - for each technique, a maximal run of consecutive pieces whose probability
  for that technique reaches ``theta``;
* **span runs** - a maximal run of pieces whose SI probability reaches ``theta_any``, labelled
  with the span head's top technique (and its second one when that has at least
  ``second_ratio`` of the top probability).

Every candidate is widened to whole words and trimmed so that it never starts or ends with a
space, a newline or ``. , : ;``; a candidate made only of function words ("a", "of the") is
dropped; it carries the features its calibrated confidence is computed
from (``presslens.techniques.calibration``): the mean and highest piece probability for its
technique over the span, the mean SI probability, the span head's probability for its technique,
its length in pieces and its source.  Runs continue across window boundaries.  The same
(start, end, technique) is never produced twice.

After merging (``merge_overlaps``), ``drop_single_words`` removes a span of a single word whose
technique is a statement or an argument (``STATEMENT_TECHNIQUES``: Doubt, Exaggeration, an appeal
to fear, Flag-Waving, ...): a lone "most", "why", "ever" or "Americans" is a fragment of such a
span at best.  Loaded_Language, Name_Calling,Labeling, Repetition and Slogans keep their
one-word spans ("heroic", "Zionists", "#MAGA").  ``drop_list_fragments`` then removes a span on a
list item that is not a sentence: a line that starts with a list or table marker ("- ", "• ",
"| ") and does not end like one (headline lists, feature bullets, sidebar rows of web pages; no PTC
train gold span lies on such a line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from presslens.techniques.sentences import BOUNDARY_CHARS, TECHNIQUES

NT = len(TECHNIQUES)
ANY = NT  # index of the SI channel in the piece probabilities


@dataclass(frozen=True, slots=True)
class Candidate:
    technique: int  # index into TECHNIQUES
    start: int
    end: int
    mean_p: float  # mean piece probability of this technique over the span
    max_p: float
    any_p: float  # mean SI-channel probability over the span
    head_p: float  # the span head's probability of this technique
    n_pieces: int
    from_span: bool  # found by a span run (SI channel + span head), not a technique run

    @property
    def label(self) -> str:
        return TECHNIQUES[self.technique]


FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "upon",
        "about",
        "over",
        "under",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "if",
        "than",
        "then",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "it",
        "its",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "there",
        "here",
        "not",
        "no",
    ]
)
_WORD = re.compile(r"\w+(?:['’]\w+)?")
TRIM = True


def has_content(text: str) -> bool:
    """False for a span made only of function words ("a", "of the"): never a technique by itself."""
    return any(w.lower() not in FUNCTION_WORDS for w in _WORD.findall(text))


_JOINERS = frozenset("-'’")
KEEP_LEADING = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "our", "their", "his", "her", "its", "my", "your"]
)


def _in_word(text: str, i: int) -> bool:
    """True when the characters on both sides of position ``i`` belong to one word ("eye-catching")."""
    if not 0 < i < len(text):
        return False
    a, b = text[i - 1], text[i]
    if a.isalnum() and b.isalnum():
        return True
    if b in _JOINERS and a.isalnum() and i + 1 < len(text) and text[i + 1].isalnum():
        return True
    return a in _JOINERS and b.isalnum() and i >= 2 and text[i - 2].isalnum()


def widen(text: str, start: int, end: int, trim_function_words: bool = TRIM) -> tuple[int, int]:
    """Whole words; no space, newline or ``. , : ;`` at either end; and (``trim_function_words``)
    no function word at the end, nor at the start unless it is a determiner ("the regime")."""
    while _in_word(text, start):
        start -= 1
    while _in_word(text, end):
        end += 1
    while True:
        while start < end and (text[start] in BOUNDARY_CHARS or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in BOUNDARY_CHARS or text[end - 1].isspace()):
            end -= 1
        if not trim_function_words:
            return start, end
        m = _WORD.match(text, start)
        if (
            m
            and m.end() < end
            and m.group().lower() in FUNCTION_WORDS - KEEP_LEADING
            and text[m.end()].isspace()
        ):
            start = m.end()
            continue
        words = list(_WORD.finditer(text, start, end))
        last = words[-1] if words else None
        if (
            last is not None
            and last.start() > start
            and last.end() == end
            and last.group().lower() in FUNCTION_WORDS
            and text[last.start() - 1].isspace()
        ):
            end = last.start()
            continue
        return start, end


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) piece index of each maximal run of True."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1
    return [(int(r[0]), int(r[-1])) for r in np.split(idx, breaks)]


HeadFn = Callable[[int, int], np.ndarray]  # (first, last) piece -> technique distribution


def candidates(
    text: str,
    probs: np.ndarray,
    offsets: Sequence[tuple[int, int]],
    head: HeadFn,
    theta: float,
    theta_any: float | None = None,
    second_ratio: float = 0.5,
) -> list[Candidate]:
    """All candidates of one article (``probs``: pieces x 15)."""
    if len(offsets) == 0:
        return []
    found: dict[tuple[int, int, int], Candidate] = {}
    head_cache: dict[tuple[int, int], np.ndarray] = {}

    def head_of(a: int, b: int) -> np.ndarray:
        if (a, b) not in head_cache:
            head_cache[(a, b)] = head(a, b)
        return head_cache[(a, b)]

    def add(t: int, a: int, b: int, from_span: bool) -> None:
        s, e = widen(text, offsets[a][0], offsets[b][1])
        if e <= s or (s, e, t) in found or not has_content(text[s:e]):
            return
        p = probs[a : b + 1, t]
        found[(s, e, t)] = Candidate(
            t,
            s,
            e,
            float(p.mean()),
            float(p.max()),
            float(probs[a : b + 1, ANY].mean()),
            float(head_of(a, b)[t]),
            b - a + 1,
            from_span,
        )

    for t in range(NT):
        for a, b in runs(probs[:, t] >= theta):
            add(t, a, b, False)
    if theta_any is not None and probs.shape[1] > NT:
        for a, b in runs(probs[:, ANY] >= theta_any):
            dist = head_of(a, b)
            order = np.argsort(-dist)
            add(int(order[0]), a, b, True)
            if dist[order[1]] >= second_ratio * dist[order[0]]:
                add(int(order[1]), a, b, True)
    return sorted(found.values(), key=lambda c: (c.start, c.end, c.technique))


def span_head(
    hidden: np.ndarray, cls: np.ndarray, window_of: np.ndarray, w: np.ndarray, b: np.ndarray
) -> HeadFn:
    """The span head over concatenated piece states: mean of the span's states next to its window's [CLS]."""
    d = hidden.shape[1]
    return projected_span_head(
        hidden.astype(np.float32) @ w[:d], cls.astype(np.float32) @ w[d:], window_of, b
    )


def projected_span_head(
    piece_z: np.ndarray, cls_z: np.ndarray, window_of: np.ndarray, b: np.ndarray
) -> HeadFn:
    """The same head from projections: the head is linear before its softmax, so the mean of a
    span's projected states (``states @ w[:384]``, one row of 14 per piece) equals the projection of
    their mean; only 14 numbers per piece are kept instead of the 384-d states."""

    def fn(first: int, last: int) -> np.ndarray:
        z = piece_z[first : last + 1].mean(0) + cls_z[window_of[first]] + b
        z = np.exp(z - z.max())
        return z / z.sum()

    return fn


# Techniques that are claims or arguments, never one word: a one-word output span of these is a
# fragment.  Real pages (eval/gold/techniques_judged.jsonl): 90 such spans, none right.  PTC
# train: 77 of the 2,197 gold spans of these techniques are one word; dropping the one-word
# spans from the shipped model's output on train (in-sample) moves SI F1 0.4930 -> 0.4957 and
# FLC F1 0.3971 -> 0.4033.
STATEMENT_TECHNIQUES = frozenset(
    TECHNIQUES.index(t)
    for t in TECHNIQUES
    if t not in ("Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans")
)
_WHOLE_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # "anti-American" and "country's" are one word


def drop_single_words(
    text: str, spans: Sequence[tuple[int, int, int, float]]
) -> list[tuple[int, int, int, float]]:
    """The spans less those of one word whose technique is in ``STATEMENT_TECHNIQUES``."""
    return [
        sp
        for sp in spans
        if sp[2] not in STATEMENT_TECHNIQUES or len(_WHOLE_WORD.findall(text[sp[0] : sp[1]])) > 1
    ]


LIST_MARKER = re.compile(r"[-–—•*·|▪►]\s")  # a list item or a table/sidebar row as extraction writes it
SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*$")


def on_list_fragment(text: str, start: int) -> bool:
    """Whether ``start`` lies on a list item that is not a sentence: its line begins with a list
    marker and does not end with ``. ! ? …`` (closing quotes or brackets allowed)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls : le if le >= 0 else len(text)].strip()
    return bool(LIST_MARKER.match(line)) and not SENTENCE_END.search(line)


def drop_list_fragments(
    text: str, spans: Sequence[tuple[int, int, int, float]]
) -> list[tuple[int, int, int, float]]:
    """The spans less those that start on a list item which is not a sentence (``on_list_fragment``)."""
    return [sp for sp in spans if not on_list_fragment(text, sp[0])]


def merge_overlaps(spans: Sequence[tuple[int, int, int, float]]) -> list[tuple[int, int, int, float]]:
    """Overlapping spans of one technique become one span over their union, with the highest
    confidence among them: the output never shows "sexy" and "a sexy new look" under one label.
    (The SemEval SI and FLC scorers merge such spans the same way, so scores do not change.)"""
    by: dict[int, list[tuple[int, int, float]]] = {}
    for s, e, t, p in spans:
        by.setdefault(t, []).append((s, e, p))
    out = []
    for t, items in by.items():
        items.sort()
        cs, ce, cp = items[0]
        for s, e, p in items[1:]:
            if s < ce:
                ce, cp = max(ce, e), max(cp, p)
            else:
                out.append((cs, ce, t, cp))
                cs, ce, cp = s, e, p
        out.append((cs, ce, t, cp))
    return sorted(out)
