"""Ingest: idempotent re-runs, changed inputs, failures and retries, workers, and SIGKILL safety."""

# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _store_fixtures import backend, fresh_url, store_url  # noqa: F401

from presslens.corpus.ingest import ingest
from presslens.settings import Settings
from presslens.store import open_store

ONLY = ["extract"]
VOLATILE = ("applied_at", "created_at", "updated_at", "archived_at", "seq")
WORDS = [
    "minister",
    "government",
    "election",
    "market",
    "police",
    "report",
    "city",
    "council",
    "court",
    "army",
    "border",
    "trade",
    "health",
    "school",
    "energy",
    "price",
    "vote",
    "party",
    "leader",
    "strike",
    "storm",
    "river",
    "bridge",
    "festival",
    "museum",
]


def make_docs(folder: Path, n: int, words: int = 60, seed: int = 0) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        (folder / f"doc{i:04d}.txt").write_text(
            f"Story {i} headline\n\n{body} unique{i}.\n", encoding="utf-8"
        )
    return folder


def run_ingest(paths, url, **kw):
    with open_store(url) as st:
        return ingest(
            [str(p) for p in paths], st, Settings(batch_size=kw.pop("batch_size", 16)), only=ONLY, **kw
        )


def snapshot(url: str) -> dict[str, str]:
    with open_store(url) as st:
        return st.checksums(skip_columns=VOLATILE)


def test_ingest_reingest_changes_nothing(store_url, tmp_path):
    docs = make_docs(tmp_path / "docs", 40)
    first = run_ingest([docs], store_url)
    assert (first.new, first.skipped) == (40, 0)
    with open_store(store_url) as st:
        before = st.checksums()
    again = run_ingest([docs], store_url)
    assert (again.new, again.updated, again.skipped) == (0, 0, 40)
    with open_store(store_url) as st:
        assert st.checksums() == before  # every table, timestamps included


def test_ingest_changed_file_updates_and_keeps_history(store_url, tmp_path):
    docs = make_docs(tmp_path / "docs", 5)
    run_ingest([docs], store_url)
    (docs / "doc0001.txt").write_text("A completely different story now.\n", encoding="utf-8")
    report = run_ingest([docs], store_url)
    assert (report.new, report.skipped) == (1, 4)
    with open_store(store_url) as st:
        assert st.count() == 5
        texts = [a.text for a in st.iter_articles()]
        assert "A completely different story now.\n" in texts
        with st.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM article_history").scalar() == 1


def test_ingest_failed_documents_and_retry(store_url, tmp_path):
    docs = make_docs(tmp_path / "docs", 3)
    (docs / "empty.txt").write_text("   \n", encoding="utf-8")
    report = run_ingest([docs], store_url)
    assert report.failed == 1
    with open_store(store_url) as st:
        assert st.count(status="failed") == 1
        (failed,) = list(st.iter_articles(status="failed"))
        assert failed.errors
    assert run_ingest([docs], store_url).skipped == 4
    retry = run_ingest([docs], store_url, retry_failed=True)
    assert (retry.skipped, retry.unchanged) == (3, 1)
    with open_store(store_url) as st:
        assert st.count() == 4


def test_ingest_two_workers_same_records(backend, tmp_path):  # noqa: F811
    docs = make_docs(tmp_path / "docs", 60)
    url1 = fresh_url(backend, tmp_path, "one.db")
    run_ingest([docs], url1)
    one = snapshot(url1)
    url2 = fresh_url(backend, tmp_path, "two.db")
    report = run_ingest([docs], url2, workers=2)
    assert report.new == 60
    assert snapshot(url2) == one


# -- SIGKILL at random moments -------------------------------------------------------------------------
CLI = [
    sys.executable,
    "-m",
    "presslens.cli_corpus",
    "ingest",
    "--only",
    ",".join(ONLY),
    "--quiet",
    "--batch-size",
    "8",
]
TRIALS = int(os.environ.get("PRESSLENS_SIGKILL_TRIALS", "20"))


def _cli(docs: Path, url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.Popen(
        [*CLI, str(docs), "--db", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )


def _finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()


def _kill_at_random_point(
    proc: subprocess.Popen, url: str, rng: random.Random, trial: int, total: int
) -> None:
    """Early trials kill during start-up and migrations; the others once a random number of
    articles is stored, plus a random delay (so mid-batch and mid-transaction too)."""
    if trial < 3:
        time.sleep(rng.uniform(0.05, 2.0))
    else:
        target = rng.randint(1, total - 20)
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                with open_store(url) as st:
                    if st.count() >= target:
                        break
            except Exception:  # noqa: BLE001 - the store may not exist yet
                pass
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.05))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()  # reap it and close its pipe


@pytest.mark.slow
def test_ingest_sigkill_then_rerun_loses_and_duplicates_nothing(backend, tmp_path):
    total = 500
    docs = make_docs(tmp_path / "docs", total, words=30)
    ref_url = fresh_url(backend, tmp_path, "ref.db")
    _finish(_cli(docs, ref_url))
    reference = snapshot(ref_url)
    with open_store(ref_url) as st:
        ref_ids = sorted(a.id for a in st.iter_articles())
    assert len(ref_ids) == total
    rng = random.Random(1234)
    results = []
    for trial in range(TRIALS):
        url = fresh_url(backend, tmp_path, f"trial{trial}.db")
        _kill_at_random_point(_cli(docs, url), url, rng, trial, total)
        try:
            with open_store(url) as st:
                partial = st.count()
        except Exception:  # noqa: BLE001 - killed before the store existed
            partial = 0
        _finish(_cli(docs, url))
        with open_store(url) as st:
            ids = sorted(a.id for a in st.iter_articles())
        ok = ids == ref_ids and snapshot(url) == reference
        results.append({"trial": trial, "stored_before_rerun": partial, "ok": ok})
    print(
        json.dumps(
            {
                "backend": backend,
                "trials": len(results),
                "passed": sum(r["ok"] for r in results),
                "partial_counts": [r["stored_before_rerun"] for r in results],
            }
        )
    )
    assert all(r["ok"] for r in results), results
    assert sum(0 < r["stored_before_rerun"] < total for r in results) >= TRIALS // 2  # mid-run kills
