"""Command line: ``presslens analyze PATH... [--format json|jsonl|text] [--only STAGE,...]``.

A thin shell over :mod:`presslens.api`.  Exit codes: 0 ok, 1 some documents failed (their
records are still printed, with ``errors``), 2 usage error.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from presslens import __version__
from presslens.cli_options import MinConfidenceOpt
from presslens.errors import PresslensError
from presslens.settings import Settings

app = typer.Typer(
    name="presslens",
    help="Read news pages the way a careful analyst does.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """presslens: clean text, actors and links, attributed quotes and rhetoric from news pages."""


def parse_only(only: str | None) -> list[str] | None:
    return [s.strip() for s in only.split(",") if s.strip()] if only else None


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl, .warc[.gz], or - for stdin")],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="json: one object; jsonl: one per line")
    ] = Format.json,
    only: Annotated[
        str | None, typer.Option(help="Run only these stages (and what they need), e.g. extract")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline (package name or path)")] = None,
    gazetteer: Annotated[list[Path] | None, typer.Option(help="Extra gazetteer / FtM entity file")] = None,
    progress: Annotated[
        bool | None, typer.Option(help="Progress bar on stderr (default: for folders)")
    ] = None,
    min_confidence: MinConfidenceOpt = None,
) -> None:
    """Analyse news pages and print one record per document."""
    from presslens.api import analyze_paths
    from presslens.readers import count_inputs
    from presslens.readers.core import path_exists

    missing = [p for p in paths if not path_exists(p)]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    settings = Settings.from_env(
        spacy_model=model,
        gazetteers=tuple(str(g) for g in gazetteer or ()),
        technique_min_confidence=min_confidence,
    )
    total = count_inputs(paths)
    single = total == 1
    if fmt is Format.json and not single:
        fmt = Format.jsonl  # several documents: one object per line
    show = progress if progress is not None else not single
    failed = 0
    try:
        records = analyze_paths(paths, settings, parse_only(only))
        with _progress(show, total) as tick:
            for article in records:
                failed += article.failed
                _emit(article, fmt)
                tick()
    except PresslensError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e
    raise typer.Exit(1 if failed else 0)


def _emit(article: object, fmt: Format) -> None:
    from presslens.model import Article

    assert isinstance(article, Article)  # noqa: S101 - narrowing for the type checker
    if fmt is Format.json:
        sys.stdout.write(article.to_json(indent=2) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write(article.to_json() + "\n")
    else:
        from presslens.report import print_report

        print_report(article)
    sys.stdout.flush()


class _progress:
    """A rich progress bar on stderr (count, rate, elapsed), or nothing."""

    def __init__(self, show: bool, total: int | None):
        self.show, self.total = show, total

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.show:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn

        from presslens.report import RateColumn

        self.bar = Progress(
            SpinnerColumn(), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        )  # fmt: skip
        self.bar.start()
        task = self.bar.add_task("analyse", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.show:
            self.bar.stop()


@app.command()
def serve(
    db: Annotated[str | None, typer.Option(help="Database URL or SQLite path")] = None,
    host: Annotated[
        str, typer.Option(help="Interface to listen on (loopback unless --allow-remote)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Allow a non-loopback --host (needs --token)")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="PRESSLENS_TOKEN", help="Access token required by /api/analyze and the analyse form"
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web UI."""
    import uvicorn

    from presslens.http import create_app
    from presslens.http.security import is_loopback

    if not is_loopback(host) and not allow_remote:
        raise typer.BadParameter(
            f"{host} is not a loopback address; pass --allow-remote (and --token) to expose it"
        )
    if not is_loopback(host) and not token:
        raise typer.BadParameter("--allow-remote needs --token (or PRESSLENS_TOKEN) to protect /api/analyze")
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info")


def _register_extra() -> None:
    try:
        from presslens import cli_corpus, cli_spark
    except ImportError:
        return
    cli_corpus.register(app)
    cli_spark.register(app)


_register_extra()


def main() -> None:
    try:
        app()
    except PresslensError as e:
        err.print(f"[red]error:[/red] {e}")
        sys.exit(2)


if __name__ == "__main__":
    main()
