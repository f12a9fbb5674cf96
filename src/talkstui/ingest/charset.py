"""Decoding untrusted bytes into text safely.

Policy:
- A byte-order mark wins; then the HTTP charset; then an in-document declaration
  (XML prolog or HTML <meta charset>).
- UTF-7 (any spelling, declared anywhere) is refused with `bad_charset`. It is a
  known attack vector (`+ADw-script+AD4-` becomes `<script>` only after
  decoding, slipping past anything that inspected the bytes), no news outlet
  serves it, and silently decoding it as UTF-8 would store garbage that looks
  like an article. A typed failure tells the user what happened.
- Unknown or non-text codecs (`x-foo`, `zlib_codec`, `unicode_escape`, `idna`) are
  ignored: the bytes are decoded as UTF-8 if they are valid UTF-8, else as
  windows-1252 with replacement. Decoding never raises except for UTF-7.
"""

from __future__ import annotations

import codecs
import re

from talkstui.ingest.items import ParseFailure

_UTF7 = {"utf_7", "utf7", "u7", "unicode_1_1_utf_7", "csunicode11utf7", "x_utf_7", "utf_7_imap"}
_REFUSED_CODECS = {"utf_7", "unicode_escape", "raw_unicode_escape", "idna", "punycode",
                   "undefined", "mbcs", "oem", "palmos"}
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", re.I)
_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return m.group(1) if m else None


def declared_charset(body: bytes) -> str | None:
    head = body[:4096]
    m = _XML_DECL.search(head)
    if m:
        return m.group(1).decode("ascii", "replace")
    m = _META.search(head)
    if m:
        return m.group(1).decode("ascii", "replace")
    return None


def _text_codec(name: str | None) -> str | None:
    """The Python codec name for a declared charset, if it is a safe text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    if _norm(info.name) in _REFUSED_CODECS:
        return None
    return info.name


def is_utf7(name: str | None) -> bool:
    if not name:
        return False
    if _norm(name) in _UTF7:
        return True
    try:
        return _norm(codecs.lookup(name.strip()).name) == "utf_7"
    except (LookupError, ValueError, TypeError):
        return False


def choose_encoding(body: bytes, content_type: str | None) -> tuple[str, bool]:
    """(codec, strict) for `body`. Raises ParseFailure("bad_charset") for UTF-7."""
    declared = [header_charset(content_type), declared_charset(body)]
    for name in declared:
        if is_utf7(name):
            raise ParseFailure("bad_charset", f"charset {name!r} (UTF-7) is refused")
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", False
    if body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", False
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", False
    for name in declared:
        codec = _text_codec(name)
        if codec:
            return codec, False
    try:
        body.decode("utf-8")
        return "utf-8", True
    except UnicodeDecodeError:
        return "cp1252", False


def decode(body: bytes, content_type: str | None = None) -> str:
    """Text from untrusted bytes. Raises ParseFailure("bad_charset") for UTF-7 only."""
    codec, _ = choose_encoding(body, content_type)
    try:
        return body.decode(codec, errors="replace")
    except (LookupError, ValueError, TypeError):
        return body.decode("utf-8", errors="replace")
