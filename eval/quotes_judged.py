"""Precision and calibration of the quote stage on fresh pages judged by hand.

    python eval/quotes_judged.py [--source ptc-s13] [--show]

``eval/gold/quotes_judged.jsonl`` holds every quote the stage output (at the commit named in each
row) on 120 PTC train articles (partisan and state-affiliated outlets) that were read in sessions
13 and 14, each judged by an analyst before any rule was written from it: is it a quote by issue
11's definition (``quote``: y, b = borderline, counted right, n), are its content boundaries right
(``content_verdict``) and is its speaker right (``speaker_verdict``: ok, wrong, null).  Offsets and
short names only; the article text is read from ``../shared/data/ptc/train-articles/``.

The current code is run on the same articles and each predicted quote is matched to the judged
quote of its article whose content it shares at least half of (Dice ≥ 0.5) with an overlapping cue.
A match keeps the judgment of whether it is a quote; its speaker judgment holds only while the
speaker is the judged one (a speaker the code now gives where the judged quote had another or none
is *unjudged*, and counted apart).  Printed per source and half (A: rules were written from its
errors; B: held out when judged, read later): quote precision and speaker precision over judged
quotes, how many predictions are unjudged, and the reliability of ``confidence`` (right = a quote
whose speaker is right or null; and a second table where its content boundaries must be right too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes import analyse, build_stages, reliability  # noqa: E402

from presslens.model import Article, Quote  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "gold" / "quotes_judged.jsonl"
PTC_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train-articles"
MIN_DICE = 0.5


@dataclass
class Tally:
    """Counts for one source and half."""

    pred: int = 0  # current predictions on these articles
    judged: int = 0  # ... matched to a judged quote
    quote_ok: int = 0  # ... judged a quote (y or b)
    speaker_ok: int = 0  # judged speaker, same as now, right
    speaker_wrong: int = 0  # judged speaker, same as now, wrong
    speaker_unjudged: int = 0  # a speaker the judged quote did not have
    abstained_ok: int = 0  # judged speaker right, now null
    abstained_wrong: int = 0  # judged speaker wrong, now null
    judged_rows: int = 0  # judged quotes on these articles
    calib: list[tuple[float, bool]] = field(default_factory=list)
    calib_strict: list[tuple[float, bool]] = field(default_factory=list)  # content boundaries right too

    def add(self, other: Tally) -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


def load(path: Path = JUDGED) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _chars(frags: Any) -> frozenset[int]:
    return frozenset(i for s, e in frags for i in range(s, e))


def match(q: Quote, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The judged row whose content ``q`` shares at least half of (Dice) and whose cue overlaps
    ``q``'s cue; the best such row, or None."""
    pc = _chars((s.start, s.end) for s in q.content)
    best, best_dice = None, MIN_DICE
    for r in rows:
        rc = _chars(r["content"])
        if not pc or not rc:
            continue
        dice = 2 * len(pc & rc) / (len(pc) + len(rc))
        cue_ok = (q.cue is None) == (r["cue"] is None) and (
            q.cue is None or (q.cue.start < r["cue"][1] and r["cue"][0] < q.cue.end)
        )
        if cue_ok and dice >= best_dice:
            best, best_dice = r, dice
    return best


def score_article(article: Article, rows: list[dict[str, Any]], tally: Tally, show: bool = False) -> None:
    names = {e.id: {e.name, *e.aliases} for e in article.entities}
    text = article.text
    tally.judged_rows += len(rows)
    for q in article.quotes:
        tally.pred += 1
        r = match(q, rows)
        if r is None:
            if show:
                print(f"  unjudged quote {rows[0]['doc'] if rows else ''}: {_show(text, q)}")
            continue
        tally.judged += 1
        is_quote = r["quote"] in ("y", "b")
        bounds = r["content_verdict"] in ("ok", "minor")
        tally.quote_ok += is_quote
        if q.speaker is None:
            tally.abstained_ok += r["speaker_verdict"] == "ok"
            tally.abstained_wrong += r["speaker_verdict"] == "wrong"
            tally.calib.append((q.confidence, is_quote))
            tally.calib_strict.append((q.confidence, is_quote and bounds))
            continue
        if r["speaker"] is None or r["speaker"] not in names.get(q.speaker, ()):
            tally.speaker_unjudged += 1
            if show:
                print(f"  unjudged speaker {r['doc']} {r['item']}: {_show(text, q)}")
            continue
        ok = r["speaker_verdict"] == "ok"
        tally.speaker_ok += ok
        tally.speaker_wrong += not ok
        tally.calib.append((q.confidence, is_quote and ok))
        tally.calib_strict.append((q.confidence, is_quote and ok and bounds))


def _show(text: str, q: Quote) -> str:
    src = q.source.of(text) if q.source else "-"
    return f"[{src}] [{q.cue.of(text) if q.cue else '-'}] {' … '.join(s.of(text) for s in q.content)[:80]!r}"


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "  n/a"


def score_judged(rows: list[dict[str, Any]], show: bool = False) -> dict[tuple[str, str], Tally]:
    """Run the current stages on the judged articles; a :class:`Tally` per (source, half)."""
    by_doc: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_doc[(r["source"], r["set"], r["doc"])].append(r)
    stages, _ = build_stages()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    keys = sorted(by_doc)
    texts = [(PTC_TRAIN / doc).read_text(encoding="utf-8") for _, _, doc in keys]
    for key, article in zip(keys, analyse(texts, stages), strict=True):
        score_article(article, by_doc[key], tallies[key[:2]], show)
    return dict(tallies)


def _line(name: str, half: str, t: Tally) -> str:
    return (
        f"{name:12s} {half:3s} {t.pred:5d} {t.judged:6d}  {_ratio(t.quote_ok, t.judged):18s} "
        f"{_ratio(t.speaker_ok, t.speaker_ok + t.speaker_wrong):19s} {t.speaker_unjudged:5d}"
        f"             {t.abstained_ok:3d} / {t.abstained_wrong}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judged", type=Path, default=JUDGED)
    ap.add_argument("--source", default=None, help="only this source")
    ap.add_argument("--show", action="store_true", help="list unjudged predictions")
    args = ap.parse_args(argv)
    if not PTC_TRAIN.exists():
        sys.exit(f"PTC train articles not found under {PTC_TRAIN}")
    tallies = score_judged([r for r in load(args.judged) if args.source in (None, r["source"])], args.show)
    print(
        f"{'source':12s} {'set':3s} {'pred':>5s} {'judged':>6s}  quote precision    speaker precision"
        "   unjudged speaker  now null (judged ok / wrong)"
    )
    total = Tally()
    for (source, half), t in sorted(tallies.items()):
        total.add(t)
        print(_line(source, half, t))
    print(_line("all", "", total))
    print(f"judged quotes on these articles: {total.judged_rows}")
    print("reliability of `confidence` over judged predictions (right = a quote, speaker right or null):")
    reliability(total.calib)
    print("... and right = also its content boundaries right (not cut short nor run over):")
    reliability(total.calib_strict)


if __name__ == "__main__":
    main()
