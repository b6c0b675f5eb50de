"""Attribution evaluation: same figures as the shared PolNeAR scorer; floors (precision and
recall) on PolNeAR dev and the example corpus; the seeds as a regression check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from floors import shortfalls
from shared_corpora import require_shared

from chorus.attribution import evaluate as ev

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


def test_same_figures_as_the_shared_scorer(tmp_path: Path) -> None:
    scorer = require_shared("tools", "polnear_eval.py")
    write_split(tmp_path / "split")
    texts, gold = ev.read_brat(tmp_path / "split")
    rows = predictions()
    pred_file = tmp_path / "preds.jsonl"
    pred_file.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    tool = subprocess.run(
        [sys.executable, str(scorer), "--data", str(tmp_path / "split"), "--pred", str(pred_file)]
        + ["--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(tool.stdout)["scores"]
    assert ev.score_brat(texts, gold, {"doc_a": rows}) == expected


def test_a_failing_document_is_counted_not_hidden(tmp_path: Path, nlp, monkeypatch) -> None:
    write_split(tmp_path)
    import chorus.people

    def broken(doc, article):
        raise RuntimeError("people stage down")

    monkeypatch.setattr(chorus.people, "extract_entities", broken)
    result = ev.evaluate_brat(tmp_path, nlp=nlp)
    assert result["skipped"] == 2
    assert set(result["errors"]) == {"doc_a", "doc_b"}
    assert "people stage down" in result["errors"]["doc_a"]
    with pytest.raises(RuntimeError):
        ev.predict_texts({"doc_b": "Nothing was said."}, nlp)


def test_render_brat_table() -> None:
    brat = {
        "format": "brat",
        "data": "x",
        "documents": 1,
        "skipped": 1,
        "errors": {"doc_b": "RuntimeError: down"},
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
    table = ev.render_table(brat)
    assert "DIRECT" in table and "1 skipped" in table and "failed doc_b" in table


# ---------------------------------------------------------------- corpus figures (slow)


@pytest.mark.slow
def test_polnear_dev_figures_and_agreement_with_the_scorer(tmp_path: Path) -> None:
    dev = require_shared("polnear", "dev")
    scorer = require_shared("tools", "polnear_eval.py")
    pred_file = tmp_path / "dev.jsonl"
    result = ev.evaluate_brat(dev, predictions_out=pred_file)
    assert result["skipped"] == 0 and result["documents"] == 84
    tool = subprocess.run(
        [sys.executable, str(scorer), "--data", str(dev), "--pred", str(pred_file), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(tool.stdout)["scores"] == result["scores"]
    assert shortfalls(result["scores"], "polnear_dev") == []


@pytest.mark.slow
def test_example_attribution_holds_its_floors(example_figures) -> None:
    attribution = example_figures["attribution"]
    assert attribution["all"]["gold"] >= 120
    assert attribution["boilerplate_statements"] == 0
    assert shortfalls(example_figures, "example", "attribution.") == []


@pytest.mark.slow
def test_seeds_attribution_holds_its_floors(seeds_figures) -> None:
    assert seeds_figures["attribution"]["boilerplate_statements"] == 0
    assert shortfalls(seeds_figures, "seeds", "attribution.") == []
