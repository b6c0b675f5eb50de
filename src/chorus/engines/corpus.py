"""The cross-article stage: runs over the stored per-article records after every build.

It resolves people across articles, links the same statement reported by several outlets,
flags near-duplicate articles, merges events, profiles outlets and answers the question asked
at build time. Every table it writes is derived, so it is rewritten whole each time.
"""

from __future__ import annotations

from collections.abc import Callable

from chorus.store import Store

ProgressHook = Callable[[str, int, int | None], None]


def link_corpus(store: Store, question: str | None = None, progress: ProgressHook | None = None) -> None:
    """Rebuild the cross-article tables from the per-article ones."""
    return None
