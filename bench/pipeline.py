"""Whole-pipeline throughput against bare spaCy, and memory over a long run.

    python bench/pipeline.py [--docs 200] [--memory-docs 10000]

1. Throughput: the same news texts (PTC dev + train articles, read from ../shared/data at run
   time, never copied) are parsed by ``nlp.pipe`` alone (model already loaded) and by
   ``presslens analyze DIR --format jsonl`` as a subprocess, start-up included.  Prints tokens/s
   of each and their ratio, with and without the technique stage.
2. Memory: ``--memory-docs`` short articles go through the in-process pipeline; the resident set
   size is printed every 10 % of the run (it should stay flat).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PTC = ROOT.parent / "shared" / "data" / "ptc"


def news_texts(n: int) -> list[str]:
    files = sorted((PTC / "dev-articles").glob("*.txt")) + sorted((PTC / "train-articles").glob("*.txt"))
    if not files:
        sys.exit(f"PTC articles not found under {PTC}; this benchmark reads them at run time")
    return [f.read_text(encoding="utf-8") for f in files[:n]]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def bare_spacy(texts: list[str]) -> tuple[int, float, float]:
    """Tokens, wall seconds and CPU seconds of ``nlp.pipe`` alone (model already loaded)."""
    from presslens.stages.nlp import load_nlp

    nlp = load_nlp()
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    return tokens, time.perf_counter() - t0, time.process_time() - c0


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(folder: str, only: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of ``presslens analyze DIR`` in a fresh process (start-up included)."""
    cmd = [sys.executable, "-m", "presslens", "analyze", folder, "--format", "jsonl", "--no-progress"]
    if only:
        cmd += ["--only", only]
    t0, c0 = time.perf_counter(), _child_cpu()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0, _child_cpu() - c0


def throughput(n: int) -> None:
    texts = news_texts(n)
    tokens, spacy_s, spacy_cpu = bare_spacy(texts)
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            Path(tmp, f"{i:05d}.txt").write_text(text, encoding="utf-8")
        full_s, full_cpu = cli_run(tmp, None)
        rest_s, rest_cpu = cli_run(tmp, "entities,quotes,relations")
    rows = [
        ("spaCy nlp.pipe alone (model loaded)", spacy_s, spacy_cpu),
        ("presslens analyze DIR (all stages, start-up incl.)", full_s, full_cpu),
        ("presslens analyze DIR --only entities,quotes,relations", rest_s, rest_cpu),
    ]
    print(f"\n{len(texts)} articles, {tokens:,} tokens")
    print(f"{'run':58} {'wall s':>7} {'tok/s':>6} {'ratio':>6} {'CPU s':>7} {'tok/CPU-s':>9} {'ratio':>6}")
    for name, secs, cpu in rows:
        print(
            f"{name:58} {secs:7.1f} {tokens / secs:6.0f} {spacy_s / secs:6.2f}"
            f" {cpu:7.1f} {tokens / cpu:9.0f} {spacy_cpu / cpu:6.2f}"
        )
    print(
        f"technique stage adds {100 * (full_s - rest_s) / rest_s:.0f}% wall, "
        f"{100 * (full_cpu - rest_cpu) / rest_cpu:.0f}% CPU to the rest of the pipeline"
    )


def memory(n: int) -> None:
    from presslens.api import analyze_articles
    from presslens.model import Article

    paragraphs = [p for t in news_texts(400) for p in t.split("\n") if len(p.split()) > 12]
    docs = (Article(text=" ".join(paragraphs[(i * 3 + k) % len(paragraphs)] for k in range(3)), id=str(i))
            for i in range(n))  # fmt: skip
    print(f"\nmemory over {n:,} articles (resident set size)")
    print(f"{'articles':>9} {'RSS MB':>8} {'docs/s':>7}")
    t0 = time.perf_counter()
    step = max(1, n // 10)
    for i, _ in enumerate(analyze_articles(docs), 1):
        if i % step == 0 or i == 1:
            print(f"{i:9,} {rss_mb():8.0f} {i / (time.perf_counter() - t0):7.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--memory-docs", type=int, default=10_000)
    args = parser.parse_args()
    if args.docs:
        throughput(args.docs)
    if args.memory_docs:
        memory(args.memory_docs)


if __name__ == "__main__":
    main()
