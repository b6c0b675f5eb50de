"""Where the shared corpora are: ``../shared`` beside the project root, or ``$CHORUS_SHARED``.

The seeds, PolNeAR, the real-news set and the shared scorers are read from there and never
copied into the project. Source, tests, scripts and benchmarks all find them through here, so
no absolute path to them is written anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that points at the shared corpora when they live elsewhere.
SHARED_ENV = "CHORUS_SHARED"


def project_root() -> Path:
    """The checkout holding this package: the nearest folder above it with a pyproject.toml
    (for an installed package, the current folder's nearest such folder, else the folder)."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in start.parents if start.is_file() else (start, *start.parents):
            if (folder / "pyproject.toml").is_file():
                return folder
    return Path.cwd().resolve()


def shared_dir() -> Path:
    """The shared corpora folder (it may not exist: check with ``.is_dir()``)."""
    configured = os.environ.get(SHARED_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return project_root().parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside the shared corpora, e.g. ``shared_path("polnear", "dev")``."""
    return shared_dir().joinpath(*parts)
