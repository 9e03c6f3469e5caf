"""Token features for the cue classifier (lemmas and dependency structure; never raw text)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADP", "ADJ"})
OPEN_CLOSE = {"“": "”", "«": "»"}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text, marks included: curly pairs, and straight quotes paired per paragraph
    (a paragraph that mixes the two pairs them in reading order); a curly quotation that runs over
    unmarked lines (:func:`_run_on_lines`)."""
    regions: list[tuple[int, int]] = []
    paragraphs = _paragraphs(text)
    for para_start, para in paragraphs:
        if '"' in para and any(ch in para for ch in QUOTE_MARKS):
            marked = _mixed(para, para_start)
        else:
            marked = _curly(para, para_start) + _straight(para, para_start)
        regions.extend(marked)
        regions.extend(
            r for r in _doubled(para, para_start) if not any(r[0] < e and s < r[1] for s, e in marked)
        )
    regions.extend(_run_on_lines(paragraphs))
    return sorted(regions)


RUN_ON_LINES = 4  # lines a quotation may run on without marks before the line that closes it


def _run_on_lines(paragraphs: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """A quotation opened on one line and closed on a later one, the lines between without marks
    (text split one sentence per line): those lines, and the closing line up to its mark.  Only
    when the closing mark comes within :data:`RUN_ON_LINES` lines; a paragraph that opens its own
    quotation (the usual style of multi-paragraph quotes) is handled on its own."""
    out: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # unmarked lines since the last line that ended open
    open_ = False
    for start, para in paragraphs:
        marks = [(i, ch) for i, ch in enumerate(para) if ch in QUOTE_MARKS or ch == '"']
        if open_ and marks and marks[0][1] in OPEN_CLOSE.values():
            out.extend(pending)
            out.append((start, start + marks[0][0] + 1))
        if marks:
            # mixed curly and straight marks ("“... yet," Clinton said) pair up in no reliable way
            open_ = marks[-1][1] in OPEN_CLOSE and not any(ch == '"' for _i, ch in marks)
            pending = []
        elif open_ and para.strip():
            pending.append((start, start + len(para.rstrip())))
            if len(pending) > RUN_ON_LINES:
                open_, pending = False, []
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _curly(para: str, offset: int) -> list[tuple[int, int]]:
    out, opened = [], None
    for i, ch in enumerate(para):
        if ch in OPEN_CLOSE:
            opened = i
        elif ch in OPEN_CLOSE.values() and opened is not None:
            out.append((offset + opened, offset + i + 1))
            opened = None
    if opened is not None and len(para) - opened > 20:  # a quote running on to the next paragraph
        out.append((offset + opened, offset + len(para.rstrip())))
    return out


QUOTE_MARKS = frozenset(OPEN_CLOSE) | frozenset(OPEN_CLOSE.values())


def _mixed(para: str, offset: int) -> list[tuple[int, int]]:
    """A paragraph that mixes curly and straight marks ('"I am innocent,” Ellison said',
    '“... yet," Clinton said'): marks pair in reading order, a straight one closing whatever is
    open and opening otherwise.  A curly quotation inside a straight one ('"The agency isn't about
    “equal justice” anymore."') is nested in it and does not end it."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    nested = False
    for i, ch in enumerate(para):
        if ch == '"' and (para[i + 1 : i + 2] in OPEN_CLOSE or para[i - 1 : i] in OPEN_CLOSE.values()):
            continue  # '"“You don't win ...”': a doubled mark is one mark
        if opened is None:
            if ch in OPEN_CLOSE or ch == '"':
                opened = i
        elif ch in OPEN_CLOSE:
            if para[opened] == '"':
                nested = True
            else:
                opened = i
        elif nested and ch in OPEN_CLOSE.values():
            nested = False
        elif ch == '"' or ch in OPEN_CLOSE.values():
            out.append((offset + opened, offset + i + 1))
            opened, nested = None, False
    if opened is not None and len(para) - opened > 20:
        out.append((offset + opened, offset + len(para.rstrip())))
    return out


def _straight(para: str, offset: int) -> list[tuple[int, int]]:
    marks = [i for i, ch in enumerate(para) if ch == '"']
    out = [(offset + a, offset + b + 1) for a, b in zip(marks[::2], marks[1::2], strict=False)]
    if len(marks) % 2 and len(para) - marks[-1] > 20:
        out.append((offset + marks[-1], offset + len(para.rstrip())))
    return out


def _doubled(para: str, offset: int) -> list[tuple[int, int]]:
    """``''...''``: two apostrophes as quotation marks (some archives' typewriter style)."""
    marks, i = [], para.find("''")
    while i >= 0:
        marks.append(i)
        i = para.find("''", i + 2)
    out = [(offset + a, offset + b + 2) for a, b in zip(marks[::2], marks[1::2], strict=False)]
    if len(marks) % 2 and len(para) - marks[-1] > 20:
        out.append((offset + marks[-1], offset + len(para.rstrip())))
    return out


class QuoteIndex:
    """Fast "is this character inside quotation marks" look-ups."""

    def __init__(self, regions: list[tuple[int, int]], text: str = ""):
        self.regions = regions
        self.text = text  # the document text, when the caller has it (Doc.text rebuilds it)
        self.starts = [s for s, _ in regions]
        self._sent_quoted: dict[int, bool] = {}

    def sentence_quoted(self, sent: Any) -> bool:
        """Whether any token of ``sent`` starts inside quotation marks (once per sentence)."""
        if sent.start not in self._sent_quoted:
            self._sent_quoted[sent.start] = any(self.inside(t.idx) for t in sent)
        return self._sent_quoted[sent.start]

    def region_at(self, pos: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and self.regions[k][0] <= pos < self.regions[k][1]:
            return self.regions[k]
        return None

    def inside(self, pos: int) -> bool:
        return self.region_at(pos) is not None


def is_candidate(tok: Any) -> bool:
    if tok.text == ":":
        return True
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha


def token_features(tok: Any, qindex: QuoteIndex) -> dict[str, float]:
    """Sparse features of one candidate cue token."""
    lemma = tok.lemma_.lower()
    child_deps = sorted({c.dep_ for c in tok.children})
    f: dict[str, float] = {
        "bias": 1.0,
        f"lem={lemma}": 1.0,
        f"pos={tok.pos_}": 1.0,
        f"tag={tok.tag_}": 1.0,
        f"dep={tok.dep_}": 1.0,
        f"lem|dep={lemma}|{tok.dep_}": 1.0,
        f"lem|pos={lemma}|{tok.pos_}": 1.0,
        f"hdep={tok.head.dep_}": 1.0,
        f"hlem={tok.head.lemma_.lower()}": 1.0,
        f"dep|hpos={tok.dep_}|{tok.head.pos_}": 1.0,
    }
    for dep in child_deps:
        f[f"child={dep}"] = 1.0
        f[f"lem|child={lemma}|{dep}"] = 1.0
    f.update(_context_features(tok, lemma, qindex))
    return f


def _context_features(tok: Any, lemma: str, qindex: QuoteIndex) -> dict[str, float]:
    doc = tok.doc
    prev = doc[tok.i - 1].lemma_.lower() if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lemma_.lower() if tok.i + 1 < len(doc) else "</s>"
    inq = qindex.inside(tok.idx)
    sent = tok.sent
    f = {
        f"prev={prev}": 1.0,
        f"next={nxt}": 1.0,
        f"lem|next={lemma}|{nxt}": 1.0,
        f"inq={inq}": 1.0,
        f"lem|inq={lemma}|{inq}": 1.0,
        f"sentq={qindex.sentence_quoted(sent)}": 1.0,
        f"relpos={min(4, (tok.i - sent.start) * 5 // max(1, len(sent)))}": 1.0,
    }
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        s = subj[0]
        f[f"subj={s.pos_}|{s.ent_type_ or s.tag_}"] = 1.0
        f[f"lem|subjpos={lemma}|{s.pos_}"] = 1.0
    ccomp = [c for c in tok.children if c.dep_ == "ccomp"]
    if ccomp:
        f[f"ccomp_side={'L' if ccomp[0].i < tok.i else 'R'}"] = 1.0
    if tok.text == ":":
        f[f"colon_left={min(8, tok.i - sent.start)}"] = 1.0
    return f
