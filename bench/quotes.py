"""The quote stage's share of pipeline time (nlp + entities + quotes), per stage, in process.

    python bench/quotes.py [--docs 100] [--repeat 3]

Texts: PTC articles read from ../shared/data at run time (never copied).  Each stage runs over
all texts; the quote stage is timed ``--repeat`` times on the same parsed articles and the best
run is kept.  Prints seconds per stage and the quote stage's share of the three.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import news_texts  # noqa: E402

from presslens.model import Article  # noqa: E402
from presslens.pipeline import lookup  # noqa: E402
from presslens.settings import Settings  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    settings = Settings()
    nlp, ents, quotes = (lookup(n).factory(settings) for n in ("nlp", "entities", "quotes"))
    articles = [Article(text=t) for t in news_texts(args.docs)]
    t0 = time.process_time()
    articles = nlp.pipe(articles)
    t1 = time.process_time()
    articles = [ents(a) for a in articles]
    t2 = time.process_time()
    best = float("inf")
    for _ in range(args.repeat):
        t = time.process_time()
        done = [quotes(a) for a in articles]
        best = min(best, time.process_time() - t)
    n_quotes = sum(len(a.quotes) for a in done)
    total = (t1 - t0) + (t2 - t1) + best
    print(f"{len(articles)} articles, {n_quotes} quotes (CPU seconds)")
    print(f"  nlp       {t1 - t0:7.2f}")
    print(f"  entities  {t2 - t1:7.2f}")
    print(f"  quotes    {best:7.2f}   share {100 * best / total:.1f} %")


if __name__ == "__main__":
    main()
