"""The Python API: what the CLI, the HTTP API and the Spark job call.

>>> from presslens.api import analyze_paths
>>> for article in analyze_paths(["page.html"], stages=["extract"]): ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from presslens.model import Article
from presslens.pipeline import Pipeline, expand_only
from presslens.readers import iter_articles, read_bytes_document
from presslens.settings import Settings


def build_pipeline(settings: Settings | None = None, only: Iterable[str] | None = None) -> Pipeline:
    settings = settings or Settings()
    stages = expand_only(list(only)) if only else list(settings.stages)
    return Pipeline(settings, stages)


def analyze_paths(
    paths: list[str], settings: Settings | None = None, only: Iterable[str] | None = None
) -> Iterator[Article]:
    """Read every document under ``paths`` and run the pipeline; one record per document."""
    settings = settings or Settings()
    pipeline = build_pipeline(settings, only)
    yield from pipeline.run(iter_articles(paths, settings))


def analyze_articles(
    articles: Iterable[Article], settings: Settings | None = None, only: Iterable[str] | None = None
) -> Iterator[Article]:
    yield from build_pipeline(settings, only).run(articles)


def analyze_text(text: str, settings: Settings | None = None, only: Iterable[str] | None = None) -> Article:
    """Analyse a plain text (kept exactly; offsets point into it)."""
    settings = settings or Settings()
    doc = next(read_bytes_document(text.encode("utf-8", "surrogatepass"), None, settings, kind="text"))
    return build_pipeline(settings, only)(doc)


def analyze_html(
    html: str | bytes,
    url: str | None = None,
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
) -> Article:
    settings = settings or Settings()
    data = html.encode("utf-8") if isinstance(html, str) else html
    doc = next(read_bytes_document(data, None, settings, kind="html"))
    if url and "raw" in doc.cache:
        from dataclasses import replace

        doc.cache["raw"] = replace(doc.cache["raw"], url=url)
    return build_pipeline(settings, only)(doc)


def extract_bytes(html: bytes, url: str | None = None, settings: Settings | None = None) -> Article:
    """Extraction only (no NLP models loaded)."""
    return analyze_html(html, url=url, settings=settings, only=["extract"])
