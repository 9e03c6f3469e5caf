"""The store: one interface (:class:`Store`) over SQLite and PostgreSQL, plus read-side queries."""

from presslens.store.core import Store, StoreItem, clean, open_store, sha, source_key
from presslens.store.queries import clusters, entities, quotes, search, stats

__all__ = [
    "Store",
    "StoreItem",
    "clean",
    "clusters",
    "entities",
    "open_store",
    "quotes",
    "search",
    "sha",
    "source_key",
    "stats",
]
