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
from presslens.store.cache import corpus_cached
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
    # IN (sub-select over an indexed column), not a correlated EXISTS: the store looks up the few
    # matching articles instead of probing every article
    if entity:
        m = t.entity_mentions.c
        q = q.where(a.id.in_(sa.select(m.article_id).where(m.entity_id.in_(_entity_ids(conn, entity)))))
    if technique:
        tq = t.techniques.c
        q = q.where(a.id.in_(sa.select(tq.article_id).where(tq.technique == clean(technique))))
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
        try:
            if store.dialect == "sqlite":
                return _search_fts5(conn, cols, query, (outlet, since, until, entity, technique), limit)
            if not _WORD.search(clean(query) or ""):
                raise QueryError(f"search query {query!r} has no searchable words")
            tsq = sa.func.websearch_to_tsquery("english", clean(query))
            tsv = sa.literal_column("articles.tsv")
            # PostgreSQL computes an expensive select-list expression (ts_headline) after the LIMIT
            snippet = sa.func.ts_headline(
                "english", sa.func.left(a.text, 20000), tsq, "StartSel=[, StopSel=], MaxWords=24, MinWords=8"
            )
            q = (
                sa.select(*cols, snippet.label("snippet"))
                .where(tsv.op("@@")(tsq))
                .order_by(sa.func.ts_rank(tsv, tsq).desc(), a.id)
            )
            q = _filters(q, conn, outlet, since, until, entity, technique).limit(limit)
            return [dict(row._mapping) for row in conn.execute(q)]
        except sa.exc.SQLAlchemyError as e:
            raise QueryError(
                f"search failed: {e.__class__.__name__}: {e.orig if hasattr(e, 'orig') else e}"
            ) from e


def _search_fts5(
    conn: sa.Connection, cols: list[Any], query: str, filters: tuple[Any, ...], limit: int
) -> list[dict[str, Any]]:
    """Best matches first; snippets only for the rows returned (SQLite would make one per match)."""
    a = t.articles.c
    fts = sa.table("articles_fts", sa.column("article_id"), sa.column("rank"), sa.column("rowid"))
    match = fts5_query(query)
    q = (
        sa.select(*cols, fts.c.rowid.label("fts_row"))
        .select_from(t.articles.join(fts, fts.c.article_id == a.id))
        .where(sa.text("articles_fts MATCH :match").bindparams(match=match))
        .order_by(fts.c.rank, a.id)
    )
    rows = [dict(row._mapping) for row in conn.execute(_filters(q, conn, *filters).limit(limit))]
    if rows:
        snip = sa.text(
            "SELECT rowid, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
            "WHERE articles_fts MATCH :match AND rowid IN :rows"
        ).bindparams(sa.bindparam("rows", expanding=True))
        found = dict(conn.execute(snip, {"match": match, "rows": [r["fts_row"] for r in rows]}).all())
        for row in rows:
            row["snippet"] = found.get(row.pop("fts_row"))
    return rows


@corpus_cached
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


def quotes(
    store: Store, *, speaker: str | None = None, cue_class: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Quotes, optionally by a speaker (matched on the actor's name or aliases, else a substring)
    and of one cue class ("speech", "thought", "evidence", "stance", "action"; quotes stored
    before the class existed have none and match no class)."""
    a, qc = t.articles.c, t.quotes.c
    q = (
        sa.select(
            qc.article_id,
            a.title,
            a.outlet,
            a.published,
            qc.speaker_name.label("speaker"),
            qc.kind,
            qc.cue_class,
            qc.content,
            qc.confidence,
        )
        .join(t.articles, a.id == qc.article_id)
        .order_by(a.published, qc.article_id, qc.local_id)
        .limit(limit)
    )
    if cue_class:
        q = q.where(qc.cue_class == cue_class)
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


@corpus_cached
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
            sa.func.sum(a.skipped).label("skipped"),
            sa.func.sum(a.words).label("words"),
            sa.func.sum(sa.func.coalesce(tech_count.c.n, 0)).label("techniques"),
        )
        .select_from(t.articles.outerjoin(tech_count, tech_count.c.article_id == a.id))
        .group_by(outlet)
        .order_by(sa.func.count().desc(), outlet)
    )
    with store.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        speakers = _top_speakers_by_outlet(conn, top_speakers)
    for row in rows:
        words, n = int(row["words"] or 0), int(row["techniques"] or 0)
        row.update(
            words=words, techniques=n, failed=int(row["failed"] or 0), skipped=int(row["skipped"] or 0)
        )
        row["techniques_per_1k_words"] = round(1000 * n / words, 2) if words else 0.0
        row["top_speakers"] = speakers.get(row["outlet"], [])
        row["outlet"] = row["outlet"] or None
    return rows


def _top_speakers_by_outlet(conn: sa.Connection, limit: int) -> dict[str, list[dict[str, Any]]]:
    """Outlet ("" for none) -> its ``limit`` most quoted speaker names: one grouped query."""
    a, qc = t.articles.c, t.quotes.c
    outlet = sa.func.coalesce(a.outlet, "")
    q = (
        sa.select(outlet, qc.speaker_name, sa.func.count())
        .join(t.articles, a.id == qc.article_id)
        .where(qc.speaker_name.is_not(None))
        .group_by(outlet, qc.speaker_name)
    )
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, speaker, k in conn.execute(q):
        groups.setdefault(name, []).append((speaker, int(k)))
    return {
        name: [{"name": s, "quotes": k} for s, k in sorted(found, key=lambda x: (-x[1], x[0]))[:limit]]
        for name, found in groups.items()
    }


def _top_speakers(conn: sa.Connection, outlet: str, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` most quoted speaker names of one outlet ("" for articles without one)."""
    a, qc = t.articles.c, t.quotes.c
    n = sa.func.count().label("quotes")
    of_outlet = a.outlet == outlet if outlet else sa.or_(a.outlet.is_(None), a.outlet == "")
    q = (
        sa.select(qc.speaker_name, n)
        .join(t.articles, a.id == qc.article_id)
        .where(of_outlet, qc.speaker_name.is_not(None))
        .group_by(qc.speaker_name)
        .order_by(n.desc(), qc.speaker_name)
        .limit(limit)
    )
    return [{"name": name, "quotes": k} for name, k in conn.execute(q)]


@corpus_cached
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
