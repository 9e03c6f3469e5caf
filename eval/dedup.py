"""Near-duplicate detection: precision / recall of copy pairs on a set built from PTC articles.

The test set is built at run time from ../shared/data/ptc/train-articles (no PTC text is
stored in the repo): a sample of articles become *origins*; each gets 1-3 *copies* edited like
syndicated news (trimmed ending, reworded sentences, added boilerplate, changed headline, usually
several at once) and published later; other articles are *unrelated* and must stay unclustered.
Articles are stored in shuffled order, so copies often arrive before their origin (the
incremental clustering has to move the origin).

    python eval/dedup.py [--ptc DIR] [--db URL] [--origins 100] [--unrelated 150] [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from presslens.corpus import dedup
from presslens.model import Article, Source, article_id
from presslens.store import StoreItem, clusters, open_store

PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train-articles"
MIN_WORDS = 120  # origins need some body; shorter PTC items are used as unrelated articles
BOILERPLATE = [
    "Copyright {y} {o}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow {o} on Twitter and Facebook for the latest news.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox.",
    "This article originally appeared on a partner site and is republished here with permission.",
    "Click here to read more stories like this.",
]
SWAPS = {
    "said": "stated",
    "says": "states",
    "people": "persons",
    "government": "administration",
    "the": "this",
    "a": "one",
    "and": "as well as",
    "but": "however",
    "is": "remains",
    "was": "had been",
    "large": "big",
    "also": "additionally",
    "new": "fresh",
    "told": "informed",
    "more": "further",
}
OUTLETS = ["Wire A", "Daily B", "Herald C", "Gazette D", "Times E", "Post F", "Ledger G"]
_SENT = re.compile(r"(?<=[.!?])\s+")


def load_ptc(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(folder.glob("article*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.strip():
            out.append((path.stem, text))
    return out


def independent(docs: list[tuple[str, str]], max_jaccard: float = 0.2) -> tuple[list[tuple[str, str]], int]:
    """Drop PTC articles that are themselves copies of another (PTC holds a few real syndicated
    pairs, exact word-3-shingle Jaccard >= 0.2): their true labels are unknown."""
    grams = {name: dedup.shingles(text) for name, text in docs}
    drop = set()
    for (a, ga), (b, gb) in itertools.combinations(grams.items(), 2):
        if ga and gb and len(ga & gb) / len(ga | gb) >= max_jaccard:
            drop |= {a, b}
    return [d for d in docs if d[0] not in drop], len(drop)


def _split(text: str) -> tuple[str, list[str]]:
    head, _, body = text.partition("\n")
    return head, [s for p in body.split("\n") for s in _SENT.split(p) if s.strip()]


def _reword(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    for i, w in enumerate(words):
        if w.lower() in SWAPS and rng.random() < 0.7:
            words[i] = SWAPS[w.lower()]
    if len(words) > 8 and rng.random() < 0.5:  # move a trailing clause to the front
        cut = rng.randrange(3, len(words) - 3)
        words = words[cut:] + words[:cut]
    return " ".join(words)


def make_copy(text: str, rng: random.Random, outlet: str) -> tuple[str, list[str]]:
    """An edited copy of ``text`` and the list of edits applied (at least one)."""
    ops = rng.sample(["trim", "reword", "boilerplate", "headline"], rng.randint(1, 3))
    head, sents = _split(text)
    if "trim" in ops:
        sents = sents[: max(3, int(len(sents) * rng.uniform(0.6, 0.85)))]
    if "reword" in ops:
        idx = rng.sample(range(len(sents)), max(1, int(len(sents) * rng.uniform(0.1, 0.25))))
        sents = [_reword(s, rng) if i in idx else s for i, s in enumerate(sents)]
    if "headline" in ops:
        head = f"{outlet}: " + " ".join(reversed(head.split()))
    body = " ".join(sents)
    if "boilerplate" in ops:
        extra = [b.format(y=2019, o=outlet) for b in rng.sample(BOILERPLATE, rng.randint(1, 3))]
        body = body + "\n" + " ".join(extra)
    return f"{head}\n\n{body}\n", ops


def build_set(docs: list[tuple[str, str]], n_origins: int, n_unrelated: int, seed: int):
    """Articles and, for each, its family (origin name) or None for unrelated ones."""
    rng = random.Random(seed)
    pool, _ = independent(docs)
    rng.shuffle(pool)
    long_ones = [d for d in pool if len(d[1].split()) >= MIN_WORDS][:n_origins]
    taken = {name for name, _ in long_ones}
    unrelated = [d for d in pool if d[0] not in taken][:n_unrelated]
    items: list[tuple[Article, str | None, list[str]]] = []
    for k, (name, text) in enumerate(long_ones):
        day = 1 + k % 27
        items.append((_article(name, text, OUTLETS[0], f"2019-03-{day:02d}T08:00:00"), name, []))
        for c in range(rng.randint(1, 3)):
            outlet = OUTLETS[1 + c]
            copy, ops = make_copy(text, rng, outlet)
            items.append(
                (_article(f"{name}-copy{c}", copy, outlet, f"2019-03-{day:02d}T{10 + c}:00:00"), name, ops)
            )
    for name, text in unrelated:
        items.append((_article(name, text, rng.choice(OUTLETS), "2019-04-01"), None, []))
    rng.shuffle(items)
    return items


def _article(name: str, text: str, outlet: str, published: str) -> Article:
    path = f"ptc/{name}.txt"
    return Article(
        text=text,
        id=article_id(text, None, path),
        source=Source(path),
        outlet=outlet,
        title=text.partition("\n")[0][:200],
        published=published,
    )


def pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


def evaluate(items, url: str) -> dict[str, float]:
    with open_store(url) as store:
        for i in range(0, len(items), 50):
            store.write_batch([StoreItem(a, a.id, "eval") for a, _, _ in items[i : i + 50]])
        found = clusters(store, limit=10**6)
    truth_groups: dict[str, set[str]] = defaultdict(set)
    origin_of = {}
    for article, family, ops in items:
        if family:
            truth_groups[family].add(article.id)
            if not ops:
                origin_of[family] = article.id
    pred_groups = {c["cluster_id"]: {m["article_id"] for m in c["members"]} for c in found}
    truth, pred = pairs(truth_groups), pairs(pred_groups)
    hit = len(truth & pred)
    unrelated = {a.id for a, fam, _ in items if fam is None}
    clustered = set().union(*pred_groups.values()) if pred_groups else set()
    origins = {m["article_id"] for c in found for m in c["members"] if m["is_origin"]}
    return {
        "articles": len(items),
        "families": len(truth_groups),
        "true_pairs": len(truth),
        "predicted_pairs": len(pred),
        "precision": hit / len(pred) if pred else 1.0,
        "recall": hit / len(truth) if truth else 1.0,
        "unrelated_clustered": len(unrelated & clustered),
        "origin_accuracy": sum(origin_of[f] in origins for f in origin_of) / max(1, len(origin_of)),
        "threshold": dedup.THRESHOLD,
    }


def run(
    ptc: Path = PTC, url: str | None = None, n_origins: int = 100, n_unrelated: int = 150, seed: int = 7
) -> dict[str, float]:
    docs = load_ptc(ptc)
    items = build_set(docs, n_origins, n_unrelated, seed)
    excluded = {"ptc_excluded_as_copies": independent(docs)[1]}
    if url:
        return {**evaluate(items, url), **excluded}
    with tempfile.TemporaryDirectory() as tmp:
        return {**evaluate(items, str(Path(tmp) / "dedup.db")), **excluded}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ptc", type=Path, default=PTC)
    ap.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    ap.add_argument("--origins", type=int, default=100)
    ap.add_argument("--unrelated", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.ptc.is_dir():
        print(f"PTC articles not found at {args.ptc}", file=sys.stderr)
        return 2
    res = run(args.ptc, args.db, args.origins, args.unrelated, args.seed)
    if args.json:
        print(json.dumps(res))
    else:
        for key, value in res.items():
            print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
