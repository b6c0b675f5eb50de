"""The bundled example corpus (``chorus/data/example``): articles the team wrote, with gold."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".warc", ".gz")


def example_dir() -> Path:
    return Path(str(resources.files("chorus.data.example")))


def example_files() -> list[Path]:
    """The article files of the example corpus (not its gold annotations or README)."""
    return sorted(
        p
        for p in example_dir().iterdir()
        if p.is_file() and p.suffix in ARTICLE_SUFFIXES and not p.name.startswith("README")
    )


def example_gold_dir() -> Path:
    return example_dir() / "gold"
