"""The web UI and the dossier in a real headless browser (Debian's chromium).

The app runs under uvicorn in a subprocess on a free local port; chromium loads pages with
``--dump-dom`` (the DOM after scripts would have run) and ``--screenshot``. No network is used
and no browser is downloaded: the test skips when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import csv
import io
import itertools
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_driver import HEADLESS, Browser
from test_dossier import index
from test_dossier_corpus import IDS, write_corpus

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]

_profiles = itertools.count()


def run_chromium(tmp_path: Path, url: str, *args: str) -> str:
    """Run headless chromium once on ``url`` with a fresh profile; return its stdout."""
    profile = tmp_path / f"chromium-profile-{next(_profiles)}"
    command = [str(CHROMIUM), *HEADLESS, f"--user-data-dir={profile}", *args, url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dump_dom(tmp_path: Path, url: str) -> str:
    return run_chromium(tmp_path, url, "--dump-dom")


def screenshot(tmp_path: Path, url: str, name: str, size: str = "1280,1600") -> Path:
    out = tmp_path / name
    run_chromium(tmp_path, url, f"--screenshot={out}", f"--window-size={size}")
    return out


def png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values of the pixel data): a blank page has very few."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    pixels = zlib.decompress(idat)
    return width, height, len(set(pixels))


def assert_non_trivial_png(path: Path) -> None:
    width, height, distinct = png_facts(path)
    assert width >= 800 and height >= 600
    assert distinct > 40, "the screenshot is (nearly) blank"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving the invented corpus on 127.0.0.1; yields the base URL."""
    db_dir = write_corpus(tmp_path_factory.mktemp("browser-corpus"))
    port = free_port()
    code = f"from chorus.web import serve; serve({str(db_dir)!r}, port={port})"
    log_path = db_dir / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # wait until it answers (or fails to start)
            if process.poll() is not None:
                pytest.fail(f"server exited: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/people", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_main_pages_render_in_the_browser(server: str, tmp_path: Path) -> None:
    dom = index(dump_dom(tmp_path, server + "/"))
    assert {"a", "svg", "table"} <= {tag for tag, _ in dom.tags}
    people = dump_dom(tmp_path, server + "/people")
    assert "Ostrova Delan" in people and "Juris Kalm" in people
    shot = screenshot(tmp_path, server + "/", "overview.png", "1280,2000")
    assert_non_trivial_png(shot)


def test_search_in_the_browser(server: str, tmp_path: Path) -> None:
    url = server + "/search?q=never+soldiers"
    dom = dump_dom(tmp_path, url)
    assert '<mark class="hit">never</mark>' in dom
    assert "Statements (2)" in dom
    assert_non_trivial_png(screenshot(tmp_path, url, "search.png", "1280,1000"))


def test_hostile_article_is_text_in_the_browser(server: str, tmp_path: Path) -> None:
    dom_text = dump_dom(tmp_path, f"{server}/articles/{IDS['c']}")
    dom = index(dom_text)
    assert "script" not in {tag for tag, _ in dom.tags}
    assert all("data-pwned" not in attributes for _, attributes in dom.tags)
    title = next(i for i, (tag, _) in enumerate(dom.tags) if tag == "title")
    assert dom.tags[title] == ("title", {}) and " · chorus</title>" in dom_text  # its own title
    assert "<title>pwned</title>" not in dom_text
    assert "&lt;script&gt;document.title='pwned'" in dom_text  # shown, as text
    assert "&lt;b&gt;Mika Sorel&lt;/b&gt;" in dom_text
    assert all(tag != "b" or not attributes for tag, attributes in dom.tags)


def test_seed_dossier_shows_lukashenko_with_his_statements(
    shared_dir: Path, tmp_path: Path
) -> None:
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build
    from chorus.report.dossier import write_dossier
    from chorus.store import Store

    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    out = tmp_path / "seeds"
    build(seeds, out, workers=1)
    with Store(out) as store:
        link_corpus(store)
        path = write_dossier(store, out / "dossier.html")
    url = path.resolve().as_uri()
    assert_non_trivial_png(screenshot(tmp_path, url, "seed-dossier.png", "1280,2400"))
    dom = index(dump_dom(tmp_path, url))
    people_sections = [i for i in dom.ids if i.startswith("p-")]
    lukashenko = [i for i in people_sections if "Lukashenk" in dom.text(i)[:200]]
    assert lukashenko, "Lukashenko has no section in the dossier"
    statements = [q for i in lukashenko for q in dom.ids_inside[i] if q.startswith("q-")]
    assert statements, "the dossier shows no statement by Lukashenko"
    evidence = [h[1:] for h in dom.hrefs if h.startswith("#s-")]
    assert evidence and all(anchor in dom.ids for anchor in evidence)
    dangling = {h for h in dom.hrefs if h.startswith("#") and h[1:] not in dom.ids}
    assert dangling == set()


# -- working the UI in a real browser (DevTools protocol over a pipe) ---------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(tmp_path_factory.mktemp("devtools-profile")) as driven:
        yield driven


def rows_shown(browser: Browser, table: str = "table.statements") -> int:
    return browser.evaluate(f"document.querySelectorAll('{table} tbody tr').length")


def test_a_facet_click_filters_and_a_header_click_sorts(server: str, browser: Browser) -> None:
    browser.open(server + "/statements")
    assert rows_shown(browser) == 6
    browser.follow("document.querySelector('.facet a[href$=\"kind=indirect\"]').click()")
    assert browser.url.endswith("/statements?kind=indirect")
    assert rows_shown(browser) == 3
    assert browser.evaluate("document.querySelector('select[name=kind]').value") == "indirect"
    browser.follow(
        "[...document.querySelectorAll('th a')].find(a => a.textContent == 'conf.').click()"
    )
    assert "sort=confidence" in browser.url and "kind=indirect" in browser.url
    shown = browser.evaluate(
        "[...document.querySelectorAll('table.statements td.num')].map(td => td.innerText)"
    )
    assert shown == sorted(shown, key=lambda p: int(p.rstrip("%")))


def test_the_filter_form_keeps_the_state_of_the_url(server: str, browser: Browser) -> None:
    browser.open(server + "/statements?speaker=marren&from=2024-03")
    assert browser.evaluate("document.querySelector('select[name=speaker]').value") == "marren"
    assert browser.evaluate("document.querySelector('input[name=from]').value") == "2024-03"
    browser.follow("document.querySelector('form.filters').submit()")  # "filter" again
    assert "speaker=marren" in browser.url and "from=2024-03" in browser.url
    assert rows_shown(browser) == 1


def test_the_download_is_the_rows_on_screen(server: str, browser: Browser) -> None:
    browser.open(server + "/statements?outlet=Border+Wire")
    link = browser.evaluate("document.querySelector('.downloads a').getAttribute('href')")
    rows = list(csv.reader(io.StringIO(httpx.get(server + link, timeout=30).text)))
    assert rows[0][:3] == ["id", "published", "outlet"]
    shown = browser.evaluate(
        "[...document.querySelectorAll('table.statements tbody tr')].map(tr => tr.id.slice(2))"
    )
    assert [r[0] for r in rows[1:]] == shown == ["stmt-b1", "stmt-b2"]


def test_the_citation_selects_and_copies_as_plain_lines(server: str, browser: Browser) -> None:
    browser.open(server + "/statements/stmt-b1")
    assert browser.evaluate("getComputedStyle(document.getElementById('cite')).userSelect") == "all"
    copied = browser.evaluate(
        "getSelection().selectAllChildren(document.getElementById('cite')); "
        "getSelection().toString()"
    )
    lines = copied.splitlines()
    assert lines[0] == "“will never send soldiers abroad”"
    assert lines[1] == "— Ostrova Delan, via VTA; Border Wire, 2024-03-06"
    assert (
        lines[2].startswith("Source: b.txt, characters ") and lines[3] == "chorus statement stmt-b1"
    )


def test_provenance_leads_to_the_first_report(server: str, browser: Browser) -> None:
    browser.open(server + "/statements/stmt-b1")
    roles = browser.evaluate(
        "[...document.querySelectorAll('ol.provenance b')].map(b => b.innerText)"
    )
    assert roles == ["first report", "relayed"]
    browser.follow(
        "document.querySelector('ol.provenance a[href=\"/statements/stmt-a1\"]').click()"
    )
    assert browser.url.endswith("/statements/stmt-a1")
    assert "Varnia Daily, 2024-03-04" in browser.evaluate("document.body.innerText")


def test_a_question_asked_in_the_browser_shows_stances(server: str, browser: Browser) -> None:
    browser.open(server + "/questions")
    browser.follow(
        "document.querySelector('form.ask input[name=question]').value = "
        "'Will troops cross the border?'; document.querySelector('form.ask').submit()"
    )
    assert "/questions/" in browser.url
    text = browser.evaluate("document.body.innerText")
    assert "Will troops cross the border?" in text and "Juris Kalm" in text
    stances = browser.evaluate(
        "[...document.querySelectorAll('.stances .pill')].map(p => p.innerText)"
    )
    assert "yes" in stances
    evidence = browser.evaluate(
        "[...document.querySelectorAll('ul.evidence a')].map(a => a.innerText)"
    )
    assert any(e.startswith("“troops will almost certainly cross the border”") for e in evidence)


PAGES_AT_400 = [
    "/",
    "/statements",
    "/statements?kind=direct&sort=-confidence",
    "/statements/stmt-b1",
    "/people",
    "/people/pdelan",
    "/forecasts",
    "/forecasts/fc-b1",
    "/events",
    "/events/ev-1",
    "/outlets",
    "/articles",
    f"/articles/{IDS['b']}",
    "/provenance",
    "/questions",
    "/search?q=border",
]


@pytest.mark.parametrize("path", PAGES_AT_400)
def test_pages_fit_a_phone_400_px_wide(server: str, browser: Browser, path: str) -> None:
    browser.open(server + path, width=400, height=800)
    assert browser.overflow() == 0, f"{path} is wider than 400 px"


def test_hidden_residue_takes_no_room_until_shown(server: str, browser: Browser) -> None:
    browser.open(server + f"/articles/{IDS['a']}")
    hidden = "getComputedStyle(document.querySelector('.article-body .gap')).display"
    assert browser.evaluate(hidden) == "none"
    assert browser.evaluate("document.querySelector('.article-body .stand-in') !== null")
    height = "document.querySelector('.article-body').offsetHeight"
    before = browser.evaluate(height)
    browser.evaluate("document.querySelector('.show-removed').click()")
    assert browser.evaluate(hidden) == "inline"
    assert browser.evaluate(height) > before  # the residue (and its blank lines) now take room


def test_every_abbreviation_is_explained_beside_its_table(server: str, browser: Browser) -> None:
    browser.open(server + "/statements")
    keys = browser.evaluate(
        "[...document.querySelectorAll('p.key')].map(p => p.innerText).join(' ')"
    )
    for term in ("conf. (confidence)", "mixed:", "direct:", "indirect:", "via:", "cue:"):
        assert term in keys


def test_the_dossier_fits_a_phone_too(tmp_path: Path, browser: Browser) -> None:
    from chorus.report.dossier import write_dossier
    from chorus.store import Store

    corpus = write_corpus(tmp_path / "corpus")
    with Store(corpus, read_only=True) as store:
        path = write_dossier(store, tmp_path / "dossier.html")
    browser.open(path.resolve().as_uri(), width=400, height=800)
    assert browser.overflow() == 0
