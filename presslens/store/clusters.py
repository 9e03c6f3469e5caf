"""Incremental near-duplicate clustering inside the store's transaction.

An article's MinHash signature and LSH band keys are persisted; a new article looks up articles
sharing a band key (an indexed SQL lookup), keeps those whose estimated Jaccard similarity
reaches ``dedup.THRESHOLD`` and joins (or merges) their clusters.  The origin of a cluster is
its earliest-published member; every member carries its similarity and diff stats vs the origin.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from presslens.corpus import dedup
from presslens.store.schema import articles, clusters, dedup_bands, dedup_signatures
from presslens.store.sql import insert_rows

_CHUNK = 500


def add(conn: sa.Connection, article_id: str, sig_bytes: bytes) -> None:
    sig = dedup.from_bytes(sig_bytes)
    keys = dedup.band_keys(sig)
    conn.execute(dedup_signatures.insert(), [{"article_id": article_id, "signature": sig_bytes}])
    insert_rows(
        conn, dedup_bands, [{"article_id": article_id, "band": i, "key": k} for i, k in enumerate(keys)]
    )
    matches = _matches(conn, article_id, sig, keys)
    if not matches:
        return
    found = dict(
        conn.execute(
            sa.select(clusters.c.article_id, clusters.c.cluster_id).where(clusters.c.article_id.in_(matches))
        ).all()
    )
    cluster_ids = sorted(set(found.values()))
    members = set(matches) | {article_id}
    for cid in cluster_ids:
        members |= set(
            conn.execute(sa.select(clusters.c.article_id).where(clusters.c.cluster_id == cid)).scalars()
        )
    # The id depends on the members only, so concurrent or reordered ingests end the same.
    target = "C" + min(members)
    if cluster_ids == [target] and _origin_stays(conn, target, members):
        _write(conn, target, sorted(members - set(found) - _in_cluster(conn, target)), keep_origin=True)
        return
    conn.execute(clusters.delete().where(clusters.c.cluster_id.in_(cluster_ids)))
    _write(conn, target, sorted(members), keep_origin=False)


def remove(conn: sa.Connection, article_id: str) -> None:
    """Take an article out of the dedup index (its content changed or it was superseded)."""
    cid = conn.execute(sa.select(clusters.c.cluster_id).where(clusters.c.article_id == article_id)).scalar()
    for table in (clusters, dedup_bands, dedup_signatures):
        conn.execute(table.delete().where(table.c.article_id == article_id))
    if cid is None:
        return
    rest = sorted(
        conn.execute(sa.select(clusters.c.article_id).where(clusters.c.cluster_id == cid)).scalars()
    )
    conn.execute(clusters.delete().where(clusters.c.cluster_id == cid))
    if len(rest) >= 2:
        _write(conn, "C" + min(rest), rest, keep_origin=False)


def _matches(conn: sa.Connection, article_id: str, sig, keys: list[int]) -> list[str]:
    cands = sorted(
        set(conn.execute(sa.select(dedup_bands.c.article_id).where(dedup_bands.c.key.in_(keys))).scalars())
        - {article_id}
    )
    out = []
    for chunk in _chunks(cands):
        rows = conn.execute(
            sa.select(dedup_signatures.c.article_id, dedup_signatures.c.signature).where(
                dedup_signatures.c.article_id.in_(chunk)
            )
        )
        out += [aid for aid, blob in rows if dedup.similarity(sig, dedup.from_bytes(blob)) >= dedup.THRESHOLD]
    return sorted(out)


def _in_cluster(conn: sa.Connection, cid: str) -> set[str]:
    return set(conn.execute(sa.select(clusters.c.article_id).where(clusters.c.cluster_id == cid)).scalars())


def _origin_key(published: str | None, aid: str) -> tuple[bool, str, str]:
    return (published is None, published or "", aid)


def _published(conn: sa.Connection, ids: Iterable[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for chunk in _chunks(sorted(ids)):
        q = sa.select(articles.c.id, articles.c.published).where(articles.c.id.in_(chunk))
        out.update((aid, pub) for aid, pub in conn.execute(q))
    return out


def _origin(published: dict[str, str | None]) -> str:
    return min(published, key=lambda aid: _origin_key(published[aid], aid))


def _origin_stays(conn: sa.Connection, cid: str, members: set[str]) -> bool:
    current = conn.execute(
        sa.select(clusters.c.origin_id).where(clusters.c.cluster_id == cid).limit(1)
    ).scalar()
    return current is not None and _origin(_published(conn, members)) == current


def _write(conn: sa.Connection, cid: str, ids: list[str], keep_origin: bool) -> None:
    if not ids:
        return
    if keep_origin:
        origin = conn.execute(
            sa.select(clusters.c.origin_id).where(clusters.c.cluster_id == cid).limit(1)
        ).scalar()
    else:
        origin = _origin(_published(conn, ids))
    need = sorted(set(ids) | {origin})
    texts = {
        aid: text
        for aid, text in conn.execute(
            sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(need))
        )
    }
    sigs = {
        aid: dedup.from_bytes(blob)
        for aid, blob in conn.execute(
            sa.select(dedup_signatures.c.article_id, dedup_signatures.c.signature).where(
                dedup_signatures.c.article_id.in_(need)
            )
        )
    }
    rows = []
    for aid in ids:
        stats = dedup.diff_stats(texts[origin], texts[aid])
        rows.append(
            {
                "article_id": aid,
                "cluster_id": cid,
                "origin_id": origin,
                "is_origin": aid == origin,
                "similarity": 1.0 if aid == origin else dedup.similarity(sigs[aid], sigs[origin]),
                "chars_added": stats.chars_added,
                "chars_cut": stats.chars_cut,
                "sentences_added": stats.sentences_added,
                "sentences_cut": stats.sentences_cut,
            }
        )
    insert_rows(conn, clusters, rows)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
