"""Readers and bad input: every document gives a record; a bad one gets a clear error, never a crash."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.api import analyze_paths
from presslens.settings import Settings

PAGE = """<html><head><meta charset="{cs}"><title>Harbour strike ends</title></head><body><article>
<h1>Harbour strike ends</h1><p>{p1}</p><p>The agreement covers about two thousand workers at the port and
runs for three years, the union and the port authority said in a joint statement on Friday.</p>
</article></body></html>"""
P1 = "Dock workers in Valença returned to work on Friday after a week-long strike over wages and shifts."


def _extract(paths: list[str], **kw) -> list:  # type: ignore[no-untyped-def, type-arg]
    return list(analyze_paths([str(p) for p in paths], Settings(**kw), only=["extract"]))


def _page(cs: str = "utf-8", p1: str = P1) -> str:
    return PAGE.format(cs=cs, p1=p1)


def test_readers_html_declared_latin1(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_bytes(_page("iso-8859-1").encode("latin-1"))
    (article,) = _extract([f])
    assert "Valença" in article.text and not article.errors


def test_readers_html_undeclared_cp1251(tmp_path: Path) -> None:
    text = "Портовые рабочие вернулись к работе в пятницу после недельной забастовки из-за зарплат и смен."
    f = tmp_path / "ru.html"
    f.write_bytes(_page("", text).replace('<meta charset="">', "").encode("cp1251"))
    (article,) = _extract([f])
    # the Cyrillic paragraph decoded; the page's text is mostly English, and `language` is
    # detected from the whole text (lingua), so it is not asserted here
    assert text in article.text


def test_readers_gzip_html_and_truncated_gzip(tmp_path: Path) -> None:
    good = tmp_path / "a.html.gz"
    good.write_bytes(gzip.compress(_page().encode()))
    bad = tmp_path / "b.html.gz"
    bad.write_bytes(gzip.compress(_page().encode())[:60])
    a, b = _extract([good, bad])
    assert P1 in a.text and not a.errors
    assert b.errors and "truncated gzip" in b.errors[0].message


def test_readers_text_exact(tmp_path: Path) -> None:
    raw = "Title line\n\n  Indented  text\r\nwith CRLF and “quotes”.\n"
    f = tmp_path / "a.txt"
    f.write_bytes(raw.encode("utf-8"))
    (article,) = _extract([f])
    assert article.text == raw


def test_readers_folder_recursive_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second document text", encoding="utf-8")
    (tmp_path / "1.html").write_text(_page(), encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    records = _extract([tmp_path])
    assert [Path(r.source.path).name for r in records] == ["1.html", "2.txt"]


def test_readers_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    lines = [json.dumps({"html": _page(), "url": "https://x.example/a"}), "not json",
             json.dumps({"text": "plain text body", "title": "T"}), json.dumps({"nothing": 1}), ""]  # fmt: skip
    f.write_text("\n".join(lines), encoding="utf-8")
    a, b, c, d = _extract([f])
    assert P1 in a.text and a.source.url == "https://x.example/a"
    assert "not JSON" in b.errors[0].message
    assert c.text == "plain text body" and c.title == "T"
    assert "no string 'html' or 'text'" in d.errors[0].message


def test_readers_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "crawl.warc.gz"
    with open(f, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in [("https://x.example/a", "text/html; charset=utf-8", _page().encode()),
                                 ("https://x.example/img.png", "image/png", b"\x89PNG....")]:  # fmt: skip
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers)
            writer.write_record(rec)
    records = _extract([f])
    assert len(records) == 1 and records[0].source.url == "https://x.example/a" and P1 in records[0].text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [("empty.html", b"", "empty document"), ("blank.txt", b"   \n", "empty document"),
     ("junk.html", os.urandom(4096), ""), ("bad.txt", b"ok \xff\xfe bytes", "not valid utf-8"),
     ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
     ("deep.html", b"<div>" * 100_000 + b"<p>deep text here</p>" + b"</div>" * 100_000, "")],
)  # fmt: skip
def test_readers_bad_input_gives_error_record(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    good = tmp_path / "zz-good.html"
    good.write_text(_page(), encoding="utf-8")
    bad_rec, good_rec = _extract([f, good])
    assert bad_rec.errors, bad_rec
    assert reason.lower() in bad_rec.errors[0].message.lower()
    assert P1 in good_rec.text and not good_rec.errors


def test_readers_huge_page_rejected(tmp_path: Path) -> None:
    f = tmp_path / "huge.html"
    with open(f, "wb") as fh:
        fh.write(b"<html><body><p>" + b"word " * (10 * 1024 * 1024) + b"</p></body></html>")  # ~50 MB
    (rec,) = _extract([f], max_page_bytes=16 * 1024 * 1024)
    assert rec.errors and "larger than" in rec.errors[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".html", ".txt", ".html.gz", ".jsonl", ".warc"]))
def test_readers_fuzz_never_crash(tmp_path: Path, data: bytes, suffix: str) -> None:
    f = tmp_path / f"fuzz{suffix}"
    f.write_bytes(data)
    for rec in _extract([f]):
        rec.validate()
        assert rec.text or rec.errors


def test_readers_stdin_and_exit_codes(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "presslens", "analyze", "--only", "extract"]
    ok = subprocess.run([*run, "-"], input=_page().encode(), capture_output=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert P1 in json.loads(ok.stdout)["text"]
    (tmp_path / "a.html").write_text(_page(), encoding="utf-8")
    (tmp_path / "b.html").write_bytes(b"")
    some_failed = subprocess.run([*run, "--format", "jsonl", str(tmp_path)], capture_output=True, check=False)
    assert some_failed.returncode == 1
    assert len(some_failed.stdout.decode().strip().split("\n")) == 2
    usage = subprocess.run([*run, "--format", "xml", str(tmp_path)], capture_output=True, check=False)
    assert usage.returncode == 2


def test_readers_extract_only_does_not_import_spacy(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(_page(), encoding="utf-8")
    code = (
        "import sys; from presslens.api import analyze_paths; "
        f"list(analyze_paths([{str(tmp_path)!r}], only=['extract'])); "
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- hostile inputs that used to abort a whole batch (issue 15) ------------------------------------
def _read(paths: list[Path], **kw) -> list:  # type: ignore[no-untyped-def, type-arg]
    from presslens.readers import iter_articles

    return list(iter_articles([str(p) for p in paths], Settings(**kw)))


def test_readers_jsonl_deep_nesting_and_long_id_do_not_stop_the_file(tmp_path: Path) -> None:
    f = tmp_path / "rows.jsonl"
    rows = [
        json.dumps({"text": "first row"}),
        "[" * 5000 + "]" * 5000,
        json.dumps({"text": "third row", "id": "x" * 100}),
        json.dumps({"text": "fourth row", "id": "ok-id_1"}),
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first, deep, long_id, fourth = _read([f])
    assert not first.errors and first.cache["raw"].content == "first row"
    assert "nested too deeply" in deep.errors[0].message
    assert len(long_id.cache["given"]["id"]) == 24 and "malformed id" in long_id.errors[0].message
    assert fourth.cache["given"]["id"] == "ok-id_1" and not fourth.errors


def test_readers_warc_record_without_target_uri(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "a.warc"
    with open(f, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for url in ("https://x.example/no-uri", "https://x.example/b"):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            body = _page().encode()
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            if url.endswith("no-uri"):
                rec.rec_headers.remove_header("WARC-Target-URI")
            writer.write_record(rec)
    bad, good = _extract([f])
    assert "no WARC-Target-URI" in bad.errors[0].message
    assert good.source.url == "https://x.example/b" and P1 in good.text and not good.errors


@pytest.mark.parametrize("name", ["bomb.html", "bomb.html.gz", "bomb.jsonl.gz", "bomb.jsonl"])
def test_readers_gzip_bomb_is_capped(tmp_path: Path, name: str) -> None:
    limit = 1024 * 1024
    payload = b'{"text": "' + b"a" * (20 * limit) + b'"}\n' if ".jsonl" in name else b"<p>" + b"a" * (20 * limit)
    f = tmp_path / name
    f.write_bytes(gzip.compress(payload + b'{"text": "next row"}\n' if ".jsonl" in name else payload))
    records = _read([f], max_page_bytes=limit)
    assert "larger than" in records[0].errors[0].message
    if ".jsonl" in name:  # the rest of the stream is still read
        assert records[1].cache["raw"].content == "next row"


def test_readers_gzip_stream_cap(tmp_path: Path) -> None:
    f = tmp_path / "many.jsonl.gz"
    f.write_bytes(gzip.compress(b'{"text": "row"}\n' * 100_000))
    records = _read([f], max_stream_bytes=100_000)
    assert 0 < len(records) < 100_000
    assert "max_stream_bytes" in records[-1].errors[0].message


@pytest.mark.parametrize("declared", [True, False])
def test_readers_invalid_utf8_is_replaced_and_noted_not_reguessed(tmp_path: Path, declared: bool) -> None:
    p1 = "He said ‘we won’t stop’ – and “nobody” will \udcff stop us, the union leader said on Friday."
    data = _page("utf-8" if declared else "", p1).encode("utf-8", "surrogateescape")
    if not declared:
        data = data.replace(b'<meta charset="">', b"")
    f = tmp_path / "a.html"
    f.write_bytes(data)
    (article,) = _extract([f])
    assert "‘we won’t stop’" in article.text and "‚Äò" not in article.text
    assert "not valid utf-8" in article.errors[0].message


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz", "big.warc.gz"])
def test_spark_reads_a_large_archive_record_by_record(tmp_path: Path, name: str) -> None:
    """The Spark job gets each file as bytes: an archive larger than ``max_page_bytes`` is still
    read record by record, with the same records as ``presslens analyze`` reading it from disk."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from presslens.readers.core import iter_articles
    from presslens.spark import read_file

    pages = [(f"https://example.org/{i}", _page(p1=f"{P1} Story number {i}.")) for i in range(6)]
    f = tmp_path / name
    if name.endswith(".warc.gz"):
        with open(f, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for url, html in pages:
                body = html.encode()
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers))
    else:
        data = "".join(json.dumps({"url": u, "html": h}) + "\n" for u, h in pages).encode()
        f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    size = max(len(h.encode()) for _, h in pages) + 1000
    s = Settings(max_page_bytes=size)
    assert f.stat().st_size > size or name.endswith(".gz")
    got = list(read_file(f"file://{f}", f.read_bytes(), s))
    want = list(iter_articles([str(f)], s))
    assert len(got) == len(pages) and not any(a.errors for a in got), [a.errors for a in got]
    assert [(a.id, a.source.url) for a in got] == [(a.id, a.source.url) for a in want]


def test_readers_binary_is_more_than_two_percent_control_bytes() -> None:
    from presslens.readers.core import looks_binary

    page = b"<html><body>" + b"x" * 8180
    assert not looks_binary(page)
    assert not looks_binary(b"\x00" * 163 + page[163:])  # 163 of 8,192: under 2 %
    assert looks_binary(b"\x00\x01\x02" * 55 + page[165:])  # 165 of 8,192
    assert not looks_binary(b"\t\n\r\x0c\x1b" * 400 + page)  # tabs, newlines, form feeds, ESC are text
    assert not looks_binary(b"\xff\xfe" + "<html>".encode("utf-16-le") * 100)  # UTF-16 with a BOM
