"""What the v4 technique model reads: word pieces of sentence windows, with actors' names masked.

The same function cuts text for training (``scripts/train_techniques_v4.py``) and at inference
(``presslens.techniques.v4``), so the model never sees text shaped differently from how it learned.

**Names are masked.**  Every mention of a person, an organisation or a country/city that the
entity stage found (``Article.entities``, proper names only, not pronouns) is replaced by one
word piece, ``someone``, the same for every type, before the encoder reads the text, in training
and at inference.  The technique model therefore cannot learn, or show, that a technique goes with
a particular actor, and a name the entity stage types differently in two texts (a person in one,
an organisation in the other) still reads the same.  A sentence gets the same techniques whoever
it names (``eval/evenness.py`` measures it).  Organisation names the entity stage missed or cut
short are masked too when an organisation word gives them away (:func:`organisation_names`); a
name it misses with no such word ("Black Lives Matter", "MoveOn") is read as words
(``eval/evenness.py --show`` lists them).  Group words that are not names of actors
(``Zionists``, ``leftists``: nationalities, religions, political groups, typed NORP) are *not*
masked: labelling a group is what ``Name_Calling,Labeling`` is about.

**Windows.**  Each sentence (``presslens.techniques.sentences``) is one window of at most
``MAX_WORD_PIECES`` word pieces; a longer sentence is cut into consecutive chunks.  Sentences are
not packed together, so what the model reads of a sentence does not depend on its neighbours
(with packing, a name changed in the next sentence moved window borders and changed 5 % of
untouched sentences' techniques).  Each word piece keeps the character offsets it covers in the
original text (a masked name covers the whole name), so that predictions map back to
``text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.techniques.sentences import split_sentences

TOKENIZER = Path(__file__).resolve().parents[1] / "data" / "embeddings" / "tokenizer.json"
MAX_WORD_PIECES = 128
MASK_WORD = "someone"
MASK_TYPES = frozenset(["PERSON", "ORG", "GPE"])
_PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "it",
        "its",
        "itself",
        "we",
        "us",
        "our",
        "ours",
        "i",
        "me",
        "my",
        "you",
        "your",
        "who",
        "whom",
        "whose",
        "this",
        "that",
        "these",
        "those",
    ]
)


@dataclass(frozen=True, slots=True)
class Window:
    ids: tuple[int, ...]  # [CLS] pieces [SEP]
    offsets: tuple[tuple[int, int], ...]  # one per piece between [CLS] and [SEP]
    masked: tuple[bool, ...]  # the piece stands for a masked name


def load_tokenizer(path: str | Path | None = None) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path or TOKENIZER))
    tok.no_truncation()
    tok.no_padding()
    return tok


_LEADING = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "our", "his", "her", "their", "its", "my", "your"]
)
_PARTICLES = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "les",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "y",
        "&",
        "-",
    ]
)


def _proper(words: list[str]) -> bool:
    """Every word capitalised (or a digit, or a name particle such as "of", "bin", "al-")."""
    return (
        bool(words)
        and all(
            w[:1].isupper() or w[:1].isdigit() or w.lower() in _PARTICLES or any(c.isupper() for c in w[1:])
            for w in words
        )
        and not (words[0].lower() in _PARTICLES and len(words) == 1)
    )


# The last word of an organisation's name ("Southern Poverty Law Center", "Israel Defense Forces"):
# a run of capitalised words that ends in one of these, inside a sentence of prose, names an
# organisation even where the entity stage missed it or cut it short.
DESIGNATORS = frozenset(
    [
        "Agency",
        "Alliance",
        "Army",
        "Association",
        "Brigade",
        "Brigades",
        "Bureau",
        "Campaign",
        "Caucus",
        "Center",
        "Centre",
        "Coalition",
        "College",
        "Commission",
        "Committee",
        "Company",
        "Corporation",
        "Council",
        "Court",
        "Department",
        "Federation",
        "Forces",
        "Foundation",
        "Front",
        "Fund",
        "Group",
        "Guard",
        "Guards",
        "Herald",
        "Institute",
        "Journal",
        "League",
        "Ministry",
        "Movement",
        "Network",
        "News",
        "Office",
        "Organisation",
        "Organization",
        "Party",
        "Post",
        "Project",
        "Service",
        "Society",
        "Times",
        "Tribune",
        "Trust",
        "Union",
        "University",
    ]
)
_NAME_JOINERS = frozenset(["of", "for", "the", "de", "la", "van", "von", "al"])
_NOT_ACTOR_TYPES = frozenset(
    ["EVENT", "LAW", "WORK_OF_ART", "LANGUAGE", "PRODUCT", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"]
    + ["ORDINAL", "QUANTITY", "LOC", "FAC"]
)
_WORD_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*")


def _word(start: int, word: str) -> tuple[int, int, str]:
    """(start, end, word) without a possessive "'s" or a sentence's full stop ("U.S." keeps its)."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    if word.endswith(".") and "." not in word[:-1]:
        word = word[:-1]
    return start, start + len(word), word


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (any(c.islower() for c in word[1:]) or 2 <= len(word) <= 5)


def _organisation(run: list[int], words: list[tuple[int, int, str]]) -> bool:
    """The run ends in a designator ("... Law Center"), or opens with one followed by "of" or
    "for" ("Center for American Progress", "Ministry of Defence")."""
    first, last = words[run[0]][2], words[run[-1]][2]
    return last in DESIGNATORS or (
        first in DESIGNATORS and len(run) > 2 and words[run[1]][2] in ("of", "for")
    )


def organisation_names(text: str, mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Organisation names the entity stage missed or cut short, by a ``DESIGNATORS`` word.

    A run of two or more capitalised words (joined by nothing but spaces, or by "of", "for",
    "the" ...) whose last word is a designator, or whose first is one followed by "of" or "for",
    inside a sentence that is not a title-case
    headline, not its first word (a leading "The" is left out), is an organisation's name
    ("a Southern Poverty Law Center doctor", "the Center for American Progress" where the entity
    stage found "American Progress").  A run that overlaps a mention of a non-actor type (a law,
    an event, a place that is not a country or city) or that a person/organisation/place mention
    already covers exactly is left alone.  On PTC train (the model learnt with the masking without
    this) it changes what the model reads in 144 of 17,331 sentences (0.8 %; dev 32 of 3,263),
    nearly all names of organisations (courts, universities, newspapers, parties, police)."""
    out: list[tuple[int, int, str]] = []
    for sent in split_sentences(text):
        words = [_word(m.start(), m.group()) for m in _WORD_TOKEN.finditer(text, sent.start, sent.end)]
        if len(words) < 4 or sum(_capitalised(w) for _s, _e, w in words) * 2 > len(words):
            continue  # a headline in title case, or too short to tell
        i = 0
        while i < len(words):
            if not _capitalised(words[i][2]):
                i += 1
                continue
            run = [i]
            while True:
                j = run[-1]
                gap = text[words[j][1] : words[j + 1][0]] if j + 1 < len(words) else ""
                if gap != " " or text[words[j][1] : words[j][1] + 1] in ("'", "’"):
                    break
                if _capitalised(words[j + 1][2]):
                    run.append(j + 1)
                elif (
                    words[j + 1][2] in _NAME_JOINERS
                    and j + 2 < len(words)
                    and text[words[j + 1][1] : words[j + 2][0]] == " "
                    and _capitalised(words[j + 2][2])
                ):
                    run += [j + 1, j + 2]
                else:
                    break
            i = run[-1] + 1
            if words[run[0]][2].lower() in _LEADING:
                run = run[1:]
            elif run[0] == 0:
                continue  # capitalised as the sentence's first word: cannot tell
            if sum(_capitalised(words[k][2]) for k in run) < 2 or not _organisation(run, words):
                continue
            s, e = words[run[0]][0], words[run[-1]][1]
            over = [(a, b, t) for a, b, t in mentions if a < e and b > s]
            if any(t in _NOT_ACTOR_TYPES or a < s or b > e for a, b, t in over):
                continue
            if any((a, b) == (s, e) and t in MASK_TYPES for a, b, t in over):
                continue
            out.append((s, e, "ORG"))
    return out


def name_spans(text: str, mentions: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Proper-name mentions to mask: maskable type, a proper name, not a pronoun.

    A leading determiner is left out of the mask ("The New York Times" masks "New York Times");
    a mention with a common-noun word is not a name and is not masked ("the martyr", "Zionist
    regime": such words are what a technique may be about).  Organisation names the entity stage
    missed or cut short are added (:func:`organisation_names`).  Overlapping mentions are merged
    (the earlier type wins)."""
    mentions = list(mentions)
    cands = []
    for s, e, typ in [*mentions, *organisation_names(text, mentions)]:
        if typ not in MASK_TYPES or not (0 <= s < e <= len(text)):
            continue
        words = text[s:e].split()
        if words and words[0].lower() in _LEADING and len(words) > 1:
            s = text.index(words[1], s + len(words[0]))
            words = words[1:]
        if not _proper(words) or " ".join(words).lower() in _PRONOUNS:
            continue
        cands.append((s, e, typ))
    cands.sort()
    out: list[tuple[int, int, str]] = []
    for s, e, typ in cands:
        if out and s < out[-1][1]:
            ps, pe, pt = out[-1]
            out[-1] = (ps, max(pe, e), pt)
        else:
            out.append((s, e, typ))
    return out


def article_names(article: Any) -> list[tuple[int, int, str]]:
    """The maskable name mentions of an analysed article (empty when the entity stage did not run)."""
    ments = [(m.start, m.end, e.type) for e in getattr(article, "entities", ()) for m in e.mentions]
    return name_spans(article.text, ments)


def pieces(
    text: str, names: Sequence[tuple[int, int, str]], tok: Any
) -> tuple[list[int], list[tuple[int, int]], list[bool]]:
    """Word pieces of the whole text with names replaced by one type piece each."""
    enc = tok.encode(text, add_special_tokens=False)
    ids, offs = enc.ids, enc.offsets
    mask_id = tok.token_to_id(MASK_WORD)
    out_ids: list[int] = []
    out_offs: list[tuple[int, int]] = []
    out_mask: list[bool] = []
    ni = 0
    i = 0
    n = len(ids)
    while i < n:
        s, e = offs[i]
        while ni < len(names) and names[ni][1] <= s:
            ni += 1
        if ni < len(names) and names[ni][0] < e and s < names[ni][1]:
            ms, me, typ = names[ni]
            start = min(s, ms)
            end = max(e, me)
            while i < n and offs[i][0] < me:
                end = max(end, offs[i][1])
                i += 1
            out_ids.append(mask_id)
            out_offs.append((start, end))
            out_mask.append(True)
            ni += 1
            continue
        out_ids.append(ids[i])
        out_offs.append((s, e))
        out_mask.append(False)
        i += 1
    return out_ids, out_offs, out_mask


def build_windows(
    text: str,
    names: Sequence[tuple[int, int, str]],
    tok: Any,
    max_pieces: int = MAX_WORD_PIECES,
    sentence_starts: Sequence[int] | None = None,
) -> list[Window]:
    """One window per sentence, of at most ``max_pieces`` word pieces (special tokens included).

    Sentences are not packed together: a sentence's window holds nothing but the sentence, so the
    model's reading of it cannot change with what its neighbours say or whom they name.
    ``sentence_starts``: the sentences' start offsets when the caller has them (a slice of a long
    text), else ``split_sentences(text)``."""
    ids, offs, masked = pieces(text, names, tok)
    if not ids:
        return []
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    budget = max_pieces - 2
    if sentence_starts is None:
        sentence_starts = [s.start for s in split_sentences(text)]
    sent_starts = list(sentence_starts) or [0]
    # sentence index of each piece
    groups: list[list[int]] = []
    last = None
    for k, (s, _e) in enumerate(offs):
        si = max(0, bisect.bisect_right(sent_starts, s) - 1)
        if si != last:
            groups.append([])
            last = si
        groups[-1].append(k)
    chunks: list[list[int]] = []
    for g in groups:
        for a in range(0, len(g), budget):
            chunks.append(g[a : a + budget])
    return [_window(c, ids, offs, masked, cls, sep) for c in chunks]


def _window(
    idx: list[int], ids: list[int], offs: list[tuple[int, int]], masked: list[bool], cls: int, sep: int
) -> Window:
    return Window(
        ids=(cls, *(ids[k] for k in idx), sep),
        offsets=tuple(offs[k] for k in idx),
        masked=tuple(masked[k] for k in idx),
    )
