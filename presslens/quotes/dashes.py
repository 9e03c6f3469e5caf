"""Quotes attributed by a dash and a name, with no verb: an embedded post and an epigraph.

- An embedded post (the text a page keeps of a Twitter embed): the post's text, then
  "— Name (@handle) Month D, YYYY" on the same line or on the next one.  The handle and the date
  say that Name posted it; the speaker is Name's entity, or null (the source span shows the name).
- An epigraph or a pull quote: a line that is one quotation, then "— Name" (or "- Name.") on the
  same line or alone on the next one.  Only a person speaks here (resolved by the stage): "— Reuters"
  under a quoted paragraph is a credit line, not a speaker.

Content that another quote already holds is left to it, and a post whose kept text is a
quotation ("Mother of X, Y, says ... “...” pic.twitter.com/... — Reporter (@reporter) ...") relays
someone else's words: no quote of the poster's.
"""

from __future__ import annotations

import re
from typing import Any

from presslens.quotes.features import QuoteIndex
from presslens.quotes.rules import Candidate

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SP = r"[ \t\xa0]"
# "— Robert Maguire (@RobertMaguire_) November 18, 2019" at the end of a line
_POST = re.compile(
    rf"(?<![^\s])(?P<dash>[—–]|--?){_SP}*(?P<name>[^\n()—–@]{{1,60}}?){_SP}*\(@\w{{1,15}}\){_SP}*"
    rf"(?:{_MONTHS})\.?{_SP}+\d{{1,2}},{_SP}*\d{{4}}{_SP}*$",
    re.M,
)
# "— Maria Lopez" / "- Bernie Sanders." ending a line: a capitalised name of at most four words
_NAME_END = re.compile(
    rf"(?<![^\s])(?P<dash>[—–]|--?){_SP}*(?P<name>[A-Z][\w.'’-]*(?:{_SP}+[A-Z][\w.'’-]*){{0,3}}){_SP}*[.,]?{_SP}*$",
    re.M,
)
# what a post's text ends with that is no part of what was said: links, "via @outlet"
_POST_TAIL = re.compile(rf"(?:{_SP}*(?:https?://\S+|pic\.twitter\.com/\S+|via{_SP}+@\w+))+{_SP}*$")
POST_SCORE = 0.95  # the handle and the date make the author certain
EPIGRAPH_SCORE = 0.85


def dash_candidates(doc: Any, qindex: QuoteIndex, taken: list[Candidate]) -> list[Candidate]:
    """Candidates for embedded posts and epigraphs in ``doc`` whose content no candidate in
    ``taken`` holds (nor their cues).  ``Candidate.label`` is "post" or "epigraph"."""
    text = qindex.text
    if "—" not in text and "–" not in text and "-" not in text:
        return []
    spans = sorted([f for c in taken for f in c.content] + [c.cue for c in taken])
    out: list[Candidate] = []
    seen: set[int] = set()
    for m in _POST.finditer(text):
        content = _post_text(text, m.start())
        if content is not None and (_few_words(text[content[0] : content[1]]) or _relayed(qindex, content)):
            continue
        cand = _candidate(doc, m, content, "post", POST_SCORE, qindex, spans)
        if cand is not None:
            out.append(cand)
            seen.add(m.start("dash"))
    for m in _NAME_END.finditer(text):
        if m.start("dash") in seen or _listed(text, m):
            continue
        content = _quotation_before(text, m.start(), qindex)
        cand = _candidate(doc, m, content, "epigraph", EPIGRAPH_SCORE, qindex, spans)
        if cand is not None:
            out.append(cand)
    return out


def _candidate(
    doc: Any,
    m: re.Match[str],
    content: tuple[int, int] | None,
    label: str,
    score: float,
    qindex: QuoteIndex,
    spans: list[tuple[int, int]],
) -> Candidate | None:
    if content is None or content[1] - content[0] < 3 or _overlaps(spans, content):
        return None
    dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
    name = doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
    if dash is None or name is None or not len(name) or not len(dash):
        return None
    head = name.root
    quoted = qindex.inside(content[0]) or qindex.inside(content[1] - 1)
    source = (m.start("name"), m.end("name"))
    return Candidate(
        (m.start("dash"), m.end("dash")), dash[0].i, [content], source, head.i, score, quoted, m.end(), label
    )


def _post_text(text: str, dash: int) -> tuple[int, int] | None:
    """The post's text: what the attribution's line holds before the dash (less links and "via
    @outlet"), else the line before it."""
    start = text.rfind("\n", 0, dash) + 1
    span = _trimmed(text, start, dash)
    if span is None and start > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        span = _trimmed(text, prev, start - 1)
    return span


def _few_words(post: str) -> bool:
    """A post of fewer than two plain words ("#NYPD", "@a @b", "Details:", "Incredible."): too
    little of it is kept to say what was posted."""
    return sum(bool(re.fullmatch(r"[^\W\d_][\w'’-]*[.,:;!?]*", w)) for w in post.split()) < 2


def _relayed(qindex: QuoteIndex, span: tuple[int, int]) -> bool:
    """A post whose kept text is a quotation: the poster relays someone else's words."""
    region = qindex.region_at(span[0])
    return region is not None and region[1] >= span[1] - 1


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    line = text[start:end]
    tail = _POST_TAIL.search(line)
    if tail is not None:
        line = line[: tail.start()]
    stripped = line.strip()
    if sum(ch.isalnum() for ch in stripped) < 3:
        return None
    lead = len(line) - len(line.lstrip())
    return start + lead, start + lead + len(stripped)


def _quotation_before(text: str, dash: int, qindex: QuoteIndex) -> tuple[int, int] | None:
    """The quotation that ends the stretch before the dash (the line's text before it, or, the dash
    opening its line, the previous non-empty line) and is one or more whole sentences there."""
    start = text.rfind("\n", 0, dash) + 1
    if text[start:dash].strip():
        lo, hi = start, dash
    else:
        hi = start - 1
        while hi > 0 and not text[text.rfind("\n", 0, hi) + 1 : hi].strip():
            hi = text.rfind("\n", 0, hi)
        if hi <= 0:
            return None
        lo = text.rfind("\n", 0, hi) + 1
    right = lo + len(text[lo:hi].rstrip())
    region = qindex.region_at(right - 1)
    if region is None or region[0] < lo or abs(region[1] - right) > 1:
        return None
    before = text[lo : region[0]].rstrip()
    if before and before[-1] not in ".!?":
        return None  # the quotation ends a sentence of the writer's ("X called it “...”")
    return region[0], right


def _listed(text: str, m: re.Match[str]) -> bool:
    """A dash-name line in a list of such lines ("- John Smith" under "Signed:"): no epigraph."""
    start = text.rfind("\n", 0, m.start()) + 1
    if text[start : m.start("dash")].strip():
        return False  # the name ends a line of text: no list item
    nxt = text.find("\n", m.end())
    if nxt < 0:
        return False
    following = text[nxt + 1 :].lstrip("\n")
    line = following.split("\n", 1)[0]
    return bool(_NAME_END.match(line.strip())) and line.strip()[:1] in "—–-"


def _overlaps(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)
