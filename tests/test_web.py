"""The web UI through FastAPI's TestClient: pages, search, filters, JSON, 404s, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_dossier import index
from test_dossier_corpus import IDS, PEOPLE, write_corpus

from chorus.store import Store
from chorus.web import create_app

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("web-corpus"))


@pytest.fixture(scope="module")
def client(corpus_dir: Path) -> Iterator[TestClient]:
    with TestClient(base_url=LOCAL, app=create_app(corpus_dir)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people",
        f"/people/{PEOPLE['delan']}",
        "/statements",
        "/search?q=border",
        "/articles",
        f"/articles/{IDS['a']}",
        "/outlets",
        "/forecasts",
        "/timeline",
        "/provenance",
    ],
)
def test_pages_render_with_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<script" not in response.text.lower()


@pytest.mark.parametrize("url", ["/people/nobody", "/articles/ffffffffffffffff", "/nowhere"])
def test_unknown_things_are_404_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "not found" in response.text


def test_api_404_is_json(client: TestClient) -> None:
    response = client.get("/api/people/nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "no person 'nobody'"}


def test_person_page_lists_statements_linked_to_the_article_span(client: TestClient) -> None:
    html = client.get(f"/people/{PEOPLE['delan']}").text
    assert html.count("will never send soldiers abroad") == 2
    assert f'href="/articles/{IDS["b"]}#s-stmt-b1"' in html
    article = index(client.get(f"/articles/{IDS['b']}").text)
    assert "s-stmt-b1" in article.ids
    assert article.text("s-stmt-b1") == "Ostrova Delan"  # the anchor names the speaker


def test_search_finds_statements_and_articles_and_marks_hits(client: TestClient) -> None:
    html = client.get("/search", params={"q": "almost CERTAINLY"}).text
    assert '<mark class="hit">almost</mark>' in html
    assert "Juris Kalm" in html
    assert "Statements (1)" in html and "Articles (1)" in html
    assert "Delan speaks again" in html


def test_search_with_no_hit_and_wildcards(client: TestClient) -> None:
    assert "Statements (0)" in client.get("/search", params={"q": "zebra"}).text
    # SQL wildcards are matched literally, not as "anything".
    assert client.get("/api/search", params={"q": "_"}).json()["statements"] == []
    assert client.get("/api/search", params={"q": "%"}).json()["statements"] == []


def test_filters_by_speaker_outlet_dates_and_kind(client: TestClient) -> None:
    def ids(**params: str) -> set[str]:
        return {s["id"] for s in client.get("/api/statements", params=params).json()}

    assert ids() == {"stmt-a1", "stmt-a2", "stmt-b1", "stmt-b2", "stmt-c1", "stmt-c2"}
    assert ids(speaker=PEOPLE["delan"]) == {"stmt-a1", "stmt-b1"}
    assert ids(speaker="marren") == {"stmt-a2"}  # by name, case-insensitive
    assert ids(outlet="Border Wire") == {"stmt-b1", "stmt-b2"}
    assert ids(**{"from": "2024-03-05"}) == {"stmt-b1", "stmt-b2", "stmt-c1", "stmt-c2"}
    assert ids(**{"from": "2024-03-05", "to": "2024-03"}) == {"stmt-b1", "stmt-b2"}
    assert ids(kind="direct", outlet="Varnia Daily") == {"stmt-a1"}
    assert ids(q="border", speaker=PEOPLE["kalm"]) == {"stmt-b2"}
    html = client.get("/statements", params={"speaker": PEOPLE["delan"]}).text
    assert "q-stmt-a1" in html and "q-stmt-b1" in html and "q-stmt-b2" not in html


def test_json_people_and_statement_fields(client: TestClient) -> None:
    people = {p["id"]: p for p in client.get("/api/people").json()}
    assert people[PEOPLE["delan"]]["n_statements"] == 2
    assert people[PEOPLE["delan"]]["aliases"] == ["Delan", "President Ostrova Delan"]
    person = client.get(f"/api/people/{PEOPLE['kalm']}").json()
    assert person["forecasts"][0]["probability"] == pytest.approx(0.93)
    statement = client.get("/api/statements", params={"speaker": PEOPLE["kalm"]}).json()[0]
    for field in ("id", "article", "start", "end", "text", "kind", "cue", "via", "confidence"):
        assert field in statement
    assert statement["outlet"] == "Border Wire"


def test_hostile_article_is_shown_as_text(client: TestClient) -> None:
    html = client.get(f"/articles/{IDS['c']}").text
    assert "<script" not in html.lower()
    assert "&lt;script&gt;document.title=" in html
    assert "<b>Mika Sorel</b>" not in html
    assert "&lt;b&gt;Mika Sorel&lt;/b&gt;" in html
    search = client.get("/search", params={"q": "script"}).text
    assert "<script" not in search.lower()
    assert '<mark class="hit">script</mark>' in search


def test_unresolved_speakers_get_a_page(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        store.execute("UPDATE statements SET speaker_id = NULL WHERE id = 'stmt-b2'")
    with TestClient(base_url=LOCAL, app=create_app(tmp_path)) as test_client:
        people = {p["id"]: p for p in test_client.get("/api/people").json()}
        assert people["name:juris kalm"]["resolved"] is False
        page = test_client.get("/people/name:juris kalm")
        assert page.status_code == 200
        assert "troops will almost certainly cross the border" in page.text


def test_database_is_opened_per_request_and_busy_while_a_build_writes(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with TestClient(base_url=LOCAL, app=create_app(tmp_path)) as test_client:
        assert test_client.get("/people").status_code == 200
        writer = Store(tmp_path)  # the app holds no connection between requests
        try:
            busy = test_client.get("/people")
            assert busy.status_code == 503
            assert "busy" in busy.text
        finally:
            writer.close()
        assert test_client.get("/people").status_code == 200


def test_missing_database_is_503(tmp_path: Path) -> None:
    with TestClient(base_url=LOCAL, app=create_app(tmp_path / "none")) as test_client:
        response = test_client.get("/api/people")
    assert response.status_code == 503
    assert "chorus build" in response.json()["detail"]


def test_statements_page_through(client: TestClient) -> None:
    every = [s["id"] for s in client.get("/api/statements").json()]
    page_two = client.get("/api/statements", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in page_two] == every[2:4]
    many = client.get("/api/statements", params={"limit": 5000})  # the API's own bound
    assert [s["id"] for s in many.json()] == every
    first = client.get("/statements", params={"kind": "indirect", "limit": 4}).text
    assert "next →" not in first  # three indirect statements fit one page
    first = client.get("/statements", params={"limit": 4}).text
    assert "Statements 1–4 of 6" in first and 'href="/statements?offset=4&amp;limit=4"' in first
    second = client.get("/statements", params={"limit": 4, "offset": 4}).text
    assert "Statements 5–6 of 6" in second and "← previous" in second and "next →" not in second
    assert {f"q-{i}" for i in every[4:]} <= index(second).ids


def test_requests_for_other_hosts_are_refused(client: TestClient) -> None:
    """A page elsewhere cannot read the local UI by pointing its own name at 127.0.0.1."""
    assert client.get("/api/people", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/api/people", headers={"host": "localhost:8000"}).status_code == 200


def test_every_page_renders_on_an_empty_database(tmp_path: Path) -> None:
    Store(tmp_path).close()
    with TestClient(base_url=LOCAL, app=create_app(tmp_path)) as test_client:
        for url in (
            "/",
            "/people",
            "/statements",
            "/search?q=x",
            "/articles",
            "/outlets",
            "/forecasts",
            "/timeline",
            "/provenance",
            "/api/people",
            "/api/search?q=x",
        ):
            assert test_client.get(url).status_code == 200, url
