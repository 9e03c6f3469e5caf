"""View models for the web UI: plain dicts built from records and store queries."""

from __future__ import annotations

from typing import Any

from presslens.http.graphics import graph_svg, highlight_html, interval_svg, timeline_svg
from presslens.model import Article
from presslens.store.core import entity_corpus_id, entity_key

TECHNIQUE_CLASS = "tech"


def actor_id(ent: Any) -> str:
    """The corpus id (``/actor/<id>``) of an entity of a record."""
    return entity_corpus_id(entity_key(ent.name, ent.type, ent.kb_id))


def _claims(article: Article, names: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for q in article.quotes:
        ent = names.get(q.speaker or "")
        out.append(
            {
                "anchor": f"quote-{q.id}",
                "kind": q.kind,
                "cue_class": q.cue_class,
                "speaker": ent.name if ent else None,
                "speaker_id": actor_id(ent) if ent else None,
                "source": q.source.of(article.text) if q.source and not ent else None,
                "via": [names[v].name for v in q.via if v in names],
                "cue": q.cue.of(article.text) if q.cue else None,
                "content": " … ".join(c.of(article.text) for c in q.content),
                "confidence": q.confidence,
            }
        )
    return out


def article_view(article: Article) -> dict[str, Any]:
    names = {ent.id: ent for ent in article.entities}
    spans: list[tuple[int, int, str, str]] = []
    anchors: dict[int, list[str]] = {}
    for ent in article.entities:
        for m in ent.mentions:
            spans.append((m.start, m.end, f"ent ent-{ent.type}", f"{ent.type}: {ent.name}"))
    for q in article.quotes:
        who = names[q.speaker].name if q.speaker in names else "unattributed"
        for c in q.content:
            spans.append((c.start, c.end, "quote", f"quote ({q.kind}) by {who}"))
        if q.cue:
            spans.append((q.cue.start, q.cue.end, "cue", "cue"))
        first = min([s.start for s in q.content] + ([q.cue.start] if q.cue else []), default=0)
        anchors.setdefault(first, []).append(f"quote-{q.id}")
    for tech in article.techniques:
        spans.append((tech.start, tech.end, TECHNIQUE_CLASS, f"{tech.technique} ({tech.confidence:.2f})"))
    nodes = [(e.id, e.name, e.type) for e in article.entities if e.type not in ("DATE", "TIME")]
    edges = [(r.subject, r.object, r.predicate) for r in article.relations]
    linked = {n for r in article.relations for n in (r.subject, r.object)}
    graph_nodes = [n for n in nodes if n[0] in linked] or nodes[:20]
    return {
        "article": article,
        "body": highlight_html(article.text, spans, anchors),
        "graph": graph_svg(graph_nodes, edges),
        "names": {k: v.name for k, v in names.items()},
        "actor_ids": {k: actor_id(v) for k, v in names.items()},
        "claims": _claims(article, names),
        "techniques": sorted(article.techniques, key=lambda t: t.start),
    }


def home_view(store: Any, query: str | None) -> dict[str, Any]:
    from presslens.errors import QueryError
    from presslens.store import browse, entities, search, stats

    results, error = [], None
    if query:
        try:
            results = search(store, query, limit=50)
        except QueryError as e:
            error = friendly_search_error(query, e)
    return {
        "query": query or "",
        "results": results,
        "search_error": error,
        "recent": browse.list_articles(store, per_page=15),
        "stats": stats(store),
        "actors": entities(store, limit=20, cooccur=0),
        "timeline": timeline_svg(browse.day_counts(store)),
    }


def friendly_search_error(query: str, err: Exception) -> str:
    if "no searchable words" in str(err):
        return "Your search has no words to look for. Type one or more words; put a phrase in double quotes."
    return "That search could not be run. Type plain words; put a phrase in double quotes."


def outlet_view(profile: dict[str, Any], days: list[tuple[str, str, int]], bucket: str) -> dict[str, Any]:
    rates = profile["rates"]
    rows = [{"label": r["technique"], **r} for r in [rates["all"], *rates["techniques"]]]
    return {**profile, "timeline": timeline_svg(days, bucket), "intervals": interval_svg(rows)}


def comparison_view(rows: list[dict[str, Any]]) -> str:
    return interval_svg([{"label": f"{r['outlet']} (n={r['articles']})", **r} for r in rows])
