"""The HTML dossier: content, evidence anchors, escaping, self-containedness."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_dossier_corpus import HOSTILE, IDS, PEOPLE, write_corpus

from chorus.report import article_text, queries, records
from chorus.report.dossier import write_dossier
from chorus.store import Store


class PageIndex(HTMLParser):
    """Collects ids, hrefs, tags and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, list[str]] = {}
        self.ids_inside: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            for _open_tag, open_id in self._open:
                if open_id:
                    self.ids_inside[open_id].append(attributes["id"])
            self.ids.add(attributes["id"])
            self.text_by_id.setdefault(attributes["id"], [])
            self.ids_inside.setdefault(attributes["id"], [])
        if attributes.get("href"):
            self.hrefs.append(attributes["href"])
        void = tag in {"input", "meta", "br", "img", "link", "hr", "rect", "circle", "line", "path"}
        if not void:
            self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for _tag, element_id in self._open:
            if element_id:
                self.text_by_id[element_id].append(data)

    def text(self, element_id: str) -> str:
        return "".join(self.text_by_id.get(element_id, []))


def index(html: str) -> PageIndex:
    parser = PageIndex()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("dossier-corpus"))


@pytest.fixture(scope="module")
def dossier_html(corpus_dir: Path) -> str:
    with Store(corpus_dir, read_only=True) as store:
        path = write_dossier(store, corpus_dir / "out" / "dossier.html")
    assert path == corpus_dir / "out" / "dossier.html"
    return path.read_text(encoding="utf-8")


def test_people_are_shown_with_everything_they_said(dossier_html: str) -> None:
    page = index(dossier_html)
    delan = page.text(records.person_anchor(PEOPLE["delan"]))
    assert "Ostrova Delan" in delan
    assert "President of Varnia" in delan
    assert "President Ostrova Delan" in delan  # an alias
    assert delan.count("will never send soldiers abroad") == 2  # reported by both outlets
    assert "via VTA" in delan
    kalm = page.text(records.person_anchor(PEOPLE["kalm"]))
    assert "troops will almost certainly cross the border" in kalm
    assert "93%" in kalm  # his forecast with its probability
    assert "almost certainly" in kalm


def test_every_in_page_link_resolves_to_an_anchor(dossier_html: str) -> None:
    page = index(dossier_html)
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal, "the dossier links nowhere"
    missing = sorted({h for h in internal if h not in page.ids})
    assert missing == []


def test_statement_links_point_at_the_highlighted_span_in_its_article(dossier_html: str) -> None:
    page = index(dossier_html)
    statement_links = [h[1:] for h in page.hrefs if h.startswith("#s-")]
    assert {f"s-stmt-{x}" for x in ("a1", "a2", "b1", "b2", "c1", "c2")} <= set(statement_links)
    # The anchor sits inside the article's section, in the text of the article body.
    article_text = page.text(records.article_anchor(IDS["b"]))
    assert "troops will almost certainly cross the border" in article_text


def test_article_view_marks_exactly_the_original_statement_span(corpus_dir: Path) -> None:
    with Store(corpus_dir, read_only=True) as store:
        view = article_text.article_view(store, IDS["b"])
        assert view is not None
        for statement in view.statements:
            i = next(
                i
                for i, p in enumerate(view.pieces)
                if any(a.id == records.statement_anchor(statement.id) for a in p.anchors)
            )
            marked = ""
            for piece in view.pieces[i:]:
                if "statement" not in piece.marks:
                    break
                marked += piece.text
            assert marked == statement.text
        assert "".join(p.text for p in view.pieces) == store.article(IDS["b"]).original


def test_removed_residue_is_available_with_its_reason(dossier_html: str) -> None:
    assert "removed residue: 2 spans" in dossier_html
    assert "ui-error" in dossier_html and "related-link" in dossier_html
    assert '<del class="removed" title="removed: ui-error">Oops! Something went wrong.' in (
        dossier_html
    )


def test_sections_for_every_table(dossier_html: str) -> None:
    page = index(dossier_html)
    for section in ("people", "outlets", "graph", "forecasts", "timeline", "provenance"):
        assert section in page.ids
    assert "stances" in page.ids  # the questions table has a report
    stances = page.text("stances")
    assert "Juris Kalm" in stances and "93%" in stances
    assert 'href="#f-fc-b1"' in dossier_html  # stance evidence links to the forecast span
    assert "Delan rules out sending soldiers" in page.text("timeline") or (
        "Delan rules out sending soldiers" in dossier_html
    )
    provenance = page.text("provenance")
    assert "Varnia Daily" in provenance and "Border Wire" in provenance
    assert "near-duplicate" in provenance
    svgs = [t for t, _ in page.tags if t == "svg"]
    assert len(svgs) >= 4  # outlets, graph, forecasts, timeline


def test_scraped_markup_is_escaped_never_live(dossier_html: str) -> None:
    assert "<script" not in dossier_html.lower()
    assert "&lt;script&gt;document.title=" in dossier_html
    assert "<b>Mika Sorel</b>" not in dossier_html
    assert "&lt;b&gt;Mika Sorel&lt;/b&gt;" in dossier_html
    assert "<i>minion</i>" not in dossier_html  # from the outlet profile JSON
    assert HOSTILE not in dossier_html


def test_dossier_is_self_contained(dossier_html: str) -> None:
    page = index(dossier_html)
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _tag, attributes in page.tags:
        for name in ("src", "href", "action"):
            value = attributes.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), value
    assert "default-src 'none'" in dossier_html


def test_empty_database_gives_a_dossier_saying_so(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        path = write_dossier(store, tmp_path / "dossier.html")
    html = path.read_text(encoding="utf-8")
    assert "No people or statements found." in html
    assert "No forecasts found." in html


def test_dossier_of_a_real_build_escapes_hostile_inputs(tmp_path: Path) -> None:
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "hostile.txt").write_text(
        "Hostile page test\n\nThe minister <b>Ona Pell</b> said on Tuesday that "
        '"the bridge will open in May".\n<script>alert(1)</script>\n'
        "Comments: <img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    (inputs / "hostile.html").write_text(
        "<html><head><title>Bridge <i>news</i></title></head><body><article>"
        '<p>The mayor Tam Orr said the bridge "will surely open" next year.</p>'
        "<script>document.title='pwned'</script></article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(sorted(inputs.iterdir()), out, workers=1)
    with Store(out) as store:
        link_corpus(store)
        html = write_dossier(store, out / "dossier.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Ona Pell</b>" not in html
    assert "&lt;b&gt;Ona Pell&lt;/b&gt;" in html
    assert "<img" not in html.lower()
    assert "onerror=alert(2)" in html  # shown as text


@pytest.mark.slow
def test_example_corpus_dossier_links_resolve(example_db: Path) -> None:
    with Store(example_db, read_only=True) as store:
        html = write_dossier(store, example_db / "dossier.html").read_text(encoding="utf-8")
        names = [p.name for p in queries.people(store) if p.resolved]
    page = index(html)
    assert sorted({h for h in page.hrefs if h.startswith("#") and h[1:] not in page.ids}) == []
    for name in names:
        assert name in html or name.replace("&", "&amp;") in html


def _broken_chart(*_args: object, **_kwargs: object) -> None:
    raise StopIteration("no tick for this span")


def test_a_view_that_cannot_be_drawn_leaves_everything_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chorus.report import charts
    from chorus.report.dossier import write_reports

    write_corpus(tmp_path)
    monkeypatch.setattr(charts, "timeline_chart", _broken_chart)
    with Store(tmp_path) as store:
        result = write_reports(store, tmp_path)
    assert [p.view for p in result.problems] == ["timeline"]
    assert result.summary_lines() == [
        f"dossier: {tmp_path / 'dossier.html'}",
        f"view not drawn: timeline: {result.problems[0].reason}",
    ]
    assert result.problems[0].reason.startswith("StopIteration: no tick for this span")
    page = index(result.dossier.read_text(encoding="utf-8"))
    assert "could not be drawn" in page.text("timeline")
    assert "1 view could not be drawn" in page.text("top")
    assert "will never send soldiers abroad" in page.text("people")  # every other section
    for section in ("outlets", "graph", "forecasts", "provenance", "stances", "articles"):
        assert section in page.ids and "could not be drawn" not in page.text(section)


def test_a_failing_template_is_reported_like_a_failing_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chorus.report import queries
    from chorus.report.dossier import draw_dossier

    write_corpus(tmp_path)
    monkeypatch.setattr(queries, "provenance", lambda store: [object()])  # no .reports
    with Store(tmp_path, read_only=True) as store:
        drawn = draw_dossier(store)
    assert [p.view for p in drawn.problems] == ["provenance"]
    assert drawn.problems[0].reason.startswith("AttributeError")


@pytest.mark.slow
def test_the_build_exits_0_and_names_the_view_it_could_not_draw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from chorus.cli import app
    from chorus.report import charts

    article = tmp_path / "in" / "pier.txt"
    article.parent.mkdir()
    article.write_text(
        "Pier to reopen\n\nThe harbour master Ilse Varga said on Monday that the pier "
        '"will reopen in June".\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(charts, "timeline_chart", _broken_chart)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(article), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output  # no input failed: a view never fails a build
    assert "view not drawn: timeline: StopIteration" in " ".join(result.output.split())
    assert (out / "chorus.duckdb").exists() and (out / "dossier.html").exists()
    assert "could not be drawn" in (out / "dossier.html").read_text(encoding="utf-8")
