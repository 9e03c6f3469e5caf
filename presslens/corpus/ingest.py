"""Ingest: read inputs, skip what is already stored, analyse the rest, store in batches.

Idempotent and crash-safe by construction:

* every input gets a *raw hash* (source + raw content + what the reader was given); inputs whose
  raw hash is stored under the same analysis version are skipped before any analysis;
* each batch is written in one transaction, keyed by the record's stable id, so a killed run
  leaves whole batches only and a re-run redoes exactly the missing ones;
* ``workers > 1`` analyses in a process pool (each worker builds the Pipeline once, in the pool
  initializer); the main process alone writes, in input order.  Workers die with the parent,
  however it ends (``PR_SET_PDEATHSIG`` on Linux, and a thread that watches the parent's pid);
  they ignore Ctrl-C, which the parent turns into a clean stop with a summary.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from presslens.corpus import dedup
from presslens.model import Article
from presslens.pipeline import Pipeline, expand_only, resolve
from presslens.settings import Settings
from presslens.store.core import Store, StoreItem, sha

Pending = list[tuple[Article, str]]  # (raw article, raw hash)


@dataclass
class IngestReport:
    seen: int = 0  # inputs read
    skipped: int = 0  # already stored (same input, same analysis version)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0  # stored with errors (among new + updated)
    interrupted: bool = False  # stopped by Ctrl-C / SIGTERM; whole batches only were stored
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        elapsed = self.seconds or (time.monotonic() - self.started)
        return self.seen / elapsed if elapsed > 0 else 0.0

    def add(self, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            setattr(self, key, getattr(self, key) + n)

    def as_dict(self) -> dict[str, Any]:
        keys = ("seen", "skipped", "new", "updated", "unchanged", "failed")
        return {
            **{k: getattr(self, k) for k in keys},
            **({"interrupted": True} if self.interrupted else {}),
            "seconds": round(self.seconds, 3),
            "rate": round(self.rate, 2),
        }


def stage_names(settings: Settings, only: list[str] | None = None) -> list[str]:
    return expand_only(only) if only else list(settings.stages)


def analysis_version(stages: list[str]) -> str:
    """The versioned stage names; a change means stored records are re-analysed."""
    return ",".join(info.name for info in resolve(tuple(stages))) if stages else "none"


def raw_hash(article: Article) -> str:
    """Hash of what a reader produced for one input: source, raw content, given metadata, errors."""
    raw = article.cache.get("raw")
    content = getattr(raw, "content", raw if isinstance(raw, str) else article.text)
    parts = [
        str(getattr(raw, "kind", "")),
        article.source.path or "",
        article.source.url or "",
        str(content),
        repr(sorted((article.cache.get("given") or {}).items())),
        repr(article.errors),
    ]
    return sha("\x1f".join(parts))


# -- analysis (runs in the main process or in pool workers) ----------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(settings: Settings, stages: list[str], version: str, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    _WORKER["pipeline"] = Pipeline(settings, stages) if stages else None
    _WORKER["version"] = version


def _die_with_parent(parent: int) -> None:
    """End this worker when ``parent`` ends, by any signal (SIGKILL included)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="presslens-parent-watch", daemon=True).start()


def _analyse(batch: Pending) -> list[StoreItem]:
    pipeline, version = _WORKER["pipeline"], _WORKER["version"]
    articles = [a for a, _ in batch]
    done = pipeline.run_batch(articles) if pipeline is not None else [_strip(a) for a in articles]
    return [StoreItem(a, h, version, _sig(a.text)) for a, (_, h) in zip(done, batch, strict=True)]


def _strip(article: Article) -> Article:
    """No stages: store what the reader gave (plain text as is)."""
    from dataclasses import replace

    raw = article.cache.get("raw")
    text = article.text or (getattr(raw, "content", "") if getattr(raw, "kind", "") == "text" else "")
    return replace(article, text=text, cache={})


def _sig(text: str) -> bytes | None:
    sig = dedup.signature(text) if text else None
    return None if sig is None else dedup.to_bytes(sig)


# -- orchestration -------------------------------------------------------------------------------
def pending_batches(
    articles: Iterable[Article],
    store: Store,
    version: str,
    report: IngestReport,
    batch_size: int,
    retry_failed: bool = False,
) -> Iterator[Pending]:
    """Batches of inputs that still need analysis (stored ones are counted as skipped)."""
    it = iter(articles)
    while True:
        chunk = [(a, raw_hash(a)) for a in _take(it, batch_size)]
        if not chunk:
            return
        report.seen += len(chunk)
        known = store.known_raw([h for _, h in chunk])
        todo = [(a, h) for a, h in chunk if not _skip(known.get(h), version, retry_failed)]
        report.skipped += len(chunk) - len(todo)
        if todo:
            yield todo


def _skip(known: tuple[str, str] | None, version: str, retry_failed: bool) -> bool:
    if known is None:
        return False
    status, stored_version = known
    return stored_version == version and not (retry_failed and status == "failed")


def _take(it: Iterator[Article], n: int) -> list[Article]:
    out = []
    for article in it:
        out.append(article)
        if len(out) >= n:
            break
    return out


def ingest_articles(
    articles: Iterable[Article],
    store: Store,
    settings: Settings,
    *,
    stages: list[str],
    workers: int = 1,
    retry_failed: bool = False,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Analyse and store raw articles; the core of ``presslens ingest``."""
    report = IngestReport()
    version = analysis_version(stages)
    batches = pending_batches(articles, store, version, report, settings.batch_size, retry_failed)
    try:
        for items in _analysed(batches, settings, stages, version, workers):
            report.add(store.write_batch(items))
            if on_batch:
                on_batch(report)
    except KeyboardInterrupt:
        report.interrupted = True  # the batch in flight was rolled back; a re-run redoes it
    report.seconds = time.monotonic() - report.started
    if on_batch:
        on_batch(report)
    return report


def _analysed(
    batches: Iterator[Pending], settings: Settings, stages: list[str], version: str, workers: int
) -> Iterator[list[StoreItem]]:
    if workers <= 1:
        _init_worker(settings, stages, version)
        for batch in batches:
            yield _analyse(batch)
        return
    ctx = mp.get_context("spawn")  # no fork of a threaded parent; each worker loads models once
    initargs = (settings, stages, version, os.getpid())
    with ctx.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        inflight: deque = deque()
        for batch in batches:
            inflight.append(pool.apply_async(_analyse, (batch,)))
            if len(inflight) >= 2 * workers:
                yield inflight.popleft().get()
        while inflight:
            yield inflight.popleft().get()


def retry_paths(store: Store) -> list[str]:
    """Input paths of failed records (``file.jsonl:12`` -> ``file.jsonl``), for ``--retry-failed``."""
    out = []
    for src in store.failed_sources():
        path = src if os.path.exists(src) else re.sub(r":\d+$", "", src)
        if os.path.exists(path) and path not in out:
            out.append(path)
    return out


def ingest(
    paths: list[str],
    store: Store,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    retry_failed: bool = False,
    only: list[str] | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read ``paths`` with the readers and ingest them (``presslens ingest``)."""
    from presslens.readers import iter_articles

    settings = settings or Settings()
    if retry_failed and not paths:
        paths = retry_paths(store)
    stages = stage_names(settings, only)
    return ingest_articles(
        iter_articles(paths, settings),
        store,
        settings,
        stages=stages,
        workers=workers,
        retry_failed=retry_failed,
        on_batch=on_batch,
    )
