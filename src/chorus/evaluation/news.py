"""``chorus eval news``: a build scored against real-news stories (the shared real-news layout).

A gold folder is one story (``texts/NNN.txt``, ``gold/NNN.json``, optional ``sources.tsv``) or a
folder of stories. The figures, their JSON keys and their rules are those the shared real-news
scorer documents (``docs/evaluation.md`` lists them), so ``chorus eval news GOLD --db OUT
--json`` prints what that scorer prints for the same build. Unlike the seeds-format
evaluation, these rules credit one prediction for every gold item it matches, and a speaker
that shares one name word with the gold speaker: they are kept as documented so the figures
stay comparable.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus.evaluation.matching import content_hit, ratio
from chorus.evaluation.names import covered, name_words, shares_a_name_word

#: Exported tables the scorer reads.
TABLES = ("statements", "forecasts", "articles", "people")
#: Figure keys, in the order they are printed.
STATEMENT_KEYS = (
    "quotes", "recall_found", "recall_speaker", "recall_speaker_direct",
    "recall_speaker_indirect", "precision", "via_recall", "via_precision",
)  # fmt: skip
FORECAST_KEYS = (
    "forecasts", "forecast_recall_direction", "forecast_recall_speaker_direction",
    "forecast_precision",
)  # fmt: skip
DATE_KEYS = ("article_dates", "article_date_recall", "article_date_wrong")
PEOPLE_KEYS = (
    "person_records", "people_precision", "alias_precision", "people_recall", "people_split",
)  # fmt: skip
FIGURE_KEYS = STATEMENT_KEYS + FORECAST_KEYS + DATE_KEYS + PEOPLE_KEYS
UNNAMED = "unnamed"
NOBODY = (None, "author")


# ---------------------------------------------------------------- gold


def _story_folders(root: Path) -> list[Path]:
    if (root / "gold").is_dir():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "gold").is_dir())


def _source_dates(story: Path) -> dict[str, str]:
    """{text stem: date} from ``sources.tsv`` (the first column whose header starts "date")."""
    table = story / "sources.tsv"
    if not table.exists():
        return {}
    rows = [line.rstrip("\n").split("\t") for line in table.open(encoding="utf-8")]
    if not rows:
        return {}
    column = next((i for i, name in enumerate(rows[0]) if name.startswith("date")), None)
    if column is None:
        return {}
    return {
        os.path.splitext(row[0])[0]: row[column].strip()
        for row in rows[1:]
        if len(row) > column and row[column].strip()
    }


def _visible_date(date: str | None, text_path: Path) -> str | None:
    """The gold date, unless the text does not show its year (then it is not the text's)."""
    if date and text_path.exists() and date[:4] not in text_path.read_text(encoding="utf-8"):
        return None
    return date


def load_gold(roots: Iterable[str | Path]) -> dict[str, dict[str, Any]]:
    """{"STORY/texts/NNN": gold} for every story under the roots; ``gold["date"]`` is the
    source's date when the text shows its year, else None."""
    gold: dict[str, dict[str, Any]] = {}
    for root in roots:
        for story in _story_folders(Path(os.path.abspath(root))):
            dates = _source_dates(story)
            for path in sorted((story / "gold").iterdir()):
                if path.suffix != ".json" or not path.is_file():
                    continue
                item = json.loads(path.read_text(encoding="utf-8"))
                text_path = story / "texts" / item.get("doc", path.stem + ".txt")
                item["date"] = _visible_date(dates.get(path.stem), text_path)
                gold[f"{story.name}/texts/{path.stem}"] = item
    return gold


def doc_key(source: str | None, gold: Iterable[str] = ()) -> str:
    """The gold key of an exported ``source``: its last three path parts without extension
    (``STORY/texts/NNN``); a shorter path names the one gold document it can be."""
    parts = [p for p in re.split(r"[\\/]", str(source or "")) if p not in ("", ".")]
    if not parts:
        return ""
    parts[-1] = os.path.splitext(parts[-1])[0]
    key = "/".join(parts[-3:])
    known = list(gold)
    if key in known or len(parts) >= 3:
        return key
    tail = "/" + "/".join(parts)
    fits = [k for k in known if ("/" + k).endswith(tail)]
    return fits[0] if len(fits) == 1 else key


# ---------------------------------------------------------------- export


@dataclass
class Export:
    """The exported rows the scorer needs, grouped by gold document."""

    statements: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    forecasts: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    published: dict[str, Any] = field(default_factory=dict)
    doc_of_article: dict[str, str] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_export(export_dir: str | Path, gold: dict[str, dict]) -> Export:
    """The JSONL files of ``chorus export`` (export contract fields), keyed by gold document."""
    folder = Path(export_dir)
    export = Export()
    for row in _jsonl(folder / "statements.jsonl"):
        export.statements[doc_key(row.get("source"), gold)].append(row)
    for row in _jsonl(folder / "forecasts.jsonl"):
        export.forecasts[doc_key(row.get("source"), gold)].append(row)
    for row in _jsonl(folder / "articles.jsonl"):
        key = doc_key(row.get("source"), gold)
        export.doc_of_article[row["id"]] = key
        export.published[key] = row.get("published")
    export.people = _jsonl(folder / "people.jsonl")
    return export


def export_build(db: str | Path, export_dir: str | Path) -> None:
    """Export the tables the scorer reads from a build, as ``chorus export`` writes them."""
    from chorus.report.export import export_table
    from chorus.store import Store

    with Store(db, read_only=True) as store:
        for table in TABLES:
            export_table(store, table, export_dir, "jsonl")


# ---------------------------------------------------------------- rules


def right_speaker(predicted: dict, gold: dict) -> bool:
    """The predicted speaker shares a name word with the gold speaker; an ``unnamed ...`` gold
    speaker is also matched through the mentions; a gold null wants no speaker."""
    wanted = gold.get("speaker")
    if wanted is None:
        return not predicted.get("speaker")
    have = name_words(predicted.get("speaker"))
    want = name_words(wanted)
    if wanted.startswith(UNNAMED):
        have += name_words(predicted.get("speaker_mention"))
        want += name_words(gold.get("speaker_mention"))
    return shares_a_name_word(have, want)


def same_via(predicted: str | None, gold: str | None) -> bool:
    return shares_a_name_word(name_words(predicted), name_words(gold))


# ---------------------------------------------------------------- counting


@dataclass
class Counts:
    """Raw counts of one story (or of all), from which the figures are computed."""

    direct: list[int] = field(default_factory=lambda: [0, 0, 0])  # gold, found, right speaker
    indirect: list[int] = field(default_factory=lambda: [0, 0, 0])
    predicted: int = 0
    predicted_hit: int = 0
    via_gold: int = 0
    via_found: int = 0
    via_predicted: int = 0
    via_predicted_right: int = 0
    forecasts: int = 0
    forecast_direction: int = 0
    forecast_speaker_direction: int = 0
    forecast_predicted: int = 0
    forecast_predicted_hit: int = 0


def _count_statements(counts: Counts, quotes: list[dict], predicted: list[dict]) -> list[str]:
    """Counts one document's quotes; returns notes on the misses (for --verbose)."""
    notes = []
    hit_rows: set[int] = set()
    for quote in quotes:
        row = counts.direct if quote["kind"] == "direct" else counts.indirect
        hits = [i for i, p in enumerate(predicted) if content_hit(p.get("text"), quote["content"])]
        good = [i for i in hits if right_speaker(predicted[i], quote)]
        row[0] += 1
        row[1] += bool(hits)
        row[2] += bool(good)
        hit_rows.update(hits)
        if quote.get("via"):
            counts.via_gold += 1
            counts.via_found += any(same_via(predicted[i].get("via"), quote["via"]) for i in good)
        if not good:
            said = [predicted[i].get("speaker") for i in hits]
            why = f"wrong speaker {said}" if hits else "missed"
            notes.append(f"{why}: {quote['speaker']}: {quote['content'][:70]!r}")
    for i, p in enumerate(predicted):
        if p.get("via"):
            counts.via_predicted += 1
            counts.via_predicted_right += any(
                q.get("via")
                and content_hit(p.get("text"), q["content"])
                and same_via(p["via"], q["via"])
                for q in quotes
            )
        if i not in hit_rows:
            notes.append(f"not in gold: {p.get('speaker')}: {(p.get('text') or '')[:70]!r}")
    counts.predicted += len(predicted)
    counts.predicted_hit += len(hit_rows)
    return notes


def _forecast_speaker_right(predicted: dict, gold: dict) -> bool:
    if gold.get("speaker") in NOBODY:
        return not predicted.get("speaker")
    return right_speaker(predicted, gold)


def _count_forecasts(counts: Counts, forecasts: list[dict], predicted: list[dict]) -> None:
    hit_rows: set[int] = set()
    for forecast in forecasts:
        hits = [i for i, p in enumerate(predicted) if content_hit(p.get("text"), forecast["text"])]
        hit_rows.update(hits)
        same_direction = [i for i in hits if predicted[i].get("direction") == forecast["direction"]]
        counts.forecasts += 1
        counts.forecast_direction += bool(same_direction)
        counts.forecast_speaker_direction += any(
            _forecast_speaker_right(predicted[i], forecast) for i in same_direction
        )
    counts.forecast_predicted += len(predicted)
    counts.forecast_predicted_hit += len(hit_rows)


def _statement_figures(c: Counts) -> dict[str, Any]:
    gold = c.direct[0] + c.indirect[0]
    return {
        "quotes": gold,
        "recall_found": ratio(c.direct[1] + c.indirect[1], gold),
        "recall_speaker": ratio(c.direct[2] + c.indirect[2], gold),
        "recall_speaker_direct": ratio(c.direct[2], c.direct[0]),
        "recall_speaker_indirect": ratio(c.indirect[2], c.indirect[0]),
        "precision": ratio(c.predicted_hit, c.predicted),
        "via_recall": ratio(c.via_found, c.via_gold),
        "via_precision": ratio(c.via_predicted_right, c.via_predicted),
        "forecasts": c.forecasts,
        "forecast_recall_direction": ratio(c.forecast_direction, c.forecasts),
        "forecast_recall_speaker_direction": ratio(c.forecast_speaker_direction, c.forecasts),
        "forecast_precision": ratio(c.forecast_predicted_hit, c.forecast_predicted),
    }


def _date_figures(docs: list[str], gold: dict[str, dict], export: Export) -> dict[str, Any]:
    dated = [d for d in docs if gold[d].get("date")]
    shown = {d: export.published.get(d) for d in dated}
    right = [d for d in dated if str(shown[d] or "").startswith(gold[d]["date"])]
    wrong = [d for d in dated if shown[d] and d not in right]
    return {
        "article_dates": len(dated),
        "article_date_recall": ratio(len(right), len(dated)),
        "article_date_wrong": len(wrong),
    }


# ---------------------------------------------------------------- people


@dataclass
class GoldEntities:
    """The gold entities of some documents: canonical name -> kind and mention word lists."""

    kinds: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, list[list[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, items: Iterable[dict]) -> GoldEntities:
        forms: dict[str, set[str]] = {}
        entities = cls()
        for item in items:
            entities.kinds.setdefault(item["name"], item["kind"])
            forms.setdefault(item["name"], set()).update([*item["mentions"], item["name"]])
        entities.mentions = {
            name: [name_words(form, drop_titles=True) for form in found]
            for name, found in forms.items()
        }
        return entities

    def words(self, name: str) -> set[str]:
        return {w for words in self.mentions[name] for w in words}

    def matching(self, record_name: str | None) -> str | None:
        """The first gold entity one of whose mentions covers every name word of the name."""
        for name, mention_words in self.mentions.items():
            if any(words and covered(record_name, words) for words in mention_words):
                return name
        return None


def _people_figures(
    docs: list[str], gold: dict[str, dict], export: Export, notes: list[str]
) -> dict[str, Any]:
    annotated = [d for d in docs if "entities" in gold[d]]
    if not annotated:
        return {}
    entities = GoldEntities.of(e for d in annotated for e in gold[d]["entities"])
    wanted = set(annotated)
    persons = [
        p
        for p in export.people
        if p.get("kind") == "person"
        and wanted & {export.doc_of_article.get(a) for a in p.get("articles", [])}
    ]
    records_of: dict[str, int] = defaultdict(int)
    aliases = aliases_right = 0
    for person in persons:
        name = entities.matching(person.get("name"))
        if name is None:
            notes.append(f"person record matches no gold entity: {person.get('name')!r}")
            continue
        records_of[name] += 1
        for alias in person.get("aliases") or []:
            aliases += 1
            ok = covered(alias, entities.words(name))
            aliases_right += ok
            if not ok:
                notes.append(f"alias not a mention of {name}: {alias[:80]!r}")
    gold_persons = [n for n, kind in entities.kinds.items() if kind == "person"]
    return {
        "person_records": len(persons),
        "people_precision": ratio(sum(records_of.values()), len(persons)),
        "alias_precision": ratio(aliases_right, aliases),
        "people_recall": ratio(sum(n in records_of for n in gold_persons), len(gold_persons)),
        "people_split": sum(records_of.get(n, 0) > 1 for n in gold_persons),
    }


# ---------------------------------------------------------------- scoring


def _score_docs(
    docs: list[str], gold: dict[str, dict], export: Export, notes: list[str]
) -> dict[str, Any]:
    counts = Counts()
    for doc in docs:
        for note in _count_statements(counts, gold[doc]["quotes"], export.statements.get(doc, [])):
            notes.append(f"{doc}: {note}")
        _count_forecasts(counts, gold[doc].get("forecasts", []), export.forecasts.get(doc, []))
    figures = _statement_figures(counts)
    figures.update(_date_figures(docs, gold, export))
    for doc in docs:
        if gold[doc].get("date") and not str(export.published.get(doc) or "").startswith(
            gold[doc]["date"]
        ):
            notes.append(
                f"{doc}: published {export.published.get(doc)!r}, gold date {gold[doc]['date']}"
            )
    figures.update(_people_figures(docs, gold, export, notes))
    return figures


def score(
    export: Export, gold: dict[str, dict], notes: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Figures per story and for ``ALL``; ``notes`` collects the misses over all stories."""
    stories = sorted({key.split("/", 1)[0] for key in gold})
    result = {}
    for story in [*stories, "ALL"]:
        docs = [k for k in gold if story == "ALL" or k.startswith(story + "/")]
        result[story] = _score_docs(
            docs, gold, export, notes if story == "ALL" and notes is not None else []
        )
    return result


def score_export(
    export_dir: str | Path, roots: Iterable[str | Path], notes: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    gold = load_gold(roots)
    if not gold:
        raise ValueError(f"no gold files under {', '.join(map(str, roots))}")
    return score(read_export(export_dir, gold), gold, notes)


def score_build(
    db: str | Path, roots: Iterable[str | Path], notes: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Figures of a build (its output folder), through the same export the contract defines."""
    with tempfile.TemporaryDirectory(prefix="chorus-eval-news-") as export_dir:
        export_build(db, export_dir)
        return score_export(export_dir, roots, notes)


def input_texts(roots: Iterable[str | Path]) -> list[Path]:
    """The text files of every story under the roots (what to build when there is no build)."""
    return [
        text
        for root in roots
        for story in _story_folders(Path(os.path.abspath(root)))
        for text in sorted((story / "texts").glob("*.txt"))
    ]


def render_table(result: dict[str, dict[str, Any]]) -> str:
    """Figures as a table: one row per figure, one column per story and ALL."""
    columns = list(result)
    width = max(len(c) for c in columns) + 2
    lines = ["".ljust(34) + "".join(c.rjust(width) for c in columns)]
    for key in FIGURE_KEYS:
        values = [result[c].get(key) for c in columns]
        if all(v is None for v in values):
            continue
        cells = ("-" if v is None else str(v) for v in values)
        lines.append(key.ljust(34) + "".join(cell.rjust(width) for cell in cells))
    return "\n".join(lines)
