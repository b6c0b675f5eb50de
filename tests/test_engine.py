"""The local engine and the CLI over it: streaming build, resume, bad input, exports."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chorus.cli import app
from chorus.engines.local import LineCounts, build
from chorus.records import InputError, RawDocument
from chorus.report.export import EXPORTS
from chorus.store import Store

ARTICLES = {
    "harbour.txt": (
        "Harbour strike enters second week\n\n"
        "Dockworkers in Port Selva kept the cranes idle on Tuesday.\n\n"
        "“We will stay out until the ministry listens,” union leader Mara Quint told reporters.\n\n"
        "The transport minister, Ilya Brody, said the strike was costing the region dearly.\n"
    ),
    "brody.txt": (
        "Minister rejects wage demand\n\n"
        "Transport minister Ilya Brody said on Wednesday that the offer would not be raised.\n\n"
        "“The offer on the table is final,” Brody said.\n"
    ),
    "quint.txt": (
        "Union vows to fight on\n\n"
        "Mara Quint said the union had support from other ports.\n\n"
        "According to Quint, three more ports could join by Friday.\n"
    ),
}


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\x00\x01\x02\xff binary junk \x00")
    return src


def test_line_counts_find_repeated_chrome():
    counts = LineCounts()
    a = RawDocument("a", "Share this article\nBody one is here.", "text")
    b = RawDocument("b", "Share this article\nBody two differs.", "text")
    counts.add(a)
    counts.add(b)
    assert "share this article" in {k.lower() for k in counts.repeated_in(a)}
    assert not any("body one" in k.lower() for k in counts.repeated_in(a))


def test_build_stores_articles_records_errors_and_resumes(corpus, tmp_path):
    out = tmp_path / "out"
    summary = build([corpus], out, workers=1)
    assert summary.stored == 3
    assert summary.failed == 1 and not summary.ok
    assert summary.errors[0].source.endswith("broken.txt")
    with Store(out, read_only=True) as store:
        first = store.counts()
        assert first["articles"] == 3 and first["errors"] == 1
        assert first["statements"] >= 3
    again = build([corpus], out, workers=1)  # idempotent: nothing recomputed or duplicated
    assert again.stored == 0 and again.skipped == 3
    with Store(out, read_only=True) as store:
        assert store.counts() == first


def test_two_workers_give_the_same_tables(corpus, tmp_path):
    build([corpus], tmp_path / "one", workers=1)
    build([corpus], tmp_path / "two", workers=2)
    query = 'SELECT article, start, "end", kind, speaker FROM statements ORDER BY ALL'
    with Store(tmp_path / "one", read_only=True) as a, Store(tmp_path / "two", read_only=True) as b:
        assert a.rows(query) == b.rows(query)
        assert a.rows("SELECT id, text FROM articles ORDER BY id") == b.rows(
            "SELECT id, text FROM articles ORDER BY id"
        )


def test_cli_build_exit_status_and_queries(corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output  # one input failed
    assert (out / "chorus.duckdb").exists()
    listed = runner.invoke(app, ["articles", "--db", str(out)])
    assert "Harbour strike" in listed.output
    quotes = runner.invoke(app, ["quotes", "--db", str(out), "--json", "--speaker", "Brody"])
    rows = [json.loads(line) for line in quotes.output.splitlines() if line.strip()]
    assert rows and all("Brody" in (r["speaker"] or r["speaker_mention"] or "") for r in rows)
    errors = runner.invoke(app, ["errors", "--db", str(out)])
    assert "broken.txt" in errors.output
    with Store(out, read_only=True) as store:
        art_id = store.rows("SELECT id FROM articles WHERE title LIKE 'Harbour%'")[0]["id"]
    shown = runner.invoke(app, ["show", art_id[:8], "--db", str(out)])
    assert "Dockworkers in Port Selva" in shown.output


def test_query_commands_on_missing_database_fail_clearly(tmp_path):
    result = CliRunner().invoke(app, ["articles", "--db", str(tmp_path / "none")])
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_exports_follow_the_contract(corpus, tmp_path, fmt):
    out = tmp_path / "db"
    build([corpus], out, workers=1)
    target = tmp_path / "export"
    result = CliRunner().invoke(
        app, ["export", "all", "--db", str(out), "--out", str(target), "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    for table, (contract, _extra) in EXPORTS.items():
        path = target / f"{table}.{fmt}"
        assert path.exists()
        if fmt == "parquet":
            columns = pq.read_schema(path).names
        elif fmt == "csv":
            columns = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
            if not lines:
                continue
            columns = list(json.loads(lines[0]))
        assert columns[: len(contract)] == list(contract), table
    articles = (
        [
            json.loads(line)
            for line in (target / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        if fmt == "jsonl"
        else []
    )
    for art in articles:
        assert isinstance(art["removed"], list)
        for span in art["removed"]:
            assert set(span) == {"start", "end", "reason"}


def test_export_contract_field_names_are_pinned():
    """The export contract of PRODUCT.md: changing it must be a deliberate act."""
    assert EXPORTS["articles"][0] == (
        "id",
        "source",
        "title",
        "outlet",
        "published",
        "author",
        "genre",
        "text",
        "removed",
    )
    assert EXPORTS["statements"][0] == (
        "id",
        "article",
        "source",
        "start",
        "end",
        "text",
        "kind",
        "cue",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "speaker",
        "speaker_id",
        "via",
        "confidence",
    )
    assert EXPORTS["people"][0] == ("id", "name", "kind", "aliases", "roles", "articles")
    assert EXPORTS["forecasts"][0] == (
        "id",
        "article",
        "source",
        "start",
        "end",
        "text",
        "speaker",
        "event",
        "direction",
        "hedge",
        "probability",
    )
    assert EXPORTS["events"][0] == ("id", "date", "precision", "summary", "reports")  # fmt: skip


def test_an_article_never_stores_two_records_under_one_key():
    """Statement, forecast and event ids and (article, local id) name one row each: the
    cross-article stage joins on them (duplicates once made it depend on row order)."""
    from chorus.pipeline import distinct_local_ids, one_per_id
    from chorus.records import EntityMention, Statement

    def statement(cue: str, confidence: float) -> Statement:
        return Statement(
            id="s1", article="a", source="a.txt", start=0, end=9, text="it is over",
            kind="indirect", cue=cue, confidence=confidence,
        )  # fmt: skip

    other = Statement(
        id="s2", article="a", source="a.txt", start=20, end=29, text="x", kind="direct"
    )
    kept = one_per_id(
        [statement("continued", 0.6), other, statement("said", 0.8)], rank=lambda s: s.confidence
    )
    assert [(s.id, s.cue) for s in kept] == [("s2", None), ("s1", "said")]
    assert [s.cue for s in one_per_id([statement("continued", 0.6), statement("said", 0.8)])] == [
        "continued"
    ]  # without a rank, the first is kept

    person = EntityMention(article="a", local_id="k", name="Brafman", kind="person")
    organisation = EntityMention(article="a", local_id="k", name="Brafman", kind="organisation")
    distinct = distinct_local_ids([person, organisation])
    assert distinct[0] is person
    assert distinct[1].local_id != "k" and distinct[1].kind == "organisation"


# -- batched parse -----------------------------------------------------------------------------


def test_a_batched_parse_gives_each_document_what_it_gets_alone():
    from chorus.pipeline import process_document, process_documents

    jobs = [(RawDocument(name, text, "text"), frozenset()) for name, text in ARTICLES.items()]
    jobs.insert(1, (RawDocument("empty.txt", "   \n\n", "text"), frozenset()))
    batched = process_documents(jobs)
    alone = [process_document(raw, repeated) for raw, repeated in jobs]
    assert [type(r).__name__ for r in batched] == [
        "ArticleResult",
        "InputError",
        "ArticleResult",
        "ArticleResult",
    ]
    assert batched[1] == alone[1] and batched[1].stage == "clean"
    for together, single in zip(batched, alone, strict=True):
        if not isinstance(single, InputError):
            assert together == single  # the same records, field for field
            assert together.statements and together.entities


def test_a_batch_whose_parse_fails_is_done_one_document_at_a_time(monkeypatch):
    """A parse that fails for the batch (one document nested too deeply, say) must cost only
    the document at fault: the others are parsed again on their own."""
    import chorus.pipeline
    from chorus.nlp import load_nlp

    nlp = load_nlp()
    real_call = type(nlp).__call__

    def pipe_fails(*args, **kwargs):
        raise RecursionError("deep")

    def deep_for_one(self, text, *args, **kwargs):
        if "Quint said the union" in text:
            raise RecursionError("deep")
        return real_call(self, text, *args, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", pipe_fails)
    monkeypatch.setattr(type(nlp), "__call__", deep_for_one)
    jobs = [(RawDocument(name, text, "text"), frozenset()) for name, text in ARTICLES.items()]
    results = chorus.pipeline.process_documents(jobs)
    failed = [(r.source, r.reason) for r in results if isinstance(r, InputError)]
    assert failed == [("quint.txt", "too-deep")]
    assert [r.article.source for r in results if not isinstance(r, InputError)] == [
        "harbour.txt",
        "brody.txt",
    ]
