"""Ordered schema migrations, recorded in ``schema_migrations``; each one is idempotent.

A migration is a small function ``fn(conn)`` registered in :data:`MIGRATIONS` under the next
version number.  ``migrate`` applies, in order and each in its own transaction, those not yet
recorded.  Never edit a shipped migration: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from presslens.store import schema


def _create_core_tables(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


def _full_text_index(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        # A standalone FTS5 table kept in step by the store (same transaction as the article).
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        # tsvector over the title and the first SEARCH_CHARS of the text (a tsvector is capped at 1 MB)
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ("
            "to_tsvector('english', coalesce(title, '') || ' ' || left(text, 200000))) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_tsv ON articles USING GIN (tsv)")


MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "core tables", _create_core_tables),
    (2, "full-text index", _full_text_index),
]


def applied(conn: sa.Connection) -> set[int]:
    if not sa.inspect(conn).has_table("schema_migrations"):
        return set()
    return {row[0] for row in conn.execute(sa.select(schema.schema_migrations.c.version))}


def migrate(engine: sa.Engine) -> list[int]:
    """Apply pending migrations; return the versions applied now."""
    done: list[int] = []
    for version, name, fn in MIGRATIONS:
        with engine.begin() as conn:
            # serialise concurrent openers of a fresh database
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7351001)")
            elif conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            if version in applied(conn):
                continue
            fn(conn)
            schema.schema_migrations.create(conn, checkfirst=True)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=version, name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
                )
            )
            done.append(version)
    return done
