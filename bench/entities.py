"""Entity extraction alone: the default tagger stage against the legacy stage, same parsed docs.

    python bench/entities.py [--docs 100]

PTC articles (read from ../shared/data at run time) are parsed by spaCy once, untimed; then each
entities stage runs over the same parsed articles and its CPU time is printed (model loading
excluded, one warm-up article first).  Words per CPU-second and the ratio new / legacy.
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
from presslens.pipeline.runner import one_blas_thread  # noqa: E402
from presslens.settings import Settings  # noqa: E402
from presslens.stages.entities import EntityStage, TaggerEntityStage  # noqa: E402
from presslens.stages.nlp import SpacyParse  # noqa: E402


def run(stage, articles: list[Article]) -> float:
    """CPU seconds of ``stage`` over ``articles``, with NumPy's BLAS on one thread as in the
    pipeline (``presslens.pipeline.runner.one_blas_thread``)."""
    stage(Article(text=articles[0].text, cache=dict(articles[0].cache)))  # warm-up
    with one_blas_thread():
        t0 = time.process_time()
        for art in articles:
            art.cache.pop("encoded", None)
            stage(art)
        return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100)
    args = ap.parse_args()
    texts = news_texts(args.docs)
    parse = SpacyParse(Settings())
    articles = parse.pipe([Article(text=t) for t in texts])
    words = sum(len(t.split()) for t in texts)
    settings = Settings()
    legacy, tagger = EntityStage(settings), TaggerEntityStage(settings)
    old = run(legacy, articles)
    new = run(tagger, articles)
    print(f"{len(texts)} articles, {words} words (CPU seconds, model loading excluded)")
    print(f"  legacy  presslens.entities.resolved.v1  {old:7.2f} s  {words / old:8.0f} words/CPU-s")
    print(f"  default presslens.entities.tagger.v1    {new:7.2f} s  {words / new:8.0f} words/CPU-s")
    print(f"  ratio default / legacy speed: {old / new:.2f}")


if __name__ == "__main__":
    main()
