"""The store's main file: its names, its framed JSON layout (meta, sources, then
the articles in chunks), decoding with checks (a corrupt file is told apart from one that
needs a migration) and encoding."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from talkstui.errors import StoreError
from talkstui.store.segments import (
    check_records,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]





SCHEMA_VERSION = 2
MAIN = "store.json"
GOOD = "store.json.good"
LOCK = "store.lock"
BODIES = "bodies"
TMP_MARK = ".tmp-"
DEFAULT_LOCK_TIMEOUT = 120.0

HEX64 = re.compile(r"[0-9a-f]{64}")
HEAD_PATTERN = re.compile(rb'^\{"meta":\{"1":\{"schema":(\d+),"generation":(\d+)')

class CorruptFile(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NeedsMigration(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def body_hash_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()



# ---------------------------------------------------------------- decoding


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing creates several container objects per article; the cyclic GC would rescan the
    growing heap many times over (it halves the parse time at 50k articles to pause it).
    Afterwards the new objects are moved straight to the oldest generation (freeze, then
    unfreeze), so the first young collection does not walk all of them either. This is only
    done when the application does not use gc.freeze itself."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def schema_of(data: Any) -> int:
    """The schema version of parsed data, or CorruptFile if it has no recognisable shape."""
    if not isinstance(data, dict):
        raise CorruptFile(f"the top level is {type(data).__name__}, not an object of tables")
    meta = data.get("meta")
    if meta is None:
        # schema 0: a stock TinyDB file (tables of int-keyed documents, bodies inline)
        if all(isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
               for t in data.values()):
            return 0
        raise CorruptFile("no meta table, and the tables are not objects of documents")
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        raise CorruptFile("the meta table has no document 1")
    schema = meta["1"].get("schema")
    if type(schema) is not int or schema < 0:
        raise CorruptFile("the meta document has no integer schema version")
    return schema


def check_v1(data: dict, deep: bool = False) -> None:
    """The shape of a schema-1 file. Each document is checked fully when it is converted
    (every read converts all of them; a transaction only those it touches), so the quick check
    here only makes sure every document is an object."""
    meta = data["meta"]["1"]
    if type(meta.get("generation")) is not int:
        raise CorruptFile("the meta document has no integer generation")
    problem = check_records(meta.get("segments", []))
    if problem is not None:
        raise CorruptFile(problem)
    gone = meta.get("gone", [])
    if not isinstance(gone, list) or not all(isinstance(k, str) for k in gone):
        raise CorruptFile("the list of removed articles is malformed")
    for table in ("sources", "articles"):
        docs = data.get(table)
        if not isinstance(docs, dict):
            raise CorruptFile(f"the {table} table is missing or not an object")
        if deep:
            for key, doc in docs.items():
                if type(doc) is not dict or doc.get("id") != key:
                    raise CorruptFile(f"{table} document {key[:40]!r} is not an object with that id")
        else:
            for doc in docs.values():
                if type(doc) is not dict:
                    raise CorruptFile(f"a document in the {table} table is not an object")
    if deep:
        for key, doc in data["articles"].items():
            if type(doc.get("body_hash")) is not str:
                raise CorruptFile(f"article {key[:40]!r} has no body hash")


def _decode(raw: bytes) -> dict:
    """Parse and validate the bytes of a store file. Raises CorruptFile, NeedsMigration."""
    if not raw:
        raise CorruptFile("the file is empty")
    if not raw.strip(b" \t\r\n"):
        raise CorruptFile("the file is blank")
    if b"\x00" in raw[:64] or b"\x00" in raw[-64:]:
        raise CorruptFile("the file contains NUL bytes")
    with gc_paused():
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise CorruptFile(f"not valid JSON ({exc})") from None
    schema = schema_of(data)
    if schema > SCHEMA_VERSION:
        raise StoreError(
            f"the store uses schema {schema}, newer than this talkstui understands "
            f"({SCHEMA_VERSION}); upgrade talkstui"
        )
    if schema < SCHEMA_VERSION:
        raise NeedsMigration(schema)
    check_v1(data)
    return data


ARTICLES_OPEN = b',"articles":{\n'
_ART_CLOSE = b"}}\n"
_CHUNK_ARTICLES = 1000


def encode_main(out: dict) -> Iterator[bytes]:
    """The file, in pieces: one line of every table but the articles, then the articles, a
    thousand to a line, then ``}}``. Still one JSON document (newlines are whitespace there,
    and orjson escapes every newline inside strings), but a reader can parse it a line at a
    time, which keeps its peak memory near the size of the parsed data."""
    articles = out.get("articles", {})
    rest = {k: v for k, v in out.items() if k != "articles"}
    yield orjson.dumps(rest)[:-1] + ARTICLES_OPEN
    items = list(articles.items())
    for i in range(0, len(items), _CHUNK_ARTICLES):
        chunk = orjson.dumps(dict(items[i : i + _CHUNK_ARTICLES]))
        yield chunk[1:-1] + (b",\n" if i + _CHUNK_ARTICLES < len(items) else b"\n")
    yield _ART_CLOSE


def _parse_framed(f: Any) -> dict | None:
    """Read a file written by `encode_main` a line at a time. None if it is not framed so (then
    the whole file is parsed at once, which also gives the verdict on a damaged file)."""
    head = f.readline()
    if not head.startswith(b'{"meta":') or not head.endswith(ARTICLES_OPEN):
        return None
    try:
        data = orjson.loads(head[: -len(ARTICLES_OPEN)] + b"}")
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    articles: dict = {}
    line = f.readline()
    if line == _ART_CLOSE:
        pass
    else:
        while True:
            if line.endswith(b",\n"):
                last = False
            elif line.endswith(b"\n"):
                last = True
            else:
                return None
            try:
                part = orjson.loads(b"{" + line[: -2 if not last else -1] + b"}")
            except orjson.JSONDecodeError:
                return None
            articles.update(part)
            line = f.readline()
            if last:
                if line != _ART_CLOSE:
                    return None
                break
    if f.read(1):
        return None  # something after the end
    data["articles"] = articles
    return data


def parse_main_file(path: Path) -> dict:
    """Parse and validate a store file. Raises CorruptFile, NeedsMigration, FileNotFoundError,
    StoreError."""
    try:
        # a large buffer: the article lines are ~1.7 MB each, and readline with the default
        # 8 KB buffer assembles them piece by piece (twice as slow at 50k articles)
        with open(path, "rb", buffering=1 << 22) as f:
            with gc_paused():
                data = _parse_framed(f)
            if data is None:
                f.seek(0)
                return _decode(f.read())
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    schema = schema_of(data)
    if schema != SCHEMA_VERSION:  # not what `encode_main` writes: let the full path decide
        with open(path, "rb") as f:
            return _decode(f.read())
    check_v1(data)
    return data


def empty_data() -> dict:
    return {
        "meta": {"1": {"schema": SCHEMA_VERSION, "generation": 0}},
        "sources": {},
        "articles": {},
    }



class StoreData(dict):
    """The parsed store: the main file's tables with ``articles`` holding every article (the
    segments' and the inline ones). `seg_docs`: the documents that come from segments, by id
    (the same objects as in ``articles``), so a commit can tell which are unchanged."""

    seg_docs: dict[str, Any] | None = None
    # read lazily (for a transaction): id -> (url, urls or None, body_hash) of the articles
    # still in unread segment lines (`SegmentLine` values in ``articles``)
    refmeta: dict[str, tuple] | None = None


class SegmentLine:
    """A line of a segment not read yet (the value of each of its articles until read)."""

    __slots__ = ("rec", "span")

    def __init__(self, rec: dict, span: list) -> None:
        self.rec = rec
        self.span = span
