"""Server-side SVG pictures for the web UI: actor graphs and publication timelines.

Drawn by hand (a few dozen lines of SVG) because the UI must work offline with no CDN and no
JavaScript build: a circular layout is readable for the 5-40 actors an article or a query shows.
"""

from __future__ import annotations

import math
from collections import Counter
from html import escape

PALETTE = {
    "PERSON": "#1f77b4", "ORG": "#d62728", "GPE": "#2ca02c", "LOC": "#17becf", "NORP": "#9467bd",
    "EVENT": "#ff7f0e", "FAC": "#8c564b", "DATE": "#7f7f7f",
}  # fmt: skip


def graph_svg(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str, str]], size: int = 560) -> str:
    """``nodes`` (id, label, type) on a circle; ``edges`` (source, target, label) as lines."""
    if not nodes:
        return ""
    cx = cy = size / 2
    r = size / 2 - 110
    pos = {}
    for i, (nid, _, _) in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[nid] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    parts = [f'<svg class="graph" viewBox="0 0 {size} {size}" role="img" aria-label="actor graph">']
    for src, dst, label in edges:
        if src in pos and dst in pos and src != dst:
            (x1, y1), (x2, y2) = pos[src], pos[dst]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="edge">'
                f"<title>{escape(label)}</title></line>"
            )
            if label:
                parts.append(
                    f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" class="edge-label">{escape(label)}</text>'
                )
    for nid, label, type_ in nodes:
        x, y = pos[nid]
        anchor = "start" if x >= cx else "end"
        dx = 9 if x >= cx else -9
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{PALETTE.get(type_, "#555")}"><title>{escape(type_)}</title></circle>'
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" class="node-label">{escape(label[:32])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(rows: list[tuple[str, str]], width: int = 760, height: int = 180) -> str:
    """Articles per day, stacked by outlet: ``rows`` of (ISO date, outlet)."""
    days = sorted({d for d, _ in rows if d})
    if not days:
        return ""
    per_day = Counter(d for d, _ in rows if d)
    outlets = [o for o, _ in Counter(o for _, o in rows).most_common(8)]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    top = max(per_day.values())
    bar_w = max(2.0, (width - 60) / len(days))
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height + 40}" role="img" aria-label="timeline">']
    for i, day in enumerate(days):
        y = height
        counts = Counter(o for d, o in rows if d == day)
        for j, outlet in enumerate(outlets + ["(other)"]):
            n = (
                counts.get(outlet, 0)
                if outlet != "(other)"
                else sum(v for k, v in counts.items() if k not in outlets)
            )
            if not n:
                continue
            h = (height - 20) * n / top
            y -= h
            colour = colours[j] if j < len(colours) else "#bbb"
            parts.append(
                f'<rect x="{40 + i * bar_w:.1f}" y="{y:.1f}" width="{max(1.0, bar_w - 1):.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(day)} · {escape(outlet)}: {n}</title></rect>'
            )
    parts.append(f'<text x="40" y="{height + 15}" class="axis">{escape(days[0])}</text>')
    parts.append(
        f'<text x="{width - 10}" y="{height + 15}" text-anchor="end" class="axis">{escape(days[-1])}</text>'
    )
    parts.append(f'<text x="35" y="20" text-anchor="end" class="axis">{top}</text>')
    for j, outlet in enumerate(outlets):
        parts.append(
            f'<rect x="{40 + j * 90}" y="{height + 24}" width="10" height="10" fill="{colours[j]}"/>'
            f'<text x="{54 + j * 90}" y="{height + 33}" class="axis">{escape((outlet or "?")[:12])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def highlight_html(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Text as HTML with ``spans`` (start, end, css class, tooltip) marked; overlaps are nested by
    splitting at every boundary, so each character carries all the classes that cover it."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [(c, tip) for s, e, c, tip in spans if s <= a and b <= e]
        piece = escape(text[a:b]).replace("\n", "<br><br>")
        if cover:
            classes = " ".join(sorted({c for c, _ in cover}))
            tips = escape(" | ".join(dict.fromkeys(t for _, t in cover)))
            out.append(f'<span class="{classes}" title="{tips}" data-start="{a}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)
