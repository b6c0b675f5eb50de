"""Attribution work grows linearly with the text, even when the text has no sentence breaks
(a hostile or broken page): the cue, relay and speaker searches are indexed once per article
instead of rescanning the sentence for every reporting verb."""

from __future__ import annotations

import gc
import time

import pytest

from chorus.attribution import article_for_text, attribute, entities_of

nlp_module = pytest.importorskip("chorus.nlp")

#: One run-on "sentence" with every construction the searches look for, and no full stop.
UNIT = (
    "the mayor said the ferry would run and Anna Berg told reporters that “it was late” "
    "according to the harbour office she added, as the Coast Courier reported, “yes” he said "
    "“no” she replied: the council warned that rates would rise "
)


def _attribution_seconds(nlp, size: int) -> tuple[float, int]:
    """Best CPU time of three attribution runs over a ``size``-character text."""
    text = (UNIT * (size // len(UNIT) + 1))[:size]
    doc = nlp(text)
    article = article_for_text(text)
    entities = entities_of(doc, article)
    best, found = float("inf"), 0
    for _ in range(3):
        gc.collect()
        start = time.process_time()
        found = len(attribute(doc, article, entities))
        best = min(best, time.process_time() - start)
    return best, found


def test_attribution_is_linear_on_text_without_sentence_breaks() -> None:
    try:
        nlp = nlp_module.load_nlp()
    except nlp_module.ModelNotFound:
        pytest.skip("no spaCy English model installed")
    small, found_small = _attribution_seconds(nlp, 8_000)
    large, found_large = _attribution_seconds(nlp, 32_000)
    assert found_small > 50 and found_large > 3 * found_small  # the constructions are found
    # four times the text: linear work takes about four times as long, quadratic sixteen
    assert large < 8 * max(small, 0.02), (small, large)
