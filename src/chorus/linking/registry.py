"""The one list of cross-article steps, read by both drivers (which the CLI and ``chorus.build``
call), the Spark identity tests and the benchmark.

Every module of ``chorus.linking.steps`` that declares a ``STEP`` is a step: adding one is
adding its module (and declaring the tables it writes in ``chorus.store.schema``). They run
in name order, except that a step runs after the steps it names in ``Step.after``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from chorus.linking import steps as steps_package
from chorus.linking.step import Step
from chorus.store.schema import TABLES


def discover() -> list[Step]:
    """The ``STEP`` of every module of ``chorus.linking.steps``."""
    found = []
    for module_info in pkgutil.iter_modules(steps_package.__path__):
        module = importlib.import_module(f"{steps_package.__name__}.{module_info.name}")
        step = getattr(module, "STEP", None)
        if isinstance(step, Step):
            found.append(step)
    return found


def in_order(found: Iterable[Step]) -> tuple[Step, ...]:
    """``found`` in name order, each after the steps it names in ``after``."""
    by_name: dict[str, Step] = {}
    for step in found:
        if step.name in by_name:
            raise ValueError(f"two cross-article steps named {step.name!r}")
        by_name[step.name] = step
    for step in by_name.values():
        missing = set(step.after) - set(by_name)
        if missing:
            raise ValueError(f"step {step.name!r} runs after unknown steps {sorted(missing)}")
        undeclared = set(step.writes) - set(TABLES)
        if undeclared:
            raise ValueError(f"step {step.name!r} writes undeclared tables {sorted(undeclared)}")
    ordered: list[Step] = []
    placed: set[str] = set()
    while len(ordered) < len(by_name):
        ready = [
            s
            for name, s in sorted(by_name.items())
            if name not in placed and placed >= set(s.after)
        ]
        if not ready:
            raise ValueError(
                "cross-article steps that wait for each other: "
                + ", ".join(sorted(set(by_name) - placed))
            )
        ordered.append(ready[0])
        placed.add(ready[0].name)
    return tuple(ordered)


#: Every cross-article step, in the order they run.
STEPS: tuple[Step, ...] = in_order(discover())


def step(name: str) -> Step:
    """The step called ``name``."""
    for candidate in STEPS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no cross-article step {name!r} (steps: {', '.join(s.name for s in STEPS)})")
