"""Metadata accuracy per field on the project's gold set, presslens and trafilatura in the same run.

    python eval/metadata.py [--gold eval/gold/metadata] [--show-errors]

Gold: ``eval/gold/metadata/*.jsonl``, one page a line, written by reading each page's source
(visible headline and byline, ``<meta>``, JSON-LD), short fields only::

    {"page": "trafilatura-eval/html/<name>.html.gz",   # under ../shared/data
     "title": "Headline" | ["accepted", "forms"],      # the headline(s) the page gives, no site name
     "authors": ["Person Name", ...] | "?",            # people in the byline; [] when the byline is
                                                       # only an organisation (wire, desk, outlet)
     "published": "YYYY-MM-DD" | [...] | null | "?",   # publication date (not the update date);
                                                       # two dates where the time zone makes it ambiguous
     "outlet": "Name" | [...],                          # publisher / site name
     "language": "de"}                                  # ISO 639-1 of the article text

"?" means the page does not let a reader settle the field; it is left out of that field's score.
Comparison: titles and outlets after case, quote, dash and space folding (outlets also without a
leading "the" and a domain suffix); authors as an exact set of folded names; dates on the day.
trafilatura's own metadata is ``trafilatura.extract_metadata`` (it detects no language).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "eval" / "gold" / "metadata"
FIELDS = ("title", "authors", "published", "outlet", "language")


def load_gold(folder: Path = GOLD) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[’‘‚`´]", "'", text)
    text = re.sub(r"[“”„«»]", '"', text)
    text = re.sub(r"[–—−]", "-", text)
    return " ".join(text.split()).strip(" .")


def fold_outlet(text: str | None) -> str:
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", fold(text))
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"\.(?:com|de|net|org|at|ch|co\.uk|eu|info)$", "", text)
    return re.sub(r"\W+", "", text)


def fold_name(name: str) -> str:
    return " ".join(re.findall(r"\w+", fold(name)))


def _options(value: object) -> list:
    return value if isinstance(value, list) else [value]


def correct(field: str, gold: object, pred: object) -> bool:
    if field == "title":
        return fold(pred) in {fold(g) for g in _options(gold)}  # type: ignore[arg-type]
    if field == "outlet":
        return fold_outlet(pred) in {fold_outlet(g) for g in _options(gold)}  # type: ignore[arg-type]
    if field == "authors":
        return {fold_name(a) for a in pred or []} == {fold_name(a) for a in gold}  # type: ignore[union-attr]
    if field == "published":
        if gold is None:
            return pred is None
        return bool(pred) and str(pred)[:10] in _options(gold)
    return pred == gold


def read_page(page: str) -> bytes:
    raw = (SHARED / page).read_bytes()
    return gzip.decompress(raw) if page.endswith(".gz") else raw


def presslens_meta(html: bytes) -> dict:
    from presslens.api import extract_bytes

    article = extract_bytes(html)
    return {
        "title": article.title, "authors": list(article.authors), "published": article.published,
        "outlet": article.outlet, "language": article.language,
    }  # fmt: skip


def trafilatura_meta(html: bytes) -> dict:
    import trafilatura

    doc = trafilatura.extract_metadata(html)
    if doc is None:
        return dict.fromkeys(FIELDS)
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {
        "title": doc.title, "authors": authors, "published": doc.date,
        "outlet": doc.sitename, "language": getattr(doc, "language", None),
    }  # fmt: skip


def evaluate(gold: list[dict], show_errors: bool = False) -> dict[str, dict[str, tuple[int, int]]]:
    systems = {"presslens": presslens_meta, "trafilatura": trafilatura_meta}
    counts = {name: {f: [0, 0] for f in FIELDS} for name in systems}
    for row in gold:
        html = read_page(row["page"])
        for name, fn in systems.items():
            pred = fn(html)
            for field in FIELDS:
                if row[field] == "?":
                    continue
                ok = correct(field, row[field], pred[field])
                counts[name][field][0] += ok
                counts[name][field][1] += 1
                if show_errors and not ok and name == "presslens":
                    print(f"  {field:9} {row['page'][-40:]:40} gold={row[field]!r} got={pred[field]!r}")
    return {name: {f: (c[0], c[1]) for f, c in fields.items()} for name, fields in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--show-errors", action="store_true", help="list presslens' misses")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"shared data not found at {SHARED}")
    gold = load_gold(args.gold)
    scores = evaluate(gold, args.show_errors)
    print(f"{'system':12} " + " ".join(f"{f:>14}" for f in FIELDS) + f"   ({len(gold)} pages)")
    for name, fields in scores.items():
        cells = [f"{ok / n:.3f} ({ok}/{n})" if n else "-" for ok, n in fields.values()]
        print(f"{name:12} " + " ".join(f"{c:>14}" for c in cells))


if __name__ == "__main__":
    main()
