"""Spark job throughput on local[1] and local[2] against plain ``presslens analyze`` on one core.

    python bench/spark.py [--docs 1000] [--masters local[1],local[2]] [--only STAGES]

**Input**: one JSON Lines file of ``--docs`` distinct real documents, read from ../shared/data at
run time (never copied): the PTC dev and train articles (446, ``text``), then the ScrapingHub
benchmark pages (181, ``html``), then trafilatura's multilingual eval pages (946, ``html``):
1,573 in all.  Beyond that the documents repeat (with distinct URLs), and the header says how
many are distinct.  Every run reads the same file.

**Like with like**: every run is a fresh process, timed from its start (interpreter and JVM
start-up, imports and model loading included), with the BLAS/OpenMP thread pools at one thread
(``OMP_NUM_THREADS=1`` etc.: what Spark gives its Python workers anyway) and pinned with
``taskset`` to as many CPUs as the run may use:

* ``analyze``: ``presslens analyze FILE --format jsonl`` on one CPU;
* ``local[1]``: ``presslens``'s Spark job (:func:`presslens.spark.run_job`: reading, the
  analysis with model loading in the Python worker, the seven tables, near-duplicate clustering,
  corpus entities, the manifest) with the driver JVM, its Python worker and the driver on the
  same one CPU;
* ``local[2]``: the same on two CPUs.

``articles/s`` and the overhead use that whole wall time; the job time alone (session start-up
excluded) is printed too.  Memory: the peak resident set size of each Spark Python worker (what an
executor needs per core beyond the JVM heap: ``spark.executor.memoryOverhead`` /
``spark.executor.pyspark.memory``).

Prints articles/s per run, the speed-up from local[1] to local[2], and the job's overhead against
``analyze`` on one core.  On a shared machine the runs see the same load only roughly: compare
ratios from one invocation, and look at the load average it prints.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
PTC = DATA / "ptc"
PAGES = (DATA / "article-extraction-benchmark" / "html", DATA / "trafilatura-eval" / "html")
ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def documents() -> list[dict[str, str]]:
    """The distinct documents: PTC texts, then the two page sets (HTML), in file-name order."""
    docs = [
        {"url": f"https://ptc.invalid/{f.stem}", "text": f.read_text(encoding="utf-8")}
        for sub in ("dev-articles", "train-articles")
        for f in sorted((PTC / sub).glob("*.txt"))
    ]
    for folder in PAGES:
        docs += [
            {
                "url": f"https://{folder.parent.name}.invalid/{f.name.removesuffix('.html.gz')}",
                "html": gzip.decompress(f.read_bytes()).decode("utf-8", "replace"),
            }
            for f in sorted(folder.glob("*.html.gz"))
        ]
    return docs


def write_input(path: Path, n: int) -> int:
    """``n`` records (distinct URLs) cycling through :func:`documents`; returns how many are distinct."""
    docs = documents()
    if not docs:
        sys.exit(f"no documents under {DATA}; this benchmark reads them at run time")
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            doc = docs[i % len(docs)]
            url = doc["url"] if i < len(docs) else f"{doc['url']}?copy={i // len(docs)}"
            fh.write(json.dumps({**doc, "url": url}) + "\n")
    return min(n, len(docs))


def pinned(cmd: list[str], cpus: int) -> list[str]:
    """``cmd`` under ``taskset`` on the first ``cpus`` CPUs this process may use (if taskset exists)."""
    allowed = sorted(os.sched_getaffinity(0))
    if not shutil.which("taskset") or len(allowed) < cpus:
        return cmd
    return ["taskset", "-c", ",".join(map(str, allowed[:cpus])), *cmd]


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, **ONE_THREAD, "PYTHONPATH": path}


def run_analyze(path: Path, only: str | None) -> float:
    cmd = [sys.executable, "-m", "presslens", "analyze", str(path), "--format", "jsonl", "--no-progress"]
    cmd += ["--only", only] if only else []
    t0 = time.perf_counter()
    subprocess.run(pinned(cmd, 1), check=False, stdout=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - t0


def cores_of(master: str) -> int:
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def run_spark(path: Path, out: Path, master: str, only: str | None) -> dict:
    """A fresh process; ``total`` runs from its start to the end of the job (the RSS probe and
    ``spark.stop()`` after it are left out)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", master]
    cmd += ["--input", str(path), "--out", str(out)] + (["--only", only] if only else [])
    started = time.time()
    done = subprocess.run(
        pinned(cmd, cores_of(master)), check=True, capture_output=True, text=True, env=_env()
    )
    res = json.loads(done.stdout.strip().splitlines()[-1])
    return {**res, "total": res.pop("job_end") - started}


def one(master: str, path: str, out: str, only: str | None) -> None:
    """In a fresh process: start a session, run the job, measure the Python workers' peak RSS."""
    from presslens.spark import run_job, session

    t0 = time.perf_counter()
    spark = session(master, "presslens-bench", {"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([0], 1).count()  # the session is really up
    startup = time.perf_counter() - t0
    report = run_job(spark, [path], out, only=only.split(",") if only else None)
    job_end = time.time()
    cores = spark.sparkContext.defaultParallelism
    rss = spark.sparkContext.parallelize(range(cores * 4), cores * 4).mapPartitions(_peak_rss).collect()
    spark.stop()
    res = {"startup": startup, "job": report.seconds, "job_end": job_end, "articles": report.articles}
    print(json.dumps({**res, "rss_mb": rss}))


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
        distinct = write_input(path, args.docs)
        load = os.getloadavg()[0]
        base = run_analyze(path, args.only)
        print(
            f"{args.docs} articles ({distinct} distinct: PTC texts, then ScrapingHub and trafilatura-eval"
            f" pages, as JSON Lines), {args.only or 'all stages'}; one thread per BLAS/OpenMP pool;"
            f" load average {load:.1f} at start"
        )
        print(
            f"{'run':10} {'CPUs':>4} {'articles/s':>10} {'wall s':>8} {'job s':>8} {'start-up s':>10} {'worker peak RSS MB':>19}"
        )
        print(f"{'analyze':10} {1:4} {args.docs / base:10.2f} {base:8.1f} {'':>8} {'(incl.)':>10}")
        walls, jobs = {}, {}
        for k, master in enumerate(args.masters.split(",")):
            res = run_spark(path, Path(tmp) / f"out-{k}", master, args.only)
            walls[master], jobs[master] = res["total"], res["job"]
            peak = max(r for _, r in res["rss_mb"]) if res["rss_mb"] else float("nan")
            print(
                f"{master:10} {cores_of(master):4} {res['articles'] / res['total']:10.2f} {res['total']:8.1f}"
                f" {res['job']:8.1f} {res['startup']:10.1f} {peak:19.0f}"
            )
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        if "local[1]" in walls:
            print(
                f"overhead of local[1] against analyze, both from process start: {walls['local[1]'] / base - 1:+.1%}"
            )
            print(f"  (job time alone, session start-up left out: {jobs['local[1]'] / base - 1:+.1%})")
        if "local[1]" in walls and "local[2]" in walls:
            print(
                f"speed-up local[1] -> local[2]: {walls['local[1]'] / walls['local[2]']:.2f}x from process start,"
                f" {jobs['local[1]'] / jobs['local[2]']:.2f}x job time alone"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
