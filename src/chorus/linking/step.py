"""What a cross-article step declares; the drivers (``chorus.engines.corpus`` in DuckDB and
Python, ``chorus.engines.spark_link`` in Spark SQL) run any step from this alone.

Most steps are one pass of the shared routine (``chorus.linking.routine``), declared as a
``Linkage``: the rows it reads (a ``Source``), the key under which identical rows are joined at
once, the ``Blocking`` (the blocks a key is listed under and looked up in, with a cap on how
many keys a block may hold before it is too common to mean anything, and the comparison of
two keys), and how a group of linked rows (or a linked pair) becomes output rows. A step that
does not fit the routine brings its own computation for each driver (``Step.local``,
``Step.spark``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from chorus.store import Store

#: A row as both drivers hand it to a step: column name to plain Python value.
Row = dict[str, Any]
#: A step's results: its rows for each table it writes (in any order: its ``store`` orders them).
Outputs = dict[str, list[Row]]


@dataclass(frozen=True)
class Source:
    """The rows a linkage reads: one store table, in the store's order (``order``, which names
    each row once), with ``article_columns`` of each row's article joined on, or (for the
    articles table) the rows of the ``listed`` table of each article listed under that name."""

    table: str
    order: tuple[str, ...]
    columns: tuple[str, ...] | None = None  # None: every column
    article_columns: tuple[str, ...] = ()
    listed: str | None = None


@dataclass(frozen=True)
class Blocking:
    """How the distinct keys of a linkage meet: each is listed under the blocks ``postings``
    gives for its value and looks for candidates in the blocks ``probes`` gives (its own
    postings when None); a block listing more than ``cap`` keys is too common to mean anything
    and is skipped. Each candidate pair is compared once, earlier key first; a truthy result
    links them and is the pair's weight."""

    postings: Callable[[Any], Iterable[str]]
    compare: Callable[[Any, Any], Any]
    probes: Callable[[Any], Iterable[str]] | None = None
    cap: int | None = None


@dataclass(frozen=True)
class Linkage:
    """One pass of the shared routine over the rows of ``source``.

    ``prepare`` maps each source row first. Rows with one ``key`` are joined at once (the
    exact-duplicate shortcut; a None key leaves the row alone). The distinct keys, each with
    its ``value`` (the key itself unless ``value`` computes one from the key's first row), are
    paired by ``blocking`` (none: exact duplicates only). Keys are ordered by their first row
    in source order. With ``apart`` (a column), rows sharing its value are never linked
    through each other alone: identical rows are joined only when they span two values, and
    a pair only when together they do.

    The linked rows are closed into groups, and ``groups`` makes output rows of each group's
    rows (in source order); or ``pairs`` makes output rows of each linked pair (earlier key,
    later key, weight).
    """

    source: Source
    key: Callable[[Row], str | None]
    groups: Callable[[list[Row]], Iterable[Row]] | None = None
    pairs: Callable[[str, str, Any], Iterable[Row]] | None = None
    prepare: Callable[[Row], Row] | None = None
    value: Callable[[Row], Any] | None = None
    blocking: Blocking | None = None
    apart: str | None = None

    def __post_init__(self) -> None:
        if (self.groups is None) == (self.pairs is None):
            raise ValueError("a linkage makes output of its groups or of its pairs (one of them)")


class Kept(Protocol):
    """Frames kept (persisted) until ``release`` (``chorus.engines.spark_sql.Kept``)."""

    def __call__(self, frame: DataFrame) -> DataFrame: ...

    def release(self) -> None: ...


@dataclass
class SparkRun:
    """What a step's own Spark plan is given: the session, the per-article datasets as the
    earlier steps left them (a plan may replace one for the steps after it, as the people
    step does with the statements' resolved speakers), and two ``Kept`` sets: ``keep`` for
    frames released once the step's outputs are written, ``shared`` for frames that live
    until the whole stage is done (those handed on)."""

    session: SparkSession
    frames: dict[str, DataFrame]
    keep: Kept
    shared: Kept


@dataclass(frozen=True)
class Step:
    """One cross-article step, declared once: its name, the tables it writes (declared in
    ``chorus.store.schema``), its settings (a frozen dataclass; the default here, any other
    passed by name to a driver), what it computes (a ``linkage`` of the shared routine, or
    ``local`` and ``spark`` of its own) and how its results are stored (``store``, shared by
    both drivers: it orders the rows itself, so they may come in any order).

    ``after`` names the steps whose results it reads (it runs after them); ``enabled`` says,
    from the settings, whether it runs at all. A step with neither ``linkage`` nor ``spark``
    runs over the database in both drivers (in Spark builds, after the Spark steps are
    stored).
    """

    name: str
    writes: tuple[str, ...]
    store: Callable[[Store, Outputs], None]
    settings: Any = None
    linkage: Callable[[Any], Linkage] | None = None
    local: Callable[[Store, Any], Outputs] | None = None
    spark: Callable[[SparkRun, Any], dict[str, DataFrame]] | None = None
    after: tuple[str, ...] = ()
    enabled: Callable[[Any], bool] = field(default=lambda settings: True)

    def __post_init__(self) -> None:
        if (self.linkage is None) == (self.local is None):
            raise ValueError(f"step {self.name}: a linkage or a local computation (one of them)")
        if self.linkage is not None and self.spark is not None:
            raise ValueError(f"step {self.name}: a linkage runs in Spark as it is")

    @property
    def output(self) -> str:
        """The name of a linkage's one output (its first table)."""
        return self.writes[0]

    @property
    def in_spark(self) -> bool:
        return self.linkage is not None or self.spark is not None


def chosen_settings(steps: Sequence[Step], overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Each step's settings: its default, or the one ``overrides`` gives under its name."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - {step.name for step in steps}
    if unknown:
        raise ValueError(f"settings for no cross-article step: {', '.join(sorted(unknown))}")
    return {step.name: overrides.get(step.name, step.settings) for step in steps}
