"""Cluster commands: ``presslens spark`` (the PySpark job) and ``presslens load`` (its output -> store).

Thin shells over :func:`presslens.spark.run_job` and :func:`presslens.corpus.load.load`;
``register(app)`` adds them to the main Typer app.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from presslens.cli_corpus import DbOpt, _errors, _store
from presslens.settings import Settings


def spark(
    inputs: Annotated[
        list[str], typer.Argument(help="WARC, JSONL, pages, folders, *.parquet tables; any Hadoop path")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Output folder (overwritten)")],
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[4] (default: every local core)")
    ] = None,
    partitions: Annotated[int | None, typer.Option(min=1, help="Analysis partitions")] = None,
    only: Annotated[str | None, typer.Option(help="Comma-separated stages (and what they need)")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline (package name or path)")] = None,
) -> None:
    """Analyse a corpus on Spark; write the export's Parquet tables and near-duplicate clusters."""
    from presslens.spark import _default_master, run_job, session

    settings = Settings.from_env(spacy_model=model)
    stages = [s.strip() for s in only.split(",") if s.strip()] if only else None
    spark_session = session(master or _default_master())
    report = run_job(spark_session, inputs, output, settings, stages, partitions)
    typer.echo(json.dumps(report.as_dict()))


def load(
    folder: Annotated[str, typer.Argument(help="Output of `presslens spark` (or a Parquet export folder)")],
    db: DbOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per transaction")] = 200,
) -> None:
    """Load a Spark output into the store (idempotent: a second load changes nothing)."""
    from presslens.corpus.load import load as run_load

    with _store(db) as store:
        report = run_load(folder, store, batch_size)
    for aid, why in report.rejected:
        typer.echo(f"not loaded: {aid}: {why}", err=True)
    typer.echo(json.dumps(report.as_dict()), err=True)


def register(app: typer.Typer) -> None:
    for fn in (spark, load):
        app.command(fn.__name__)(_errors(fn))
