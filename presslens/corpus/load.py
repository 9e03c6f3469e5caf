"""Load a Spark job's output (``presslens spark``) or a Parquet export into the store.

The tables (:data:`presslens.export.COLUMNS`) are read with pyarrow, one ``month=`` partition at
a time; each article is rebuilt from its rows (``Article.from_dict`` validates every span) and
written through :meth:`Store.write_batch`, keyed by its stable id.  Loading the same output twice
changes nothing (the second run reports every article ``unchanged``); near-duplicate clusters
and corpus entity ids are computed by the store as for ``presslens ingest``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from presslens.corpus.ingest import IngestReport
from presslens.errors import PresslensError
from presslens.export import COLUMNS
from presslens.model import SCHEMA, Article
from presslens.store.core import Store, StoreItem, sha

MANIFEST = "_presslens.json"
PARTITION = "month"


class LoadError(PresslensError):
    code = "load"


@dataclass
class LoadReport(IngestReport):
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (article id, why) not loaded


def _fs(folder: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    try:
        return pafs.FileSystem.from_uri(folder)
    except (ValueError, OSError):
        return pafs.LocalFileSystem(), folder


def manifest(folder: str) -> dict[str, Any]:
    fs, root = _fs(folder)
    try:
        with fs.open_input_stream(f"{root.rstrip('/')}/{MANIFEST}") as fh:
            return json.loads(fh.read().decode("utf-8"))
    except (OSError, FileNotFoundError):
        return {}


def partitions(folder: str) -> list[str | None]:
    """The ``month=`` partitions of the articles table (``[None]`` for an unpartitioned export)."""
    import pyarrow.fs as pafs

    fs, root = _fs(folder)
    root = root.rstrip("/")
    info = fs.get_file_info(f"{root}/articles")
    if info.type == pafs.FileType.NotFound:
        if fs.get_file_info(f"{root}/articles.parquet").type == pafs.FileType.File:
            return [None]
        raise LoadError(f"{folder} holds no articles table (articles/ or articles.parquet)")
    found = fs.get_file_info(pafs.FileSelector(f"{root}/articles"))
    names = sorted(i.base_name for i in found if i.type == pafs.FileType.Directory)
    return [n.split("=", 1)[1] for n in names if n.startswith(f"{PARTITION}=")]


def _table(folder: str, kind: str, part: str | None) -> list[dict[str, Any]]:
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    fs, root = _fs(folder)
    root = root.rstrip("/")
    path = f"{root}/{kind}.parquet" if part is None else f"{root}/{kind}/{PARTITION}={part}"
    if fs.get_file_info(path).type == pafs.FileType.NotFound:
        return []
    cols = [c for c, _ in COLUMNS[kind]]
    table = pq.read_table(path, filesystem=fs, partitioning=None)
    return table.select([c for c in cols if c in table.column_names]).to_pylist()


def _natural(local_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", local_id or ""))


def _by_article(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in items:
        out[row["article_id"]].append(row)
    return out


def _loads(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def article_from_rows(row: dict[str, Any], kids: dict[str, list[dict[str, Any]]]) -> Article:
    """One ``Article`` from its ``articles`` row and its rows in the other tables."""
    spans: dict[str, list[dict[str, int]]] = defaultdict(list)
    for m in kids.get("mentions", []):
        spans[m["entity_id"]].append({"start": m["start"], "end": m["end"]})
    entities = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "aliases": _loads(e["aliases"], []),
            "kb_id": e["kb_id"],
            "mentions": spans.get(e["id"], []),
        }
        for e in sorted(kids.get("entities", []), key=lambda e: _natural(e["id"]))
    ]
    quotes = [
        json.loads(q["record"]) for q in sorted(kids.get("quotes", []), key=lambda q: _natural(q["id"]))
    ]
    relations = [
        {
            "id": r["id"],
            "subject": r["subject"],
            "predicate": r["predicate"],
            "object": r["object"],
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"]},
            "time": r["time"],
            "confidence": r["confidence"],
        }
        for r in sorted(kids.get("relations", []), key=lambda r: _natural(r["id"]))
    ]
    techniques = [
        {"technique": t["technique"], "start": t["start"], "end": t["end"], "confidence": t["confidence"]}
        for t in kids.get("techniques", [])
    ]
    return Article.from_dict(
        {
            "schema": SCHEMA,
            "id": row["id"],
            "source": {"path": row["source_path"], "url": row["source_url"]},
            **{k: row[k] for k in ("outlet", "title", "published", "dateline", "language", "text")},
            "authors": _loads(row["authors"], []),
            "entities": entities,
            "quotes": quotes,
            "relations": relations,
            "techniques": techniques,
            "errors": _loads(row["errors"], []),
            "skipped": _loads(row.get("skipped"), []),
            "scores": _loads(row.get("scores"), {}),
            "meta": _loads(row.get("meta"), {}),
        }
    )


def read_output(folder: str, on_error: Callable[[str, str], None] | None = None) -> Iterator[Article]:
    """Every article of a Spark output / Parquet export folder, one partition at a time.

    An id met more than once (the same URL read twice, e.g. from two crawls) yields one record:
    within a partition the one with the smallest record hash, across partitions the first.
    """
    seen: set[str] = set()
    for part in partitions(folder):
        kids = {k: _by_article(_table(folder, k, part)) for k in COLUMNS if k not in ("articles", "errors")}
        chosen: dict[str, Article] = {}
        for row in _table(folder, "articles", part):
            try:
                article = article_from_rows(row, {k: v.get(row["id"], []) for k, v in kids.items()})
            except (PresslensError, KeyError, TypeError, ValueError) as e:
                if on_error:
                    on_error(str(row.get("id")), f"{type(e).__name__}: {e}")
                continue
            other = chosen.get(article.id)
            if other is None or sha(article.to_json()) < sha(other.to_json()):
                chosen[article.id] = article
        for aid in sorted(chosen.keys() - seen):
            yield chosen[aid]
        seen |= chosen.keys()


def load(
    folder: str,
    store: Store,
    batch_size: int = 200,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Write every article of ``folder`` into ``store``; idempotent (keyed by id and record)."""
    import time

    version = manifest(folder).get("analysis_version", "parquet")
    report = LoadReport()
    batch: list[StoreItem] = []
    for article in read_output(folder, lambda aid, msg: report.rejected.append((aid, msg))):
        report.seen += 1
        batch.append(StoreItem(article, sha(article.to_json()), version))
        if len(batch) >= batch_size:
            report.add(store.write_batch(batch))
            batch = []
            if on_batch:
                on_batch(report)
    if batch:
        report.add(store.write_batch(batch))
    report.seen += len(report.rejected)
    report.seconds = time.monotonic() - report.started
    return report
