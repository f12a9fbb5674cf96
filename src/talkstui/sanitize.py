"""The one path every untrusted string takes before a screen, markup or a file.

Article bodies, titles, feed fields, server error messages and file names are
hostile until proven otherwise. `clean_text` (bodies) and `clean_line` (one-line
fields) make control characters, escape sequences, C1 controls and bidi
overrides visible, and remove zero-width characters, so that what reaches a
terminal or a file is inert text. Markup is a separate matter: widgets show the
result as plain content (`rich.text.Text`, `textual.content.Content`), never as
markup.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embedding/override/isolate controls and marks: shown as a visible tag.
_BIDI = {
    "\u061c": "ALM",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
# Zero-width and invisible formatting characters: removed.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0"

_TABLE: dict[int, str] = {}
for _code in range(0x20):
    _TABLE[_code] = chr(0x2400 + _code)  # ␀ ␁ ... ␛ ...: visible control pictures
_TABLE[0x7F] = "\u2421"  # ␡
for _code in range(0x80, 0xA0):
    _TABLE[_code] = f"<{_code:02X}>"  # C1 controls (CSI 0x9B, OSC 0x9D, NEL 0x85 ...)
for _char, _name in _BIDI.items():
    _TABLE[ord(_char)] = f"<{_name}>"
for _char in _INVISIBLE:
    _TABLE[ord(_char)] = ""
_TABLE[0x2028] = "\n"  # line separator
_TABLE[0x2029] = "\n"  # paragraph separator
# Tag characters (U+E0000..U+E007F) hide text from readers: removed.
for _code in range(0xE0000, 0xE0080):
    _TABLE[_code] = ""

_BODY_TABLE = dict(_TABLE)
_BODY_TABLE[ord("\n")] = "\n"
_BODY_TABLE[ord("\t")] = "    "
_BODY_TABLE[ord("\r")] = ""

_LINE_TABLE = dict(_TABLE)
_LINE_TABLE[ord("\n")] = " "
_LINE_TABLE[ord("\t")] = " "
_LINE_TABLE[ord("\r")] = " "
_LINE_TABLE[0x2028] = " "
_LINE_TABLE[0x2029] = " "

_SPACES = re.compile(r"[ \u00a0]{2,}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_surrogates(value: str) -> str:
    return _SURROGATE.sub("\ufffd", value)


def clean_text(value: object, *, max_len: int | None = None) -> str:
    """A multi-line untrusted text (an article body) made inert; newlines kept."""
    text = _fix_surrogates(str(value if value is not None else ""))
    text = text.replace("\r\n", "\n").translate(_BODY_TABLE)
    text = unicodedata.normalize("NFC", text)
    if max_len is not None and len(text) > max_len:
        text = text[: max_len - 1] + "…"
    return text


def clean_line(value: object, *, max_len: int | None = None) -> str:
    """A one-line untrusted text (title, outlet, URL, error message) made inert."""
    text = _fix_surrogates(str(value if value is not None else ""))
    text = text.translate(_LINE_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    if max_len is not None and len(text) > max_len:
        text = text[: max_len - 1] + "…"
    return text


_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def forbidden_chars(value: str) -> list[str]:
    """The characters in `value` that must never reach a terminal or an exported file."""
    return _FORBIDDEN.findall(value)


_NAME_OK = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(value: object, *, default: str = "snapshot", max_len: int = 80) -> str:
    """A file name from untrusted text: no separators, no leading dot or dash, bounded."""
    text = clean_line(value)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NAME_OK.sub("-", text).strip("-._")
    text = text[:max_len].strip("-._")
    return text or default
