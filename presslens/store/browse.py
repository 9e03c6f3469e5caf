"""Read-side queries for browsing the corpus: article lists, actor and outlet profiles, stories.

What the web UI's pages show, as plain dicts.  User input is bound as parameters and every
free-text filter goes through :func:`~presslens.store.clean`; ids that are not found give
``None`` (the caller answers 404).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from presslens.store import schema as t
from presslens.store.cache import corpus_cached
from presslens.store.core import Store, clean
from presslens.store.queries import NON_ACTOR_TYPES, _filters, _top_speakers

UNKNOWN_OUTLET = "(unknown outlet)"
SORTS = ("newest", "oldest", "title")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def _outlet_filter(q: Any, outlet: str | None) -> Any:
    """``outlet`` is a name, or UNKNOWN_OUTLET for articles without one."""
    if outlet == UNKNOWN_OUTLET:
        return q.where(sa.or_(t.articles.c.outlet.is_(None), t.articles.c.outlet == ""))
    return q.where(t.articles.c.outlet == clean(outlet)) if outlet else q


def list_articles(
    store: Store,
    *,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    technique: str | None = None,
    has_quotes: bool | None = None,
    sort: str = "newest",
    page: int = 1,
    per_page: int = 25,
) -> dict[str, Any]:
    """One page of articles matching every filter given, and the total count."""
    a = t.articles.c
    filters = dict(outlet=outlet, language=language, since=since, until=until, entity=entity,
                   technique=technique, has_quotes=has_quotes)  # fmt: skip
    order = {
        "newest": (a.published.desc().nulls_last(), a.id),
        "oldest": (a.published.asc().nulls_last(), a.id),
        "title": (a.title.asc().nulls_last(), a.id),
    }[sort if sort in SORTS else "newest"]
    with store.connect() as conn:
        where = _list_filter(conn, sa.select(a.id), **filters)
        # the page's ids first (narrow rows), then counts for those ids only
        page_q = where.order_by(*order).limit(per_page).offset((max(1, page) - 1) * per_page)
        ids = list(conn.execute(page_q).scalars())
        rows = _list_rows(conn, ids)
    total = _list_total(store, **filters)
    return {"total": total, "page": max(1, page), "per_page": per_page, "articles": rows}


def _list_filter(conn: sa.Connection, q: Any, **f: Any) -> Any:
    a = t.articles.c
    q = _outlet_filter(q, f["outlet"])
    q = _filters(q, conn, None, f["since"], f["until"], f["entity"], f["technique"])
    if f["language"]:
        q = q.where(a.language == clean(f["language"]))
    if f["has_quotes"] is not None:
        with_quotes = a.id.in_(sa.select(t.quotes.c.article_id))
        q = q.where(with_quotes if f["has_quotes"] else ~with_quotes)
    return q


@corpus_cached
def _list_total(store: Store, **filters: Any) -> int:
    """How many articles match (cached per store generation: the same for every page)."""
    with store.connect() as conn:
        ids = _list_filter(conn, sa.select(t.articles.c.id), **filters).subquery()
        return int(conn.execute(sa.select(sa.func.count()).select_from(ids)).scalar() or 0)


def _list_rows(conn: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The listed columns for ``ids``, in that order, with quote and technique counts."""
    if not ids:
        return []
    a = t.articles.c
    q = sa.select(a.id, a.title, a.outlet, a.published, a.language, a.words, a.status).where(a.id.in_(ids))
    found = {r.id: {**r._mapping, "quotes": 0, "techniques": 0} for r in conn.execute(q)}
    for col, key in ((t.quotes.c.article_id, "quotes"), (t.techniques.c.article_id, "techniques")):
        counts = sa.select(col, sa.func.count()).where(col.in_(ids)).group_by(col)
        for aid, n in conn.execute(counts):
            found[aid][key] = int(n)
    return [found[aid] for aid in ids if aid in found]


@corpus_cached
def facets(store: Store) -> dict[str, list[str]]:
    """Values for the filter menus: outlets, languages, technique names."""
    a = t.articles.c
    with store.connect() as conn:
        outlets = list({o or UNKNOWN_OUTLET for o in conn.execute(sa.select(a.outlet).distinct()).scalars()})
        langs = [x for x in conn.execute(sa.select(a.language).distinct()).scalars() if x]
        techs = list(conn.execute(sa.select(t.techniques.c.technique).distinct()).scalars())
    return {"outlets": sorted(outlets), "languages": sorted(langs), "techniques": sorted(techs)}


@corpus_cached
def day_counts(
    store: Store, *, outlet: str | None = None, entity_id: str | None = None
) -> list[tuple[str, str, int]]:
    """(ISO day, outlet or UNKNOWN_OUTLET, n) for dated articles (or an actor's mentions)."""
    a = t.articles.c
    day = sa.func.substr(a.published, 1, 10)
    out = sa.func.coalesce(a.outlet, "")
    if entity_id:
        m = t.entity_mentions.c
        q = (
            sa.select(day, out, sa.func.sum(m.count))
            .select_from(t.entity_mentions.join(t.articles, a.id == m.article_id))
            .where(m.entity_id == entity_id)
        )
    else:
        q = sa.select(day, out, sa.func.count())
    q = _outlet_filter(q.where(a.published.is_not(None)), outlet).group_by(day, out)
    with store.connect() as conn:
        return [(d, o or UNKNOWN_OUTLET, int(n)) for d, o, n in conn.execute(q)]


# -- actors ------------------------------------------------------------------------------------


@corpus_cached
def actor(store: Store, entity_id: str, *, limit: int = 50) -> dict[str, Any] | None:
    """Everything the store knows about one actor (an ``entities`` row)."""
    e, m, a = t.entities.c, t.entity_mentions.c, t.articles.c
    with store.connect() as conn:
        row = conn.execute(sa.select(e.id, e.name, e.type, e.kb_id).where(e.id == entity_id)).first()
        if row is None:
            return None
        out = dict(row._mapping)
        out["aliases"] = sorted(
            conn.execute(
                sa.select(t.entity_aliases.c.alias).where(t.entity_aliases.c.entity_id == entity_id).limit(50)
            ).scalars()
        )
        outlet = sa.func.coalesce(a.outlet, "")
        n = sa.func.count(sa.distinct(a.id))
        out["outlets"] = [
            {"outlet": o or UNKNOWN_OUTLET, "articles": int(k), "mentions": int(s or 0)}
            for o, k, s in conn.execute(
                sa.select(outlet, n, sa.func.sum(m.count))
                .select_from(t.entity_mentions.join(t.articles, a.id == m.article_id))
                .where(m.entity_id == entity_id)
                .group_by(outlet)
                .order_by(n.desc(), outlet)
            )
        ]
        out["articles"] = sum(o["articles"] for o in out["outlets"])
        out["mentions"] = sum(o["mentions"] for o in out["outlets"])
        out["quotes_by"] = _quotes(conn, t.quotes.c.speaker_entity_id == entity_id, limit)
        out["quotes_about"] = _quotes_about(conn, entity_id, limit)
        out["relations"] = _relations(conn, entity_id, limit)
        out["cooccurring"] = cooccurring(conn, entity_id, 15)
    return out


def cooccurring(conn: sa.Connection, entity_id: str, limit: int) -> list[dict[str, Any]]:
    m1, m2, e = t.entity_mentions.alias("m1"), t.entity_mentions.alias("m2"), t.entities.c
    shared = sa.func.count(sa.distinct(m2.c.article_id)).label("articles")
    q = (
        sa.select(e.id, e.name, e.type, shared)
        .select_from(m1.join(m2, m1.c.article_id == m2.c.article_id).join(t.entities, e.id == m2.c.entity_id))
        .where(m1.c.entity_id == entity_id, m2.c.entity_id != entity_id, e.type.not_in(NON_ACTOR_TYPES))
        .group_by(e.id, e.name, e.type)
        .order_by(shared.desc(), e.name)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(q)]


def _quote_select() -> Any:
    a, qc = t.articles.c, t.quotes.c
    return sa.select(
        qc.article_id,
        qc.local_id,
        a.title,
        a.outlet,
        a.published,
        qc.speaker_entity_id,
        qc.speaker_name.label("speaker"),
        qc.kind,
        qc.cue_class,
        qc.content,
        qc.confidence,
        qc.record,
    ).join(t.articles, a.id == qc.article_id)


def _cue_span(record: str) -> tuple[int, int] | None:
    cue = json.loads(record).get("cue")
    if not cue:
        return None
    start, end = int(cue["start"]), int(cue["end"])
    return start, max(0, min(end - start, 200))


def _quote_dicts(conn: sa.Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with each quote's cue text, fetched for all rows in one round trip per 200."""
    out = [dict(row._mapping) for row in rows]
    spans = [(i, d["article_id"], _cue_span(d.pop("record"))) for i, d in enumerate(out)]
    wanted = [(i, aid, span) for i, aid, span in spans if span is not None]
    cues: dict[int, str] = {}
    a = t.articles.c
    for k in range(0, len(wanted), 200):
        parts = [
            sa.select(sa.literal(i).label("i"), sa.func.substr(a.text, start + 1, n).label("cue")).where(
                a.id == aid
            )
            for i, aid, (start, n) in wanted[k : k + 200]
        ]
        cues.update((int(i), cue) for i, cue in conn.execute(sa.union_all(*parts)))
    for i, d in enumerate(out):
        d["cue"] = cues.get(i)
    return out


def _quotes(conn: sa.Connection, cond: Any, limit: int) -> list[dict[str, Any]]:
    q = _quote_select().where(cond)
    q = q.order_by(t.articles.c.published.desc().nulls_last(), t.quotes.c.article_id, t.quotes.c.local_id)
    return _quote_dicts(conn, list(conn.execute(q.limit(limit))))


def _quotes_about(conn: sa.Connection, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """Quotes whose quoted content contains a mention of the actor (by offsets), not said by it."""
    m, qc = t.entity_mentions.c, t.quotes.c
    q = (
        _quote_select()
        .add_columns(m.spans)
        .join(t.entity_mentions, sa.and_(m.article_id == qc.article_id, m.entity_id == entity_id))
        .where(sa.or_(qc.speaker_entity_id.is_(None), qc.speaker_entity_id != entity_id))
        .order_by(t.articles.c.published.desc().nulls_last(), qc.article_id, qc.local_id)
        .limit(2000)
    )
    keep = []
    for row in conn.execute(q):
        spans = json.loads(row.spans)
        content = json.loads(row.record).get("content") or []
        if any(c["start"] <= s and e <= c["end"] for s, e in spans for c in content):
            keep.append(row)
        if len(keep) >= limit:
            break
    return [{k: v for k, v in d.items() if k != "spans"} for d in _quote_dicts(conn, keep)]


def _relations(conn: sa.Connection, entity_id: str, limit: int) -> list[dict[str, Any]]:
    r, a = t.relations.c, t.articles.c
    subj, obj = t.entities.alias("s"), t.entities.alias("o")
    evidence = sa.func.substr(a.text, r.evidence_start + 1, r.evidence_end - r.evidence_start)
    q = (
        sa.select(
            r.article_id,
            a.title,
            r.predicate,
            r.time,
            r.confidence,
            subj.c.id.label("subject_id"),
            subj.c.name.label("subject"),
            obj.c.id.label("object_id"),
            obj.c.name.label("object"),
            sa.func.substr(evidence, 1, 300).label("evidence"),
        )
        .select_from(
            t.relations.join(t.articles, a.id == r.article_id)
            .outerjoin(subj, subj.c.id == r.subject_entity_id)
            .outerjoin(obj, obj.c.id == r.object_entity_id)
        )
        .where(sa.or_(r.subject_entity_id == entity_id, r.object_entity_id == entity_id))
        .order_by(a.published.desc().nulls_last(), r.article_id, r.local_id)
        .limit(limit)
    )
    return [dict(row._mapping) for row in conn.execute(q)]


def quote_search(
    store: Store, *, speaker: str | None = None, contains: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Quotes with speaker, cue and content; by speaker name/alias and/or words in the content."""
    from presslens.store.queries import _entity_ids

    qc = t.quotes.c
    q = _quote_select()
    with store.connect() as conn:
        if speaker:
            low = (clean(speaker) or "").casefold()
            q = q.where(
                sa.or_(
                    qc.speaker_entity_id.in_(_entity_ids(conn, speaker)),
                    sa.func.lower(qc.speaker_name).contains(low, autoescape=True),
                )
            )
        if contains:
            q = q.where(
                sa.func.lower(qc.content).contains((clean(contains) or "").casefold(), autoescape=True)
            )
        q = q.order_by(t.articles.c.published.desc().nulls_last(), qc.article_id, qc.local_id).limit(limit)
        return _quote_dicts(conn, list(conn.execute(q)))


def actor_graph(store: Store, *, min_shared: int = 2, top: int = 80) -> dict[str, list[dict[str, Any]]]:
    """The ``top`` actors by articles and the pairs that share at least ``min_shared`` articles."""
    nodes, pairs = _actor_pairs(store, top)
    edges = [{"source": s, "target": d, "weight": k} for s, d, k in pairs if k >= max(1, min_shared)]
    return {"nodes": nodes, "edges": edges}


@corpus_cached
def _actor_pairs(store: Store, top: int) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """The ``top`` actors and every pair of them with the number of articles they share
    (cached per generation, whatever ``min_shared`` the graph's slider asks for)."""
    m, e = t.entity_mentions.c, t.entities.c
    n = sa.func.count(sa.distinct(m.article_id)).label("articles")
    q = (
        sa.select(e.id, e.name, e.type, n)
        .join(t.entities, e.id == m.entity_id)
        .where(e.type.not_in(NON_ACTOR_TYPES))
        .group_by(e.id, e.name, e.type)
        .order_by(n.desc(), e.id)
        .limit(top * 2)
    )
    m1, m2 = t.entity_mentions.alias("m1"), t.entity_mentions.alias("m2")
    with store.connect() as conn:
        nodes = [dict(r._mapping) for r in conn.execute(q) if _is_actor_name(r.name)][:top]
        ids = [x["id"] for x in nodes]
        shared = sa.func.count(sa.distinct(m1.c.article_id))
        pairs = (
            sa.select(m1.c.entity_id, m2.c.entity_id, shared)
            .select_from(m1.join(m2, m1.c.article_id == m2.c.article_id))
            .where(m1.c.entity_id.in_(ids), m2.c.entity_id.in_(ids), m1.c.entity_id < m2.c.entity_id)
            .group_by(m1.c.entity_id, m2.c.entity_id)
        )
        return nodes, [(s, d, int(k)) for s, d, k in conn.execute(pairs)]


def _is_actor_name(name: str) -> bool:
    """Leave out tagger junk: names with no letter, one character, or no capital at all."""
    letters = [c for c in name if c.isalpha()]
    return len(name.strip()) > 1 and bool(letters) and any(c.isupper() for c in letters)


# -- outlets -----------------------------------------------------------------------------------


@corpus_cached
def _article_technique_matrix(
    store: Store, outlet: str | None
) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """(article ids, words per article, technique names, counts [article x technique]) over the
    outlet's articles analysed without failure (all articles when ``outlet`` is empty).  Articles
    whose technique stage was skipped (a language the model cannot read) are left out: a rate is
    never computed from text no model read."""
    a, tq = t.articles.c, t.techniques.c
    # status is checked here, not in SQL: a status filter makes SQLite read the wide article rows
    arts_q = _outlet_filter(sa.select(a.id, a.words, a.status, a.skipped), outlet)
    found_q = sa.select(tq.article_id, tq.technique, sa.func.count()).group_by(tq.article_id, tq.technique)
    if outlet:
        found_q = _outlet_filter(found_q.join(t.articles, a.id == tq.article_id), outlet)
    with store.connect() as conn:
        arts = sorted(
            (aid, words or 0)
            for aid, words, status, skipped in conn.execute(arts_q)
            if status == "ok" and not skipped
        )
        found = [(aid, tech, int(k)) for aid, tech, k in conn.execute(found_q)]
    return _matrix(arts, found)


def _matrix(
    arts: list[tuple[str, int]], found: list[tuple[str, str, int]]
) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    ids = [aid for aid, _ in arts]
    words = np.array([w for _, w in arts], dtype=float)
    pos = {aid: i for i, aid in enumerate(ids)}
    names = sorted({tech for _, tech, _ in found})
    col = {name: j for j, name in enumerate(names)}
    counts = np.zeros((len(ids), len(names)))
    for aid, tech, k in found:
        if aid in pos:  # else written between the two reads
            counts[pos[aid], col[tech]] = k
    return ids, words, names, counts


def bootstrap_rates(
    words: np.ndarray, counts: np.ndarray, *, n_boot: int = 400, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column of ``counts``: rate per 1,000 words and a 95% bootstrap interval over articles
    (articles resampled with replacement; the rate is a ratio of sums, as for the point value)."""
    total = words.sum()
    if len(words) == 0 or total <= 0:
        zero = np.zeros(counts.shape[1])
        return zero, zero, zero
    rate = 1000 * counts.sum(axis=0) / total
    rng = np.random.default_rng(seed)
    both = np.column_stack([words, counts])
    sums = np.vstack([_resample_sums(rng, both, k) for k in _chunks(n_boot, max(1, 2_000_000 // len(words)))])
    boot_words = sums[:, 0]
    boot = 1000 * sums[:, 1:] / np.where(boot_words > 0, boot_words, 1)[:, None]
    lo, hi = np.percentile(boot, [2.5, 97.5], axis=0)
    return rate, lo, hi


def _chunks(total: int, size: int) -> list[int]:
    return [min(size, total - i) for i in range(0, total, size)]


def _resample_sums(rng: np.random.Generator, rows: np.ndarray, k: int) -> np.ndarray:
    """Column sums of ``k`` resamples of ``rows`` (n rows drawn uniformly with replacement): each
    resample is a count vector (how often each row was drawn), so the sums are one matrix product."""
    n = len(rows)
    picks = rng.integers(0, n, size=(k, n)) + (np.arange(k) * n)[:, None]
    weights = np.bincount(picks.ravel(), minlength=k * n).reshape(k, n)
    return weights.astype(float) @ rows


@corpus_cached
def technique_rates(store: Store, outlet: str | None) -> dict[str, Any]:
    """All techniques together and each technique: rate per 1,000 words with a 95% interval.

    Cached per store generation; the bootstrap itself is a pure function of the outlet's
    (words, counts) arrays, so it is also kept by their digest: an ingest that does not touch an
    outlet does not redo that outlet's bootstrap."""
    ids, words, names, counts = _article_technique_matrix(store, outlet)
    both = np.column_stack([counts.sum(axis=1), counts]) if len(ids) else np.zeros((0, len(names) + 1))
    digest = hashlib.blake2b(words.tobytes() + both.tobytes() + repr(both.shape).encode()).hexdigest()
    rate, lo, hi = store.cache.get(("bootstrap_rates", digest), 0, lambda: bootstrap_rates(words, both))
    rows = [
        {"technique": name, "rate": round(float(r), 3), "low": round(float(a), 3), "high": round(float(b), 3)}
        for name, r, a, b in zip(["(all techniques)", *names], rate, lo, hi, strict=True)
    ]
    return {"articles": len(ids), "words": int(words.sum()), "all": rows[0], "techniques": rows[1:]}


@corpus_cached
def outlet_profile(store: Store, outlet: str) -> dict[str, Any] | None:
    """One outlet (or UNKNOWN_OUTLET): counts, languages, quotes, speakers, technique rates."""
    a, qc = t.articles.c, t.quotes.c
    with store.connect() as conn:
        n = conn.execute(_outlet_filter(sa.select(sa.func.count()).select_from(t.articles), outlet)).scalar()
        if not n:
            return None
        langs = conn.execute(
            _outlet_filter(sa.select(a.language, sa.func.count()), outlet).group_by(a.language)
        ).all()
        named = sa.func.sum(sa.case((qc.speaker_entity_id.is_not(None), 1), else_=0))
        quotes, with_speaker = conn.execute(
            _outlet_filter(sa.select(sa.func.count(), named).join(t.articles, a.id == qc.article_id), outlet)
        ).one()
        raw = "" if outlet == UNKNOWN_OUTLET else (clean(outlet) or "")
        speakers = _top_speakers(conn, raw, 10)
    return {
        "outlet": outlet,
        "articles": int(n),
        "languages": sorted(((lang or "?", int(k)) for lang, k in langs), key=lambda x: -x[1]),
        "quotes": int(quotes or 0),
        "named_share": round(int(with_speaker or 0) / quotes, 3) if quotes else None,
        "top_speakers": speakers,
        "rates": technique_rates(store, outlet),
    }


@corpus_cached
def outlet_comparison(store: Store, *, technique: str | None = None) -> list[dict[str, Any]]:
    """Every outlet's rate (all techniques, or one) with its interval, highest lower bound first."""
    out = []
    for name in facets(store)["outlets"]:
        rates = technique_rates(store, name)
        row = rates["all"]
        if technique:
            row = next((r for r in rates["techniques"] if r["technique"] == technique), None) or {
                "technique": technique, "rate": 0.0, "low": 0.0, "high": 0.0,
            }  # fmt: skip
        out.append({"outlet": name, "articles": rates["articles"], "words": rates["words"], **row})
    out.sort(key=lambda r: (-r["low"], -r["rate"], r["outlet"]))
    return out


# -- stories across outlets ---------------------------------------------------------------------


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
        except ValueError:
            return None
    return when.replace(tzinfo=None)


def lag_text(origin: str | None, copy: str | None) -> str:
    """'+2 h 5 min' style lag of a copy after its origin ('' when a date is missing)."""
    a, b = _when(origin), _when(copy)
    if a is None or b is None:
        return ""
    minutes = int((b - a).total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "−"), abs(minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{mins} min" if mins else ""]
    return sign + (" ".join(p for p in parts if p) or "0 min")


@corpus_cached
def stories(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    """Syndication clusters, origin first, each member with its time lag after the origin."""
    from presslens.store.queries import clusters

    out = []
    for cl in clusters(store, limit=limit):
        origin = cl["members"][0]
        members = [
            {**m, "lag": "" if m is origin else lag_text(origin["published"], m["published"])}
            for m in cl["members"]
        ]
        out.append({**cl, "members": members})
    return out


def story(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """One cluster with every member's text, for the side-by-side diff."""
    c, a = t.clusters.c, t.articles.c
    q = (
        sa.select(c.article_id, c.is_origin, c.similarity, a.outlet, a.title, a.published, a.text)
        .join(t.articles, a.id == c.article_id)
        .where(c.cluster_id == cluster_id)
        .order_by(c.is_origin.desc(), a.published, c.article_id)
    )
    with store.connect() as conn:
        members = [dict(r._mapping) for r in conn.execute(q)]
    if not members:
        return None
    for member in members:
        member["lag"] = "" if member is members[0] else lag_text(members[0]["published"], member["published"])
    return {"cluster_id": cluster_id, "members": members}


def sentence_diff(origin: str, copy: str) -> list[tuple[str, str, str]]:
    """Rows (tag, origin sentence, copy sentence), tag in same | cut | added | changed."""
    left = [s for s in _SENTENCE.split(origin) if s.strip()]
    right = [s for s in _SENTENCE.split(copy) if s.strip()]
    rows: list[tuple[str, str, str]] = []
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [("same", s, s) for s in left[i1:i2]]
        elif op == "delete":
            rows += [("cut", s, "") for s in left[i1:i2]]
        elif op == "insert":
            rows += [("added", "", s) for s in right[j1:j2]]
        else:
            a, b = left[i1:i2], right[j1:j2]
            for k in range(max(len(a), len(b))):
                x, y = (a[k] if k < len(a) else ""), (b[k] if k < len(b) else "")
                rows.append(("changed" if x and y else ("cut" if x else "added"), x, y))
    return rows


def diff_summary(rows: list[tuple[str, str, str]]) -> dict[str, int]:
    return dict(Counter(tag for tag, _, _ in rows))


def group_by_outlet(rows: list[tuple[str, str, int]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for _, outlet, n in rows:
        out[outlet] += n
    return dict(out)
