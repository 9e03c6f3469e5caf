"""Entities stage: typed, in-article resolved entities with every mention as a Span.

Default (``presslens.entities.tagger.v1``): the fine-tuned transformer name tagger
(:mod:`presslens.nlp.tagger`, over the shared encoder pass of :mod:`presslens.nlp.encoder`)
decides which words are names and their coarse type; the OntoNotes spaCy model refines the type
(GPE/LOC/FAC, NORP/EVENT) and gives DATEs; the gazetteer links only with evidence; then
acronyms, surname/title/possessive clustering, gender-checked pronouns and definite
descriptions.  The legacy ``presslens.entities.resolved.v1`` (OntoNotes + the small CoNLL CNN
head) stays available by name.  See :mod:`presslens.nlp.resolve` for the pure functions.
"""

from __future__ import annotations

from typing import Any

from presslens.model import Article
from presslens.nlp import conll
from presslens.nlp.encoder import SLICE_TOKENS, encode_article, load_shared_encoder
from presslens.nlp.gazetteer import load_gazetteer
from presslens.nlp.resolve import Resolution, resolve_entities, resolve_tagged
from presslens.nlp.tagger import TagSpan, load_tagger
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
    "presslens.entities.resolved.v1",
    requires=("text", "doc"),
    assigns=("entities",),
    languages=ENGLISH_ONLY,
    default=False,
)
def make_entities(settings: Settings) -> EntityStage:
    return EntityStage(settings)


class TaggerEntityStage:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.gaz = load_gazetteer(settings.gazetteers)
        self.gaz.matcher(load_nlp(settings.spacy_model).vocab)
        self.encoder = load_shared_encoder()
        self.tagger = load_tagger()

    def __call__(self, article: Article) -> Article:
        doc = article.cache["doc"]
        res: Resolution = resolve_tagged(doc, self.tag(article, doc), self.gaz)
        out = article.with_(entities=res.entities)  # shares article.cache (the Doc stays there)
        out.cache["entity_tokens"] = res.tok_entity
        return out

    def tag(self, article: Article, doc: Any) -> list[TagSpan]:
        """Name spans of ``doc``.  A long Doc is encoded and tagged slice by slice, and its encoder
        states are not kept (only one slice's are alive at a time); a Doc of at most
        ``SLICE_TOKENS`` keeps its one pass in ``article.cache`` for other heads."""
        if len(doc) <= SLICE_TOKENS:
            return self.tagger.tag(doc, encode_article(article, doc, self.encoder))
        return [span for enc in self.encoder.encode_slices(doc) for span in self.tagger.tag(doc, enc)]


@stage(
    "presslens.entities.tagger.v1", requires=("text", "doc"), assigns=("entities",), languages=ENGLISH_ONLY
)
def make_tagger_entities(settings: Settings) -> TaggerEntityStage:
    return TaggerEntityStage(settings)
