"""HTTP API and web UI (FastAPI), thin shells over :mod:`presslens.api` and :mod:`presslens.store`."""

from presslens.http.app import create_app

__all__ = ["create_app"]
