"""The web UI and the dossier in a real headless browser (Debian's chromium).

The app runs under uvicorn in a subprocess on a free local port; chromium loads pages with
``--dump-dom`` (the DOM after scripts would have run) and ``--screenshot``. No network is used
and no browser is downloaded: the test skips when /usr/bin/chromium is absent.
"""

from __future__ import annotations

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
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
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
