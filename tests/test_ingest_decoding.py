"""Bytes to text: BOMs, UTF-8, legacy code pages, binary data."""

import codecs

import pytest

from reportedly.ingest.decoding import decode

SAMPLE = "Officials’ count: 130 — “déjà” reported, naïve façade."


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_decodes_common_encodings(codec):
    assert decode(SAMPLE.encode(codec)) == SAMPLE


def test_line_endings_are_folded():
    assert decode(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_declared_charset_comes_after_utf8():
    assert decode("Ελλάδα".encode("iso-8859-7"), "iso-8859-7") == "Ελλάδα"
    assert decode(SAMPLE.encode("utf-8"), "iso-8859-1") == SAMPLE  # a wrong declaration
    assert decode(SAMPLE.encode("cp1252"), "no-such-charset") == SAMPLE


def test_nul_bytes_mean_binary():
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None


def test_bom_without_text_is_empty():
    assert decode(codecs.BOM_UTF8) == ""
