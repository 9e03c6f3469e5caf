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
    for ent in article.entities:
        table.add_row(ent.id, ent.name, ent.type, str(len(ent.mentions)), "; ".join(ent.aliases[:4]), ent.kb_id or "")
    console.print(table)


def _quotes(article: Article, console: Console) -> None:
    if not article.quotes:
        return
    names = _names(article)
    table = Table(title="Attributed claims")
    for col in ("speaker", "via", "cue", "kind", "content"):
        table.add_column(col, overflow="fold")
    for q in article.quotes:
        content = " … ".join(s.of(article.text) for s in q.content)
        table.add_row(
            names.get(q.speaker or "", q.source.of(article.text) if q.source else "?"),
            ", ".join(names.get(v, v) for v in q.via),
            q.cue.of(article.text) if q.cue else "",
            q.kind,
            content[:200],
        )
    console.print(table)


def _relations(article: Article, console: Console) -> None:
    if not article.relations:
        return
    names = _names(article)
    table = Table(title="Links between actors")
    for col in ("subject", "predicate", "object", "time", "evidence"):
        table.add_column(col, overflow="fold")
    for rel in article.relations:
        table.add_row(
            names.get(rel.subject, rel.subject), rel.predicate, names.get(rel.object, rel.object),
            rel.time or "", rel.evidence.of(article.text)[:160],
        )  # fmt: skip
    console.print(table)


def _techniques(article: Article, console: Console) -> None:
    if not article.techniques:
        return
    table = Table(title="Persuasion techniques")
    for col in ("technique", "span", "confidence"):
        table.add_column(col, overflow="fold")
    for tech in sorted(article.techniques, key=lambda t: t.start):
        table.add_row(tech.technique, article.text[tech.start : tech.end][:120], f"{tech.confidence:.2f}")
    console.print(table)
    scores: dict[str, Any] = article.scores.get("techniques", {})
    if scores:
        console.print(f"[dim]technique scores:[/dim] {escape(str(scores))}")
