"""What every group of pages needs from the app: the database, the renderer, shared filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from chorus.report import listing
from chorus.report.queries import StatementFilter

T = TypeVar("T")


@dataclass(frozen=True)
class Kit:
    """Handed to each module's ``register``: the build's directory, the store dependency
    (read-only, opened per request) and ``page(request, template, **context)``."""

    db_dir: Path
    store: Any  # an Annotated[Store, Depends(...)] type for route signatures
    page: Callable[..., HTMLResponse]


def statement_filter(
    q: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    kind: str | None = None,
    article: str | None = None,
    via: str | None = None,
) -> StatementFilter:
    """The statement filters of search and the JSON API (dates checked as the lists check them)."""
    try:
        listing.parse_date(date_from, "from")
        listing.parse_date(date_to, "to")
    except listing.BadRequest as exc:
        raise HTTPException(400, str(exc)) from exc
    return StatementFilter(
        query=q or None,
        speaker=speaker or None,
        outlet=outlet or None,
        date_from=date_from or None,
        date_to=date_to or None,
        kind=kind or None,
        article=article or None,
        via=via or None,
    )


FilterDep = Annotated[StatementFilter, Depends(statement_filter)]


def query_params(request: Request) -> dict[str, str]:
    """The URL's parameters, the last value of each (a form may repeat none)."""
    return dict(request.query_params.items())


def found(value: T | None, what: str, key: str) -> T:
    """``value``, or a 404 naming what was looked for."""
    if value is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return value
