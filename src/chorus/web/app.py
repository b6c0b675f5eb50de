"""The local web UI: the dossier's views as pages, plus search, filters and JSON endpoints.

Every request opens the database read-only and closes it after, so a build can write between
requests; while a build holds the database the page answers 503 instead of failing. Pages carry
a Content-Security-Policy that allows no scripts and no external requests at all; article text
is escaped by the templates anyway.
"""

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from jinja2 import PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from chorus.report import views
from chorus.report.dossier import template_environment
from chorus.store import DatabaseBusy, Store

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
STATEMENT_PAGE_LIMIT = 500
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")  # an IPv6 Host header is bracketed
#: Largest numeric query parameter (a row offset): DuckDB takes signed 64-bit integers.
MAX_OFFSET = 2**63 - 1
LINKS = views.Links(web=True)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def create_app(db_dir: str | Path, allowed_hosts: Sequence[str] = LOCAL_HOSTS) -> FastAPI:
    """The FastAPI app serving the build in ``db_dir`` (the directory holding chorus.duckdb).

    Only requests naming a local host are answered by default, so a web page elsewhere cannot
    read the UI through DNS rebinding; pass ``allowed_hosts=["*"]`` to serve a network.
    """
    db_dir = Path(db_dir)
    env = template_environment(PackageLoader("chorus.web", "templates"))
    app = FastAPI(title="chorus", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    def open_store() -> Iterator[Store]:
        try:
            store = Store(db_dir, read_only=True)
        except FileNotFoundError as exc:
            raise HTTPException(503, f"no chorus database in {db_dir}; run `chorus build`") from exc
        except (duckdb.Error, DatabaseBusy) as exc:  # a build holds (or waits for) the lock
            raise HTTPException(503, f"the database is busy (a build is writing): {exc}") from exc
        try:
            yield store
        finally:
            store.close()

    StoreDep = Annotated[Store, Depends(open_store)]

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            links=LINKS, path=request.url.path, q=request.query_params.get("q", ""), **context
        )
        return HTMLResponse(html, status_code=status)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        try:
            response = await call_next(request)
        except Exception:  # an unexpected failure still answers with the headers below
            response = PlainTextResponse("internal error", status_code=500)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Any:
        """A malformed or out-of-range parameter is the client's error: 400, not 422/500."""
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return await http_error(request, StarletteHTTPException(400, problems or "bad request"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page(
            request,
            "error.html",
            status=exc.status_code,
            status_code=exc.status_code,
            detail=exc.detail,
        )

    def statement_filter(
        q: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
        kind: str | None = None,
        article: str | None = None,
    ) -> views.StatementFilter:
        return views.StatementFilter(
            query=q or None,
            speaker=speaker or None,
            outlet=outlet or None,
            date_from=date_from or None,
            date_to=date_to or None,
            kind=kind or None,
            article=article or None,
        )

    FilterDep = Annotated[views.StatementFilter, Depends(statement_filter)]

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, store: StoreDep) -> HTMLResponse:
        outlets = views.outlets(store)
        forecasts = views.forecasts(store)
        events = views.events(store)
        return page(
            request,
            "index.html",
            overview=views.overview(store),
            people=views.split_voices(views.people(store))[0][:15],
            outlet_chart=views.outlet_chart(outlets, LINKS),
            graph=views.quote_graph(outlets, LINKS),
            forecast_chart=views.forecast_chart(forecasts, LINKS),
            timeline=views.timeline_chart(events, LINKS),
            questions=views.questions(store),
        )

    @app.get("/people", response_class=HTMLResponse)
    def people_page(request: Request, store: StoreDep) -> HTMLResponse:
        voices, mentioned = views.split_voices(views.people(store))
        return page(request, "people.html", voices=voices, mentioned=mentioned)

    @app.get("/people/{key:path}", response_class=HTMLResponse)
    def person_page(request: Request, key: str, store: StoreDep) -> HTMLResponse:
        person = views.person(store, key)
        if person is None:
            raise HTTPException(404, f"no person {key!r}")
        return page(request, "person.html", person=person)

    def filter_choices(store: Store) -> dict[str, Any]:
        return {
            "speakers": [p for p in views.people(store) if p.statements and p.key != "unknown"],
            "outlet_names": views.overview(store).outlets,
        }

    @app.get("/statements", response_class=HTMLResponse)
    def statements_page(
        request: Request,
        store: StoreDep,
        filters: FilterDep,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> HTMLResponse:
        found = views.statements(store, filters, STATEMENT_PAGE_LIMIT + 1, offset)
        more = len(found) > STATEMENT_PAGE_LIMIT
        following = request.url.include_query_params(offset=offset + STATEMENT_PAGE_LIMIT)
        earlier = request.url.include_query_params(offset=max(0, offset - STATEMENT_PAGE_LIMIT))
        return page(
            request,
            "statements.html",
            statements=found[:STATEMENT_PAGE_LIMIT],
            offset=offset,
            next_url=f"{following.path}?{following.query}" if more else None,
            previous_url=f"{earlier.path}?{earlier.query}" if offset else None,
            filters=filters,
            tokens=views.search_tokens(filters.query),
            **filter_choices(store),
        )

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, store: StoreDep, filters: FilterDep) -> HTMLResponse:
        tokens = views.search_tokens(filters.query)
        found = views.statements(store, filters, limit=STATEMENT_PAGE_LIMIT) if tokens else []
        return page(
            request,
            "search.html",
            statements=found,
            articles=views.search_articles(store, filters.query, filters),
            filters=filters,
            tokens=tokens,
            **filter_choices(store),
        )

    @app.get("/articles", response_class=HTMLResponse)
    def articles_page(request: Request, store: StoreDep) -> HTMLResponse:
        return page(
            request,
            "articles.html",
            articles=views.article_summaries(store),
            article_links=views.article_links(store),
            errors=views.errors(store),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
        view = views.article_view(store, article_id)
        if view is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return page(request, "article.html", view=view)

    @app.get("/outlets", response_class=HTMLResponse)
    def outlets_page(request: Request, store: StoreDep) -> HTMLResponse:
        outlets = views.outlets(store)
        return page(
            request,
            "outlets.html",
            outlets=outlets,
            outlet_chart=views.outlet_chart(outlets, LINKS),
            graph=views.quote_graph(outlets, LINKS),
        )

    @app.get("/forecasts", response_class=HTMLResponse)
    def forecasts_page(request: Request, store: StoreDep) -> HTMLResponse:
        forecasts = views.forecasts(store)
        return page(
            request,
            "forecasts.html",
            forecasts=forecasts,
            forecast_chart=views.forecast_chart(forecasts, LINKS),
            questions=views.questions(store),
            outcomes=views.outcomes(store),
            scores=views.forecaster_scores(store),
        )

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request, store: StoreDep) -> HTMLResponse:
        events = views.events(store)
        return page(
            request, "timeline.html", events=events, timeline=views.timeline_chart(events, LINKS)
        )

    @app.get("/provenance", response_class=HTMLResponse)
    def provenance_page(request: Request, store: StoreDep) -> HTMLResponse:
        return page(
            request,
            "provenance.html",
            provenance=views.provenance(store),
            article_links=views.article_links(store),
        )

    # -- JSON ------------------------------------------------------------------------------

    @app.get("/api/statements")
    def api_statements(
        store: StoreDep,
        filters: FilterDep,
        limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> list[dict[str, Any]]:
        return _jsonable(views.statements(store, filters, limit, offset))

    @app.get("/api/people")
    def api_people(store: StoreDep) -> list[dict[str, Any]]:
        return [_person_json(p) for p in views.people(store)]

    @app.get("/api/people/{key:path}")
    def api_person(key: str, store: StoreDep) -> dict[str, Any]:
        person = views.person(store, key)
        if person is None:
            raise HTTPException(404, f"no person {key!r}")
        return {
            **_person_json(person),
            "statements": _jsonable(person.statements),
            "forecasts": _jsonable(person.forecasts),
        }

    @app.get("/api/articles")
    def api_articles(store: StoreDep) -> list[dict[str, Any]]:
        return _jsonable(views.article_summaries(store))

    @app.get("/api/forecasts")
    def api_forecasts(store: StoreDep) -> list[dict[str, Any]]:
        return _jsonable(views.forecasts(store))

    @app.get("/api/search")
    def api_search(store: StoreDep, filters: FilterDep) -> dict[str, Any]:
        tokens = views.search_tokens(filters.query)
        return {
            "query": filters.query,
            "statements": _jsonable(views.statements(store, filters, STATEMENT_PAGE_LIMIT))
            if tokens
            else [],
            "articles": [
                {**_jsonable(a), "snippet": "".join(t for t, _ in snippet)}
                for a, snippet in views.search_articles(store, filters.query, filters)
            ],
        }

    return app


def _person_json(person: views.PersonView) -> dict[str, Any]:
    return {
        "id": person.key,
        "name": person.name,
        "kind": person.kind,
        "aliases": person.aliases,
        "roles": person.roles,
        "articles": person.articles,
        "resolved": person.resolved,
        "n_statements": len(person.statements),
        "n_forecasts": len(person.forecasts),
    }


def serve(db_dir: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the build in ``db_dir`` until interrupted (local only unless ``host`` says so)."""
    import sys

    import uvicorn

    local = host in LOCAL_HOSTS or host.startswith("127.")
    app = create_app(db_dir, allowed_hosts=LOCAL_HOSTS if local else ["*"])
    print(f"chorus: serving {db_dir} at http://{host}:{port}/ (Ctrl+C stops)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
