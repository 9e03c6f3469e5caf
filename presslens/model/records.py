"""The one record model: frozen dataclasses whose annotations are offsets into ``Article.text``.

Every annotation is a :class:`Span` (Python ``str`` indices, end-exclusive).  ``Article.validate``
checks that every span lies inside ``text``; ``to_json``/``from_json`` round-trip exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from presslens.errors import InvalidRecordError

SCHEMA = "presslens.article/1"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def check(self, text: str, what: str = "span") -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise InvalidRecordError(f"{what}: offsets must be integers, got {self!r}")
        if not 0 <= self.start <= self.end <= len(text):
            raise InvalidRecordError(f"{what}: {self.start}:{self.end} outside text of length {len(text)}")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Source:
    path: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    kb_id: str | None = None


CUE_CLASS_NAMES = ("speech", "thought", "evidence", "stance", "action")


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    kind: str  # direct | indirect | mixed
    content: tuple[Span, ...]
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    via: tuple[str, ...] = ()
    confidence: float = 1.0
    # what kind of act the cue reports: speech | thought | evidence | stance | action; None when
    # unknown (records written before the field, or a cue in no class)
    cue_class: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    subject: str
    predicate: str
    object: str
    evidence: Span
    time: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Technique:
    technique: str
    start: int
    end: int
    confidence: float = 1.0

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class StageError:
    stage: str
    message: str


@dataclass(frozen=True, slots=True)
class StageSkip:
    """A stage that did not run on this article, by design (not an error).

    ``code`` is machine-readable: ``language_unsupported`` when the stage's models do not cover
    the article's language (``detail`` holds that language code).
    """

    stage: str
    code: str
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One analysed document.  ``text`` is canonical; everything else points into it."""

    text: str
    id: str = ""
    source: Source = field(default_factory=Source)
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()
    techniques: tuple[Technique, ...] = ()
    errors: tuple[StageError, ...] = ()
    skipped: tuple[StageSkip, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    # Working state between stages (the raw page, the spaCy Doc, ...); never serialised.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- construction helpers -------------------------------------------------------------
    def with_(self, **changes: Any) -> Article:
        """A copy with ``changes`` applied, validated."""
        article = replace(self, **changes)
        article.validate()
        return article

    def with_error(self, stage: str, message: str) -> Article:
        return replace(self, errors=self.errors + (StageError(stage, message),))

    def with_skip(self, stage: str, code: str, detail: str | None = None) -> Article:
        return replace(self, skipped=self.skipped + (StageSkip(stage, code, detail),))

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    # -- validation ------------------------------------------------------------------------
    def validate(self) -> None:
        text = self.text
        if not isinstance(text, str):
            raise InvalidRecordError("text must be a str")
        ids = {ent.id for ent in self.entities}
        for ent in self.entities:
            for span in ent.mentions:
                span.check(text, f"entity {ent.id} mention")
        for quote in self.quotes:
            for span in quote.content:
                span.check(text, f"quote {quote.id} content")
            for opt in (quote.cue, quote.source):
                if opt is not None:
                    opt.check(text, f"quote {quote.id}")
            for ref in (quote.speaker, *quote.via):
                if ref is not None and ref not in ids:
                    raise InvalidRecordError(f"quote {quote.id} refers to unknown entity {ref}")
            if quote.cue_class is not None and quote.cue_class not in CUE_CLASS_NAMES:
                raise InvalidRecordError(f"quote {quote.id} has unknown cue class {quote.cue_class!r}")
        for rel in self.relations:
            rel.evidence.check(text, f"relation {rel.id} evidence")
            for ref in (rel.subject, rel.object):
                if ref not in ids:
                    raise InvalidRecordError(f"relation {rel.id} refers to unknown entity {ref}")
        for tech in self.techniques:
            tech.span.check(text, f"technique {tech.technique}")

    # -- JSON --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "source": {"path": self.source.path, "url": self.source.url},
            "outlet": self.outlet,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "dateline": self.dateline,
            "language": self.language,
            "text": self.text,
            "entities": [_entity_dict(ent) for ent in self.entities],
            "quotes": [_quote_dict(quote) for quote in self.quotes],
            "relations": [_relation_dict(rel) for rel in self.relations],
            "techniques": [asdict(tech) for tech in self.techniques],
            "errors": [asdict(err) for err in self.errors],
            "skipped": [asdict(skip) for skip in self.skipped],
            "scores": self.scores,
            "meta": self.meta,
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise InvalidRecordError(f"unsupported schema {schema!r} (expected {SCHEMA})")
        try:
            src = data.get("source") or {}
            article = cls(
                text=data["text"],
                id=data.get("id", ""),
                source=Source(src.get("path"), src.get("url")),
                outlet=data.get("outlet"),
                title=data.get("title"),
                authors=tuple(data.get("authors") or ()),
                published=data.get("published"),
                dateline=data.get("dateline"),
                language=data.get("language"),
                entities=tuple(_entity_from(e) for e in data.get("entities") or ()),
                quotes=tuple(_quote_from(q) for q in data.get("quotes") or ()),
                relations=tuple(_relation_from(r) for r in data.get("relations") or ()),
                techniques=tuple(Technique(**t) for t in data.get("techniques") or ()),
                errors=tuple(StageError(**e) for e in data.get("errors") or ()),
                skipped=tuple(StageSkip(**k) for k in data.get("skipped") or ()),
                scores=dict(data.get("scores") or {}),
                meta=dict(data.get("meta") or {}),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise InvalidRecordError(f"malformed article record: {e}") from e
        article.validate()
        return article

    @classmethod
    def from_json(cls, raw: str) -> Article:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InvalidRecordError(f"not JSON: {e}") from e
        return cls.from_dict(data)


def article_id(text: str, url: str | None = None, path: str | None = None) -> str:
    """Stable id: hash of the canonical URL when known, else of the source path plus text."""
    key = f"url:{url}" if url else f"path:{path or ''}\ntext:{text}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _entity_dict(ent: Entity) -> dict[str, Any]:
    return {
        "id": ent.id,
        "name": ent.name,
        "type": ent.type,
        "aliases": list(ent.aliases),
        "mentions": [m.to_dict() for m in ent.mentions],
        "kb_id": ent.kb_id,
    }


def _entity_from(data: dict[str, Any]) -> Entity:
    return Entity(
        id=data["id"],
        name=data["name"],
        type=data["type"],
        aliases=tuple(data.get("aliases") or ()),
        mentions=tuple(Span.from_dict(m) for m in data.get("mentions") or ()),
        kb_id=data.get("kb_id"),
    )


def _opt_span(span: Span | None) -> dict[str, int] | None:
    return None if span is None else span.to_dict()


def _quote_dict(quote: Quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "kind": quote.kind,
        "content": [s.to_dict() for s in quote.content],
        "cue": _opt_span(quote.cue),
        "source": _opt_span(quote.source),
        "speaker": quote.speaker,
        "via": list(quote.via),
        "confidence": quote.confidence,
        "cue_class": quote.cue_class,
    }


def _quote_from(data: dict[str, Any]) -> Quote:
    return Quote(
        id=data["id"],
        kind=data["kind"],
        content=tuple(Span.from_dict(s) for s in data.get("content") or ()),
        cue=Span.from_dict(data["cue"]) if data.get("cue") else None,
        source=Span.from_dict(data["source"]) if data.get("source") else None,
        speaker=data.get("speaker"),
        via=tuple(data.get("via") or ()),
        confidence=float(data.get("confidence", 1.0)),
        cue_class=data.get("cue_class"),
    )


def _relation_dict(rel: Relation) -> dict[str, Any]:
    return {
        "id": rel.id,
        "subject": rel.subject,
        "predicate": rel.predicate,
        "object": rel.object,
        "evidence": rel.evidence.to_dict(),
        "time": rel.time,
        "confidence": rel.confidence,
    }


def _relation_from(data: dict[str, Any]) -> Relation:
    return Relation(
        id=data["id"],
        subject=data["subject"],
        predicate=data["predicate"],
        object=data["object"],
        evidence=Span.from_dict(data["evidence"]),
        time=data.get("time"),
        confidence=float(data.get("confidence", 1.0)),
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
    "Technique",
    "article_id",
]
