"""Score presslens' extraction and plain trafilatura on two development sets, same pages, same run.

    python eval/extraction.py [--set scrapinghub|trafilatura-eval|all] [--limit N] [--json OUT]

* ``scrapinghub``: the ScrapingHub article-extraction benchmark (181 pages) with its own metric
  (4-gram shingles, page-averaged P and R, F1 of the averages).
* ``trafilatura-eval``: trafilatura's multilingual evaluation set (946 pages) with trafilatura's
  snippet metric (``tests/evaluate.py``): over all snippets, a "with" snippet found is a true
  positive, missing a false negative; a "without" snippet found is a false positive.

trafilatura runs with its defaults and with ``include_comments=False`` on the same pages.
The last column counts pages whose output is one paragraph of 80 words or more that runs two or
more of the page's own paragraph blocks together (``<p>``, list items, ``<br>``-separated text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from presslens.metrics.extraction import corpus_scores, snippet_scores  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
DEFAULT_DATA = DATA / "article-extraction-benchmark"
TRAFILATURA_EVAL = DATA / "trafilatura-eval"


def load_benchmark(data: Path = DEFAULT_DATA) -> list[tuple[str, bytes, str, str]]:
    """(id, html bytes, url, gold body) for every ScrapingHub page."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(gold.items()):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, html, item.get("url"), item["articleBody"]))
    return pages


def load_trafilatura_eval(data: Path = TRAFILATURA_EVAL) -> list[tuple[str, bytes, str, dict]]:
    """(file, html bytes, url, {"with": [...], "without": [...]}) for every page present."""
    gold = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(gold.items(), key=lambda kv: kv[1]["file"]):
        path = data / "html" / f"{item['file']}.gz"
        if path.exists():
            pages.append((item["file"], gzip.decompress(path.read_bytes()), url, item))
    return pages


def presslens_texts(pages: list) -> list[str]:
    from presslens.api import extract_bytes

    return [extract_bytes(html, url=url).text for _, html, url, _ in pages]


def trafilatura_texts(pages: list, **options: object) -> list[str]:
    import trafilatura

    return [trafilatura.extract(html, url=url, **options) or "" for _, html, url, _ in pages]  # type: ignore[arg-type]


def system_texts(pages: list) -> dict[str, list[str]]:
    return {
        "presslens": presslens_texts(pages),
        "trafilatura (defaults)": trafilatura_texts(pages),
        "trafilatura (include_comments=False)": trafilatura_texts(pages, include_comments=False),
    }


def one_paragraph(pages: list, texts: list[str]) -> int:
    """Outputs that are one paragraph of 80+ words holding several of the page's paragraph blocks."""
    from presslens.extract.page import _page_blocks, _split_at_blocks

    found = 0
    for (_, html, _, _), text in zip(pages, texts, strict=True):
        line = text.strip()
        if "\n" not in line and len(line.split()) >= 80:
            found += len(_split_at_blocks(line, _page_blocks(html.decode("utf-8", "replace")))) >= 2
    return found


def evaluate(which: str, limit: int | None = None) -> dict[str, dict[str, float]]:
    if which == "scrapinghub":
        pages = load_benchmark()[:limit]
        gold = [g for *_, g in pages]
        texts = system_texts(pages)
        scores = {name: corpus_scores(zip(gold, out, strict=True)) for name, out in texts.items()}
    else:
        pages = load_trafilatura_eval()[:limit]
        items = [g for *_, g in pages]
        texts = system_texts(pages)
        scores = {name: snippet_scores(zip(items, out, strict=True)) for name, out in texts.items()}
    for name, out in texts.items():
        scores[name]["one_paragraph"] = one_paragraph(pages, out)
    return scores


def print_table(which: str, scores: dict[str, dict[str, float]]) -> None:
    first = next(iter(scores.values()))
    print(f"{which}: {first['pages']} pages")
    print(f"{'system':40} {'precision':>9} {'recall':>7} {'F1':>7} {'one-paragraph':>14}")
    for name, s in scores.items():
        print(f"{name:40} {s['precision']:9.4f} {s['recall']:7.4f} {s['f1']:7.4f} {s['one_paragraph']:14d}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["scrapinghub", "trafilatura-eval", "all"], default="all")
    parser.add_argument("--limit", type=int, help="first N pages of each set (quick runs)")
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()
    sets = ["scrapinghub", "trafilatura-eval"] if args.set == "all" else [args.set]
    found = {"scrapinghub": DEFAULT_DATA, "trafilatura-eval": TRAFILATURA_EVAL}
    results = {}
    for which in sets:
        if not found[which].exists():
            sys.exit(f"data not found at {found[which]}")
        results[which] = evaluate(which, args.limit)
        print_table(which, results[which])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
