"""The pipeline runner: a short loop over stages with a per-stage error handler.

A failure in one stage for one article is recorded on that article (``errors``) and the batch
goes on.  Articles whose extraction failed skip the stages that need text.  Each document has a
time budget (``Settings.doc_time_budget_s``, enforced with ``SIGALRM`` where the runner is in
the main thread): a document that runs past it gets an error record and skips the later stages.
A stage that declares the languages it covers is skipped for articles in another language, with
a ``language_unsupported`` note in ``skipped`` (not an error).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import Any

from presslens.errors import BudgetExceeded
from presslens.model import Article
from presslens.pipeline.registry import StageInfo, resolve
from presslens.settings import Settings

log = logging.getLogger(__name__)


PARSE_CACHE = ("doc", "encoded")  # article.cache entries built from the spaCy parse
# After a batch holding a document this long (text characters, or characters of plain-text
# input), the memory its parse and extraction freed is handed back to the OS (see
# ``release_memory``).  An HTML page counts by its text, or by its markup from LONG_PAGE_CHARS:
# a quarter of the news pages run over 200,000 characters of markup, and a full collection after
# each cost more CPU than their extraction saved in memory (``bench/extraction.py``).
LONG_DOC_CHARS = 200_000
LONG_PAGE_CHARS = 1_000_000


class Pipeline:
    def __init__(self, settings: Settings | None = None, stages: list[str] | tuple[str, ...] | None = None):
        self.settings = settings or Settings()
        self.infos: list[StageInfo] = resolve(tuple(stages or self.settings.stages))
        self.stages: list[tuple[StageInfo, Any]] = [
            (info, info.factory(self.settings)) for info in self.infos
        ]
        # after the last stage that reads the parse, the parse and the encoder states it fed are
        # dropped: a 1 M-character text holds about 1 GB in them, and later stages (techniques)
        # do not read them
        last_doc = max((k for k, info in enumerate(self.infos) if "doc" in info.requires), default=-1)
        self._drop_parse_after = last_doc if last_doc < len(self.infos) - 1 else -1
        # extraction alone (every stage reads the raw page) leaves no reference cycles behind:
        # no unreachable object after any of the 7 long pages of the development sets, while a
        # full collection costs 15-25 ms each, as much as extracting the page; the heap is
        # still trimmed
        self._collect = not all("raw" in info.requires for info in self.infos)

    @property
    def names(self) -> list[str]:
        return [info.name for info in self.infos]

    def __call__(self, article: Article) -> Article:
        return self.run_batch([article])[0]

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        it = iter(articles)
        while batch := list(islice(it, self.settings.batch_size)):
            yield from self.run_batch(batch)

    def run_batch(self, batch: list[Article]) -> list[Article]:
        if all("raw" in info.requires for info, _ in self.stages):
            # extraction alone makes no matrix products, and looking up the loaded BLAS
            # libraries (threadpoolctl reads them all) costs 0.3-0.8 ms: 2-5 % of a page's
            # extraction when pages come one at a time (bench/extraction.py)
            return self._run_batch(batch)
        with one_blas_thread():
            return self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        for k, (info, fn) in enumerate(self.stages):
            batch = self._apply(info, fn, batch)
            if k == self._drop_parse_after:
                for a in batch:
                    for key in PARSE_CACHE:
                        a.cache.pop(key, None)
                if any(_is_long(a) for a in batch):
                    release_memory()
        long = any(_is_long(a) for a in batch)
        batch = [_finish(a) for a in batch]
        if long:
            release_memory(collect=self._collect)
        return batch

    def _apply(self, info: StageInfo, fn: Any, batch: list[Article]) -> list[Article]:
        batch = [_note_language_skip(info, a) for a in batch]
        todo = [i for i, a in enumerate(batch) if _ready(info, a)]
        if not todo:
            return batch
        out = list(batch)
        pipe = getattr(fn, "pipe", None)
        budget = self.settings.doc_time_budget_s
        if pipe is not None and len(todo) > 1:
            started = time.monotonic()
            try:
                with deadline(budget * len(todo) if budget else None):
                    done = pipe([batch[i] for i in todo])
                share = (time.monotonic() - started) / len(todo)
                for i, article in zip(todo, done, strict=True):
                    out[i] = article
                    _spend(article, share)
                return out
            except Exception:  # noqa: BLE001 - fall back to one-by-one so one bad article can't sink the batch
                log.debug("batched %s failed; retrying one by one", info.name, exc_info=True)
        for i in todo:
            out[i] = run_one(info, fn, batch[i], budget)
        return out


def run_one(info: StageInfo, fn: Any, article: Article, budget: float | None = None) -> Article:
    started = time.monotonic()
    left = None if budget is None else budget - article.cache.get("seconds", 0.0)
    try:
        with deadline(left):
            result = fn(article)
    except BudgetExceeded:
        article.cache["over_budget"] = True
        spent = article.cache.get("seconds", 0.0) + time.monotonic() - started
        msg = f"document exceeded its time budget ({spent:.0f} s > doc_time_budget_s={budget:g}); later stages skipped"
        return article.with_error(info.name, msg)
    except Exception as e:  # noqa: BLE001 - the error handler: record and move on
        log.debug("stage %s failed on %s", info.name, article.id, exc_info=True)
        return article.with_error(info.name, f"{type(e).__name__}: {e}")
    if not isinstance(result, Article):
        return article.with_error(info.name, f"stage returned {type(result).__name__}, not Article")
    _spend(result, time.monotonic() - started)
    return result


def _spend(article: Article, seconds: float) -> None:
    article.cache["seconds"] = article.cache.get("seconds", 0.0) + seconds


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block after ``seconds`` (main thread, Unix only)."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    if seconds <= 0:
        raise BudgetExceeded("no time left")

    def expire(signum: int, frame: Any) -> None:
        # If this raise lands where Python cannot propagate it (a gc callback, a __del__), it is
        # swallowed; fire again shortly so the block still stops.  ``finally`` below disarms it.
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise BudgetExceeded(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ready(info: StageInfo, article: Article) -> bool:
    """A stage that needs text runs only on articles that have some (and time left)."""
    if article.cache.get("over_budget"):
        return False
    if "text" in info.requires and not article.text:
        return False
    if _unsupported_language(info, article):
        return False
    return not ("doc" in info.requires and "doc" not in article.cache)


def _unsupported_language(info: StageInfo, article: Article) -> bool:
    """The stage covers a fixed set of languages and the article's (detected) one is not in it."""
    return (
        bool(info.languages and article.text and article.language) and article.language not in info.languages
    )


def _note_language_skip(info: StageInfo, article: Article) -> Article:
    if _unsupported_language(info, article):
        return article.with_skip(info.name, "language_unsupported", article.language)
    return article


def _is_long(article: Article) -> bool:
    raw = article.cache.get("raw")
    limit = LONG_DOC_CHARS if getattr(raw, "kind", "text") == "text" else LONG_PAGE_CHARS
    return len(article.text) > LONG_DOC_CHARS or len(getattr(raw, "content", "") or "") > limit


def release_memory(collect: bool = True) -> None:
    """Hand the heap memory freed by a long document back to the OS.

    glibc keeps freed blocks of the C heap (spaCy's token arrays, lxml trees, tokenizer buffers)
    for reuse, but Python objects and large NumPy arrays live in separate mappings and never
    reuse them: without this a worker keeps the high-water mark of its longest document, and the
    next long document's peak lands on top of it.  ``malloc_trim`` takes milliseconds; it is
    called only after documents over ``LONG_DOC_CHARS``.  A no-op where libc has no
    ``malloc_trim`` (macOS, musl).  ``collect``: first free the unreachable reference cycles
    (a full collection)."""
    import gc

    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


_blas_lock = threading.Lock()
_blas_users = 0
_blas_limiter: Any = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with NumPy's BLAS (OpenBLAS) on one thread, as the stages expect.

    The stages make many small matrix products (a tagger head over an article's tokens, the
    technique heads over a sentence).  With a BLAS thread pool each product is split across the
    cores and the helper threads then spin, waiting for the next one, while Python runs between
    products: on two cores the entity stage spent 2.5-3 CPU s more per 100 articles (about 25 %
    of the stage) for nothing; results are the same.  The limit (``threadpoolctl``) is set when a batch starts (the first, when several run at once in
    threads; not for a batch of extraction alone) and lifted when the last one ends; a caller that set its own limit keeps it outside the batch."""
    global _blas_users, _blas_limiter
    with _blas_lock:
        if _blas_users == 0:
            _blas_limiter = _limit_blas()
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


def _limit_blas() -> Any:
    """Limit every BLAS library loaded now (about 2 ms: once per batch, so one loaded by a stage
    since the last batch is covered too)."""
    try:
        import numpy  # noqa: F401 - load NumPy's BLAS before looking for it
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        return None
    return ThreadpoolController().limit(limits=1, user_api="blas")


def _finish(article: Article) -> Article:
    """Drop working state (raw bytes, spaCy docs) before the record leaves the pipeline."""
    return replace(article, cache={})
