"""A crawler for the web UI: every page reachable from ``/`` must answer 200.

Follows every same-site link of every HTML page (downloads included), and checks that a link
to ``page#anchor`` lands on a page that has that anchor. Lists link to endless combinations of
filters, so links are followed from pages without a query string (every permalink, every list
unfiltered) and one step further: every filter, facet, sort and download link of an unfiltered
list is visited, and what those filtered pages link to without a query.
Used by the tests (invented and example corpora) and once by hand over a build of the seeds:

    python -c "import sys; sys.path.insert(0, 'tests'); import web_crawl; web_crawl.main('OUT')"
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")


@dataclass
class CrawlReport:
    statuses: dict[str, int] = field(default_factory=dict)
    broken_anchors: list[str] = field(default_factory=list)
    bad_downloads: list[str] = field(default_factory=list)

    @property
    def failures(self) -> dict[str, int]:
        return {url: status for url, status in self.statuses.items() if status != 200}


def crawl(
    get: Callable[[str], tuple[int, str, str]], start: str = "/", limit: int = 5000
) -> CrawlReport:
    """Visit every page reachable from ``start``; ``get(url)`` -> (status, content type, body)."""
    report = CrawlReport()
    queue: deque[str] = deque([start])
    seen = {start}
    anchors: list[tuple[str, str, str]] = []  # (from page, target page, anchor)
    ids: dict[str, set[str]] = {}
    while queue and len(report.statuses) < limit:
        url = queue.popleft()
        status, kind, body = get(url)
        report.statuses[url] = status
        if status != 200:
            continue
        if kind.startswith("text/csv"):
            rows = list(csv.reader(io.StringIO(body)))
            if not rows or not all(re.fullmatch(r"[a-z_]+", cell) for cell in rows[0]):
                report.bad_downloads.append(url)
            continue
        if not kind.startswith("text/html"):
            continue
        page = _Links()
        page.feed(body)
        ids[url] = page.ids
        for href in page.hrefs:
            target, anchor = urldefrag(href)
            if target.startswith(("http:", "https:", "//", "mailto:")):
                continue
            target = target or url
            if not target.startswith("/"):
                continue
            if anchor:
                anchors.append((url, target, anchor))
            if target in seen or ("?" in url and "?" in target):
                continue
            seen.add(target)
            queue.append(target)
    for source, target, anchor in anchors:
        if target in ids and anchor not in ids[target]:
            report.broken_anchors.append(f"{source} -> {target}#{anchor}")
    return report


def main(db_dir: str) -> None:  # pragma: no cover - run by hand over a real build
    from fastapi.testclient import TestClient

    from chorus.web import create_app

    with TestClient(create_app(db_dir), base_url="http://127.0.0.1") as client:

        def get(url: str) -> tuple[int, str, str]:
            response = client.get(url)
            return response.status_code, response.headers.get("content-type", ""), response.text

        report = crawl(get)
    print(f"{len(report.statuses)} pages, {len(report.failures)} not 200: {report.failures}")
    print(f"broken anchors: {report.broken_anchors[:20]} ({len(report.broken_anchors)})")
    print(f"bad downloads: {report.bad_downloads}")
    sys.exit(1 if report.failures or report.broken_anchors or report.bad_downloads else 0)
