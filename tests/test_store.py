"""Store: round-trip, history, migrations, queries and hostile input, on SQLite and PostgreSQL."""

# ruff: noqa: F811 - pytest fixtures are imported from _store_fixtures (one conftest.py is the lead's)

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from _store_fixtures import backend, sample_article, store, store_url  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.errors import QueryError, StoreError
from presslens.model import Article, Entity, Source, Span, Technique
from presslens.store import clusters, entities, open_store, quotes, search, stats
from presslens.store.migrations import MIGRATIONS

HOSTILE = [
    "Robert'); DROP TABLE articles;--",
    "100% _wild_ \\ escape' \" ` ; -- /* */",
    "nul\x00byte",
    "lone \ud800 surrogate and \udfff",
    "zero\u200bwidth \ufeff bom \U0001f600 emoji",
]


def test_store_roundtrip_sample(store):
    article = sample_article()
    assert store.write(article) == "new"
    assert store.get("a1") == article
    assert store.write(article) == "unchanged"
    assert store.count() == 1


texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=texts,
    title=st.one_of(st.none(), texts),
    outlet=st.one_of(st.none(), texts),
    authors=st.lists(texts, max_size=3),
)
def test_store_roundtrip_any_text(store, text, title, outlet, authors):
    ents = ()
    if len(text) >= 2:
        ents = (Entity("e1", text[:2] or "x", "PERSON", (text[:1],), (Span(0, 2),)),)
    article = Article(
        text=text,
        id=f"h{abs(hash((text, title, outlet, tuple(authors))))}",
        source=Source(f"/p/{abs(hash(text))}.txt"),
        title=title,
        outlet=outlet,
        authors=tuple(authors),
        entities=ents,
        techniques=(Technique("Loaded_Language", 0, len(text)),),
    )
    store.write(article)
    assert store.get(article.id) == article


def test_store_update_keeps_history(store):
    article = sample_article()
    store.write(article)
    changed = sample_article(extra=" A new sentence was added.")
    assert store.write(changed) == "updated"
    assert store.get("a1") == changed
    with store.connect() as conn:
        hist = conn.execute(sa.text("SELECT article_id, record FROM article_history")).all()
    assert [h[0] for h in hist] == ["a1"]
    assert Article.from_json(hist[0][1]) == article


def test_store_same_path_new_content_supersedes(store):
    store.write(sample_article("old", path="/in/x.txt"))
    store.write(sample_article("new", path="/in/x.txt", extra=" Edited."))
    assert store.count() == 1 and store.get("old") is None and store.get("new") is not None
    with store.connect() as conn:
        assert conn.execute(sa.text("SELECT replaced_by FROM article_history")).scalar() == "new"


def test_store_migrations_recorded_once(store_url):
    for _ in range(2):
        with open_store(store_url) as s, s.connect() as conn:
            versions = [
                r[0] for r in conn.execute(sa.text("SELECT version FROM schema_migrations ORDER BY 1"))
            ]
    assert versions == [v for v, _, _ in MIGRATIONS]


def test_store_entities_get_corpus_ids(store):
    store.write(sample_article("a1"))
    store.write(sample_article("a2", outlet="Other", published="2021-01-01"))
    top = entities(store)
    obama = next(e for e in top if e["name"] == "Barack Obama")
    assert obama["articles"] == 2 and "Obama" in obama["aliases"]
    assert {c["name"] for c in obama["cooccurring"]} == {"Angela Merkel", "Germany"}


def test_store_queries(store):
    store.write(sample_article("a1"))
    store.write(sample_article("a2", outlet="Other", published="2021-01-01", extra=" Unrelated words here."))
    assert {r["id"] for r in search(store, "obama washington")} == {"a1", "a2"}
    assert [r["id"] for r in search(store, "unrelated")] == ["a2"]
    assert [r["id"] for r in search(store, "obama", outlet="Other")] == ["a2"]
    assert [r["id"] for r in search(store, "obama", since="2021")] == ["a2"]
    assert [r["id"] for r in search(store, "obama", until="2020-03-04")] == ["a1"]
    assert len(search(store, "obama", entity="the president")) == 2
    assert search(store, "obama", entity="Nobody") == []
    assert len(search(store, "obama", technique="Loaded_Language")) == 2
    assert search(store, "obama", technique="Flag-Waving") == []
    found = quotes(store, speaker="obama")
    assert [q["content"] for q in found] == ["we will win this fight"] * 2
    rows = {r["outlet"]: r for r in stats(store)}
    assert rows["Other"]["articles"] == 1 and rows["Other"]["techniques_per_1k_words"] > 0
    assert rows["Daily Planet"]["top_speakers"] == [{"name": "Barack Obama", "quotes": 1}]


@pytest.mark.parametrize("value", HOSTILE)
def test_store_hostile_fields(store, value):
    text = f"Hostile {value} text with searchable marker zanzibar."
    article = Article(
        text=text,
        id="x1",
        source=Source(value, value),
        outlet=value,
        title=value,
        authors=(value,),
        published=value,
        dateline=value,
        entities=(Entity(value, value, value, (value,), (Span(0, 7),)),),
    )
    store.write(article)
    assert store.get("x1") == article  # verbatim, NUL and surrogates included
    assert [r["id"] for r in search(store, "zanzibar")] == ["x1"]
    assert [r["id"] for r in search(store, f"zanzibar {value}")] in (["x1"], [])
    search(store, "zanzibar", outlet=value, entity=value, technique=value, since=value, until=value)
    quotes(store, speaker=value)


@pytest.mark.parametrize(
    "query", [*HOSTILE, "", "   ", '"', "*", "AND OR NOT", "a NEAR(b)", "\x00", "\ud800"]
)
def test_store_hostile_queries(store, query):
    store.write(sample_article())
    try:
        assert isinstance(search(store, query), list)
    except QueryError as e:
        assert "search" in str(e)


def test_store_huge_fields(store):
    text = ("word%d " * 200_000) % tuple(range(200_000)) + "needle"
    article = Article(
        text=text,
        id="big",
        source=Source("/big.txt"),
        title="T" * 100_000,
        entities=(Entity("e1", "N" * 50_000, "PERSON", (), (Span(0, 4),)),),
    )
    store.write(article)
    assert store.get("big") == article
    assert [r["id"] for r in search(store, "word5")] == ["big"]


def test_store_bad_url_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "missing-dir" / "x.db"))


def test_store_clusters_via_write(store):
    a = sample_article(
        "o1", published="2020-01-01", extra=" " + "Shared syndicated sentence number one. " * 3
    )
    b = replace(a, id="c1", source=Source("/in/c1.txt"), published="2020-01-02")
    store.write(a)
    store.write(b)
    (cluster,) = clusters(store)
    assert [m["article_id"] for m in cluster["members"]] == ["o1", "c1"]
    assert cluster["members"][0]["is_origin"]


def test_store_quote_cue_class_is_stored_and_queried(store):
    article = sample_article("a1")
    article = replace(article, quotes=(replace(article.quotes[0], cue_class="speech"),))
    store.write(article)
    assert [q["cue_class"] for q in quotes(store, speaker="obama")] == ["speech"]
    assert store.get("a1").quotes[0].cue_class == "speech"


def test_store_cue_class_column_added_to_an_older_store(store_url):
    """A store made before migration 6 (no ``quotes.cue_class``) gets the column when opened;
    its quotes keep a null class, new ones are stored with theirs."""
    with open_store(store_url) as s:
        s.write(sample_article("a1"))
        with s.engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE quotes DROP COLUMN cue_class"))
            conn.execute(sa.text("DELETE FROM schema_migrations WHERE version = 6"))
    with open_store(store_url) as s:
        article = sample_article("a2", outlet="Other")
        s.write(replace(article, quotes=(replace(article.quotes[0], cue_class="speech"),)))
        assert sorted(str(q["cue_class"]) for q in quotes(s)) == ["None", "speech"]
