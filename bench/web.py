"""Web UI speed on a large store: server time per page type (p50/p95), and the home page in Chromium.

The store is synthetic: N records built in Python (entities, quotes, relations, techniques, a
share of near-duplicate copies across outlets) and written with ``Store.write_batch``, i.e. the
same tables ingest fills, without running the NLP models.  Server time is measured around each
request into the real ASGI app (FastAPI TestClient, no network).

    python bench/web.py --articles 10000            # prints one table
    python bench/web.py --articles 10000 --db /tmp/web10k.db --keep   # reuse the store next time
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from presslens.model import Article, Entity, Quote, Relation, Source, Span, Technique
from presslens.store import StoreItem, open_store

OUTLETS = ["Valmora Herald", "Coastal Wire", "Northern Post", "Arlenza Daily", "Kerst Courier", None]
PEOPLE = [f"{a} {b}" for a in ("Marta", "Carlos", "Elena", "Tomas", "Ilse", "Peter", "Ana", "Mia")
          for b in ("Oliveira", "Mendes", "Varga", "Brandt", "Dorn", "Lund", "Ruiz", "Holt")]  # fmt: skip
ORGS = [
    f"{a} {b}"
    for a in ("Valmora", "Arlenza", "Kerst", "Sava")
    for b in ("Union", "Council", "Party", "Institute")
]
TECHS = ["Loaded_Language", "Name_Calling,Labeling", "Flag-Waving", "Appeal_to_fear-prejudice", "Doubt"]
WORDS = ["port", "strike", "talks", "minister", "union", "court", "election", "province", "rain", "river", "harvest", "budget", "vote", "council", "rally", "pay", "workers", "government", "opposition", "flood", "shelter", "army"]  # fmt: skip


def make_article(i: int, rng: random.Random, base_text: str | None = None) -> Article:
    people, orgs = rng.sample(PEOPLE, 3), rng.sample(ORGS, 2)
    parts, ents, quotes = [], [], []
    text = base_text or ""
    if not text:
        for k in range(8):
            filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
            parts.append(f'"{filler.capitalize()}," said {people[k % 3]} of the {orgs[k % 2]}.')
        text = "\n".join(parts)
    else:
        text = text + f"\nLater, {people[0]} added a comment on the {rng.choice(WORDS)}."
    for j, name in enumerate(people + orgs):
        spans = tuple(Span(m.start(), m.end()) for m in _finditer(text, name))
        if spans:
            ents.append(Entity(f"e{j}", name, "PERSON" if j < 3 else "ORG", (), spans))
    by_name = {e.name: e for e in ents}
    for k, m in enumerate(_finditer(text, '"[^"]+," said ([A-Z][a-z]+ [A-Z][a-z]+)')):
        speaker = by_name.get(m.group(1))
        cue = Span(
            m.start() + text[m.start() :].index("said"), m.start() + text[m.start() :].index("said") + 4
        )
        quotes.append(Quote(f"q{k}", "direct", (Span(m.start() + 1, m.start() + text[m.start() + 1 :].index('"') + 1),),
                            cue, Span(m.start(1), m.end(1)), speaker.id if speaker else None))  # fmt: skip
    techs = []
    for _ in range(rng.randint(0, 6)):
        s = rng.randrange(0, max(1, len(text) - 20))
        techs.append(Technique(rng.choice(TECHS), s, s + 15, round(rng.random(), 2)))
    rels = ()
    if len(ents) >= 4:
        rels = (Relation("r1", ents[0].id, "member_of", ents[3].id, Span(0, min(len(text), 80))),)
    day = 1 + (i * 7919) % 700
    published = (
        f"{2023 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + (day % 365) % 28:02d}T{i % 24:02d}:00:00"
    )
    return Article(
        text=text, id=f"bench{i:06d}", source=Source(None, f"https://bench.example/{i}"),
        outlet=rng.choice(OUTLETS), title=f"Story {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
        published=published, language=rng.choice(["en", "en", "en", "es"]), entities=tuple(ents),
        quotes=tuple(quotes), relations=rels, techniques=tuple(sorted(techs, key=lambda t: t.start)),
    )  # fmt: skip


def _finditer(text: str, pattern: str):
    import re

    return re.finditer(re.escape(pattern) if "[" not in pattern else pattern, text)


def build(db: str, n: int, seed: int = 0) -> float:
    rng = random.Random(seed)
    start = time.perf_counter()
    with open_store(db) as store:
        batch: list[StoreItem] = []
        originals: list[str] = []
        for i in range(n):
            base = rng.choice(originals) if originals and rng.random() < 0.05 else None
            article = make_article(i, rng, base)
            if base is None and len(originals) < 300:
                originals.append(article.text)
            batch.append(StoreItem(article, raw_hash=f"raw{i}", analysis_version="bench"))
            if len(batch) == 500:
                store.write_batch(batch)
                batch = []
        if batch:
            store.write_batch(batch)
    return time.perf_counter() - start


def timed(client, path: str) -> float:
    start = time.perf_counter()
    res = client.get(path)
    took = time.perf_counter() - start
    if res.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {res.status_code}")
    return took


def page_paths(db: str, rng: random.Random) -> dict[str, list[str]]:
    from presslens.store import browse, clusters, entities

    with open_store(db) as store:
        ids = [a["id"] for a in browse.list_articles(store, per_page=200)["articles"]]
        actors = [a["id"] for a in entities(store, limit=40, cooccur=0)]
        stories = [c["cluster_id"] for c in clusters(store, limit=40)]
        outlets = browse.facets(store)["outlets"]
    from urllib.parse import quote

    return {
        "home": ["/"],
        "search": [f"/?q={rng.choice(WORDS)}+{rng.choice(WORDS)}" for _ in range(10)],
        "articles (filtered)": ["/articles", "/articles?outlet=Coastal+Wire&has_quotes=yes&page=3",
                                "/articles?technique=Doubt&sort=oldest", "/articles?entity=Marta+Oliveira"],
        "article": [f"/article/{aid}" for aid in rng.sample(ids, 10)],
        "actor": [f"/actor/{a}" for a in rng.sample(actors, 10)],
        "graph data": ["/api/graph?min_shared=2", "/api/graph?min_shared=20"],
        "graph page": ["/graph"],
        "outlet": [f"/outlet?name={quote(o)}" for o in outlets],
        "outlets compared": ["/outlets", "/outlets?technique=Doubt"],
        "stories": ["/stories"],
        "story": [f"/story/{c}" for c in rng.sample(stories, min(10, len(stories)))],
        "quotes": ["/quotes", "/quotes?speaker=Oliveira", "/quotes?contains=strike"],
    }  # fmt: skip


def chromium_home(db: str) -> float | None:
    """Seconds from navigation start to the load event of the home page in Chromium, or None."""
    if not Path("/usr/bin/chromium").exists():
        return None
    import socket
    import subprocess

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "presslens", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        time.sleep(4)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")  # warm-up
            times = []
            for _ in range(5):
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                times.append(
                    page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
                )
            browser.close()
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", help="SQLite path (built if missing)")
    parser.add_argument("--repeat", type=int, default=3, help="requests per path")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    from fastapi.testclient import TestClient

    from presslens.http import create_app

    db = args.db or str(Path(tempfile.mkdtemp(prefix="presslens-webbench-")) / "web.db")
    if not Path(db).exists():
        print(f"building a synthetic store of {args.articles} articles in {db} ...", file=sys.stderr)
        print(f"built in {build(db, args.articles):.0f} s", file=sys.stderr)
    rng = random.Random(2)
    client = TestClient(create_app(db))
    print(f"{'page':22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for name, paths in page_paths(db, rng).items():
        timed(client, paths[0])  # warm caches once per page type
        samples = sorted(timed(client, p) * 1000 for p in paths for _ in range(args.repeat))
        p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
        worst = max(worst, p95)
        print(f"{name:22} {len(samples):8} {statistics.median(samples):8.1f} {p95:8.1f} {samples[-1]:8.1f}")
    print(f"worst p95: {worst:.0f} ms (goal < 300 ms)")
    if not args.no_browser:
        home = chromium_home(db)
        print(
            "home page load in Chromium: "
            + ("n/a (no /usr/bin/chromium)" if home is None else f"{home * 1000:.0f} ms (goal < 1000 ms)")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
