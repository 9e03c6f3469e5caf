"""Extraction throughput: presslens (``--only extract`` path) vs plain trafilatura, same pages, same run.

    python bench/extraction.py [--data ../shared/data/article-extraction-benchmark] [--repeat 2]

Both start from the raw page bytes; presslens includes decoding, metadata (JSON-LD, OpenGraph,
htmldate fallback), cleaning and record building.  Prints pages/second (CPU time and wall time).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from extraction import DEFAULT_DATA, load_benchmark  # noqa: E402


def _time(fn, pages, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for _, html, url, _ in pages:
            fn(html, url)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return len(pages) / best_cpu, len(pages) / best_wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    import trafilatura

    from presslens.api import build_pipeline
    from presslens.readers import read_bytes_document
    from presslens.settings import Settings

    pages = load_benchmark(args.data)
    settings = Settings()
    pipeline = build_pipeline(settings, only=["extract"])

    def ours(html: bytes, url: str) -> None:
        pipeline(next(read_bytes_document(html, None, settings, kind="html")))

    def theirs(html: bytes, url: str) -> None:
        trafilatura.extract(html, url=url, include_comments=False)

    rows = [
        ("trafilatura.extract (include_comments=False)", *_time(theirs, pages, args.repeat)),
        ("presslens analyze --only extract", *_time(ours, pages, args.repeat)),
    ]
    print(f"{'system':48} {'pages/s CPU':>12} {'pages/s wall':>13}   ({len(pages)} pages, best of {args.repeat})")
    for name, cpu, wall in rows:
        print(f"{name:48} {cpu:12.1f} {wall:13.1f}")
    print(f"{'ratio presslens / trafilatura':48} {rows[1][1] / rows[0][1]:12.2f} {rows[1][2] / rows[0][2]:13.2f}")


if __name__ == "__main__":
    main()
