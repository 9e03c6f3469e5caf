"""Response headers, the write-endpoint token and the offline API docs pages.

The UI runs no inline script (the Content-Security-Policy forbids it); Swagger UI and ReDoc are
served from ``web/static/vendor`` so ``/docs`` and ``/redoc`` work with no network.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

SWAGGER_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>{title} · API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script></body></html>"""

REDOC_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>{title} · API</title></head>
<body><redoc spec-url="{openapi}"></redoc><script src="/static/vendor/redoc/redoc.standalone.js"></script>
</body></html>"""


def add_security(app: FastAPI) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response


def add_error_pages(app: FastAPI, templates: Any) -> None:
    """Errors on web pages are HTML pages with the message; the JSON API keeps JSON errors."""

    @app.exception_handler(StarletteHTTPException)
    async def html_errors(request: Request, exc: StarletteHTTPException) -> Any:
        path = request.url.path
        if path.startswith(("/api/", "/static/")) or path in ("/openapi.json", "/docs", "/redoc"):
            return await http_exception_handler(request, exc)
        ctx = {"status": exc.status_code, "message": exc.detail}
        return templates.TemplateResponse(request, "error.html", ctx, status_code=exc.status_code)


def add_docs(app: FastAPI) -> None:
    title, openapi = app.title, app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(SWAGGER_HTML.format(title=title, openapi=openapi))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(REDOC_HTML.format(title=title, openapi=openapi))


def check_token(expected: str | None, request: Request, form_token: str | None = None) -> None:
    """Write endpoints: when the server has a token, the request must carry it (Bearer header,
    ``X-Presslens-Token`` or the form's ``token`` field)."""
    if not expected:
        return
    auth = request.headers.get("authorization", "")
    given = (
        auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-presslens-token")
    ) or (form_token or "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise HTTPException(
            401, "this server needs an access token for /api/analyze (Authorization: Bearer ...)"
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
