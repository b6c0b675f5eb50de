"""Screenshots of the web UI for docs/screenshots/: statements, a person, provenance.

    python scripts/screenshots.py OUT docs/screenshots

OUT is a build (``chorus build ../shared/seeds/*.txt --out OUT``). The app is served on a
free local port and headless chromium (/usr/bin/chromium, driven over a pipe by
``tests/browser_driver.py``) takes each page at 1400 and at 400 px wide.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_driver import Browser  # noqa: E402

from chorus.store import Store  # noqa: E402

SIZES = {1400: 1300, 400: 1300}  # width: height of the window shot


def pages(db_dir: Path) -> dict[str, str]:
    """The pages to show: the statements, the most quoted person, a relayed statement."""
    with Store(db_dir, read_only=True) as store:
        person = store.rows(
            "SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        )[0]["speaker_id"]
        shared = store.rows(
            "SELECT statement FROM statement_reports WHERE group_id IN (SELECT group_id FROM "
            "statement_reports GROUP BY 1 HAVING count(*) > 1) ORDER BY published, statement "
            "LIMIT 1"
        )
        relayed = store.rows(
            "SELECT id FROM statements WHERE via IS NOT NULL ORDER BY confidence DESC, id LIMIT 1"
        )
    statement = (shared or [{"statement": relayed[0]["id"]}])[0]["statement"]
    return {
        "statements": "/statements",
        "person": f"/people/{person}",
        "provenance": f"/statements/{statement}#provenance",
    }


def main(db_dir: str, out_dir: str) -> None:
    db, out = Path(db_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = f"from chorus.web import serve; serve({str(db)!r}, port={port})"
    server = subprocess.Popen([sys.executable, "-c", code])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as profile, Browser(Path(profile)) as browser:
            for name, path in pages(db).items():
                for width, height in SIZES.items():
                    browser.open(base + path, width=width, height=height)
                    shot = browser.screenshot(out / f"{name}-{width}.png", whole_page=False)
                    print(f"{shot} ← {path} at {width} px")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(*sys.argv[1:3])
