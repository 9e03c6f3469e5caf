#!/usr/bin/env python
"""Throughput of the technique stage, beside spaCy parsing (the rest of the pipeline's cost).

    python bench/techniques.py [--texts DIR] [--limit N] [--no-spacy] [--stage presslens.techniques.crf.v3]

Texts: PTC dev articles when ``../shared/data/ptc`` exists, else the seed article repeated.
The technique stage (default: the registry's default, v4) runs on articles that already went
through the stages before it (extract, nlp, entities: not timed here; v4 reads the entities to
mask names).  Prints a plain table: articles, words, seconds, ms per article, articles/s,
words/s, and the technique stage's time as a share of the spaCy parse time.  For the stage's
share of the whole pipeline, see ``bench/pipeline.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from presslens.model import Article  # noqa: E402
from presslens.settings import Settings  # noqa: E402
from presslens.techniques.sentences import count_words  # noqa: E402

SHARED = ROOT.parent / "shared"


def load_texts(folder: Path | None, limit: int) -> tuple[str, list[str]]:
    if folder is None:
        ptc = SHARED / "data" / "ptc" / "dev-articles"
        if ptc.is_dir():
            folder = ptc
    if folder is not None:
        texts = []
        for p in sorted(folder.glob("*.txt"))[:limit]:
            with open(p, encoding="utf-8", newline="") as f:
                texts.append(f.read())
        return str(folder), texts
    seed = SHARED / "seed" / "seed-article.txt"
    with open(seed, encoding="utf-8", newline="") as f:
        text = f.read()
    return str(seed) + " x20", [text] * 20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=75)
    ap.add_argument("--no-spacy", action="store_true")
    ap.add_argument("--stage", default="techniques", help="technique stage name (default: the default one)")
    args = ap.parse_args(argv)
    where, texts = load_texts(args.texts, args.limit)
    words = sum(count_words(t) for t in texts)
    n = len(texts)
    print(f"texts: {where} ({n} articles, {words} words)")

    from presslens.api import analyze_articles
    from presslens.pipeline.registry import lookup

    info = lookup(args.stage)
    t0 = time.perf_counter()
    tagger = info.factory(Settings())
    load_s = time.perf_counter() - t0
    before = list(analyze_articles([Article(text=t, id=str(i)) for i, t in enumerate(texts)], Settings(), ["entities"]))
    tagger.pipe([before[0]])  # warm-up
    t0 = time.perf_counter()
    out = tagger.pipe(before)
    tech_s = time.perf_counter() - t0
    spans = sum(len(a.techniques) for a in out)

    rows = [(f"techniques ({info.name})", tech_s)]
    if not args.no_spacy:
        from presslens.stages.nlp import load_nlp

        nlp = load_nlp(None)
        list(nlp.pipe(texts[:2]))  # warm-up
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        rows.append(
            (
                f"spaCy parse ({nlp.meta.get('name', '?')} {nlp.meta.get('version', '')})",
                time.perf_counter() - t0,
            )
        )

    header = f"{'stage':<44} {'seconds':>8} {'ms/article':>11} {'articles/s':>11} {'words/s':>9}"
    print(header)
    print("-" * len(header))
    for name, s in rows:
        print(f"{name:<44} {s:>8.2f} {1000 * s / n:>11.1f} {n / s:>11.1f} {words / s:>9.0f}")
    print(f"model load: {load_s:.2f} s (once per process); spans predicted: {spans}")
    if len(rows) > 1:
        print(f"technique stage time / spaCy parse time: {rows[0][1] / rows[1][1]:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
