"""Readers for single HTML/text files, folders, JSON Lines, WARC archives and stdin."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import os
import re
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

log = logging.getLogger(__name__)

READ_STAGE = "presslens.read.v1"
GZIP_MAGIC = b"\x1f\x8b"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
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
    """Every document of one input path; any failure becomes an error record, never an exception."""
    try:
        yield from _read_path_unguarded(path, settings)
    except (OSError, EOFError, zlib.error, ReaderError) as e:
        yield _failed(path, f"cannot read {path}: {_reason(e)}")
    except Exception as e:  # noqa: BLE001 - a bad input must never stop a batch
        log.debug("reader failed on %s", path, exc_info=True)
        yield _failed(path, f"cannot read {path}: {type(e).__name__}: {e}")


def _read_path_unguarded(path: str, settings: Settings) -> Iterator[Article]:
    if path == "-":
        data = sys.stdin.buffer.read(settings.max_page_bytes + 1)
        yield from read_bytes_document(data, None, settings, name="-")
        return
    kind = _kind_of(path)
    if kind in ("jsonl", "warc"):
        with open(path, "rb") as fh:
            yield from read_container(fh, path, settings, kind)
        return
    data = _read_limited(path, settings.max_page_bytes)
    yield from read_bytes_document(data, path, settings, kind=kind)


def _reason(e: BaseException) -> str:
    if isinstance(e, EOFError | zlib.error | gzip.BadGzipFile):
        return f"corrupt or truncated gzip data ({type(e).__name__}: {e})"
    return f"{type(e).__name__}: {e}" if not isinstance(e, ReaderError) else str(e)


class _Capped(io.RawIOBase):
    """A readable stream that raises :class:`ReaderError` past ``limit`` bytes (gzip bombs)."""

    def __init__(self, inner: IO[bytes], limit: int, underlying: IO[bytes] | None = None):
        self.inner, self.limit, self.seen, self.underlying = inner, limit, 0, underlying

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        n = self.inner.readinto(buf)  # type: ignore[attr-defined]
        self.seen += n or 0
        if self.seen > self.limit:
            raise ReaderError(
                f"decompressed data exceed the {self.limit / 1e6:.0f} MB limit (max_stream_bytes)"
            )
        return n

    def close(self) -> None:
        self.inner.close()
        if self.underlying is not None:
            self.underlying.close()
        super().close()


def _open_maybe_gzip(path: str, limit: int) -> IO[bytes]:
    """The file's bytes, gunzipped when it is gzip (by suffix or by content), capped at ``limit``."""
    return _maybe_gunzip(open(path, "rb"), limit)  # noqa: SIM115 - returned to the caller's with-block


def _maybe_gunzip(fh: io.BufferedReader, limit: int) -> IO[bytes]:
    if fh.peek(2)[:2] != GZIP_MAGIC:
        return fh
    capped = _Capped(gzip.GzipFile(fileobj=fh, mode="rb"), limit, fh)
    return io.BufferedReader(capped)  # type: ignore[return-value]


def read_container(fh: IO[bytes], path: str | None, settings: Settings, kind: str) -> Iterator[Article]:
    """A JSON Lines or WARC stream record by record, with the per-record limits: a large archive is
    many records, never one document over ``max_page_bytes``.  ``presslens analyze`` passes the
    open file; the Spark job, which gets files as bytes, passes them as a stream."""
    if kind == "warc":
        yield from _read_warc_stream(fh, path, settings)  # warcio reads gzip members itself
        return
    raw = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(fh)  # type: ignore[arg-type]
    with _maybe_gunzip(raw, settings.max_stream_bytes) as stream:
        yield from read_jsonl(stream, path, settings)


def _read_limited(path: str, limit: int) -> bytes:
    with _open_maybe_gzip(path, 4 * limit) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ReaderError(f"document is larger than the {limit / 1e6:.0f} MB limit (max_page_bytes)")
    return data


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data`` (all members), refusing more than ``limit`` bytes of output."""
    with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as fh:
        out = fh.read(limit + 1)
    if len(out) > limit:
        raise ReaderError(
            f"decompressed document is larger than the {limit / 1e6:.0f} MB limit (max_page_bytes)"
        )
    return out


# -- one document from bytes ----------------------------------------------------------------------
def read_bytes_document(
    data: bytes, path: str | None, settings: Settings, kind: str | None = None, name: str | None = None
) -> Iterator[Article]:
    """One document (or, for stdin, possibly a JSON Lines stream) from raw bytes."""
    if len(data) > settings.max_page_bytes:
        yield _failed(path, f"document is larger than the {settings.max_page_bytes / 1e6:.0f} MB limit")
        return
    if data[:2] == GZIP_MAGIC:
        try:
            data = gunzip_limited(data, settings.max_page_bytes)
        except (EOFError, OSError, zlib.error, ReaderError) as e:
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
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass: the control bytes deleted
    return controls > 0.02 * len(head)


# -- JSON Lines -----------------------------------------------------------------------------------
def read_jsonl(fh: IO[bytes], path: str | None, settings: Settings) -> Iterator[Article]:
    """One object per line with ``html`` or ``text`` and optional ``url``/``id``/metadata.

    A line longer than ``max_page_bytes`` is skipped (read in pieces, never held whole) and
    recorded; any error on one line becomes that line's error record.
    """
    limit = settings.max_page_bytes
    lineno = 0
    while line := fh.readline(limit + 1):
        lineno += 1
        where = f"{path or '-'}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(fh)
            yield _failed(
                where, f"line {lineno} is larger than the {limit / 1e6:.0f} MB limit (max_page_bytes)"
            )
            continue
        if not line.strip():
            continue
        yield _json_line(line, lineno, where, settings)


def _skip_rest_of_line(fh: IO[bytes], piece: int = 1 << 20) -> None:
    while chunk := fh.readline(piece):
        if chunk.endswith(b"\n"):
            return


def _json_line(line: bytes, lineno: int, where: str, settings: Settings) -> Article:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return _failed(where, f"line {lineno} is not JSON: {e}")
    except RecursionError:
        return _failed(where, f"line {lineno}: JSON nested too deeply")
    try:
        return _from_json_object(obj, where, settings)
    except Exception as e:  # noqa: BLE001 - one bad line never stops the file
        return _failed(where, f"line {lineno}: {type(e).__name__}: {e}")


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
    meta = {k: obj[k] for k in ("title", "outlet", "published", "id") if isinstance(obj.get(k), str)}
    notes: tuple[StageError, ...] = ()
    if "id" in meta and not _SAFE_ID.fullmatch(meta["id"]):
        given = meta["id"]
        meta["id"] = hashlib.sha256(given.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        notes = (
            StageError(
                READ_STAGE,
                f"malformed id ({len(given)} characters; ids are 1-64 of A-Z a-z 0-9 . _ : -) "
                f"replaced by its hash {meta['id']}",
            ),
        )
    article = _article(RawPage(kind, body, where, url, "utf-8"), notes)
    if meta:
        article.cache["given"] = meta
    return article


# -- WARC -------------------------------------------------------------------------------------------
def _read_warc_stream(fh: IO[bytes], path: str | None, settings: Settings) -> Iterator[Article]:
    """Response records with HTML; a malformed record becomes its own error record.

    warcio is asked not to parse HTTP headers (its parser raises on a response record without
    ``WARC-Target-URI``, which would end the iteration); presslens parses them per record.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(fh, no_record_parse=True):
            n += 1
            try:
                article = _warc_record(record, path, settings, n)
            except Exception as e:  # noqa: BLE001 - one bad record never stops the archive
                article = _failed(
                    f"{path or '-'}#record-{n}", f"malformed WARC record {n}: {type(e).__name__}: {e}"
                )
            if article is not None:
                yield article
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as e:
        yield _failed(path, f"WARC archive is corrupt or truncated: {type(e).__name__}: {e}")


def _warc_record(record: Any, path: str | None, settings: Settings, n: int) -> Article | None:
    from warcio.statusandheaders import StatusAndHeadersParser

    if record.rec_type != "response" or not (record.content_type or "").lower().startswith(
        "application/http"
    ):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if url and not url.lower().startswith(("http:", "https:")):
        return None
    http = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False).parse(record.raw_stream)
    record.http_headers = http
    ctype = http.get_header("Content-Type") or ""
    status = http.get_statuscode()
    if "html" not in ctype.lower() or (status and not status.startswith("2")):
        return None
    where = f"{path}#{url}" if path and url else (url or f"{path or '-'}#record-{n}")
    if not url:
        return _failed(where, f"WARC response record {n} has no WARC-Target-URI")
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
