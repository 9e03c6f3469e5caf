"""Score presslens' extraction and plain trafilatura on the ScrapingHub article-extraction benchmark.

    python eval/extraction.py [--data ../shared/data/article-extraction-benchmark] [--json OUT]

Prints precision / recall / F1 with the benchmark's own metric (4-gram shingles, page-averaged
P and R, F1 of the averages) for presslens and trafilatura (defaults, and with
``include_comments=False``) side by side, on the same pages in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from presslens.pipeline.scoring_extraction import corpus_scores  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"


def load_benchmark(data: Path) -> list[tuple[str, bytes, str, str]]:
    """(id, html bytes, url, gold body) for every page."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(gold.items()):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, html, item.get("url"), item["articleBody"]))
    return pages


def presslens_texts(pages: list[tuple[str, bytes, str, str]]) -> list[str]:
    from presslens.api import extract_bytes

    return [extract_bytes(html, url=url).text for _, html, url, _ in pages]


def trafilatura_texts(pages: list[tuple[str, bytes, str, str]], **options: object) -> list[str]:
    import trafilatura

    return [trafilatura.extract(html, url=url, **options) or "" for _, html, url, _ in pages]  # type: ignore[arg-type]


def evaluate(data: Path = DEFAULT_DATA) -> dict[str, dict[str, float]]:
    pages = load_benchmark(data)
    gold = [g for *_, g in pages]
    systems = {
        "presslens": presslens_texts(pages),
        "trafilatura (defaults)": trafilatura_texts(pages),
        "trafilatura (include_comments=False)": trafilatura_texts(pages, include_comments=False),
    }
    return {name: corpus_scores(zip(gold, texts, strict=True)) for name, texts in systems.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found at {args.data}")
    scores = evaluate(args.data)
    print(f"{'system':40} {'precision':>9} {'recall':>7} {'F1':>7}   ({scores['presslens']['pages']} pages)")
    for name, s in scores.items():
        print(f"{name:40} {s['precision']:9.4f} {s['recall']:7.4f} {s['f1']:7.4f}")
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2))


if __name__ == "__main__":
    main()
