"""The extraction stage: ``RawPage`` (in ``article.cache["raw"]``) → article text and metadata.

HTML goes through :func:`presslens.extract.extract_html`; plain text is kept exactly as read
so that offsets line up with external annotations.
"""

from __future__ import annotations

from dataclasses import replace

from presslens.errors import ExtractionError
from presslens.extract import detect_language, extract_html, find_dateline
from presslens.model import Article, Source, article_id
from presslens.pipeline import stage
from presslens.readers import RawPage
from presslens.settings import Settings

STAGE_NAME = "presslens.extract.trafilatura.v1"


class Extract:
    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        raw: RawPage | None = article.cache.get("raw")
        if raw is None:
            return article  # already has text (e.g. a record built in Python)
        given = article.cache.get("given", {})
        done = _from_text(article, raw) if raw.kind == "text" else _from_html(article, raw, self.settings)
        if given:
            done = replace(
                done,
                title=given.get("title") or done.title,
                outlet=given.get("outlet") or done.outlet,
                published=given.get("published") or done.published,
                id=given.get("id") or done.id,
            )
        done.validate()
        return done


def _from_text(article: Article, raw: RawPage) -> Article:
    text = raw.content
    return replace(
        article,
        text=text,
        id=article_id(text, raw.url, raw.path),
        language=detect_language(text),
        dateline=find_dateline(text),
        meta={**article.meta, "extraction": "text"},
    )


def _from_html(article: Article, raw: RawPage, settings: Settings) -> Article:
    try:
        ex = extract_html(raw.content, raw.url, settings.favor_precision)
    except ExtractionError as e:
        failed = replace(article, id=article_id(raw.content, raw.url, raw.path))
        return failed.with_error(STAGE_NAME, str(e))
    url = raw.url or ex.url
    meta = {**article.meta, "extraction": ex.method, "encoding": raw.encoding}
    if ex.credit:
        meta["credit"] = ex.credit
    if article.cache.get("fetched"):
        meta["fetched"] = article.cache["fetched"]
    return replace(
        article,
        text=ex.text,
        id=article_id(ex.text, url, raw.path),
        source=Source(raw.path, url),
        title=ex.title,
        authors=tuple(ex.authors),
        published=ex.published,
        outlet=ex.outlet,
        language=ex.language,
        dateline=ex.dateline,
        meta=meta,
    )


@stage(STAGE_NAME, requires=("raw",), assigns=("text", "title", "authors", "published", "outlet", "dateline"))
def make_extract(settings: Settings) -> Extract:
    return Extract(settings)
