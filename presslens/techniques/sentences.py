"""Sentences and word tokens of an article text, shared by every technique model.

Lines first (news text is one paragraph or sentence per line), then sentence ends; a full stop after
a known abbreviation or an initial does not end a sentence.  Written here rather than taken from
spaCy so that the technique stages can run without a parse (``--only techniques`` stays cheap) and
so that training (``scripts/train_techniques*.py``) and inference cut text the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
BOUNDARY_CHARS = frozenset(" \n.,:;")  # v2 rule: spans never start or end with these

_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_SENT_END_RE = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]*[A-Z0-9])")
_WORD_RE = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    line: int  # 0-based line index of the sentence in the text
    tokens: tuple[tuple[int, int], ...]  # char offsets of tokens


_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "fig",
        "rev",
        "hon",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)


def _is_abbrev(line: str, end: int) -> bool:
    """True when the full stop just before ``end`` closes an abbreviation or an initial."""
    k = end
    while k > 0 and line[k - 1] in "\"”’')]":
        k -= 1
    if k == 0 or line[k - 1] != ".":
        return False
    j = k - 1
    while j > 0 and (line[j - 1].isalnum() or line[j - 1] == "."):
        j -= 1
    word = line[j : k - 1].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Lines first (news text is one paragraph or sentence per line), then sentence ends."""
    out: list[Sentence] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0] + [m.end() for m in _SENT_END_RE.finditer(line) if not _is_abbrev(line, m.start())]
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:], strict=False):
            seg = line[a:b]
            toks = tuple((base + a + m.start(), base + a + m.end()) for m in _TOKEN_RE.finditer(seg))
            if toks:
                out.append(Sentence(toks[0][0], toks[-1][1], line_no, toks))
    return out


def count_words(text: str) -> int:
    return sum(1 for m in _TOKEN_RE.finditer(text) if _WORD_RE.match(m.group()))


def technique_scores(
    sentences: list[Sentence], words: int, techs: list[Any], threshold: float, model: str
) -> dict[str, Any]:
    """``scores.techniques`` of one article, for every technique stage: sentences with a technique,
    spans, counts per technique and techniques per 1,000 words."""
    import bisect
    from collections import Counter

    n_sent = len(sentences)
    starts = [s.start for s in sentences]
    with_tech: set[int] = set()
    for t in techs:
        a = bisect.bisect_right(starts, t.start) - 1
        b = bisect.bisect_left(starts, t.end) - 1
        for k in range(max(a, 0), max(b, a) + 1):
            if k < n_sent and sentences[k].start < t.end and t.start < sentences[k].end:
                with_tech.add(k)
    counts = Counter(t.technique for t in techs)
    return {
        "model": model,
        "threshold": threshold,
        "sentences": n_sent,
        "sentences_with_technique": len(with_tech),
        "share_sentences": round(len(with_tech) / n_sent, 4) if n_sent else 0.0,
        "spans": len(techs),
        "words": words,
        "per_1000_words": round(1000.0 * len(techs) / words, 3) if words else 0.0,
        "counts": {k: counts[k] for k in TECHNIQUES if counts.get(k)},
    }
