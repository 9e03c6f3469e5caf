"""Corpus commands: ingest, search, entities, quotes, stats, clusters, export.

Thin shells over :mod:`presslens.corpus.ingest`, :mod:`presslens.store` and :mod:`presslens.export`;
``register(app)`` adds them to the main Typer app.  ``python -m presslens.cli_corpus`` runs them
standalone.
"""

from __future__ import annotations

import csv
import json
import signal
import sys
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

import typer

from presslens.cli_options import MinConfidenceOpt
from presslens.errors import PresslensError
from presslens.settings import Settings

DbOpt = Annotated[
    str | None, typer.Option("--db", help="Store URL: a SQLite path (default presslens.db) or postgresql://…")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table | json | csv")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1)]


def _store(db: str | None) -> Any:
    from presslens.store import open_store

    return open_store(db or Settings.from_env().db)


def _errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors -> one line on stderr and exit code 2."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PresslensError as e:
            typer.echo(f"error [{e.code}]: {e}", err=True)
            raise typer.Exit(2) from e

    return run


def emit(
    rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None, title: str | None = None
) -> None:
    """Print rows as a rich table, JSON (one array) or CSV."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: _cell(r.get(k)) for k in columns} for r in rows)
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title)
        for col in columns:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(Text(_cell(r.get(c))) for c in columns))
        Console().print(table)
    else:
        raise typer.BadParameter(f"unknown format {fmt!r}: table, json or csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(
            f"{v['name']} ({v.get('articles', v.get('quotes'))})"
            if isinstance(v, dict) and "name" in v
            else str(v)
            for v in value
        )
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


# -- commands --------------------------------------------------------------------------------------------
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, JSONL or WARC")] = None,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Analysis processes")] = 1,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Re-run stored failures")] = False,
    only: Annotated[
        str | None, typer.Option("--only", help="Comma-separated stages (and what they need)")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Articles per transaction")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    min_confidence: MinConfidenceOpt = None,
) -> None:
    """Analyse inputs and store the records (idempotent, crash-safe)."""
    from presslens.corpus.ingest import ingest as run_ingest

    if not paths and not retry_failed:
        raise typer.BadParameter("give at least one PATH (or --retry-failed)")
    settings = Settings.from_env(
        db=db, workers=workers, batch_size=batch_size, technique_min_confidence=min_confidence
    )
    stages = [s.strip() for s in only.split(",") if s.strip()] if only else None
    signal.signal(signal.SIGTERM, _interrupt)  # a polite kill stops as cleanly as Ctrl-C
    with _store(settings.db) as store:
        report = _with_progress(
            quiet,
            paths or [],
            lambda cb: run_ingest(
                paths or [],
                store,
                settings,
                workers=workers,
                retry_failed=retry_failed,
                only=stages,
                on_batch=cb,
            ),
        )
    if report.interrupted:
        typer.echo("ingest interrupted: whole batches only were stored; run it again to finish", err=True)
    typer.echo(json.dumps(report.as_dict()), err=True)
    if report.interrupted:
        raise typer.Exit(130)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _with_progress(quiet: bool, paths: list[str], run: Callable[[Any], Any]) -> Any:
    if quiet:
        return run(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from presslens.readers import count_inputs

    total = count_inputs(paths) if paths else None
    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn(
            "{task.fields[rate]:.1f}/s  new {task.fields[new]}  updated {task.fields[updated]}  "
            "skipped {task.fields[skipped]}  failed {task.fields[failed]}"
        ),
    )
    with Progress(*columns, transient=False, console=_stderr_console()) as progress:
        task = progress.add_task("ingest", total=total, rate=0.0, new=0, updated=0, skipped=0, failed=0)

        def on_batch(report: Any) -> None:
            progress.update(
                task,
                completed=report.seen,
                rate=report.rate,
                new=report.new,
                updated=report.updated,
                skipped=report.skipped,
                failed=report.failed,
            )

        return run(on_batch)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def search(
    query: Annotated[str, typer.Argument(help='Words (all must match); "quoted phrase"')],
    db: DbOpt = None,
    outlet: Annotated[str | None, typer.Option("--outlet")] = None,
    since: Annotated[str | None, typer.Option("--since", help="ISO date, inclusive")] = None,
    until: Annotated[str | None, typer.Option("--until", help="ISO date, inclusive")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Actor name or alias")] = None,
    technique: Annotated[str | None, typer.Option("--technique", help="e.g. Loaded_Language")] = None,
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Full-text search over stored articles."""
    from presslens.store import search as run_search

    with _store(db) as store:
        rows = run_search(
            store,
            query,
            outlet=outlet,
            since=since,
            until=until,
            entity=entity,
            technique=technique,
            limit=limit,
        )
    emit(rows, fmt, ["id", "published", "outlet", "title", "snippet"], title=f"search: {query}")


def entities(
    db: DbOpt = None,
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, …")] = None,
    limit: LimitOpt = 20,
    fmt: FormatOpt = "table",
) -> None:
    """Top actors: articles, mentions, aliases, co-occurring actors."""
    from presslens.store import entities as top_entities

    with _store(db) as store:
        rows = top_entities(store, limit=limit, type_=type_)
    emit(rows, fmt, ["name", "type", "articles", "mentions", "aliases", "cooccurring", "id"], title="actors")


def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name or alias")] = None,
    cue_class: Annotated[
        str | None,
        typer.Option(
            "--cue-class",
            help="Only quotes whose cue is of this class: speech, thought, evidence, stance, action",
        ),
    ] = None,
    db: DbOpt = None,
    limit: LimitOpt = 50,
    fmt: FormatOpt = "table",
) -> None:
    """Stored quotes, optionally by one speaker and of one cue class."""
    from presslens.store import quotes as find_quotes

    with _store(db) as store:
        rows = find_quotes(store, speaker=speaker, cue_class=cue_class, limit=limit)
    cols = ["published", "outlet", "speaker", "kind", "cue_class", "content", "article_id"]
    emit(rows, fmt, cols, title="quotes")


def stats(db: DbOpt = None, fmt: FormatOpt = "table") -> None:
    """Per outlet: articles, failed, skipped (stages skipped for language), techniques per 1,000 words, top speakers."""
    from presslens.store import stats as outlet_stats

    with _store(db) as store:
        rows = outlet_stats(store)
    emit(
        rows,
        fmt,
        [
            "outlet",
            "articles",
            "failed",
            "skipped",
            "words",
            "techniques",
            "techniques_per_1k_words",
            "top_speakers",
        ],
        title="outlets",
    )


def clusters(db: DbOpt = None, limit: LimitOpt = 50, fmt: FormatOpt = "table") -> None:
    """Near-duplicate / syndication clusters: origin and copies with diff stats."""
    from presslens.store import clusters as find_clusters

    with _store(db) as store:
        found = find_clusters(store, limit=limit)
    if fmt == "json":
        emit(found, fmt)
        return
    rows = [{"cluster": c["cluster_id"], **m} for c in found for m in c["members"]]
    emit(
        rows,
        fmt,
        [
            "cluster",
            "article_id",
            "is_origin",
            "published",
            "outlet",
            "similarity",
            "chars_added",
            "chars_cut",
            "sentences_added",
            "sentences_cut",
        ],
        title="near-duplicate clusters",
    )


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet | ftm")] = "jsonl",
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="File (jsonl, ftm; default stdout) or folder")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export stored records."""
    from presslens.export import export as run_export

    with _store(db) as store:
        n = run_export(store, fmt, out)
    if out:
        typer.echo(f"wrote {n} records to {out}", err=True)


COMMANDS = (ingest, search, entities, quotes, stats, clusters, export)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""
    for fn in COMMANDS:
        app.command(fn.__name__)(_errors(fn))


def make_app() -> typer.Typer:
    app = typer.Typer(add_completion=False, no_args_is_help=True, help="presslens corpus commands")
    register(app)
    return app


if __name__ == "__main__":
    make_app()()
