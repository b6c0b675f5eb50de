"""One reader per input format, registered in ``chorus.ingest.formats``; each yields
``RawDocument`` or ``InputError`` records and never raises for bad input, so one broken file or
record does not stop the batch."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from chorus.ingest.decode import (
    Decoded,
    DecodeError,
    declared_charset,
    decode_text,
    looks_binary,
    mend_surrogates,
)
from chorus.ingest.files import open_regular
from chorus.ingest.formats import InputFile, Reader, ReadLimits, register_reader
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
_TOO_DEEP = "nested deeper than the JSON reader allows"


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


def _unreadable(source: str, exc: OSError) -> InputError:
    return InputError(source, "unreadable", f"{exc.__class__.__name__}: {exc}")


def _document(
    source: str, decoded: Decoded, fmt: str, meta: dict, repairs: tuple[str, ...] = ()
) -> Item:
    text = decoded.text
    if not text.strip():
        return InputError(source, "empty", "no text (empty or whitespace only)")
    if fmt == "html" and not has_visible_text(text):
        return InputError(source, "html", "the HTML holds no visible text (broken or empty page)")
    return RawDocument(
        source=source,
        text=text,
        format=fmt,
        meta=meta,
        encoding=decoded.encoding,
        repairs=list(decoded.repairs + repairs),
    )


def _read_bytes(item: InputFile, max_bytes: int) -> bytes | InputError:
    """The whole file, or the error that stops it (too large, empty, unreadable)."""
    try:
        with open_regular(item.path) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return _unreadable(item.source, exc)
    if len(data) > max_bytes:
        return _too_large(item.source, len(data), max_bytes)
    if not data:
        return InputError(item.source, "empty", "empty file (0 bytes)")
    return data


def read_text_file(item: InputFile, limits: ReadLimits, fmt: str = "text") -> Iterator[Item]:
    """A .txt scrape or a .html page: the whole file is one document."""
    data = _read_bytes(item, limits.max_bytes)
    if isinstance(data, InputError):
        yield data
        return
    try:
        decoded = decode_text(data, declared_charset(data) if fmt == "html" else None)
    except DecodeError as exc:
        yield InputError(item.source, exc.reason, exc.detail)
        return
    if fmt == "text" and looks_like_html(decoded.text):
        fmt = "html"
    yield _document(item.source, decoded, fmt, {})


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
        value = mend_surrogates(str(value).strip())[0]
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
        fields = ", ".join(sorted(str(k) for k in record)[:8]) or "none"
        return InputError(
            source, "json", f"record has no 'text' or 'html' field (fields: {fields})"
        )
    body = html if html is not None and html.strip() else text or html or ""
    fmt = "html" if body is html or looks_like_html(body) else "text"
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return _too_large(source, size, max_bytes)
    body, mended = mend_surrogates(body)
    repairs = (f"{mended:,} lone surrogate escape(s) replaced by U+FFFD",) if mended else ()
    return _document(source, Decoded(body, "utf-8"), fmt, _meta_from_record(record), repairs)


def _parse_json(text: str) -> Any:
    """``json.loads`` with nesting too deep for it reported as a ``ValueError``."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None


def read_jsonl(item: InputFile, limits: ReadLimits) -> Iterator[Item]:
    """JSON lines, streamed: a bad line is one error and the next lines still ingest.
    ``#N`` in the source is the line number."""
    max_bytes = limits.max_bytes
    try:
        handle = open_regular(item.path)
    except OSError as exc:
        yield _unreadable(item.source, exc)
        return
    with handle:
        number = 0
        any_line = False
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                break
            number += 1
            source = f"{item.source}#{number}"
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
                record = _parse_json(decode_text(line).text)
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
            except ValueError as exc:
                yield InputError(source, "json", f"line {number}: {exc}")
                continue
            yield record_document(source, record, max_bytes)
        if not any_line:
            yield InputError(item.source, "empty", "no JSON lines in the file")


def read_json(item: InputFile, limits: ReadLimits) -> Iterator[Item]:
    """A .json file with one record or a list of records (``#N`` = position, from 1).
    A JSON file found by a directory walk that holds no article record at all (annotations,
    settings) is not an input and is passed over silently."""
    items = list(read_text_file(item, limits))
    if isinstance(items[0], InputError):
        yield items[0]
        return
    source = item.source
    try:
        data = _parse_json(items[0].text)
    except json.JSONDecodeError as exc:
        yield InputError(
            source, "json", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
        return
    except ValueError as exc:
        yield InputError(source, "json", str(exc))
        return
    records = data if isinstance(data, list) else [data]
    if not item.explicit and not any(
        isinstance(r, dict) and any(isinstance(r.get(f), str) for f in TEXT_FIELDS + HTML_FIELDS)
        for r in records
    ):
        return
    if not isinstance(data, list):
        yield record_document(source, data, limits.max_bytes)
        return
    if not records:
        yield InputError(source, "empty", "an empty JSON list")
    for index, record in enumerate(records, start=1):
        yield record_document(f"{source}#{index}", record, limits.max_bytes)


def _http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


class _Silent(str):
    """A message template that formats to nothing (see ``_QuietArchiveIterator``)."""

    def format(self, *args: object, **kwargs: object) -> str:
        return ""


class _QuietArchiveIterator(ArchiveIterator):
    """warcio writes the whole rest of the file to stderr for every record whose
    Content-Length is too small (hundreds of MB for one archive); it still counts them in
    ``err_count``, which ``read_warc`` reports as errors instead."""

    INC_RECORD = _Silent("")


class _Truncated(Exception):
    """The archive ends inside a record."""


def _warc_response(record: Any, source: str, max_bytes: int) -> Item | None:
    """One WARC record as a document; ``None`` for records that are not HTTP responses with
    HTML (request, metadata, images; lines of a text file that is no archive at all)."""
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        return None
    content_type = http.get_header("Content-Type")
    if content_type and "html" not in content_type.lower():
        return None
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    if length > max_bytes:
        return _too_large(source, length, max_bytes)
    data = record.content_stream().read(max_bytes + 1)
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:  # warcio hands out a cut record without complaint
        raise _Truncated(f"archive truncated inside a record ({missing:,} bytes missing)")
    try:
        decoded = decode_text(data, _http_charset(content_type) or declared_charset(data))
    except DecodeError as exc:
        return InputError(source, exc.reason, exc.detail)
    meta = {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "crawled": record.rec_headers.get_header("WARC-Date"),
    }
    return _document(source, decoded, "html", meta)


def read_warc(item: InputFile, limits: ReadLimits) -> Iterator[Item]:
    """HTML responses of a WARC archive (``#N`` = the record's position in the file, from 1).
    A truncated or corrupt archive yields its records up to the break, then one error; a
    record whose Content-Length is wrong (data follows it) is an error of its own."""
    try:
        handle = open_regular(item.path)
    except OSError as exc:
        yield _unreadable(item.source, exc)
        return
    with handle:
        number = found = held_errors = 0
        held: Item | None = None  # the last record, until the iterator has read past its end
        records = _QuietArchiveIterator(handle)
        try:
            for record in records:
                if held is not None:
                    yield _checked_end(held, records.err_count - held_errors)
                    held = None
                number += 1
                document = _warc_response(record, f"{item.source}#{number}", limits.max_bytes)
                if document is not None:
                    found += 1
                    held, held_errors = document, records.err_count
            if held is not None:
                yield _checked_end(held, records.err_count - held_errors)
        except _Truncated as exc:
            yield InputError(item.source, "warc", f"record {number}: {exc}")
            return
        except Exception as exc:  # warcio raises several kinds on truncated/corrupt archives
            detail = f"archive broken after record {number}: {exc.__class__.__name__}: {exc}"
            yield InputError(item.source, "warc", detail.rstrip(": "))
            return
        if number == 0:
            yield InputError(item.source, "warc", "no WARC records in the file")
        elif found == 0:
            yield InputError(item.source, "warc", f"no HTML response among {number} records")


def _checked_end(document: Item, errors_since: int) -> Item:
    """The held record, or an error when warcio found data after its stated length."""
    if errors_since <= 0:
        return document
    return InputError(
        document.source,
        "warc",
        "the record's Content-Length is shorter than its data: its text would be cut",
    )


def _read_text(item: InputFile, limits: ReadLimits) -> Iterator[Item]:
    return read_text_file(item, limits, "text")


def _read_html(item: InputFile, limits: ReadLimits) -> Iterator[Item]:
    return read_text_file(item, limits, "html")


register_reader(Reader("text", (".txt", ".text"), _read_text, "plain-text scrape"))
register_reader(Reader("html", (".html", ".htm", ".xhtml"), _read_html, "HTML page"))
register_reader(Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl, "JSON lines export"))
register_reader(Reader("json", (".json",), read_json, "JSON record or list of records"))
register_reader(Reader("warc", (".warc", ".warc.gz", ".arc.gz"), read_warc, "WARC archive"))
