"""Near-duplicate (syndicated) articles: pairs whose 5-word shingles mostly agree.

Each article gets a MinHash signature; articles are candidates when one LSH band of their
signatures is equal (the blocks; datasketch's own band layout for the threshold), and a pair
is kept when the share of equal MinHash values (the estimated Jaccard) reaches the threshold.
Writes ``article_links`` (most similar pairs first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash, MinHashLSH

from chorus.linking.similarity import normalise_text, shingles
from chorus.linking.step import Blocking, Linkage, Outputs, Row, Source, Step

if TYPE_CHECKING:
    from chorus.store import Store

#: Word shingle size and permutations of the article signatures.
ARTICLE_SHINGLE = 5
NUM_PERM = 128


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.5  # estimated Jaccard of two articles' shingles at least this


def article_signature(text: str) -> np.ndarray:
    """An article's MinHash values (a list where they travel as JSON)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    grams = shingles(normalise_text(text).split(), ARTICLE_SHINGLE)
    minhash.update_batch([gram.encode("utf-8") for gram in grams])  # vectorised
    return minhash.hashvalues


def lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH picks for ``threshold``: two articles are
    candidates when one band of their signatures is equal."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature_similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimated Jaccard: the share of equal MinHash values (as ``MinHash.jaccard``)."""
    a, b = np.asarray(first), np.asarray(second)
    return float(np.count_nonzero(a == b)) / float(len(a))


def linkage(settings: Settings) -> Linkage:
    bands, rows = lsh_bands(settings.threshold)

    def band_buckets(signature: Sequence[int]) -> Iterable[str]:
        for band in range(bands):
            yield f"{band}:" + ",".join(map(str, signature[band * rows : (band + 1) * rows]))

    def similarity(first: Sequence[int], second: Sequence[int]) -> float | None:
        score = signature_similarity(first, second)
        return round(score, 3) if score >= settings.threshold else None

    return Linkage(
        source=Source("articles", order=("id",), columns=("id", "text")),
        key=lambda row: row["id"],
        value=lambda row: article_signature(row["text"]),
        blocking=Blocking(postings=band_buckets, compare=similarity),
        pairs=lambda first, second, score: [
            {"article": first, "other": second, "similarity": score, "kind": "near-duplicate"}
        ],
    )


def pair_order(pair: Row) -> tuple[float, str, str]:
    """Most similar first, then by ids."""
    return (-pair["similarity"], pair["article"], pair["other"])


def write(store: Store, outputs: Outputs) -> None:
    store.replace_table("article_links", sorted(outputs["article_links"], key=pair_order))


STEP = Step(
    name="near-duplicates",
    writes=("article_links",),
    settings=Settings(),
    linkage=linkage,
    store=write,
)
