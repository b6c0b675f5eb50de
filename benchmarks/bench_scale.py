"""The cost curve: throughput and peak memory against corpus size, per engine.

For each corpus size (synthetic articles re-combined from PolNeAR train paragraphs, see
``benchmarks/corpus.py``) it runs, each in a fresh child process:

- ``bare``: the bare spaCy parse (``nlp.pipe`` over the same raw texts, one process), the
  yardstick every other figure is divided by;
- ``analyse``: the per-article work alone (``chorus.pipeline.process_documents`` over the
  inputs in the engines' batches of ``PARSE_BATCH``: reading, cleaning, the batched parse and
  every per-article stage; no store, one process), so the
  per-article cost against the bare parse is measured apart from the build's own overheads
  (worker start-up, the repeated-line pass, the database writes);
- ``local-1`` / ``local-2``: ``chorus.engines.local.build`` with 1 and 2 worker processes;
- ``spark``: ``chorus.engines.spark.build`` in Spark local mode;

and after each build the cross-article stage (every step of ``chorus.linking.registry``, in
DuckDB), timed on its own step by step; after the ``spark`` build also the same stage in Spark
SQL over the build's Parquet (``chorus.engines.spark_link``, what a cluster runs), timed per
step. Peak memory is the largest sampled proportional set size (PSS: shared pages counted
once) summed over the child's whole process tree (workers, the JVM and Spark's Python workers
included; processes younger than a second left out). Build times are wall-clock end to end
(model loading, pool or Spark start-up included); the bare parse excludes loading the model.

    python benchmarks/bench_scale.py --sizes 100,1000          # the quick run
    python benchmarks/bench_scale.py --sizes 1000 --runs bare,analyse   # per-article cost
    python benchmarks/bench_scale.py                           # 100, 1,000 and 10,000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_SOURCE, make_corpus  # noqa: E402

RUNS = ("bare", "analyse", "local-1", "local-2", "spark")
SAMPLE_SECONDS = 0.1
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- memory and CPU of a process tree (Linux /proc) ----------------------------------------


#: A process younger than this is left out of the memory sum (still of the CPU sum): the JVM
#: and Spark's daemon fork short-lived helpers whose pages are their parent's, and a sample
#: taken mid-fork counted those pages a second time.
MIN_AGE_SECONDS = 1.0


def _uptime_ticks() -> float:
    with open("/proc/uptime", encoding="ascii") as fh:
        return float(fh.read().split()[0]) * CLOCK_TICKS


def _proc_table() -> dict[int, tuple[int, int, int, int]]:
    """pid -> (parent pid, CPU ticks used, resident pages, start time in ticks since boot)
    for every visible process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # After "pid (comm) ": state ppid ... utime(12th) stime(13th) ... starttime(20th)
        # rss(22nd).
        ppid, ticks, pages = int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[21])
        table[int(entry.name)] = (ppid, ticks, pages, int(fields[19]))
    return table


def _pss_bytes(pid: int, fallback: int) -> int:
    """Proportional set size: a page shared by n processes counts 1/n in each, so the sum over
    a tree counts it once (forked Spark workers and a JVM forking a helper share most pages;
    summed RSS counted them twice)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def _descendants(root: int, table: dict[int, tuple[int, int, int, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, *_) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def process_role(pid: int, root: int) -> str:
    """What a member of the measured tree is, from its command line (for the memory split)."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return "other"
    if "java" in cmdline.split(" ", 1)[0]:
        return "jvm"
    if "pyspark" in cmdline:
        return "spark-python"
    if "multiprocessing" in cmdline:
        return "pool-worker"
    return "other"


class TreeSampler:
    """Samples a process tree in a thread: peak summed PSS (and how it splits between the
    main process, pool workers, the JVM and Spark's Python workers), CPU seconds of every
    member."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, int]] = []  # (wall clock, summed PSS bytes)
        self.split_at_peak: dict[str, tuple[int, int]] = {}  # role -> (processes, bytes)
        self._cpu_ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        table = _proc_table()
        members = _descendants(self.pid, table)
        settled = _uptime_ticks() - MIN_AGE_SECONDS * CLOCK_TICKS
        sizes = {
            p: _pss_bytes(p, table[p][2] * PAGE_SIZE)
            for p in members
            if p == self.pid or table[p][3] <= settled
        }
        total = sum(sizes.values())
        if total > max((rss for _, rss in self.samples), default=0):
            split: dict[str, tuple[int, int]] = {}
            for p in sizes:
                role = process_role(p, self.pid)  # not cached: spark-submit execs java
                count, size = split.get(role, (0, 0))
                split[role] = (count + 1, size + sizes[p])
            self.split_at_peak = split
        self.samples.append((time.time(), total))
        for p in members:
            self._cpu_ticks[p] = max(self._cpu_ticks.get(p, 0), table[p][1])

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(SAMPLE_SECONDS)

    def peak_bytes(self, until: float | None = None) -> int:
        """The largest sample, or the largest taken before ``until`` (wall clock)."""
        return max((rss for t, rss in self.samples if until is None or t <= until), default=0)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu_ticks.values()) / CLOCK_TICKS

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# -- one measurement, in a child process ----------------------------------------------------


def _time_spark_link(session: object, out: Path) -> dict[str, float]:
    """The cross-article stage in Spark SQL over the build's Parquet: seconds per step, and
    for storing the results into DuckDB."""
    from chorus.engines.spark import PARQUET_DIR
    from chorus.engines.spark_link import compute_links, spark_steps, store_links
    from chorus.store import Store

    names = [step.name for step, _settings in spark_steps()]
    seconds: dict[str, float] = {}
    last = time.perf_counter()

    def tick(_stage: str, done: int, _total: int | None) -> None:
        nonlocal last
        now = time.perf_counter()
        seconds[names[done - 1]] = now - last
        last = now

    linked = compute_links(session, out / PARQUET_DIR, tick)  # type: ignore[arg-type]
    start = time.perf_counter()
    with Store(out) as store:
        store_links(store, linked)
    seconds["store"] = time.perf_counter() - start
    return seconds


def child(
    run: str, corpus: Path, out: Path, master: str, model: str | None, cross_article: bool = True
) -> dict:
    """Do one run and return its timings (executed in a fresh process)."""
    paths = sorted(corpus.glob("*.txt"))
    if run == "bare":
        from chorus.nlp import load_nlp

        nlp = load_nlp(model)
        start, cpu = time.perf_counter(), time.process_time()
        tokens = 0
        texts = (p.read_text(encoding="utf-8") for p in paths)
        for doc in nlp.pipe(texts, batch_size=32):
            tokens += len(doc)
        return {
            "seconds": time.perf_counter() - start,
            "work_cpu": time.process_time() - cpu,
            "articles": len(paths),
            "tokens": tokens,
        }
    if run == "analyse":
        from chorus.ingest import read_inputs
        from chorus.nlp import load_nlp
        from chorus.pipeline import PARSE_BATCH, in_batches, process_documents
        from chorus.records import InputError

        load_nlp(model)
        start, cpu = time.perf_counter(), time.process_time()
        done = 0
        jobs = ((raw, frozenset()) for raw in read_inputs(paths) if not isinstance(raw, InputError))
        for batch in in_batches(jobs, PARSE_BATCH):
            results = process_documents(batch, model=model)
            done += sum(not isinstance(result, InputError) for result in results)
        return {
            "seconds": time.perf_counter() - start,
            "work_cpu": time.process_time() - cpu,
            "articles": done,
        }

    from chorus.engines.corpus import run_step
    from chorus.linking.registry import STEPS
    from chorus.store import Store

    start = time.perf_counter()
    session = None
    if run == "spark":
        from chorus.engines.spark import build as spark_build
        from chorus.engines.spark import spark_session

        session = spark_session(master)
        summary = spark_build([corpus], out, model=model, master=master)
    else:
        from chorus.engines.local import build

        summary = build([corpus], out, workers=int(run.split("-")[1]), model=model)
    built = time.perf_counter() - start
    build_ended_at = time.time()
    cross, failed_steps, step_seconds = 0.0, [], {}
    with Store(out) as store:
        # every step that runs with its default settings (the question step needs a question)
        for step in [s for s in STEPS if s.enabled(s.settings)] if cross_article else ():
            start = time.perf_counter()
            try:
                run_step(store, step)
            except Exception as exc:
                failed_steps.append(f"{step.name}: {exc.__class__.__name__}: {str(exc)[:120]}")
            step_seconds[step.name] = time.perf_counter() - start
            cross += step_seconds[step.name]
        counts = store.counts()
    spark_steps: dict[str, float] = {}
    if session is not None:
        if cross_article:
            spark_steps = _time_spark_link(session, out)
        session.stop()
    return {
        "seconds": built,
        "build_ended_at": build_ended_at,
        "cross_seconds": cross if cross_article else None,
        "cross_failed": failed_steps,
        "cross_steps": step_seconds,
        "spark_sql_steps": spark_steps,
        "articles": summary.stored,
        "failed": summary.failed,
        "statements": counts["statements"],
        "people": counts["people"],
    }


@dataclass
class Measure:
    size: int
    run: str
    seconds: float
    articles: int
    peak_bytes: int  # during the build (the bare parse: the whole run)
    peak_total_bytes: int = 0  # including the cross-article stage
    cross_seconds: float | None = None
    statements: int | None = None
    cross_failed: tuple[str, ...] = ()
    cross_steps: dict[str, float] = field(default_factory=dict)
    spark_sql_steps: dict[str, float] = field(default_factory=dict)
    memory_split: dict[str, tuple[int, int]] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    work_cpu: float | None = None  # CPU of the measured work alone (bare, analyse)
    lifetime: float = 0.0  # wall time of the whole child process (start-up, cross-article)
    load: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else float("nan")


def measure(
    run: str,
    size: int,
    corpus: Path,
    work: Path,
    master: str,
    model: str | None,
    cross_article: bool = True,
) -> Measure:
    out = work / f"out-{size}-{run}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, __file__, "--child", run, "--corpus", str(corpus), "--out", str(out)]
    cmd += ["--master", master] + (["--model", model] if model else [])
    cmd += [] if cross_article else ["--no-cross"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.perf_counter()
    with TreeSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate()
    lifetime = time.perf_counter() - started
    load = os.getloadavg()[0]
    if proc.returncode != 0:
        raise RuntimeError(f"{run} on {size} articles failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    shutil.rmtree(out, ignore_errors=True)
    return Measure(
        size=size,
        run=run,
        seconds=result["seconds"],
        articles=result["articles"],
        peak_bytes=sampler.peak_bytes(result.get("build_ended_at")),
        peak_total_bytes=sampler.peak_bytes(),
        memory_split=sampler.split_at_peak,
        cpu_seconds=sampler.cpu_seconds,
        work_cpu=result.get("work_cpu"),
        lifetime=lifetime,
        load=load,
        cross_seconds=result.get("cross_seconds"),
        statements=result.get("statements"),
        cross_failed=tuple(result.get("cross_failed", ())),
        cross_steps=result.get("cross_steps", {}),
        spark_sql_steps=result.get("spark_sql_steps", {}),
    )


# -- report ---------------------------------------------------------------------------------


def print_table(results: list[Measure]) -> None:
    bare = {m.size: m for m in results if m.run == "bare"}
    header = (
        f"{'articles':>8}  {'run':<8} {'build s':>8} {'art/s':>7} {'x bare':>7} "
        f"{'peak MB':>8} {'+cross':>7} {'cpu s':>7} {'cores':>6} {'load':>5} "
        f"{'cross s':>8} {'stmts':>7}"
    )
    print(header)
    print("-" * len(header))
    for m in results:
        ratio = m.rate / bare[m.size].rate if m.size in bare else float("nan")
        cross = "" if m.cross_seconds is None else f"{m.cross_seconds:8.2f}"
        stmts = "" if m.statements is None else str(m.statements)
        cores = f"{m.cpu_seconds / m.lifetime:6.2f}" if m.lifetime else ""
        print(
            f"{m.size:>8}  {m.run:<8} {m.seconds:8.1f} {m.rate:7.1f} {ratio:7.2f} "
            f"{m.peak_bytes / 2**20:8.0f} {m.peak_total_bytes / 2**20:7.0f} "
            f"{m.cpu_seconds:7.1f} {cores:>6} {m.load:5.1f} "
            f"{cross:>8} {stmts:>7}"
        )
    print(
        "peak MB: during the build; +cross: including the cross-article stage; "
        "cpu s: CPU time of the run's process tree; cores: cpu s / its lifetime; "
        "load: 1-min load average of the machine after the run (other users included)"
    )
    print()
    for m in results:
        split = ", ".join(
            f"{role} {count}x {size / 2**20:.0f} MB"
            for role, (count, size) in sorted(m.memory_split.items())
        )
        print(f"memory at the highest sample ({m.size} {m.run}): {split}")
    print()
    for m in results:
        if m.cross_steps:
            steps = ", ".join(f"{k} {v:.2f}" for k, v in m.cross_steps.items())
            print(f"cross-article steps ({m.size} {m.run}), s: {steps}")
        if m.spark_sql_steps:
            steps = ", ".join(f"{k} {v:.2f}" for k, v in m.spark_sql_steps.items())
            total = sum(m.spark_sql_steps.values())
            print(f"cross-article in Spark SQL ({m.size}): {total:.1f} s; steps, s: {steps}")
    print()
    for m in results:
        for failure in m.cross_failed:
            print(f"cross-article step failed ({m.size} {m.run}): {failure}")
    by = {(m.size, m.run): m for m in results}
    sizes = sorted({m.size for m in results})
    for size in sizes:
        parse, work = by.get((size, "bare")), by.get((size, "analyse"))
        if parse and work and parse.work_cpu and work.work_cpu:
            print(
                f"per-article work at {size} articles: {work.seconds / parse.seconds:.2f}x the "
                f"bare parse in time, {work.work_cpu / parse.work_cpu:.2f}x in CPU "
                f"({work.work_cpu:.1f} s against {parse.work_cpu:.1f} s)"
            )
    for size in sizes:
        one, two = by.get((size, "local-1")), by.get((size, "local-2"))
        if one and two:
            print(f"speed-up 1 -> 2 processes at {size} articles: {two.rate / one.rate:.2f}x")
    for run in RUNS:
        runs = [by[(s, run)] for s in sizes if (s, run) in by and s >= 1000]
        if len(runs) >= 2:
            first, last = runs[0], runs[-1]
            print(
                f"peak memory {run}: {first.peak_bytes / 2**20:.0f} MB at {first.size} -> "
                f"{last.peak_bytes / 2**20:.0f} MB at {last.size} "
                f"({last.peak_bytes / first.peak_bytes:.2f}x)"
            )
    for run in RUNS[1:]:
        points = [by[(s, run)] for s in sizes if (s, run) in by]
        for a, b in zip(points, points[1:], strict=False):
            if not (a.cross_seconds and b.cross_seconds):
                continue
            nlogn = (b.size * math.log(b.size)) / (a.size * math.log(a.size))
            print(
                f"cross-article {run} {a.size} -> {b.size}: time x"
                f"{b.cross_seconds / a.cross_seconds:.2f} (n x{b.size / a.size:.0f}, "
                f"n log n x{nlogn:.1f})"
            )
    points = [by[(s, "spark")] for s in sizes if (s, "spark") in by]
    for a, b in zip(points, points[1:], strict=False):
        if a.spark_sql_steps and b.spark_sql_steps:
            ratio = sum(b.spark_sql_steps.values()) / sum(a.spark_sql_steps.values())
            nlogn = (b.size * math.log(b.size)) / (a.size * math.log(a.size))
            print(
                f"cross-article in Spark SQL {a.size} -> {b.size}: time x{ratio:.2f} "
                f"(n x{b.size / a.size:.0f}, n log n x{nlogn:.1f})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated sizes")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"subset of {','.join(RUNS)}")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--master", default="local[2]", help="Spark master for the spark run")
    parser.add_argument("--model", default=None, help="spaCy pipeline package")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="PolNeAR text dir")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temp dir")
    parser.add_argument(
        "--no-cross", action="store_true", help="skip the cross-article stage (build figures only)"
    )
    parser.add_argument("--child", choices=RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = child(
            args.child, args.corpus, args.out, args.master, args.model, not args.no_cross
        )
        print(json.dumps(result))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [r for r in args.runs.split(",") if r.strip()]
    if unknown := set(runs) - set(RUNS):
        parser.error(f"unknown runs: {', '.join(sorted(unknown))}")
    if not args.source.is_dir():
        print(f"PolNeAR texts not found at {args.source}; pass --source", file=sys.stderr)
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cpus {os.cpu_count()} · sizes {sizes} · runs {runs} · spark {args.master}")
    results: list[Measure] = []
    try:
        for size in sizes:
            corpus = work / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            make_corpus(size, corpus, seed=args.seed, source_dir=args.source)
            for run in runs:
                m = measure(run, size, corpus, work, args.master, args.model, not args.no_cross)
                results.append(m)
                print(
                    f"  {size:>6} {run:<8} {m.seconds:7.1f}s {m.rate:6.1f} art/s "
                    f"peak {m.peak_bytes / 2**20:.0f} MB",
                    flush=True,
                )
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
