"""Hostile input and real history (issue 18): no input stops a batch, no build depends on what
came before. The inputs come from ``hostile_inputs`` (our own generator)."""

from __future__ import annotations

import contextlib
import csv
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hostile_inputs import (
    DUPLICATE,
    IGNORED,
    STORED,
    article_text,
    catalogue,
    fuzz_files,
    write_catalogue,
)

import chorus.ingest
import chorus.ingest.decode
import chorus.pipeline
import chorus.store
from chorus.engines import local
from chorus.ingest import read_inputs
from chorus.records import ArticleResult, InputError
from chorus.store import Store

ROOT = Path(__file__).resolve().parents[1]


# Names looked up when a test runs, so that every test of this file can be run (and fail
# one by one) against the code before issue 18.
def source_name(path):
    return chorus.ingest.source_name(path)


def decode_text(data):
    return chorus.ingest.decode.decode_text(data)


def Budget(**limits):  # noqa: N802 - stands for the class
    return chorus.pipeline.Budget(**limits)


def _build(paths, out, **settings):
    return local.build(paths, out, workers=1, analyse=False, **settings)


def _rows(out: Path) -> tuple[list[str], list[dict]]:
    with Store(out, read_only=True) as store:
        articles = [r["source"] for r in store.rows("SELECT source FROM articles")]
        errors = store.rows("SELECT source, reason, fatal, detail, stage FROM errors")
    return articles, errors


def _of(source: str, name: str) -> bool:
    return source == name or source.startswith((name + "#", name + "/"))


def _in_thread(function, seconds: float):
    """Run ``function`` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(value=function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    return box["value"]


def _subprocess(code: str) -> subprocess.Popen:
    code_root = Path(chorus.ingest.__file__).resolve().parents[2]  # the chorus under test
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code_root), str(ROOT / "tests")])}
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )


# -- every input isolated -------------------------------------------------------------------


def test_every_hostile_case_gets_its_outcome_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    cases = write_catalogue(folder)
    summary = _build([folder], tmp_path / "out")
    articles, errors = _rows(tmp_path / "out")
    for case in cases:
        name = source_name(folder / case.name)
        stored = [a for a in articles if _of(a, name)]
        fatal = [e["reason"] for e in errors if _of(e["source"], name) and e["fatal"]]
        if case.expect == STORED:
            assert stored, case.what
        elif case.expect in (IGNORED, DUPLICATE):
            assert not stored and not fatal, case.what
        else:
            assert not stored and case.expect in fatal, (case.what, fatal)
        assert set(case.errors) <= set(fatal), case.what
    assert summary.failed == sum(e["fatal"] for e in errors)
    assert summary.skipped == 1  # the duplicate


def test_deep_json_is_one_error_row_not_a_crashed_batch(tmp_path):
    deep = '{"text": "x", "a": ' + "[" * 1100 + "]" * 1100 + "}"
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "deep.jsonl").write_text(deep + "\n")
    (tmp_path / "fine.txt").write_text(article_text(40))
    summary = _build([tmp_path], tmp_path / "out")
    articles, errors = _rows(tmp_path / "out")
    assert [Path(a).name for a in articles] == ["fine.txt"]
    assert {(Path(e["source"]).name, e["reason"]) for e in errors} == {
        ("deep.json", "json"),
        ("deep.jsonl#1", "json"),
    }
    assert summary.failed == 2


def test_a_reader_that_raises_costs_its_file_only(tmp_path, monkeypatch):
    from chorus.ingest.formats import READERS, Reader

    def explode(item, limits):
        yield from ()
        raise RecursionError("deep")

    monkeypatch.setitem(READERS, "note", Reader("note", (".note",), explode))
    (tmp_path / "a.note").write_text("x")
    (tmp_path / "b.txt").write_text(article_text(41))
    items = list(read_inputs([tmp_path]))
    assert [(Path(i.source).name, getattr(i, "reason", "doc")) for i in items] == [
        ("a.note", "too-deep"),
        ("b.txt", "doc"),
    ]


def test_special_files_and_devices_are_error_rows_not_hangs(tmp_path):
    fifo = tmp_path / "in" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    (tmp_path / "in" / "ok.txt").write_text(article_text(42))
    try:
        items = _in_thread(lambda: list(read_inputs([tmp_path / "in", "/dev/zero"])), 20)
    finally:
        with contextlib.suppress(OSError):  # unblock a reader stuck on the FIFO (old code)
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reasons = {Path(i.source).name: getattr(i, "reason", "doc") for i in items}
    assert reasons == {"pipe.txt": "special-file", "ok.txt": "doc", "zero": "special-file"}


def test_unreadable_subfolder_and_named_file_are_error_rows(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text(article_text(43))
    (folder / "ok.txt").write_text(article_text(44))
    named = tmp_path / "named.txt"
    named.write_text(article_text(45))
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(path, flags, *args, **kwargs):
        if Path(path) == named:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    summary = _build([folder, named], tmp_path / "out")
    articles, errors = _rows(tmp_path / "out")
    assert [Path(a).name for a in articles] == ["ok.txt"]
    assert {(Path(e["source"]).name, e["reason"]) for e in errors} == {
        ("locked", "unreadable"),
        ("named.txt", "unreadable"),
    }
    assert summary.failed == 2 and not summary.ok


# -- budgets --------------------------------------------------------------------------------


def test_time_budget_records_a_runaway_document_and_goes_on(tmp_path, monkeypatch):
    import chorus.pipeline

    real = chorus.pipeline.analyse_parse

    def runaway(article, doc):
        if "runaway" in article.text:
            while True:
                pass
        return real(article, doc)

    monkeypatch.setattr(chorus.pipeline, "analyse_parse", runaway)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article_text(46) + "\nA runaway paragraph.\n")
    (tmp_path / "in" / "b.txt").write_text(article_text(47))
    summary = local.build([tmp_path / "in"], tmp_path / "out", workers=1, budget=Budget(seconds=5))
    articles, errors = _rows(tmp_path / "out")
    assert [Path(a).name for a in articles] == ["b.txt"]
    [error] = errors
    assert (Path(error["source"]).name, error["reason"], error["stage"]) == (
        "a.txt",
        "time-budget",
        "analyse",
    )
    assert summary.failed == 1


def test_sentence_less_text_with_many_reporting_verbs_is_bounded_by_the_budget(tmp_path):
    """50 KB without a sentence break: the relay/cue search in attribution is quadratic in the
    sentence length (issue 18 item 2); the budget bounds the document whatever the search
    costs: it is either analysed in time or recorded as over budget, never a stalled batch."""
    case = next(c for c in catalogue() if c.name == "long_run.txt")
    write_catalogue(tmp_path / "in", [case])
    (tmp_path / "in" / "b.txt").write_text(article_text(48))
    summary = local.build([tmp_path / "in"], tmp_path / "out", workers=1, budget=Budget(seconds=10))
    articles, errors = _rows(tmp_path / "out")
    long_stored = any(Path(a).name == "long_run.txt" for a in articles)
    over = [e for e in errors if e["reason"] == "time-budget"]
    assert any(Path(a).name == "b.txt" for a in articles)
    assert long_stored != bool(over)
    assert summary.failed == len(over)


def test_size_budget_notes_the_part_not_analysed(tmp_path):
    (tmp_path / "long.txt").write_text(article_text(49, paragraphs=40))
    local.build([tmp_path / "long.txt"], tmp_path / "out", workers=1, budget=Budget(max_chars=500))
    articles, errors = _rows(tmp_path / "out")
    assert len(articles) == 1
    [note] = errors
    assert (note["reason"], note["fatal"]) == ("truncated", False)
    assert "first 500 of" in note["detail"]


# -- results kept, workers bound to the build ------------------------------------------------


def test_a_stopped_build_keeps_every_finished_document(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(article_text(50 + n))
    import chorus.pipeline

    calls = []
    real = chorus.pipeline.process_document

    def stop_at_the_fourth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(chorus.pipeline, "process_document", stop_at_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        _build([folder], tmp_path / "out")  # batch_size 50: nothing was written before
    articles, _ = _rows(tmp_path / "out")
    assert sorted(Path(a).name for a in articles) == ["0.txt", "1.txt", "2.txt"]


def test_sigkill_of_the_build_process_ends_its_workers():
    """What the OOM killer does to a build: its workers must not go on without it."""
    proc = _subprocess(
        "import os, signal, time\n"
        "from chorus.engines.local import worker_pool\n"
        "pool = worker_pool(2, None, analyse=False)\n"
        "pool.submit(os.getpid).result()  # the workers are up\n"
        "busy = [pool.submit(time.sleep, 300) for _ in range(2)]\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    pids = [int(p) for p in proc.stdout.readline().split()]
    proc.wait(60)
    assert len(pids) == 2
    deadline = time.monotonic() + 90  # a worker still starting up ends once it is up
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.2)
    assert not alive, f"workers {alive} outlived the build"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def test_a_worker_that_dies_costs_its_document_only(monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from chorus.records import RawDocument

    docs = [RawDocument(f"{n}.txt", article_text(60 + n), "text") for n in range(3)]
    tasks = [
        [(d, frozenset(), None, False, None) for d in docs[:2]],
        [(docs[2], frozenset(), None, False, None)],
    ]
    broken: Future = Future()  # the worker that had the first two documents died
    broken.set_exception(BrokenProcessPool("a worker died"))
    queued: Future = Future()  # the third was still waiting in the dead pool
    pending = {broken: tasks[0], queued: tasks[1]}

    class FakePool:
        replaced = 0

        def replace(self):
            self.replaced += 1

        def alone(self, args):
            if args[0].source == "1.txt":
                return local._worker_died(args[0])
            return local._work(args)

    fake = FakePool()
    results = list(local._collect(pending, fake, None))
    assert fake.replaced == 1 and not pending
    died = [r for r in results if isinstance(r, InputError)]
    assert [(e.source, e.reason) for e in died] == [("1.txt", "worker-died")]
    assert sum(isinstance(r, ArticleResult) for r in results) == 2


# -- decoding -------------------------------------------------------------------------------


def test_utf8_with_a_stray_byte_keeps_its_curly_quotes_and_records_the_repair():
    data = "\u201cWe will reopen,\u201d she said. Caf".encode() + b"\xe9 owners agreed.\n"
    decoded = decode_text(data)
    assert decoded.text.startswith("\u201cWe will reopen,\u201d")
    assert "Caf\u00e9" in decoded.text and decoded.encoding == "utf-8"
    assert decoded.repairs and "1 byte" in decoded.repairs[0]


@pytest.mark.parametrize("where", [100, 9000])
def test_one_rule_for_nul_bytes_wherever_they_are(where):
    from chorus.ingest.decode import DecodeError

    text = (article_text(70, paragraphs=60).encode() * 2)[:12000]
    with pytest.raises(DecodeError, match="NUL byte at byte"):
        decode_text(text[:where] + b"\x00" + text[where:])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_text(codec):
    text = article_text(71)
    assert decode_text(text.encode(codec)).text == text


# -- a build is a function of its inputs -----------------------------------------------------


def test_an_edited_file_replaces_its_earlier_version(tmp_path):
    path = tmp_path / "in" / "story.txt"
    path.parent.mkdir()
    path.write_text(article_text(80))
    _build([path.parent], tmp_path / "out")
    path.write_text(article_text(81))
    summary = _build([path.parent], tmp_path / "out")
    with Store(tmp_path / "out", read_only=True) as store:
        rows = store.rows("SELECT source, text FROM articles")
    assert len(rows) == 1 and "report 81" in rows[0]["text"]
    assert summary.replaced == 1


def test_a_file_that_breaks_loses_its_article_and_gets_an_error(tmp_path):
    path = tmp_path / "in" / "story.txt"
    path.parent.mkdir()
    path.write_text(article_text(82))
    _build([path.parent], tmp_path / "out")
    path.write_bytes(b"")
    _build([path.parent], tmp_path / "out")
    articles, errors = _rows(tmp_path / "out")
    assert articles == [] and [e["reason"] for e in errors] == ["empty"]


def test_prune_removes_what_came_from_files_no_longer_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(article_text(90 + n))
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    _build([folder], tmp_path / "out")
    (folder / "0.txt").unlink()
    (folder / "bad.txt").unlink()
    _build([folder], tmp_path / "out")
    assert len(_rows(tmp_path / "out")[0]) == 3  # without --prune, kept (documented rule)
    summary = _build([folder], tmp_path / "out", prune=True)
    articles, errors = _rows(tmp_path / "out")
    assert sorted(Path(a).name for a in articles) == ["1.txt", "2.txt"]
    assert errors == [] and summary.pruned == 1


def test_a_later_article_repeating_a_line_recleans_the_stored_one(tmp_path):
    """The repeated-line set (site chrome) is a corpus statistic: when a new input repeats a
    line of a stored article, the stored article is cleaned again, as a fresh build would."""
    chrome = "Harbour lights shine over the old pier tonight"  # only repetition marks it

    def with_chrome(seed: int) -> str:
        paragraphs = article_text(seed).split("\n\n")
        return "\n\n".join([*paragraphs[:2], chrome, *paragraphs[2:]])

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(with_chrome(100))
    _build([folder], tmp_path / "grown")
    with Store(tmp_path / "grown", read_only=True) as alone:
        assert chrome in alone.rows("SELECT text FROM articles")[0]["text"]
    (folder / "b.txt").write_text(with_chrome(101))
    _build([folder], tmp_path / "grown")
    _build([folder], tmp_path / "fresh")
    with Store(tmp_path / "grown", read_only=True) as grown:
        texts = {r["source"]: r["text"] for r in grown.rows("SELECT source, text FROM articles")}
    with Store(tmp_path / "fresh", read_only=True) as fresh:
        expected = {r["source"]: r["text"] for r in fresh.rows("SELECT source, text FROM articles")}
    assert texts == expected
    assert all(chrome not in text for text in texts.values())


# -- exports --------------------------------------------------------------------------------


def _formula_store(out: Path, order: list[int]) -> None:
    from chorus.records import Article, OffsetMap, Statement

    text = article_text(110)
    article = Article(
        id="a1",
        source="=1+1.txt",
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
        title='=HYPERLINK("http://x.test","open")',
        outlet="@SUM(1+1)",
    )
    statements = [
        Statement(f"s{n}", "a1", article.source, 10, 20, "=cmd|' /C calc'!A0", "direct")
        for n in order
    ]
    with Store(out) as store:
        store.write_results([ArticleResult(article=article, statements=statements)])


def test_csv_exports_neutralise_formula_cells(tmp_path):
    from chorus.report.export import export_table

    _formula_store(tmp_path / "db", [1])
    with Store(tmp_path / "db", read_only=True) as store:
        articles = export_table(store, "articles", tmp_path / "x", "csv")
        statements = export_table(store, "statements", tmp_path / "x", "csv")
        jsonl = export_table(store, "articles", tmp_path / "x", "jsonl")
    [article] = list(csv.DictReader(articles.open(encoding="utf-8")))
    assert article["title"] == '\'=HYPERLINK("http://x.test","open")'
    assert article["outlet"] == "'@SUM(1+1)" and article["source"] == "'=1+1.txt"
    [statement] = list(csv.DictReader(statements.open(encoding="utf-8")))
    assert statement["text"] == "'=cmd|' /C calc'!A0" and statement["start"] == "10"
    assert '"title":"=HYPERLINK' in jsonl.read_text(encoding="utf-8")  # JSON keeps the value


def test_export_order_is_total(tmp_path):
    from chorus.report.export import export_table

    _formula_store(tmp_path / "one", [1, 2, 3])
    _formula_store(tmp_path / "two", [3, 1, 2])
    files = []
    for name in ("one", "two"):
        with Store(tmp_path / name, read_only=True) as store:
            files.append(export_table(store, "statements", tmp_path / f"x{name}", "jsonl"))
    assert files[0].read_text() == files[1].read_text()


def test_a_new_export_format_is_one_registration(tmp_path, monkeypatch):
    from chorus.report import export

    monkeypatch.setitem(
        export.EXPORT_FORMATS,
        "tsv",
        export.ExportFormat("tsv", "FORMAT CSV, DELIMITER '\t', HEADER", flat_text=True),
    )
    _formula_store(tmp_path / "db", [1])
    with Store(tmp_path / "db", read_only=True) as store:
        path = export.export_table(store, "statements", tmp_path / "x", "tsv")
    header, row = path.read_text(encoding="utf-8").splitlines()[:2]
    assert header.split("\t")[:3] == ["id", "article", "source"]
    assert "'=cmd" in row


# -- busy databases -------------------------------------------------------------------------


def _hold(out: Path, read_only: bool, seconds: float) -> subprocess.Popen:
    proc = _subprocess(
        "import sys, time\n"
        "from chorus.store import Store\n"
        f"store = Store({str(out)!r}, read_only={read_only})\n"
        "print('holding', flush=True)\n"
        f"time.sleep({seconds})\n"
        "store.close()\n"
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_second_build_is_told_the_database_is_busy_with_its_own_status(tmp_path):
    from typer.testing import CliRunner

    from chorus.cli import app

    Store(tmp_path / "out").close()
    (tmp_path / "a.txt").write_text(article_text(120))
    holder = _hold(tmp_path / "out", read_only=False, seconds=30)
    try:
        result = CliRunner().invoke(
            app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                  "--lock-wait", "0.5", "--workers", "1"],
        )  # fmt: skip
        assert result.exit_code == 3, result.output
        assert "database busy" in result.output
        with pytest.raises(chorus.store.DatabaseBusy):  # readers step aside while a writer holds it
            Store(tmp_path / "out", read_only=True)
    finally:
        holder.kill()
        holder.wait()


def test_a_reader_holding_the_database_does_not_keep_a_build_from_starting(tmp_path):
    Store(tmp_path / "out").close()
    (tmp_path / "a.txt").write_text(article_text(121))
    reader = _hold(tmp_path / "out", read_only=True, seconds=1.5)
    try:
        summary = _build([tmp_path / "a.txt"], tmp_path / "out", lock_wait=30)
    finally:
        reader.wait(30)
    assert summary.stored == 1


# -- the web UI's bounded parameters and hosts ----------------------------------------------


def test_web_bounds_numeric_parameters_and_answers_ipv6_loopback(tmp_path):
    from fastapi.testclient import TestClient

    from chorus.web import create_app

    _formula_store(tmp_path / "db", [1])
    with TestClient(create_app(tmp_path / "db"), base_url="http://[::1]:8000") as client:
        assert client.get("/statements").status_code == 200
        for path in ("/statements", "/api/statements"):
            response = client.get(path, params={"offset": 2**64})
            assert response.status_code == 400
            assert "default-src 'none'" in response.headers["content-security-policy"]


# -- library entry point --------------------------------------------------------------------


def test_library_entry_point_imports_and_builds(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from chorus import build, extract_statements, Store"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    import chorus

    (tmp_path / "a.txt").write_text(article_text(130))
    summary = chorus.build([tmp_path / "a.txt"], tmp_path / "out", workers=1, dossier=False)
    assert summary.ok and summary.stored == 1
    with chorus.Store(tmp_path / "out", read_only=True) as store:
        assert store.counts()["statements"] > 0


# -- fuzz and property tests ----------------------------------------------------------------


def _assert_each_accounted_for(files: list[Path], out: Path) -> None:
    """Every input file ends as an article or an error row; the only exceptions are a JSON
    file with no article fields (a walk passes over it) and a byte-for-byte duplicate."""
    articles, errors = _rows(out)
    seen: set[bytes] = set()
    for path in files:
        data = path.read_bytes()
        name = source_name(path)
        accounted = any(_of(a, name) for a in articles) or any(
            _of(e["source"], name) for e in errors
        )
        assert accounted or path.suffix == ".json" or data in seen, path.name
        seen.add(data)


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzzed_inputs_each_end_as_an_article_or_an_error(tmp_path, seed):
    files = fuzz_files(tmp_path / "in", seed, 60)
    summary = _build([tmp_path / "in"], tmp_path / "out")
    _assert_each_accounted_for(files, tmp_path / "out")
    assert summary.stored == len(_rows(tmp_path / "out")[0])


def test_fuzzed_inputs_through_the_whole_analysis(tmp_path):
    files = fuzz_files(tmp_path / "in", 3, 12)
    local.build([tmp_path / "in"], tmp_path / "out", workers=1, budget=Budget(seconds=20))
    _assert_each_accounted_for(files, tmp_path / "out")


def test_any_mix_of_good_and_bad_inputs_stores_every_good_one(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    bad = [
        c
        for c in catalogue()
        if c.expect not in (STORED, IGNORED, DUPLICATE) and c.name != "bomb.warc.gz"
    ]

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(st.one_of(st.integers(0, 10_000), st.sampled_from(bad)), max_size=8))
    def check(mix):
        root = tmp_path_factory.mktemp("mix")
        good = set()
        for number, item in enumerate(mix):
            if isinstance(item, int):
                path = root / "in" / f"good{number}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_text(article_text(item) + f"\nInput {number}.\n")
                good.add(source_name(path))
            else:
                (root / "in" / str(number)).mkdir(parents=True)
                write_catalogue(root / "in" / str(number), [item])
        summary = _build([root / "in"] if mix else [], root / "out")
        articles, _ = _rows(root / "out")
        assert set(articles) == good
        assert summary.failed >= len(mix) - len(good)

    check()
