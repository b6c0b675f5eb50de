"""An interrupted build resumes: a build in another process is killed after some batches are
stored, resumed, and then holds exactly the rows of a build that was never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from chorus.engines.corpus import link_corpus
from chorus.engines.local import build
from chorus.store import Store
from chorus.store.schema import TABLES

pytestmark = pytest.mark.slow

ARTICLES = 36
BATCH = 3
KILL_AFTER = 6  # analysed articles: two batches are committed by then
#: Columns that record when a row was written, not what it holds.
CLOCK_COLUMNS = {"stored_at", "recorded_at", "asked_at"}

TOWNS = ["Port Selva", "Halvik", "Marrow Bay", "Kessel Ford", "Tarnby", "Lowmere"]
VOICES = [
    ("Mara Quint", "union leader"),
    ("Ilya Brody", "the transport minister"),
    ("Oona Falk", "the harbour master"),
    ("Teodor Wren", "a council member"),
    ("Jana Ilves", "an economist at the Selva Institute"),
    ("Piet Moran", "the mayor"),
]
TOPICS = ["the dock strike", "the bridge tolls", "the ferry timetable", "the grain quota"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _article(i: int) -> str:
    """Article ``i`` of a small invented corpus: a headline, shared site chrome, quotes,
    reported speech, a forecast and a dated event, different in every article."""
    town = TOWNS[i % len(TOWNS)]
    name, role = VOICES[i % len(VOICES)]
    other, other_role = VOICES[(i + 2) % len(VOICES)]
    topic = TOPICS[i % len(TOPICS)]
    day = WEEKDAYS[i % len(WEEKDAYS)]
    return (
        f"{town} talks on {topic} stall for the {i + 1}th time\n\n"
        "Share this story | Print | Email\n\n"
        f"{town.upper()} – Negotiators left the town hall on {day}, {i % 27 + 1} March 2031, "
        f"without a deal on {topic}, and {name}, {role}, blamed the other side.\n\n"
        f"“We came with {i + 3} proposals and went home with none,” {name} said. "
        f"“If nothing moves by the end of the month, we will walk out for good.”\n\n"
        f"{other}, {other_role}, said that the offer on the table was fair and that "
        f"{town} could not afford a longer dispute over {topic}.\n\n"
        f"According to {other}, a new round is likely to start within {i % 5 + 2} weeks.\n\n"
        "Sign up for the Harbour Letter, our morning briefing\n"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt-corpus")
    for i in range(ARTICLES):
        (folder / f"{i:03d}.txt").write_text(_article(i), encoding="utf-8")
    return folder


BUILD_SCRIPT = """
import sys
from chorus.engines.local import build

def tick(stage, done, total):
    print(stage, done, flush=True)

build([sys.argv[1]], sys.argv[2], workers=2, batch_size=int(sys.argv[3]), progress=tick)
print("finished", flush=True)
"""


def _interrupted_build(corpus: Path, out: Path, how: signal.Signals) -> None:
    """Start a build in its own process group and signal it once enough are stored."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(corpus), str(out), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            stage, _, done = line.partition(" ")
            assert stage != "finished", "the build ended before it could be interrupted"
            if stage == "analyse" and int(done) >= KILL_AFTER:
                os.killpg(process.pid, how)
                break
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def _rows(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows, clock columns aside, in a stable order."""
    rows = {}
    with Store(out, read_only=True) as store:
        for name, table in TABLES.items():
            columns = [c for c in table.column_names if c not in CLOCK_COLUMNS]
            listed = ", ".join(f'"{c}"' for c in columns)
            result = store.execute(f'SELECT {listed} FROM "{name}"').fetchall()
            rows[name] = sorted(result, key=lambda row: json.dumps(row, default=str))
    return rows


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("uninterrupted")
    summary = build([corpus], out, workers=1)
    assert summary.stored == ARTICLES and summary.ok
    with Store(out) as store:
        link_corpus(store)
    return out


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_killed_build_resumes_to_the_same_rows(corpus, uninterrupted, tmp_path, how):
    out = tmp_path / "out"
    _interrupted_build(corpus, out, how)
    with Store(out, read_only=True) as store:
        kept = store.counts()["articles"]
    assert BATCH <= kept < ARTICLES, f"{kept} articles stored before the interruption"
    resumed = build([corpus], out, workers=1)
    assert resumed.skipped == kept and resumed.stored == ARTICLES - kept and resumed.ok
    with Store(out) as store:
        link_corpus(store)
    assert _rows(out) == _rows(uninterrupted)
