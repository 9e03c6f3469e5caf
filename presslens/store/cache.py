"""Corpus-wide figures cached per store *generation*.

Every write transaction that changes the corpus bumps a counter in the store
(``store_generation``, in the same transaction as the rows, see ``Store.write_batch``).  A cached
value is kept with the generation read *before* it was computed and served only while the store
is still at that generation, so a page never shows data older than the last committed ingest,
whichever process wrote it.  A value is computed once per generation: concurrent requests for the
same key wait for the first one.  Cached values are shared: callers treat them as read-only.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class GenerationCache:
    """A small LRU of ``key -> (generation, value)``; bounded, since keys hold user input."""

    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}

    def _hit(self, key: Hashable, generation: int) -> tuple[bool, Any]:
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == generation:
                self._entries.move_to_end(key)
                return True, found[1]
        return False, None

    def get(self, key: Hashable, generation: int, compute: Callable[[], T]) -> T:
        hit, value = self._hit(key, generation)
        if hit:
            return value
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            hit, value = self._hit(key, generation)  # computed by another thread meanwhile
            if hit:
                return value
            value = compute()
            with self._lock:
                self._entries[key] = (generation, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.maxsize:
                    old, _ = self._entries.popitem(last=False)
                    self._computing.pop(old, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def corpus_cached(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache ``fn(store, *args, **kwargs)`` in ``store.cache`` for the store's current generation."""

    @functools.wraps(fn)
    def wrapper(store: Any, *args: Any, **kwargs: Any) -> T:
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        generation = store.generation()  # read before computing: a write meanwhile makes it stale
        return store.cache.get(key, generation, lambda: fn(store, *args, **kwargs))

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper
