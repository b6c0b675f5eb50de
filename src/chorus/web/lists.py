"""The six list pages, each with its CSV and JSON: ``/statements``, ``/statements.csv`` ...

A list page, its ``.csv`` and its ``.json`` (or ``?_format=csv``) answer the same request, so a
download holds exactly the rows of the filter on screen (all of them, not just the page shown),
in the same order. Lists with charts draw them from the same rows.
"""

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from chorus.report import charts, listing, queries
from chorus.report.figures import forecaster_scores
from chorus.report.lists import LISTS
from chorus.report.records import Links
from chorus.store import Store
from chorus.web.kit import Kit, query_params

LINKS = Links(web=True)
FORMATS = ("csv", "json")


def answer(store: Store, spec: listing.ListSpec, params: dict[str, str], fmt: str | None) -> Any:
    """The list ``params`` select, as a ``ListResult`` (a page) or a CSV/JSON response."""
    fmt = fmt or params.pop("_format", None) or None
    if fmt is not None and fmt not in FORMATS:
        raise HTTPException(400, f"_format: {fmt!r} is not one of {', '.join(FORMATS)}")
    try:
        request = listing.parse_request(spec, params, paged=fmt is None)
    except listing.BadRequest as exc:
        raise HTTPException(400, str(exc)) from exc
    result = listing.run(store, spec, request, facets=fmt is None)
    if fmt == "csv":
        disposition = f'attachment; filename="{spec.name}.csv"'
        return Response(
            listing.to_csv(result),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": disposition},
        )
    if fmt == "json":
        return JSONResponse(listing.to_json(result))
    return result


def extras(store: Store, name: str, result: listing.ListResult) -> dict[str, Any]:
    """What a list page shows beside its rows: charts of the same rows, related tables."""
    if name == "forecasts":
        return {
            "forecast_chart": charts.forecast_chart(result.records, LINKS),
            "outcomes": queries.outcomes(store),
            "scores": forecaster_scores(store),
        }
    if name == "events":
        shown = [e for e in queries.events(store) if e.id in {r["id"] for r in result.rows}]
        return {"timeline": charts.timeline_chart(shown, LINKS)}
    if name == "outlets":
        outlets = queries.outlets(store)
        return {
            "outlet_details": outlets,
            "outlet_chart": charts.outlet_chart(outlets, LINKS),
            "graph": charts.quote_graph(outlets, LINKS),
        }
    if name == "articles":
        return {"article_links": queries.article_links(store), "errors": queries.errors(store)}
    return {}


def register(app: FastAPI, kit: Kit) -> None:
    for spec in LISTS.values():
        _add(app, kit, spec)

    @app.get("/timeline", include_in_schema=False)
    def timeline(request: Request) -> Response:
        """The events list, under the name the menu used before."""
        query = request.url.query
        location = "/events" + (f"?{query}" if query else "")
        return Response(status_code=307, headers={"Location": location})


def _add(app: FastAPI, kit: Kit, spec: listing.ListSpec) -> None:
    StoreDep = kit.store

    def list_page(request: Request, store: StoreDep) -> Any:
        result = answer(store, spec, query_params(request), None)
        if isinstance(result, Response):
            return result
        context = extras(store, spec.name, result)
        return kit.page(request, f"list_{spec.name}.html", result=result, spec=spec, **context)

    def download_route(fmt: str) -> Any:
        def download(request: Request, store: StoreDep) -> Any:
            return answer(store, spec, query_params(request), fmt)

        return download

    app.get(f"/{spec.name}", name=f"{spec.name}_list")(list_page)
    for fmt in FORMATS:
        app.get(f"/{spec.name}.{fmt}", name=f"{spec.name}_{fmt}")(download_route(fmt))
