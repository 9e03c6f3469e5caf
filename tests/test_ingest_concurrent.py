"""Concurrent writers, worker lifetime and interrupts: the store ends as one run would (issue 15)."""

# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _store_fixtures import backend, fresh_url  # noqa: F401
from test_ingest import CLI, WORDS, make_docs, snapshot

from presslens.store import clusters, open_store


def _docs_with_duplicates(folder: Path) -> list[Path]:
    """40 distinct stories plus near-copies of a few (so near-duplicate clusters form)."""
    make_docs(folder, 40, words=80, seed=7)
    files = sorted(folder.glob("doc*.txt"))
    for i in (3, 11, 25):
        base = files[i].read_text(encoding="utf-8")
        for k in range(2):
            (folder / f"copy{i:02d}-{k}.txt").write_text(
                base.replace(f"unique{i}", f"copy{k} unique{i}"), encoding="utf-8"
            )
    return sorted(folder.iterdir())


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(paths: list[Path], url: str, *extra: str, log: Path) -> subprocess.Popen:
    """The ingest CLI; stderr goes to ``log`` (a pipe would be held open by the workers)."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    with open(log, "wb") as err:
        return subprocess.Popen(
            [*CLI, *extra, *map(str, paths), "--db", url],
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
            env=env,
            # a shell's background job (`cmd &`, as some CI runners start tests) inherits SIGINT
            # ignored, and Python then keeps it ignored: give the CLI the default Ctrl-C
            preexec_fn=_default_sigint,
        )


def _stderr(proc: subprocess.Popen, log: Path, timeout: float = 300) -> tuple[int, str]:
    code = proc.wait(timeout=timeout)
    return code, log.read_text(encoding="utf-8", errors="replace")


def test_ingest_three_concurrent_writers_equal_one_run(backend, tmp_path):  # noqa: F811
    files = _docs_with_duplicates(tmp_path / "docs")
    n = len(files)
    ref = fresh_url(backend, tmp_path, "ref.db")
    log = tmp_path / "ref.err"
    code, err = _stderr(_spawn(files, ref, log=log), log)
    assert code == 0, err
    reference = snapshot(ref)
    with open_store(ref) as st:
        assert st.count() == n
        assert len(clusters(st)) == 3  # the near-copies formed their clusters
    url = fresh_url(backend, tmp_path, "shared.db")
    overlapping = [
        files[: 2 * n // 3],
        files[n // 3 :],
        files[::-1],
    ]  # every file in 2+ runs, different orders
    logs = [tmp_path / f"w{i}.err" for i in range(3)]
    procs = [
        _spawn(part, url, "--batch-size", "3", log=log) for part, log in zip(overlapping, logs, strict=True)
    ]
    for proc, log in zip(procs, logs, strict=True):
        code, err = _stderr(proc, log)
        assert code == 0, err
        assert "IntegrityError" not in err
    assert snapshot(url) == reference


def _long_pages(folder: Path, n: int = 40) -> Path:
    """Pages of ~350 kB, so one batch keeps a worker busy for many seconds."""
    rng = random.Random(3)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = "".join(f"<p>{' '.join(rng.choice(WORDS) for _ in range(60))} n{i}.</p>" for _ in range(800))
        (folder / f"page{i:03d}.html").write_text(f"<html><body><article>{paras}</article></body></html>")
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check lists /proc")
def test_ingest_workers_die_with_a_killed_parent(tmp_path):
    pages = _long_pages(tmp_path / "pages")
    trials = int(os.environ.get("PRESSLENS_ORPHAN_TRIALS", "2"))
    for trial in range(trials):
        url = str(tmp_path / f"t{trial}.db")
        proc = _spawn([pages], url, "--workers", "2", "--batch-size", "20", log=tmp_path / "err.log")
        children = _wait_for_children(proc.pid, 2)
        time.sleep(3)  # both workers are now deep in a long batch
        assert proc.poll() is None
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as an OOM killer would
        proc.wait()
        left = _still_alive(children, timeout=5)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"trial {trial}: processes left after SIGKILL of the parent: {left}"


def test_ingest_ctrl_c_stops_cleanly_with_a_summary(tmp_path):
    # enough documents that the run is still going when Ctrl-C lands (1,000 took under 4 s once
    # the analysis got faster, and the run sometimes ended first: exit -2 after a full summary)
    docs = make_docs(tmp_path / "docs", 6000, words=30)
    url = str(tmp_path / "c.db")
    log = tmp_path / "err.log"
    proc = _spawn([docs], url, "--workers", "2", log=log)
    children = _wait_for_children(proc.pid, 2)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with open_store(url) as st:
            if st.count() > 0:
                break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    code, err = _stderr(proc, log, timeout=60)
    assert code == 130, err
    assert "interrupted" in err and '"seen"' in err and "Traceback" not in err
    assert not _still_alive(children, timeout=20)
    with open_store(url) as st:
        assert st.count() > 0


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(entry))
    return out


def _wait_for_children(pid: int, n: int, timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = _children(pid)
        if len(kids) >= n + 1:  # the workers and multiprocessing's resource tracker
            time.sleep(1.0)
            return _children(pid)
        time.sleep(0.1)
    raise AssertionError(f"ingest did not start {n} workers within {timeout} s")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _still_alive(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]
