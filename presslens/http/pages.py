"""The browsing pages of the web UI and the JSON endpoints behind them.

Every string parameter has a length limit and bad input is a 4xx with a message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from presslens.errors import QueryError
from presslens.http.errors import ERRORS
from presslens.http.graphics import timeline_svg
from presslens.http.views import comparison_view, outlet_view
from presslens.store import browse

SHORT = 200  # names, outlets, techniques, dates, ids
Text = Annotated[str | None, Query(max_length=SHORT)]
Id = Annotated[str, Path(max_length=100)]
Bucket = Annotated[str, Query(pattern="^(auto|day|week|month)$")]


def _list_args(
    outlet: Text = None, language: Text = None, since: Text = None, until: Text = None, entity: Text = None,
    technique: Text = None, has_quotes: bool | None = None, sort: Annotated[str, Query(pattern="^(newest|oldest|title)$")] = "newest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 25,
) -> dict[str, Any]:  # fmt: skip
    return dict(outlet=outlet, language=language, since=since, until=until, entity=entity,
                technique=technique, has_quotes=has_quotes, sort=sort, page=page, per_page=per_page)  # fmt: skip


def _run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except QueryError as e:
        raise HTTPException(400, str(e)) from e


def build_router(templates: Jinja2Templates, store: Callable[[], Any]) -> APIRouter:
    router = APIRouter()

    def render(request: Request, name: str, ctx: dict[str, Any]) -> Any:
        return templates.TemplateResponse(request, name, ctx)

    # -- JSON --------------------------------------------------------------------------------
    @router.get("/api/articles", tags=["browse"], responses=ERRORS)
    def api_articles(
        outlet: Text = None, language: Text = None, since: Text = None, until: Text = None,
        entity: Text = None, technique: Text = None, has_quotes: bool | None = None,
        sort: Annotated[str, Query(pattern="^(newest|oldest|title)$")] = "newest",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 25,
    ) -> dict[str, Any]:  # fmt: skip
        args = _list_args(outlet, language, since, until, entity, technique, has_quotes, sort, page, per_page)
        return _run(browse.list_articles, store(), **args)

    @router.get("/api/graph", tags=["browse"], responses=ERRORS)
    def api_graph(
        min_shared: Annotated[int, Query(ge=1, le=1000)] = 2, top: Annotated[int, Query(ge=1, le=300)] = 80
    ) -> dict[str, list[dict[str, Any]]]:
        return browse.actor_graph(store(), min_shared=min_shared, top=top)

    @router.get("/api/actors/{entity_id}", tags=["browse"], responses=ERRORS)
    def api_actor(entity_id: Id) -> dict[str, Any]:
        found = browse.actor(store(), entity_id)
        if found is None:
            raise HTTPException(404, f"no actor {entity_id!r}")
        return found

    @router.get("/api/outlets", tags=["browse"], responses=ERRORS)
    def api_outlets(technique: Text = None) -> list[dict[str, Any]]:
        return browse.outlet_comparison(store(), technique=technique)

    # -- pages -------------------------------------------------------------------------------
    @router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(
        request: Request, outlet: Text = None, language: Text = None, since: Text = None, until: Text = None,
        entity: Text = None, technique: Text = None, has_quotes: Annotated[str, Query(max_length=5)] = "",
        sort: Annotated[str, Query(pattern="^(newest|oldest|title)$")] = "newest",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 25,
    ) -> Any:  # fmt: skip
        quotes_flag = {"yes": True, "no": False}.get(has_quotes)
        args = _list_args(
            outlet, language, since, until, entity, technique, quotes_flag, sort, page, per_page
        )
        listing = _run(browse.list_articles, store(), **args)
        kept = {
            k: v for k, v in {**args, "has_quotes": has_quotes}.items() if v not in (None, "") and k != "page"
        }
        last = max(1, -(-listing["total"] // per_page))
        nav = {
            "prev": f"/articles?{urlencode({**kept, 'page': page - 1})}" if page > 1 else None,
            "next": f"/articles?{urlencode({**kept, 'page': page + 1})}" if page < last else None,
            "last": last,
        }
        ctx = {
            "listing": listing,
            "filters": {**args, "has_quotes": has_quotes},
            "facets": browse.facets(store()),
            "nav": nav,
        }
        return render(request, "articles.html", ctx)

    @router.get("/actor/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, entity_id: Id, bucket: Bucket = "auto") -> Any:
        found = browse.actor(store(), entity_id)
        if found is None:
            raise HTTPException(404, f"no actor {entity_id!r}")
        days = browse.day_counts(store(), entity_id=entity_id)
        return render(
            request, "actor.html", {"actor": found, "timeline": timeline_svg(days, bucket), "bucket": bucket}
        )

    @router.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, min_shared: Annotated[int, Query(ge=1, le=1000)] = 2) -> Any:
        return render(request, "graph.html", {"min_shared": min_shared})

    @router.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request, technique: Text = None) -> Any:
        rows = browse.outlet_comparison(store(), technique=technique)
        ctx = {"rows": rows, "chart": comparison_view(rows), "technique": technique or "",
               "facets": browse.facets(store())}  # fmt: skip
        return render(request, "outlets.html", ctx)

    @router.get("/outlet", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(
        request: Request, name: Annotated[str, Query(max_length=SHORT)], bucket: Bucket = "auto"
    ) -> Any:
        profile = browse.outlet_profile(store(), name)
        if profile is None:
            raise HTTPException(404, f"no outlet {name!r}")
        days = browse.day_counts(store(), outlet=name)
        return render(request, "outlet.html", {**outlet_view(profile, days, bucket), "bucket": bucket})

    @router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request) -> Any:
        return render(request, "stories.html", {"stories": browse.stories(store())})

    @router.get("/story/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, cluster_id: Id, copy: Text = None) -> Any:
        found = browse.story(store(), cluster_id)
        if found is None:
            raise HTTPException(404, f"no story {cluster_id!r}")
        members = found["members"]
        chosen = next(
            (m for m in members[1:] if m["article_id"] == copy), members[1] if len(members) > 1 else None
        )
        rows = browse.sentence_diff(members[0]["text"], chosen["text"]) if chosen else []
        ctx = {"story": found, "copy": chosen, "rows": rows, "summary": browse.diff_summary(rows)}
        return render(request, "story.html", ctx)

    @router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: Text = None, contains: Text = None) -> Any:
        rows = browse.quote_search(store(), speaker=speaker, contains=contains, limit=100)
        return render(
            request, "quotes.html", {"quotes": rows, "speaker": speaker or "", "contains": contains or ""}
        )

    return router
