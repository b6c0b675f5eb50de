"""The self-contained HTML dossier of a build: one file that opens offline, with inline charts.

All data comes from ``chorus.report.views`` (the same functions the web UI renders), and every
value taken from the articles goes through Jinja2 autoescaping; no template marks article data
safe. A Content-Security-Policy meta tag forbids scripts and any external request as a second
line of defence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined

from chorus.report import views
from chorus.store import Store


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
        highlight=views.highlight,
        anchor_of=views.article_anchor,
        provenance_clusters=views.provenance_clusters,
    )
    return env


def dossier_context(store: Store) -> dict[str, object]:
    """Everything the dossier shows, gathered through the shared views."""
    links = views.Links(web=False)
    outlets = views.outlets(store)
    forecasts = views.forecasts(store)
    events = views.events(store)
    summaries = views.article_summaries(store)
    article_views = [v for a in summaries if (v := views.article_view(store, a.id)) is not None]
    voices, mentioned = views.split_voices(views.people(store))
    return {
        "links": links,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "overview": views.overview(store),
        "voices": voices,
        "mentioned": mentioned,
        "outlets": outlets,
        "outlet_chart": views.outlet_chart(outlets, links),
        "graph": views.quote_graph(outlets, links),
        "forecasts": forecasts,
        "forecast_chart": views.forecast_chart(forecasts, links),
        "outcomes": views.outcomes(store),
        "scores": views.forecaster_scores(store),
        "events": events,
        "timeline": views.timeline_chart(events, links),
        "provenance": views.provenance(store),
        "article_links": views.article_links(store),
        "questions": views.questions(store),
        "article_list": summaries,
        "article_views": article_views,
        "errors": views.errors(store),
    }


def render_dossier(store: Store) -> str:
    return template_environment().get_template("dossier.html").render(**dossier_context(store))


def write_dossier(store: Store, path: str | Path) -> Path:
    """Write the dossier HTML to ``path`` (directories created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_dossier(store), encoding="utf-8")
    tmp.replace(path)
    return path
