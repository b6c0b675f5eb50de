# ruff: noqa: E501 - the catalogue reads best one case a line
"""Our own generator of hostile inputs: files a careless scraper or a hostile page could hand
to ``chorus build``, each with the outcome the build must give it.

Used by ``tests/test_hostile.py`` (the catalogue, a fuzz test and a property test) and by
``benchmarks/bench_hostile.py`` (the table of every case, its outcome and reason, with the
time and peak memory of the worst one). Every text here is written for these tests.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Expected outcomes besides an error reason.
STORED = "stored"
IGNORED = "ignored"  # not an article input (passed over by a folder walk, no row)
DUPLICATE = "duplicate"  # the same text as an earlier input: one article for both

_PLACES = ("Harrowgate", "Velmont", "Ostrick", "Calder Bay", "Pinefold", "Marrow Quay")
_PEOPLE = ("Ines Varga", "Tomas Reddle", "Amara Quist", "Joel Penrose", "Hedda Lund")
_TOPICS = ("the ferry contract", "the water tariff", "the harbour dredging", "the rail levy")


def article_text(seed: int, paragraphs: int = 4) -> str:
    """A small news article of our own, different for every seed, with quotes and a relay."""
    rng = random.Random(seed)
    place, person = rng.choice(_PLACES), rng.choice(_PEOPLE)
    topic = rng.choice(_TOPICS)
    lines = [
        f"{place} council delays vote on {topic} (report {seed})",
        "",
        f"Councillors in {place} postponed a decision on {topic} on Tuesday after "
        f"{rng.randint(3, 90)} residents filled the public gallery.",
        "",
        f"\u201cWe are not ready to sign anything this month,\u201d {person} said, adding that "
        "the figures would be checked again.",
    ]
    for number in range(paragraphs):
        lines += [
            "",
            f"According to the town clerk, the review will take {rng.randint(2, 12)} weeks "
            f"and cost about {rng.randint(10, 900)} thousand crowns (item {seed}-{number}).",
        ]
    lines += ["", f"The Weekly Tide quoted {person} as saying the vote could slip to spring."]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    """One hostile input: the entry it creates (relative to the folder), the outcome a build
    must give it (``STORED``, ``IGNORED``, ``DUPLICATE`` or an error reason), in words."""

    name: str
    expect: str
    what: str
    write: Callable[[Path], None]
    errors: tuple[str, ...] = ()  # further error reasons of its records (JSON lines, WARC)


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _warc_record(uri: str, html: str, length_delta: int = 0) -> bytes:
    body = html.encode("utf-8")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-06T07:08:09Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**12:012d}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + length_delta}\r\n\r\n"
    )
    return headers.encode("ascii") + http + b"\r\n\r\n"


def _html(seed: int) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in article_text(seed).split("\n") if line)
    return f"<html><head><title>Report {seed}</title></head><body>{paragraphs}</body></html>"


def _deep_json(depth: int) -> str:
    return '{"text": "A short text.", "extra": ' + "[" * depth + "]" * depth + "}"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


def _loop(path: Path) -> None:
    os.symlink(path.name, path)


def _dangling(path: Path) -> None:
    os.symlink(path.name + ".gone", path)


def _deep_folders(path: Path) -> None:
    folder = path
    for level in range(300):
        folder = folder / f"d{level % 10}"
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text(article_text(301), encoding="utf-8")


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


def _long_run(seed: int, size: int) -> str:
    """Text without one sentence break, thick with reporting verbs (worst case for a
    per-sentence search)."""
    rng = random.Random(seed)
    words = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(
            rng.choice(("said", "told", "added", "claimed", "stated", "officials", "the", "mayor"))
        )
    return " ".join(words) + "\n"


def catalogue() -> list[Case]:
    """Every hostile case, in the order the table lists them."""
    utf8_quotes = "\u201cThe quay stays open,\u201d the harbour master said. Caf".encode()
    return [
        Case("a_plain.txt", STORED, "a plain article (control)", _text(article_text(1))),
        Case("empty.txt", "empty", "empty file", _bytes(b"")),
        Case("blank.txt", "empty", "only whitespace", _text(" \n\t\n   \n")),
        Case("bom_only.txt", "empty", "only a UTF-8 byte-order mark", _bytes(codecs.BOM_UTF8)),
        Case("random.txt", "binary", "random bytes named .txt", _bytes(random.Random(7).randbytes(4096))),
        Case("image.txt", "binary", "PNG image named .txt", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)),
        Case("packed.txt", "binary", "gzip of a text named .txt", _bytes(_gzip(article_text(2).encode()))),
        Case("nul_early.txt", "binary", "one NUL byte in the first 8 KiB", _bytes(article_text(3).encode()[:200] + b"\x00" + article_text(3).encode()[200:])),
        Case("nul_late.txt", "binary", "one NUL byte after the first 8 KiB", _bytes(article_text(4, 80).encode() + b"\x00tail\n")),
        Case("stray_byte.txt", STORED, "UTF-8 curly quotes and one Latin-1 byte", _bytes(utf8_quotes + b"\xe9 owner agreed.\n\n" + article_text(5).encode())),
        Case("utf16_bom.txt", STORED, "UTF-16 with a byte-order mark", _bytes(article_text(6).encode("utf-16"))),
        Case("utf16le.txt", STORED, "UTF-16 LE without a byte-order mark", _bytes(article_text(7).encode("utf-16-le"))),
        Case("utf16be.txt", STORED, "UTF-16 BE without a byte-order mark", _bytes(article_text(8).encode("utf-16-be"))),
        Case("legacy.txt", STORED, "Windows-1252 text", _bytes(article_text(9).replace("\u201c", '"').replace("\u201d", '"').replace("Councillors", "Conseill\u00e8res").encode("cp1252"))),
        Case("deep.json", "json", "JSON nested 20,000 deep", _text(_deep_json(20_000))),
        Case("deep.jsonl", STORED, "JSON lines: one line nested 20,000 deep, one good line", _text(_deep_json(20_000) + "\n" + json.dumps({"text": article_text(10)}) + "\n"), ("json",)),
        Case("malformed.jsonl", STORED, "JSON lines: a broken line, a number, a good line", _text('{"text": "unclosed\n42\n' + json.dumps({"title": "Ok", "text": article_text(11)}) + "\n"), ("json",)),
        Case("surrogate.jsonl", STORED, "JSON with a lone surrogate escape", _text('{"text": "' + article_text(12).replace("\n", "\\n").replace('"', '\\"') + ' \\ud800 end"}\n')),
        Case("numbers.json", IGNORED, "a JSON list of numbers found in a folder", _text("[1, 2, 3]")),
        Case("formula.jsonl", STORED, "spreadsheet formulas in title, outlet and quote", _text(json.dumps({"title": '=HYPERLINK("http://x.test","open")', "outlet": "@SUM(1+1)", "text": article_text(13) + "\n\u201c=cmd|' /C calc'!A0,\u201d the caller said.\n"}) + "\n")),
        Case("truncated.warc.gz", "warc", "gzipped WARC cut in the middle", _bytes(_gzip(_warc_record("http://a.test/1", _html(14)) + _warc_record("http://a.test/2", _html(15)))[:-300])),
        Case("short_length.warc", "warc", "WARC records with a too-small Content-Length", _bytes(b"".join(_warc_record(f"http://b.test/{i}", _html(16 + i), -900) for i in range(3)))),
        Case("not_a.warc", "warc", "a text file named .warc", _text(article_text(19))),
        Case("bomb.warc.gz", "too-large", "WARC record of 30 MB of zeros, gzipped", _bytes(_gzip(_warc_record("http://c.test/z", "<html><body><p>" + "0" * 30_000_000 + "</p></body></html>")))),
        Case("deep.html", STORED, "HTML nested 10,000 deep", _text("<html><body>" + "<div>" * 10000 + "<p>" + article_text(20).replace("\n", " ") + "</p>" + "</div>" * 10000 + "</body></html>")),
        Case("scripts.html", "html", "HTML with scripts only", _text("<html><head><script>var a=1;</script></head><body><script>b()</script></body></html>")),
        Case("pipe.txt", "special-file", "a FIFO (named pipe)", _fifo),
        Case("sock.txt", "special-file", "a Unix socket", _socket),
        Case("loop.txt", "unreadable", "a symbolic link to itself", _loop),
        Case("dangling.txt", "unreadable", "a symbolic link to nothing", _dangling),
        Case("nested", STORED, "a file 300 folders deep", _deep_folders),
        Case("name\udcff.txt", STORED, "a file name with a byte that is not UTF-8", _text(article_text(21))),
        Case("quotes.txt", STORED, "10,000 quotation marks", _text(article_text(22) + "\u201c\u201d\"'" * 2500 + "\n")),
        Case("unbalanced.txt", STORED, "unbalanced quotation marks", _text(article_text(23).replace("\u201d", "") + '\n"He said "no\n')),
        Case("rtl.txt", STORED, "right-to-left and zero-width characters", _text("\u202e\u200b" + article_text(24).replace(" ", " \u200d") + "\u2067\u05e9\u05dc\u05d5\u05dd\u2069\n")),
        Case("controls.txt", "binary", "valid UTF-8 made of control characters", _text("\x01\x02\x03\x1b[0m\x7f" * 300)),
        Case("copy.txt", DUPLICATE, "the same text as the control article", _text(article_text(1))),
        Case("long_run.txt", STORED, "50 KB without a sentence break, many reporting verbs", _text(_long_run(25, 50_000))),
    ]  # fmt: skip


def write_case(folder: Path, case: Case) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(case.name))))
    case.write(path)
    return path


def write_catalogue(folder: Path, cases: list[Case] | None = None) -> list[Case]:
    """Write every case into ``folder``; returns the cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = catalogue() if cases is None else cases
    for case in cases:
        write_case(folder, case)
    return cases


# -- fuzzing: random damage to good inputs ---------------------------------------------------


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """One random kind of damage."""
    kind = rng.randrange(8)
    if kind == 0:  # flip bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 1:  # truncate
        return data[: rng.randrange(len(data) + 1)]
    if kind == 2:  # splice random bytes in
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]
    if kind == 3:  # repeat a slice many times
        at = rng.randrange(len(data) + 1)
        return data[:at] + data[at : at + 40] * rng.randint(10, 400) + data[at:]
    if kind == 4:  # strip every line break
        return data.replace(b"\n", b" ")
    if kind == 5:  # unicode soup
        chars = "\u201c\u201d\"'\u00ab\u00bb\u200b\u202e\ufeff\U0001f600<>&;#"
        return "".join(rng.choice(chars) for _ in range(rng.randint(1, 3000))).encode()
    if kind == 6:  # re-encode
        text = data.decode("utf-8", "replace")
        return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1252"]), "replace")
    return rng.randbytes(rng.randint(0, 2048))


def _fuzz_json(rng: random.Random, seed: int) -> str:
    value: object = {"text": article_text(seed)}
    for _ in range(rng.randint(0, 6)):
        choice = rng.randrange(4)
        if choice == 0:
            value = [value]
        elif choice == 1:
            value = {"text": rng.choice([None, 3, [], "", "\ud800x"]), "nested": value}
        elif choice == 2:
            value = {"html": _html(seed)[: rng.randrange(200)], "title": "=1+1"}
        else:
            value = {"body": article_text(seed), "authors": [{"x": 1}, None, "A. B."]}
    return json.dumps(value)


def fuzz_files(folder: Path, seed: int, count: int) -> list[Path]:
    """``count`` randomly damaged inputs in all formats, reproducible from ``seed``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        kind = rng.choice(["txt", "html", "json", "jsonl", "warc"])
        good = {
            "txt": article_text(1000 + number).encode(),
            "html": _html(1000 + number).encode(),
            "json": _fuzz_json(rng, 1000 + number).encode(),
            "jsonl": "\n".join(_fuzz_json(rng, 2000 + number * 7 + i) for i in range(3)).encode(),
            "warc": _warc_record(f"http://f.test/{number}", _html(1000 + number)),
        }[kind]
        data = _mutate(rng, good) if rng.random() < 0.8 else good
        path = folder / f"fuzz{number:03d}.{kind}"
        path.write_bytes(data)
        written.append(path)
    return written
