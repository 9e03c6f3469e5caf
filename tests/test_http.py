"""HTTP API and web UI over a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presslens.http import create_app
from presslens.http.graphics import highlight_html
from presslens.model import Article, Entity, Quote, Relation, Source, Span, Technique
from presslens.store import open_store

TEXT = "Marta Oliveira told Radio Costa that the deal was a shameful betrayal. She leads the union."


def _record() -> Article:
    ents = (
        Entity("e1", "Marta Oliveira", "PERSON", (), (Span(0, 14),)),
        Entity("e2", "Radio Costa", "ORG", (), (Span(20, 31),)),
        Entity("e3", "the union", "ORG", (), (Span(81, 90),)),
    )
    return Article(
        text=TEXT, id="a1", source=Source("x.html", "https://x.example/a"), outlet="Valmora Herald",
        title="Strike ends", published="2024-03-08", entities=ents,
        quotes=(Quote("q1", "indirect", (Span(32, 70),), Span(15, 19), Span(0, 14), "e1", ("e2",)),),
        relations=(Relation("r1", "e1", "leader_of", "e3", Span(71, 91)),),
        techniques=(Technique("Loaded_Language", 52, 69, 0.8),),
    )  # fmt: skip


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    db = str(tmp_path / "web.db")
    with open_store(db) as store:
        store.write(_record())
    return TestClient(create_app(db))


def test_http_api_article_and_search(client: TestClient) -> None:
    rec = client.get("/api/articles/a1").json()
    assert Article.from_dict(rec).quotes[0].via == ("e2",)
    hits = client.get("/api/search", params={"q": "betrayal"}).json()
    assert [h["id"] for h in hits] == ["a1"]
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/search", params={"q": "x" * 600}).status_code == 422


def test_http_api_analyze_text_extract_only(client: TestClient) -> None:
    res = client.post(
        "/api/analyze", json={"text": "Plain text stays exactly as given.\n", "only": ["extract"]}
    )
    assert res.status_code == 200 and res.json()["text"] == "Plain text stays exactly as given.\n"
    assert client.post("/api/analyze", json={}).status_code == 422


def test_http_web_pages(client: TestClient) -> None:
    home = client.get("/", params={"q": "union"})
    assert home.status_code == 200 and "Strike ends" in home.text and "<svg" in home.text
    page = client.get("/article/a1")
    assert page.status_code == 200
    assert 'class="tech"' in page.text and "leader_of" in page.text and "via Radio Costa" in page.text


def test_http_highlight_nested_spans() -> None:
    html = highlight_html("abcdef", [(0, 4, "x", "X"), (2, 6, "y", "Y")])
    assert html.count("<span") == 3 and 'class="x y"' in html


# -- request limits (issue 15) -----------------------------------------------------------------------
@pytest.fixture()
def small_client(tmp_path: Path) -> TestClient:
    from presslens.settings import Settings

    return TestClient(create_app(settings=Settings(db=str(tmp_path / "s.db"), max_request_bytes=100_000)))


def test_http_oversized_body_refused_before_reading(small_client: TestClient) -> None:
    big = b'{"text": "' + b"a" * 200_000 + b'"}'
    r = small_client.post("/api/analyze", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and len(r.content) < 200

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(50):
            yield b"a" * 10_000

    r = small_client.post(
        "/analyze", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413 and len(r.content) < 200
    ok = small_client.post("/api/analyze", json={"text": "Short text.", "only": ["extract"]})
    assert ok.status_code == 200 and ok.json()["text"] == "Short text."


def test_http_validation_errors_do_not_echo_input(small_client: TestClient) -> None:
    marker = "ECHO-ME-" * 1000
    r = small_client.post("/api/analyze", json={"text": 12345, "url": marker})
    assert r.status_code == 422
    assert "ECHO-ME" not in r.text and "12345" not in r.text
    assert any(e["loc"][-1] == "url" for e in r.json()["detail"])
