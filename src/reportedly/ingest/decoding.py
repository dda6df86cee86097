"""Bytes to text: byte-order marks, UTF-8, then charset detection; None for binary data.

Line endings are folded to `\\n` so that every reader (and every character offset
into `Article.text`) sees one convention.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TIE_BREAKER = "cp1252"


def decode(data: bytes, charset: str | None = None) -> str | None:
    """The text of `data`, or None when it is binary (NUL bytes, or no charset fits).

    Tries a byte-order mark, then UTF-8 (text with accents that is valid UTF-8
    is almost surely UTF-8, whatever a server declares), then `charset` (e.g.
    from an HTTP header), then charset-normalizer's best guess (cp1252 on a tie).
    """
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _fold_newlines(data.decode(codec, errors="replace"))
    if b"\x00" in data:
        return None
    for codec in ("utf-8", charset):
        if codec is None:
            continue
        try:
            return _fold_newlines(data.decode(codec))
        except (UnicodeDecodeError, LookupError):
            continue
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Short texts fit several code pages equally well; on a tie, take the one most
    # news in English was written in before UTF-8.
    tied = [match for match in matches if match.chaos <= best.chaos]
    chosen = next((match for match in tied if match.encoding == _TIE_BREAKER), best)
    return _fold_newlines(str(chosen))


def _fold_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
