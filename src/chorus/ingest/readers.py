"""One reader per input format; each yields ``RawDocument`` or ``InputError`` records and never
raises for bad input, so one broken file or record does not stop the batch."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chorus.ingest.decode import DecodeError, declared_charset, decode_bytes, looks_binary
from chorus.records import InputError, RawDocument

Item = RawDocument | InputError

#: JSON fields that carry the article, first found wins.
TEXT_FIELDS = ("text", "body", "content", "article")
HTML_FIELDS = ("html", "raw_html", "page")
#: JSON fields copied into ``RawDocument.meta`` (value: the meta key).
META_FIELDS = {
    "url": "url",
    "link": "url",
    "title": "title",
    "headline": "title",
    "published": "published",
    "date": "published",
    "published_at": "published",
    "pubdate": "published",
    "outlet": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "publisher": "outlet",
    "source": "outlet",
    "author": "author",
    "authors": "author",
    "byline": "author",
}
_VISIBLE = re.compile(r"<[^>]*(?:>|\Z)|&[#\w]+;?|\s+")
_RAW_BLOCKS = re.compile(r"<(script|style|head)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<body" in text.lower()[:20000] or "<p" in head)
    )


def has_visible_text(source: str) -> bool:
    """Any text outside tags, scripts and styles: a page without it has nothing to extract."""
    return bool(_VISIBLE.sub("", _RAW_BLOCKS.sub("", source)).strip())


def _too_large(source: str, size: int, limit: int) -> InputError:
    return InputError(
        source,
        "too-large",
        f"{size:,} bytes is over the {limit:,}-byte limit for one document; not read",
    )


def _document(source: str, text: str, fmt: str, meta: dict, encoding: str) -> Item:
    if not text.strip():
        return InputError(source, "empty", "no text (empty or whitespace only)")
    if fmt == "html" and not has_visible_text(text):
        return InputError(source, "html", "the HTML holds no visible text (broken or empty page)")
    return RawDocument(source=source, text=text, format=fmt, meta=meta, encoding=encoding)


def read_text_file(path: Path, fmt: str, max_bytes: int) -> Iterator[Item]:
    """A .txt scrape or a .html page: the whole file is one document."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _too_large(source, size, max_bytes)
            return
        if size == 0:
            yield InputError(source, "empty", "empty file (0 bytes)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, "unreadable", f"{exc.__class__.__name__}: {exc}")
        return
    try:
        text, encoding = decode_bytes(data, declared_charset(data) if fmt == "html" else None)
    except DecodeError as exc:
        yield InputError(source, exc.reason, exc.detail)
        return
    if fmt == "text" and looks_like_html(text):
        fmt = "html"
    yield _document(source, text, fmt, {}, encoding)


def _meta_from_record(record: dict[str, Any]) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for field, key in META_FIELDS.items():
        value = record.get(field)
        if value in (None, "", []) or meta.get(key):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        elif isinstance(value, dict):
            value = value.get("name") or value.get("title")
            if not value:
                continue
        value = str(value).strip()
        if key == "outlet" and field == "source" and value.startswith(("http://", "https://")):
            meta.setdefault("url", value)
            continue
        meta[key] = value or None
    return meta


def record_document(source: str, record: Any, max_bytes: int) -> Item:
    """One JSON record (an object with text or html) as a document."""
    if not isinstance(record, dict):
        return InputError(
            source, "json", f"a record must be a JSON object, not {type(record).__name__}"
        )
    html = next((record[f] for f in HTML_FIELDS if isinstance(record.get(f), str)), None)
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if html is None and text is None:
        fields = ", ".join(sorted(record)[:8]) or "none"
        return InputError(
            source, "json", f"record has no 'text' or 'html' field (fields: {fields})"
        )
    body = html if html is not None and html.strip() else text or html or ""
    fmt = "html" if body is html or looks_like_html(body) else "text"
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return _too_large(source, size, max_bytes)
    return _document(source, body, fmt, _meta_from_record(record), "utf-8")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    """JSON lines, streamed: a bad line is one error and the next lines still ingest.
    ``#N`` in the source is the line number."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with-block below
    except OSError as exc:
        yield InputError(str(path), "unreadable", f"{exc.__class__.__name__}: {exc}")
        return
    with handle:
        number = 0
        any_line = False
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                break
            number += 1
            source = f"{path}#{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without holding it
                yield InputError(
                    source, "too-large", f"line over the {max_bytes:,}-byte limit; not read"
                )
                any_line = True
                continue
            if not line.strip():
                continue
            any_line = True
            if looks_binary(line):
                yield InputError(source, "binary", "binary content (NUL bytes) in a JSON line")
                continue
            try:
                text, _ = decode_bytes(line)
                record = json.loads(text)
            except DecodeError as exc:
                yield InputError(source, exc.reason, f"line {number}: {exc.detail}")
                continue
            except json.JSONDecodeError as exc:
                yield InputError(
                    source,
                    "json",
                    f"line {number}: malformed JSON: {exc.msg} (character {exc.pos})",
                )
                continue
            yield record_document(source, record, max_bytes)
        if not any_line:
            yield InputError(str(path), "empty", "no JSON lines in the file")


def read_json(path: Path, max_bytes: int, explicit: bool) -> Iterator[Item]:
    """A .json file with one record or a list of records (``#N`` = position, from 1).
    A JSON file found by a directory walk that holds no article record at all (annotations,
    settings) is not an input and is passed over silently."""
    items = list(read_text_file(path, "text", max_bytes))
    if isinstance(items[0], InputError):
        yield items[0]
        return
    raw = items[0]
    try:
        data = json.loads(raw.text)
    except json.JSONDecodeError as exc:
        yield InputError(
            str(path), "json", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
        return
    records = data if isinstance(data, list) else [data]
    if not explicit and not any(
        isinstance(r, dict) and any(isinstance(r.get(f), str) for f in TEXT_FIELDS + HTML_FIELDS)
        for r in records
    ):
        return
    if not isinstance(data, list):
        yield record_document(str(path), data, max_bytes)
        return
    if not records:
        yield InputError(str(path), "empty", "an empty JSON list")
    for index, record in enumerate(records, start=1):
        yield record_document(f"{path}#{index}", record, max_bytes)


def _http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def read_warc(path: Path, max_bytes: int) -> Iterator[Item]:
    """HTML responses of a WARC archive (``#N`` = the record's position in the file, from 1).
    A truncated or corrupt archive yields its records up to the break, then one error."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with-block below
    except OSError as exc:
        yield InputError(str(path), "unreadable", f"{exc.__class__.__name__}: {exc}")
        return
    with handle:
        number = 0
        found = 0
        try:
            for record in ArchiveIterator(handle):
                number += 1
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                content_type = http.get_header("Content-Type") if http else None
                if content_type and "html" not in content_type.lower():
                    continue
                source = f"{path}#{number}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                length = int(record.rec_headers.get_header("Content-Length") or 0)
                if length > max_bytes:
                    yield _too_large(source, length, max_bytes)
                    continue
                data = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0) or 0
                if missing > 0:  # warcio hands out a cut record without complaint
                    yield InputError(
                        str(path),
                        "warc",
                        f"archive truncated inside record {number} ({missing:,} bytes missing)",
                    )
                    return
                found += 1
                try:
                    declared = _http_charset(content_type) or declared_charset(data)
                    text, encoding = decode_bytes(data, declared)
                except DecodeError as exc:
                    yield InputError(source, exc.reason, exc.detail)
                    continue
                meta = {"url": url, "crawled": record.rec_headers.get_header("WARC-Date")}
                yield _document(source, text, "html", meta, encoding)
        except Exception as exc:  # warcio raises several kinds on truncated/corrupt archives
            yield InputError(
                str(path),
                "warc",
                f"archive broken after record {number}: {exc.__class__.__name__}: {exc}".rstrip(
                    ": "
                ),
            )
            return
        if number == 0:
            yield InputError(str(path), "warc", "no WARC records in the file")
        elif found == 0:
            yield InputError(str(path), "warc", f"no HTML response among {number} records")
