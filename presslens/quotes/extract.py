"""From a parsed Doc to quote candidates: cue classifier, dependency rules, quote-mark repairs."""

from __future__ import annotations

from typing import Any

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
    for cand in sorted(cands, key=lambda c: -c.score):
        if not any(c.cue[0] < cand.cue[1] and cand.cue[0] < c.cue[1] for c in out):
            out.append(cand)
    return out


def add_continuations(text: str, cands: list[Candidate], qindex: QuoteIndex) -> None:
    """Attach ``"X," he said, "Y"`` second fragments and floating quoted sentences to their quote."""
    claimed = [f for c in cands for f in c.content]
    for region in qindex.regions:
        if any(s < region[1] and region[0] < e for s, e in claimed) or any(
            c.cue[0] < region[1] and region[0] < c.cue[1] for c in cands
        ):
            continue
        owner = _owner_before(text, cands, region[0])
        if owner is not None and _is_whole_sentence(text, region):
            owner.content = merge([*owner.content, region])
            owner.quoted = True
            claimed.append(region)


def _owner_before(text: str, cands: list[Candidate], pos: int) -> Candidate | None:
    """The quote whose cue/source/content ends right before ``pos`` (only , . and spaces between)."""
    best = None
    for cand in cands:
        end = max([cand.cue[1], *(e for _, e in cand.content), *(cand.source[1:] if cand.source else ())])
        gap = text[end:pos]
        if (
            end <= pos
            and len(gap.strip(" ,.\n")) == 0
            and gap.count("\n") <= 2
            and (best is None or end > best[0])
        ):
            best = (end, cand)
    return best[1] if best else None


def _is_whole_sentence(text: str, region: tuple[int, int]) -> bool:
    before = text[: region[0]].rstrip(" ")
    after = text[region[1] :].lstrip(" ")
    starts = not before or before[-1] in ".!?\n,"
    ends = not after or after[0] in "\n" or text[region[1] - 2] in ".!?"
    return starts and ends and region[1] - region[0] > 10
