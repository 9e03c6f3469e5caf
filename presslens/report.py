"""Human-readable output (``--format text``) and progress helpers, with rich."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import ProgressColumn, Task
from rich.table import Table
from rich.text import Text

from presslens.model import Article


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="cyan")


def _names(article: Article) -> dict[str, str]:
    return {ent.id: ent.name for ent in article.entities}


def print_report(article: Article, console: Console | None = None) -> None:
    console = console or Console()
    head = article.title or article.source.path or article.id
    console.rule(f"[bold]{escape(head)}")
    facts = [
        ("source", article.source.url or article.source.path),
        ("outlet", article.outlet),
        ("published", article.published),
        ("authors", ", ".join(article.authors)),
        ("dateline", article.dateline),
        ("language", article.language),
        ("id", article.id),
    ]
    for key, val in facts:
        if val:
            console.print(f"[dim]{key:>10}[/dim]  {escape(str(val))}")
    for err in article.errors:
        console.print(f"[red]error[/red] {escape(err.stage)}: {escape(err.message)}")
    if article.text:
        console.print()
        console.print(escape(article.text[:1500] + ("…" if len(article.text) > 1500 else "")))
    _entities(article, console)
    _quotes(article, console)
    _relations(article, console)
    _techniques(article, console)


def _entities(article: Article, console: Console) -> None:
    if not article.entities:
        return
    table = Table(title="Actors", show_lines=False)
    for col in ("id", "name", "type", "mentions", "aliases", "kb_id"):
        table.add_column(col)
    for ent in (e for e in article.entities if e.type not in ("DATE", "TIME")):
        table.add_row(
            ent.id, ent.name, ent.type, str(len(ent.mentions)), "; ".join(ent.aliases[:4]), ent.kb_id or ""
        )
    console.print(table)


def _quotes(article: Article, console: Console) -> None:
    if not article.quotes:
        return
    names = _names(article)
    console.print("[bold]Attributed claims[/bold]")
    for q in article.quotes:
        who = names.get(q.speaker or "") or (q.source.of(article.text) if q.source else "?")
        via = f" [dim]via[/dim] {escape(', '.join(names.get(v, v) for v in q.via))}" if q.via else ""
        cue = q.cue.of(article.text) if q.cue else ""
        content = " … ".join(s.of(article.text) for s in q.content)
        console.print(
            f"  • [cyan]{escape(who)}[/cyan]{via} [dim]{escape(cue)} ({q.kind}):[/dim] {escape(content[:300])}"
        )


def _relations(article: Article, console: Console) -> None:
    if not article.relations:
        return
    names = _names(article)
    console.print("[bold]Links between actors[/bold]")
    for rel in article.relations:
        when = f" [dim]({escape(rel.time)})[/dim]" if rel.time else ""
        console.print(
            f"  • [cyan]{escape(names.get(rel.subject, rel.subject))}[/cyan] [bold]{rel.predicate}[/bold] "
            f"[cyan]{escape(names.get(rel.object, rel.object))}[/cyan]{when} [dim]— “{escape(rel.evidence.of(article.text)[:140])}”[/dim]"
        )


def _techniques(article: Article, console: Console) -> None:
    if not article.techniques:
        return
    console.print("[bold]Persuasion techniques[/bold]")
    for tech in sorted(article.techniques, key=lambda t: t.start):
        span = article.text[tech.start : tech.end]
        console.print(
            f"  • [magenta]{tech.technique}[/magenta] [dim]{tech.confidence:.2f}[/dim] “{escape(span[:160])}”"
        )
    scores: dict[str, Any] = article.scores.get("techniques", {})
    if scores:
        console.print(f"[dim]technique scores:[/dim] {escape(str(scores))}")
