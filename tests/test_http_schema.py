"""Property test over the OpenAPI schema (schemathesis) against the real app on a real store:
no server error and no response that breaks the schema, for any input the schema allows or not."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (dev dependency) not installed")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from test_http import _record  # noqa: E402

from presslens.http import create_app  # noqa: E402
from presslens.settings import Settings  # noqa: E402
from presslens.store import open_store  # noqa: E402

CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance)


def _app(tmp: Path):  # one small real store: an article with entities, quotes, a relation, a technique
    db = str(tmp / "schema.db")
    with open_store(db) as store:
        store.write(_record())
    # /api/analyze runs extraction only here (the NLP stages are tested elsewhere; this stays fast)
    return create_app(db, settings=Settings(db=db, stages=("extract",)))


_TMP = tempfile.TemporaryDirectory(prefix="presslens-schema-")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(Path(_TMP.name)))


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_http_schema_no_server_error(case) -> None:
    case.call_and_validate(checks=CHECKS)
