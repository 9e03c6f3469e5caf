"""From a parsed Doc to quote candidates: cue classifier, dependency rules, quote-mark repairs."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Any

from presslens.intervals import Disjoint
from presslens.quotes.cues import score_cues
from presslens.quotes.features import QuoteIndex, quote_regions
from presslens.quotes.rules import (
    Candidate,
    content_tokens,
    cue_chars,
    extend_to_quotes,
    merge,
    source_head,
    source_span,
    subtree_ids,
    to_fragments,
)

MIN_CONTENT_CHARS = 3
COLON_SCORE = 0.6  # confidence of a rule-found ``Name: statement`` colon cue


def extract_candidates(
    doc: Any, weights: dict[str, float], threshold: float, qindex: QuoteIndex | None = None
) -> list[Candidate]:
    """All quote candidates of ``doc`` in text order.  ``qindex``: the quote regions of
    ``doc.text`` when the caller has them already."""
    text = doc.text  # Doc.text joins every token: build it once
    if qindex is None:
        qindex = QuoteIndex(quote_regions(text))
    probs = score_cues(doc, qindex, weights)
    cands = []
    for i, prob in probs.items():
        if doc[i].text == ":" and colon_rule(doc[i]):
            prob = max(prob, COLON_SCORE)
        if _relayed_speech(doc[i]):
            prob = max(prob, threshold)
        if prob >= threshold:
            cand = build_candidate(doc[i], prob, qindex)
            if cand is not None:
                cands.append(cand)
    cands = _dedupe(cands)
    add_continuations(text, cands, qindex)
    return sorted(cands, key=lambda c: c.cue)


def _relayed_speech(tok: Any) -> bool:
    """``X reported that Y said ...``: keep the inner speech verb (PolNeAR keeps only the outer)."""
    return (
        tok.lemma_.lower() in ("say", "tell")
        and tok.dep_ == "ccomp"
        and tok.head.lemma_.lower() in ("report", "quote")
        and any(c.dep_ == "nsubj" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def colon_rule(tok: Any) -> bool:
    """``Name: statement`` - a short proper-noun speaker opening the sentence, then a clause."""
    left = [t for t in tok.sent if t.i < tok.i]
    right = [t for t in tok.sent if t.i > tok.i and not t.is_punct]
    return (
        0 < len(left) <= 4
        and (left[-1].pos_ == "PROPN" or left[-1].is_title)
        and len(right) >= 4
        and any(t.pos_ in ("VERB", "AUX") for t in right)
    )


def build_candidate(tok: Any, prob: float, qindex: QuoteIndex) -> Candidate | None:
    ids = content_tokens(tok)
    if not ids:
        return None
    shead = source_head(tok)
    exclude = {tok.i}
    if shead is not None and shead.i not in ids and tok.text != ":":
        exclude |= subtree_ids(shead)
    cue = cue_chars(tok)
    frags = to_fragments(tok.doc, ids, exclude)
    frags = extend_to_quotes(frags, qindex, cue)
    frags = [f for f in frags if not (f[0] < cue[1] and cue[0] < f[1])] or frags
    if sum(e - s for s, e in frags) < MIN_CONTENT_CHARS:
        return None
    quoted = any(qindex.inside(s) or qindex.inside(e - 1) for s, e in frags)
    source = source_span(shead) if shead is not None else None
    if tok.text == ":" and shead is not None:  # the speaker is everything left of the colon
        first = tok.sent[0]
        source = (first.idx, shead.idx + len(shead))
    return Candidate(cue, tok.i, frags, source, shead.i if shead is not None else None, prob, quoted)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per cue character range; the more probable wins."""
    out: list[Candidate] = []
    taken = Disjoint()
    for cand in sorted(cands, key=lambda c: -c.score):
        if not taken.overlaps(*cand.cue):
            out.append(cand)
            taken.add(*cand.cue)
    return out


def add_continuations(text: str, cands: list[Candidate], qindex: QuoteIndex) -> None:
    """Attach ``"X," he said, "Y"`` second fragments and floating quoted sentences to their quote."""
    claimed = _Covered([f for c in cands for f in c.content])
    added = Disjoint()  # regions attached in this loop (disjoint, like all quote regions)
    cues = _Covered([c.cue for c in cands])
    ends = sorted((_end(c), i) for i, c in enumerate(cands))
    for region in qindex.regions:
        if claimed.overlaps(*region) or added.overlaps(*region) or cues.overlaps(*region):
            continue
        k = _owner_before(text, ends, region[0])
        if k is not None and _is_whole_sentence(text, region):
            owner = cands[k]
            old_end = _end(owner)
            owner.content = merge([*owner.content, region])
            owner.quoted = True
            added.add(*region)
            ends.remove((old_end, k))
            insort(ends, (_end(owner), k))


def _end(cand: Candidate) -> int:
    return max([cand.cue[1], *(e for _, e in cand.content), *(cand.source[1:] if cand.source else ())])


def _owner_before(text: str, ends: list[tuple[int, int]], pos: int) -> int | None:
    """The quote whose cue/source/content ends right before ``pos`` (only , . and spaces between).

    ``ends``: sorted ``(end, index)`` of the candidates; the latest end wins, then the first index.
    """
    lo = pos
    while lo > 0 and text[lo - 1] in " ,.\n":
        lo -= 1
    k = bisect_right(ends, (pos, len(ends))) - 1
    if k < 0 or ends[k][0] < lo:
        return None
    end = ends[k][0]
    if text[end:pos].count("\n") > 2:
        return None
    return ends[bisect_left(ends, (end, -1))][1]


class _Covered:
    """Possibly overlapping spans; "does any overlap ``[start, end)``?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start


def _is_whole_sentence(text: str, region: tuple[int, int]) -> bool:
    before = text[: region[0]].rstrip(" ")
    after = text[region[1] :].lstrip(" ")
    starts = not before or before[-1] in ".!?\n,"
    ends = not after or after[0] in "\n" or text[region[1] - 2] in ".!?"
    return starts and ends and region[1] - region[0] > 10
