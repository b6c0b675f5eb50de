"""Bytes to text, by one documented rule (``docs/robustness.md``):

1. a byte-order mark (UTF-8, UTF-16) decides;
2. NUL bytes: a UTF-16 text without a byte-order mark (NULs in every other byte) is decoded as
   such; any other file holding a NUL byte, wherever it is, is binary and refused;
3. strict UTF-8;
4. UTF-8 with a few stray bytes (a Latin-1 byte pasted into UTF-8 text): the valid UTF-8 is
   kept, each stray byte is read as Windows-1252, and the repair is recorded;
5. a charset the container declares, then a detected legacy encoding (charset-normalizer);
6. text whose start is mostly control characters (other than tab and line breaks) is binary,
   whatever encoding read it.

A file that is not text is refused rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: How much of a file the binary sniffing looks at.
SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Bytes that are not UTF-8 come out of ``surrogateescape`` as U+DC80..U+DCFF.
_ESCAPED = re.compile("[\udc80-\udcff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Any character UTF-8 needed more than one byte for: the mark of a UTF-8 text.
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")
#: At most one stray byte in this many is repaired; more means another encoding.
STRAY_BYTE_RATIO = 100
#: Share of the bytes at one parity that must be NUL for UTF-16 without a byte-order mark.
_UTF16_NUL_SHARE = 0.3


class DecodeError(ValueError):
    """Bytes that are not readable text; ``reason`` is "binary" or "decode"."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read in, and what had to be repaired (readable)."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


def utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when NULs fill one byte of each pair (ASCII-range UTF-16)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0 : 2 * pairs : 2].count(0) / pairs
    odd = head[1 : 2 * pairs : 2].count(0) / pairs
    if odd >= _UTF16_NUL_SHARE and even < odd / 10:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE and odd < even / 10:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes outside a UTF-16 text, the mark of images, archives and office files."""
    if head.startswith(_UTF16_BOMS) or b"\x00" not in head:
        return False
    return utf16_without_bom(head) is None


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


def mend_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (a JSON ``\\ud800`` escape) replaced by U+FFFD: no store or file format
    can hold them. Returns the text and how many were replaced."""
    mended, count = _LONE_SURROGATE.subn("\ufffd", text)
    return mended, count


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; raises ``DecodeError``. See ``decode_text``."""
    decoded = decode_text(data, declared)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` by the module's rule; raises ``DecodeError``."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], "utf-8-sig", bom=True)
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", "utf-16")
    nul = data.find(b"\x00")
    if nul >= 0:
        order = utf16_without_bom(data[: 1 << 16])
        if order is None:
            raise DecodeError("binary", f"NUL byte at byte {nul:,}: not a text document")
        decoded = _strict(data, order, order)
        _refuse_control_characters(decoded.text, order)
        return decoded
    decoded = _utf8(data, "utf-8", bom=False) or _declared(data, declared) or _legacy(data)
    _refuse_control_characters(decoded.text, decoded.encoding)
    return decoded


def _declared(data: bytes, declared: str | None) -> Decoded | None:
    if not declared:
        return None
    try:
        return Decoded(data.decode(declared), declared)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8(data: bytes, label: str, bom: bool) -> Decoded | None:
    """Strict UTF-8, or UTF-8 with its few stray bytes read as Windows-1252 (recorded).
    ``None`` when the bytes are not UTF-8 at all (without a BOM saying they are)."""
    try:
        return Decoded(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    stray = [m.start() for m in _ESCAPED.finditer(escaped)]
    mostly_utf8 = _MULTIBYTE.search(escaped) is not None and len(stray) <= max(
        16, len(data) // STRAY_BYTE_RATIO
    )
    if not (bom or mostly_utf8):
        return None
    text = _ESCAPED.sub(lambda m: _windows_1252(ord(m.group()) - 0xDC00), escaped)
    note = (
        f"{len(stray):,} byte(s) not valid UTF-8 (first at character {stray[0]:,}) "
        "read as Windows-1252"
    )
    return Decoded(text, label, (note,))


def _windows_1252(byte: int) -> str:
    return bytes([byte]).decode("cp1252", "replace")


def _legacy(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("decode", "not UTF-8 and no text encoding fits the bytes")
    return Decoded(str(best), best.encoding)


def _refuse_control_characters(text: str, encoding: str) -> None:
    head = text[:SNIFF_BYTES]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 50):
        raise DecodeError("binary", f"decodes as {encoding} only into control characters")


def _strict(data: bytes, codec: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError as exc:
        raise DecodeError("decode", f"invalid {codec}: {exc}") from exc
