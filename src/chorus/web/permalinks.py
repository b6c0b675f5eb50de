"""A page of its own for every statement, forecast, event and person, each with a citation."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from chorus.report import citations, queries
from chorus.web.kit import Kit, found


def register(app: FastAPI, kit: Kit) -> None:
    StoreDep = kit.store
    page = kit.page

    @app.get("/statements/{statement_id}", response_class=HTMLResponse)
    def statement_page(request: Request, statement_id: str, store: StoreDep) -> Any:
        detail = found(citations.statement_detail(store, statement_id), "statement", statement_id)
        return page(request, "statement.html", detail=detail)

    @app.get("/forecasts/{forecast_id}", response_class=HTMLResponse)
    def forecast_page(request: Request, forecast_id: str, store: StoreDep) -> Any:
        detail = found(citations.forecast_detail(store, forecast_id), "forecast", forecast_id)
        return page(request, "forecast.html", detail=detail)

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(request: Request, event_id: str, store: StoreDep) -> Any:
        detail = found(citations.event_detail(store, event_id), "event", event_id)
        return page(request, "event.html", detail=detail)

    @app.get("/people/{key:path}", response_class=HTMLResponse)
    def person_page(request: Request, key: str, store: StoreDep) -> Any:
        person = found(queries.person(store, key), "person", key)
        citation = citations.person_citation(store, person)
        return page(request, "person.html", person=person, citation=citation)
