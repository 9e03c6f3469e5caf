"""FastAPI app: JSON endpoints (OpenAPI at ``/docs``) and a small server-rendered web UI.

Every endpoint calls one library function: :mod:`presslens.api` to analyse, :mod:`presslens.store`
to query.  ``presslens serve --db URL`` runs it with uvicorn.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, model_validator

from presslens.errors import PresslensError, QueryError
from presslens.http import limits
from presslens.http.errors import ERRORS, FORM_ERRORS, PAGE_ERRORS, WRITE_ERRORS
from presslens.http.pages import SHORT, build_router
from presslens.http.security import add_docs, add_error_pages, add_security, check_token
from presslens.http.views import article_view, home_view
from presslens.model import Article
from presslens.model.records import CUE_CLASS_NAMES
from presslens.settings import Settings

CUE_CLASS_PATTERN = f"^({'|'.join(CUE_CLASS_NAMES)})$"

WEB = FsPath(__file__).resolve().parents[1] / "web"
MAX_BODY = 5_000_000


class AnalyzeRequest(BaseModel):
    """Untrusted input: one page (``html``) or one text, with an optional URL."""

    html: str | None = Field(None, max_length=MAX_BODY)
    text: str | None = Field(None, max_length=MAX_BODY)
    url: str | None = Field(None, max_length=2000)
    only: list[str] | None = Field(None, max_length=50)
    min_confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="Keep technique spans at or above this calibrated confidence"
    )

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        if (self.html is None) == (self.text is None):
            raise ValueError("give exactly one of 'html' or 'text'")
        return self


def create_app(db: str | None = None, settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """``token``: when set, ``/api/analyze`` and the analyse form require it (see ``serve --token``)."""
    settings = settings or Settings.from_env(db=db)
    app = FastAPI(
        title="presslens", version=_version(), description="News pages, read like an analyst.",
        docs_url=None, redoc_url=None,
    )  # fmt: skip
    limits.install(app, settings.max_request_bytes)
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    add_security(app)
    add_docs(app)
    add_error_pages(app, templates)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    @lru_cache(maxsize=1)
    def store() -> Any:
        from presslens.store import open_store

        return open_store(settings.db)

    # -- JSON API ------------------------------------------------------------------------------
    @app.post("/api/analyze", responses=WRITE_ERRORS)
    def analyze(req: AnalyzeRequest, request: Request) -> dict[str, Any]:
        check_token(token, request)
        return _analyze(req, settings).to_dict()

    @app.get("/api/articles/{article_id}", responses=ERRORS)
    def get_article(article_id: str = Path(max_length=100)) -> dict[str, Any]:
        article = store().get(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return article.to_dict()

    @app.get("/api/search", responses=ERRORS)
    def search(
        q: str = Query(..., max_length=500), outlet: str | None = Query(None, max_length=SHORT),
        since: str | None = Query(None, max_length=40), until: str | None = Query(None, max_length=40),
        entity: str | None = Query(None, max_length=SHORT), technique: str | None = Query(None, max_length=SHORT),
        limit: int = Query(20, ge=1, le=500),
    ) -> list[dict[str, Any]]:  # fmt: skip
        from presslens.store import search as run

        return _query(run, store(), q, outlet=outlet, since=since, until=until, entity=entity,
                      technique=technique, limit=limit)  # fmt: skip

    @app.get("/api/entities", responses=ERRORS)
    def entities(
        limit: int = Query(20, ge=1, le=500), type: str | None = Query(None, max_length=40)
    ) -> list[dict[str, Any]]:
        from presslens.store import entities as run

        return _query(run, store(), limit=limit, type_=type)

    @app.get("/api/quotes", responses=ERRORS)
    def quotes(
        speaker: str | None = Query(None, max_length=SHORT),
        cue_class: str | None = Query(
            None, pattern=CUE_CLASS_PATTERN, description="Only quotes whose cue is of this class"
        ),
        limit: int = Query(50, ge=1, le=1000),
    ) -> list[dict[str, Any]]:
        from presslens.store import quotes as run

        return _query(run, store(), speaker=speaker, cue_class=cue_class, limit=limit)

    @app.get("/api/stats", responses=ERRORS)
    def stats() -> list[dict[str, Any]]:
        from presslens.store import stats as run

        return _query(run, store())

    @app.get("/api/clusters", responses=ERRORS)
    def clusters(limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        from presslens.store import clusters as run

        return _query(run, store(), limit=limit)

    # -- web UI --------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, responses=PAGE_ERRORS)
    def home(request: Request, q: str | None = Query(None, max_length=500)) -> Any:
        ctx = home_view(store(), q)
        return templates.TemplateResponse(request, "home.html", ctx)

    @app.get("/article/{article_id}", response_class=HTMLResponse, responses=PAGE_ERRORS)
    def article_page(request: Request, article_id: str = Path(max_length=100)) -> Any:
        article = store().get(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return templates.TemplateResponse(request, "article.html", article_view(article))

    @app.get("/analyze", response_class=HTMLResponse)
    def analyze_form(request: Request) -> Any:
        return templates.TemplateResponse(
            request, "analyze.html", {"article": None, "need_token": bool(token)}
        )

    @app.post("/analyze", response_class=HTMLResponse, responses=FORM_ERRORS)
    async def analyze_page(request: Request) -> Any:
        body = await request.body()
        if len(body) > MAX_BODY:
            raise HTTPException(413, "input too large")
        form = parse_qs(body.decode("utf-8", "replace"))
        text = (form.get("text") or [""])[0]
        kind = (form.get("kind") or ["text"])[0]
        check_token(token, request, (form.get("token") or [""])[0])
        req = AnalyzeRequest(html=text if kind == "html" else None, text=text if kind != "html" else None)
        article = _analyze(req, settings)
        return templates.TemplateResponse(request, "article.html", article_view(article))

    app.include_router(build_router(templates, store))
    return app


def _analyze(req: AnalyzeRequest, settings: Settings) -> Article:
    from presslens.api import analyze_html, analyze_text

    if (req.html is None) == (req.text is None):
        raise HTTPException(422, "give exactly one of 'html' or 'text'")
    if req.min_confidence is not None:
        settings = settings.with_(technique_min_confidence=req.min_confidence)
    try:
        if req.html is not None:
            return analyze_html(req.html, url=req.url, settings=settings, only=req.only)
        return analyze_text(req.text or "", settings=settings, only=req.only)
    except PresslensError as e:
        raise HTTPException(400, f"{e.code}: {e}") from e


def _query(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except QueryError as e:
        raise HTTPException(400, str(e)) from e


def _version() -> str:
    from presslens import __version__

    return __version__
