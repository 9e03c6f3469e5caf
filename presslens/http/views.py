"""View models for the web UI: plain dicts built from records and store queries."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from presslens.http.graphics import graph_svg, highlight_html, timeline_svg
from presslens.model import Article

TECHNIQUE_CLASS = "tech"


def article_view(article: Article) -> dict[str, Any]:
    names = {ent.id: ent for ent in article.entities}
    spans: list[tuple[int, int, str, str]] = []
    for ent in article.entities:
        for m in ent.mentions:
            spans.append((m.start, m.end, f"ent ent-{ent.type}", f"{ent.type}: {ent.name}"))
    for q in article.quotes:
        who = names[q.speaker].name if q.speaker in names else "?"
        for c in q.content:
            spans.append((c.start, c.end, "quote", f"quote ({q.kind}) by {who}"))
        if q.cue:
            spans.append((q.cue.start, q.cue.end, "cue", "cue"))
    for tech in article.techniques:
        spans.append((tech.start, tech.end, TECHNIQUE_CLASS, f"{tech.technique} ({tech.confidence:.2f})"))
    nodes = [(e.id, e.name, e.type) for e in article.entities if e.type not in ("DATE", "TIME")]
    edges = [(r.subject, r.object, r.predicate) for r in article.relations]
    linked = {n for r in article.relations for n in (r.subject, r.object)}
    graph_nodes = [n for n in nodes if n[0] in linked] or nodes[:20]
    return {
        "article": article,
        "body": highlight_html(article.text, spans),
        "graph": graph_svg(graph_nodes, edges),
        "names": {k: v.name for k, v in names.items()},
        "techniques": sorted(article.techniques, key=lambda t: t.start),
    }


def home_view(store: Any, query: str | None) -> dict[str, Any]:
    from presslens.store import entities, search, stats
    from presslens.store import schema as t

    with store.connect() as conn:
        rows = conn.execute(
            sa.select(sa.func.substr(t.articles.c.published, 1, 10), t.articles.c.outlet).where(
                t.articles.c.published.is_not(None)
            )
        ).all()
    actors = entities(store, limit=25, cooccur=6)
    ids = {a["name"]: f"n{i}" for i, a in enumerate(actors)}
    edges = [
        (ids[a["name"]], ids[c["name"]], "") for a in actors for c in a["cooccurring"] if c["name"] in ids
    ]
    return {
        "query": query or "",
        "results": search(store, query, limit=50) if query else [],
        "stats": stats(store),
        "actors": actors,
        "timeline": timeline_svg([(d, o or "?") for d, o in rows]),
        "graph": graph_svg([(ids[a["name"]], a["name"], a["type"]) for a in actors], edges),
    }
