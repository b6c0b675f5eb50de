"""The cross-article stage in DuckDB and Python: runs over the stored per-article records
after every build.

It knows no step: it runs each step of ``chorus.linking.registry.STEPS`` (people across
articles, statement provenance, near-duplicate articles, merged events, outlet profiles, the
question asked at build time), reading a linkage's source rows from the database and running
the shared routine (``chorus.linking.routine``) over them, or calling the step's own local
computation; the step's ``store`` writes the results. Every table a step writes is derived
from the per-article tables, so it is rewritten whole each time and the stage is idempotent.
``chorus.engines.spark_link`` runs the same steps in Spark SQL.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from chorus.linking.registry import STEPS
from chorus.linking.routine import run_linkage
from chorus.linking.step import Outputs, Row, Source, Step, chosen_settings
from chorus.linking.steps.question import answer_question  # what ``chorus ask`` calls
from chorus.store import Store

__all__ = ["answer_question", "link_corpus", "run_step", "source_rows", "stage_settings"]

ProgressHook = Callable[[str, int, int | None], None]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def source_rows(store: Store, source: Source) -> list[Row]:
    """The rows of ``source``, read from the database in its order."""
    columns = ", ".join(f"t.{_quote(c)}" for c in source.columns) if source.columns else "t.*"
    joined = "".join(f", a.{_quote(c)} AS {_quote(c)}" for c in source.article_columns)
    join = " LEFT JOIN articles a ON a.id = t.article" if source.article_columns else ""
    order = ", ".join(f"t.{_quote(c)}" for c in source.order)
    rows = store.rows(
        f"SELECT {columns}{joined} FROM {_quote(source.table)} t{join} ORDER BY {order}"
    )
    if source.listed:
        listed: dict[str, list[Row]] = defaultdict(list)
        for row in store.rows(f"SELECT * FROM {_quote(source.listed)}"):
            listed[row["article"]].append(row)
        for row in rows:
            row[source.listed] = listed.get(row["id"], [])
    return rows


def compute_step(store: Store, step: Step, settings: Any) -> Outputs:
    """A step's results over the database, not yet stored."""
    if step.linkage is not None:
        linkage = step.linkage(settings)
        return {step.output: run_linkage(source_rows(store, linkage.source), linkage)}
    assert step.local is not None
    return step.local(store, settings)


def run_step(store: Store, step: Step, settings: Any = None) -> None:
    """Compute one step over the database and store its results (``settings``: the step's
    own when None)."""
    step.store(store, compute_step(store, step, step.settings if settings is None else settings))


def stage_settings(
    settings: Mapping[str, Any] | None = None, question: str | None = None
) -> dict[str, Any]:
    """Each step's settings (``settings`` by step name overrides the defaults); ``question``,
    the question asked at build time, goes to every step whose settings have a ``question``."""
    chosen = chosen_settings(STEPS, settings)
    if question:
        for name, value in chosen.items():
            if dataclasses.is_dataclass(value) and "question" in {
                f.name for f in dataclasses.fields(value)
            }:
                chosen[name] = dataclasses.replace(value, question=question)  # type: ignore[type-var]
    return chosen


def link_corpus(
    store: Store,
    question: str | None = None,
    progress: ProgressHook | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Rebuild the cross-article tables from the per-article ones: every step that runs,
    with its settings (see ``stage_settings``), in the registry's order."""
    tick = progress or (lambda stage, done, total: None)
    chosen = stage_settings(settings, question)
    steps = [step for step in STEPS if step.enabled(chosen[step.name])]
    for done, step in enumerate(steps, 1):
        run_step(store, step, chosen[step.name])
        tick("cross-article", done, len(steps))
