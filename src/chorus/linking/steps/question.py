"""The question asked at build time: the stance of every voice and outlet on it.

It runs over the database in both drivers (after the others in a Spark build), as
``chorus ask`` does; each answer replaces the earlier answer to the same question in
``questions`` (answers to other questions stay).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chorus.claims import stance
from chorus.linking.step import Outputs, Step

if TYPE_CHECKING:
    from chorus.store import Store


@dataclass(frozen=True)
class Settings:
    question: str | None = None  # none asked: the step does not run


def answer(store: Store, settings: Settings) -> Outputs:
    """The stance report on the question, from the stored statements and forecasts."""
    question = settings.question or ""
    report = stance(question, store.statements(), store.forecasts(), list(store.iter_articles()))
    payload = dataclasses.asdict(report) if dataclasses.is_dataclass(report) else dict(report)
    return {"questions": [{"question": question, "report": payload}]}


def write(store: Store, outputs: Outputs) -> None:
    for row in outputs["questions"]:
        store.execute("DELETE FROM questions WHERE question = ?", [row["question"]])
        store.execute(
            "INSERT INTO questions VALUES (?, ?, ?)",
            [
                row["question"],
                json.dumps(row["report"], ensure_ascii=False, default=str),
                datetime.now(UTC),
            ],
        )


def answer_question(store: Store, question: str) -> dict[str, Any]:
    """Stance of every voice and outlet on ``question``, stored in ``questions``."""
    outputs = answer(store, Settings(question))
    write(store, outputs)
    return outputs["questions"][0]["report"]


STEP = Step(
    name="question",
    writes=("questions",),
    settings=Settings(),
    local=answer,
    store=write,
    after=("people",),  # voices by their resolved names
    enabled=lambda settings: bool(settings.question),
)
