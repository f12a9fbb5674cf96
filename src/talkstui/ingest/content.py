"""What a fetched body is, from its bytes first and its Content-Type second.

Only documents become articles: a feed (RSS, Atom, RDF), a JSON Feed, or an HTML page.
Compressed, archive, image, audio, video, PDF and other binary bodies get the typed
status `unsupported_content` with one line saying what was sent, instead of being
decoded into an "article" of mojibake.
"""

from __future__ import annotations

import re

from talkstui.ingest import charset
from talkstui.ingest.items import ParseFailure

UNSUPPORTED = "unsupported_content"

# (magic bytes at offset 0, what it is)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"OggS", "Ogg audio or video"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)
_TYPES_REFUSED = ("image/", "audio/", "video/", "font/", "model/")
_APP_REFUSED = {
    "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
    "application/x-tar", "application/x-bzip2", "application/x-xz", "application/zstd",
    "application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed",
    "application/octet-stream", "application/msword", "application/x-msdownload",
    "application/wasm", "application/java-archive", "application/x-shockwave-flash",
}
_JSON_TYPES = ("application/feed+json", "application/json", "text/json")
_FEED_ROOT = re.compile(rb"^<(?:rss|feed|rdf:rdf|rdf|channel)[\s>/:]", re.I)
_SKIP = re.compile(rb"^(\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)*", re.S | re.I)
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/1', re.I)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _magic(body: bytes) -> str | None:
    for magic, what in _MAGIC:
        if body.startswith(magic):
            return what
    if body[4:8] == b"ftyp":
        return "MP4/QuickTime video or an image"
    if body.startswith(b"RIFF") and body[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[body[8:12]]
    return None


def _wide(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return charset.bomless_wide(head)


def _ascii_view(body: bytes) -> bytes:
    """The first bytes as ASCII-compatible text (wide encodings narrowed) for sniffing."""
    head = body[:8192]
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            return head[len(bom):]
    wide = _wide(head)
    if wide:
        text = head[: len(head) - len(head) % 4].decode(wide, errors="replace")
        return text.lstrip("\ufeff").encode("ascii", errors="replace")
    return head


def is_binary(body: bytes) -> bool:
    """Zero bytes or many control bytes in a body that is not UTF-16/32 text."""
    head = body[:8192]
    if not head or _wide(head):
        return False
    if b"\x00" in head:
        return True
    iso2022 = b"\x1b$" in head or b"\x1b(" in head  # ISO-2022-JP/KR switch with ESC
    control = sum(1 for b in head if b < 9 or (13 < b < 32 and not (iso2022 and b == 27)))
    return control / len(head) > 0.05


def sniff(body: bytes, content_type: str | None) -> str:
    """'feed', 'json_feed', 'page' or 'unknown' from the first root element, then the type."""
    head = _ascii_view(body)
    m = _SKIP.match(head)
    rest = head[m.end():] if m else head
    if _FEED_ROOT.match(rest[:200]):
        return "feed"
    low = head[:1024].lower()
    if rest[:200].lower().startswith((b"<html", b"<head", b"<body")) or b"<!doctype html" in low:
        return "page"
    if rest[:1] in (b"{",) and _JSON_FEED.search(body[:65536]):
        return "json_feed"
    media = media_type(content_type)
    if media == "application/feed+json":
        return "json_feed"
    if media in ("text/html", "application/xhtml+xml"):
        return "page"
    if media.endswith("xml") or media in ("application/rss+xml", "application/atom+xml"):
        return "feed"
    return "unknown"


def check_document(body: bytes, content_type: str | None) -> str:
    """The kind of a document we can read ('feed', 'json_feed', 'page', 'unknown').
    Raises ParseFailure("unsupported_content") for anything that is not a document."""
    media = media_type(content_type)
    said = f" ({media})" if media else ""
    what = _magic(body[:16])
    if what:
        raise ParseFailure(UNSUPPORTED, f"the server sent {what}{said}, not a feed or a page")
    if is_binary(body):
        raise ParseFailure(UNSUPPORTED, f"the server sent binary data{said}, not a feed or a "
                                        "page")
    kind = sniff(body, content_type)
    if kind != "unknown":
        return kind
    if media.startswith(_TYPES_REFUSED) or media in _APP_REFUSED:
        raise ParseFailure(UNSUPPORTED, f"the server sent {media}, not a feed or a page")
    if media in _JSON_TYPES or body.lstrip()[:1] in (b"{", b"["):
        raise ParseFailure(UNSUPPORTED, "JSON that is not a JSON Feed (jsonfeed.org)")
    return kind
