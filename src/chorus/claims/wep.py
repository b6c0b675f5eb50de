"""Words of estimative probability: hedge words to a probability, probability to a direction.

The scale is data (``wep_scale.tsv``), written from Sherman Kent's table and ICD 203; see
``docs/forecasts.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chorus import lexicons

#: Probabilities strictly inside this band read as "uncertain"; outside as yes / no.
UNCERTAIN_LOW = 0.35
UNCERTAIN_HIGH = 0.65
#: A stated figure ("35%", "one-in-four", "60-40") is itself a hedge on both outcomes: it
#: reads as yes / no only near certainty (ICD 203's "very likely" / "very unlikely" edges).
STATED_LOW = 0.1
STATED_HIGH = 0.9


@dataclass(frozen=True)
class Estimate:
    """A hedge phrase found in a clause with the probability the scale gives it."""

    phrase: str
    probability: float
    kind: str  # adverb | modal | quantity


@cache
def scale() -> dict[str, tuple[float, str]]:
    """The WEP scale: lower-cased phrase -> (probability, kind)."""
    return {row[0].lower(): (float(row[1]), row[2]) for row in lexicons.table("wep_scale.tsv")}


def normalise_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def lookup(phrase: str) -> Estimate | None:
    """The scale entry for exactly this phrase (apostrophes normalised), if any."""
    key = normalise_apostrophes(phrase.lower().strip())
    hit = scale().get(key)
    return Estimate(key, hit[0], hit[1]) if hit else None


def best_estimate(hedge_text: str, kinds: tuple[str, ...] = ("adverb", "modal")) -> Estimate | None:
    """The most specific scale phrase inside ``hedge_text``.

    Adverbs and phrases ("inevitably", "could very well") win over bare modals ("will"),
    and a longer phrase wins over a shorter one it contains.
    """
    text = " " + re.sub(r"\s+", " ", normalise_apostrophes(hedge_text.lower())) + " "
    found: list[Estimate] = []
    for phrase, (probability, kind) in scale().items():
        if kind in kinds and f" {phrase} " in text:
            found.append(Estimate(phrase, probability, kind))
    if not found:
        return None
    rank = {"adverb": 0, "quantity": 1, "modal": 2}
    found.sort(key=lambda e: (rank.get(e.kind, 3), -len(e.phrase)))
    return found[0]


def direction_of(probability: float | None, stated: bool = False) -> str:
    """yes / no / uncertain for a probability of the event happening; ``stated`` when the
    probability is a figure the text gives rather than one read from hedging words."""
    if probability is None:
        return "uncertain"
    low, high = (STATED_LOW, STATED_HIGH) if stated else (UNCERTAIN_LOW, UNCERTAIN_HIGH)
    if probability >= high:
        return "yes"
    if probability <= low:
        return "no"
    return "uncertain"
