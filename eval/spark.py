"""The Spark job against the single-machine tools, on the same data.

1. **Parity**: PTC dev articles (``.txt``) and the ScrapingHub benchmark pages, as JSON Lines and
   as a WARC.gz built from them at run time, go through ``presslens spark`` (``local[N]``) and
   through ``presslens analyze`` (the Python API); every table of the output is compared, sorted,
   row by row (ids, text, entities, mentions, quotes, relations, techniques, errors).
2. **Near-duplicates**: ``eval/dedup.py``'s set (PTC train articles and edited copies) is
   clustered by the store (incremental, SQLite) and by the Spark job's band join; both are scored
   with the same pair precision / recall, and their pair sets compared.

    python eval/spark.py [--master local[2]] [--ptc-limit N] [--pages-limit N] [--skip-parity]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval"), str(ROOT / "tests" / "fixtures")]
DATA = ROOT.parent / "shared" / "data"

import dedup as dedup_eval  # noqa: E402  (eval/dedup.py)
import spark_inputs  # noqa: E402  (tests/fixtures/spark_inputs.py)

from presslens.corpus import dedup  # noqa: E402
from presslens.export import COLUMNS, _safe_rows, rows  # noqa: E402


def build_inputs(tmp: Path, ptc_limit: int | None, pages_limit: int | None) -> list[str]:
    texts = spark_inputs.copy_texts(DATA / "ptc" / "dev-articles", tmp / "ptc-dev", ptc_limit)
    pages = spark_inputs.benchmark_pages(DATA / "article-extraction-benchmark", pages_limit)
    jsonl = spark_inputs.write_jsonl(pages, tmp / "pages.jsonl")
    warc = spark_inputs.write_warc(pages, tmp / "pages.warc.gz")
    return [str(texts), str(jsonl), str(warc)]


def spark_tables(out: Path) -> dict[str, list[tuple]]:
    import pyarrow.dataset as ds

    tables = {}
    for kind, cols in COLUMNS.items():
        names = [c for c, _ in cols]
        data = ds.dataset(out / kind, format="parquet", partitioning="hive").to_table(columns=names)
        tables[kind] = sorted(tuple(r[c] for c in names) for r in data.to_pylist())
    return tables


def analyze_tables(paths: list[str]) -> tuple[dict[str, list[tuple]], float]:
    from presslens.api import analyze_paths
    from presslens.store.core import _with_id

    t0 = time.perf_counter()
    articles = [_with_id(a) for a in analyze_paths(paths)]
    seconds = time.perf_counter() - t0
    tables = {}
    for kind, cols in COLUMNS.items():
        names = [c for c, _ in cols]
        tables[kind] = sorted(tuple(r[c] for c in names) for a in articles for r in _safe_rows(rows(a)[kind]))
    return tables, seconds


def parity(spark, args: argparse.Namespace) -> list[dict]:
    from presslens.spark import run_job

    with tempfile.TemporaryDirectory() as tmp:
        paths = build_inputs(Path(tmp), args.ptc_limit, args.pages_limit)
        report = run_job(spark, paths, str(Path(tmp) / "out"))
        got = spark_tables(Path(tmp) / "out")
        want, seconds = analyze_tables(paths)
    print(f"spark job {report.seconds:.1f} s, analyze {seconds:.1f} s", file=sys.stderr)
    out = []
    for kind in COLUMNS:
        g, w = got[kind], want[kind]
        missing, extra = _multiset_diff(w, g), _multiset_diff(g, w)
        out.append(
            {
                "table": kind,
                "spark": len(g),
                "analyze": len(w),
                "missing": missing,
                "extra": extra,
                "equal": g == w,
            }
        )
    return out


def _multiset_diff(a: list[tuple], b: list[tuple]) -> int:
    from collections import Counter

    return sum((Counter(a) - Counter(b)).values())


def near_duplicates(spark, args: argparse.Namespace) -> dict[str, dict]:
    from presslens.spark import near_duplicates as spark_clusters

    items = dedup_eval.build_set(dedup_eval.load_ptc(dedup_eval.PTC), args.origins, args.unrelated, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = dedup_eval.evaluate(items, str(Path(tmp) / "dedup.db"))
        store["seconds"] = time.perf_counter() - t0
    docs = [(a.id, a.published, a.text, _sig(a.text)) for a, _, _ in items]
    t0 = time.perf_counter()
    found = spark_clusters(spark, spark.sparkContext.parallelize(docs, 4))
    seconds = time.perf_counter() - t0
    groups: dict[str, set[str]] = defaultdict(set)
    for row in found:
        groups[row[1]].add(row[0])
    truth: dict[str, set[str]] = defaultdict(set)
    for article, family, _ in items:
        if family:
            truth[family].add(article.id)
    truth_pairs, pred = dedup_eval.pairs(truth), dedup_eval.pairs(groups)
    hit = len(truth_pairs & pred)
    engine = {
        "predicted_pairs": len(pred),
        "precision": hit / len(pred) if pred else 1.0,
        "recall": hit / len(truth_pairs) if truth_pairs else 1.0,
        "seconds": seconds,
    }
    return {"store": store, "spark": engine}


def _sig(text: str) -> bytes | None:
    sig = dedup.signature(text)
    return None if sig is None else dedup.to_bytes(sig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--ptc-limit", type=int, default=None, help="PTC dev articles (default: all 75)")
    ap.add_argument("--pages-limit", type=int, default=None, help="benchmark pages (default: all 181)")
    ap.add_argument("--skip-parity", action="store_true", help="only the near-duplicate comparison")
    ap.add_argument("--origins", type=int, default=100)
    ap.add_argument("--unrelated", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for need in (DATA / "ptc" / "dev-articles", DATA / "article-extraction-benchmark", dedup_eval.PTC):
        if not need.exists():
            print(f"shared data not found at {need}", file=sys.stderr)
            return 2
    from presslens.spark import session

    spark = session(args.master, "presslens-eval", {"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    result = {"near_duplicates": near_duplicates(spark, args)}
    if not args.skip_parity:
        result["parity"] = parity(spark, args)
    spark.stop()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    nd = result["near_duplicates"]
    print("near-duplicates (eval/dedup.py set)   precision  recall  pairs   seconds")
    for name in ("store", "spark"):
        r = nd[name]
        print(
            f"  {name:35} {r['precision']:9.3f} {r['recall']:7.3f} {r['predicted_pairs']:6d} {r['seconds']:9.1f}"
        )
    if "parity" in result:
        print("parity with presslens analyze   spark rows  analyze rows  missing  extra  equal")
        for r in result["parity"]:
            print(
                f"  {r['table']:30} {r['spark']:10d} {r['analyze']:13d} {r['missing']:8d} {r['extra']:6d}  {r['equal']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
