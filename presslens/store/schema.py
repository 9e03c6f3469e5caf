"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Free-text columns are never indexed with a b-tree (PostgreSQL caps index rows at ~2.7 kB, and
hostile input can be megabytes): lookups go through short hash keys instead.  The full record is
kept as ASCII-safe JSON text in ``articles.record`` so it round-trips exactly, NUL bytes and lone
surrogates included; the other text columns hold a display/search copy (see ``store.clean``).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

# One row (id 1): bumped by every write transaction that changes the corpus; read-side caches
# (``presslens.store.cache``) key on it.
store_generation = sa.Table(
    "store_generation",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source_key", sa.String(64), nullable=False, index=True),  # hash of url or path
    sa.Column("source_path", sa.Text),
    sa.Column("source_url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("authors", sa.Text, nullable=False, default="[]"),  # JSON list
    sa.Column("published", sa.String(40)),  # ISO 8601 as given (sorts correctly)
    sa.Column("dateline", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("words", sa.Integer, nullable=False, default=0),
    sa.Column("content_hash", sa.String(64), nullable=False),  # of the text
    sa.Column("raw_hash", sa.String(64), nullable=False, index=True),  # of source + raw input
    sa.Column("status", sa.String(8), nullable=False),  # ok | failed
    # 1 when the record says a stage was skipped (e.g. for its language); for the outlet statistics
    sa.Column("skipped", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("analysis_version", sa.Text, nullable=False),  # pipeline stage names, comma-joined
    sa.Column("record", sa.Text, nullable=False),  # Article.to_dict() as JSON
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)
sa.Index("ix_articles_published", articles.c.published)
sa.Index("ix_articles_status", articles.c.status)

article_history = sa.Table(
    "article_history",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(64), nullable=False, index=True),
    sa.Column("replaced_by", sa.String(64)),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("analysis_version", sa.Text, nullable=False),
    sa.Column("record", sa.Text, nullable=False),
    sa.Column("archived_at", sa.String(40), nullable=False),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # "E" + hash of key
    sa.Column("key", sa.Text, nullable=False),  # kb:<kb_id> or <TYPE>:<normalised name>
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("kb_id", sa.Text),
)

entity_aliases = sa.Table(
    "entity_aliases",
    metadata,
    sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("alias_hash", sa.String(40), primary_key=True),
    sa.Column("alias", sa.Text, nullable=False),
)


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


entity_mentions = sa.Table(
    "entity_mentions",
    metadata,
    _article_fk(),
    sa.Column("local_id", sa.String(64), primary_key=True),  # the id inside the record (e1)
    sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("aliases", sa.Text, nullable=False),  # JSON list of surface forms in this article
    sa.Column("spans", sa.Text, nullable=False),  # JSON [[start, end], ...]
    sa.Column("count", sa.Integer, nullable=False),
)

quotes = sa.Table(
    "quotes",
    metadata,
    _article_fk(),
    sa.Column("local_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("cue_class", sa.String(16)),  # speech | thought | evidence | stance | action | null
    sa.Column("speaker_entity_id", sa.String(40), index=True),
    sa.Column("speaker_name", sa.Text),
    sa.Column("content", sa.Text, nullable=False),  # the quoted text (spans joined by " … ")
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("record", sa.Text, nullable=False),
)

relations = sa.Table(
    "relations",
    metadata,
    _article_fk(),
    sa.Column("local_id", sa.String(64), primary_key=True),
    sa.Column("subject_entity_id", sa.String(40), index=True),
    sa.Column("predicate", sa.String(200), nullable=False),
    sa.Column("object_entity_id", sa.String(40), index=True),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("time", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
)

techniques = sa.Table(
    "techniques",
    metadata,
    _article_fk(),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("technique", sa.String(200), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
)

errors = sa.Table(
    "errors",
    metadata,
    _article_fk(),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
)

# near-duplicates: a MinHash signature per article, its LSH band keys, and cluster membership
dedup_signatures = sa.Table(
    "dedup_signatures",
    metadata,
    _article_fk(),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

dedup_bands = sa.Table(
    "dedup_bands",
    metadata,
    _article_fk(),
    sa.Column("band", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("key", sa.BigInteger, nullable=False),
)
sa.Index("ix_dedup_bands_key", dedup_bands.c.key)

clusters = sa.Table(
    "clusters",
    metadata,
    _article_fk(),
    sa.Column("cluster_id", sa.String(64), nullable=False, index=True),
    sa.Column("origin_id", sa.String(64), nullable=False),
    sa.Column("is_origin", sa.Boolean, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),  # estimated Jaccard vs the origin
    sa.Column("chars_added", sa.Integer, nullable=False),
    sa.Column("chars_cut", sa.Integer, nullable=False),
    sa.Column("sentences_added", sa.Integer, nullable=False),
    sa.Column("sentences_cut", sa.Integer, nullable=False),
)

# child tables of an article, in the order they are rewritten
ARTICLE_CHILDREN = (entity_mentions, quotes, relations, techniques, errors)
