"""The shared corpora for tests (``../shared`` beside the project, see
``chorus.evaluation.corpora``). A test that needs them and finds them missing FAILS under CI,
which always has them, and skips elsewhere, saying where it looked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chorus.evaluation.corpora import SHARED_ENV, shared_path

CI_VALUES = {"1", "true", "yes"}


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in CI_VALUES


def require_shared(*parts: str) -> Path:
    """``../shared/<parts>``; missing: a failure under CI, a skip elsewhere."""
    path = shared_path(*parts)
    if not path.exists():
        message = f"shared corpus not found at {path} (set {SHARED_ENV} to its folder)"
        if running_in_ci():
            pytest.fail(f"{message}: CI always has the shared corpora")
        pytest.skip(message)
    return path
