"""Adversarial inputs: time and peak memory per document and for the whole batch (issue 15).

Generates the adversarial set at run time (no corpus text is stored in the repo): empty, binary,
truncated gzip, a huge page with a short article, deep nesting in HTML and JSON, invalid UTF-8,
repetitive long texts (live blogs, transcripts), emoji runs, a 10,000-link page, one line without
spaces, gzip bombs with and without a suffix, a JSONL bomb, and a WARC record without a target
URI.  Then it runs

* ``analyze`` document by document (one pipeline, models loaded once), printing wall and CPU
  seconds, peak RSS during the document, text characters, and the CPU time per character
  (of text, or of input bytes when there are more) relative to a normal article (``x_normal``;
  a document shorter than the normal article is allowed its time).  CPU time, because wall time on a shared machine measures the neighbours;
* ``ingest`` of the whole folder (one worker) into SQLite, and into PostgreSQL when
  ``--pg URL`` or ``PRESSLENS_TEST_PG`` is given, printing stored / failed counts, seconds and
  the peak RSS of the process.

    python bench/adversarial.py                  # reduced sizes (--scale 0.2), default stages
    python bench/adversarial.py --scale 1        # the issue's sizes (1-3 M characters, 30 MB ...)
    python bench/adversarial.py --only extract,nlp --skip-ingest
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from presslens.api import build_pipeline
from presslens.corpus.ingest import ingest
from presslens.readers import iter_articles
from presslens.settings import Settings
from presslens.store import open_store

PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "dev-articles"
_FALLBACK = (
    "The minister said the government would review the budget, officials in Valmora said on Monday. "
    "Police closed the bridge after the storm, according to the city council. “We will not give up,” "
    "union leader Marta Oliveira told Radio Costa. Critics called the plan a disgraceful betrayal.\n"
)


def articles(n: int = 5) -> list[str]:
    files = sorted(PTC.glob("article*.txt"))[:n] if PTC.is_dir() else []
    return [f.read_text(encoding="utf-8") for f in files] or [_FALLBACK * 12]


def _repeat(text: str, n: int) -> str:
    return (text * (n // max(1, len(text)) + 1))[:n]


def _html(body: str, title: str = "A page") -> str:
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    return f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>{paras}</article></body></html>"


def _warc_without_uri(html: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url in ("https://x.example/no-uri", "https://x.example/ok"):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html), length=len(html), http_headers=headers
        )
        if url.endswith("no-uri"):
            rec.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(rec)
    return buf.getvalue()


def generate(folder: Path, scale: float) -> dict[str, str]:
    """Write the adversarial set; returns file name -> what it is."""
    rng = random.Random(0)
    arts = articles()
    normal, blog = arts[0], "\n".join(arts)
    mb = 1024 * 1024
    junk = "".join(
        f"<div class='nav'><a href='/x{i}'>menu item {i}</a><script>var x{i}={i};</script></div>"
        for i in range(2000)
    )
    files: dict[str, tuple[bytes, str]] = {
        "00-normal.txt": (normal.encode(), "a normal article (the baseline)"),
        "01-empty.html": (b"", "empty"),
        "02-binary.html": (rng.randbytes(64 * 1024), "binary junk"),
        "03-truncated.html.gz": (gzip.compress(_html(normal).encode())[:200], "truncated gzip"),
        "04-huge-page.html": (
            (
                _html(normal).replace(
                    "<article>", "<nav>" + junk * max(1, int(30 * scale * mb / len(junk))) + "</nav><article>"
                )
            ).encode(),
            f"{30 * scale:.0f} MB page with a short article",
        ),
        "05-deep.html": (
            b"<div>" * 100_000 + _html(normal).encode() + b"</div>" * 100_000,
            "100,000 nested divs",
        ),
        "06-deep.jsonl": (
            ("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": normal}) + "\n").encode(),
            "JSON nested 100,000 deep, then a good row",
        ),
        "07-invalid-utf8.html": (
            _html(normal.replace(" the ", " \udcff the ", 3)).encode("utf-8", "surrogateescape"),
            "invalid UTF-8 in a UTF-8 page",
        ),
        "08-repetitive-1m.txt": (
            _repeat(blog, int(1_000_000 * scale)).encode(),
            f"{1_000_000 * scale:,.0f} characters of repeated articles",
        ),
        "09-repetitive-3m.txt": (
            _repeat(blog, int(3_000_000 * scale)).encode(),
            f"{3_000_000 * scale:,.0f} characters of repeated articles",
        ),
        "10-repetitive.html": (
            _html(_repeat(blog, int(2 * mb * scale))).encode(),
            f"{2 * scale:.1f} MB HTML of repeated articles",
        ),
        "11-emoji.txt": (
            (normal + "\n" + "😀🔥👍" * 3_334 + "\n" + normal).encode(),
            "10,000 emoji in a run",
        ),
        "12-links.html": (
            (
                "<html><body><article><p>"
                + normal[:500]
                + "</p>"
                + "".join(
                    f"<p><a href='https://x.example/{i}'>Link number {i} to a story</a></p>"
                    for i in range(10_000)
                )
                + "</article></body></html>"
            ).encode(),
            "10,000 links",
        ),
        "13-long-line.txt": (
            ("x" * int(5_000_000 * scale)).encode(),
            f"one line of {5_000_000 * scale:,.0f} characters, no spaces",
        ),
        "14-bomb.html.gz": (gzip.compress(b"<p>" + b"a" * (200 * mb)), "gzip bomb (200 MB), with suffix"),
        "15-bomb.html": (gzip.compress(b"<p>" + b"a" * (200 * mb)), "gzip bomb (200 MB), no suffix"),
        "16-bomb.jsonl.gz": (
            gzip.compress(
                b'{"text": "' + b"a" * (200 * mb) + b'"}\n' + json.dumps({"text": normal}).encode() + b"\n"
            ),
            "JSONL.gz with a 200 MB line, then a good row",
        ),
        "17-no-uri.warc.gz": (
            _warc_without_uri(_html(normal).encode()),
            "WARC record without a target URI, then a good one",
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: what for name, (_, what) in files.items()}


class PeakRSS:
    """Peak resident memory of this process while the block runs (sampled every 20 ms)."""

    def __enter__(self) -> PeakRSS:
        self.peak, self._stop = _rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_analyze(folder: Path, settings: Settings, only: list[str] | None, what: dict[str, str]) -> list[dict]:
    pipeline = build_pipeline(settings, only)
    rows, base = [], None
    for path in sorted(folder.iterdir()):
        with PeakRSS() as mem:
            started, cpu = time.monotonic(), time.process_time()
            records = [pipeline(a) for a in iter_articles([str(path)], settings)]
            seconds, cpu = time.monotonic() - started, time.process_time() - cpu
        chars = sum(len(r.text) for r in records)
        size = max(chars, path.stat().st_size)  # characters of text, or bytes of input if more
        if base is None:
            base = (cpu, max(size, 1))
        allowed = base[0] * max(1.0, size / base[1])
        cut = [r.meta["analysis"]["left_out"] for r in records if "analysis" in r.meta]
        rows.append({
            "document": path.name, "what": what.get(path.name, ""), "records": len(records),
            "failed": sum(r.failed for r in records), "chars": chars, "input_bytes": path.stat().st_size, "seconds": round(seconds, 2),
            "cpu_s": round(cpu, 2), "x_normal": round(cpu / allowed, 2), "peak_rss_mb": round(mem.peak / 2**20),
            "cut": cut[0] if cut else None,
            "reasons": sorted({e.message[:90] for r in records for e in r.errors}),
        })  # fmt: skip
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def run_ingest(folder: Path, url: str, settings: Settings, only: list[str] | None) -> dict:
    with PeakRSS() as mem, open_store(url) as store:
        started = time.monotonic()
        report = ingest([str(folder)], store, settings, only=only)
        seconds = time.monotonic() - started
        failed = [(a.source.path, a.errors[0].message[:80]) for a in store.iter_articles(status="failed")]
        ok = store.count("ok")
    return {"store": url.split("?")[0].split("://")[0] if "://" in url else "sqlite", "stored_ok": ok,
            "stored_failed": len(failed), "report": report.as_dict(), "seconds": round(seconds, 1),
            "peak_rss_mb": round(mem.peak / 2**20), "failures": failed}  # fmt: skip


@contextmanager
def _pg_schema(url: str) -> Iterator[str]:
    """A throwaway schema (dropped afterwards), so the bench never touches existing tables."""
    import sqlalchemy as sa

    from presslens.store.core import normalise_url

    schema = f"presslens_bench_{os.getpid()}"
    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--scale", type=float, default=0.2, help="size factor of the big documents (1 = the issue's)"
    )
    ap.add_argument("--only", default=None, help="comma-separated stages (default: all)")
    ap.add_argument(
        "--pg", default=os.environ.get("PRESSLENS_TEST_PG"), help="PostgreSQL URL for the ingest run"
    )
    ap.add_argument("--skip-analyze", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    only = args.only.split(",") if args.only else None
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="presslens-adversarial-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        what = generate(folder, args.scale)
        print(f"# {len(what)} documents, scale {args.scale}, stages {only or 'all'}", flush=True)
        total = time.monotonic()
        if not args.skip_analyze:
            with PeakRSS() as mem:
                rows = run_analyze(folder, settings, only, what)
            worst = max(rows[1:], key=lambda r: r["x_normal"])
            print(json.dumps({"analyze_batch_seconds": round(sum(r["seconds"] for r in rows), 1),
                              "analyze_batch_cpu_s": round(sum(r["cpu_s"] for r in rows), 1),
                              "analyze_peak_rss_mb": round(mem.peak / 2**20),
                              "worst_x_normal": [worst["document"], worst["x_normal"]]}), flush=True)  # fmt: skip
        if not args.skip_ingest:
            print(json.dumps(run_ingest(folder, str(Path(tmp) / "adv.db"), settings, only)), flush=True)
            if args.pg:
                with _pg_schema(args.pg) as url:
                    print(json.dumps(run_ingest(folder, url, settings, only), ensure_ascii=False), flush=True)
        print(json.dumps({"total_seconds": round(time.monotonic() - total, 1),
                          "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
