"""Confidence of a found statement: a logistic model over the evidence that found it.

The rules say *where* a statement and its speaker are; this model says *how sure* we are, learnt
on PolNeAR train (``scripts/train_attribution.py``): the probability that the statement is a
real attribution with the right speaker mention. Its evidence is how the statement was found
(rule, cue word, speaker kind and distance), the shape of its content (a clause, a phrase, a
quotation) and its place among the article's other statements (a belief nested inside
someone's reported words, a content holding another statement's cue). Weights ship as JSON and
are scored in plain Python; without the file the rule-based estimate in ``extract`` is used.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from chorus.attribution.cues import relay_verbs
from chorus.attribution.found import Found

MODEL_FILE = "attribution_confidence.json"
#: Modal auxiliaries that make a cue hypothetical or future ("would say", "will argue").
_MODALS = {"would", "could", "might", "will", "should", "may", "can", "must", "'d", "'ll"}
#: First words that say what kind of content a statement has.
_OPENERS = {"that": "that", "to": "to", "if": "whether", "whether": "whether"}
#: Longer than any statement content, in characters (bounds the look-back of ``Context``).
_LONGEST_CONTENT = 4000


def bucket(value: int, edges: tuple[int, ...]) -> str:
    """The name of the range of ``edges`` that holds ``value`` ("<=4", ">30")."""
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


class Context:
    """The other statements of the article, for the features that relate a statement to them:
    is its cue inside another statement's content, does its content hold another's cue."""

    def __init__(self, items: list[Found], in_quote: Callable[[Token], bool]):
        self.items = sorted(items, key=lambda f: f.start)
        self.starts = [f.start for f in self.items]
        self.cues = sorted(f.cue[0] for f in items if f.cue is not None)
        self.in_quote = in_quote

    def holding(self, item: Found, pos: int) -> Found | None:
        """Another statement whose content holds character ``pos``."""
        k = bisect.bisect_right(self.starts, pos)
        for other in reversed(self.items[max(0, k - 50) : k]):
            if other.start < pos - _LONGEST_CONTENT:
                break
            if other is not item and other.start <= pos < other.end:
                return other
        return None

    def cues_inside(self, item: Found) -> int:
        """How many cues of other statements lie inside the statement's content."""
        low = bisect.bisect_left(self.cues, item.start)
        high = bisect.bisect_left(self.cues, item.end)
        own = item.cue is not None and item.start <= item.cue[0] < item.end
        return high - low - own


def _cue_features(cue_tokens: list[Token]) -> tuple[str, list[str]]:
    verbs = [t for t in cue_tokens if t.pos_ in ("VERB", "AUX")] or cue_tokens
    head = verbs[-1]
    found = ["cue_negated" if any(t.dep_ == "neg" for t in cue_tokens) else "cue_plain"]
    found.append(f"cue_tag={head.tag_}")
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children):
        found.append("cue_modal")
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
        # "was asked", "is expected" rarely report words; "was quoted (as saying)" does
        relayed = head.lemma_.lower() in relay_verbs()
        found.append("cue_passive_relay" if relayed else "cue_passive")
    return head.lemma_.lower(), found


def _content_features(doc: Doc, start: int, end: int) -> list[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ["content=none"]
    words = [t for t in span if not t.is_punct and not t.is_space]
    first = words[0] if words else span[0]
    if span[0].is_quote:
        opener = "quote"
    elif first.tag_ in ("WP", "WRB"):
        opener = "wh"
    else:
        opener = _OPENERS.get(first.lower_, "upper" if first.text[:1].isupper() else "lower")
    clausal = any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in span)
    return [f"opens={opener}", "clausal" if clausal else "phrasal"]


def features(item: Found, doc: Doc, text: str, context: Context | None = None) -> list[str]:
    """Binary features (names) describing how a statement was found (``text`` is doc.text);
    with ``context``, also how it relates to the article's other statements."""
    found = [f"rule={item.how}", f"kind={item.kind}", f"rule|kind={item.how}|{item.kind}"]
    cue_lemma = "none"
    if item.cue is not None:
        cue = doc.char_span(*item.cue, alignment_mode="expand")
        if cue is not None and len(cue):
            cue_lemma, cue_found = _cue_features(list(cue))
            found += cue_found
    found += [f"cue={cue_lemma}", f"cue|kind={cue_lemma}|{item.kind}"]
    words = len(text[item.start : item.end].split())
    found.append("words" + bucket(words, (2, 4, 8, 15, 30)))
    found += _content_features(doc, item.start, item.end)
    speaker = item.speaker
    if speaker is None:
        found.append("speaker=none")
    else:
        found += _speaker_features(item, speaker, cue_lemma)
    if item.resolution is not None:
        found.append(f"resolved={item.resolution.kind}")
        found.append("entity" if item.resolution.local_id else "no_entity")
    if item.inherited is not None:
        found.append("inherited")
    if item.nested_in is not None:
        found.append("nested")
    if context is not None:
        found += _context_features(item, context)
    return found


def _speaker_features(item: Found, speaker: Token, cue_lemma: str) -> list[str]:
    found = [f"speaker_pos={speaker.pos_}", f"speaker_ent={speaker.ent_type_ or 'none'}"]
    if speaker.pos_ == "PRON":
        found.append(f"pronoun={speaker.lower_}")
    if speaker.tag_ in ("WP", "WDT"):
        found.append("speaker_relative")
    side = "before" if speaker.idx < item.start else "after"
    found.append(f"speaker_side={side}")
    gap = item.start - speaker.idx if side == "before" else speaker.idx - item.end
    found.append("gap" + bucket(max(0, gap), (5, 20, 60, 150, 400)))
    found.append(f"rule|side={item.how}|{side}")
    found.append(f"cue|speaker_pos={cue_lemma}|{speaker.pos_}")
    return found


def _context_features(item: Found, context: Context) -> list[str]:
    found = []
    anchor = item.anchor
    outer = context.holding(item, anchor)
    if outer is not None:
        same = (
            outer.speaker is not None
            and item.speaker is not None
            and (outer.speaker.i == item.speaker.i or item.speaker.pos_ == "PRON")
        )
        found.append("inside_other" + ("_same_voice" if same else ""))
    if item.speaker is not None and context.in_quote(item.speaker):
        found.append("speaker_in_quote")
    inner = context.cues_inside(item)
    if inner:
        found.append("holds_cues" + bucket(inner, (1, 2)))
    return found


def load_weights(file_name: str) -> dict | None:
    """A model shipped as JSON in ``chorus.data.models``, or None when absent."""
    try:
        path = resources.files("chorus.data.models").joinpath(file_name)
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped weights (``{"bias", "weights", "threshold"}``) or None when absent."""
    return load_weights(MODEL_FILE)


def probability(feature_names: list[str], model: dict) -> float:
    """The logistic model's probability for a set of binary features."""
    weights = model["weights"]
    total = model["bias"] + sum(weights.get(name, 0.0) for name in feature_names)
    return 1.0 / (1.0 + math.exp(-total))
