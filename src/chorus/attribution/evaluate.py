"""Built-in evaluation: PolNeAR-style brat standoff, and the seeds' gold JSON format.

``evaluate_brat`` reports the figures of the shared PolNeAR scorer (DIRECT, SPEECH, ALL; content
and attribution P/R/F1, with its split-piece and excused diagnostics), using the matching rules
that scorer documents: content match when the overlap is at least half the shorter span,
attribution match when the speaker span also overlaps a gold Source segment, greedy one-to-one
by character Jaccard. ``evaluate_gold`` scores quote content, resolved speaker, kind and relay.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from chorus.attribution.quotes import widen_to_marks
from chorus.lexicons import table

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


def predict_texts(texts: dict[str, str], nlp: Language | None = None, docs: dict | None = None):
    """Statements of every text (``docs`` may hold cached parses by name)."""
    from chorus.attribution import _entities, article_for_text
    from chorus.attribution.extract import explain_statements

    if nlp is None and docs is None:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
    names = sorted(texts)
    parsed = (
        (docs[n] for n in names)
        if docs is not None
        else nlp.pipe((texts[n] for n in names), batch_size=16)
    )
    result = {}
    for name, doc in zip(names, parsed, strict=True):
        article = article_for_text(texts[name], source=name)
        # the pipeline's attribute(), with the rule that found each statement
        result[name] = explain_statements(doc, article, _entities(doc, article))
    return result


def evaluate_brat(
    data_dir: str | Path,
    nlp: Language | None = None,
    predictions_out: str | Path | None = None,
    docs: dict | None = None,
) -> dict[str, Any]:
    """Run attribution over a brat split and score it like the shared PolNeAR scorer.

    Scored on what the product outputs: every statement ``attribute()`` returns that has a
    speaker mention."""
    texts, gold = read_brat(data_dir)
    statements = predict_texts(texts, nlp, docs)
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
        "skipped": 0,
        "predictions": sum(map(len, preds.values())),
        "scores": score_brat(texts, gold, preds),
    }


# ---------------------------------------------------------------- seeds gold


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def _same_speaker(predicted: str | None, gold_name: str | None, people: list[dict]) -> bool:
    if gold_name is None:
        return predicted is None
    if predicted is None:
        return False
    forms = {_norm(gold_name)}
    for person in people:
        if _norm(person["name"]) == _norm(gold_name):
            forms.update(_norm(a) for a in person.get("aliases", []))
    pred = _norm(re.sub(r"^(the|a|an)\s+", "", predicted, flags=re.IGNORECASE))
    if pred in forms or _norm(predicted) in forms:
        return True
    gold_words = set(_words(gold_name))
    pred_words = _words(pred)
    return bool(pred_words) and (pred_words[-1] in gold_words or gold_words <= set(pred_words))


def _same_relay(predicted: str | None, gold_via: str | None) -> bool:
    if gold_via is None or predicted is None:
        return gold_via is None and predicted is None
    return bool(set(_words(predicted)) & set(_words(gold_via)))


def evaluate_gold(
    gold_dir: str | Path, texts_dir: str | Path, nlp: Language | None = None
) -> dict[str, Any]:
    """Score the seeds' gold quotes: content found, resolved speaker, kind and relay."""
    from chorus.attribution import _entities, attribute
    from chorus.clean import clean_document
    from chorus.records import RawDocument

    if nlp is None:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
    counts: dict[str, dict[str, int]] = {k: defaultdict(int) for k in ("direct", "indirect", "all")}
    misses = []
    boilerplate_hits = 0
    n_pred = 0
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text_path = Path(texts_dir) / (gold_path.stem + ".txt")
        raw_text = text_path.read_text(encoding="utf-8")
        raw = RawDocument(source=text_path.name, text=raw_text, format="text")
        article = clean_document(raw)
        doc = nlp(article.text)
        statements = attribute(doc, article, _entities(doc, article))
        n_pred += len(statements)
        for line in gold.get("boilerplate", []):
            start = raw_text.find(line)
            while start >= 0 and len(line) > 20:
                end = start + len(line)
                boilerplate_hits += sum(s.start < end and start < s.end for s in statements)
                start = raw_text.find(line, end)
        for quote in gold.get("quotes", []):
            start = raw_text.find(quote["content"])
            end = start + len(quote["content"])
            best = None
            for statement in statements:
                shared = max(0, min(end, statement.end) - max(start, statement.start))
                shortest = min(end - start, statement.end - statement.start)
                matches = start >= 0 and shared > 0 and 2 * shared >= shortest
                union = max(end, statement.end) - min(start, statement.start)
                if matches and (best is None or shared / union > best[0]):
                    best = (shared / union, statement)  # the closest span (character Jaccard)
            for key in (quote["kind"], "all"):
                row = counts[key]
                row["gold"] += 1
                if best is None:
                    continue
                statement = best[1]
                row["found"] += 1
                speaker_ok = _same_speaker(statement.speaker, quote["speaker"], gold["people"])
                row["speaker"] += speaker_ok
                row["kind"] += (statement.kind == "direct") == (quote["kind"] == "direct")
                row["via"] += _same_relay(statement.via, quote.get("via"))
            if best is None or not _same_speaker(best[1].speaker, quote["speaker"], gold["people"]):
                misses.append(
                    {
                        "doc": gold_path.stem,
                        "kind": quote["kind"],
                        "gold_speaker": quote["speaker"],
                        "predicted": best[1].speaker if best else None,
                        "found": best is not None,
                        "content": quote["content"][:80],
                    }
                )
    summary: dict[str, Any] = {"format": "gold", "data": str(gold_dir), "predictions": n_pred}
    for key, row in counts.items():
        total = row["gold"] or 1
        summary[key] = {
            "gold": row["gold"],
            "found": row["found"],
            "found_recall": round(row["found"] / total, 4),
            "speaker_recall": round(row["speaker"] / total, 4),
            "kind_accuracy": round(row["kind"] / max(1, row["found"]), 4),
            "via_accuracy": round(row["via"] / max(1, row["found"]), 4),
        }
    summary["boilerplate_statements"] = boilerplate_hits
    summary["misses"] = misses
    return summary


def render_table(result: dict[str, Any]) -> str:
    """A short text table of an ``evaluate_brat`` or ``evaluate_gold`` result."""
    lines = []
    if result.get("format") == "brat":
        lines.append(
            f"{result['data']}: {result['documents']} documents, {result['skipped']} skipped, "
            f"{result['predictions']} predictions"
        )
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
    lines.append(f"{result['data']}: {result['predictions']} statements predicted")
    lines.append("kind      gold found  found%  speaker%  kind%  via%")
    for key in ("direct", "indirect", "all"):
        row = result[key]
        lines.append(
            f"{key:8} {row['gold']:5d} {row['found']:5d}  {row['found_recall']:.3f}   "
            f"{row['speaker_recall']:.3f}   {row['kind_accuracy']:.3f}  {row['via_accuracy']:.3f}"
        )
    lines.append(f"statements overlapping boilerplate: {result['boilerplate_statements']}")
    return "\n".join(lines)


#: The name the CLI uses (``chorus eval brat`` / ``chorus eval gold``).
format_report = render_table
