"""Entities stage: typed, in-article resolved entities with every mention as a Span.

Sources: the OntoNotes spaCy model (``doc.ents``), the CoNLL-2003 head shipped in
``presslens/data/ner`` and the gazetteer (bundled + ``Settings.gazetteers``); then acronyms,
surname/title/possessive clustering, confident pronouns and definite descriptions.  See
:mod:`presslens.nlp.resolve` for the pure function.
"""

from __future__ import annotations

from typing import Any

from presslens.model import Article
from presslens.nlp import conll
from presslens.nlp.gazetteer import load_gazetteer
from presslens.nlp.resolve import Resolution, resolve_entities
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings
from presslens.stages.nlp import load_nlp


class EntityStage:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.gaz = load_gazetteer(settings.gazetteers)
        self.gaz.matcher(
            load_nlp(settings.spacy_model).vocab
        )  # build the matcher now, not on the first article
        use_conll = settings.extra.get("conll_ner", True) and conll.available()
        self.conll_nlp = conll.load_conll() if use_conll else None

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article]) -> list[Article]:
        docs = [a.cache["doc"] for a in articles]
        spans: list[Any] = (
            list(conll.conll_spans(docs, self.conll_nlp)) if self.conll_nlp else [None] * len(docs)
        )
        return [self.apply(a, d, s) for a, d, s in zip(articles, docs, spans, strict=True)]

    def apply(self, article: Article, doc: Any, spans: Any) -> Article:
        res: Resolution = resolve_entities(doc, spans, self.gaz)
        out = article.with_(entities=res.entities)  # shares article.cache (the Doc stays there)
        out.cache["entity_tokens"] = res.tok_entity
        return out


@stage(
    "presslens.entities.resolved.v1", requires=("text", "doc"), assigns=("entities",), languages=ENGLISH_ONLY
)
def make_entities(settings: Settings) -> EntityStage:
    return EntityStage(settings)
