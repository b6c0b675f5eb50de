"""The overview, one article, search and provenance pages."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from chorus.report import article_text, charts, listing, queries, questions
from chorus.report.lists import PEOPLE
from chorus.report.records import Links
from chorus.web.kit import FilterDep, Kit, found

LINKS = Links(web=True)
SEARCH_LIMIT = 500
OVERVIEW_VOICES = 15


def register(app: FastAPI, kit: Kit) -> None:
    StoreDep = kit.store
    page = kit.page

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, store: StoreDep) -> HTMLResponse:
        outlets = queries.outlets(store)
        events = queries.events(store)
        voices = listing.parse_request(PEOPLE, {"voice": "quoted", "limit": str(OVERVIEW_VOICES)})
        return page(
            request,
            "index.html",
            overview=queries.overview(store),
            voices=listing.select(store, PEOPLE, voices),
            outlet_chart=charts.outlet_chart(outlets, LINKS),
            graph=charts.quote_graph(outlets, LINKS),
            forecast_chart=charts.forecast_chart(queries.forecasts(store), LINKS),
            timeline=charts.timeline_chart(events, LINKS),
            questions=questions.questions(store),
        )

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, store: StoreDep, filters: FilterDep) -> HTMLResponse:
        tokens = listing.search_tokens(filters.query)
        found = queries.statements(store, filters, limit=SEARCH_LIMIT) if tokens else []
        return page(
            request,
            "search.html",
            statements=found,
            articles=queries.search_articles(store, filters.query, filters),
            filters=filters,
            tokens=tokens,
            more=len(found) >= SEARCH_LIMIT,
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
        view = found(article_text.article_view(store, article_id), "article", article_id)
        return page(request, "article.html", view=view)

    @app.get("/provenance", response_class=HTMLResponse)
    def provenance_page(request: Request, store: StoreDep) -> Any:
        return page(
            request,
            "provenance.html",
            provenance=queries.provenance(store),
            article_links=queries.article_links(store),
        )
