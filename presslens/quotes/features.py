"""Token features for the cue classifier (lemmas and dependency structure; never raw text)."""

from __future__ import annotations

import re
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
    for para_start, para in paragraphs:
        regions.extend(
            r for r in _single(para, para_start) if not any(r[0] < e and s < r[1] for s, e in regions)
        )
    return sorted(regions)


# Single quotation marks ('...' and ‘...’), paired only where the evidence is strong: the opening
# mark stands after a line start, a space or an opening punctuation and before a letter or digit,
# the closing mark after a letter, digit or sentence punctuation and before a space, punctuation
# or the line end.  Apostrophes are excluded: elisions and spaced contractions ('90s, rock 'n'
# roll, 'em, 'til, she 'd), doubled marks (''...''), and a mark inside a word (don't, O'Brien).
# A closing candidate that can be a plural possessive or a dropped letter (the Smiths' house,
# goin' fishin') gives way to a later unambiguous closing mark before the next opening one.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[:\-–—\"“/]))(?P<m>['‘])(?=[^\W_])")
_SINGLE_CLOSE = re.compile(
    r"(?<=[^\W_.,!?…])(?P<m>['’])(?=$|[\s.,;:!?)\]\-–—\"”/…])|(?<=[.,!?…])(?P<p>['’])(?=$|[\s)\]\-–—\"”])"
)
_ELISION = re.compile(
    r"['‘’](?:\d\d?s?\b|n['’]|em\b|til\b|till\b|cause\b|cos\b|coz\b|bout\b|round\b|tis\b|twas\b"
    r"|s\b|t\b|d\b|ll\b|re\b|ve\b|m\b|un\b|ol\b|er\b)",
    re.IGNORECASE,
)
_AMBIGUOUS_CLOSE = re.compile(r"(?:s|in)['’]$", re.IGNORECASE)
SINGLE_MAX = 400  # characters a single-marked quotation may span


def _single(para: str, offset: int) -> list[tuple[int, int]]:
    if "'" not in para and "‘" not in para:
        return []
    opens = [
        m.start()
        for m in _SINGLE_OPEN.finditer(para)
        if not _ELISION.match(para, m.start()) and not _doubled_at(para, m.start())
    ]
    closes = [
        m.start()
        for m in _SINGLE_CLOSE.finditer(para)
        if not _doubled_at(para, m.start()) and not _ELISION.match(para, _elision_start(para, m.start()))
    ]
    out: list[tuple[int, int]] = []
    pos = -1
    for k, a in enumerate(opens):
        if a <= pos:
            continue
        nxt = next((o for o in opens[k + 1 :] if o > a), len(para))
        pair = "’" if para[a] == "‘" else "'"
        cands = [c for c in closes if a + 1 < c < nxt and para[c] == pair and c - a <= SINGLE_MAX]
        if not cands:
            continue
        strong = [c for c in cands if not _ambiguous(para, c)]
        weak = [c for c in cands if _ambiguous(para, c) and _after_word(para, c) in _CLOSE_NEXT]
        if not strong and not weak:
            continue
        b = strong[0] if strong else weak[0]
        out.append((offset + a, offset + b + 1))
        pos = b
    return out


# words that follow a closing mark but hardly a plural possessive ('heroes' and ..., not the workers' union)
_CLOSE_NEXT = frozenset(
    """and or but nor to as in on at for with from by after before when while because if than
    then so was were is are be been said says say told tells added wrote he she they it we
    i you this that which who of about over during since until unless""".split()  # noqa: SIM905
)


def _ambiguous(para: str, c: int) -> bool:
    return bool(_AMBIGUOUS_CLOSE.search(para, max(0, c - 2), c + 1)) and para[c + 1 : c + 2].isspace()


def _after_word(para: str, c: int) -> str:
    m = re.match(r"\s+([A-Za-z]+)", para[c + 1 :])
    return m.group(1).lower() if m else ""


def is_single_marked(text: str, region: tuple[int, int]) -> bool:
    """Whether a region of :func:`quote_regions` is a single-marked quotation ('...', ‘...’)."""
    return text[region[0] : region[0] + 1] in ("'", "‘") and text[region[0] : region[0] + 2] != "''"


def _doubled_at(para: str, i: int) -> bool:
    return para[i - 1 : i] in ("'", "’", "‘") or para[i + 1 : i + 2] in ("'", "’", "‘")


def _elision_start(para: str, i: int) -> int:
    """The mark before a closing candidate when the two enclose an elision ('n' in rock 'n' roll)."""
    return i - 2 if i >= 2 and para[i - 2] in "'‘’" else i


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
        self._double: QuoteIndex | None = None

    def double_only(self) -> QuoteIndex:
        """The index without single-marked regions ('...', ‘...’): what the cue classifier's
        features see, as when it was trained (session 17 added single marks for content only)."""
        if self._double is None:
            kept = [r for r in self.regions if not is_single_marked(self.text, r)]
            self._double = self if len(kept) == len(self.regions) else QuoteIndex(kept, self.text)
        return self._double

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
