"""Browse queries and their per-generation cache, on SQLite and PostgreSQL.

An ingest (any write that changes the corpus) must show on the next page view: the cache is
keyed on a generation counter bumped inside the writing transaction.
"""

# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
import sqlalchemy as sa
from _store_fixtures import backend, sample_article, store, store_url  # noqa: F401
from fastapi.testclient import TestClient

from presslens.http import create_app
from presslens.model import Technique
from presslens.store import browse, entities, open_store, stats
from presslens.store.browse import UNKNOWN_OUTLET
from presslens.store.cache import GenerationCache
from presslens.store.migrations import BROWSE_INDEXES


def _corpus(store, n: int = 12) -> list:
    """n articles over three outlets (one missing), some without quotes, varied techniques."""
    out = []
    for i in range(n):
        art = sample_article(
            f"b{i:02d}",
            outlet=[None, "Daily Planet", "Other Post"][i % 3],
            published=f"2021-01-{i + 1:02d}" if i % 5 else None,
            extra=f" Story number {i}.",
        )
        if i % 4 == 0:
            art = replace(art, quotes=())
        bad = art.text.index("disgraceful")
        techs = [Technique("Loaded_Language", bad, bad + 11, 0.8)] * (1 + i % 3)
        if i % 2:
            techs.append(Technique("Doubt", 0, 12, 0.6))
        art = replace(art, techniques=tuple(techs))
        art.validate()
        out.append(art)
        store.write(art)
    return out


def _ids(listing: dict) -> list[str]:
    return [a["id"] for a in listing["articles"]]


def test_store_browse_list_filters_and_pages(store):
    arts = _corpus(store)
    by_id = {a.id: a for a in arts}

    def expect(keep, key=lambda a: (a.published is None, a.published or "", a.id), reverse=False):
        chosen = sorted((a for a in arts if keep(a)), key=key)
        if reverse:  # newest first, undated last, ties by id
            dated = sorted((a for a in chosen if a.published), key=lambda a: (a.published, a.id))
            dated = sorted(dated, key=lambda a: a.published, reverse=True)
            chosen = dated + [a for a in chosen if not a.published]
        return [a.id for a in chosen]

    assert _ids(browse.list_articles(store, per_page=50)) == expect(lambda a: True, reverse=True)
    assert _ids(browse.list_articles(store, sort="oldest", per_page=50)) == expect(lambda a: True)
    cases = {
        "outlet": (dict(outlet="Daily Planet"), lambda a: a.outlet == "Daily Planet"),
        "unknown outlet": (dict(outlet=UNKNOWN_OUTLET), lambda a: not a.outlet),
        "technique": (dict(technique="Doubt"), lambda a: any(t.technique == "Doubt" for t in a.techniques)),
        "quotes": (dict(has_quotes=True), lambda a: bool(a.quotes)),
        "no quotes": (dict(has_quotes=False), lambda a: not a.quotes),
        "entity": (dict(entity="obama", outlet="Other Post"), lambda a: a.outlet == "Other Post"),
        "since": (dict(since="2021-01-06"), lambda a: (a.published or "") >= "2021-01-06"),
    }
    for name, (filters, keep) in cases.items():
        got = browse.list_articles(store, sort="oldest", per_page=50, **filters)
        assert _ids(got) == expect(keep), name
        assert got["total"] == len(expect(keep)), name
    first, second = (browse.list_articles(store, sort="oldest", per_page=5, page=p) for p in (1, 2))
    assert _ids(first) + _ids(second) == expect(lambda a: True)[:10]
    row = browse.list_articles(store, outlet="Other Post", per_page=1)["articles"][0]
    assert row["quotes"] == len(by_id[row["id"]].quotes)
    assert row["techniques"] == len(by_id[row["id"]].techniques)


def test_store_browse_write_invalidates_cache(store):
    _corpus(store, 6)
    before = {
        "stats": stats(store),
        "facets": browse.facets(store),
        "total": browse.list_articles(store)["total"],
        "rates": browse.technique_rates(store, "Daily Planet"),
        "comparison": browse.outlet_comparison(store),
        "graph": browse.actor_graph(store, min_shared=1),
        "actors": entities(store, limit=5),
    }
    assert stats(store) is before["stats"]  # cached while nothing is written
    assert browse.outlet_comparison(store) is before["comparison"]
    generation = store.generation()

    new = sample_article("late", outlet="Late Gazette", published="2022-05-05", extra=" Late news.")
    new = replace(new, techniques=new.techniques * 3)
    store.write(new)
    assert store.generation() > generation
    assert store.write(new) == "unchanged" and store.generation() == generation + 1  # no change, no bump

    assert "Late Gazette" in {r["outlet"] for r in stats(store)} - {r["outlet"] for r in before["stats"]}
    assert "Late Gazette" in browse.facets(store)["outlets"]
    assert browse.list_articles(store)["total"] == before["total"] + 1
    assert _ids(browse.list_articles(store))[0] == "late"
    assert "Late Gazette" in {r["outlet"] for r in browse.outlet_comparison(store)}
    obama = next(a for a in entities(store, limit=5) if a["name"] == "Barack Obama")
    assert obama["articles"] == 7
    assert browse.technique_rates(store, "Daily Planet") == before["rates"]  # recomputed, same data


def test_store_browse_rates_match_a_direct_bootstrap(store):
    arts = _corpus(store)
    for outlet in ("Daily Planet", UNKNOWN_OUTLET):
        mine = sorted(
            (a for a in arts if (a.outlet or UNKNOWN_OUTLET) == outlet and not a.failed), key=lambda a: a.id
        )
        names = sorted({t.technique for a in mine for t in a.techniques})
        counts = np.array([[sum(t.technique == n for t in a.techniques) for n in names] for a in mine], float)
        with store.connect() as conn:
            words = dict(conn.execute(sa.select(sa.column("id"), sa.column("words")).select_from(sa.table("articles"))).all())  # fmt: skip
        w = np.array([words[a.id] for a in mine], float)
        rate, lo, hi = browse.bootstrap_rates(w, np.column_stack([counts.sum(axis=1), counts]))
        got = browse.technique_rates(store, outlet)
        assert got["articles"] == len(mine) and got["words"] == int(w.sum())
        assert [r["technique"] for r in got["techniques"]] == names
        assert got["all"]["rate"] == round(float(rate[0]), 3)
        assert (got["all"]["low"], got["all"]["high"]) == (round(float(lo[0]), 3), round(float(hi[0]), 3))


def test_store_browse_rates_leave_out_articles_whose_technique_stage_was_skipped(store):
    arts = _corpus(store, 6)
    before = browse.technique_rates(store, "Daily Planet")
    french = replace(sample_article("fr1", outlet="Daily Planet", extra=" Texte en français."), techniques=(), language="fr")
    french = french.with_skip("presslens.techniques.tagger.v4", "language_unsupported", "fr")
    store.write(french)
    after = browse.technique_rates(store, "Daily Planet")
    assert after["articles"] == before["articles"] == sum(1 for a in arts if a.outlet == "Daily Planet")
    assert after["words"] == before["words"] and after["all"]["rate"] == before["all"]["rate"]
    store.write(replace(french, id="fr2", skipped=()))  # the same article analysed: it counts
    assert browse.technique_rates(store, "Daily Planet")["articles"] == before["articles"] + 1


def test_store_browse_page_shows_article_right_after_ingest(store_url):
    with open_store(store_url) as writer:
        _corpus(writer, 4)
    client = TestClient(create_app(store_url))
    pages = ["/", "/articles", "/outlets", "/api/stats", f"/outlet?name={UNKNOWN_OUTLET}"]
    first = {p: client.get(p).text for p in pages}
    assert "Fresh Tribune" not in first["/"]
    with open_store(store_url) as writer:  # another opener, as `presslens ingest` would be
        new = sample_article("fresh", outlet="Fresh Tribune", published="2030-01-01")
        writer.write(replace(new, title="Harbour reopens"))
    assert "Harbour reopens" in client.get("/").text
    assert "Harbour reopens" in client.get("/articles").text
    assert "Fresh Tribune" in client.get("/outlets").text
    assert "Fresh Tribune" in {r["outlet"] for r in client.get("/api/stats").json()}


def test_store_browse_indexes_exist(store):
    names = set()
    with store.connect() as conn:
        for table in {t for _, t, _ in BROWSE_INDEXES}:
            names |= {ix["name"] for ix in sa.inspect(conn).get_indexes(table)}
    assert {name for name, _, _ in BROWSE_INDEXES} <= names


def test_store_cache_computes_once_per_generation():
    cache, calls = GenerationCache(maxsize=3), []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return len(calls)

    threads = [threading.Thread(target=cache.get, args=("k", 1, slow)) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(calls) == 1 and cache.get("k", 1, slow) == 1
    assert cache.get("k", 2, slow) == 2  # a new generation recomputes
    for key in "abcd":
        cache.get(key, 2, lambda: 0)
    assert len(cache) == 3  # bounded


@pytest.mark.parametrize("outlet", ["Daily Planet", UNKNOWN_OUTLET, "No Such Outlet"])
def test_store_browse_outlet_profile(store, outlet):
    arts = _corpus(store, 6)
    profile = browse.outlet_profile(store, outlet)
    mine = [a for a in arts if (a.outlet or UNKNOWN_OUTLET) == outlet]
    if not mine:
        assert profile is None
        return
    assert profile["articles"] == len(mine)
    assert profile["quotes"] == sum(len(a.quotes) for a in mine)
    assert profile["top_speakers"] == [{"name": "Barack Obama", "quotes": profile["quotes"]}]


def test_store_browse_quotes_carry_their_cue(store):
    arts = _corpus(store, 8)
    quoted = [a for a in arts if a.quotes]
    rows = browse.quote_search(store, speaker="obama", limit=100)
    assert len(rows) == len(quoted)
    assert {(r["cue"], r["content"]) for r in rows} == {("said", "we will win this fight")}
    obama = next(a for a in entities(store) if a["name"] == "Barack Obama")
    found = browse.actor(store, obama["id"])
    assert found["articles"] == len(arts) and len(found["quotes_by"]) == len(quoted)
    assert all(q["cue"] == "said" for q in found["quotes_by"])


def test_store_skipped_flag_backfilled_by_its_migration(store):
    from presslens.model import StageSkip
    from presslens.store.migrations import _skipped_column

    french = replace(sample_article("fr1"), skipped=(StageSkip("presslens.techniques.crf.v3", "language_unsupported", "fr"),))  # fmt: skip
    store.write(french)
    store.write(sample_article("en1"))
    assert [r["skipped"] for r in stats(store)] == [1]
    with store.engine.begin() as conn:  # as a store written before the column existed
        conn.execute(sa.text("UPDATE articles SET skipped = 0"))
        conn.execute(sa.text("UPDATE store_generation SET value = value + 1"))
    assert [r["skipped"] for r in stats(store)] == [0]
    with store.engine.begin() as conn:
        _skipped_column(conn)
        conn.execute(sa.text("UPDATE store_generation SET value = value + 1"))
    assert [r["skipped"] for r in stats(store)] == [1]
