"""Lists a reader can work: filter, facet, sort, page and download, all from the URL.

A ``ListSpec`` declares one list (its rows as one SQL query, its columns, filters and facets);
``parse_request`` reads the URL's parameters into a ``ListRequest``; ``run`` answers it with the
page of rows, the total, the facet counts and the number of undated rows a date filter hides.
The HTML page, its CSV and its JSON are drawn from the same request, so a download holds
exactly the rows of the filter shown. Every value reaches SQL as a bound parameter; names of
columns come from the spec only.

URL parameters: each filter's own (``speaker=...``), ``from``/``to`` (``2023``, ``2023-02`` or
``2023-02-14``), ``undated`` (``include`` or ``only``), ``sort`` (a column, ``-column`` for
descending), ``offset`` and ``limit``. ``(none)`` as a filter value selects rows without one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from chorus.report.export import csv_safe
from chorus.report.records import source_label
from chorus.store import Store

BASE = "_chorus_list"  # the temporary table a request's rows are read into once
NONE = "(none)"  # a filter value selecting rows where the column is empty
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_OFFSET = 2**63 - 1  # DuckDB takes signed 64-bit offsets
FACET_VALUES = 12  # values listed per facet, most frequent first
MAX_QUERY_WORDS = 8
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
UNDATED_CHOICES = ("", "include", "only")
#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).


class BadRequest(ValueError):
    """A parameter the list cannot answer (an unknown sort column, a malformed date)."""


# -- declaring a list ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the rows: its name (also the CSV header and sort key) and how to show it."""

    key: str
    label: str
    sortable: bool = True
    numeric: bool = False
    help: str = ""  # what it means, for a reader meeting an abbreviation or a code


@dataclass(frozen=True)
class Filter:
    """A URL parameter that narrows the rows.

    ``exact``: the column equals the value. ``person``: the key column equals the value, or,
    when no row has that key, any part of a name column (or of a list of aliases) matches.
    ``words``: every word of the value occurs (case-insensitive) in one of the columns.
    """

    param: str
    label: str
    kind: str  # exact | person | words
    columns: tuple[str, ...]
    help: str = ""
    shown: bool = True  # False: no control of its own (an article's or a row's id)

    @property
    def control(self) -> str:
        """How the filter form offers it: a text box for words, else a list of the values."""
        if not self.shown:
            return "hidden"
        return "text" if self.kind == "words" else "select"

    def condition(self, value: str) -> tuple[str, list[Any]]:
        if self.kind == "words":
            return _words_condition(self.columns, value)
        key = _col(self.columns[0])
        if value == NONE:
            return f"{key} IS NULL", []
        if self.kind == "exact":
            return f"{key} = ?", [value]
        like = like_pattern(value)
        names = " OR ".join(f"{_text(c)} ILIKE ? ESCAPE '\\'" for c in self.columns[1:])
        exists = f"EXISTS (SELECT 1 FROM {BASE} b WHERE b.{key} = ?)"
        sql = f"({key} = ? OR (NOT {exists} AND ({names})))"
        return sql, [value, value] + [like] * (len(self.columns) - 1)


@dataclass(frozen=True)
class Facet:
    """Counts of the values of one column under the other filters; a value's link filters on it."""

    param: str  # the exact or person filter it sets
    label: str
    value: str  # column giving the parameter's value
    text: str | None = None  # column giving the value's label (default: the value)
    none_label: str = "none"


@dataclass(frozen=True)
class ListSpec:
    """One list: its rows (a SQL query naming every column), how they are filtered and sorted."""

    name: str  # also its path (/name) and its download's file name
    title: str
    sql: str
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    facets: tuple[Facet, ...] = ()
    default_sort: str = "id"  # SQL ORDER BY terms over the rows' columns
    date_column: str | None = None
    date_label: str = "date"
    unfetched: tuple[str, ...] = ()  # columns only filtered on (an article's text)
    item: str = "row"  # what one row is, for "12 statements"
    items: str = "rows"
    record: Callable[[dict[str, Any]], Any] | None = None  # a row as the templates want it

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def filter(self, param: str) -> Filter | None:
        return next((f for f in self.filters if f.param == param), None)


# -- reading the URL -------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRequest:
    """What the URL asks of a list. ``params`` rebuilds the URL (for links that change one part)."""

    filters: tuple[tuple[str, str], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    undated: str = ""  # "" (hidden under a date filter), include, only
    sort: str | None = None
    descending: bool = False
    offset: int = 0
    limit: int = PAGE_SIZE
    paged: bool = True  # False: every row (a download without offset/limit)

    def value(self, param: str) -> str:
        return dict(self.filters).get(param, "")

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)

    def params(self, **changes: str | int | None) -> list[tuple[str, str]]:
        """The URL parameters of this request, with ``changes`` applied (None drops one)."""
        state: dict[str, str] = dict(self.filters)
        state.update(
            {
                "from": self.date_from or "",
                "to": self.date_to or "",
                "undated": self.undated,
                "sort": ("-" if self.descending else "") + self.sort if self.sort else "",
                "offset": str(self.offset) if self.offset else "",
                "limit": str(self.limit) if self.limit != PAGE_SIZE else "",
            }
        )
        for key, new in changes.items():
            state[key.rstrip("_")] = "" if new is None else str(new)
        return [(k, v) for k, v in state.items() if v]

    def href(self, path: str, **changes: str | int | None) -> str:
        """``path`` with this request's parameters, changed; paging restarts unless told."""
        changes.setdefault("offset", None)
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path


def parse_request(spec: ListSpec, params: Mapping[str, str], paged: bool = True) -> ListRequest:
    """Read a list's parameters; an impossible one raises ``BadRequest`` with the reason."""
    filters = tuple(
        (f.param, params[f.param].strip())
        for f in spec.filters
        if (params.get(f.param) or "").strip()
    )
    date_from = parse_date(params.get("from"), "from")
    date_to = parse_date(params.get("to"), "to")
    undated = (params.get("undated") or "").strip()
    if undated not in UNDATED_CHOICES:
        raise BadRequest(f"undated: {undated!r} is not one of include, only")
    sort_param = (params.get("sort") or "").strip()
    sort = sort_param.lstrip("-") or None
    if sort is not None:
        column = spec.column(sort)
        if column is None or not column.sortable:
            sortable = ", ".join(c.key for c in spec.columns if c.sortable)
            raise BadRequest(f"sort: no column {sort!r} to sort by (choose from {sortable})")
    explicit = "offset" in params or "limit" in params
    return ListRequest(
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        undated=undated if spec.date_column else "",
        sort=sort,
        descending=sort_param.startswith("-"),
        offset=_bounded(params.get("offset"), "offset", 0, MAX_OFFSET, 0),
        limit=_bounded(params.get("limit"), "limit", 1, MAX_PAGE_SIZE, PAGE_SIZE),
        paged=paged or explicit,
    )


def parse_date(value: str | None, name: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not DATE.fullmatch(value):
        raise BadRequest(
            f"{name}: {value!r} is not a year, month or day (2023, 2023-02 or 2023-02-14)"
        )
    return value


def _bounded(value: str | None, name: str, lo: int, hi: int, default: int) -> int:
    value = (value or "").strip()
    if not value:
        return default
    if not re.fullmatch(r"\d{1,19}", value) or not lo <= int(value) <= hi:
        raise BadRequest(f"{name}: {value!r} is not a whole number from {lo} to {hi}")
    return int(value)


# -- answering -------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str | None
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    facet: Facet
    values: list[FacetValue]
    more: int = 0  # further values not listed

    @property
    def param(self) -> str:
        return self.facet.param


@dataclass
class ListResult:
    """One page of a list, with everything a page needs to show where the reader is."""

    spec: ListSpec
    request: ListRequest
    rows: list[dict[str, Any]]
    total: int
    facets: list[FacetResult] = field(default_factory=list)
    months: list[FacetValue] = field(default_factory=list)  # the date facet, by month or year
    undated_hidden: int = 0  # rows a date filter leaves out because they have no date

    @property
    def records(self) -> list[Any]:
        record = self.spec.record
        return [record(r) for r in self.rows] if record else self.rows

    @property
    def first(self) -> int:
        return self.request.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.request.offset + len(self.rows)

    @property
    def has_next(self) -> bool:
        return self.request.paged and self.last < self.total

    @property
    def has_previous(self) -> bool:
        return self.request.paged and self.request.offset > 0

    # -- links that change one thing of the current view ----------------------------------

    @property
    def path(self) -> str:
        return "/" + self.spec.name

    def href(self, **changes: str | int | None) -> str:
        return self.request.href(self.path, **changes)

    def facet_href(self, param: str, value: str | None) -> str:
        return self.href(**{param: NONE if value is None else value})

    def month_href(self, value: str | None) -> str:
        """Rows of one month or year (``from`` = ``to``), or only the undated ones."""
        if value is None:
            return self.href(from_=None, to=None, undated="only")
        return self.href(from_=value, to=value, undated=None)

    @property
    def next_href(self) -> str:
        return self.href(offset=self.request.offset + self.request.limit)

    @property
    def previous_href(self) -> str:
        return self.href(offset=max(0, self.request.offset - self.request.limit) or None)

    def download(self, fmt: str) -> str:
        """The same filters and order as a CSV or JSON file: every row, not only this page."""
        query = urlencode(self.request.params(offset=None, limit=None))
        return f"{self.path}.{fmt}" + (f"?{query}" if query else "")

    def facet(self, param: str) -> FacetResult | None:
        return next((f for f in self.facets if f.param == param), None)

    def label_of(self, param: str, value: str) -> str:
        """How a filter's value reads: the facet's label for an id (a person's name)."""
        facet = self.facet(param)
        chosen = next((v for v in facet.values if v.selected), None) if facet else None
        return chosen.label if chosen else value


def run(store: Store, spec: ListSpec, request: ListRequest, facets: bool = True) -> ListResult:
    """The rows ``request`` selects (one page of them, or all), their total and facet counts.

    The list's rows are read once into a temporary table; the page, the total and every facet
    count are then small queries over it.
    """
    store.execute(f"CREATE OR REPLACE TEMP TABLE {BASE} AS {spec.sql}")
    try:
        return _answer(store, spec, request, facets)
    finally:
        store.execute(f"DROP TABLE IF EXISTS {BASE}")


def select(store: Store, spec: ListSpec, request: ListRequest) -> list[Any]:
    """Only the rows (as records), in one query: for a page that shows a few of them."""
    where, params = _where(spec, request)
    rows = _rows(store, spec, request, where, params, f"WITH {BASE} AS ({spec.sql}) ")
    return [spec.record(r) for r in rows] if spec.record else rows


def _rows(
    store: Store, spec: ListSpec, request: ListRequest, where: str, params: list, head: str = ""
) -> list[dict[str, Any]]:
    columns = "*"
    if spec.unfetched:
        columns += f" EXCLUDE ({', '.join(_col(c) for c in spec.unfetched)})"
    sql = f"{head}SELECT {columns} FROM {BASE}{where} ORDER BY {_order(spec, request)}"
    if request.paged:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, request.limit, request.offset]
    return [_public(r) for r in store.rows(sql, params)]


def _answer(store: Store, spec: ListSpec, request: ListRequest, facets: bool) -> ListResult:
    where, params = _where(spec, request)
    rows = _rows(store, spec, request, where, params)
    result = ListResult(spec, request, rows, _count(store, where, params))
    if facets:
        result.facets = [_facet(store, spec, request, f) for f in spec.facets]
        result.months = _months(store, spec, request)
    if spec.date_column and request.dated and not request.undated:
        hidden = replace(request, date_from=None, date_to=None, undated="only")
        result.undated_hidden = _count(store, *_where(spec, hidden))
    return result


def _count(store: Store, where: str, params: list[Any]) -> int:
    return int(store.rows(f"SELECT count(*) AS n FROM {BASE}{where}", params)[0]["n"])


def _where(
    spec: ListSpec, request: ListRequest, without: str | None = None
) -> tuple[str, list[Any]]:
    """WHERE clause and parameters for every filter of ``request`` but the one ``without``."""
    clauses: list[str] = []
    params: list[Any] = []
    for param, value in request.filters:
        f = spec.filter(param)
        if f is None or param == without:
            continue
        sql, values = f.condition(value)
        clauses.append(sql)
        params += values
    if spec.date_column and without != "date":
        sql, values = _date_condition(_col(spec.date_column), request)
        if sql:
            clauses.append(sql)
            params += values
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _date_condition(column: str, request: ListRequest) -> tuple[str, list[Any]]:
    """Dates compare as ISO text: ``to=2023-02`` takes in every day of February."""
    if request.undated == "only":
        return f"{column} IS NULL", []
    parts, params = [], []
    if request.date_from:
        parts.append(f"{column} >= ?")
        params.append(request.date_from)
    if request.date_to:
        parts.append(f"{column} <= ?")
        params.append(request.date_to + "\uffff")
    if not parts:
        return "", []
    sql = " AND ".join(parts)
    if request.undated == "include":
        sql = f"({column} IS NULL OR ({sql}))"
    return sql, params


def _order(spec: ListSpec, request: ListRequest) -> str:
    if request.sort is None:
        return f"{spec.default_sort}, {_col('id')}"
    direction = "DESC" if request.descending else "ASC"
    return f"{_col(request.sort)} {direction} NULLS LAST, {spec.default_sort}, {_col('id')}"


def _facet(store: Store, spec: ListSpec, request: ListRequest, facet: Facet) -> FacetResult:
    where, params = _where(spec, request, without=facet.param)
    value, text = _col(facet.value), _col(facet.text or facet.value)
    rows = store.rows(
        f"SELECT {value} AS value, min({text}) AS label, count(*) AS n FROM {BASE}{where} "
        "GROUP BY 1 ORDER BY n DESC, label NULLS LAST",
        params,
    )
    chosen = request.value(facet.param)
    values = [
        FacetValue(
            None if r["value"] is None else str(r["value"]),
            facet.none_label if r["value"] is None else str(r["label"] or r["value"]),
            int(r["n"]),
            chosen == (NONE if r["value"] is None else str(r["value"])),
        )
        for r in rows
    ]
    shown = values[:FACET_VALUES] + [v for v in values[FACET_VALUES:] if v.selected]
    return FacetResult(facet, shown, len(values) - len(shown))


def _months(store: Store, spec: ListSpec, request: ListRequest) -> list[FacetValue]:
    """Rows per month (per year when there are many months), undated last."""
    if not spec.date_column:
        return []
    where, params = _where(spec, request, without="date")
    column = _col(spec.date_column)
    for width in (7, 4):
        rows = store.rows(
            f"SELECT substr({column}, 1, {width}) AS value, count(*) AS n FROM {BASE}{where} "
            "GROUP BY 1 ORDER BY 1 NULLS LAST",
            params,
        )
        if len(rows) <= 2 * FACET_VALUES:
            break
    period = (request.date_from, request.date_to)
    return [
        FacetValue(
            r["value"],
            r["value"] or "undated",
            int(r["n"]),
            request.undated == "only" if r["value"] is None else period == (r["value"],) * 2,
        )
        for r in rows
    ]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A row as shown and downloaded: an article's local path replaced by its file's name."""
    if "source" in row:
        row["source"] = source_label(row["source"], row.get("url"))
    return row


# -- SQL pieces ------------------------------------------------------------------------------


def _col(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a column name: {name!r}")
    return f'"{name}"'


def _text(name: str) -> str:
    """A column as searchable text (a list of aliases reads as "[a, b]")."""
    return f"CAST({_col(name)} AS VARCHAR)"


def like_pattern(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_tokens(query: str | None) -> list[str]:
    """Words of a search query; every one must occur (case-insensitive) in a hit."""
    return [t for t in re.findall(r"\w+", query or "") if t][:MAX_QUERY_WORDS]


def _words_condition(columns: tuple[str, ...], value: str) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for token in search_tokens(value):
        clauses.append("(" + " OR ".join(f"{_text(c)} ILIKE ? ESCAPE '\\'" for c in columns) + ")")
        params += [like_pattern(token)] * len(columns)
    return (" AND ".join(clauses) or "TRUE"), params


# -- downloads -------------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def to_csv(result: ListResult) -> str:
    """The rows as CSV: a header row of the columns, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    keys = [c.key for c in result.spec.columns]
    writer.writerow(keys)
    for row in result.rows:
        writer.writerow([csv_safe(_flat(row.get(k))) for k in keys])
    return out.getvalue()


def to_json(result: ListResult) -> dict[str, Any]:
    """The rows as JSON objects of the same columns, with the total and the filters applied."""
    keys = [c.key for c in result.spec.columns]
    request = result.request
    return {
        "list": result.spec.name,
        "total": result.total,
        "offset": request.offset if request.paged else 0,
        "filters": dict(request.params(offset=None, limit=None, sort=None)),
        "sort": dict(request.params()).get("sort"),
        "rows": [{k: _json_value(row.get(k)) for k in keys} for row in result.rows],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    return str(value)
