"""Export the stored corpus: JSONL records, CSV / Parquet tables per record kind, FollowTheMoney.

* ``jsonl``: one ``Article.to_json()`` per line, identical to ``presslens analyze --format jsonl``.
* ``csv`` / ``parquet``: a folder with one file per kind (articles, entities, mentions, quotes,
  relations, techniques, errors); the same columns the Spark job writes (``presslens.spark``).
  ``articles.scores`` / ``articles.meta`` keep the rest of the record, so ``presslens load`` can
  rebuild it from the tables.
* ``ftm``: entities and relations as FollowTheMoney entity JSON lines, written by hand (the
  ``followthemoney`` package pulls ~20 dependencies incl. PyICU, mypy and rdflib; the format is
  plain JSON ``{"id", "schema", "properties": {prop: [values]}}``).
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from presslens.errors import PresslensError
from presslens.model import Article
from presslens.store.core import _SURROGATE, Store, entity_corpus_id, entity_key

FORMATS = ("jsonl", "csv", "parquet", "ftm")

# kind -> [(column, pyarrow type name)]
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"),
        ("source_path", "string"),
        ("source_url", "string"),
        ("outlet", "string"),
        ("title", "string"),
        ("authors", "string"),
        ("published", "string"),
        ("dateline", "string"),
        ("language", "string"),
        ("text", "string"),
        ("errors", "string"),
        ("skipped", "string"),  # stages skipped by design, e.g. [{"code": "language_unsupported", ...}]
        ("scores", "string"),
        ("meta", "string"),
    ],
    "entities": [
        ("article_id", "string"),
        ("id", "string"),
        ("corpus_id", "string"),
        ("name", "string"),
        ("type", "string"),
        ("aliases", "string"),
        ("kb_id", "string"),
        ("mentions", "int64"),
    ],
    "mentions": [
        ("article_id", "string"),
        ("entity_id", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("text", "string"),
    ],
    "quotes": [
        ("article_id", "string"),
        ("id", "string"),
        ("kind", "string"),
        ("cue_class", "string"),
        ("speaker", "string"),
        ("content", "string"),
        ("confidence", "float64"),
        ("record", "string"),
    ],
    "relations": [
        ("article_id", "string"),
        ("id", "string"),
        ("subject", "string"),
        ("predicate", "string"),
        ("object", "string"),
        ("evidence_start", "int64"),
        ("evidence_end", "int64"),
        ("time", "string"),
        ("confidence", "float64"),
    ],
    "techniques": [
        ("article_id", "string"),
        ("technique", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("confidence", "float64"),
        ("text", "string"),
    ],
    "errors": [
        ("article_id", "string"),
        ("seq", "int64"),
        ("stage", "string"),
        ("message", "string"),
    ],
}


class ExportError(PresslensError):
    code = "export"


def rows(article: Article) -> dict[str, list[dict[str, Any]]]:
    """One article's rows per kind (JSON-encoded lists for list fields)."""
    text, aid = article.text, article.id
    rec = article.to_dict()
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in COLUMNS}
    out["articles"].append(
        {
            "id": aid,
            "source_path": article.source.path,
            "source_url": article.source.url,
            "outlet": article.outlet,
            "title": article.title,
            "authors": json.dumps(list(article.authors), ensure_ascii=False),
            "published": article.published,
            "dateline": article.dateline,
            "language": article.language,
            "text": text,
            "errors": json.dumps(rec["errors"], ensure_ascii=False),
            "skipped": json.dumps(rec["skipped"], ensure_ascii=False),
            "scores": json.dumps(rec["scores"], ensure_ascii=False),
            "meta": json.dumps(rec["meta"], ensure_ascii=False),
        }
    )
    for ent in article.entities:
        out["entities"].append(
            {
                "article_id": aid,
                "id": ent.id,
                "corpus_id": entity_corpus_id(entity_key(ent.name, ent.type, ent.kb_id)),
                "name": ent.name,
                "type": ent.type,
                "aliases": json.dumps(list(ent.aliases), ensure_ascii=False),
                "kb_id": ent.kb_id,
                "mentions": len(ent.mentions),
            }
        )
        out["mentions"] += [
            {"article_id": aid, "entity_id": ent.id, "start": m.start, "end": m.end, "text": m.of(text)}
            for m in ent.mentions
        ]
    for quote, qrec in zip(article.quotes, rec["quotes"], strict=True):
        out["quotes"].append(
            {
                "article_id": aid,
                "id": quote.id,
                "kind": quote.kind,
                "cue_class": quote.cue_class,
                "speaker": quote.speaker,
                "content": " … ".join(s.of(text) for s in quote.content),
                "confidence": quote.confidence,
                "record": json.dumps(qrec, ensure_ascii=False),
            }
        )
    out["relations"] += [
        {
            "article_id": aid,
            "id": r.id,
            "subject": r.subject,
            "predicate": r.predicate,
            "object": r.object,
            "evidence_start": r.evidence.start,
            "evidence_end": r.evidence.end,
            "time": r.time,
            "confidence": r.confidence,
        }
        for r in article.relations
    ]
    out["techniques"] += [
        {
            "article_id": aid,
            "technique": tc.technique,
            "start": tc.start,
            "end": tc.end,
            "confidence": tc.confidence,
            "text": text[tc.start : tc.end],
        }
        for tc in article.techniques
    ]
    out["errors"] += [
        {"article_id": aid, "seq": i, "stage": err.stage, "message": err.message}
        for i, err in enumerate(article.errors)
    ]
    return out


# -- writers -----------------------------------------------------------------------------------------
@contextmanager
def atomic_paths(targets: list[Path]) -> Iterator[list[Path]]:
    """Temporary paths next to ``targets``, renamed over them only when the block succeeds.

    A killed or failed export leaves the previous files intact and nothing partial under a target
    name (at most a hidden ``.<name>.<pid>.*.part`` file, which the next export of that name
    removes once that process is gone).
    """
    temps = []
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
        os.close(fd)
        temps.append(Path(tmp))
    try:
        yield temps
        for tmp in temps:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _remove_stale_parts(target: Path) -> None:
    for part in target.parent.glob(glob.escape(f".{target.name}.") + "*.part"):
        pid = part.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            part.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _open_out(out: str | None) -> Iterator[IO[str]]:
    if out is None or out == "-":
        yield sys.stdout
        return
    with atomic_paths([Path(out)]) as (tmp,), open(tmp, "w", encoding="utf-8", newline="") as fh:
        yield fh


def json_line(article: Article) -> str:
    """``Article.to_json()``; a record holding lone surrogates is written ASCII-escaped (valid UTF-8)."""
    line = article.to_json()
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(article.to_dict(), ensure_ascii=True)
    return line


def write_jsonl(articles: Iterable[Article], out: str | None) -> int:
    n = 0
    with _open_out(out) as fh:
        for article in articles:
            fh.write(json_line(article) + "\n")
            n += 1
    return n


def write_csv(articles: Iterable[Article], out: str) -> int:
    folder = Path(out)
    n = 0
    with atomic_paths([folder / f"{kind}.csv" for kind in COLUMNS]) as temps, ExitStack() as stack:
        writers = {}
        for (kind, cols), tmp in zip(COLUMNS.items(), temps, strict=True):
            fh = stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
            writers[kind] = csv.DictWriter(fh, [c for c, _ in cols])
            writers[kind].writeheader()
        for article in articles:
            for kind, items in rows(article).items():
                writers[kind].writerows(_safe_rows(items))
            n += 1
    return n


def write_parquet(articles: Iterable[Article], out: str, batch: int = 2000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(out)
    schemas = {k: pa.schema([(c, getattr(pa, ty)()) for c, ty in cols]) for k, cols in COLUMNS.items()}
    with atomic_paths([folder / f"{k}.parquet" for k in COLUMNS]) as temps:
        writers = {k: pq.ParquetWriter(tmp, schemas[k]) for k, tmp in zip(COLUMNS, temps, strict=True)}
        return _fill_parquet(articles, writers, schemas, batch)


def _fill_parquet(
    articles: Iterable[Article], writers: dict[str, Any], schemas: dict[str, Any], batch: int
) -> int:
    import pyarrow as pa

    buffers: dict[str, list[dict[str, Any]]] = {k: [] for k in COLUMNS}

    def flush(kind: str) -> None:
        if buffers[kind]:
            writers[kind].write_table(pa.Table.from_pylist(_safe_rows(buffers[kind]), schema=schemas[kind]))
            buffers[kind] = []

    n = 0
    try:
        for article in articles:
            for kind, items in rows(article).items():
                buffers[kind] += items
                if len(buffers[kind]) >= batch:
                    flush(kind)
            n += 1
        for kind in COLUMNS:
            flush(kind)
    finally:
        for w in writers.values():
            w.close()
    return n


def _safe_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CSV/Arrow text is UTF-8: lone surrogates become U+FFFD (the JSONL export keeps them, escaped)."""
    return [{k: _fix(v) for k, v in r.items()} for r in items]


def _fix(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


# -- FollowTheMoney -------------------------------------------------------------------------------------
FTM_SCHEMA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "NORP": "LegalEntity",
    "GPE": "Address",
    "LOC": "Address",
    "FAC": "Address",
    "EVENT": "Event",
}
# predicate -> (schema, subject property, object property, required object schema)
FTM_LINKS = {
    "member_of": ("Membership", "member", "organization", "Organization"),
    "commander_of": ("Directorship", "director", "organization", "Organization"),
    "leader_of": ("Directorship", "director", "organization", "Organization"),
    "head_of": ("Directorship", "director", "organization", "Organization"),
    "director_of": ("Directorship", "director", "organization", "Organization"),
    "employee_of": ("Employment", "employee", "employer", "Organization"),
    "works_for": ("Employment", "employee", "employer", "Organization"),
}


def _ftm_id(*parts: str) -> str:
    return "pl-" + hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def ftm_entities(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """FtM entities (merged across articles by corpus id) and one link entity per relation."""
    merged: dict[str, dict[str, Any]] = {}
    for article in articles:
        local: dict[str, tuple[str, str]] = {}
        for ent in article.entities:
            schema = FTM_SCHEMA.get(ent.type)
            if schema is None:
                continue
            fid = _ftm_id(entity_corpus_id(entity_key(ent.name, ent.type, ent.kb_id)))
            local[ent.id] = (fid, schema)
            item = merged.setdefault(fid, {"id": fid, "schema": schema, "properties": {"name": [ent.name]}})
            props = item["properties"]
            if schema == "Address":
                props.setdefault("full", [ent.name])
            aliases = props.setdefault("alias", [])
            aliases += [a for a in ent.aliases if a != ent.name and a not in aliases]
            urls = props.setdefault("sourceUrl", []) if article.source.url else []
            if article.source.url and article.source.url not in urls:
                urls.append(article.source.url)
        for rel in article.relations:
            if rel.subject in local and rel.object in local:
                yield _ftm_link(article, rel, local)
    for item in merged.values():
        item["properties"] = {k: v for k, v in item["properties"].items() if v}
        yield item


def _ftm_link(article: Article, rel: Any, local: dict[str, tuple[str, str]]) -> dict[str, Any]:
    (sid, _), (oid, oschema) = local[rel.subject], local[rel.object]
    schema, sprop, oprop, need = FTM_LINKS.get(rel.predicate, ("UnknownLink", "subject", "object", ""))
    if need and oschema != need:
        schema, sprop, oprop = "UnknownLink", "subject", "object"
    props: dict[str, list[str]] = {
        sprop: [sid],
        oprop: [oid],
        "role": [rel.predicate],
        "description": [rel.evidence.of(article.text)],
    }
    if rel.time:
        props["startDate"] = [rel.time]
    return {"id": _ftm_id(article.id, rel.id), "schema": schema, "properties": props}


def write_ftm(articles: Iterable[Article], out: str | None) -> int:
    n = 0
    with _open_out(out) as fh:
        for item in ftm_entities(articles):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
            n += 1
    return n


def export(store: Store, fmt: str, out: str | None = None) -> int:
    """Write the store's records in ``fmt``; returns how many records (entities for ftm)."""
    articles = store.iter_articles()
    if fmt == "jsonl":
        return write_jsonl(articles, out)
    if fmt == "ftm":
        return write_ftm(articles, out)
    if fmt in ("csv", "parquet"):
        if not out:
            raise ExportError(f"--format {fmt} writes one file per record kind: give --out FOLDER")
        return write_csv(articles, out) if fmt == "csv" else write_parquet(articles, out)
    raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
