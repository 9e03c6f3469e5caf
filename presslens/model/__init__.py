"""Typed record model (``presslens.article/1``)."""

from presslens.model.records import (
    SCHEMA,
    Article,
    Entity,
    Quote,
    Relation,
    Source,
    Span,
    StageError,
    StageSkip,
    Technique,
    article_id,
)

__all__ = [
    "SCHEMA",
    "Article",
    "Entity",
    "Quote",
    "Relation",
    "Source",
    "Span",
    "StageError",
    "StageSkip",
    "Technique",
    "article_id",
]
