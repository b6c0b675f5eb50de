"""Confidence of a found statement: a logistic model over the evidence that found it.

The rules say *where* a statement and its speaker are; this model says *how sure* we are, learnt
on PolNeAR train (``scripts/train_attribution.py``): the probability that the statement is a
real attribution with the right speaker mention. Weights ship as JSON and are scored in plain
Python; without the file the rule-based estimate in ``extract`` is used.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from chorus.attribution.found import Found

MODEL_FILE = "attribution_confidence.json"


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def features(item: Found, doc: Doc, text: str) -> list[str]:
    """Binary features (names) describing how a statement was found (``text`` is doc.text)."""
    found = [f"rule={item.how}", f"kind={item.kind}", f"rule|kind={item.how}|{item.kind}"]
    cue_lemma = "none"
    if item.cue is not None:
        cue = doc.char_span(*item.cue, alignment_mode="expand")
        if cue is not None:
            verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")] or list(cue)
            cue_lemma = verbs[-1].lemma_.lower()
            found.append("cue_negated" if any(t.dep_ == "neg" for t in cue) else "cue_plain")
    found += [f"cue={cue_lemma}", f"cue|kind={cue_lemma}|{item.kind}"]
    words = len(text[item.start : item.end].split())
    found.append("words" + _bucket(words, (2, 4, 8, 15, 30)))
    speaker = item.speaker
    if speaker is None:
        found.append("speaker=none")
    else:
        found.append(f"speaker_pos={speaker.pos_}")
        found.append(f"speaker_ent={speaker.ent_type_ or 'none'}")
        if speaker.pos_ == "PRON":
            found.append(f"pronoun={speaker.lower_}")
        side = "before" if speaker.idx < item.start else "after"
        found.append(f"speaker_side={side}")
        gap = item.start - speaker.idx if side == "before" else speaker.idx - item.end
        found.append("gap" + _bucket(max(0, gap), (5, 20, 60, 150, 400)))
        found.append(f"rule|side={item.how}|{side}")
    if item.resolution is not None:
        found.append(f"resolved={item.resolution.kind}")
        found.append("entity" if item.resolution.local_id else "no_entity")
    if item.inherited is not None:
        found.append("inherited")
    if item.nested_in is not None:
        found.append("nested")
    return found


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped weights (``{"bias", "weights", "threshold"}``) or None when absent."""
    try:
        path = resources.files("chorus.data.models").joinpath(MODEL_FILE)
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


def probability(feature_names: list[str], model: dict) -> float:
    weights = model["weights"]
    total = model["bias"] + sum(weights.get(name, 0.0) for name in feature_names)
    return 1.0 / (1.0 + math.exp(-total))
