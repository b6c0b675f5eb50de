"""Every hostile input case, its outcome and its reason; then the worst case timed alone.

    python benchmarks/bench_hostile.py [--out /tmp/chorus-hostile] [--analyse] [--budget 60]

Writes the catalogue of ``tests/hostile_inputs.py`` into OUT/in, builds it (one worker; with
``--analyse`` the whole per-article analysis, else ingest and cleaning), and prints a Markdown
table: case, what it is, expected outcome, outcome (stored / error reason / note). Then each
case is built alone in a fresh child process, and the slowest is reported with its wall time
and the child's peak resident memory (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_inputs import catalogue, write_catalogue  # noqa: E402

from chorus.engines.local import build  # noqa: E402
from chorus.ingest import source_name  # noqa: E402
from chorus.pipeline import Budget  # noqa: E402
from chorus.store import Store  # noqa: E402


def _outcome(name: str, articles: list[str], errors: list[dict]) -> str:
    def mine(source: str) -> bool:
        return source == name or source.startswith((name + "#", name + "/"))

    parts = []
    stored = sum(mine(a) for a in articles)
    if stored:
        parts.append(f"stored ({stored})" if stored > 1 else "stored")
    for error in errors:
        if mine(error["source"]):
            kind = "error" if error["fatal"] is not False else "note"
            parts.append(f"{kind} {error['reason']}: {error['detail'][:70]}")
    return "; ".join(dict.fromkeys(parts)) or "no row"


def table(out: Path, analyse: bool, budget: float) -> None:
    folder = out / "in"
    cases = write_catalogue(folder)
    build([folder], out / "db", workers=1, analyse=analyse, budget=Budget(seconds=budget))
    with Store(out / "db", read_only=True) as store:
        articles = [r["source"] for r in store.rows("SELECT source FROM articles")]
        errors = store.rows("SELECT source, reason, detail, fatal FROM errors ORDER BY reason")
    print("| case | input | expected | outcome |")
    print("|---|---|---|---|")
    for case in cases:
        outcome = _outcome(source_name(folder / case.name), articles, errors)
        name = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        print(f"| `{name}` | {case.what} | {case.expect} | {outcome.replace('|', '/')} |")


_ALONE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from hostile_inputs import catalogue, write_catalogue
from chorus.engines.local import build
from chorus.pipeline import Budget
case = [c for c in catalogue() if c.name == {name!r}]
write_catalogue(Path({folder!r}), case)
budget = Budget(seconds={budget})
start = time.perf_counter()
build([Path({folder!r})], Path({db!r}), workers=1, analyse={analyse}, budget=budget)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def worst(out: Path, analyse: bool, budget: float) -> None:
    results = []
    for number, case in enumerate(catalogue()):
        folder, db = out / f"alone{number}" / "in", out / f"alone{number}" / "db"
        code = _ALONE.format(
            tests=str(ROOT / "tests"),
            name=case.name,
            folder=str(folder),
            db=str(db),
            analyse=analyse,
            budget=budget,
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        seconds, peak_kib = (float(x) for x in done.stdout.split()[-2:])
        results.append((seconds, peak_kib, case.name))
        shutil.rmtree(out / f"alone{number}", ignore_errors=True)
    results.sort(reverse=True)
    print("\nslowest cases built alone (build time; peak RSS of the process, model included):")
    for seconds, peak_kib, name in results[:5]:
        label = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        print(f"  {label}: {seconds:.2f} s, {peak_kib / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/chorus-hostile-bench"))
    parser.add_argument("--analyse", action="store_true", help="run the whole analysis")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per document")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    start = time.perf_counter()
    table(args.out, args.analyse, args.budget)
    print(f"\nwhole catalogue: {time.perf_counter() - start:.1f} s")
    worst(args.out, args.analyse, args.budget)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"this process's peak RSS (catalogue build): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
