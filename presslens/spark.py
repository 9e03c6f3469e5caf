"""The PySpark job: the same pipeline over a corpus on Spark, Parquet tables out.

    presslens spark INPUT... --output DIR [--master local[4]] [--partitions N]
    spark-submit scripts/spark_job.py INPUT... --output s3a://bucket/out     (same options)

* **Inputs** go through Spark's Hadoop file system layer (local paths, ``hdfs://``, ``s3a://``,
  globs, folders read recursively): WARC / WARC.gz, JSON Lines (``html`` or ``text``, optional
  ``url``), HTML and text pages, and Parquet tables with ``url`` and ``html`` (or ``text``)
  columns.  Each file goes through the same readers as ``presslens analyze``, so records get the
  same sources and ids: local files are streamed by the Python workers record by record
  (:func:`read_local_file`); files on other file systems come through ``binaryFiles`` as one
  byte array each (:func:`read_file`).
  Local paths are recorded without the ``file:`` scheme (as ``presslens analyze`` would, given
  absolute paths).
* **Analysis** runs :class:`presslens.pipeline.Pipeline` (the same stages and settings as
  :mod:`presslens.api`) inside ``mapPartitions``; the pipeline is built once per Python worker
  and reused by every partition that worker runs.  The analysed records cross to the JVM once,
  as one cached DataFrame (a row per record, each table's rows as an array of structs); the
  tables, clusters and counts are cut from it.
* **Output**: one Parquet dataset per table of ``presslens export --format parquet``
  (:data:`presslens.export.COLUMNS`), Hive-partitioned by ``month`` (``YYYY-MM`` of ``published``,
  else ``unknown``), plus ``clusters`` (near-duplicates over the whole output, the store's MinHash
  settings), ``corpus_entities`` (one row per corpus-wide entity id, the store's ids) and
  ``_presslens.json`` (stages, settings, counts).
* **Failures**: a bad input or a failing stage is a row in ``errors`` (the record is kept);
  each table is written with Spark's file commit protocol in ``overwrite`` mode, so task retries
  and speculative attempts leave no duplicates and a re-run over the same input gives the same
  output.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any
from urllib.parse import unquote

from presslens.corpus import dedup
from presslens.errors import PresslensError
from presslens.export import COLUMNS, rows
from presslens.model import Article, Source, StageError
from presslens.readers.core import (
    ALL_SUFFIXES,
    READ_STAGE,
    _from_json_object,
    _kind_of,
    _read_path,
    read_bytes_document,
    read_container,
)
from presslens.settings import Settings

PARTITION = "month"
UNKNOWN_MONTH = "unknown"
MANIFEST = "_presslens.json"
TABLE_SUFFIXES = (".parquet",)
CLUSTER_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "string"),
    ("cluster_id", "string"),
    ("origin_id", "string"),
    ("is_origin", "boolean"),
    ("similarity", "float64"),
    ("chars_added", "int64"),
    ("chars_cut", "int64"),
    ("sentences_added", "int64"),
    ("sentences_cut", "int64"),
]


class SparkJobError(PresslensError):
    code = "spark"


@dataclass(frozen=True)
class Fault:
    """Test hook: the first attempt of partition ``partition`` (None: of every partition) fails
    after it has produced ``after`` records."""

    partition: int | None = 0
    after: int = 1


@dataclass
class JobReport:
    output: str
    articles: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    clusters: int = 0
    clustered_articles: int = 0
    corpus_entities: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- session ------------------------------------------------------------------------------------------
def session(master: str | None = None, app_name: str = "presslens", conf: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """A SparkSession (the cluster's when run under spark-submit); Python workers use this Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise SparkJobError("pyspark is not installed: pip install 'presslens[spark]'") from e
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    conf = {"spark.sql.session.timeZone": "UTC", **(conf or {})}
    if _starts_own_jvm():
        conf.setdefault("spark.driver.extraJavaOptions", LOCAL_JVM_OPTIONS)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


#: Java options for a driver JVM that presslens starts itself (``presslens spark`` without
#: spark-submit, where the JVM shares the cores with the Python workers).  The JVM only moves
#: records between the Python workers and Parquet; C2 compilation cost about 13 CPU-s per run and
#: C1 alone halved the JVM's CPU time (``bench/spark.py``).  Under spark-submit the cluster's
#: settings stand; README "Running on a cluster" gives the same option for executors.
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"


def _starts_own_jvm() -> bool:
    """True when this process will launch the JVM and no Java options were given for it."""
    if os.environ.get("PYSPARK_GATEWAY_PORT"):
        return False
    return "--driver-java-options" not in os.environ.get("PYSPARK_SUBMIT_ARGS", "")


# -- reading -----------------------------------------------------------------------------------------
def local_path(path: str) -> str:
    """``file:/x`` and ``file:///x`` -> ``/x``; other schemes (``hdfs://``, ``s3a://``) unchanged."""
    if path.startswith("file://"):
        return path[len("file://") :]
    if path.startswith("file:"):
        return path[len("file:") :]
    return path


def read_file(path: str, data: bytes, settings: Settings) -> Iterator[Article]:
    """One input file's records, by the same readers as ``presslens analyze``; a JSON Lines or WARC
    file record by record (a 1 GB Common Crawl WARC is thousands of pages, not one page over the
    size limit)."""
    path = local_path(path)
    kind = _kind_of(path)
    try:
        if kind in ("jsonl", "warc"):
            yield from read_container(io.BytesIO(data), path, settings, kind)
        else:
            yield from read_bytes_document(data, path, settings, kind=kind)
    except Exception as e:  # noqa: BLE001 - a bad file is an error record, never a failed job
        yield _failed_record(path, f"cannot read {path}: {type(e).__name__}: {e}")


def read_local_file(path: str, settings: Settings) -> Iterator[Article]:
    """A local file's records, read as ``presslens analyze`` reads it: streamed record by record,
    so a 1 GB WARC needs no more memory than its largest record (shipping its bytes through the
    JVM took about ten times the file in heap, per running task)."""
    name = local_path(path)
    if not os.path.exists(name) and os.path.exists(unquote(name)):
        name = unquote(name)  # a Hadoop path with %-escapes
    yield from _read_path(name, settings)


def table_record(table: str, row: dict[str, Any], settings: Settings) -> Article:
    """One row of a Parquet table (``url`` + ``html`` or ``text``) as the JSONL reader would read it."""
    body = row.get("html") if row.get("html") is not None else row.get("text")
    key = row.get("url") or hashlib.sha256(str(body).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    try:
        return _from_json_object(row, f"{local_path(table)}#{key}", settings)
    except Exception as e:  # noqa: BLE001
        return _failed_record(f"{local_path(table)}#{key}", f"bad table row: {type(e).__name__}: {e}")


def _failed_record(where: str, message: str) -> Article:
    return Article(text="", source=Source(where, None), errors=(StageError(READ_STAGE, message),))


def _is_table(path: str) -> bool:
    return path.rstrip("/").lower().endswith(TABLE_SUFFIXES)


def raw_records(spark: Any, inputs: list[str], settings: Settings) -> Any:
    """An RDD of unanalysed ``Article`` records from every input."""
    sc = spark.sparkContext
    files = [p for p in inputs if not _is_table(p)]
    tables = [p for p in inputs if _is_table(p)]
    parts = []
    if files:
        # Local files: Spark lists them, each Python worker streams its files itself (``content``
        # is not selected, so the JVM never reads it).  Other file systems: Spark lists them and
        # ``binaryFiles`` hands each file's bytes to the worker as one array (the ``binaryFile``
        # source's rows took 2.7 times its heap: three 40 MB files on local[2], at most 684 MB
        # live after a collection against 250 MB).
        is_local = {p: _is_local(spark, p) for p in files}
        local = [p for p in files if is_local[p]]
        remote = [p for p in files if not is_local[p]]
        if local:
            df = _load(lambda: _binary_files(spark, local).select("path"))
            parts.append(
                df.rdd.filter(lambda r: r.path.lower().endswith(ALL_SUFFIXES)).flatMap(
                    lambda r: read_local_file(r.path, settings)
                )
            )
        if remote:
            listing = _load(lambda: _binary_files(spark, remote).select("path")).collect()
            paths = [r.path for r in listing if r.path.lower().endswith(ALL_SUFFIXES)]
            plain = [p for p in paths if not set(p) & _HADOOP_PATTERN_CHARS]
            if plain:
                whole = sc.binaryFiles(",".join(plain), minPartitions=len(plain))
                parts.append(whole.flatMap(lambda kv: read_file(kv[0], kv[1], settings)))
            if len(plain) < len(paths):  # names Hadoop would read as a list or a glob
                odd = [p for p in paths if set(p) & _HADOOP_PATTERN_CHARS]
                escaped = [re.sub(r"([{}\[\]*?\\])", r"\\\1", p) for p in odd]  # literal, not a glob
                df = _binary_files(spark, escaped).select("path", "content")
                parts.append(df.rdd.flatMap(lambda r: read_file(r.path, bytes(r.content), settings)))
    for table in tables:
        df = _load(lambda t=table: spark.read.parquet(t))
        cols = [c for c in ("url", "html", "text", "title", "outlet", "published", "id") if c in df.columns]
        if "html" not in cols and "text" not in cols:
            raise SparkJobError(f"table {table} has neither an 'html' nor a 'text' column")
        parts.append(df.select(*cols).rdd.map(lambda r, t=table: table_record(t, r.asDict(), settings)))
    if not parts:
        raise SparkJobError("no inputs given")
    return parts[0] if len(parts) == 1 else sc.union(parts)


#: Characters that make ``SparkContext.binaryFiles`` read a path as a list or a glob.
_HADOOP_PATTERN_CHARS = frozenset(",{}[]*?\\")


def _binary_files(spark: Any, paths: list[str]) -> Any:
    return spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(paths)


def _is_local(spark: Any, path: str) -> bool:
    """Whether Hadoop resolves ``path`` (a path without a scheme: against ``fs.defaultFS``) to the
    local file system."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    try:
        return jvm.org.apache.hadoop.fs.Path(path).getFileSystem(conf).getScheme() == "file"
    except Exception:  # noqa: BLE001 - an unknown scheme: Spark's own read reports it
        return False


def _load(read: Any) -> Any:
    """Run a Spark read; a missing path or unreadable table is a one-line error, not a trace."""
    from pyspark.errors import AnalysisException

    try:
        return read()
    except AnalysisException as e:
        raise SparkJobError(f"cannot read the input: {str(e).splitlines()[0]}") from e


def _spread_key(article: Article) -> int:
    """A stable integer per input (partitioning must not depend on Python's salted ``hash``)."""
    raw = article.cache.get("raw")
    key = f"{article.source.path}\x1f{article.source.url}\x1f{getattr(raw, 'content', '')[:2000]}"
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest())


# -- analysis ------------------------------------------------------------------------------------------
_PIPELINES: dict[tuple, Any] = {}


def pipeline_for(settings: Settings, stages: tuple[str, ...]) -> Any:
    """The worker's pipeline for these settings (built once per Python worker process)."""
    from presslens.pipeline import Pipeline

    key = (repr(settings), stages)
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = Pipeline(settings, list(stages))
    return _PIPELINES[key]


def month_of(published: str | None) -> str:
    if published and len(published) >= 7 and published[:4].isdigit() and published[5:7].isdigit():
        return published[:7]
    return UNKNOWN_MONTH


def analysed_item(article: Article) -> dict[str, Any]:
    """What the job keeps per record: its table rows, partition and MinHash signature.

    A record without an id (an input the reader could not read) gets the id the store gives it.
    """
    from presslens.store.core import _with_id

    article = _with_id(article)
    sig = dedup.signature(article.text) if article.text else None
    return {
        "id": article.id,
        "month": month_of(article.published),
        "published": article.published,
        "failed": article.failed,
        "rows": rows(article),
        "sig": None if sig is None else dedup.to_bytes(sig),
    }


def analyse_partition(
    items: Iterable[tuple[int, Article]], settings: Settings, stages: tuple[str, ...], fault: Fault | None
) -> Iterator[dict[str, Any]]:
    from pyspark import TaskContext

    ctx = TaskContext.get()
    inject = fault is not None and ctx is not None and ctx.attemptNumber() == 0
    inject = inject and fault.partition in (None, ctx.partitionId())  # type: ignore[union-attr]
    pipeline = pipeline_for(settings, stages)
    for n, article in enumerate(pipeline.run(article for _, article in items)):
        if inject and n >= fault.after:  # type: ignore[union-attr]
            raise RuntimeError("presslens test hook: injected failure on the first task attempt")
        yield _safe_item(article)


def _safe_item(article: Article) -> dict[str, Any]:
    try:
        return analysed_item(article)
    except Exception as e:  # noqa: BLE001 - a record we cannot turn into rows becomes an error row
        bare = Article(text="", id=article.id, source=article.source, errors=article.errors)
        return analysed_item(bare.with_error("presslens.spark.v1", f"{type(e).__name__}: {e}"))


# -- writing -------------------------------------------------------------------------------------------
_SPARK_TYPES = {
    "string": "StringType",
    "int64": "LongType",
    "float64": "DoubleType",
    "boolean": "BooleanType",
}


def spark_schema(columns: list[tuple[str, str]], partition: bool = True) -> Any:
    from pyspark.sql import types as T

    fields = [T.StructField(c, getattr(T, _SPARK_TYPES[ty])(), True) for c, ty in columns]
    if partition:
        fields.append(T.StructField(PARTITION, T.StringType(), False))
    return T.StructType(fields)


_CASTS = {"string": str, "int64": int, "float64": float, "boolean": bool}


def _cast(value: Any, ty: str) -> Any:
    """Plain Python values for the JVM (stages may hand back numpy scalars such as ``numpy.str_``)."""
    return None if value is None else _CASTS[ty](value)


def frame_schema() -> Any:
    """One row per record: its partition, id, signature, failed flag, and each export table's
    rows as an array of structs (the table's columns)."""
    from pyspark.sql import types as T

    tables = [
        T.StructField(kind, T.ArrayType(spark_schema(cols, partition=False), False), False)
        for kind, cols in COLUMNS.items()
    ]
    head = [
        T.StructField(PARTITION, T.StringType(), False),
        T.StructField("id", T.StringType(), True),
        T.StructField("published", T.StringType(), True),
        T.StructField("failed", T.BooleanType(), False),
        T.StructField("sig", T.BinaryType(), True),
    ]
    return T.StructType(head + tables)


def frame_row(item: dict[str, Any]) -> tuple:
    """``item`` (:func:`analysed_item`) as a row of :func:`frame_schema`."""
    from presslens.export import _safe_rows

    tables = [
        [tuple(_cast(r[c], ty) for c, ty in cols) for r in _safe_rows(item["rows"][kind])]
        for kind, cols in COLUMNS.items()
    ]
    head = (item["month"], item["id"], item["published"], bool(item["failed"]), item["sig"])
    return head + tuple(tables)


def count_rows(frame: Any) -> dict[str, int]:
    """Rows per table and ``failed`` articles, in one pass over the frame."""
    from pyspark.sql import functions as F

    sums = [F.sum(F.size(kind)).alias(kind) for kind in COLUMNS]
    row = frame.agg(*sums, F.sum(F.col("failed").cast("long")).alias("failed")).first()
    return {k: int(row[k] or 0) for k in [*COLUMNS, "failed"]}


def write_tables(spark: Any, frame: Any, output: str) -> dict[str, int]:
    """One Parquet dataset per export table; returns row counts (and ``failed`` articles).

    The tables are cut from ``frame`` (cached) on the JVM: the records cross from Python once.
    An empty table is written unpartitioned (one file with the schema, no rows), so that readers
    still find its columns.
    """
    from pyspark.sql import functions as F

    counts = count_rows(frame)
    for kind in COLUMNS:
        path = f"{output.rstrip('/')}/{kind}"
        if counts[kind] == 0:
            empty = spark.createDataFrame([], spark_schema(COLUMNS[kind], partition=False))
            empty.coalesce(1).write.mode("overwrite").parquet(path)
            continue
        table = frame.select(PARTITION, F.explode(kind).alias("r")).select("r.*", PARTITION)
        table.write.mode("overwrite").partitionBy(PARTITION).parquet(path)
    return counts


# -- near-duplicates over the whole output ---------------------------------------------------------------
def cluster_edges(sigs: Any) -> Any:
    """Pairs ``(a, b)`` sharing an LSH band whose estimated Jaccard reaches ``dedup.THRESHOLD``.

    ``sigs`` is an RDD of ``(article_id, signature bytes)``; the same band keys and threshold as
    the store's incremental clustering (:mod:`presslens.store.clusters`).  One shuffle: each band
    bucket carries its members' signatures and compares them where it lands.
    """
    bands = sigs.flatMap(lambda kv: [(k, kv) for k in dedup.band_keys(dedup.from_bytes(kv[1]))])
    return bands.groupByKey().flatMap(_bucket_edges).distinct()


def _bucket_edges(bucket: tuple[int, Iterable[tuple[str, bytes]]]) -> list[tuple[str, str]]:
    members = sorted(dict(bucket[1]).items())
    if len(members) < 2:
        return []
    sigs = [(aid, dedup.from_bytes(sig)) for aid, sig in members]
    return [
        (a, b) for (a, sa), (b, sb) in combinations(sigs, 2) if dedup.similarity(sa, sb) >= dedup.THRESHOLD
    ]


def components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """article id -> cluster id (``C`` + the smallest member id) for connected components."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: "C" + find(x) for x in parent}


def cluster_rows(members: list[tuple[str, str | None, str, bytes]], cid: str) -> list[tuple]:
    """The store's cluster rows for one cluster: origin = earliest published, then smallest id."""
    from presslens.store.clusters import _origin_key

    origin = min(members, key=lambda m: _origin_key(m[1], m[0]))
    out = []
    for aid, _pub, text, sig in sorted(members):
        stats = dedup.diff_stats(origin[2], text)
        sim = (
            1.0 if aid == origin[0] else dedup.similarity(dedup.from_bytes(sig), dedup.from_bytes(origin[3]))
        )
        out.append(
            (aid, cid, origin[0], aid == origin[0], sim)
            + (stats.chars_added, stats.chars_cut, stats.sentences_added, stats.sentences_cut)
        )
    return out


def near_duplicates(spark: Any, docs: Any) -> list[tuple]:
    """Cluster rows (``CLUSTER_COLUMNS``) for an RDD of ``(id, published, text, signature bytes)``.

    Band buckets and similarities run on the engine; connected components of the (small) edge
    list on the driver; origins and diff stats on the engine again, for cluster members only.
    """
    docs = docs.filter(lambda d: d[3] is not None)
    membership = components(cluster_edges(docs.map(lambda d: (d[0], d[3]))).collect())
    if not membership:
        return []
    member_of = spark.sparkContext.broadcast(membership)
    try:
        return (
            docs.filter(lambda d: d[0] in member_of.value)
            .map(lambda d: (member_of.value[d[0]], d))
            .groupByKey()
            .flatMap(lambda kv: cluster_rows(list(kv[1]), kv[0]))
            .collect()
        )
    finally:
        member_of.destroy()


def write_corpus_entities(spark: Any, output: str) -> int:
    """``corpus_entities``: one row per corpus-wide entity id (the store's ``entities.id``), with
    the number of articles and mentions; name / type / kb_id are the smallest seen (the store
    keeps the first one written, which depends on ingest order)."""
    from pyspark.sql import functions as F

    ents = spark.read.schema(spark_schema(COLUMNS["entities"])).parquet(f"{output.rstrip('/')}/entities")
    table = ents.groupBy("corpus_id").agg(
        F.min("name").alias("name"),
        F.min("type").alias("type"),
        F.min("kb_id").alias("kb_id"),
        F.countDistinct("article_id").alias("articles"),
        F.sum("mentions").alias("mentions"),
    )
    path = f"{output.rstrip('/')}/corpus_entities"
    table.orderBy("corpus_id").write.mode("overwrite").parquet(path)
    return int(spark.read.parquet(path).count())  # from the files' footers, not a second aggregation


def write_clusters(spark: Any, frame: Any, output: str) -> tuple[int, int]:
    from pyspark.sql import functions as F

    cols = frame.select("id", "published", F.col("articles")[0]["text"].alias("text"), "sig")
    docs = cols.rdd.map(lambda r: (r[0], r[1], r[2], None if r[3] is None else bytes(r[3])))
    found = sorted(near_duplicates(spark, docs))
    df = spark.createDataFrame(found, spark_schema(CLUSTER_COLUMNS, partition=False))
    df.coalesce(1).write.mode("overwrite").parquet(f"{output.rstrip('/')}/clusters")
    return len({r[1] for r in found}), len(found)


# -- the job -------------------------------------------------------------------------------------------
def run_job(
    spark: Any,
    inputs: list[str],
    output: str,
    settings: Settings | None = None,
    only: list[str] | None = None,
    partitions: int | None = None,
    fault: Fault | None = None,
) -> JobReport:
    """Analyse ``inputs`` on ``spark`` and write the tables under ``output``."""
    import time

    from pyspark import StorageLevel

    from presslens.corpus.ingest import analysis_version, stage_names

    started = time.monotonic()
    settings = settings or Settings()
    stages = tuple(stage_names(settings, only))
    analysis_version(list(stages))  # unknown stage names fail here, on the driver
    n = partitions or max(2, 2 * spark.sparkContext.defaultParallelism)
    raw = raw_records(spark, inputs, settings)
    spread = raw.map(lambda a: (_spread_key(a), a)).partitionBy(n)
    analysed = spread.mapPartitions(
        lambda it: (frame_row(x) for x in analyse_partition(it, settings, stages, fault))
    )
    frame = spark.createDataFrame(analysed, frame_schema(), verifySchema=False)
    frame.persist(StorageLevel.MEMORY_AND_DISK)
    report = JobReport(output=output)
    try:
        report.rows = write_tables(spark, frame, output)
        report.articles, report.failed = report.rows["articles"], report.rows.pop("failed")
        report.clusters, report.clustered_articles = write_clusters(spark, frame, output)
        report.corpus_entities = write_corpus_entities(spark, output)
    finally:
        frame.unpersist()
    report.seconds = round(time.monotonic() - started, 3)
    write_manifest(spark, output, inputs, settings, stages, report)
    return report


def write_manifest(
    spark: Any, output: str, inputs: list[str], settings: Settings, stages: tuple[str, ...], report: JobReport
) -> None:
    """``_presslens.json``: what produced the output (read back by ``presslens load``)."""
    from presslens import __version__
    from presslens.corpus.ingest import analysis_version

    data = {
        "schema": "presslens.spark/1",
        "presslens": __version__,
        "analysis_version": analysis_version(list(stages)),
        "stages": list(stages),
        "inputs": inputs,
        "partition": PARTITION,
        "report": report.as_dict(),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False)
    jvm = spark.sparkContext._jvm  # the Hadoop FileSystem API: the same schemes as the tables
    path = jvm.org.apache.hadoop.fs.Path(f"{output.rstrip('/')}/{MANIFEST}")
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


# -- command line (spark-submit and ``presslens spark``) ---------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="presslens spark", description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="files, folders or globs on any Hadoop file system")
    ap.add_argument("--output", "-o", required=True, help="output folder (overwritten)")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--partitions", type=int, default=None, help="analysis partitions")
    ap.add_argument("--only", default=None, help="run only these stages (comma-separated)")
    ap.add_argument("--model", default=None, help="spaCy pipeline (package name or path)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    settings = Settings.from_env(spacy_model=args.model)
    try:
        spark = session(args.master or os.environ.get("PRESSLENS_SPARK_MASTER") or _default_master())
        report = run_job(spark, args.inputs, args.output, settings, only, args.partitions)
    except PresslensError as e:
        print(f"error [{e.code}]: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), indent=2))
    return 0


def _default_master() -> str | None:
    """Under spark-submit (which starts the JVM first) its master stands; alone, every local core."""
    return None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[*]"


if __name__ == "__main__":
    # Run the imported module's main, not this ``__main__`` copy: Spark pickles functions of
    # ``__main__`` by value, which would give every task a fresh pipeline cache.
    from presslens.spark import main as _main

    sys.exit(_main())
