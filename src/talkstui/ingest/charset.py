"""Decoding untrusted bytes into text safely.

Policy:
- A byte-order mark wins; then the HTTP charset; then an in-document declaration
  (XML prolog or HTML <meta charset>).
- UTF-7 (any spelling, declared anywhere) is refused with `bad_charset`. It is a
  known attack vector (`+ADw-script+AD4-` becomes `<script>` only after
  decoding, slipping past anything that inspected the bytes), no news outlet
  serves it, and silently decoding it as UTF-8 would store garbage that looks
  like an article. A typed failure tells the user what happened.
- UTF-16 and UTF-32 without a byte-order mark are recognised from the pattern of
  zero bytes around the first ASCII characters (as the XML specification's
  appendix F does for `<?xml`): feedparser reads them, so do we.
- Unknown or non-text codecs (`x-foo`, `zlib_codec`, `unicode_escape`, `idna`) are
  ignored. Undeclared bytes are UTF-8 if they are valid UTF-8, else the legacy
  charset charset-normalizer detects (EUC-KR, KOI8-R, Shift_JIS, Big5, GB2312,
  EUC-JP ...), else windows-1252 with replacement. Decoding never raises except
  for UTF-7.
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


def bomless_wide(body: bytes) -> str | None:
    """"utf-32-le/be" or "utf-16-le/be" for a body without a byte-order mark whose first
    characters are ASCII in a wide encoding (`<\\0?\\0x\\0` ...), else None."""
    head = body[:64]
    if len(head) < 8:
        return None
    if head[:4] == b"\0\0\0<" or (head[0:3] == b"\0\0\0" and head[3:4].isspace()):
        return "utf-32-be"
    if head[:4] == b"<\0\0\0" or (head[1:4] == b"\0\0\0" and head[0:1].isspace()):
        return "utf-32-le"
    even, odd = head[0::2], head[1::2]
    if not any(even) and all(0 < b < 128 for b in odd[:4]):
        return "utf-16-be"
    if not any(odd) and all(0 < b < 128 for b in even[:4]):
        return "utf-16-le"
    return None


LEGACY_MIN_BYTES = 16  # fewer non-ASCII bytes than this: too little to tell; windows-1252


def detect_legacy(body: bytes) -> str | None:
    """The legacy charset charset-normalizer finds for undeclared, non-UTF-8 bytes (None
    when there are too few non-ASCII bytes for any detector to tell)."""
    if sum(1 for b in body[:65536] if b > 127) < LEGACY_MIN_BYTES:
        return None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
    except Exception:  # noqa: BLE001 - a detector failure falls back to windows-1252
        return None
    if best is None:
        return None
    return _text_codec(best.encoding)


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
    wide = bomless_wide(body)
    if wide:
        return wide, False
    for name in declared:
        codec = _text_codec(name)
        if codec and not _norm(codec).startswith(("utf_16", "utf_32")):  # not wide: a lie
            return codec, False
    try:
        body.decode("utf-8")
        return "utf-8", True
    except UnicodeDecodeError:
        return detect_legacy(body) or "cp1252", False


def decode(body: bytes, content_type: str | None = None) -> str:
    """Text from untrusted bytes. Raises ParseFailure("bad_charset") for UTF-7 only."""
    codec, _ = choose_encoding(body, content_type)
    try:
        return body.decode(codec, errors="replace")
    except (LookupError, ValueError, TypeError):
        return body.decode("utf-8", errors="replace")
