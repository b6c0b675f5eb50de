"""Throughput of the attribution stage against the bare spaCy parse of the same texts.

    python benchmarks/bench_attribution.py [DIR_OR_FILES ...] [--limit N] [--repeat R]

Default input: the PolNeAR dev texts (../shared/polnear/dev/text). Prints the parse time, the
attribution time (``chorus.attribution.attribute`` over the parsed docs, people stage excluded),
their ratio, and articles per second, all measured in this one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from chorus.attribution import article_for_text, attribute
from chorus.nlp import load_nlp

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "dev" / "text"


def read_texts(paths: list[str], limit: int | None) -> list[str]:
    files: list[Path] = []
    for name in paths or [str(DEFAULT_DIR)]:
        path = Path(name)
        files.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    files = files[:limit] if limit else files
    return [f.read_text(encoding="utf-8") for f in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="directories of .txt files, or files")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the texts")
    args = parser.parse_args()
    texts = read_texts(args.paths, args.limit) * args.repeat
    nlp = load_nlp()
    nlp("warm up the pipeline.")
    articles = [article_for_text(text) for text in texts]

    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - start

    attribute(docs[0], articles[0], [])  # load lexicons and the confidence model
    start = time.perf_counter()
    statements = sum(
        len(attribute(doc, article, [])) for doc, article in zip(docs, articles, strict=True)
    )
    attribution_seconds = time.perf_counter() - start

    n = len(texts)
    print(f"texts: {n} ({sum(map(len, texts))} characters), statements: {statements}")
    print(f"spaCy parse:  {parse_seconds:8.2f} s  ({n / parse_seconds:7.1f} articles/s)")
    print(
        f"attribution:  {attribution_seconds:8.2f} s  ({n / attribution_seconds:7.1f} articles/s)"
    )
    print(f"ratio attribution / parse: {attribution_seconds / parse_seconds:.3f}")
    total = parse_seconds + attribution_seconds
    print(f"parse + attribution: {n / total:.1f} articles/s")


if __name__ == "__main__":
    main()
