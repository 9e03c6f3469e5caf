"""Server-side SVG pictures for the web UI: actor graphs and publication timelines.

Drawn by hand (a few dozen lines of SVG each): the small per-article link graph (a circle is
readable for the 5-40 actors one article names), timelines on a real time axis and interval
charts.  The corpus-wide actor graph is interactive (cytoscape.js, vendored under static/vendor).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
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


COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
BUCKETS = ("day", "week", "month")
MIN_SPAN = {"day": 14, "week": 70, "month": 270}  # days shown at least, per bucket


def _bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next_bucket(day: date, bucket: str) -> date:
    if bucket == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if bucket == "week" else 1)


def pick_bucket(days: list[date]) -> str:
    span = (max(days) - min(days)).days if days else 0
    return "day" if span <= 92 else "week" if span <= 730 else "month"


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Axis labels: days for a short span, months or years for longer ones (at most ~12)."""
    span = (last - first).days
    if span <= 14:
        return [
            (first + timedelta(days=i), (first + timedelta(days=i)).isoformat()[5:]) for i in range(span + 1)
        ]
    if span <= 120:
        step = max(1, span // 8)
        return [
            (first + timedelta(days=i), (first + timedelta(days=i)).isoformat()[5:])
            for i in range(0, span + 1, step)
        ]
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = _next_bucket(day, "month")
    if len(months) > 12:
        years = sorted({m.year for m in months})
        every = max(1, len(years) // 10)
        return [(date(y, 1, 1), str(y)) for y in years[::every] if date(y, 1, 1) >= first]
    return [(m, m.strftime("%Y-%m")) for m in months if m >= first]


def timeline_svg(
    rows: list[tuple[str, str, int]], bucket: str = "auto", width: int = 760, height: int = 180
) -> str:
    """Counts on a real time axis, stacked by outlet: ``rows`` of (ISO day, outlet, n).

    ``bucket`` is day, week, month or auto; a gap in time is a gap on the axis."""
    parsed = []
    for day_s, outlet, n in rows:
        try:
            parsed.append((date.fromisoformat((day_s or "")[:10]), outlet, n))
        except ValueError:
            continue  # an unparseable date is left off the axis
    if not parsed:
        return ""
    bucket = bucket if bucket in BUCKETS else pick_bucket([d for d, _, _ in parsed])
    per: dict[date, Counter] = {}
    for day, outlet, n in parsed:
        per.setdefault(_bucket_start(day, bucket), Counter())[outlet] += n
    outlets = [o for o, _ in sum(per.values(), Counter()).most_common(len(COLOURS))]
    first, last = min(per), _next_bucket(max(per), bucket)
    short = MIN_SPAN[bucket] - (last - first).days  # a short range is padded, not stretched
    if short > 0:
        first, last = first - timedelta(days=short // 2), last + timedelta(days=short - short // 2)
    span = max(1, (last - first).days)
    left, plot_w = 40, width - 50

    def x_of(day: date) -> float:
        return left + plot_w * (day - first).days / span

    top = max(sum(c.values()) for c in per.values())
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height + 44}" role="img" aria-label="timeline per {bucket}">'
    ]
    parts.append(f'<line x1="{left}" y1="{height}" x2="{left + plot_w}" y2="{height}" class="axis-line"/>')
    for start, counts in sorted(per.items()):
        x, w = x_of(start), max(1.0, x_of(_next_bucket(start, bucket)) - x_of(start) - 1)
        y = float(height)
        for j, outlet in enumerate([*outlets, "(other)"]):
            n = (
                counts.get(outlet, 0)
                if outlet != "(other)"
                else sum(v for k, v in counts.items() if k not in outlets)
            )
            if not n:
                continue
            h = (height - 20) * n / top
            y -= h
            colour = COLOURS[j] if j < len(COLOURS) else "#bbb"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(bucket)} of {start.isoformat()} · {escape(outlet)}: {n}</title></rect>"
            )
    for day, label in _ticks(first, last - timedelta(days=1)):
        x = x_of(day)
        parts.append(f'<line x1="{x:.1f}" y1="{height}" x2="{x:.1f}" y2="{height + 4}" class="axis-line"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height + 15}" text-anchor="middle" class="axis">{escape(label)}</text>'
        )
    parts.append(f'<text x="{left - 5}" y="24" text-anchor="end" class="axis">{top}</text>')
    parts.append(f'<text x="{left - 5}" y="{height}" text-anchor="end" class="axis">0</text>')
    for j, outlet in enumerate(outlets):
        parts.append(
            f'<rect x="{left + j * 92}" y="{height + 26}" width="10" height="10" fill="{COLOURS[j]}"/>'
            f'<text x="{left + 14 + j * 92}" y="{height + 35}" class="axis">{escape(outlet[:14])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def interval_svg(rows: list[dict], width: int = 560, label_w: int = 180) -> str:
    """Dot-and-whisker chart: ``rows`` of {label, rate, low, high} on one shared axis."""
    if not rows:
        return ""
    top = max(max(r["high"], r["rate"]) for r in rows) or 1.0
    line_h, plot_w = 22, width - label_w - 50
    parts = [
        f'<svg class="intervals" viewBox="0 0 {width} {line_h * len(rows) + 24}" role="img" aria-label="rates with intervals">'
    ]
    for i, r in enumerate(rows):
        y = 14 + i * line_h
        x_of = lambda v: label_w + plot_w * v / top  # noqa: E731
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 4}" text-anchor="end" class="axis">{escape(str(r["label"])[:28])}</text>'
        )
        parts.append(
            f'<line x1="{x_of(r["low"]):.1f}" y1="{y}" x2="{x_of(r["high"]):.1f}" y2="{y}" class="whisker"/>'
        )
        parts.append(
            f'<circle cx="{x_of(r["rate"]):.1f}" cy="{y}" r="4" class="dot"><title>{escape(str(r["label"]))}: '
            f"{r['rate']:.2f} (95% interval {r['low']:.2f}–{r['high']:.2f})</title></circle>"
        )
        parts.append(
            f'<text x="{width - 4}" y="{y + 4}" text-anchor="end" class="axis">{r["rate"]:.2f}</text>'
        )
    y = 14 + len(rows) * line_h - 8
    parts.append(f'<text x="{label_w}" y="{y}" class="axis">0</text>')
    parts.append(
        f'<text x="{label_w + plot_w}" y="{y}" text-anchor="end" class="axis">{top:.1f} per 1,000 words</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def highlight_html(
    text: str, spans: list[tuple[int, int, str, str]], anchors: dict[int, list[str]] | None = None
) -> str:
    """Text as HTML with ``spans`` (start, end, css class, tooltip) marked; overlaps are nested by
    splitting at every boundary, so each character carries all the classes that cover it.
    ``anchors`` (offset -> element ids) puts empty targets for in-page links at those offsets."""
    anchors = anchors or {}
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans), *anchors})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out += [f'<span id="{escape(i)}" class="anchor"></span>' for i in anchors.get(a, [])]
        cover = [(c, tip) for s, e, c, tip in spans if s <= a and b <= e]
        piece = escape(text[a:b]).replace("\n", "<br><br>")
        if cover:
            classes = " ".join(sorted({c for c, _ in cover}))
            tips = escape(" | ".join(dict.fromkeys(t for _, t in cover)))
            out.append(f'<span class="{classes}" title="{tips}" data-start="{a}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)
