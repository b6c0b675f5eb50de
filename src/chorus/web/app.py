"""The local web UI: the dossier's views as pages, lists to work, permalinks, questions, JSON.

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

from chorus.report import queries
from chorus.report.dossier import template_environment
from chorus.report.listing import MAX_OFFSET
from chorus.report.records import Links, PersonView
from chorus.store import DatabaseBusy, Store
from chorus.web import asking, lists, pages, permalinks
from chorus.web.kit import FilterDep, Kit

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
STATEMENT_PAGE_LIMIT = 500
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")  # an IPv6 Host header is bracketed
LINKS = Links(web=True)


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

    Pages are registered by ``pages``, ``lists``, ``permalinks`` and ``asking``; this module
    holds what every request shares (the store, rendering, security headers, errors) and the
    JSON API.

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

    kit = Kit(db_dir, StoreDep, page)
    pages.register(app, kit)
    lists.register(app, kit)
    permalinks.register(app, kit)
    asking.register(app, kit)

    # -- JSON ------------------------------------------------------------------------------

    @app.get("/api/statements")
    def api_statements(
        store: StoreDep,
        filters: FilterDep,
        limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> list[dict[str, Any]]:
        return _jsonable(queries.statements(store, filters, limit, offset))

    @app.get("/api/people")
    def api_people(store: StoreDep) -> list[dict[str, Any]]:
        return [_person_json(p) for p in queries.people(store)]

    @app.get("/api/people/{key:path}")
    def api_person(key: str, store: StoreDep) -> dict[str, Any]:
        person = queries.person(store, key)
        if person is None:
            raise HTTPException(404, f"no person {key!r}")
        return {
            **_person_json(person),
            "statements": _jsonable(person.statements),
            "forecasts": _jsonable(person.forecasts),
        }

    @app.get("/api/articles")
    def api_articles(store: StoreDep) -> list[dict[str, Any]]:
        return _jsonable(queries.article_summaries(store))

    @app.get("/api/forecasts")
    def api_forecasts(store: StoreDep) -> list[dict[str, Any]]:
        return _jsonable(queries.forecasts(store))

    @app.get("/api/search")
    def api_search(store: StoreDep, filters: FilterDep) -> dict[str, Any]:
        tokens = queries.search_tokens(filters.query)
        return {
            "query": filters.query,
            "statements": _jsonable(queries.statements(store, filters, STATEMENT_PAGE_LIMIT))
            if tokens
            else [],
            "articles": [
                {**_jsonable(a), "snippet": "".join(t for t, _ in snippet)}
                for a, snippet in queries.search_articles(store, filters.query, filters)
            ],
        }

    return app


def _person_json(person: PersonView) -> dict[str, Any]:
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
