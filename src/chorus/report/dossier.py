"""The self-contained HTML dossier of a build, and the report step that ends a build.

The dossier is one file that opens offline, with inline charts. All data comes from the shared
views (the same functions the web UI renders), and every value taken from the articles goes
through Jinja2 autoescaping; no template marks article data safe. A Content-Security-Policy
meta tag forbids scripts and any external request as a second line of defence.

Each section is gathered and drawn on its own: a section that fails (a chart that cannot be
drawn from odd data) says so in its place and in the build's summary, and every other section,
the database and the exports are still there. The build's exit status reports only inputs.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from chorus.report import article_text, charts, figures, listing, lists, queries, questions
from chorus.report.records import PROVENANCE_ROLES, Links, article_anchor
from chorus.store import Store

DOSSIER_NAME = "dossier.html"


def template_environment(*extra: BaseLoader) -> Environment:
    """A Jinja2 environment over the report templates (and any extra loaders, searched first)."""
    loader = ChoiceLoader([*extra, PackageLoader("chorus.report", "templates")])
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        highlight=queries.highlight,
        anchor_of=article_anchor,
        provenance_clusters=queries.provenance_clusters,
        help=lists.HELP,
        provenance_roles=PROVENANCE_ROLES,
        search_tokens=listing.search_tokens,
    )
    return env


class Gathered:
    """The views of one build, each read once however many sections show it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.links = Links(web=False)

    @cached_property
    def outlets(self) -> list[Any]:
        return queries.outlets(self.store)

    @cached_property
    def forecasts(self) -> list[Any]:
        return queries.forecasts(self.store)

    @cached_property
    def events(self) -> list[Any]:
        return queries.events(self.store)

    @cached_property
    def questions(self) -> list[Any]:
        return questions.questions(self.store)

    @cached_property
    def errors(self) -> list[Any]:
        return queries.errors(self.store)


@dataclass(frozen=True)
class Section:
    """One section of the dossier: its anchor, heading, template and what it shows."""

    id: str
    title: str
    template: str
    gather: Callable[[Gathered], dict[str, Any]]
    shown: Callable[[Gathered], bool] = lambda g: True
    nav: str = ""  # its name in the page's menu (default: the anchor)


def _people(g: Gathered) -> dict[str, Any]:
    voices, mentioned = queries.split_voices(queries.people(g.store))
    return {"voices": voices, "mentioned": mentioned}


def _outlets(g: Gathered) -> dict[str, Any]:
    return {"outlets": g.outlets, "outlet_chart": charts.outlet_chart(g.outlets, g.links)}


def _graph(g: Gathered) -> dict[str, Any]:
    return {"graph": charts.quote_graph(g.outlets, g.links)}


def _forecasts(g: Gathered) -> dict[str, Any]:
    return {
        "forecasts": g.forecasts,
        "forecast_chart": charts.forecast_chart(g.forecasts, g.links),
        "outcomes": queries.outcomes(g.store),
        "scores": figures.forecaster_scores(g.store),
    }


def _timeline(g: Gathered) -> dict[str, Any]:
    return {"events": g.events, "timeline": charts.timeline_chart(g.events, g.links)}


def _provenance(g: Gathered) -> dict[str, Any]:
    return {
        "provenance": queries.provenance(g.store),
        "article_links": queries.article_links(g.store),
    }


def _articles(g: Gathered) -> dict[str, Any]:
    summaries = queries.article_summaries(g.store)
    views = [article_text.article_view(g.store, a.id) for a in summaries]
    return {"article_list": summaries, "article_views": [v for v in views if v is not None]}


SECTIONS = (
    Section("people", "People and what they said", "dossier_people.html", _people),
    Section("outlets", "Outlets and whom they quote", "dossier_outlets.html", _outlets),
    Section(
        "graph", "Who quotes or mentions whom", "dossier_graph.html", _graph, nav="who quotes whom"
    ),
    Section("forecasts", "Forecasts", "dossier_forecasts.html", _forecasts),
    Section("timeline", "Timeline", "dossier_timeline.html", _timeline),
    Section("provenance", "Statement provenance", "dossier_provenance.html", _provenance),
    Section(
        "stances",
        "Questions asked and each voice's stance",
        "dossier_stances.html",
        lambda g: {"questions": g.questions},
        lambda g: bool(g.questions),
    ),
    Section("articles", "Articles", "dossier_articles.html", _articles),
    Section(
        "errors",
        "Inputs that failed",
        "dossier_errors.html",
        lambda g: {"errors": g.errors},
        lambda g: bool(g.errors),
    ),
)


@dataclass
class ViewProblem:
    """A view that could not be drawn, and why (the exception, in one line)."""

    view: str
    reason: str

    def __str__(self) -> str:
        return f"{self.view}: {self.reason}"


@dataclass
class DrawnSection:
    id: str
    title: str
    nav: str
    html: Markup | None
    problem: str | None = None


@dataclass
class DrawnDossier:
    html: str
    problems: list[ViewProblem] = field(default_factory=list)

    def save(self, path: str | Path) -> Path:
        return _write(self.html, Path(path))


def _reason(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" in {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{type(exc).__name__}: {exc}{place}"


def _draw(env: Environment, section: Section, gathered: Gathered) -> DrawnSection:
    try:
        context = section.gather(gathered)
        html = env.get_template(section.template).render(links=gathered.links, **context)
        return DrawnSection(section.id, section.title, section.nav or section.id, Markup(html))
    except Exception as exc:  # any failure of one view is reported, never fatal
        return DrawnSection(
            section.id, section.title, section.nav or section.id, None, _reason(exc)
        )


def draw_dossier(store: Store) -> DrawnDossier:
    """The dossier's HTML, with the views that could not be drawn named (and shown as such)."""
    env = template_environment()
    gathered = Gathered(store)
    problems: list[ViewProblem] = []
    drawn = []
    for section in SECTIONS:
        try:
            if not section.shown(gathered):
                continue
            result = _draw(env, section, gathered)
        except Exception as exc:
            nav = section.nav or section.id
            result = DrawnSection(section.id, section.title, nav, None, _reason(exc))
        drawn.append(result)
        if result.problem:
            problems.append(ViewProblem(section.id, result.problem))
    try:
        overview = queries.overview(store)
    except Exception as exc:
        overview = None
        problems.append(ViewProblem("overview", _reason(exc)))
    html = env.get_template("dossier.html").render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        overview=overview,
        sections=drawn,
        problems=problems,
    )
    return DrawnDossier(html, problems)


def render_dossier(store: Store) -> str:
    return draw_dossier(store).html


def write_dossier(store: Store, path: str | Path) -> Path:
    """Write the dossier HTML to ``path`` (directories created) and return the path."""
    return _write(draw_dossier(store).html, Path(path))


def _write(html: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


@dataclass
class ReportResult:
    """What the report step of a build produced, and which views it could not draw."""

    dossier: Path | None
    problems: list[ViewProblem] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [f"dossier: {self.dossier}"] if self.dossier else []
        lines += [f"view not drawn: {p}" for p in self.problems]
        return lines


def write_reports(store: Store, out_dir: str | Path, dossier: bool = True) -> ReportResult:
    """The report step of a build, run after the database is written: derived figures, dossier.

    Never raises for a view: what could not be drawn is returned (and shown in the dossier).
    """
    problems: list[ViewProblem] = []
    try:
        figures.refresh_figures(store)
    except Exception as exc:
        problems.append(ViewProblem("forecaster scores", _reason(exc)))
    if not dossier:
        return ReportResult(None, problems)
    path = Path(out_dir) / DOSSIER_NAME
    try:
        drawn = draw_dossier(store)
        problems += drawn.problems
        return ReportResult(_write(drawn.html, path), problems)
    except Exception as exc:  # the page frame itself: still leave a dossier that says so
        problems.append(ViewProblem("dossier", _reason(exc)))
        note = "<!doctype html><meta charset=utf-8><title>chorus dossier</title>"
        note += f"<p>The dossier could not be drawn: {Markup.escape(_reason(exc))}</p>"
        return ReportResult(_write(note, path), problems)
