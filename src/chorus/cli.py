"""The ``chorus`` command line: a thin layer over the engines, the store and the reports.

Exit statuses: 0 done; 1 the build finished but some inputs failed (see ``chorus errors``);
2 a usage error or no database where one was named; 3 the database is busy (another build,
``ask`` or ``resolve`` is writing it). See ``docs/robustness.md``.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chorus.builder import BuildConfig
from chorus.engines.local import BuildSummary
from chorus.report.export import EXPORT_FORMATS
from chorus.store import DatabaseBusy, Store

app = typer.Typer(
    help="chorus: who says what about a developing news story, with evidence.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Score chorus against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

console = Console(stderr=True)
out = Console()

DEFAULT_OUT = os.environ.get("CHORUS_OUT", "chorus-out")
DbOption = Annotated[
    Path, typer.Option("--db", help="Output directory of a build (holds chorus.duckdb).")
]


class Engine(StrEnum):
    local = "local"
    spark = "spark"


class Linker(StrEnum):
    """Where the cross-article stage of a Spark build runs."""

    auto = "auto"  # Spark SQL on a cluster, DuckDB in local mode
    duckdb = "duckdb"
    spark = "spark"


#: The export formats, as the registry in ``chorus.report.export`` lists them.
Format = StrEnum("Format", {name: name for name in EXPORT_FORMATS})
DEFAULT_FORMAT = Format("jsonl")

#: Exit status when the database is held by another process.
EXIT_BUSY = 3


def _open(db: Path) -> Store:
    try:
        return Store(db, read_only=True)
    except FileNotFoundError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    except DatabaseBusy as exc:
        _busy(exc)


def _busy(exc: DatabaseBusy) -> None:
    console.print(f"[red]database busy:[/red] {escape(str(exc))}")
    raise typer.Exit(EXIT_BUSY) from exc


@contextmanager
def _writer_errors() -> Iterator[None]:
    """A busy database is a message and exit status 3, not a traceback."""
    try:
        yield
    except DatabaseBusy as exc:
        _busy(exc)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager, ``kill``) stops a build the way Ctrl+C does, so what is
    finished gets written before the process ends."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_build(paths: list[Path], out_dir: Path, config: BuildConfig) -> BuildSummary:
    """``chorus.build`` with a progress display."""
    from chorus.builder import build as run_build

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        with _writer_errors(), _terminate_as_interrupt():
            summary = run_build(paths, out_dir, config, progress=tick)
    for line in summary.report_lines:
        console.print(escape(line), style="yellow" if line.startswith("view") else None)
    return summary


def _print_summary(summary: BuildSummary, out_dir: Path) -> None:
    with Store(out_dir, read_only=True) as store:
        counts = store.counts()
    table = Table(title=f"chorus build → {out_dir}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("inputs", str(summary.inputs))
    table.add_row("articles stored now", str(summary.stored))
    table.add_row("already stored (skipped)", str(summary.skipped))
    table.add_row("replaced (file changed)", str(summary.replaced))
    if summary.pruned:
        table.add_row("pruned (no longer an input)", str(summary.pruned))
    table.add_row("inputs failed", str(summary.failed))
    for name in ("articles", "statements", "people", "forecasts", "events", "errors"):
        table.add_row(f"table {name}", str(counts[name]))
    console.print(table)
    for err in summary.errors:
        label = "[red]error[/red]" if err.fatal else "[yellow]note[/yellow]"
        console.print(f"{label} {escape(err.source)}: {escape(err.reason)} — {escape(err.detail)}")


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files, directories or globs of articles.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path(DEFAULT_OUT),
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: all cores).")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline package name.")] = None,
    engine: Annotated[Engine, typer.Option(help="local (process pool) or spark.")] = Engine.local,
    master: Annotated[
        str | None, typer.Option(help="Spark master URL (default local[*] or SPARK_MASTER).")
    ] = None,
    question: Annotated[str | None, typer.Option(help="A question to gather stances on.")] = None,
    dossier: Annotated[bool, typer.Option(help="Write the HTML dossier.")] = True,
    cross_article: Annotated[
        Linker,
        typer.Option(
            help="Spark engine: run the cross-article stage in Spark SQL or DuckDB "
            "(auto: Spark SQL on a cluster, DuckDB in local mode)."
        ),
    ] = Linker.auto,
    prune: Annotated[
        bool,
        typer.Option(help="Remove what earlier builds stored from files that are not among PATHS."),
    ] = False,
    time_budget: Annotated[
        float,
        typer.Option(help="Seconds one document may take to clean and analyse (0: no limit)."),
    ] = BuildConfig.time_budget,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Cleaned characters analysed per document.")
    ] = BuildConfig.max_chars,
    max_bytes: Annotated[
        int | None,
        typer.Option(min=1, help="Largest document read, in bytes (default 20 MiB)."),
    ] = None,
    lock_wait: Annotated[
        float, typer.Option(min=0, help="Seconds to wait for a database another process holds.")
    ] = BuildConfig.lock_wait,
) -> None:
    """Ingest, clean and analyse articles into OUT/chorus.duckdb (and OUT/dossier.html).

    Exit status: 0 done, 1 some inputs failed, 3 the database is busy."""
    config = BuildConfig(
        workers=workers,
        model=model,
        engine=engine.value,
        master=master,
        question=question,
        dossier=dossier,
        cross_article=cross_article.value,
        prune=prune,
        time_budget=time_budget or None,
        max_chars=max_chars,
        max_bytes=max_bytes,
        lock_wait=lock_wait,
    )
    summary = _run_build(list(paths), out_dir, config)  # globs are expanded by ingest
    _print_summary(summary, out_dir)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("chorus-demo"),
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
) -> None:
    """Build the bundled example corpus (a fictional developing story) and show the result."""
    from chorus.examples import example_files

    files = example_files()
    question = "Will Varnia send troops across the border?"
    config = BuildConfig(workers=workers, question=question)
    summary = _run_build(list(files), out_dir, config)
    _print_summary(summary, out_dir)
    with Store(out_dir, read_only=True) as store:
        _print_people(store, limit=12)
        _print_quotes(store, speaker=None, article=None, limit=10)


@app.command()
def articles(db: DbOption = Path(DEFAULT_OUT)) -> None:
    """List stored articles."""
    with _open(db) as store:
        table = Table()
        for col in ("id", "published", "outlet", "genre", "title"):
            table.add_column(col)
        for row in store.rows(
            "SELECT id, published, outlet, genre, title FROM articles ORDER BY published NULLS LAST"
        ):
            table.add_row(*(escape(str(row[c] or "")) for c in row))
        out.print(table)


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = Path(DEFAULT_OUT),
    removed: Annotated[bool, typer.Option(help="Show removed residue inline.")] = True,
) -> None:
    """Show an article's cleaned text, with the removed parts marked."""
    with _open(db) as store:
        a = store.article(article)
    if a is None:
        console.print(f"[red]no single article matches {escape(article)}[/red]")
        raise typer.Exit(2)
    out.print(f"[bold]{escape(a.title or '(no title)')}[/bold]")
    out.print(
        f"id {a.id} · {escape(a.outlet or 'unknown outlet')} · {a.published or 'undated'} · "
        f"{a.genre or ''} · {escape(a.source)}"
    )
    out.rule()
    if not removed:
        out.print(escape(a.text), highlight=False)
        return
    pos = 0
    for span in sorted(a.removed, key=lambda s: s.start):
        out.print(escape(a.original[pos : span.start]), end="", highlight=False)
        out.print(
            f"[dim strike]{escape(a.original[span.start : span.end])}[/dim strike]"
            f"[red] ⟨removed: {escape(span.reason)}⟩[/red]",
            end="",
            highlight=False,
        )
        pos = max(pos, span.end)
    out.print(escape(a.original[pos:]), highlight=False)


def _print_quotes(
    store: Store, speaker: str | None, article: str | None, limit: int | None
) -> None:
    rows = _quote_rows(store, speaker, article)
    table = Table(title="statements")
    for col in ("speaker", "kind", "via", "text", "article"):
        table.add_column(col, overflow="fold")
    for row in rows[:limit] if limit else rows:
        table.add_row(
            escape(row["speaker"] or row["speaker_mention"] or "?"),
            row["kind"],
            escape(row["via"] or ""),
            escape(row["text"][:300]),
            f"{row['article'][:8]}@{row['start']}",
        )
    out.print(table)


def _quote_rows(store: Store, speaker: str | None, article: str | None) -> list[dict]:
    where, params = [], []
    if speaker:
        where.append(
            "(speaker ILIKE ? OR speaker_mention ILIKE ? OR speaker_id IN "
            "(SELECT id FROM people WHERE name ILIKE ? OR list_contains(aliases, ?)))"
        )
        params += [f"%{speaker}%", f"%{speaker}%", f"%{speaker}%", speaker]
    if article:
        where.append("article LIKE ?")
        params.append(article + "%")
    sql = "SELECT * FROM statements" + (" WHERE " + " AND ".join(where) if where else "")
    return store.rows(sql + " ORDER BY article, start", params)


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker.")] = None,
    article: Annotated[str | None, typer.Option(help="Only statements of this article.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
    db: DbOption = Path(DEFAULT_OUT),
) -> None:
    """Query quotes and reported statements."""
    with _open(db) as store:
        if as_json:
            for row in _quote_rows(store, speaker, article):
                print(json.dumps(row, ensure_ascii=False, default=str))
        else:
            _print_quotes(store, speaker, article, None)


def _print_people(store: Store, limit: int | None = None) -> None:
    rows = store.rows(
        "SELECT p.name, p.kind, p.aliases, p.roles, len(p.articles) AS n_articles, "
        "(SELECT count(*) FROM statements s WHERE s.speaker_id = p.id) AS n_statements "
        "FROM people p ORDER BY n_statements DESC, n_articles DESC, p.name"
    )
    table = Table(title="people")
    for col in ("name", "kind", "aliases", "roles", "articles", "statements"):
        table.add_column(col, overflow="fold")
    for row in rows[:limit] if limit else rows:
        table.add_row(
            escape(row["name"]),
            row["kind"],
            escape("; ".join(row["aliases"] or [])),
            escape("; ".join(row["roles"] or [])[:200]),
            str(row["n_articles"]),
            str(row["n_statements"]),
        )
    out.print(table)


@app.command()
def people(db: DbOption = Path(DEFAULT_OUT)) -> None:
    """People, organisations and outlets resolved across articles."""
    with _open(db) as store:
        _print_people(store)


@app.command()
def errors(db: DbOption = Path(DEFAULT_OUT)) -> None:
    """Inputs that failed, with the reason."""
    with _open(db) as store:
        table = Table(title="errors (and notes on inputs stored all the same)")
        for col in ("source", "stage", "reason", "detail"):
            table.add_column(col, overflow="fold")
        for e in store.errors():
            reason = e.reason if e.fatal else f"{e.reason} (note)"
            table.add_row(escape(e.source), e.stage, reason, escape(e.detail))
        out.print(table)


@app.command()
def export(
    table: Annotated[
        str, typer.Argument(help="articles, statements, people, forecasts, events, errors or all")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write into.")],
    fmt: Annotated[Format, typer.Option("--format", help="File format.")] = DEFAULT_FORMAT,
    db: DbOption = Path(DEFAULT_OUT),
) -> None:
    """Export tables per the export contract (one file per table)."""
    from chorus.report.export import EXPORTS, export_table

    names = list(EXPORTS) if table == "all" else [table]
    if any(n not in EXPORTS for n in names):
        console.print(
            f"[red]unknown table {escape(table)}; choose from {', '.join(EXPORTS)} or all[/red]"
        )
        raise typer.Exit(2)
    with _open(db) as store:
        for name in names:
            path = export_table(store, name, out_dir, fmt.value)
            console.print(f"wrote {escape(str(path))}")


@app.command()
def forecasts(
    speaker: Annotated[str | None, typer.Option(help="Only forecasts by this speaker.")] = None,
    db: DbOption = Path(DEFAULT_OUT),
) -> None:
    """Forecasts: who expects what, how confidently."""
    with _open(db) as store:
        where, params = "", []
        if speaker:
            where, params = "WHERE speaker ILIKE ?", [f"%{speaker}%"]
        rows = store.rows(f"SELECT * FROM forecasts {where} ORDER BY probability DESC", params)
    table = Table(title="forecasts")
    for col in ("speaker", "event", "direction", "p", "hedge", "text"):
        table.add_column(col, overflow="fold")
    for r in rows:
        p = "" if r["probability"] is None else f"{r['probability']:.2f}"
        table.add_row(
            escape(r["speaker"] or "?"),
            escape(r["event"]),
            r["direction"],
            p,
            escape(r["hedge"] or ""),
            escape(r["text"][:200]),
        )
    out.print(table)


@app.command()
def timeline(db: DbOption = Path(DEFAULT_OUT)) -> None:
    """Dated events merged across articles."""
    with _open(db) as store:
        rows = store.rows("SELECT * FROM events ORDER BY date NULLS LAST")
    table = Table(title="timeline")
    for col in ("date", "precision", "summary", "reports"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["date"] or "?",
            r["precision"] or "",
            escape(r["summary"]),
            str(len(r["reports"] or [])),
        )
    out.print(table)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='e.g. "Will Belarus send troops into Ukraine?"')],
    db: DbOption = Path(DEFAULT_OUT),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Gather the statements and forecasts relevant to a question, with each voice's stance."""
    from chorus.engines.corpus import answer_question

    if not (db / "chorus.duckdb").exists():
        _open(db)
    with _writer_errors(), Store(db) as store:
        report = answer_question(store, question)
    if as_json:
        print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
        return
    from chorus.claims import format_stance

    out.print(format_stance(report))


class Outcome(StrEnum):
    yes = "yes"
    no = "no"


@app.command()
def resolve(
    event: Annotated[str, typer.Argument(help="The event, as forecasts phrase it.")],
    outcome: Annotated[Outcome, typer.Option(help="What happened.")],
    date: Annotated[str | None, typer.Option(help="When it was settled (ISO date).")] = None,
    db: DbOption = Path(DEFAULT_OUT),
) -> None:
    """Record what happened; forecasters are then scored (Brier) in the dossier and here."""
    from datetime import datetime

    from chorus.claims import brier_scores

    if not (db / "chorus.duckdb").exists():
        _open(db)
    with _writer_errors(), Store(db) as store:
        store.execute("DELETE FROM outcomes WHERE event = ?", [event])
        store.execute(
            "INSERT INTO outcomes VALUES (?, ?, ?, ?)",
            [event, outcome.value, date, datetime.now(UTC).replace(tzinfo=None)],
        )
        outcomes = {
            r["event"]: (r["outcome"], r["date"]) for r in store.rows("SELECT * FROM outcomes")
        }
        records = brier_scores(store.forecasts(), outcomes)
        from chorus.report.dossier import write_reports

        write_reports(store, db, dossier=(db / "dossier.html").exists())
    table = Table(title="forecaster records")
    for col in ("forecaster", "forecasts scored", "Brier"):
        table.add_column(col)
    for rec in records:
        table.add_row(escape(str(rec.speaker)), str(rec.count), f"{rec.brier:.3f}")
    out.print(table)


@app.command()
def dossier(
    db: DbOption = Path(DEFAULT_OUT),
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Where to write it (default: DB/dossier.html).")
    ] = None,
) -> None:
    """Write the HTML dossier of a build again (after `chorus ask` or `chorus resolve`)."""
    from chorus.report.dossier import draw_dossier

    with _open(db) as store:
        drawn = draw_dossier(store)
    path = drawn.save(out_file or db / "dossier.html")
    console.print(f"dossier: [bold]{escape(str(path))}[/bold]")
    for problem in drawn.problems:
        console.print(f"[yellow]view not drawn: {escape(str(problem))}[/yellow]")


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_OUT),
    host: Annotated[
        str, typer.Option(help="Interface to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the local web UI over a build's database."""
    from chorus.web import serve as run_server

    _open(db).close()
    run_server(db, host=host, port=port)


@eval_app.command("brat")
def eval_brat(
    data: Annotated[Path, typer.Argument(help="A PolNeAR-layout split: text/ and attributions/.")],
    pred_out: Annotated[
        Path | None, typer.Option(help="Also write predictions JSONL here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Attribution figures on brat standoff (same figures as PolNeAR's scorer); exit status 1
    when some document could not be analysed."""
    from chorus.attribution.evaluate import evaluate_brat, format_report

    result = evaluate_brat(data, predictions_out=pred_out)
    print(json.dumps(result, indent=1) if as_json else format_report(result))
    if result["skipped"]:
        raise typer.Exit(1)


@eval_app.command("gold")
def eval_gold(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="A folder of gold JSON files (seeds format); default: the bundled example."
        ),
    ] = None,
    texts: Annotated[
        Path | None, typer.Option(help="Folder of the article files (default: gold/..).")
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Build into this folder and keep it (default: a scratch folder)."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: all cores).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Build the annotated articles (any input format) and score every stage against the gold:
    statements, forecasts, dated events, people, metadata, each with precision and recall."""
    from chorus.evaluation.scorecard import evaluate_folder, render_report
    from chorus.examples import example_gold_dir

    gold = gold or example_gold_dir()
    if not gold.is_dir():
        console.print(f"[red]no gold folder at {escape(str(gold))}[/red]")
        raise typer.Exit(2)
    result = evaluate_folder(gold, texts, db, workers)
    print(json.dumps(result, indent=1, default=str) if as_json else render_report(result))
    if result["failed"]:
        raise typer.Exit(1)


@eval_app.command("news")
def eval_news(
    gold: Annotated[
        list[Path], typer.Argument(help="Story folders (texts/, gold/) or folders of stories.")
    ],
    db: Annotated[
        Path,
        typer.Option("--db", help="A build's output folder (built from the stories if absent)."),
    ],
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: all cores).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="List every miss.")] = False,
) -> None:
    """Score a build against real-news stories: the real-news scorer's figures and JSON keys."""
    from chorus.evaluation.news import input_texts, load_gold, render_table, score_build

    if not load_gold(gold):
        console.print(f"[red]no gold files under {escape(', '.join(map(str, gold)))}[/red]")
        raise typer.Exit(2)
    if not (db / "chorus.duckdb").exists():
        console.print(f"no build at {escape(str(db))}: building the stories' texts first")
        summary = _run_build(
            input_texts(gold), db, workers, None, Engine.local, None, None, dossier=False
        )
        if not summary.ok:
            _print_summary(summary, db)
    notes: list[str] = []
    result = score_build(db, gold, notes)
    if verbose:
        console.print("\n".join(escape(n) for n in notes))
    print(json.dumps(result, indent=1) if as_json else render_table(result))


def main() -> None:  # pragma: no cover - console entry
    app()
