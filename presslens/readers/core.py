"""Readers for single HTML/text files, folders, JSON Lines, WARC archives and stdin."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from presslens.errors import ReaderError
from presslens.model import Article, Source, StageError
from presslens.readers.decode import decode_html, decode_text
from presslens.settings import Settings

READ_STAGE = "presslens.read.v1"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES


@dataclass(frozen=True)
class RawPage:
    """What a reader found: HTML or plain text, already decoded, with where it came from."""

    kind: str  # "html" | "text"
    content: str
    path: str | None = None
    url: str | None = None
    encoding: str | None = None
    fetched: str | None = None  # WARC-Date, when known


def _article(raw: RawPage, errors: tuple[StageError, ...] = ()) -> Article:
    return Article(text="", source=Source(raw.path, raw.url), errors=errors, cache={"raw": raw})


def _failed(path: str | None, message: str, url: str | None = None) -> Article:
    return Article(text="", source=Source(path, url), errors=(StageError(READ_STAGE, message),))


def _kind_of(name: str) -> str | None:
    low = name.lower()
    for kind, suffixes in (
        ("html", HTML_SUFFIXES),
        ("text", TEXT_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("warc", WARC_SUFFIXES),
    ):
        if low.endswith(suffixes):
            return kind
    return None


# -- paths -------------------------------------------------------------------------------------
def expand_paths(paths: list[str]) -> list[str]:
    """Files in the order given; folders recursively, sorted, only known document types."""
    out: list[str] = []
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            out.append(p)
            continue
        found = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(os.path.join(root, f) for f in files if not f.startswith(".") and _kind_of(f))
        out.extend(sorted(found))
    return out


def count_inputs(paths: list[str]) -> int | None:
    """Number of documents when cheap to know (files), None when archives make it unknown."""
    files = expand_paths(paths)
    if any(f == "-" or _kind_of(f) in ("jsonl", "warc") for f in files):
        return None
    return len(files)


def iter_articles(paths: list[str], settings: Settings | None = None) -> Iterator[Article]:
    settings = settings or Settings()
    for path in expand_paths(paths):
        yield from _read_path(path, settings)


def _read_path(path: str, settings: Settings) -> Iterator[Article]:
    if path == "-":
        data = sys.stdin.buffer.read(settings.max_page_bytes + 1)
        yield from read_bytes_document(data, None, settings, name="-")
        return
    kind = _kind_of(path)
    try:
        if kind == "jsonl":
            with _open_maybe_gzip(path) as fh:
                yield from read_jsonl(fh, path, settings)
            return
        if kind == "warc":
            yield from read_warc(path, settings)
            return
        data = _read_limited(path, settings.max_page_bytes)
    except (OSError, EOFError, zlib.error, ReaderError) as e:
        yield _failed(path, f"cannot read {path}: {_reason(e)}")
        return
    yield from read_bytes_document(data, path, settings, kind=kind)


def _reason(e: BaseException) -> str:
    if isinstance(e, EOFError | zlib.error | gzip.BadGzipFile):
        return f"corrupt or truncated gzip data ({type(e).__name__}: {e})"
    return f"{type(e).__name__}: {e}"


def _open_maybe_gzip(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_limited(path: str, limit: int) -> bytes:
    with _open_maybe_gzip(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ReaderError(f"document is larger than the {limit / 1e6:.0f} MB limit (max_page_bytes)")
    return data


# -- one document from bytes ----------------------------------------------------------------------
def read_bytes_document(
    data: bytes, path: str | None, settings: Settings, kind: str | None = None, name: str | None = None
) -> Iterator[Article]:
    """One document (or, for stdin, possibly a JSON Lines stream) from raw bytes."""
    if len(data) > settings.max_page_bytes:
        yield _failed(path, f"document is larger than the {settings.max_page_bytes / 1e6:.0f} MB limit")
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as e:
            yield _failed(path, f"cannot read {name or path}: {_reason(e)}")
            return
    kind = kind or _sniff(data)
    if kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), path, settings)
    elif kind == "warc":
        yield from _read_warc_stream(io.BytesIO(data), path, settings)
    else:
        yield _page(data, path, None, kind or "html")


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<") or b"<html" in head or b"<body" in head:
        return "html"
    return "text"


def _page(data: bytes, path: str | None, url: str | None, kind: str, header: str | None = None) -> Article:
    if not data.strip():
        return _failed(path, "empty document", url)
    if looks_binary(data):
        return _failed(path, "binary data, not an HTML or text document", url)
    dec = decode_text(data) if kind == "text" else decode_html(data, header)
    raw = RawPage(kind, dec.text, path, url, dec.encoding)
    if dec.replaced:
        msg = f"{dec.replaced} byte sequence(s) were not valid {dec.encoding} and were replaced by U+FFFD"
        return _article(raw, (StageError(READ_STAGE, msg),))
    return _article(raw)


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """More than 2% control bytes in the first 8 kB (UTF-16 pages with a BOM excepted)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return controls > 0.02 * len(head)


# -- JSON Lines -----------------------------------------------------------------------------------
def read_jsonl(fh: IO[bytes], path: str | None, settings: Settings) -> Iterator[Article]:
    """One object per line with ``html`` or ``text`` and optional ``url``/``id``/metadata."""
    for lineno, line in enumerate(fh, 1):
        where = f"{path or '-'}:{lineno}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield _failed(where, f"line {lineno} is not JSON: {e}")
            continue
        yield _from_json_object(obj, where, settings)


def _from_json_object(obj: Any, where: str, settings: Settings) -> Article:
    if not isinstance(obj, dict):
        return _failed(where, "JSON line is not an object")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    body = obj.get("html") if obj.get("html") is not None else obj.get("text")
    if not isinstance(body, str):
        return _failed(where, "JSON object has no string 'html' or 'text' field", url)
    if len(body) > settings.max_page_bytes:
        return _failed(
            where, f"document is larger than the {settings.max_page_bytes / 1e6:.0f} MB limit", url
        )
    kind = "html" if obj.get("html") is not None else "text"
    if not body.strip():
        return _failed(where, "empty document", url)
    article = _article(RawPage(kind, body, where, url, "utf-8"))
    meta = {k: obj[k] for k in ("title", "outlet", "published", "id") if isinstance(obj.get(k), str)}
    if meta:
        article.cache["given"] = meta
    return article


# -- WARC -------------------------------------------------------------------------------------------
def read_warc(path: str, settings: Settings) -> Iterator[Article]:
    with open(path, "rb") as fh:
        yield from _read_warc_stream(fh, path, settings)


def _read_warc_stream(fh: IO[bytes], path: str | None, settings: Settings) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(fh):
            article = _warc_record(record, path, settings)
            if article is not None:
                yield article
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as e:
        yield _failed(path, f"WARC archive is corrupt or truncated: {type(e).__name__}: {e}")


def _warc_record(record: Any, path: str | None, settings: Settings) -> Article | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = record.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{url}" if path else url
    status = record.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        return None
    data = record.content_stream().read(settings.max_page_bytes + 1)
    if len(data) > settings.max_page_bytes:
        return _failed(
            where, f"document is larger than the {settings.max_page_bytes / 1e6:.0f} MB limit", url
        )
    article = _page(data, where, url, "html", ctype)
    date = record.rec_headers.get_header("WARC-Date")
    if date and "raw" in article.cache:
        article.cache["fetched"] = date
    return article


def path_exists(path: str) -> bool:
    return path == "-" or Path(path).exists()
