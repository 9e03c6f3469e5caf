"""Language identification: speed and agreement on short and long texts.

    python bench/language.py [--limit N]

Texts are trafilatura's extractions of the trafilatura-eval and ScrapingHub pages.  The
reference is the page's declared language (``<html lang>``, JSON-LD ``inLanguage``, ``og:locale``)
where it has one, so the agreement figure also counts pages that declare the wrong language.
"Short" is the first 12 words of a text (a headline-sized input), "long" the whole text.
Prints agreement with the declared language, the share of texts with no answer (presslens
abstains on ambiguous short texts) and texts per CPU-second for each mode, and presslens'
previous stop-word guess for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from extraction import load_benchmark, load_trafilatura_eval  # noqa: E402


def samples(limit: int | None) -> list[tuple[str, str]]:
    """(declared language, extracted text) for pages that declare a language."""
    import trafilatura
    from trafilatura.utils import load_html

    from presslens.extract.metadata import read_metadata
    from presslens.extract.page import normalise_language

    out = []
    for _, html, url, _ in (load_trafilatura_eval() + load_benchmark())[:limit]:
        tree = load_html(html)
        if tree is None:
            continue
        declared = normalise_language(read_metadata(tree, url).language)
        text = trafilatura.extract(html, url=url, fast=True, include_comments=False) or ""
        if declared and len(text.split()) >= 30:
            out.append((declared, text))
    return out


def run(name: str, fn, pairs: list[tuple[str, str]]) -> tuple[str, float, float, float]:  # type: ignore[no-untyped-def]
    c0 = time.process_time()
    found = [fn(text) for _, text in pairs]
    cpu = time.process_time() - c0
    hits = sum(got == lang for (lang, _), got in zip(pairs, found, strict=True))
    none = sum(got is None for got in found)
    return name, hits / len(pairs), none / len(pairs), len(pairs) / cpu if cpu else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    from presslens.extract.language import detect_language
    from presslens.extract.page import guess_language

    pairs = samples(args.limit)
    short = [(lang, " ".join(text.split()[:12])) for lang, text in pairs]
    for low in (False, True):  # lingua loads each language's model at first use: not timed
        for _, text in pairs + short:
            detect_language(text, low)
    rows = []
    for label, data in (("long", pairs), ("short", short)):
        rows.append(run(f"presslens detect_language, {label}", detect_language, data))
        rows.append(run(f"lingua high accuracy, {label}", lambda t: detect_language(t, False), data))
        rows.append(run(f"lingua low accuracy, {label}", lambda t: detect_language(t, True), data))
        rows.append(run(f"stop-word guess (before), {label}", guess_language, data))
    print(f"{'mode':40} {'agree':>6} {'no answer':>9} {'texts/CPU-s':>12}   ({len(pairs)} texts)")
    for name, acc, none, speed in rows:
        print(f"{name:40} {acc:6.3f} {none:9.3f} {speed:12.1f}")


if __name__ == "__main__":
    main()
