"""Spark job throughput on local[1] and local[2] against plain ``presslens analyze`` on one core.

    python bench/spark.py [--docs 1000] [--masters local[1],local[2]] [--only STAGES]

**Input**: ``--docs`` distinct real documents as JSON Lines, read from ../shared/data at
run time (never copied): the PTC dev and train articles (446, ``text``), then the ScrapingHub
benchmark pages (181, ``html``), then trafilatura's multilingual eval pages (946, ``html``):
1,573 in all.  Beyond that the documents repeat (with distinct URLs), and the header says how
many are distinct.  Every run reads the same files (JSON Lines of at most 40 MB each).

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
excluded) is printed too.  ``CPU s`` is the CPU time (user + system) of the run's whole process
tree (the JVM and its Python workers included, up to the end of the run: after the job, a
small memory probe and ``spark.stop()``), sampled from ``/proc`` (:class:`TreeCPU`), which other jobs on a shared machine do not inflate as they inflate wall
time: on one CPU it is about what the wall time would be on an idle one, so the overhead is
printed on both.  Memory: the peak resident set size of each Spark Python worker (what an
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
import threading
import time
from pathlib import Path
from typing import Any

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


def write_input(folder: Path, n: int, chunk_bytes: int = 40_000_000) -> tuple[list[Path], int]:
    """``n`` records (distinct URLs) cycling through :func:`documents`, in JSON Lines files of at
    most ``chunk_bytes`` (several files, so that ``local[2]`` has files to share out: the Spark job
    reads each file as one task); returns the files and how many records are distinct."""
    docs = documents()
    if not docs:
        sys.exit(f"no documents under {DATA}; this benchmark reads them at run time")
    files: list[Path] = []
    size = chunk_bytes
    for i in range(n):
        doc = docs[i % len(docs)]
        url = doc["url"] if i < len(docs) else f"{doc['url']}?copy={i // len(docs)}"
        line = json.dumps({**doc, "url": url}) + "\n"
        if size + len(line) > chunk_bytes:
            files.append(folder / f"bench-{len(files):03d}.jsonl")
            size = 0
        with open(files[-1], "a", encoding="utf-8") as fh:
            fh.write(line)
        size += len(line.encode("utf-8"))
    return files, min(n, len(docs))


def pinned(cmd: list[str], cpus: int) -> list[str]:
    """``cmd`` under ``taskset`` on the first ``cpus`` CPUs this process may use (if taskset exists)."""
    allowed = sorted(os.sched_getaffinity(0))
    if not shutil.which("taskset") or len(allowed) < cpus:
        return cmd
    return ["taskset", "-c", ",".join(map(str, allowed[:cpus])), *cmd]


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, **ONE_THREAD, "PYTHONPATH": path}


class TreeCPU:
    """CPU seconds (user + system) of a process and all its descendants, sampled from ``/proc``
    every ``interval`` seconds: the last value seen per process, summed.  Spark does not reap its
    Python workers, so ``RUSAGE_CHILDREN`` would miss them; this misses at most ``interval`` of
    each process's last moments."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.tick = interval, os.sysconf("SC_CLK_TCK")
        self.seen: dict[tuple[int, str], float] = {}
        self.names: dict[tuple[int, str], str] = {}
        self._stop = threading.Event()

    def run(self, cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
        proc = subprocess.Popen(cmd, **kwargs)
        watcher = threading.Thread(target=self._watch, args=(proc.pid,), daemon=True)
        watcher.start()
        out, err = proc.communicate()
        self._stop.set()
        watcher.join()
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())

    def by_program(self) -> dict[str, float]:
        """CPU seconds per program name (``java``: the JVM; ``python``: driver and workers)."""
        out: dict[str, float] = {}
        for key, cpu in self.seen.items():
            name = "java" if "java" in self.names.get(key, "") else "python"
            out[name] = out.get(name, 0.0) + cpu
        return out

    def _watch(self, root: int) -> None:
        while not self._stop.wait(self.interval):
            self._sample(root)

    def _sample(self, root: int) -> None:
        table = {}
        for name in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                    comm, rest = fh.read().split("(", 1)[1].rsplit(")", 1)
                    fields = rest.split()
            except (OSError, IndexError, ValueError):
                continue
            # fields[1] ppid, [11] utime, [12] stime, [19] start time (with the pid: a stable key)
            table[int(name)] = (
                int(fields[1]),
                (int(fields[11]) + int(fields[12])) / self.tick,
                fields[19],
                comm,
            )
        tree = {root} | {pid for pid, _ in self.seen}
        grew = True
        while grew:
            more = {pid for pid, (ppid, *_) in table.items() if ppid in tree and pid not in tree}
            tree |= more
            grew = bool(more)
        for pid in tree & table.keys():
            _, cpu, start, comm = table[pid]
            self.seen[(pid, start)] = max(cpu, self.seen.get((pid, start), 0.0))
            self.names[(pid, start)] = comm


def run_analyze(paths: list[Path], only: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of ``presslens analyze`` on one CPU."""
    cmd = [
        sys.executable,
        "-m",
        "presslens",
        "analyze",
        *map(str, paths),
        "--format",
        "jsonl",
        "--no-progress",
    ]
    cmd += ["--only", only] if only else []
    t0, cpu = time.perf_counter(), TreeCPU()
    cpu.run(pinned(cmd, 1), stdout=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - t0, cpu.seconds


def cores_of(master: str) -> int:
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def run_spark(paths: list[Path], out: Path, master: str, only: str | None) -> dict:
    """A fresh process; ``total`` runs from its start to the end of the job (the RSS probe and
    ``spark.stop()`` after it are left out)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", master]
    cmd += ["--input", ",".join(map(str, paths)), "--out", str(out)] + (["--only", only] if only else [])
    started, cpu = time.time(), TreeCPU()
    done = cpu.run(
        pinned(cmd, cores_of(master)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    if done.returncode:
        log = Path(tempfile.gettempdir()) / f"presslens-bench-spark-{os.getpid()}.err"
        log.write_text(done.stderr, encoding="utf-8")
        first = [line for line in done.stderr.splitlines() if "ERROR" in line or "Exception" in line][:5]
        sys.exit(f"{master} run failed (whole log: {log}); first errors:\n" + "\n".join(first))
    res = json.loads(done.stdout.strip().splitlines()[-1])
    return {**res, "total": res.pop("job_end") - started, "cpu": cpu.seconds, "cpu_by": cpu.by_program()}


def one(master: str, path: str, out: str, only: str | None) -> None:
    """In a fresh process: start a session, run the job, measure the Python workers' peak RSS."""
    from presslens.spark import run_job, session

    t0 = time.perf_counter()
    spark = session(master, "presslens-bench", {"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([0], 1).count()  # the session is really up
    startup = time.perf_counter() - t0
    report = run_job(spark, path.split(","), out, only=only.split(",") if only else None)
    job_end = time.time()
    cores = spark.sparkContext.defaultParallelism
    rss = spark.sparkContext.parallelize(range(cores * 4), cores * 4).mapPartitions(_peak_rss).collect()
    spark.stop()
    _reap_jvm()
    res = {"startup": startup, "job": report.seconds, "job_end": job_end, "articles": report.articles}
    print(json.dumps({**res, "rss_mb": rss}))


def _reap_jvm() -> None:
    """End the driver JVM (it exits when its stdin closes) and wait for it: the run, and its CPU
    count, end with it."""
    from pyspark import SparkContext

    proc = getattr(SparkContext._gateway, "proc", None)
    if proc is not None:
        proc.stdin.close()
        proc.wait(timeout=120)


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
        paths, distinct = write_input(Path(tmp), args.docs)
        load = os.getloadavg()[0]
        base, base_cpu = run_analyze(paths, args.only)
        print(
            f"{args.docs} articles ({distinct} distinct: PTC texts, then ScrapingHub and trafilatura-eval"
            f" pages, as {len(paths)} JSON Lines files), {args.only or 'all stages'}; one thread per BLAS/OpenMP pool;"
            f" load average {load:.1f} at start"
        )
        head = (
            "run",
            "CPUs",
            "articles/s",
            "wall s",
            "CPU s",
            "art/CPU-s",
            "job s",
            "start-up s",
            "worker RSS MB",
        )
        print("{:9} {:>4} {:>10} {:>7} {:>7} {:>9} {:>7} {:>10} {:>13}".format(*head))
        row = "{:9} {:>4} {:>10.2f} {:>7.1f} {:>7.1f} {:>9.2f} {:>7} {:>10} {:>13}"
        print(
            row.format(
                "analyze", 1, args.docs / base, base, base_cpu, args.docs / base_cpu, "", "(incl.)", ""
            )
        )
        runs = {}
        for k, master in enumerate(args.masters.split(",")):
            res = runs[master] = run_spark(paths, Path(tmp) / f"out-{k}", master, args.only)
            peak = max(r for _, r in res["rss_mb"]) if res["rss_mb"] else float("nan")
            n, cpus = res["articles"], cores_of(master)
            job, up = f"{res['job']:.1f}", f"{res['startup']:.1f}"
            print(
                row.format(
                    master,
                    cpus,
                    n / res["total"],
                    res["total"],
                    res["cpu"],
                    n / res["cpu"],
                    job,
                    up,
                    f"{peak:.0f}",
                )
            )
            if master == "local[1]":  # printed at once: the slowest run
                print(
                    f"overhead of local[1] against analyze on one CPU, both from process start:"
                    f" wall {res['total'] / base - 1:+.1%}, CPU time {res['cpu'] / base_cpu - 1:+.1%}"
                    f" (job time alone, session start-up left out: wall {res['job'] / base - 1:+.1%})"
                )
        for master, res in runs.items():
            parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(res["cpu_by"].items()))
            print(f"CPU s of {master} by program: {parts}")
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        if "local[1]" in runs and "local[2]" in runs:
            single, two = runs["local[1]"], runs["local[2]"]
            print(
                f"speed-up local[1] -> local[2]: {single['total'] / two['total']:.2f}x from process start,"
                f" {single['job'] / two['job']:.2f}x job time alone"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
