"""Spark job throughput on local[1] and local[2] against plain ``presslens analyze`` on one core.

    python bench/spark.py [--docs 1000] [--masters local[1],local[2]]

The input is one JSON Lines file of ``--docs`` records (``text`` + a distinct ``url``) cycling
through the PTC dev and train articles (read from ../shared/data at run time, never copied).

* ``analyze``: ``presslens analyze FILE --format jsonl`` in a fresh process (start-up and model
  loading included), one core;
* ``local[N]``: ``presslens spark FILE --master local[N]`` in a fresh process; the job time
  (``run_job``: reading, analysis with model loading in each Python worker, the seven tables,
  near-duplicate clustering, manifest) and the session start-up are printed apart;
* memory: the peak resident set size of each Spark Python worker (what an executor needs per
  core beyond the JVM heap: ``spark.executor.memoryOverhead`` / ``spark.executor.pyspark.memory``).

Prints articles/s per run, the speed-up from local[1] to local[2], and the job's overhead against
``analyze`` on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PTC = ROOT.parent / "shared" / "data" / "ptc"


def write_input(path: Path, n: int) -> None:
    files = sorted((PTC / "dev-articles").glob("*.txt")) + sorted((PTC / "train-articles").glob("*.txt"))
    if not files:
        sys.exit(f"PTC articles not found under {PTC}; this benchmark reads them at run time")
    texts = [f.read_text(encoding="utf-8") for f in files]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"url": f"https://bench.invalid/{i}", "text": texts[i % len(texts)]}) + "\n")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def run_analyze(path: Path, only: str | None) -> float:
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "presslens", "analyze", str(path), "--format", "jsonl", "--no-progress"]
    cmd += ["--only", only] if only else []
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - t0


def run_spark(path: Path, out: Path, master: str, only: str | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", master]
    cmd += ["--input", str(path), "--out", str(out)] + (["--only", only] if only else [])
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env())
    return json.loads(done.stdout.strip().splitlines()[-1])


def one(master: str, path: str, out: str, only: str | None) -> None:
    """In a fresh process: start a session, run the job, measure the Python workers' peak RSS."""
    from presslens.spark import run_job, session

    t0 = time.perf_counter()
    spark = session(master, "presslens-bench", {"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([0], 1).count()  # the session is really up
    startup = time.perf_counter() - t0
    report = run_job(spark, [path], out, only=only.split(",") if only else None)
    cores = spark.sparkContext.defaultParallelism
    rss = spark.sparkContext.parallelize(range(cores * 4), cores * 4).mapPartitions(_peak_rss).collect()
    spark.stop()
    print(json.dumps({"startup": startup, "job": report.seconds, "articles": report.articles, "rss_mb": rss}))


def _peak_rss(_items: object) -> list[tuple[int, float]]:
    import resource

    return [(os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--only", default=None, help="stages (e.g. extract: the job's own overhead)")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--input", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        one(args.one, args.input, args.out, args.only)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        write_input(path, args.docs)
        base = run_analyze(path, args.only)
        stages = args.only or "all stages"
        print(
            f"{args.docs} articles (PTC texts as JSON Lines), {stages}; load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{'run':12} {'articles/s':>10} {'job s':>8} {'start-up s':>10} {'worker peak RSS MB':>20}")
        print(f"{'analyze':12} {args.docs / base:10.2f} {base:8.1f} {'(incl.)':>10}")
        rates = {}
        for master in args.masters.split(","):
            res = run_spark(path, Path(tmp) / f"out-{len(rates)}", master, args.only)
            rates[master] = res["articles"] / res["job"]
            peak = max(r for _, r in res["rss_mb"]) if res["rss_mb"] else float("nan")
            print(f"{master:12} {rates[master]:10.2f} {res['job']:8.1f} {res['startup']:10.1f} {peak:20.0f}")
        if "local[1]" in rates:
            print(
                f"overhead of local[1] against analyze (job time): {args.docs / rates['local[1]'] / base - 1:+.1%}"
            )
        if "local[1]" in rates and "local[2]" in rates:
            print(f"speed-up local[1] -> local[2]: {rates['local[2]'] / rates['local[1]']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
