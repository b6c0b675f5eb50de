"""Built-in evaluation: same figures as the shared PolNeAR scorer; seeds gold; corpus targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chorus.attribution import evaluate as ev

SHARED = Path("/work/shared")
SCORER = SHARED / "tools" / "polnear_eval.py"
DEV = SHARED / "polnear" / "dev"
SEEDS = SHARED / "seeds"

TEXT = (
    "The mayor said ''we will rebuild,'' and added that taxes would rise. "
    "Critics called it ''a fantasy.'' Jane Roe believes the plan will fail.\n"
)


def write_split(root: Path) -> None:
    """A two-document split in the PolNeAR layout, written here (no corpus text)."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc_a.txt").write_text(TEXT, encoding="utf-8")
    (root / "text" / "doc_b.txt").write_text("Nothing was said.\n", encoding="utf-8")

    def span(fragment: str) -> str:
        start = TEXT.index(fragment)
        return f"{start} {start + len(fragment)}"

    lines = [
        f"T1\tSource {span('The mayor')}\tThe mayor",
        f"T2\tCue {span('said')}\tsaid",
        f"T3\tContent {span(chr(39) * 2 + 'we will rebuild,' + chr(39) * 2)}\t''we will rebuild,''",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        f"T4\tCue {span('added')}\tadded",
        f"T5\tContent {span('that taxes would rise')}\tthat taxes would rise",
        "E2\tAttribution:T4 Source:T1 Cue:T4 Content:T5",
        f"T6\tSource {span('Critics')}\tCritics",
        f"T7\tCue {span('called')}\tcalled",
        f"T8\tContent {span('it ' + chr(39) * 2 + 'a fantasy.' + chr(39) * 2)}\tit ''a fantasy.''",
        "E3\tAttribution:T7 Source:T6 Cue:T7 Content:T8",
        f"T9\tSource {span('Jane Roe')}\tJane Roe",
        f"T10\tCue {span('believes')}\tbelieves",
        f"T11\tContent {span('the plan will fail')}\tthe plan will fail",
        "E4\tAttribution:T10 Source:T9 Cue:T10 Content:T11",
    ]
    (root / "attributions" / "doc_a_x1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def predictions() -> list[dict]:
    def at(fragment: str) -> tuple[int, int]:
        start = TEXT.index(fragment)
        return start, start + len(fragment)

    rows = []
    for content, speaker in [
        ("''we will rebuild,''", "The mayor"),  # right
        ("that taxes would rise", "Critics"),  # content right, speaker wrong
        ("''a fantasy.''", "Critics"),  # right, shorter than gold
        ("the plan will fail", None),  # no speaker: never an attribution
        ("''a fantasy.''", "Critics"),  # duplicate: a false positive
    ]:
        start, end = at(content)
        row = {"doc": "doc_a", "start": start, "end": end, "speaker": speaker}
        if speaker is not None:
            row["speaker_start"], row["speaker_end"] = at(speaker)
        else:
            row["speaker_start"] = row["speaker_end"] = None
        rows.append(row)
    return rows


def test_scores_on_a_written_split(tmp_path: Path) -> None:
    write_split(tmp_path)
    texts, gold = ev.read_brat(tmp_path)
    assert [g["SPEECH"] for g in gold["doc_a"]] == [True, True, True, True]
    assert [g["DIRECT"] for g in gold["doc_a"]] == [True, False, True, False]
    preds: dict[str, list] = {"doc_a": predictions()}
    scores = ev.score_brat(texts, gold, preds)
    assert scores["ALL"]["attribution"]["tp"] == 2
    assert scores["ALL"]["content"]["tp"] == 4
    assert scores["DIRECT"]["pred"] == 3


@pytest.mark.skipif(not SCORER.exists(), reason="shared PolNeAR scorer absent")
def test_same_figures_as_the_shared_scorer(tmp_path: Path) -> None:
    write_split(tmp_path / "split")
    texts, gold = ev.read_brat(tmp_path / "split")
    rows = predictions()
    pred_file = tmp_path / "preds.jsonl"
    pred_file.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    tool = subprocess.run(
        [sys.executable, str(SCORER), "--data", str(tmp_path / "split"), "--pred", str(pred_file)]
        + ["--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(tool.stdout)["scores"]
    assert ev.score_brat(texts, gold, {"doc_a": rows}) == expected


def test_render_table_for_both_formats() -> None:
    brat = {
        "format": "brat",
        "data": "x",
        "documents": 1,
        "skipped": 0,
        "predictions": 0,
        "scores": {
            s: {
                "gold": 0, "pred": 0, "split": 0, "excused": 0,
                "content": {"tp": 0, "p": 0.0, "r": 0.0, "f1": 0.0},
                "attribution": {"tp": 0, "p": 0.0, "r": 0.0, "f1": 0.0},
            }
            for s in ev.SUBSETS
        },
    }  # fmt: skip
    assert "DIRECT" in ev.render_table(brat)
    row = {
        "gold": 1, "found": 1, "found_recall": 1.0, "speaker_recall": 1.0,
        "kind_accuracy": 1.0, "via_accuracy": 1.0,
    }  # fmt: skip
    gold = {
        "format": "gold", "data": "y", "predictions": 1, "boilerplate_statements": 0,
        "direct": row, "indirect": row, "all": row,
    }  # fmt: skip
    assert "indirect" in ev.render_table(gold)


# ---------------------------------------------------------------- corpus figures (slow)


@pytest.mark.slow
@pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason="PolNeAR dev absent")
def test_polnear_dev_figures_and_agreement_with_the_scorer(tmp_path: Path) -> None:
    pred_file = tmp_path / "dev.jsonl"
    result = ev.evaluate_brat(DEV, predictions_out=pred_file)
    assert result["skipped"] == 0 and result["documents"] == 84
    tool = subprocess.run(
        [sys.executable, str(SCORER), "--data", str(DEV), "--pred", str(pred_file), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(tool.stdout)["scores"] == result["scores"]
    scores = result["scores"]
    assert scores["DIRECT"]["attribution"]["f1"] >= 0.875
    assert scores["SPEECH"]["attribution"]["f1"] >= 0.79


@pytest.mark.slow
@pytest.mark.skipif(not (SEEDS / "gold").exists(), reason="seeds absent")
def test_seeds_gold_figures() -> None:
    result = ev.evaluate_gold(SEEDS / "gold", SEEDS)
    assert result["direct"]["found_recall"] >= 0.97
    assert result["direct"]["speaker_recall"] >= 0.95
    assert result["indirect"]["found_recall"] >= 0.85
    assert result["boilerplate_statements"] == 0
