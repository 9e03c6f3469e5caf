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
        quotes=(Quote("q1", "indirect", (Span(32, 70),), Span(15, 19), Span(0, 14), "e1", ("e2",), cue_class="speech"),),
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


def test_http_api_quotes_by_cue_class(client: TestClient) -> None:
    speech = client.get("/api/quotes", params={"cue_class": "speech"}).json()
    assert [q["cue_class"] for q in speech] == ["speech"] and speech[0]["speaker"] == "Marta Oliveira"
    assert client.get("/api/quotes", params={"cue_class": "stance"}).json() == []
    assert client.get("/api/quotes", params={"cue_class": "gossip"}).status_code == 422


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


@pytest.mark.parametrize("query", ['"', "((((", "\x00", "*", "-:^"])
def test_http_bad_search_is_a_message_not_a_500(client: TestClient, query: str) -> None:
    page = client.get("/", params={"q": query})
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert client.get("/api/search", params={"q": query}).status_code == 400


def test_http_long_parameters_are_rejected(client: TestClient) -> None:
    assert client.get("/api/quotes", params={"speaker": "x" * 50_000}).status_code == 422
    assert client.get("/articles", params={"outlet": "x" * 5000}).status_code == 422
    assert client.get("/article/" + "a" * 500).status_code == 422


def test_http_headers_and_token(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    open_store(db).close()
    client = TestClient(create_app(db, token="s3cret"))
    res = client.get("/")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert "unsafe-inline" not in res.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert res.headers["x-content-type-options"] == "nosniff" and res.headers["referrer-policy"]
    body = {"text": "A text.", "only": ["extract"]}
    assert client.post("/api/analyze", json=body).status_code == 401
    assert (
        client.post("/api/analyze", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    assert (
        client.post("/api/analyze", json=body, headers={"Authorization": "Bearer s3cret"}).status_code == 200
    )


def test_http_serve_refuses_remote_without_flag_and_token() -> None:
    from typer.testing import CliRunner

    from presslens.cli import app

    runner = CliRunner()
    assert "--allow-remote" in runner.invoke(app, ["serve", "--host", "0.0.0.0"]).output
    assert "--token" in runner.invoke(app, ["serve", "--host", "0.0.0.0", "--allow-remote"], env={}).output


def test_http_pages_link_everything(client: TestClient) -> None:
    home = client.get("/").text
    assert 'href="/article/a1"' in home and "/outlet?name=Valmora+Herald" in home
    actor = next(
        a
        for a in client.get("/api/graph", params={"min_shared": 1}).json()["nodes"]
        if a["name"] == "Marta Oliveira"
    )
    page = client.get(f"/actor/{actor['id']}").text
    assert "shameful betrayal" in page and "leader_of" in page and "Valmora Herald" in page
    article = client.get("/article/a1").text
    assert (
        'class="cue">told</span>' in article and 'href="#quote-q1"' in article and 'id="quote-q1"' in article
    )
    outlet = client.get("/outlet", params={"name": "Valmora Herald"}).text
    assert "svg" in outlet and "100% with a named speaker" in outlet
    for missing in ("/actor/Enope", "/story/Cnope", "/outlet?name=nope"):
        res = client.get(missing)
        assert res.status_code == 404 and "text/html" in res.headers["content-type"]


def test_http_docs_served_offline(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        assert "/static/vendor/" in html and "http" not in html.replace("http-equiv", "")
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
