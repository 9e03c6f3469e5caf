"""Turn page bytes into text: BOM, declared charset, UTF-8, then detection.

Written by hand because trafilatura's own decoder guesses silently; presslens needs to know
(and record) when bytes were replaced, so that nothing is lost without a trace.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # number of U+FFFD introduced by decoding


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The charset an HTTP header or the page's ``<meta>`` declares, if Python knows it."""
    candidates = []
    if header:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", header, re.I)
        if m:
            candidates.append(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        candidates.append(m2.group(1).decode("ascii", "ignore"))
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode_html(data: bytes, header: str | None = None) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], enc)
    declared = declared_charset(data, header)
    if declared in ("ascii", "iso8859-1", "latin-1"):
        declared = "cp1252"  # WHATWG: these labels mean windows-1252
    try:
        return Decoded(data.decode(declared or "utf-8"), declared or "utf-8", 0)
    except (UnicodeDecodeError, LookupError):
        pass
    if declared:
        # Invalid bytes in a declared encoding are replaced (and counted, so the reader records
        # them); re-guessing the charset would garble the valid rest (‘ -> ‚Äò).
        return _decode(data, declared)
    if _mostly_utf8(data):
        return _decode(data, "utf-8")
    guess = _detect(data)
    if guess:
        return _decode(data, guess)
    return _decode(data, "utf-8")


def _mostly_utf8(data: bytes) -> bool:
    """Undeclared bytes whose non-ASCII part is mostly valid UTF-8 (a few stray bytes aside)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good > bad


def decode_text(data: bytes) -> Decoded:
    """Plain text is UTF-8 by contract (offsets must line up with external annotations)."""
    return _decode(data, "utf-8")


def _decode(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    before = data.count("\ufffd".encode(encoding, "ignore")) if encoding.startswith("utf") else 0
    return Decoded(text, encoding, max(0, text.count("\ufffd") - before))


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None
