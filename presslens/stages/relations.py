"""Relations stage: typed, directed relations between the article's entities.

Dependency + lexical patterns from ``presslens/data/relations/patterns.json`` and any
``Settings.relation_patterns`` files; see docs/relations.md for the predicates.
"""

from __future__ import annotations

from presslens.model import Article
from presslens.nlp.relations import extract_relations, load_confidence, load_patterns
from presslens.pipeline import ENGLISH_ONLY, stage
from presslens.settings import Settings


class RelationStage:
    def __init__(self, settings: Settings):
        self.patterns = load_patterns(tuple(settings.relation_patterns))
        self.confidence = load_confidence()

    def __call__(self, article: Article) -> Article:
        rels = extract_relations(
            article.cache["doc"], article.text, article.entities, self.patterns, self.confidence
        )
        return article.with_(relations=rels)


@stage(
    "presslens.relations.patterns.v1",
    requires=("text", "doc", "entities"),
    assigns=("relations",),
    languages=ENGLISH_ONLY,
)
def make_relations(settings: Settings) -> RelationStage:
    return RelationStage(settings)
