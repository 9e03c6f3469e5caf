"""Score the relations stage on the hand-written gold set ``eval/gold/relations.jsonl``.

    python eval/relations.py [--show]

Each line holds a news-style paragraph (written for presslens), its entities (canonical name,
type, aliases), its relations (subject, predicate, object, time) and, for the quotes stage,
expected speakers and "via" outlets.  A predicted relation is correct when its predicate is
the gold one and its subject and object entities match the gold entities by name (the
predicted entity's name or any alias equals the gold name or any gold alias, case-folded).
Micro P/R/F1 over (subject, predicate, object) triples.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from presslens.model import Article  # noqa: E402
from presslens.nlp.names import key  # noqa: E402
from presslens.pipeline.registry import lookup  # noqa: E402
from presslens.pipeline.runner import run_one  # noqa: E402
from presslens.settings import Settings  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "relations.jsonl"  # development set
HELDOUT = GOLD.with_name("relations_heldout.jsonl")  # written after the patterns were frozen


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse(texts: list[str], settings: Settings | None = None) -> list[Article]:
    settings = settings or Settings()
    stages = [(lookup(n), None) for n in ("nlp", "entities", "relations")]
    fns = [(info, info.factory(settings)) for info, _ in stages]
    out = []
    for text in texts:
        article = Article(text=text)
        for info, fn in fns:
            article = run_one(info, fn, article)
        out.append(article)
    return out


def _keys(names: list[str]) -> set[str]:
    return {key(n) for n in names if n}


def predicted_triples(article: Article) -> list[tuple[set[str], str, set[str]]]:
    names = {e.id: _keys([e.name, *e.aliases]) for e in article.entities}
    return [(names[r.subject], r.predicate, names[r.object]) for r in article.relations]


def gold_triples(item: dict[str, Any]) -> list[tuple[set[str], str, set[str]]]:
    aliases = {e["name"]: _keys([e["name"], *e.get("aliases", [])]) for e in item["entities"]}
    return [(aliases.get(r["subject"], _keys([r["subject"]])), r["predicate"],
             aliases.get(r["object"], _keys([r["object"]]))) for r in item["relations"]]


def _same(p: tuple[set[str], str, set[str]], g: tuple[set[str], str, set[str]]) -> bool:
    return p[1] == g[1] and bool(p[0] & g[0]) and bool(p[2] & g[2])


def score(items: list[dict[str, Any]], articles: list[Article], show: bool = False) -> dict[str, float]:
    tp = fp = fn = 0
    for item, article in zip(items, articles, strict=True):
        preds, golds = predicted_triples(article), gold_triples(item)
        hits_p = [any(_same(p, g) for g in golds) for p in preds]
        hits_g = [any(_same(p, g) for p in preds) for g in golds]
        tp += sum(hits_g)
        fp += hits_p.count(False)
        fn += hits_g.count(False)
        if show and (False in hits_p or False in hits_g):
            print(item["id"], item["text"][:90])
            for p, ok in zip(preds, hits_p, strict=True):
                print("   pred", "ok " if ok else "BAD", sorted(p[0])[:1], p[1], sorted(p[2])[:1])
            for g, ok in zip(golds, hits_g, strict=True):
                if not ok:
                    print("   MISS", sorted(g[0])[:1], g[1], sorted(g[2])[:1])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def evaluate(show: bool = False, path: Path = GOLD) -> dict[str, float]:
    items = load_gold(path)
    return score(items, analyse([i["text"] for i in items]), show)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print the errors")
    args = ap.parse_args()
    for label, path in (("dev", GOLD), ("held-out", HELDOUT)):
        res = evaluate(args.show, path)
        print(label, " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in res.items()))
