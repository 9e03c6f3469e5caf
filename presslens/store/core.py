"""The store: one interface over SQLite (default) and PostgreSQL, on SQLAlchemy Core.

``open_store(url)`` takes a file path, ``sqlite:///path`` or ``postgresql://…`` (psycopg 3).
Writes go through :meth:`Store.write_batch`: one transaction per batch, so a crash loses at most
the batch in flight and a re-run redoes exactly that.  Rows are keyed by the record's stable id
and rewritten only when the record changed; the previous version goes to ``article_history``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from presslens.corpus import dedup
from presslens.errors import StoreError
from presslens.model import Article, StageError, article_id
from presslens.store import clusters as cluster_ops
from presslens.store import schema as t
from presslens.store.cache import GenerationCache
from presslens.store.migrations import analyze, migrate
from presslens.store.sql import insert_rows

log = logging.getLogger(__name__)

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SAFE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
STORE_STAGE = "presslens.store.v1"
WRITE_LOCK = 7351002  # PostgreSQL advisory lock key: one writing transaction at a time


def clean(value: str | None) -> str | None:
    """A copy safe for any text column: NUL and lone surrogates become U+FFFD.

    PostgreSQL text cannot hold NUL and neither driver can encode a lone surrogate; the exact
    value survives in the record JSON (``articles.record``), which is what ``get`` returns.
    """
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = _SURROGATE.sub("\ufffd", value)
    return value


def dumps(data: Any) -> str:
    """JSON text that any backend stores exactly (surrogates escaped when present)."""
    out = json.dumps(data, ensure_ascii=False, sort_keys=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(data, ensure_ascii=True)
    return out


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_key(article: Article) -> str:
    """Where a document came from: its URL, else its path (JSONL/WARC readers make these unique)."""
    src = article.source
    return sha(f"url:{src.url}" if src.url else f"path:{src.path or ''}")[:40]


def entity_key(name: str, type_: str, kb_id: str | None) -> str:
    if kb_id:
        return f"kb:{kb_id}"
    norm = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", name).casefold()))
    norm = re.sub(r"^the ", "", norm)
    return f"{type_}:{norm or name}"


def entity_corpus_id(key: str) -> str:
    return "E" + sha(key)[:20]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoreItem:
    """One analysed article with what ingest knows about its input."""

    article: Article
    raw_hash: str
    analysis_version: str
    signature: bytes | None = None  # MinHash hash values; computed here when None


def normalise_url(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser())
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    def __init__(self, url: str, busy_timeout: float = 120.0):
        self.url = normalise_url(url)
        self.busy_timeout = busy_timeout  # longest wait for another writer (SQLite busy / PG lock)
        try:
            self.engine = _engine(self.url)
            migrate(self.engine)
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(f"cannot open store {_safe(self.url)}: {e.__class__.__name__}: {e}") from e
        self.dialect = self.engine.dialect.name
        self.cache = GenerationCache()  # corpus-wide figures, see presslens.store.cache

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> sa.Connection:
        return self.engine.connect()

    # -- reads -----------------------------------------------------------------------------------
    def known_raw(self, raw_hashes: list[str]) -> dict[str, tuple[str, str]]:
        """raw hash -> (status, analysis version) for inputs already stored."""
        out: dict[str, tuple[str, str]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(raw_hashes), 500):
                q = sa.select(
                    t.articles.c.raw_hash, t.articles.c.status, t.articles.c.analysis_version
                ).where(t.articles.c.raw_hash.in_(raw_hashes[i : i + 500]))
                out.update({h: (s, v) for h, s, v in conn.execute(q)})
        return out

    def get(self, aid: str) -> Article | None:
        with self.engine.connect() as conn:
            raw = conn.execute(sa.select(t.articles.c.record).where(t.articles.c.id == aid)).scalar()
        return None if raw is None else Article.from_json(raw)

    def iter_articles(self, status: str | None = None, batch: int = 200) -> Iterator[Article]:
        """Every stored record (ordered by id), streamed in pages."""
        last = ""
        while True:
            q = sa.select(t.articles.c.id, t.articles.c.record).where(t.articles.c.id > last)
            if status:
                q = q.where(t.articles.c.status == status)
            with self.engine.connect() as conn:
                rows = conn.execute(q.order_by(t.articles.c.id).limit(batch)).all()
            if not rows:
                return
            for _aid, raw in rows:
                yield Article.from_json(raw)
            last = rows[-1][0]

    def generation(self) -> int:
        """A number that changes with every committed write that changed the corpus."""
        q = sa.select(t.store_generation.c.value).where(t.store_generation.c.id == 1)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def failed_sources(self) -> list[str]:
        q = sa.select(t.articles.c.source_path, t.articles.c.source_url).where(
            t.articles.c.status == "failed"
        )
        with self.engine.connect() as conn:
            return sorted({p or u for p, u in conn.execute(q) if p or u})

    def count(self, status: str | None = None) -> int:
        q = sa.select(sa.func.count()).select_from(t.articles)
        if status:
            q = q.where(t.articles.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def checksums(self, skip_columns: tuple[str, ...] = ("applied_at",)) -> dict[str, str]:
        """A digest of every table's rows (for idempotence checks), leaving out ``skip_columns``
        and the write counter (``store_generation`` counts batches, not content)."""
        out = {}
        with self.engine.connect() as conn:
            for table in t.metadata.sorted_tables:
                if table is t.store_generation:
                    continue
                cols = [c for c in table.columns if c.name not in skip_columns]
                pk = list(table.primary_key.columns)
                h = hashlib.sha256()
                for row in conn.execute(sa.select(*cols).order_by(*pk)):
                    h.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
                out[table.name] = h.hexdigest()
        return out

    # -- writes ----------------------------------------------------------------------------------
    def write_batch(self, items: list[StoreItem]) -> dict[str, int]:
        """Store a batch in one transaction; counts of new / updated / unchanged / failed.

        Writers are serialised (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so any
        number of processes can ingest into one store and end as one run would.  A busy or locked
        database is retried with a bounded wait.  When the batch fails for another reason, its
        items are written one by one, and an item that cannot be stored is stored as a failure
        record saying why: one bad record never sinks the batch.
        """
        try:
            return self._retrying(lambda: self._write_all(items))
        except sa.exc.SQLAlchemyError as e:
            if _busy(e) or len(items) == 0:
                raise StoreError(f"writing a batch of {len(items)} articles failed: {_brief(e)}") from e
            log.debug("batch write failed; writing one by one", exc_info=True)
        counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for item in items:
            for key, n in self._write_alone(item).items():
                counts[key] += n
        return counts

    def _write_alone(self, item: StoreItem) -> dict[str, int]:
        try:
            return self._retrying(lambda: self._write_all([item]))
        except sa.exc.SQLAlchemyError as e:
            if _busy(e):
                raise StoreError(f"writing an article failed: {_brief(e)}") from e
            failed = _failure_item(item, f"cannot store this record: {_brief(e)}")
        try:
            return self._retrying(lambda: self._write_all([failed]))
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(f"writing a failure record failed: {_brief(e)}") from e

    def _write_all(self, items: list[StoreItem]) -> dict[str, int]:
        counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}
        with self.engine.begin() as conn:
            self._lock_for_write(conn)
            for item in items:
                outcome = self._write_one(conn, item)
                counts[outcome] += 1
                counts["failed"] += item.article.failed and outcome != "unchanged"
            if counts["new"] or counts["updated"]:
                _after_write(conn)
        return counts

    def _lock_for_write(self, conn: sa.Connection) -> None:
        if self.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading
        elif self.dialect == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(self.busy_timeout * 1000)}ms'")
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})

    def _retrying(self, fn: Any) -> Any:
        """Run ``fn`` again while the database is busy/locked, for at most ``busy_timeout`` s."""
        deadline = time.monotonic() + self.busy_timeout
        pause = 0.05
        while True:
            try:
                return fn()
            except sa.exc.OperationalError as e:
                if not _busy(e) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 2.0)

    def write(self, article: Article, analysis_version: str = "", raw_hash: str | None = None) -> str:
        """Store one article (convenience for tests and the API); returns new/updated/unchanged."""
        item = StoreItem(article, raw_hash or sha(article.to_json()), analysis_version)
        counts = self.write_batch([item])
        return next(k for k in ("new", "updated", "unchanged") if counts[k])

    def _write_one(self, conn: sa.Connection, item: StoreItem) -> str:
        article = _with_id(item.article)
        record = dumps(article.to_dict())
        old = conn.execute(
            sa.select(
                t.articles.c.record,
                t.articles.c.content_hash,
                t.articles.c.raw_hash,
                t.articles.c.analysis_version,
            ).where(t.articles.c.id == article.id)
        ).first()
        if old is not None and (old.record, old.raw_hash, old.analysis_version) == (
            record,
            item.raw_hash,
            item.analysis_version,
        ):
            return "unchanged"
        now = _now()
        row = _article_row(article, record, item, now)
        self._supersede(conn, article, row["source_key"], now)
        if old is None:
            conn.execute(t.articles.insert().values(created_at=now, **row))
        else:
            self._archive(conn, article.id, None, now)
            self._delete_children(conn, article.id)
            conn.execute(t.articles.update().where(t.articles.c.id == article.id).values(**row))
        self._write_children(conn, _unique_local_ids(article))
        self._index_text(conn, article, old is not None)
        if old is None or old.content_hash != row["content_hash"]:
            if old is not None:
                cluster_ops.remove(conn, article.id)
            sig = item.signature if item.signature is not None else _signature(article.text)
            if sig is not None:
                cluster_ops.add(conn, article.id, sig)
        return "new" if old is None else "updated"

    def _supersede(self, conn: sa.Connection, article: Article, skey: str, now: str) -> None:
        """A changed document at the same URL/path replaces its old row (kept in history)."""
        if not (article.source.url or article.source.path):
            return
        q = sa.select(t.articles.c.id).where(t.articles.c.source_key == skey, t.articles.c.id != article.id)
        for old_id in list(conn.execute(q).scalars()):
            self._archive(conn, old_id, article.id, now)
            cluster_ops.remove(conn, old_id)
            self._delete_children(conn, old_id)
            self._unindex_text(conn, old_id)
            conn.execute(t.articles.delete().where(t.articles.c.id == old_id))

    def _archive(self, conn: sa.Connection, aid: str, replaced_by: str | None, now: str) -> None:
        a = t.articles.c
        old = conn.execute(sa.select(a.content_hash, a.analysis_version, a.record).where(a.id == aid)).first()
        if old is not None:
            conn.execute(
                t.article_history.insert().values(
                    article_id=aid,
                    replaced_by=replaced_by,
                    content_hash=old.content_hash,
                    analysis_version=old.analysis_version,
                    record=old.record,
                    archived_at=now,
                )
            )

    def _delete_children(self, conn: sa.Connection, aid: str) -> None:
        for table in t.ARTICLE_CHILDREN:
            conn.execute(table.delete().where(table.c.article_id == aid))

    def _write_children(self, conn: sa.Connection, article: Article) -> None:
        ents, aliases, mentions = _entity_rows(article)
        if ents:
            insert_rows(conn, t.entities, ents, self._insert_ignore(t.entities, ["id"]))
            insert_rows(
                conn,
                t.entity_aliases,
                aliases,
                self._insert_ignore(t.entity_aliases, ["entity_id", "alias_hash"]),
            )
            insert_rows(conn, t.entity_mentions, mentions)
        corpus_ids = {m["local_id"]: (m["entity_id"], m["name"]) for m in mentions}
        for table, rows in (
            (t.quotes, _quote_rows(article, corpus_ids)),
            (t.relations, _relation_rows(article, corpus_ids)),
            (t.techniques, _technique_rows(article)),
            (t.errors, _error_rows(article)),
        ):
            if rows:
                insert_rows(conn, table, rows)

    def _insert_ignore(self, table: sa.Table, keys: list[str]) -> Any:
        mod = pg_dialect if self.dialect == "postgresql" else sqlite_dialect
        return mod.insert(table).on_conflict_do_nothing(index_elements=keys)

    def _index_text(self, conn: sa.Connection, article: Article, replace: bool) -> None:
        if self.dialect != "sqlite":
            return  # PostgreSQL: a generated tsvector column
        if replace:
            self._unindex_text(conn, article.id)
        conn.exec_driver_sql(
            "INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)",
            (article.id, clean(article.title) or "", clean(article.text) or ""),
        )

    def _unindex_text(self, conn: sa.Connection, aid: str) -> None:
        if self.dialect == "sqlite":
            conn.exec_driver_sql("DELETE FROM articles_fts WHERE article_id = ?", (aid,))


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating when needed) the store at ``url`` (default ``presslens.db``)."""
    return Store(url or "presslens.db")


# -- helpers ---------------------------------------------------------------------------------------
def _after_write(conn: sa.Connection) -> None:
    """In the writing transaction: bump the generation (readers see it exactly when they see the
    rows) and, on SQLite, refresh the planner statistics each time the articles have doubled."""
    g = t.store_generation
    conn.execute(g.update().where(g.c.id == 1).values(value=g.c.value + 1))
    if conn.dialect.name == "sqlite" and _sqlite_stats_stale(conn):
        analyze(conn)


def _sqlite_stats_stale(conn: sa.Connection) -> bool:
    known = conn.exec_driver_sql(
        "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_articles_by_id'"
    ).scalar() if _has_table(conn, "sqlite_stat1") else None  # fmt: skip
    then = int(str(known).split()[0]) if known else 0
    now = conn.exec_driver_sql("SELECT max(rowid) FROM articles").scalar() or 0
    return now >= 2 * max(then, 50)


def _has_table(conn: sa.Connection, name: str) -> bool:
    q = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.exec_driver_sql(q, (name,)).first() is not None


def _busy(e: BaseException) -> bool:
    """SQLite busy/locked, or PostgreSQL lock timeout / deadlock / serialization failure."""
    orig = getattr(e, "orig", None)
    if getattr(orig, "sqlstate", None) in ("55P03", "40P01", "40001"):
        return True
    text = str(orig or e).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _brief(e: BaseException) -> str:
    """The error's class and first line, without SQL or parameters (which can hold whole texts)."""
    orig = getattr(e, "orig", None) or e
    first = (str(orig).strip().splitlines() or [""])[0][:300]
    return f"{type(orig).__name__}: {first}"


def _failure_item(item: StoreItem, message: str) -> StoreItem:
    """A minimal record in place of one the store could not hold: where it came from, and why."""
    src = item.article.source
    article = Article(
        text="",
        id=sha(f"failed:{item.article.id}:{src.url}:{src.path}")[:24],
        source=replace(src, path=(src.path or "")[:4000] or None, url=(src.url or "")[:4000] or None),
        errors=(StageError(STORE_STAGE, message),),
    )
    return StoreItem(article, item.raw_hash, item.analysis_version, None)


def _safe(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 60}, hide_parameters=True)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _with_id(article: Article) -> Article:
    """The record with a usable id: made when missing, replaced by its hash (and noted) when malformed."""
    if not article.id:
        return replace(article, id=article_id(article.text, article.source.url, article.source.path))
    if _SAFE_ID.fullmatch(article.id):
        return article
    new = sha(article.id)[:24]
    note = f"malformed id ({len(article.id)} characters) replaced by its hash {new}"
    return replace(article, id=new).with_error(STORE_STAGE, note)


def _unique_local_ids(article: Article) -> Article:
    """Duplicate local ids (hostile or buggy records) get a ``#n`` suffix in the child tables."""

    def fix(items: tuple) -> tuple:
        seen: dict[str, int] = {}
        out = []
        for item in items:
            n = seen[item.id] = seen.get(item.id, 0) + 1
            out.append(item if n == 1 else replace(item, id=f"{item.id}#{n}"))
        return tuple(out)

    if (
        len({e.id for e in article.entities}) == len(article.entities)
        and len({q.id for q in article.quotes}) == len(article.quotes)
        and len({r.id for r in article.relations}) == len(article.relations)
    ):
        return article
    return replace(
        article, entities=fix(article.entities), quotes=fix(article.quotes), relations=fix(article.relations)
    )


def _signature(text: str) -> bytes | None:
    sig = dedup.signature(text)
    return None if sig is None else dedup.to_bytes(sig)


def _article_row(article: Article, record: str, item: StoreItem, now: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "source_key": source_key(article),
        "source_path": clean(article.source.path),
        "source_url": clean(article.source.url),
        "outlet": clean(article.outlet),
        "title": clean(article.title),
        "authors": dumps([clean(a) for a in article.authors]),
        "published": clean(article.published)[:40] if article.published else None,
        "dateline": clean(article.dateline),
        "language": clean(article.language)[:16] if article.language else None,
        "text": clean(article.text),
        "words": len(dedup.words(article.text)),
        "content_hash": sha(article.text),
        "raw_hash": item.raw_hash,
        "status": "failed" if article.failed else "ok",
        "skipped": 1 if article.skipped else 0,
        "analysis_version": item.analysis_version,
        "record": record,
        "updated_at": now,
    }


def _entity_rows(article: Article) -> tuple[list[dict], list[dict], list[dict]]:
    ents: dict[str, dict] = {}
    aliases: dict[tuple[str, str], dict] = {}
    mentions = []
    for ent in article.entities:
        key = entity_key(ent.name, ent.type, ent.kb_id)
        eid = entity_corpus_id(key)
        ents.setdefault(
            eid,
            {
                "id": eid,
                "key": clean(key),
                "name": clean(ent.name),
                "type": clean(ent.type)[:40],
                "kb_id": clean(ent.kb_id),
            },
        )
        for alias in {ent.name, *ent.aliases}:
            alias_c = clean(alias) or ""
            aliases.setdefault(
                (eid, alias_c), {"entity_id": eid, "alias_hash": sha(alias_c)[:40], "alias": alias_c}
            )
        mentions.append(
            {
                "article_id": article.id,
                "local_id": clean(ent.id),
                "entity_id": eid,
                "name": clean(ent.name),
                "type": clean(ent.type)[:40],
                "aliases": dumps(list(ent.aliases)),
                "spans": json.dumps([[m.start, m.end] for m in ent.mentions]),
                "count": len(ent.mentions),
            }
        )
    return list(ents.values()), list(aliases.values()), mentions


def _quote_rows(article: Article, corpus_ids: dict[str, tuple[str, str]]) -> list[dict]:
    rows = []
    records = article.to_dict()["quotes"]
    for quote, qrec in zip(article.quotes, records, strict=True):
        speaker = corpus_ids.get(quote.speaker or "", (None, None))
        rows.append(
            {
                "article_id": article.id,
                "local_id": clean(quote.id),
                "kind": clean(quote.kind)[:16],
                "cue_class": quote.cue_class,
                "speaker_entity_id": speaker[0],
                "speaker_name": speaker[1],
                "content": clean(" … ".join(span.of(article.text) for span in quote.content)),
                "confidence": quote.confidence,
                "record": dumps(qrec),
            }
        )
    return rows


def _relation_rows(article: Article, corpus_ids: dict[str, tuple[str, str]]) -> list[dict]:
    return [
        {
            "article_id": article.id,
            "local_id": clean(rel.id),
            "subject_entity_id": corpus_ids.get(rel.subject, (None,))[0],
            "predicate": clean(rel.predicate)[:200],
            "object_entity_id": corpus_ids.get(rel.object, (None,))[0],
            "evidence_start": rel.evidence.start,
            "evidence_end": rel.evidence.end,
            "time": clean(rel.time),
            "confidence": rel.confidence,
        }
        for rel in article.relations
    ]


def _technique_rows(article: Article) -> list[dict]:
    return [
        {
            "article_id": article.id,
            "seq": i,
            "technique": clean(tech.technique)[:200],
            "start": tech.start,
            "end": tech.end,
            "confidence": tech.confidence,
        }
        for i, tech in enumerate(article.techniques)
    ]


def _error_rows(article: Article) -> list[dict]:
    return [
        {"article_id": article.id, "seq": i, "stage": clean(err.stage), "message": clean(err.message)}
        for i, err in enumerate(article.errors)
    ]
