"""The PySpark job on a real local Spark session (``local[2,2]``: two cores, one retry per task).

One job over a handful of real documents (PTC texts, ScrapingHub pages as JSON Lines and as a
WARC file, a near-duplicate, bad records) is compared table by table with ``presslens analyze``
run at test time on the same inputs; a second job injects a failure into the first attempt of
its tasks; the output is loaded into SQLite twice.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, need

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'presslens[spark]')")

from presslens.api import analyze_paths  # noqa: E402
from presslens.export import COLUMNS, _safe_rows, rows  # noqa: E402
from presslens.spark import Fault, SparkJobError, run_job, session  # noqa: E402

N_TEXTS, N_JSONL, N_WARC = 2, 2, 2


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("java not found (Spark needs a JRE; .ci/run installs openjdk-17-jre-headless)")
    conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.default.parallelism": "2",
    }
    spark = session("local[2,2]", "presslens-tests", conf)
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    import spark_inputs as si

    ptc = need(DATA / "ptc" / "dev-articles")
    bench = need(DATA / "article-extraction-benchmark")
    root = tmp_path_factory.mktemp("spark-in")
    si.copy_texts(ptc, root / "texts", N_TEXTS)
    first = sorted((root / "texts").glob("*.txt"))[0]
    copy = first.read_text(encoding="utf-8") + "\nSign up for our daily newsletter to get the top stories.\n"
    (root / "texts" / "copy-of-first.txt").write_text(copy, encoding="utf-8")
    pages = si.benchmark_pages(bench, N_JSONL + N_WARC)
    si.write_jsonl(pages[:N_JSONL], root / "pages.jsonl")
    with open(root / "pages.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"url": "https://bad.example/1", "html": \n{"url": "https://bad.example/2"}\n')
    si.write_warc(pages[N_JSONL:], root / "pages.warc.gz")
    return root


@pytest.fixture(scope="module")
def job(spark, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark-out") / "run"
    report = run_job(spark, [str(inputs)], str(out), partitions=3)
    return out, report


@pytest.fixture(scope="module")
def expected(inputs) -> list:
    """``presslens analyze`` now; records it could not read get the store's id, as in the job."""
    from presslens.store.core import _with_id

    return [_with_id(a) for a in analyze_paths([str(inputs)])]


def _spark_table(out: Path, kind: str) -> list[tuple]:
    cols = [c for c, _ in COLUMNS[kind]]
    return sorted(tuple(r[c] for c in cols) for r in _rows(out, kind))


def _analyze_table(articles: list, kind: str) -> list[tuple]:
    cols = [c for c, _ in COLUMNS[kind]]
    return sorted(tuple(r[c] for c in cols) for a in articles for r in _safe_rows(rows(a)[kind]))


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_spark_tables_equal_analyze(job, expected, kind):
    out, report = job
    got, want = _spark_table(out, kind), _analyze_table(expected, kind)
    assert got == want
    assert report.rows[kind] == len(want)


def test_spark_reads_every_input_kind(job, expected, inputs):
    out, report = job
    sources = [a["source_path"] for a in _rows(out, "articles")]
    assert sum(s.endswith(".txt") for s in sources) == N_TEXTS + 1
    assert sum(".jsonl:" in s for s in sources) == N_JSONL + 2  # two bad lines are records too
    assert sum(".warc.gz#" in s for s in sources) == N_WARC
    assert all(s.startswith(str(inputs)) for s in sources)  # local paths without the file: scheme
    errors = _rows(out, "errors")
    assert {e["stage"] for e in errors} >= {"presslens.read.v1"}
    assert report.failed == len({e["article_id"] for e in errors}) >= 2
    assert {r["month"] for r in _rows(out, "articles", partition=True)} >= {"unknown"}


def _rows(out: Path, kind: str, partition: bool = False) -> list[dict]:
    """A table of the output (an empty table still carries its columns)."""
    import pyarrow.dataset as ds

    data = ds.dataset(out / kind, format="parquet", partitioning="hive")
    cols = None if partition else [c for c, _ in COLUMNS.get(kind, [])] or None
    return data.to_table(columns=cols).to_pylist()


def test_spark_near_duplicates_found(job, inputs):
    out, report = job
    clustered = _rows(out, "clusters")
    paths = {a["id"]: a["source_path"] for a in _rows(out, "articles")}
    members = sorted(Path(paths[c["article_id"]]).name for c in clustered)
    first = sorted(p.name for p in (inputs / "texts").glob("article*.txt"))[0]
    assert members == sorted([first, "copy-of-first.txt"])
    assert report.clusters == 1
    assert sum(c["is_origin"] for c in clustered) == 1


def test_spark_task_retry_leaves_each_article_once(spark, job, inputs, tmp_path):
    """Every task's first attempt fails after one record; the retried job writes each article
    once and the same rows as a run without failures (extraction only, to keep the test short)."""
    sc = spark.sparkContext
    sc.setJobGroup("presslens-fault", "injected failure")
    try:
        run_job(spark, [str(inputs)], str(tmp_path / "fault"), None, ["extract"], 2, Fault(None, 1))
    finally:
        sc.setJobGroup("presslens-tests", "")
    tracker = sc.statusTracker()
    stages = [s for j in tracker.getJobIdsForGroup("presslens-fault") for s in tracker.getJobInfo(j).stageIds]
    failed = sum(info.numFailedTasks for s in stages if (info := tracker.getStageInfo(s)) is not None)
    assert failed >= 1  # the hook did fire, and Spark retried
    ids = [a["id"] for a in _rows(tmp_path / "fault", "articles")]
    assert Counter(ids) == Counter(a["id"] for a in _rows(job[0], "articles"))
    run_job(spark, [str(inputs)], str(tmp_path / "plain"), None, ["extract"], 3)
    for kind in (*COLUMNS, "clusters"):
        fault, plain = _rows(tmp_path / "fault", kind), _rows(tmp_path / "plain", kind)
        assert sorted(map(repr, fault)) == sorted(map(repr, plain)), kind


def test_load_spark_output_into_store(job, expected, tmp_path):
    from presslens.corpus.load import load
    from presslens.store import clusters, open_store

    out, _ = job
    with open_store(str(tmp_path / "s.db")) as store:
        first = load(str(out), store)
        second = load(str(out), store)
        stored = {a.id: a.to_dict() for a in store.iter_articles()}
        found = clusters(store, limit=100)
    want = {a.id: a.to_dict() for a in expected}
    assert first.new == len(want) and not first.rejected
    assert second.unchanged == len(want) and second.new == second.updated == 0
    for rec in (*stored.values(), *want.values()):
        rec["techniques"].sort(key=lambda t: (t["start"], t["end"], t["technique"]))
    assert stored == want
    spark_clusters = {c["article_id"] for c in _rows(out, "clusters")}
    assert {m["article_id"] for c in found for m in c["members"]} == spark_clusters


def test_driver_jvm_started_here_compiles_with_c1_only(spark):
    """The JVM the job starts itself runs with C1 only (it moves records; C2 compilation took CPU
    from the Python workers); the option reaches the running JVM, not just the conf."""
    runtime = spark.sparkContext._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean()
    assert "-XX:TieredStopAtLevel=1" in list(runtime.getInputArguments())


def test_local_files_are_streamed_by_the_workers_not_shipped_through_the_jvm(spark, inputs):
    """Local files reach the Python workers as paths and are read record by record, as ``analyze``
    reads them. Shipping a file's bytes through the JVM took about ten times the file in heap per
    running task, and two 40 MB JSON Lines files killed the local driver JVM (OutOfMemoryError).
    With Spark's binaryFile limit set below every input's size, the records must still come."""
    from presslens.readers.core import iter_articles
    from presslens.settings import Settings
    from presslens.spark import raw_records

    key = "spark.sql.sources.binaryFile.maxLength"
    spark.conf.set(key, "64")
    try:
        got = raw_records(spark, [str(inputs)], Settings()).collect()
    finally:
        spark.conf.unset(key)
    want = list(iter_articles([str(inputs)]))
    assert len(want) >= N_TEXTS + N_JSONL + N_WARC
    assert sorted((a.source.path, a.source.url, a.text) for a in got) == sorted(
        (a.source.path, a.source.url, a.text) for a in want
    )


def test_files_on_other_file_systems_come_whole_through_the_jvm(spark, inputs, tmp_path, monkeypatch):
    """Files the workers cannot open themselves (``hdfs://``, ``s3a://``; here local files taken
    for remote ones) come through ``binaryFiles``, one byte array per file, and give the same
    records; a name Hadoop would read as a list or a glob goes through the ``binaryFile`` source."""
    import presslens.spark as job_module
    from presslens.readers.core import iter_articles
    from presslens.settings import Settings

    odd = tmp_path / "odd"
    shutil.copytree(inputs, odd)
    (odd / "pages.jsonl").rename(odd / "pages,[1].jsonl")
    monkeypatch.setattr(job_module, "_is_local", lambda spark, path: False)
    got = job_module.raw_records(spark, [str(odd)], Settings()).collect()
    want = list(iter_articles([str(odd)]))
    assert any("pages,[1].jsonl" in a.source.path for a in want)
    assert sorted((a.source.path, a.source.url, a.text) for a in got) == sorted(
        (a.source.path, a.source.url, a.text) for a in want
    )


def test_spark_missing_input_is_a_clear_error(spark, tmp_path):
    with pytest.raises(SparkJobError, match="cannot read the input"):
        run_job(spark, [str(tmp_path / "no-such-folder")], str(tmp_path / "out"))


def test_load_gives_the_store_the_jobs_entity_ids(job, tmp_path):
    import sqlalchemy as sa

    from presslens.corpus.load import load
    from presslens.store import open_store

    out, _ = job
    with open_store(str(tmp_path / "e.db")) as store:
        load(str(out), store)
        with store.connect() as conn:
            stored = set(conn.execute(sa.text("SELECT id FROM entities")).scalars())
    assert stored == {e["corpus_id"] for e in _rows(out, "entities")} and stored
    corpus = _rows(out, "corpus_entities")
    assert {e["corpus_id"] for e in corpus} == stored and len(corpus) == len(stored)
    assert sum(e["mentions"] for e in corpus) == len(_rows(out, "mentions"))


def test_cli_spark_then_load(spark, inputs, tmp_path):
    """The thin shells (last: ``--only extract`` replaces the workers' cached pipeline)."""
    from typer.testing import CliRunner

    from presslens.cli import app

    runner = CliRunner()
    out, db = tmp_path / "cli-out", tmp_path / "cli.db"
    res = runner.invoke(app, ["spark", str(inputs), "--output", str(out), "--only", "extract"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["articles"] == N_TEXTS + 1 + N_JSONL + 2 + N_WARC
    assert _rows(out, "entities") == []  # extraction only
    res = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert (out / "_presslens.json").is_file()
    res = runner.invoke(app, ["load", str(tmp_path / "nothing-here"), "--db", str(db)])
    assert res.exit_code == 2 and "no articles table" in res.output
