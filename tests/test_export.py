"""Export: JSONL identical to the records, CSV/Parquet tables per kind, FollowTheMoney entities."""

# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from _store_fixtures import backend, sample_article, store, store_url  # noqa: F401
from typer.testing import CliRunner

from presslens.cli_corpus import make_app
from presslens.export import COLUMNS, ExportError, export
from presslens.model import Article, Source, StageError


def _fill(store):
    articles = [
        sample_article("a1"),
        sample_article("a2", outlet="Other", extra=" Second."),
        Article(
            text="odd \ud800 \x00 text",
            id="a3",
            source=Source("/odd.txt"),
            errors=(StageError("presslens.read.v1", "2 byte sequence(s) were replaced"),),
        ),
    ]
    for article in articles:
        store.write(article)
    return articles


def test_export_jsonl_roundtrip(store, tmp_path):
    articles = _fill(store)
    out = tmp_path / "out.jsonl"
    assert export(store, "jsonl", str(out)) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    back = sorted((Article.from_json(line) for line in lines), key=lambda a: a.id)
    assert back == articles
    assert lines[0] == articles[0].to_json()  # byte-identical to analyze's records


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_tables(store, tmp_path, fmt):
    _fill(store)
    folder = tmp_path / fmt
    export(store, fmt, str(folder))
    for kind, cols in COLUMNS.items():
        if fmt == "csv":
            with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
            assert list(rows[0]) == [c for c, _ in cols] if rows else True
        else:
            rows = pq.read_table(folder / f"{kind}.parquet").to_pylist()
        expected = {
            "articles": 3,
            "entities": 6,
            "mentions": 6,
            "quotes": 2,
            "relations": 2,
            "techniques": 2,
            "errors": 1,
        }
        assert len(rows) == expected[kind], kind
    if fmt == "parquet":
        ents = pq.read_table(folder / "entities.parquet").to_pylist()
        assert len({e["corpus_id"] for e in ents if e["name"] == "Barack Obama"}) == 1


def test_export_parquet_loads_back(store, tmp_path):
    """``presslens load`` rebuilds each record from the tables (lone surrogates become U+FFFD)."""
    from presslens.corpus.load import load
    from presslens.store import open_store

    articles = _fill(store)
    export(store, "parquet", str(tmp_path / "pq"))
    with open_store(str(tmp_path / "back.db")) as back:
        first, second = load(str(tmp_path / "pq"), back), load(str(tmp_path / "pq"), back)
        loaded = {a.id: a for a in back.iter_articles()}
    assert (first.new, second.unchanged, first.rejected) == (3, 3, [])
    for article in articles[:2]:
        assert loaded[article.id] == article
    assert loaded["a3"].text == "odd \ufffd \x00 text" and loaded["a3"].errors == articles[2].errors


def test_export_ftm(store, tmp_path):
    _fill(store)
    out = tmp_path / "ftm.jsonl"
    export(store, "ftm", str(out))
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_schema = {}
    for item in items:
        assert set(item) == {"id", "schema", "properties"}
        assert all(isinstance(v, list) for v in item["properties"].values())
        by_schema.setdefault(item["schema"], []).append(item)
    people = {p["properties"]["name"][0]: p for p in by_schema["Person"]}
    assert set(people) == {"Barack Obama", "Angela Merkel"}  # merged across articles
    assert "Obama" in people["Barack Obama"]["properties"]["alias"]
    links = by_schema["UnknownLink"]  # leader_of -> Germany is an Address, not an Organization
    assert links[0]["properties"]["startDate"] == ["2005"]
    assert links[0]["properties"]["subject"] == [people["Angela Merkel"]["id"]]


def test_export_needs_folder_for_tables(store):
    with pytest.raises(ExportError):
        export(store, "csv", None)
    with pytest.raises(ExportError):
        export(store, "xml", "x")


def test_export_cli_jsonl_to_stdout(store, store_url):
    _fill(store)
    result = CliRunner().invoke(make_app(), ["export", "--db", store_url, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    bad = CliRunner().invoke(make_app(), ["export", "--db", store_url, "--format", "csv"])
    assert bad.exit_code == 2


def test_quotes_cli_filters_by_cue_class(store, store_url):
    from dataclasses import replace

    article = sample_article("a1")
    store.write(replace(article, quotes=(replace(article.quotes[0], cue_class="speech"),)))
    store.write(sample_article("a2", outlet="Other"))  # a quote with no class
    runner = CliRunner()
    every = runner.invoke(make_app(), ["quotes", "--db", store_url, "--format", "json"])
    speech = runner.invoke(
        make_app(), ["quotes", "--db", store_url, "--format", "json", "--cue-class", "speech"]
    )
    assert every.exit_code == 0 and speech.exit_code == 0, every.output + speech.output
    assert sorted(str(q["cue_class"]) for q in json.loads(every.stdout)) == ["None", "speech"]
    assert [q["cue_class"] for q in json.loads(speech.stdout)] == ["speech"]


# -- atomic outputs (issue 15) -------------------------------------------------------------------------
def _fill_url(url: str, start: int, n: int) -> None:
    """``n`` distinct short articles (distinct, so no near-duplicate clustering work)."""
    import random

    from presslens.store import StoreItem, open_store

    rng = random.Random(start)
    words = [f"w{k}" for k in range(5000)]
    with open_store(url) as st:
        for i in range(start, start + n, 500):
            items = []
            for k in range(i, min(start + n, i + 500)):
                text = " ".join(rng.choice(words) for _ in range(40)) + "."
                items.append(
                    StoreItem(Article(text=text, source=Source(f"/in/{k}.txt", None)), f"raw{k}", "t")
                )
            st.write_batch(items)


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory):
    """A store of 10 articles and one of 2010 (made once; tests copy them)."""
    folder = tmp_path_factory.mktemp("stores")
    small, big = str(folder / "small.db"), str(folder / "big.db")
    _fill_url(small, 0, 10)
    _fill_url(big, 0, 2010)
    return small, big


def _copy_store(src: str, dst: Path) -> str:
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return str(dst)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_killed_midway_keeps_previous_export(tmp_path, two_stores, fmt):
    import os
    import signal
    import subprocess
    import sys
    import time

    small, big = (_copy_store(s, tmp_path / f"{i}.db") for i, s in enumerate(two_stores))
    folder = tmp_path / "exports"
    out = folder / "out.jsonl" if fmt == "jsonl" else folder / "tables"
    runner = CliRunner()
    assert (
        runner.invoke(make_app(), ["export", "--format", fmt, "--out", str(out), "--db", small]).exit_code
        == 0
    )
    files = [out] if fmt == "jsonl" else sorted(out.iterdir())
    before = {f: f.read_bytes() for f in files}
    cmd = [
        sys.executable,
        "-m",
        "presslens.cli_corpus",
        "export",
        "--format",
        fmt,
        "--out",
        str(out),
        "--db",
        big,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    where = out.parent if fmt == "jsonl" else out
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.stat().st_size > 0 for p in where.glob(".*.part")):
            break
        time.sleep(0.002)
    assert proc.poll() is None, "export finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert {f: f.read_bytes() for f in files} == before  # the previous export is intact
    assert sorted(p for p in where.iterdir() if not p.name.startswith(".")) == sorted(files)
    # the next export completes and removes what the killed one left behind
    assert (
        runner.invoke(make_app(), ["export", "--format", fmt, "--out", str(out), "--db", big]).exit_code == 0
    )
    assert not list(where.glob(".*.part"))
    if fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == 2010
