"""The tagger entity stage on made-up text, shared by the entity test modules."""

from __future__ import annotations

import pytest

from presslens.model import Article
from presslens.settings import Settings
from presslens.stages.entities import TaggerEntityStage
from presslens.stages.nlp import SpacyParse


@pytest.fixture(scope="module")
def run():
    """Parse and tag a text: ``run(text)`` is the article with its entities."""
    parse, ents = SpacyParse(Settings()), TaggerEntityStage(Settings())
    return lambda text: ents(parse(Article(text=text)))


def names(article: Article) -> dict[str, str]:
    """Entity name -> type, dates left out."""
    return {e.name: e.type for e in article.entities if e.type != "DATE"}
