"""Schwartz–Hearst acronym detection: "Islamic Revolutionary Guard Corps (IRGC)"."""

from __future__ import annotations

from typing import Any

from presslens.nlp.names import ARTICLES


def long_form_start(short: str, words: list[str]) -> int | None:
    """Index of the first word of the long form ending at ``words[-1]`` for ``short``, or None.

    Characters of the short form are matched right to left; the first one must start a word.
    """
    text = " ".join(words)
    s, i = len(short) - 1, len(text) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start_char = text.rfind(" ", 0, i + 1) + 1
    return text[:start_char].count(" ")


def is_short_form(text: str) -> bool:
    return 2 <= len(text) <= 10 and text[0].isalnum() and any(c.isupper() for c in text) and " " not in text


def find_acronyms(doc: Any) -> list[tuple[int, int, int, int]]:
    """(long start, long end, short start, short end) token spans of "Long Form (SF)" pairs."""
    out = []
    for tok in doc:
        i = tok.i
        if (
            tok.text != "("
            or i + 2 >= len(doc)
            or doc[i + 2].text != ")"
            or not is_short_form(doc[i + 1].text)
        ):
            continue
        short = doc[i + 1].text
        lo = max(
            tok.sent.start if doc.has_annotation("SENT_START") else 0, i - min(len(short) + 5, 2 * len(short))
        )
        words = [t.text for t in doc[lo:i]]
        start = long_form_start(short, words)
        if start is None:
            continue
        ls = lo + start
        while ls < i - 1 and doc[ls].text in ARTICLES:
            ls += 1
        if ls < i and doc[ls].text[:1].lower() == short[0].lower():
            out.append((ls, i, i + 1, i + 2))
    return out
