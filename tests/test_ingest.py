"""Ingest: formats, encodings and bad input (one clear error each, the rest still read)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from chorus.clean import CleaningError, clean_document
from chorus.ingest import (
    count_input_files,
    estimate_documents,
    iter_input_files,
    read_inputs,
)
from chorus.records import InputError, RawDocument

CYRILLIC = (
    "Министр обороны заявил в понедельник, что учения пройдут у границы.\n\n"
    "«Мы готовы ко всему», — сказал он журналистам в Минске.\n"
)
LATIN1 = (
    "Le ministre a déclaré lundi que les exercices auraient lieu près de la frontière.\n\n"
    "« Nous sommes prêts », a-t-il ajouté à Genève, où la réunion s'est achevée tôt.\n"
)
ARTICLE = (
    "Harbour council delays the bridge vote\n\n"
    "The harbour council postponed its vote on the new bridge on Tuesday, its chair said.\n\n"
    "\u201cWe need another month of hearings,\u201d said Mara Quill, who leads the council.\n"
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour council delays the bridge vote</title>"
    '<meta property="og:site_name" content="Harbour Gazette"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav><article>"
    "<h1>Harbour council delays the bridge vote</h1>"
    "<p>The harbour council postponed its vote on the new bridge on Tuesday, its chair said "
    "after a long and heated session that ran late into the evening.</p>"
    "<p>&#8220;We need another month of hearings,&#8221; said Mara Quill, who leads the "
    "council &amp; its planning board.</p></article>"
    "<footer>Copyright 2031 Harbour Gazette</footer></body></html>"
)


def _warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bad_input_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with one example of every kind of bad input next to valid ones."""
    root = tmp_path_factory.mktemp("bad") / "inputs"
    (root / "nested").mkdir(parents=True)
    (root / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "nested" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    (root / "image.bin").write_bytes(bytes(range(256)) * 8)
    (root / "cyrillic.txt").write_bytes(CYRILLIC.encode("cp1251"))
    (root / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\t\n   \n", encoding="utf-8")
    with open(root / "huge.txt", "wb") as handle:  # 50 MB, written in slices
        line = ("The council met again and again to talk about the bridge. " * 20 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    good_record = {
        "text": ARTICLE,
        "url": "https://example.org/2031/05/06/bridge",
        "title": "Bridge vote",
    }
    (root / "export.jsonl").write_text(
        json.dumps(good_record)
        + "\n"
        + '{"text": "broken line, no closing brace"\n'
        + json.dumps({"html": PAGE})
        + "\n",
        encoding="utf-8",
    )
    (root / "broken.html").write_text(
        '<html><head><title></title></head><body><div class="', encoding="utf-8"
    )
    archive = _warc_bytes(
        [
            ("https://example.org/a", PAGE),
            ("https://example.org/b", PAGE.replace("Tuesday", "Monday")),
        ]
    )
    (root / "crawl.warc.gz").write_bytes(
        archive[: len(archive) - 200]
    )  # cut inside the last record
    (root / "README.md").write_text("# notes, not an article\n", encoding="utf-8")
    return root


def _by_name(items: list[RawDocument | InputError]) -> dict[str, list[RawDocument | InputError]]:
    grouped: dict[str, list[RawDocument | InputError]] = {}
    for item in items:
        grouped.setdefault(Path(item.source.split("#")[0]).name, []).append(item)
    return grouped


def test_bad_input_directory_gives_one_clear_error_each(bad_input_dir: Path) -> None:
    items = list(read_inputs([bad_input_dir]))
    grouped = _by_name(items)
    errors = {
        name: [i for i in group if isinstance(i, InputError)] for name, group in grouped.items()
    }
    expected = {
        "binary.txt": "binary",
        "image.bin": "binary",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "huge.txt": "too-large",
        "broken.html": "html",
        "crawl.warc.gz": "warc",
        "export.jsonl": "json",
    }
    for name, reason in expected.items():
        assert [e.reason for e in errors[name]] == [reason], (name, errors.get(name))
        assert errors[name][0].detail  # a human-readable detail
    assert "line 2" in errors["export.jsonl"][0].detail
    assert "README.md" not in grouped
    for name in ("good.txt", "page.html", "cyrillic.txt", "latin1.txt"):
        assert [type(i) for i in grouped[name]] == [RawDocument], name
    jsonl_docs = [i for i in grouped["export.jsonl"] if isinstance(i, RawDocument)]
    assert [d.source.rsplit("#", 1)[1] for d in jsonl_docs] == ["1", "3"]
    assert jsonl_docs[0].meta["url"] == "https://example.org/2031/05/06/bridge"
    assert jsonl_docs[1].format == "html"
    warc_docs = [i for i in grouped["crawl.warc.gz"] if isinstance(i, RawDocument)]
    assert len(warc_docs) >= 1 and warc_docs[0].meta["url"] == "https://example.org/a"
    assert all(d.format == "html" for d in warc_docs)


def test_valid_inputs_of_the_bad_directory_clean_into_articles(bad_input_dir: Path) -> None:
    articles = []
    for item in read_inputs([bad_input_dir]):
        if isinstance(item, RawDocument):
            try:
                articles.append(clean_document(item))
            except CleaningError as exc:  # pragma: no cover - reported by the assertion
                pytest.fail(f"{item.source}: {exc.reason}: {exc}")
    assert len(articles) >= 6
    assert all("harbour council" in a.text.lower() or a.format == "text" for a in articles)


def test_legacy_encodings_decode(bad_input_dir: Path) -> None:
    docs = {
        Path(d.source).name: d for d in read_inputs([bad_input_dir]) if isinstance(d, RawDocument)
    }
    assert docs["cyrillic.txt"].text == CYRILLIC
    assert docs["cyrillic.txt"].encoding.replace("_", "").replace("-", "").lower() in {
        "cp1251",
        "windows1251",
    }
    assert docs["latin1.txt"].text == LATIN1
    assert docs["good.txt"].encoding == "utf-8"


def test_utf8_bom_is_dropped_and_crlf_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDocument)
    assert doc.text == ARTICLE.replace("\n", "\r\n")


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (error,) = list(read_inputs([path], max_bytes=50))
    assert isinstance(error, InputError) and error.reason == "too-large"
    (doc,) = list(read_inputs([path], max_bytes=10_000))
    assert isinstance(doc, RawDocument)


def test_json_file_with_a_list_and_with_one_object(tmp_path: Path) -> None:
    (tmp_path / "many.json").write_text(
        json.dumps([{"text": ARTICLE, "outlet": "Harbour Gazette"}, {"title": "no body"}]),
        encoding="utf-8",
    )
    (tmp_path / "one.json").write_text(
        json.dumps({"html": PAGE, "published": "2031-05-06"}), encoding="utf-8"
    )
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "annotations.json").write_text(
        json.dumps({"title": "x", "people": []}), encoding="utf-8"
    )
    items = list(read_inputs([tmp_path]))
    sources = {Path(i.source).name: i for i in items}
    assert isinstance(sources["many.json#1"], RawDocument)
    assert sources["many.json#1"].meta["outlet"] == "Harbour Gazette"
    assert (
        isinstance(sources["many.json#2"], InputError) and sources["many.json#2"].reason == "json"
    )
    assert (
        isinstance(sources["one.json"], RawDocument)
        and sources["one.json"].meta["published"] == "2031-05-06"
    )
    assert "annotations.json" not in sources  # not an export: passed over in a directory walk
    (explicit,) = list(read_inputs([tmp_path / "gold" / "annotations.json"]))
    assert isinstance(explicit, InputError) and explicit.reason == "json"


def test_globs_missing_paths_and_counts(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        (json.dumps({"text": ARTICLE}) + "\n") * 4 + "\n", encoding="utf-8"
    )
    assert count_input_files([tmp_path]) == 4
    assert count_input_files([str(tmp_path / "a*.txt")]) == 3
    assert estimate_documents([tmp_path]) == 3 + 4
    assert [f.path.name for f in iter_input_files([tmp_path / "a0.txt", tmp_path])][:2] == [
        "a0.txt",
        "a1.txt",
    ]
    (missing,) = list(read_inputs([tmp_path / "nope.txt"]))
    assert isinstance(missing, InputError) and missing.reason == "missing"


def test_reading_is_lazy(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    stream = read_inputs([tmp_path])
    first = next(stream)
    (tmp_path / "a2.txt").write_text(ARTICLE.replace("bridge", "tunnel"), encoding="utf-8")
    rest = list(stream)
    assert isinstance(first, RawDocument) and "tunnel" in rest[-1].text


def test_gzip_of_plain_text_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8") * 3))
    (error,) = list(read_inputs([path]))
    assert isinstance(error, InputError) and error.reason in {"binary", "decode"}
