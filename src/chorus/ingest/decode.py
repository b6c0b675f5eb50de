"""Bytes to text: UTF-8 (with or without BOM) first, then a detected legacy encoding.

A file that is not text (NUL bytes, undecodable) is refused rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import re

#: How much of a file the binary sniffing looks at.
SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """Bytes that are not readable text; ``reason`` is "binary" or "decode"."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def looks_binary(head: bytes) -> bool:
    """NUL bytes outside a UTF-16 text, the mark of images, archives and office files."""
    if head.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in head


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if it is a known codec."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raises ``DecodeError``.

    Order: a BOM, strict UTF-8, a charset the container declares, then charset-normalizer."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "utf-8-sig")
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", "utf-16")
    if looks_binary(data[:SNIFF_BYTES]):
        raise DecodeError("binary", "binary content (NUL bytes): not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("decode", "not UTF-8 and no text encoding fits the bytes")
    text = str(best)
    if len(_CONTROL.findall(text[:SNIFF_BYTES])) > max(8, len(text[:SNIFF_BYTES]) // 50):
        raise DecodeError("binary", f"decodes as {best.encoding} only into control characters")
    return text, best.encoding


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        raise DecodeError("decode", f"invalid {codec} after its byte-order mark: {exc}") from exc
