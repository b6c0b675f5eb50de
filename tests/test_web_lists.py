"""The list views as a reader works them: filter, facet, sort, page, download, cite, ask.

Over the invented corpus of ``test_dossier_corpus`` (every table filled), through FastAPI's
TestClient; what a real browser sees is checked in ``test_browser.py``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_dossier import index
from test_dossier_corpus import HOSTILE, IDS, PEOPLE, write_corpus
from web_crawl import crawl

from chorus.report import listing, lists
from chorus.report.records import name_key, name_key_sql
from chorus.store import Store
from chorus.web import create_app

LOCAL = "http://127.0.0.1"
ALL_STATEMENTS = {"stmt-a1", "stmt-a2", "stmt-b1", "stmt-b2", "stmt-c1", "stmt-c2"}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = write_corpus(tmp_path_factory.mktemp("lists-corpus"))
    with Store(out) as store:  # one undated article, and a cell a spreadsheet would run
        store.execute("UPDATE articles SET published = NULL WHERE id = ?", [IDS["c"]])
        store.execute("UPDATE statements SET via = '=HYPERLINK(\"x\")' WHERE id = 'stmt-c1'")
    return out


@pytest.fixture(scope="module")
def client(corpus_dir: Path) -> Iterator[TestClient]:
    with TestClient(base_url=LOCAL, app=create_app(corpus_dir)) as test_client:
        yield test_client


def rows_of(client: TestClient, path: str, **params: str) -> list[dict]:
    response = client.get(f"{path}.json", params=params)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def ids_of(client: TestClient, path: str = "/statements", **params: str) -> list[str]:
    return [r["id"] for r in rows_of(client, path, **params)]


def csv_rows(client: TestClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


def page_hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in index(html).hrefs]


# -- reading the URL -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2023", "2023-02", "2023-02-14"])
def test_dates_take_a_year_a_month_or_a_day(value: str) -> None:
    request = listing.parse_request(lists.STATEMENTS, {"from": value, "to": value})
    assert (request.date_from, request.date_to) == (value, value)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "02/2023"}, "from: '02/2023' is not a year, month or day"),
        ({"to": "2023-13"}, "to: '2023-13'"),
        ({"sort": "password"}, "sort: no column 'password'"),
        ({"offset": str(2**64)}, "offset:"),
        ({"limit": "0"}, "limit:"),
        ({"undated": "sometimes"}, "undated:"),
    ],
)
def test_impossible_parameters_are_a_400_that_says_why(
    client: TestClient, params: dict, message: str
) -> None:
    with pytest.raises(listing.BadRequest, match=re.escape(message)):
        listing.parse_request(lists.STATEMENTS, params)
    response = client.get("/statements", params=params)
    assert response.status_code == 400
    assert message.replace("'", "&#39;") in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_the_sql_name_key_is_the_python_one(corpus_dir: Path) -> None:
    names = ["  Juris \t Kalm ", "ÉMILE  Zola", "a\nb", "Ann Tor"]
    with Store(corpus_dir, read_only=True) as store:
        for name in names:
            sql = store.rows(f"SELECT {name_key_sql('?')} AS k", [name])[0]["k"]
            assert sql == name_key(name), name


# -- rows, order, filters --------------------------------------------------------------------


def test_statements_come_in_date_order_undated_last(client: TestClient) -> None:
    rows = rows_of(client, "/statements")
    assert [r["id"] for r in rows] == [
        "stmt-a1", "stmt-a2", "stmt-b1", "stmt-b2", "stmt-c1", "stmt-c2"
    ]  # fmt: skip
    assert [r["published"] for r in rows][-2:] == [None, None]


def test_sorting_by_a_column_both_ways(client: TestClient) -> None:
    down = rows_of(client, "/statements", sort="-confidence")
    assert [r["confidence"] for r in down] == sorted((r["confidence"] for r in down), reverse=True)
    up = rows_of(client, "/people", sort="name")
    assert [r["name"] for r in up] == sorted(r["name"] for r in up)
    html = client.get("/statements", params={"sort": "confidence"}).text
    assert 'href="/statements?sort=-confidence"' in html  # the header now sorts descending
    assert "Sorted by conf." in html


def test_month_and_year_filters_and_the_undated_rows(client: TestClient) -> None:
    march = {"from": "2024-03", "to": "2024-03"}
    assert set(ids_of(client, **march)) == {"stmt-a1", "stmt-a2", "stmt-b1", "stmt-b2"}
    assert set(ids_of(client, **{"from": "2024"})) == set(ids_of(client, **march))
    html = client.get("/statements", params=march).text
    assert "2 undated statements not shown under this date filter" in html
    hrefs = page_hrefs(html)
    assert "/statements?from=2024-03&to=2024-03&undated=include" in hrefs
    assert set(ids_of(client, undated="include", **march)) == ALL_STATEMENTS
    assert set(ids_of(client, undated="only")) == {"stmt-c1", "stmt-c2"}
    # The form shows the URL's state: months in text inputs that accept them.
    form = index(html)
    inputs = {a.get("name"): a for tag, a in form.tags if tag == "input"}
    assert inputs["from"]["value"] == "2024-03" and inputs["from"]["type"] == "text"


def test_relay_filter_and_speaker_by_id_or_by_part_of_a_name(client: TestClient) -> None:
    assert ids_of(client, via="VTA") == ["stmt-b1"]
    assert ids_of(client, via="(none)") == ["stmt-a1", "stmt-a2", "stmt-b2", "stmt-c2"]
    assert ids_of(client, speaker=PEOPLE["delan"]) == ["stmt-a1", "stmt-b1"]
    assert ids_of(client, speaker="marren") == ["stmt-a2"]  # any part of the name
    html = client.get("/statements", params={"speaker": "marren"}).text
    assert '<option value="marren" selected>contains “marren”</option>' in html
    html = client.get("/statements", params={"speaker": PEOPLE["delan"]}).text
    assert f'<option value="{PEOPLE["delan"]}" selected>Ostrova Delan (2)</option>' in html
    assert "speaker: Ostrova Delan" in html  # the active filter, named


# -- facets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(lists.LISTS))
def test_every_facet_count_is_the_number_of_rows_its_link_shows(
    client: TestClient, name: str
) -> None:
    spec = lists.LISTS[name]
    html = client.get(f"/{name}").text
    facet_links = re.findall(
        r'<li><a href="([^"]+)">[^<]*</a> <span class="count">(\d+)</span></li>', html
    )
    assert facet_links or not spec.facets
    for href, count in facet_links:
        url = href.replace("&amp;", "&")
        target = client.get(url)
        assert target.status_code == 200, url
        total = client.get(url.replace(f"/{name}?", f"/{name}.json?")).json()["total"]
        assert total == int(count), url


def test_facets_offer_speakers_outlets_kinds_relays_and_events(client: TestClient) -> None:
    html = client.get("/statements").text
    for label in ("speaker", "outlet", "kind", "relayed via", "forecast event", "published"):
        assert f">{label}</h3>" in html
    assert 'no relay named</a> <span class="count">4</span>' in html
    assert 'undated</a> <span class="count">2</span>' in html


# -- downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(lists.LISTS))
def test_every_list_downloads_its_filter_as_csv_and_json(client: TestClient, name: str) -> None:
    spec = lists.LISTS[name]
    html = client.get(f"/{name}").text
    csv_link = next(h for h in page_hrefs(html) if h.startswith(f"/{name}.csv"))
    rows = csv_rows(client, csv_link)
    assert rows[0] == [c.key for c in spec.columns]  # a header row, then the rows
    as_json = rows_of(client, f"/{name}")
    assert len(rows) - 1 == len(as_json) == client.get(f"/{name}.json").json()["total"]
    key = rows[0].index("id") if "id" in rows[0] else 0
    first = "id" if "id" in rows[0] else rows[0][0]
    assert [r[key] for r in rows[1:]] == [str(r[first]) for r in as_json]


def test_the_csv_holds_exactly_the_rows_of_the_filter_on_screen(client: TestClient) -> None:
    params = {"kind": "indirect", "sort": "-confidence", "limit": "1"}
    html = client.get("/statements", params=params).text
    assert "Statements 1–1 of 3" in html  # the page shows one, the filter selects three
    csv_link = next(h for h in page_hrefs(html) if h.startswith("/statements.csv"))
    assert "limit" not in csv_link and "kind=indirect" in csv_link
    rows = csv_rows(client, csv_link)
    ids = [r[0] for r in rows[1:]]
    assert ids == ids_of(client, kind="indirect", sort="-confidence")
    assert sorted(ids) == ["stmt-a2", "stmt-b2", "stmt-c1"]
    same = csv_rows(client, "/statements?kind=indirect&sort=-confidence&_format=csv")
    assert same == rows


def test_csv_cells_that_would_be_formulas_are_neutralised(client: TestClient) -> None:
    rows = csv_rows(client, "/statements.csv?id=stmt-c1")
    via = rows[0].index("via")
    assert rows[1][via] == '\'=HYPERLINK("x")'
    assert rows_of(client, "/statements", id="stmt-c1")[0]["via"] == '=HYPERLINK("x")'
    assert listing.csv_safe("@SUM(1)") == "'@SUM(1)" and listing.csv_safe(-1.5) == -1.5
    assert [listing.csv_safe(c + "x") for c in "=+-@\t\r"] == [f"'{c}x" for c in "=+-@\t\r"]


def test_downloads_name_files_never_local_paths(client: TestClient) -> None:
    for name in lists.LISTS:
        body = client.get(f"/{name}.csv").text + client.get(f"/{name}.json").text
        assert "invented/" not in body, name
    assert rows_of(client, "/statements", id="stmt-a1")[0]["source"] == "a.txt"


# -- permalinks, citations, provenance -------------------------------------------------------


def test_a_statement_permalink_carries_its_citation(client: TestClient) -> None:
    response = client.get("/statements/stmt-b2")
    assert response.status_code == 200
    page = index(response.text)
    cite = page.text("cite")
    start = next(r for r in rows_of(client, "/statements", id="stmt-b2"))["start"]
    words = "troops will almost certainly cross the border"
    assert cite.splitlines() == [
        f"“{words}”",
        "— Juris Kalm; Border Wire, 2024-03-06",
        f"Source: b.txt, characters {start}–{start + len(words)}",
        "chorus statement stmt-b2",
    ]
    assert "invented/" not in response.text
    assert client.get("/statements/nope").status_code == 404


def test_forecast_event_and_person_permalinks_cite_too(client: TestClient) -> None:
    forecast = index(client.get("/forecasts/fc-b1").text).text("cite")
    assert forecast.startswith("“troops will almost certainly cross the border”")
    assert "chorus forecast fc-b1" in forecast
    event = index(client.get("/events/ev-1").text).text("cite")
    assert event.startswith("2024-03-04: Delan rules out sending soldiers")
    assert "reported by Varnia Daily, 2024-03-04" in event and "Source: a.txt" in event
    person = index(client.get(f"/people/{PEOPLE['delan']}").text).text("cite")
    assert person.startswith("Ostrova Delan (President of Varnia)")
    assert "first named in Varnia Daily, 2024-03-04" in person


def test_provenance_names_the_first_report_and_the_relay(client: TestClient) -> None:
    html = client.get("/statements/stmt-b1").text
    steps = re.findall(r"<li><b title=\"[^\"]*\">([a-z ]+)</b>", html)
    assert steps == ["first report", "relayed"]
    assert 'via <a href="/statements?via=VTA">VTA</a>' in html
    chain = html[html.index('id="provenance"') :]
    assert chain.index("Varnia Daily, 2024-03-04") < chain.index("Border Wire, 2024-03-06")
    assert 'href="/statements/stmt-a1"' in html  # the first report, one click away


def test_hostile_text_stays_text_on_every_new_page(client: TestClient) -> None:
    for url in ("/statements/stmt-c2", "/statements?q=script", "/people", "/questions"):
        text = client.get(url).text
        assert "<script" not in text.lower(), url
    assert HOSTILE not in client.get("/statements/stmt-c2").text
    download = client.get("/statements.csv")  # data, never a page a browser would run
    assert download.headers["content-type"].startswith("text/csv")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"] == 'attachment; filename="statements.csv"'


# -- questions -------------------------------------------------------------------------------


def test_a_question_asked_in_the_ui_shows_stances(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    with Store(tmp_path) as store:
        store.execute("UPDATE articles SET outlet = NULL WHERE id = ?", [IDS["b"]])
    with TestClient(base_url=LOCAL, app=create_app(tmp_path)) as ui:
        form = index(ui.get("/questions").text)
        assert ("form", {"class": "ask filters", "method": "post", "action": "/questions"}) in (
            form.tags
        )
        asked = ui.post(
            "/questions",
            content="question=Will+troops+cross+the+border%3F",
            headers={"content-type": "application/x-www-form-urlencoded", "origin": LOCAL},
            follow_redirects=False,
        )
        assert asked.status_code == 303
        page = ui.get(asked.headers["location"])
        assert page.status_code == 200
        html = page.text
        assert "Will troops cross the border?" in html
        assert "Juris Kalm" in html and '<span class="pill yes"' in html
        assert "“troops will almost certainly cross the border” ((unknown outlet) b.txt" in html
        assert 'href="/forecasts/fc-b1"' in html  # evidence opens the forecast's page
        assert "forecast #" not in html and "invented/" not in html
        listed = ui.get("/questions").text
        assert asked.headers["location"] in listed


def test_asking_refuses_other_sites_and_empty_questions(client: TestClient) -> None:
    form = {"content-type": "application/x-www-form-urlencoded"}
    elsewhere = client.post(
        "/questions", content="question=x", headers={**form, "origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403
    empty = client.post("/questions", content="question=+", headers=form)
    assert empty.status_code == 400 and "type a question" in empty.text


# -- every page ------------------------------------------------------------------------------


def test_every_page_reachable_from_the_overview_answers(client: TestClient) -> None:
    def get(url: str) -> tuple[int, str, str]:
        response = client.get(url)
        return response.status_code, response.headers.get("content-type", ""), response.text

    report = crawl(get)
    assert len(report.statuses) > 60
    assert report.failures == {}
    assert report.broken_anchors == []
    assert report.bad_downloads == []


@pytest.mark.slow
def test_every_page_of_the_example_corpus_answers(example_db: Path) -> None:
    """The bundled example corpus (a real build, syndicated copies and relays included)."""
    with TestClient(base_url=LOCAL, app=create_app(example_db)) as ui:

        def get(url: str) -> tuple[int, str, str]:
            response = ui.get(url)
            return response.status_code, response.headers.get("content-type", ""), response.text

        report = crawl(get)
        provenance = [u for u in report.statuses if u.startswith("/statements/")]
        relayed = ui.get("/statements.json", params={"via": "(none)"}).json()["total"]
        total = ui.get("/statements.json").json()["total"]
    assert report.failures == {}
    assert report.broken_anchors == [] and report.bad_downloads == []
    assert len(provenance) == total  # every statement's permalink was visited
    assert relayed < total  # the example corpus has relays to filter on
