"""The documented 4xx answers of the JSON API (so the OpenAPI schema says what errors look like)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    """A 4xx answer: what was wrong with the request, in words."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "The query cannot be run (e.g. no searchable words)"},
    404: {"model": ErrorDetail, "description": "Not found"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "The input could not be analysed"},
    401: {"model": ErrorDetail, "description": "This server needs an access token"},
    413: {"model": ErrorDetail, "description": "Input too large"},
}


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


# web pages answer errors with an HTML page (the JSON API keeps JSON)
PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _html("The query cannot be run"),
    404: _html("Not found"),
}
FORM_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _html("The input could not be analysed"),
    401: _html("This server needs an access token"),
    413: _html("Input too large"),
}
