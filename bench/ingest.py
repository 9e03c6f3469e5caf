"""Ingest throughput (1 vs 2 worker processes) and search latency on a generated corpus.

The corpus is generated at run time: each document is a headline plus sentences sampled from the
PTC articles (so spaCy sees real news prose; no PTC text is stored in the repo), or synthetic
sentences when PTC is absent.  Each run ingests into a fresh SQLite store.

    python bench/ingest.py [--articles 1000] [--only extract,nlp] [--workers 1,2] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from presslens.corpus.ingest import ingest
from presslens.errors import PresslensError
from presslens.pipeline import expand_only
from presslens.settings import Settings
from presslens.store import open_store, search

PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train-articles"
_FALLBACK = (
    "The minister said the government would review the budget. Police closed the bridge after the "
    "storm. Voters in the northern region went to the polls on Sunday. The court ruled against the "
    "company in a long-running dispute. Officials warned of rising prices for energy and food."
)


def sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(PTC.glob("article*.txt")) if PTC.is_dir() else []:
        out += [s.strip() for s in path.read_text(encoding="utf-8").split("\n")[1:] if len(s.split()) >= 6]
    return out or [s + "." for s in _FALLBACK.split(". ")]


def make_corpus(folder: Path, n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pool = sentences()
    for i in range(n):
        body = "\n".join(rng.choice(pool) for _ in range(rng.randint(8, 20)))
        (folder / f"a{i:05d}.txt").write_text(f"Generated story {i}\n\n{body}\n", encoding="utf-8")
    return pool


def pick_stages(wanted: str | None) -> list[str]:
    candidates = [wanted.split(",")] if wanted else [list(Settings().stages), ["extract", "nlp"], ["extract"]]
    for stages in candidates:
        try:
            return expand_only(stages)
        except PresslensError:
            continue
    raise SystemExit("no usable stage list")


def run_ingest(docs: Path, db: str, stages: list[str], workers: int, n: int) -> float:
    with open_store(db) as store:
        started = time.perf_counter()
        report = ingest([str(docs)], store, Settings(), workers=workers, only=stages)
        seconds = time.perf_counter() - started
    if report.new != n:
        raise SystemExit(f"expected {n} new articles, got {report.as_dict()}")
    return n / seconds


def search_latency(db: str, pool: list[str], queries: int, seed: int = 1) -> tuple[float, float]:
    rng = random.Random(seed)
    words = [w for s in pool for w in s.split() if w.isalpha() and len(w) > 4]
    times = []
    with open_store(db) as store:
        for _ in range(queries):
            q = " ".join(rng.sample(words, rng.randint(1, 2)))
            started = time.perf_counter()
            search(store, q, limit=20)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--only", default=None, help="stages (default: the full pipeline if available)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args(argv)
    stages = pick_stages(args.only)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        pool = make_corpus(docs, args.articles)
        print(
            f"{args.articles} articles, stages: {','.join(stages)}; {os.cpu_count()} CPUs, "
            f"load average before: {os.getloadavg()[0]:.2f}"
        )
        print(f"{'workers':>8} {'articles/s':>11} {'speedup':>8}")
        rates: dict[int, float] = {}
        db = ""
        for w in (int(x) for x in args.workers.split(",")):
            db = str(Path(tmp) / f"w{w}.db")
            rates[w] = run_ingest(docs, db, stages, w, args.articles)
            base = rates[min(rates)]
            print(f"{w:>8} {rates[w]:>11.1f} {rates[w] / base:>7.2f}x", flush=True)
        print(f"load average after ingest: {os.getloadavg()[0]:.2f} (other processes share these cores)")
        p50, p95 = search_latency(db, pool, args.queries)
        print(
            f"search over {args.articles} articles ({args.queries} queries): p50 {p50:.2f} ms, p95 {p95:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
