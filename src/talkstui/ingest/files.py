"""Local files: text, markdown and HTML, one article each; folders recursively.

Every problem a user can cause (missing path, unreadable file, binary data, a
folder with nothing to import) is a `TalksError` with one clear line.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from talkstui.errors import TalksError
from talkstui.file_kind import file_kind
from talkstui.ingest.dates import parse_date
from talkstui.ingest.items import ParsedItem, ParseFailure

TEXT_EXT = {".txt", ".md", ".markdown"}
HTML_EXT = {".html", ".htm"}
EXTENSIONS = TEXT_EXT | HTML_EXT
MAX_FILE_BYTES = 20_000_000

_FOOTER = re.compile(r"^\s*#{1,6}\s*Original\s+url\s*:?\s*$", re.I | re.M)
_URL = re.compile(r"https?://\S+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_TAGS = re.compile(r"</?(?:u|b|i|em|strong|span|mark|sup|sub)\s*>", re.I)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _check_regular(path: Path) -> None:
    """Raises TalksError unless `path` is (or links to) a regular file: a FIFO would block
    the import forever, a device (a link to /dev/zero) would never end."""
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise TalksError(f"{path}: {kind}, not a regular file: not imported")


def expand(paths: list[Path]) -> list[Path]:
    """Files to import: each file as given, folders walked for known extensions. A FIFO, a
    device or a link to one, and a subfolder that cannot be read, are refused by name."""
    out: list[Path] = []
    for path in paths:
        try:
            if path.is_dir():
                found = []
                unreadable: list[OSError] = []
                for root, dirs, names in os.walk(path, followlinks=False,
                                                 onerror=unreadable.append):
                    dirs.sort()
                    for name in sorted(names):
                        if Path(name).suffix.lower() in EXTENSIONS:
                            _check_regular(Path(root) / name)
                            found.append(Path(root) / name)
                if unreadable:
                    exc = unreadable[0]
                    raise TalksError(f"{exc.filename or path}: a folder that cannot be read "
                                     f"({exc.strerror or exc}): nothing imported")
                if not found:
                    raise TalksError(f"{path}: no .txt, .md, .markdown, .html or .htm files in "
                                     "this folder")
                out.extend(found)
            elif path.exists():
                _check_regular(path)
                out.append(path)
            else:
                raise TalksError(f"{path}: no such file or folder")
        except PermissionError:
            raise TalksError(f"{path}: permission denied") from None
        except OSError as exc:
            raise TalksError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return out


def read_bytes(path: Path) -> bytes:
    try:
        # non-blocking open and fstat first: what was checked is what is read (a file swapped
        # for a FIFO in between is refused, not waited on)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            info = os.fstat(fd)
            kind = file_kind(info.st_mode)
            if kind is not None:
                raise TalksError(f"{path}: {kind}, not a regular file: not imported")
            size = info.st_size
            if size > MAX_FILE_BYTES:
                raise TalksError(f"{path}: too large to import ({size} bytes, the limit is "
                                 f"{MAX_FILE_BYTES})")
            with os.fdopen(os.dup(fd), "rb") as fh:
                return fh.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise TalksError(f"{path}: no such file") from None
    except PermissionError:
        raise TalksError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise TalksError(f"{path}: is a folder") from None
    except OSError as exc:
        raise TalksError(f"{path}: cannot read: {exc.strerror or exc}") from None


def is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def decode_text_file(path: Path, data: bytes) -> str:
    if is_binary(data):
        raise TalksError(f"{path}: looks like a binary file, not text, markdown or HTML")
    for codec in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) \
            else ("utf-8-sig",):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")


def parse_text(text: str, now: datetime, *, markdown: bool = True) -> ParsedItem:
    """Title, date, original URL and body from a plain-text or markdown article.

    The first heading (or, failing that, the first line) is the title; a line near
    the top that is a complete date (year, month and day) is the publication date;
    a trailing "## Original url:" section gives the URL and is removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    url = None
    footer = _FOOTER.search(text)
    if footer:
        m = _URL.search(text, footer.end())
        if m:
            url = m.group(0).rstrip(").,>\"'")
        text = text[: footer.start()]
    lines = text.split("\n")
    title = ""
    title_idx = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        h = _HEADING.match(line) if markdown else None
        if h:
            title, title_idx = h.group(2).strip(), i
        break
    published = None
    date_idx = None
    start = (title_idx + 1) if title_idx is not None else 0
    seen = 0
    for i in range(start, len(lines)):
        if not lines[i].strip():
            continue
        seen += 1
        if seen > 3:
            break
        cand = lines[i].strip()
        if len(cand) <= 40:
            d = parse_date(cand, now)
            if d:
                published, date_idx = d, i
                break
    body_lines = []
    for i, line in enumerate(lines):
        if i in (title_idx, date_idx):
            continue
        if markdown:
            h = _HEADING.match(line)
            if h:
                line = h.group(2)
            line = _INLINE_TAGS.sub("", line)
            line = _EMPHASIS.sub(r"\2", line)
        body_lines.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip()
    if not title:
        first = body.split("\n", 1)[0].strip()
        title = first if len(first) <= 200 else first[:199] + "…"
    return ParsedItem(title=title, text=body, url=url, published=published)


def read_article(path: Path, now: datetime) -> ParsedItem:
    """One file as an article. Raises TalksError for anything a user must fix."""
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in HTML_EXT:
        if is_binary(data):
            raise TalksError(f"{path}: looks like a binary file, not HTML")
        from talkstui.ingest import charset
        from talkstui.ingest.pages import extract_html

        try:
            text = charset.decode(data, None)
            return extract_html(text, None, now)
        except ParseFailure as exc:
            raise TalksError(f"{path}: {exc.detail}") from None
    text = decode_text_file(path, data)
    item = parse_text(text, now, markdown=suffix in (".md", ".markdown", ".txt"))
    if not item.text.strip():
        raise TalksError(f"{path}: the file has no text")
    return item
