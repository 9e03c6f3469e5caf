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


def _store_generation(conn: sa.Connection) -> None:
    table = schema.store_generation
    table.create(conn, checkfirst=True)
    if conn.execute(sa.select(table.c.id).where(table.c.id == 1)).first() is None:
        conn.execute(table.insert().values(id=1, value=0))


# How a stored record with at least one skipped stage starts its "skipped" list (record JSON).
SKIPPED_MARK = '"skipped": [{'


def _skipped_column(conn: sa.Connection) -> None:
    """``articles.skipped``, filled from the stored records (read once here, not per page view)."""
    if "skipped" not in {c["name"] for c in sa.inspect(conn).get_columns("articles")}:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0")
    a = schema.articles.c
    conn.execute(schema.articles.update().where(a.record.contains(SKIPPED_MARK)).values(skipped=1))


def _quote_cue_class(conn: sa.Connection) -> None:
    """``quotes.cue_class`` (null for quotes stored before it: their records have no class)."""
    if "cue_class" not in {c["name"] for c in sa.inspect(conn).get_columns("quotes")}:
        conn.exec_driver_sql("ALTER TABLE quotes ADD COLUMN cue_class VARCHAR(16)")


# (name, table, columns): for the browsing queries.  The SQLite-only ones are covering indexes
# that hold free-text columns (outlet, speaker name); PostgreSQL caps an index row at ~2.7 kB and
# keeps long text out of line anyway, so its heap rows stay narrow without them.
BROWSE_INDEXES = [
    ("ix_entity_mentions_entity_article", "entity_mentions", "entity_id, article_id, count"),
    ("ix_entity_mentions_article_entity", "entity_mentions", "article_id, entity_id"),
    ("ix_techniques_article_technique", "techniques", "article_id, technique"),
]
SQLITE_BROWSE_INDEXES = [
    ("ix_articles_by_id", "articles", "id, outlet, published, status, words, language"),
    ("ix_articles_by_outlet", "articles", "outlet, published, id, status, words, language, skipped"),
    ("ix_quotes_article_speaker", "quotes", "article_id, speaker_name, speaker_entity_id"),
]


def _browse_indexes(conn: sa.Connection) -> None:
    sqlite = conn.dialect.name == "sqlite"
    for name, table, cols in BROWSE_INDEXES + (SQLITE_BROWSE_INDEXES if sqlite else []):
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({cols})")
    if sqlite:
        analyze(conn)


def analyze(conn: sa.Connection) -> None:
    """Refresh SQLite's planner statistics (bounded work: a sample of each index).

    Without them SQLite looks articles up by the unique id index (reading the wide row) rather
    than through the covering indexes.  PostgreSQL's autovacuum keeps its own statistics."""
    conn.exec_driver_sql("PRAGMA analysis_limit=1000")
    conn.exec_driver_sql("ANALYZE")


MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "core tables", _create_core_tables),
    (2, "full-text index", _full_text_index),
    (3, "store generation counter", _store_generation),
    (4, "articles.skipped", _skipped_column),
    (5, "browse indexes", _browse_indexes),
    (6, "quotes.cue_class", _quote_cue_class),
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
