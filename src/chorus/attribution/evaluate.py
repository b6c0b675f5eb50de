"""Attribution evaluation: PolNeAR-style brat standoff, and the seeds' gold JSON format.

``evaluate_brat`` reports the figures of the shared PolNeAR scorer (DIRECT, SPEECH, ALL; content
and attribution P/R/F1, with its split-piece and excused diagnostics), using the matching rules
that scorer documents: content match when the overlap is at least half the shorter span,
attribution match when the speaker span also overlaps a gold Source segment, greedy one-to-one
by character Jaccard. ``score_quotes`` scores the statements of an annotated build
(``chorus.evaluation.gold``) against gold quotes: one-to-one, content found, resolved speaker,
kind and relay, each with its precision (the rules: ``docs/evaluation.md``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from chorus.attribution.quotes import widen_to_marks
from chorus.evaluation.gold import AnnotatedDoc
from chorus.evaluation.matching import (
    Tally,
    f1,
    one_to_one,
    overlap,
    ratio,
)
from chorus.evaluation.names import same_name, same_relay
from chorus.lexicons import table
from chorus.records import Statement

if TYPE_CHECKING:
    from chorus.attribution.extract import Explained

SUBSETS = ("DIRECT", "SPEECH", "ALL")
QUOTE_MARKS = ("''", "``", '"', "“", "”", "«", "»")
Segments = list[tuple[int, int]]


# ---------------------------------------------------------------- brat reading


@lru_cache(maxsize=1)
def _speech_cues() -> tuple[frozenset[str], tuple[tuple[frozenset[str], str], ...]]:
    forms: set[str] = set()
    phrases = []
    for row in table("attribution_eval_speech_cues.txt"):
        if len(row) == 2:
            phrases.append((frozenset(row[0].split()), row[1]))
        else:
            forms.update(row[0].split())
    return frozenset(forms), tuple(phrases)


def is_speech_cue(cue: str) -> bool:
    """A cue containing a speech verb form or phrase (whole lowercase words)."""
    tokens = re.findall(r"[a-z]+", cue.lower().replace("’", "'"))
    forms, phrases = _speech_cues()
    if forms.intersection(tokens):
        return True
    return any(
        first in firsts and second == want
        for first, second in zip(tokens, tokens[1:], strict=False)
        for firsts, want in phrases
    )


def has_quote_mark(text: str) -> bool:
    return any(mark in text for mark in QUOTE_MARKS)


def _merged(segments: Segments) -> Segments:
    out: Segments = []
    for start, end in sorted(segments):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _joined(text: str, segments: Segments) -> str:
    return " ".join(text[a:b] for a, b in segments)


def read_standoff(
    path: Path,
) -> tuple[dict[str, tuple[str, Segments]], list[list[tuple[str, str]]]]:
    """Text-bound annotations {id: (label, segments)} and events [[(role, id), ...]]."""
    spans: dict[str, tuple[str, Segments]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2 and fields[0][1:].isdigit():
            label, _, offsets = fields[1].partition(" ")
            segments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
            spans[fields[0]] = (label, segments)
        elif line.startswith("E") and len(fields) >= 2:
            arguments = [tuple(item.split(":", 1)) for item in fields[1].split()]
            events.append([(role, ref) for role, ref in arguments[1:]])
    return spans, events


def _role_segments(
    spans: dict[str, tuple[str, Segments]], arguments: list[tuple[str, str]], prefix: str
) -> Segments:
    """Merged segments of an event's arguments whose role starts with ``prefix``."""
    return _merged([s for role, ref in arguments if role.startswith(prefix) for s in spans[ref][1]])


def read_brat(data_dir: str | Path) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """Texts and gold attributions of a PolNeAR-layout split (first annotator file per text)."""
    root = Path(data_dir)
    texts = {}
    for path in sorted((root / "text").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts[path.stem] = handle.read()
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((root / "attributions").glob("*.ann")):
        files[path.stem.rsplit("_", 1)[0]].append(path)
    gold: dict[str, list[dict[str, Any]]] = {}
    for name, text in texts.items():
        gold[name] = []
        if name not in files:
            continue
        spans, events = read_standoff(sorted(files[name])[0])
        for arguments in events:
            content, source, cue = (
                _role_segments(spans, arguments, role) for role in ("Content", "Source", "Cue")
            )
            if not content:
                continue
            has_source = bool(source)
            gold[name].append(
                {
                    "content": content,
                    "source": source,
                    "source_text": _joined(text, source),
                    "cue": cue,
                    "DIRECT": has_source and has_quote_mark(_joined(text, content)),
                    "SPEECH": has_source and is_speech_cue(_joined(text, cue)),
                    "ALL": has_source,
                }
            )
    return texts, gold


# ---------------------------------------------------------------- matching


def _overlap(start: int, end: int, segments: Segments) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in segments)


def _jaccard_if_match(pred: dict[str, Any], gold: dict[str, Any]) -> float | None:
    pred_len = pred["end"] - pred["start"]
    gold_len = sum(b - a for a, b in gold["content"])
    shared = _overlap(pred["start"], pred["end"], gold["content"])
    if pred_len <= 0 or shared <= 0 or shared * 2 < min(pred_len, gold_len):
        return None
    return shared / (pred_len + gold_len - shared)


def _words(text: str) -> list[str]:
    return [re.sub(r"['’]s$", "", w) for w in re.findall(r"\w+(?:['’]\w+)*", text.lower())]


def _speaker_matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred.get("speaker_start") is not None and pred.get("speaker_end") is not None:
        return _overlap(pred["speaker_start"], pred["speaker_end"], gold["source"]) > 0
    spoken = _words(pred.get("speaker") or "")
    return bool(spoken) and spoken[-1] in set(_words(gold["source_text"]))


def _greedy(preds: list[dict], golds: list[dict], with_speaker: bool) -> tuple[set[int], set[int]]:
    """One-to-one matching, best Jaccard first; also the split pieces left out of precision."""
    candidates = []
    for i, pred in enumerate(preds):
        for j, gold in enumerate(golds):
            score = _jaccard_if_match(pred, gold)
            if score is not None and (not with_speaker or _speaker_matches(pred, gold)):
                candidates.append((-score, i, j))
    candidates.sort()
    taken_pred: set[int] = set()
    taken_gold: set[int] = set()
    for _, i, j in candidates:
        if i not in taken_pred and j not in taken_gold:
            taken_pred.add(i)
            taken_gold.add(j)
    matched = [(preds[i]["start"], preds[i]["end"]) for i in taken_pred]
    pieces = {
        i
        for _, i, _ in candidates
        if i not in taken_pred
        and not any(_overlap(preds[i]["start"], preds[i]["end"], [span]) for span in matched)
    }
    return taken_pred, pieces


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def score_brat(
    texts: dict[str, str], gold: dict[str, list[dict]], preds: dict[str, list[dict]]
) -> dict[str, dict[str, Any]]:
    """Scores per subset, same figures and diagnostics as the shared PolNeAR scorer."""
    result = {}
    for subset in SUBSETS:
        n_gold = n_pred = excused = 0
        tp = {"content": 0, "attribution": 0}
        split = {"content": 0, "attribution": 0}
        for name in sorted(gold):
            golds = [g for g in gold[name] if g[subset]]
            others = [g for g in gold[name] if not g[subset]]
            doc_preds = preds.get(name, [])
            if subset == "DIRECT":
                text = texts[name]
                doc_preds = [p for p in doc_preds if has_quote_mark(text[p["start"] : p["end"]])]
            n_gold += len(golds)
            n_pred += len(doc_preds)
            for kind in ("content", "attribution"):
                hit, pieces = _greedy(doc_preds, golds, kind == "attribution")
                tp[kind] += len(hit)
                split[kind] += len(pieces)
                if kind == "content":
                    rest = [
                        p
                        for i, p in enumerate(doc_preds)
                        if i not in hit
                        and i not in pieces
                        and all(_jaccard_if_match(p, g) is None for g in golds)
                    ]
                    excused += len(_greedy(rest, others, False)[0])
        figures: dict[str, Any] = {
            "gold": n_gold, "pred": n_pred, "split": split["content"], "excused": excused,
        }  # fmt: skip
        for kind in ("content", "attribution"):
            counted = n_pred - split[kind]
            figures[kind] = _prf(tp[kind], counted, n_gold)
            figures[kind]["p_star"] = (
                round(tp[kind] / (counted - excused), 4) if counted > excused else 0.0
            )
        result[subset] = figures
    return result


# ---------------------------------------------------------------- predicting


def brat_predictions(name: str, text: str, explained: list) -> list[dict[str, Any]]:
    """Prediction records for the scorer (from ``extract.Explained`` items): content widened
    over its quotation marks; statements without a speaker mention are left out (they cannot
    be an attribution)."""
    records = []
    for item in explained:
        statement = item.statement
        if statement.speaker_start is None:
            continue
        start, end = widen_to_marks(text, statement.start, statement.end)
        records.append(
            {
                "doc": name,
                "start": start,
                "end": end,
                "speaker_start": statement.speaker_start,
                "speaker_end": statement.speaker_end,
                "speaker": statement.speaker_mention,
                "kind": statement.kind,
                "resolved": statement.speaker,
                "confidence": statement.confidence,
                "rule": item.rule,
            }
        )
    return records


def predict_texts(
    texts: dict[str, str],
    nlp: Language | None = None,
    docs: dict | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, list[Explained]]:
    """Statements of every text (``docs`` may hold cached parses by name). A text whose
    analysis fails gets no statements and its error in ``errors`` (when given; else it
    raises), so a failing stage shows as a failure, never as a quietly lower score."""
    from chorus.attribution import article_for_text
    from chorus.attribution.extract import explain_statements
    from chorus.people import extract_entities

    if nlp is None and docs is None:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
    names = sorted(texts)
    parsed = (
        (docs[n] for n in names)
        if docs is not None
        else nlp.pipe((texts[n] for n in names), batch_size=16)
    )
    result: dict[str, list[Explained]] = {}
    for name, doc in zip(names, parsed, strict=True):
        article = article_for_text(texts[name], source=name)
        try:
            entities = extract_entities(doc, article)
            # the pipeline's attribute(), with the rule that found each statement attached
            result[name] = explain_statements(doc, article, entities)
        except Exception as exc:
            if errors is None:
                raise
            errors[name] = f"{exc.__class__.__name__}: {exc}"
            result[name] = []
    return result


def evaluate_brat(
    data_dir: str | Path,
    nlp: Language | None = None,
    predictions_out: str | Path | None = None,
    docs: dict | None = None,
) -> dict[str, Any]:
    """Run attribution over a brat split and score it like the shared PolNeAR scorer.

    Scored on what the product outputs: every statement ``attribute()`` returns that has a
    speaker mention. ``skipped`` counts the documents whose analysis failed (``errors`` says
    why; they predict nothing)."""
    texts, gold = read_brat(data_dir)
    errors: dict[str, str] = {}
    statements = predict_texts(texts, nlp, docs, errors)
    preds = {name: brat_predictions(name, texts[name], statements[name]) for name in texts}
    if predictions_out is not None:
        with open(predictions_out, "w", encoding="utf-8") as handle:
            for name in sorted(preds):
                for record in preds[name]:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {
        "format": "brat",
        "data": str(data_dir),
        "documents": len(texts),
        "skipped": len(errors),
        "errors": errors,
        "predictions": sum(map(len, preds.values())),
        "scores": score_brat(texts, gold, preds),
    }


# ---------------------------------------------------------------- seeds-format gold


def _gold_aliases(gold: dict[str, Any]) -> dict[str, list[str]]:
    return {p["name"]: list(p.get("aliases", [])) for p in gold.get("people", [])}


def speaker_right(predicted: str | None, wanted: str | None, aliases: dict[str, list[str]]) -> bool:
    """The resolved speaker names the gold speaker (or both name nobody)."""
    if wanted is None:
        return predicted is None
    return same_name(predicted, wanted, aliases.get(wanted, ()))


@dataclass
class QuoteCounts:
    """Counts of one kind of gold quote (direct, indirect, all) and of the predictions of that
    kind (a ``mixed`` statement is an indirect one with a quoted fragment)."""

    gold: int = 0
    found: int = 0
    speaker: int = 0
    kind: int = 0
    predicted: int = 0
    predicted_found: int = 0
    predicted_speaker: int = 0

    def figures(self) -> dict[str, Any]:
        speaker_precision = ratio(self.predicted_speaker, self.predicted)
        speaker_recall = ratio(self.speaker, self.gold)
        return {
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "found_recall": ratio(self.found, self.gold),
            "precision": ratio(self.predicted_found, self.predicted),
            "speaker_recall": speaker_recall,
            "speaker_precision": speaker_precision,
            "speaker_f1": f1(speaker_precision, speaker_recall),
            "kind_accuracy": ratio(self.kind, self.found),
        }


@dataclass
class QuoteScore:
    kinds: dict[str, QuoteCounts] = field(
        default_factory=lambda: {k: QuoteCounts() for k in ("direct", "indirect", "all")}
    )
    via: Tally = field(default_factory=Tally)
    boilerplate_statements: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)


def _predicted_kind(statement: Statement) -> str:
    return "direct" if statement.kind == "direct" else "indirect"


def _count_boilerplate(doc: AnnotatedDoc) -> int:
    """Statements overlapping a gold boilerplate line (residue read as speech)."""
    lines = [b for b in doc.gold.get("boilerplate", []) if len(b) > 20]
    spans = [span for span in doc.locate_all(lines) if span]
    return sum(any(overlap((s.start, s.end), span) for span in spans) for s in doc.statements)


def _score_doc_quotes(doc: AnnotatedDoc, result: QuoteScore) -> None:
    quotes = doc.gold.get("quotes", [])
    aliases = _gold_aliases(doc.gold)
    located = doc.located(quotes, "content")
    matched = one_to_one(doc.statements, located, doc.content_score("content"))
    result.boilerplate_statements += _count_boilerplate(doc)
    credited: dict[int, bool] = {}  # predicted index -> right speaker
    for g, (quote, _span) in enumerate(located):
        found = doc.statements[matched[g]] if g in matched else None
        right = found is not None and speaker_right(found.speaker, quote["speaker"], aliases)
        for key in (quote["kind"], "all"):
            row = result.kinds[key]
            row.gold += 1
            row.found += found is not None
            row.speaker += right
            row.kind += found is not None and _predicted_kind(found) == quote["kind"]
        if found is not None:
            credited[matched[g]] = right
        if quote.get("via"):
            result.via.gold += 1
            result.via.found += right and same_relay(found.via, quote["via"])
        if not right:
            result.misses.append(
                {
                    "doc": doc.name,
                    "kind": quote["kind"],
                    "gold_speaker": quote["speaker"],
                    "predicted": found.speaker if found else None,
                    "found": found is not None,
                    "content": quote["content"][:80],
                }
            )
    vias = {matched[g]: q.get("via") for g, (q, _) in enumerate(located) if g in matched}
    for i, statement in enumerate(doc.statements):
        for key in (_predicted_kind(statement), "all"):
            row = result.kinds[key]
            row.predicted += 1
            row.predicted_found += i in credited
            row.predicted_speaker += credited.get(i, False)
        if statement.via:
            result.via.predicted += 1
            result.via.right += bool(vias.get(i)) and same_relay(statement.via, vias.get(i))
        if i not in credited:
            result.false_positives.append(
                {"doc": doc.name, "speaker": statement.speaker, "text": statement.text[:80]}
            )


def score_quotes(docs: list[AnnotatedDoc]) -> dict[str, Any]:
    """Statements against the gold quotes, one-to-one: content found, resolved speaker, kind,
    relay, each with its precision; the misses and the false positives listed."""
    result = QuoteScore()
    for doc in (d for d in docs if "quotes" in d.gold):
        _score_doc_quotes(doc, result)
    summary: dict[str, Any] = {k: row.figures() for k, row in result.kinds.items()}
    via = result.via.figures()
    summary["via"] = {k: via[k] for k in ("gold", "predicted", "precision", "recall")}
    summary["boilerplate_statements"] = result.boilerplate_statements
    summary["misses"] = result.misses
    summary["false_positives"] = result.false_positives
    return summary


def evaluate_gold(
    gold_dir: str | Path, texts_dir: str | Path | None = None, db: str | Path | None = None
) -> dict[str, Any]:
    """Build an annotated folder and score its statements (see ``chorus.evaluation.gold``)."""
    from chorus.evaluation.gold import annotated_build

    return score_quotes(annotated_build(gold_dir, texts_dir, db).docs)


def render_table(result: dict[str, Any]) -> str:
    """A short text table of an ``evaluate_brat`` or ``evaluate_gold`` result."""
    lines = []
    if result.get("format") == "brat":
        lines.append(
            f"{result['data']}: {result['documents']} documents, {result['skipped']} skipped, "
            f"{result['predictions']} predictions"
        )
        lines.extend(f"failed {name}: {error}" for name, error in result.get("errors", {}).items())
        lines.append(
            "subset   gold  pred split  exc | content  P     R     F1   | attrib   P     R     F1"
        )
        for subset, row in result["scores"].items():
            cells = [
                f"{subset:7} {row['gold']:5d} {row['pred']:5d} "
                f"{row['split']:5d} {row['excused']:4d}"
            ]
            for kind in ("content", "attribution"):
                m = row[kind]
                cells.append(f"{m['tp']:5d}  {m['p']:.3f} {m['r']:.3f} {m['f1']:.3f}")
            lines.append(" | ".join(cells))
        return "\n".join(lines)
    return render_quotes(result)


def render_quotes(result: dict[str, Any]) -> str:
    """A short text table of a ``score_quotes`` result."""
    lines = ["quotes    gold found  pred | found R  P     | speaker R  P     F1    | kind"]
    for key in ("direct", "indirect", "all"):
        row = result[key]
        lines.append(
            f"{key:8} {row['gold']:5d} {row['found']:5d} {row['predicted']:5d} | "
            f"{_cell(row['found_recall'])} {_cell(row['precision'])} | "
            f"{_cell(row['speaker_recall'])} {_cell(row['speaker_precision'])} "
            f"{_cell(row['speaker_f1'])} | {_cell(row['kind_accuracy'])}"
        )
    via = result["via"]
    lines.append(
        f"relays: {via['gold']} gold, {via['predicted']} predicted, "
        f"recall {_cell(via['recall'])}, precision {_cell(via['precision'])}"
    )
    lines.append(f"statements overlapping boilerplate: {result['boilerplate_statements']}")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


#: The name the CLI uses (``chorus eval brat`` / ``chorus eval gold``).
format_report = render_table
