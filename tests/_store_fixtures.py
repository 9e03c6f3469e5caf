"""Store fixtures shared by the store/ingest/dedup/export tests (imported, not a conftest).

``store_url`` is parametrized over SQLite (always) and PostgreSQL (when ``PRESSLENS_TEST_PG`` is
set); each test gets an empty database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from presslens.model import Article, Entity, Quote, Relation, Source, Span, Technique
from presslens.store import Store, open_store
from presslens.store.core import normalise_url

PG_URL = os.environ.get("PRESSLENS_TEST_PG")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="PRESSLENS_TEST_PG not set")),
]


def reset_pg(url: str) -> None:
    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def fresh_url(backend: str, tmp_path: Path, name: str = "store.db") -> str:
    if backend == "sqlite":
        path = tmp_path / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return str(path)
    assert PG_URL
    reset_pg(PG_URL)
    return PG_URL


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> str:
    return fresh_url(backend, tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    st = open_store(store_url)
    yield st
    st.close()


def sample_article(
    aid: str = "a1",
    outlet: str = "Daily Planet",
    published: str = "2020-03-04",
    path: str | None = None,
    extra: str = "",
) -> Article:
    text = (
        'Barack Obama said "we will win this fight" in Washington on Monday. '
        "The president later met Angela Merkel, the chancellor of Germany. "
        "Critics called the plan a disgraceful betrayal." + extra
    )
    obama, merkel, germany = text.index("Barack Obama"), text.index("Angela Merkel"), text.index("Germany")
    q0 = text.index("we will win")
    bad = text.index("disgraceful betrayal")
    article = Article(
        text=text,
        id=aid,
        source=Source(path or f"/in/{aid}.txt", None),
        outlet=outlet,
        title=f"Title {aid}",
        authors=("A. Writer",),
        published=published,
        language="en",
        entities=(
            Entity("e1", "Barack Obama", "PERSON", ("Obama", "the president"), (Span(obama, obama + 12),)),
            Entity("e2", "Angela Merkel", "PERSON", (), (Span(merkel, merkel + 13),)),
            Entity("e3", "Germany", "GPE", (), (Span(germany, germany + 7),)),
        ),
        quotes=(
            Quote(
                "q1",
                "direct",
                (Span(q0, q0 + 22),),
                cue=Span(obama + 13, obama + 17),
                speaker="e1",
                confidence=0.9,
            ),
        ),
        relations=(Relation("r1", "e2", "leader_of", "e3", Span(merkel, germany + 7), time="2005"),),
        techniques=(Technique("Loaded_Language", bad, bad + 20, 0.8),),
    )
    article.validate()
    return article
