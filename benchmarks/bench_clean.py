"""Ingest + clean throughput and peak memory on the 840 PolNeAR train texts.

Runs what a build runs before analysis: pass 1 reads every document and counts line keys
(corpus chrome), pass 2 reads again and cleans each document with the repeated set. Prints
articles/second for the two passes together and for cleaning alone, the process's peak
resident memory and, with ``--heap``, the peak Python heap (tracemalloc); with ``--spacy N``
it also parses the first N cleaned texts with spaCy to give cleaning's cost relative to a parse.

    python benchmarks/bench_clean.py [--data DIR] [--spacy 100] [--heap]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from chorus.clean import CleaningError, clean_document, line_keys
from chorus.evaluation.corpora import shared_path
from chorus.ingest import count_input_files, read_inputs
from chorus.records import RawDocument

DEFAULT_DATA = shared_path("polnear", "train", "text")


def run(data: Path, spacy_sample: int, heap: bool) -> int:
    if not data.is_dir():
        print(f"skipped: {data} not found (the PolNeAR corpus lives in ../shared)")
        return 0
    files = count_input_files([data])
    if heap:  # tracing slows Python down several times: only on request
        tracemalloc.start()
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    for item in read_inputs([data]):
        if isinstance(item, RawDocument):
            counts.update(line_keys(item))
    repeated = frozenset(key for key, n in counts.items() if n >= 2)
    counted = time.perf_counter()
    articles = errors = removed = 0
    sample: list[str] = []
    clean_seconds = 0.0
    for item in read_inputs([data]):
        if not isinstance(item, RawDocument):
            errors += 1
            continue
        t0 = time.perf_counter()
        try:
            article = clean_document(item, repeated)
        except CleaningError:
            errors += 1
            continue
        clean_seconds += time.perf_counter() - t0
        articles += 1
        removed += len(article.removed)
        if len(sample) < spacy_sample:
            sample.append(article.text)
    total = time.perf_counter() - started
    peak_heap = tracemalloc.get_traced_memory()[1] if heap else None
    tracemalloc.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"corpus: {data} ({files} files)")
    print(f"articles: {articles}, errors: {errors}, removed spans: {removed}")
    print(f"repeated line keys: {len(repeated)}")
    print(f"ingest+clean (both passes): {total:.2f} s = {articles / total:.1f} articles/s")
    print(f"  pass 1 (read + line keys): {counted - started:.2f} s")
    print(
        f"  clean_document alone: {clean_seconds:.2f} s = {articles / clean_seconds:.1f} articles/s"
    )
    print(f"peak RSS of the process: {peak_rss_mb:.1f} MB")
    if peak_heap is not None:
        print(f"peak Python heap (tracemalloc): {peak_heap / 2**20:.1f} MB")

    if sample:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
        t0 = time.perf_counter()
        for _ in nlp.pipe(sample, batch_size=16):
            pass
        parse_seconds = time.perf_counter() - t0
        per_parse = parse_seconds / len(sample)
        per_clean = clean_seconds / articles
        rate = len(sample) / parse_seconds
        print(f"spaCy parse of {len(sample)} cleaned texts: {rate:.1f} articles/s")
        print(f"cleaning one article costs {per_clean / per_parse:.3f} of parsing it")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--spacy", type=int, default=0, help="parse N cleaned texts for a ratio")
    parser.add_argument("--heap", action="store_true", help="also trace the peak Python heap")
    args = parser.parse_args(argv)
    return run(args.data, args.spacy, args.heap)


if __name__ == "__main__":
    sys.exit(main())
