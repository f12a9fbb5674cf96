"""Segment files of the store: immutable, content-addressed files of article documents.

The main file (``store.json``) is the commit point: it names the segments that hold most of
the articles (``meta.segments``: name, size, CRC-32 and count of each), lists the segment
articles since removed (``meta.gone``), and holds the recent and changed articles inline.
A commit rewrites only the main file, so a refresh costs O(new articles), not O(store).
When the inline articles grow past `INLINE_MAX`, they move into a new segment; when there
are more than `MAX_SEGMENTS`, the small ones are merged.

Layout::

    segments/<sha256>.seg        the articles: one JSON object of documents per line
    segments/<sha256>.seg.good   a second copy (its own inode), to restore a damaged one
    segments/tmp-files           segment writes in progress (TMP_MARK in the name)

A segment is written (temp file, fsync, rename, folder fsync) before the main file that
names it, and never changed afterwards. On read its size and CRC-32 are checked, and every
line must parse: a damaged segment is moved aside byte for byte and restored from its copy
(see `talkstui.store.Store`). Segments that neither the main file nor its last good copy
name are deleted under the exclusive lock after a commit that made new ones.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

SEGMENTS = "segments"
SEG_SUFFIX = ".seg"
TWIN_SUFFIX = ".seg.good"
IDX_SUFFIX = ".idx"
INLINE_MAX = 2000  # inline articles in the main file before they move into a segment
MAX_SEGMENTS = 8
_LINE_DOCS = 1000
_NAME = re.compile(r"[0-9a-f]{64}")


class BadSegment(Exception):
    """A segment named by the main file is missing or damaged."""

    def __init__(self, name: str, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.name = name
        self.path = path
        self.reason = reason


def encode_segment(docs: dict[str, Any]) -> bytes:
    return b"".join(_segment_lines(docs)[0])


def _segment_lines(docs: dict[str, Any]) -> tuple[list[bytes], list[list]]:
    items = list(docs.items())
    lines = []
    entries = []
    for n, i in enumerate(range(0, len(items), _LINE_DOCS)):
        chunk = items[i : i + _LINE_DOCS]
        lines.append(orjson.dumps(dict(chunk)) + b"\n")
        for k, d in chunk:
            url = d.get("url")
            urls = d.get("urls")
            entries.append([k, n, url, None if urls == [url] else urls, d.get("body_hash"),
                            d.get("source_ids")])
    return lines, entries


def encode_segment_and_index(docs: dict[str, Any]) -> tuple[bytes, bytes]:
    """The segment, and its index: where each line starts, its length and CRC-32, and for
    each article its id, line, url, urls (null when just [url]), body hash and source ids. A transaction
    reads the index and parses a line of the segment only when it needs an article there."""
    lines, entries = _segment_lines(docs)
    spans = []
    offset = 0
    for line in lines:
        spans.append([offset, len(line), zlib.crc32(line)])
        offset += len(line)
    index = orjson.dumps({"lines": spans, "docs": entries})
    return b"".join(lines), index


def record_of(payload: bytes, count: int, index: bytes | None = None) -> dict:
    rec = {
        "name": hashlib.sha256(payload).hexdigest(),
        "size": len(payload),
        "crc": zlib.crc32(payload),
        "count": count,
    }
    if index is not None:
        rec["idx_size"] = len(index)
        rec["idx_crc"] = zlib.crc32(index)
    return rec


def idx_path(folder: Path, name: str) -> Path:
    return folder / (name + IDX_SUFFIX)


def read_index(folder: Path, rec: dict) -> dict | None:
    """The index of a segment, or None if it has none or it is unreadable (the segment is
    then read whole; the index is only a short cut)."""
    if type(rec.get("idx_size")) is not int or type(rec.get("idx_crc")) is not int:
        return None
    try:
        raw = idx_path(folder, rec["name"]).read_bytes()
    except OSError:
        return None
    if len(raw) != rec["idx_size"] or zlib.crc32(raw) != rec["idx_crc"]:
        return None
    try:
        index = orjson.loads(raw)
        lines = index["lines"]
        docs = index["docs"]
        if (not isinstance(lines, list) or not isinstance(docs, list) or len(docs) != rec["count"]
                or sum(span[1] for span in lines) != rec["size"]):
            return None
    except (orjson.JSONDecodeError, KeyError, TypeError, IndexError):
        return None
    return index


def read_line(folder: Path, rec: dict, span: list) -> dict[str, Any]:
    """One line of a segment (its documents), checked against its CRC-32 (span: offset,
    length, CRC; a CRC of None checks the length and the JSON only). Raises BadSegment."""
    path = seg_path(folder, rec["name"])
    offset, length, crc = span
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            raw = f.read(length)
    except FileNotFoundError:
        raise BadSegment(rec["name"], path, "the file is missing") from None
    if len(raw) != length or crc is not None and zlib.crc32(raw) != crc:
        raise BadSegment(rec["name"], path, "a line's checksum does not match")
    try:
        docs = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadSegment(rec["name"], path, f"not valid JSON ({exc})") from None
    if type(docs) is not dict:
        raise BadSegment(rec["name"], path, "a line is not an object of documents")
    return docs


def check_records(records: Any) -> str | None:
    """What is wrong with ``meta.segments``, or None."""
    if not isinstance(records, list):
        return "the segment list is not a list"
    for r in records:
        if (
            type(r) is not dict
            or not isinstance(r.get("name"), str)
            or not _NAME.fullmatch(r["name"])
            or type(r.get("size")) is not int
            or type(r.get("crc")) is not int
            or type(r.get("count")) is not int
        ):
            return "a segment entry is malformed"
    return None


def seg_path(folder: Path, name: str) -> Path:
    return folder / (name + SEG_SUFFIX)


def twin_path(folder: Path, name: str) -> Path:
    return folder / (name + TWIN_SUFFIX)


def _parse_lines(
    lines, rec: dict, on_line: Callable[[dict, int, int], None] | None = None
) -> dict[str, Any] | str:
    """The documents of a segment given its lines, or the reason it is unreadable.
    `on_line(docs, offset, length)` sees each line's documents before they are merged."""
    docs: dict[str, Any] = {}
    size = 0
    crc = 0
    bad: str | None = None
    for line in lines:
        offset = size
        size += len(line)
        crc = zlib.crc32(line, crc)
        if bad is not None:
            continue
        try:
            part = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            bad = f"not valid JSON ({exc})"
            continue
        if type(part) is not dict:
            bad = "a line is not an object of documents"
            continue
        if on_line is not None:
            on_line(part, offset, len(line))
        docs.update(part)
    if size != rec["size"]:
        return f"its size is {size} bytes, not {rec['size']}"
    if crc != rec["crc"]:
        return "its checksum does not match"
    if bad is not None:
        return bad
    if len(docs) != rec["count"]:
        return f"it holds {len(docs)} articles, not {rec['count']}"
    # each document is checked in full when it is converted (`_check_v1(deep=True)` on repair)
    return docs


def parse_segment_bytes(raw: bytes, rec: dict) -> dict[str, Any] | str:
    return _parse_lines(raw.splitlines(keepends=True), rec)


def read_segment(
    folder: Path, rec: dict, detach: Callable[[str], str | None] | None = None
) -> dict[str, Any]:
    """Raises BadSegment (or OSError other than a missing file). `detach`: leave each
    document's analysis on disk (see `SegmentAnalyses`); `detach(id)` reads one analysis
    JSON text afresh from the store if the segment cannot be read again later."""
    path = seg_path(folder, rec["name"])
    on_line = None
    if detach is not None:
        shared: dict[str, str] = {}
        one = shared.setdefault

        def on_line(part: dict, offset: int, length: int) -> None:
            # also one string object for each outlet name and source id, and the url in
            # `urls` is the `url` object: about a tenth of what a document takes
            ref = SegmentAnalyses(folder, rec, offset, length, detach)
            for doc in part.values():
                if type(doc) is not dict:
                    continue
                if type(doc.get("analysis")) is str:
                    doc["analysis"] = ref
                outlet = doc.get("outlet")
                if type(outlet) is str:
                    outlet = doc["outlet"] = one(outlet, outlet)
                    names = doc.get("outlets")
                    if type(names) is list and len(names) == 1 and names[0] == outlet:
                        names[0] = outlet
                ids = doc.get("source_ids")
                if type(ids) is list and len(ids) == 1 and type(ids[0]) is str:
                    ids[0] = one(ids[0], ids[0])
                urls = doc.get("urls")
                if type(urls) is list and len(urls) == 1 and urls[0] == doc.get("url"):
                    urls[0] = doc["url"]
    try:
        # a large buffer: lines are ~1-3 MB each (see talkstui.store._parse_path)
        with open(path, "rb", buffering=1 << 22) as f:
            got = _parse_lines(iter(f.readline, b""), rec, on_line)
    except FileNotFoundError:
        raise BadSegment(rec["name"], path, "the file is missing") from None
    if isinstance(got, str):
        raise BadSegment(rec["name"], path, got)
    return got


def twin_problem(folder: Path, rec: dict) -> str | None:
    try:
        raw = twin_path(folder, rec["name"]).read_bytes()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return exc.strerror or str(exc)
    got = parse_segment_bytes(raw, rec)
    return got if isinstance(got, str) else None


# ---------------------------------------------------------------- analyses left on disk

_last_line: list = [None, None]  # (segment name, offset) and the analyses of that line
_last_lock = threading.Lock()


class SegmentAnalyses:
    """The analyses of one segment line, left on disk by a read-only snapshot: the analysis
    JSON text is the largest part of a document (about a third of the store), and the list
    of articles does not need it. `text(article_id)` reads the line again (segments never
    change) and keeps the analyses of the last line read, so a pass in store order reads
    each line once. If the segment is gone (merged away by a later commit) or damaged,
    `fallback(article_id)` reads the analysis from the store as it is now."""

    __slots__ = ("folder", "name", "offset", "length", "fallback")

    def __init__(self, folder: Path, rec: dict, offset: int, length: int,
                 fallback: Callable[[str], str | None]) -> None:
        self.folder = folder
        self.name = rec["name"]
        self.offset = offset
        self.length = length
        self.fallback = fallback

    def text(self, article_id: str) -> str | None:
        key = (self.name, self.offset)
        with _last_lock:
            if _last_line[0] == key:
                return _last_line[1].get(article_id)
        found = self._read()
        if found is None or article_id not in found:
            return self.fallback(article_id)
        with _last_lock:
            _last_line[0], _last_line[1] = key, found
        return found.get(article_id)

    def _read(self) -> dict[str, str | None] | None:
        # the line's own CRC is not known here (the snapshot checked the whole file's)
        try:
            docs = read_line(self.folder, {"name": self.name}, [self.offset, self.length, None])
        except (OSError, BadSegment):
            return None
        out: dict[str, str | None] = {}
        for key, doc in docs.items():
            if type(doc) is dict:
                value = doc.get("analysis")
                out[key] = value if type(value) is str or value is None else orjson.dumps(
                    value).decode()
        return out
