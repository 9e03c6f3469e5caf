"""Read-side queries over the store: full-text search, actors, quotes, per-outlet stats, clusters.

Each function takes a :class:`~presslens.store.Store` and returns plain dicts (what the CLI
prints as a table, JSON or CSV).  User input is always bound as parameters; the search string is
turned into a safe FTS5 / ``websearch_to_tsquery`` expression, never spliced into SQL.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from presslens.errors import QueryError
from presslens.store import schema as t
from presslens.store.core import Store, clean

# not actors: left out of `entities` unless asked for with type_
NON_ACTOR_TYPES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_query(query: str) -> str:
    """User text -> an FTS5 expression of quoted phrases (ANDed): no syntax can leak through."""
    phrases = []
    for quoted, bare in _TOKEN.findall(clean(query) or ""):
        toks = _WORD.findall(quoted or bare)
        if toks:
            phrases.append('"' + " ".join(toks) + '"')
    if not phrases:
        raise QueryError(f"search query {query!r} has no searchable words")
    return " ".join(phrases)


def _entity_ids(conn: sa.Connection, name: str) -> list[str]:
    low = (clean(name) or "").casefold()
    by_name = sa.select(t.entities.c.id).where(sa.func.lower(t.entities.c.name) == low)
    by_alias = sa.select(t.entity_aliases.c.entity_id).where(sa.func.lower(t.entity_aliases.c.alias) == low)
    return sorted(set(conn.execute(by_name).scalars()) | set(conn.execute(by_alias).scalars()))


def _filters(
    q: Any,
    conn: sa.Connection,
    outlet: str | None,
    since: str | None,
    until: str | None,
    entity: str | None,
    technique: str | None,
) -> Any:
    a = t.articles.c
    if outlet:
        q = q.where(a.outlet == clean(outlet))
    if since:
        q = q.where(a.published >= clean(since))
    if until:
        until_c = clean(until) or ""
        q = q.where(sa.func.substr(a.published, 1, len(until_c)) <= until_c)
    if entity:
        ids = _entity_ids(conn, entity)
        q = q.where(
            sa.exists().where(t.entity_mentions.c.article_id == a.id, t.entity_mentions.c.entity_id.in_(ids))
        )
    if technique:
        q = q.where(
            sa.exists().where(t.techniques.c.article_id == a.id, t.techniques.c.technique == clean(technique))
        )
    return q


def search(
    store: Store,
    query: str,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    technique: str | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Articles matching ``query`` (all words; "quoted phrases" kept together), best first."""
    a = t.articles.c
    cols = [a.id, a.title, a.outlet, a.published]
    with store.connect() as conn:
        if store.dialect == "sqlite":
            fts = sa.table("articles_fts", sa.column("article_id"), sa.column("rank"))
            snippet = sa.literal_column("snippet(articles_fts, 2, '[', ']', '…', 12)")
            q = (
                sa.select(*cols, snippet.label("snippet"))
                .select_from(t.articles.join(fts, fts.c.article_id == a.id))
                .where(sa.text("articles_fts MATCH :match").bindparams(match=fts5_query(query)))
                .order_by(fts.c.rank, a.id)
            )
        else:
            if not _WORD.search(clean(query) or ""):
                raise QueryError(f"search query {query!r} has no searchable words")
            tsq = sa.func.websearch_to_tsquery("english", clean(query))
            tsv = sa.literal_column("articles.tsv")
            snippet = sa.func.ts_headline(
                "english", sa.func.left(a.text, 20000), tsq, "StartSel=[, StopSel=], MaxWords=24, MinWords=8"
            )
            q = (
                sa.select(*cols, snippet.label("snippet"))
                .where(tsv.op("@@")(tsq))
                .order_by(sa.func.ts_rank(tsv, tsq).desc(), a.id)
            )
        q = _filters(q, conn, outlet, since, until, entity, technique).limit(limit)
        try:
            return [dict(row._mapping) for row in conn.execute(q)]
        except sa.exc.SQLAlchemyError as e:
            raise QueryError(
                f"search failed: {e.__class__.__name__}: {e.orig if hasattr(e, 'orig') else e}"
            ) from e


def entities(
    store: Store, *, limit: int = 20, type_: str | None = None, cooccur: int = 5
) -> list[dict[str, Any]]:
    """Top actors by number of articles, with mentions, aliases and co-occurring actors."""
    m, e = t.entity_mentions.c, t.entities.c
    n_articles = sa.func.count(sa.distinct(m.article_id)).label("articles")
    q = (
        sa.select(e.id, e.name, e.type, e.kb_id, n_articles, sa.func.sum(m.count).label("mentions"))
        .join(t.entities, t.entities.c.id == m.entity_id)
        .group_by(e.id, e.name, e.type, e.kb_id)
        .order_by(n_articles.desc(), e.id)
        .limit(limit)
    )
    q = q.where(e.type == type_) if type_ else q.where(e.type.not_in(NON_ACTOR_TYPES))
    with store.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        for row in rows:
            row["mentions"] = int(row["mentions"] or 0)
            row["aliases"] = sorted(
                conn.execute(
                    sa.select(t.entity_aliases.c.alias)
                    .where(t.entity_aliases.c.entity_id == row["id"])
                    .limit(20)
                ).scalars()
            )
            row["cooccurring"] = _cooccurring(conn, row["id"], cooccur)
    return rows


def _cooccurring(conn: sa.Connection, eid: str, limit: int) -> list[dict[str, Any]]:
    m1, m2 = t.entity_mentions.alias("m1"), t.entity_mentions.alias("m2")
    shared = sa.func.count(sa.distinct(m2.c.article_id)).label("articles")
    q = (
        sa.select(t.entities.c.name, shared)
        .select_from(
            m1.join(m2, m1.c.article_id == m2.c.article_id).join(
                t.entities, t.entities.c.id == m2.c.entity_id
            )
        )
        .where(m1.c.entity_id == eid, m2.c.entity_id != eid, t.entities.c.type.not_in(NON_ACTOR_TYPES))
        .group_by(m2.c.entity_id, t.entities.c.name)
        .order_by(shared.desc(), t.entities.c.name)
        .limit(limit)
    )
    return [{"name": name, "articles": n} for name, n in conn.execute(q)]


def quotes(store: Store, *, speaker: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Quotes, optionally by a speaker (matched on the actor's name or aliases, else a substring)."""
    a, qc = t.articles.c, t.quotes.c
    q = (
        sa.select(
            qc.article_id,
            a.title,
            a.outlet,
            a.published,
            qc.speaker_name.label("speaker"),
            qc.kind,
            qc.content,
            qc.confidence,
        )
        .join(t.articles, a.id == qc.article_id)
        .order_by(a.published, qc.article_id, qc.local_id)
        .limit(limit)
    )
    with store.connect() as conn:
        if speaker:
            ids = _entity_ids(conn, speaker)
            low = (clean(speaker) or "").casefold()
            q = q.where(
                sa.or_(
                    qc.speaker_entity_id.in_(ids),
                    sa.func.lower(qc.speaker_name).contains(low, autoescape=True),
                )
            )
        return [dict(r._mapping) for r in conn.execute(q)]


# How a record with at least one skipped stage starts its "skipped" list in the stored JSON.
SKIPPED_MARK = '"skipped": [{'


def stats(store: Store, *, top_speakers: int = 3) -> list[dict[str, Any]]:
    """Per outlet: articles, failed, skipped (a stage skipped, e.g. for language), words,
    techniques per 1,000 words, top speakers."""
    a = t.articles.c
    outlet = sa.func.coalesce(a.outlet, "")
    tech_count = (
        sa.select(t.techniques.c.article_id, sa.func.count().label("n"))
        .group_by(t.techniques.c.article_id)
        .subquery()
    )
    q = (
        sa.select(
            outlet.label("outlet"),
            sa.func.count().label("articles"),
            sa.func.sum(sa.case((a.status == "failed", 1), else_=0)).label("failed"),
            sa.func.sum(sa.case((a.record.contains(SKIPPED_MARK), 1), else_=0)).label("skipped"),
            sa.func.sum(a.words).label("words"),
            sa.func.sum(sa.func.coalesce(tech_count.c.n, 0)).label("techniques"),
        )
        .select_from(t.articles.outerjoin(tech_count, tech_count.c.article_id == a.id))
        .group_by(outlet)
        .order_by(sa.func.count().desc(), outlet)
    )
    with store.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        for row in rows:
            words, n = int(row["words"] or 0), int(row["techniques"] or 0)
            row.update(
                words=words, techniques=n, failed=int(row["failed"] or 0), skipped=int(row["skipped"] or 0)
            )
            row["techniques_per_1k_words"] = round(1000 * n / words, 2) if words else 0.0
            row["top_speakers"] = _top_speakers(conn, row["outlet"], top_speakers)
            row["outlet"] = row["outlet"] or None
    return rows


def _top_speakers(conn: sa.Connection, outlet: str, limit: int) -> list[dict[str, Any]]:
    a, qc = t.articles.c, t.quotes.c
    n = sa.func.count().label("quotes")
    q = (
        sa.select(qc.speaker_name, n)
        .join(t.articles, a.id == qc.article_id)
        .where(sa.func.coalesce(a.outlet, "") == outlet, qc.speaker_name.is_not(None))
        .group_by(qc.speaker_name)
        .order_by(n.desc(), qc.speaker_name)
        .limit(limit)
    )
    return [{"name": name, "quotes": k} for name, k in conn.execute(q)]


def clusters(store: Store, *, min_size: int = 2, limit: int = 100) -> list[dict[str, Any]]:
    """Near-duplicate clusters: the origin first, then each copy with similarity and diff stats."""
    c, a = t.clusters.c, t.articles.c
    q = (
        sa.select(
            c.cluster_id,
            c.article_id,
            c.is_origin,
            c.similarity,
            c.chars_added,
            c.chars_cut,
            c.sentences_added,
            c.sentences_cut,
            a.outlet,
            a.title,
            a.published,
        )
        .join(t.articles, a.id == c.article_id)
        .order_by(c.cluster_id, c.is_origin.desc(), a.published, c.article_id)
    )
    out: dict[str, dict[str, Any]] = {}
    with store.connect() as conn:
        for row in conn.execute(q):
            d = dict(row._mapping)
            cl = out.setdefault(d.pop("cluster_id"), {"members": []})
            cl["members"].append(d)
    res = [
        {"cluster_id": cid, "size": len(v["members"]), **v}
        for cid, v in out.items()
        if len(v["members"]) >= min_size
    ]
    res.sort(key=lambda r: (-r["size"], r["cluster_id"]))
    return res[:limit]
