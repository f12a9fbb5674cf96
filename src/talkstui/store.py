"""The document store: crash-safe, shared by several processes, with a schema version.

Layout of a store folder (schema 2)::

    store.json         the main file, the commit point: tables ``meta``, ``sources`` and
                       ``articles`` (the recent and changed articles, inline); ``meta`` names
                       the segments holding the other articles (name, size, CRC-32, count)
                       and lists the segment articles since removed (``gone``)
    store.json.good    the last good copy: the previous committed main file (see below)
    store.lock         the lock file (never deleted)
    segments/<sha256>.seg       immutable, content-addressed files of article documents
    segments/<sha256>.seg.good  a second copy of each (its own inode), to restore a damaged one
    segments/<sha256>.idx       its index: per line offset/length/CRC, per article id, line,
                                url(s) and body hash (a short cut; the segment is the truth)
    bodies/ab/abcd...  article bodies, content-addressed by sha256 hex, written once
    bodies/tmp/        temporary files of body writes in progress

A commit writes the main file only (plus a new segment when more than `INLINE_MAX` articles
are inline, and a merge of all segments when there would be more than `MAX_SEGMENTS`), so a
refresh costs O(new articles), not O(store). See `talkstui.store_segments`.

Safety rules (DESIGN.md, "The store"):

* Every read-modify-write holds an exclusive lock (`filelock.FileLock` on ``store.lock``, which
  is an ``flock(LOCK_EX)``); every read holds a shared lock (``flock(LOCK_SH)`` on the same
  file). Both are flock locks on one file, so they exclude each other across processes, readers
  share, and the kernel drops them when a process dies (even by SIGKILL): no stale locks.
  filelock itself has only exclusive locks (and a SQLite-based ReadWriteLock, heavier and
  not interoperable with FileLock), hence the small LOCK_SH helper here.
* A commit writes a temporary file in the same folder, fsyncs it, renames it over
  ``store.json`` (`os.replace`) and fsyncs the folder. The file being replaced (which the
  transaction has just read and parsed: it is known good) becomes ``store.json.good`` through a
  hard link. So the good copy costs no copying, and after the commit it has its own inode:
  nothing that later writes ``store.json`` in place can damage it. It is the store as it was
  before the last write (one commit behind); an empty store is never kept as the good copy, so
  a restore never brings back an empty store.
* Every operation opens the file afresh: a long-running dashboard sees a cron job's commits.
  There is no query cache and no long-lived parsed copy.
* An unreadable ``store.json`` (empty, truncated, NUL bytes, not an object, wrong shape,
  trailing garbage) is renamed to ``store.json.corrupt-<UTC timestamp>`` (a rename: the bytes
  are untouched), ``store.json.good`` is copied back, and one message naming both files is set
  in `Store.last_recovery_message`, passed to ``on_recovery`` and issued as a `StoreRecovered`
  warning. Without a readable good copy the bad file is still moved aside, and `StoreError`
  is raised; the store is never replaced by an empty one, also not on the next start.
* The ``meta`` table carries ``schema`` and ``generation``; older schemas are migrated
  (`MIGRATIONS`) under the exclusive lock on first open.
* Temporary files left by killed writers are removed on open (when no one holds the lock) and
  at the start of every transaction: always under the exclusive lock, so no live writer owns
  them.

* Segments are written (temp file, fsync, rename, folder fsync; both copies and the index)
  before the main file that names them, and never changed. Reads check each one's size and
  CRC-32 (a transaction checks each line it reads against the index's CRC-32). A damaged or
  missing segment is moved aside byte for byte (``.corrupt-<UTC timestamp>``) and its second
  copy restored, with a message naming the files; without a good second copy the main file is
  handled as unreadable (moved aside, last good copy restored, or `StoreError`: never an empty
  store). After a commit that made a segment, segment files named neither by the main file nor
  by the last good copy are deleted (under the exclusive lock).
* A transaction reads the main file and the segment indexes only; it parses a segment line
  (1,000 articles) when it needs an article there (a look-up hit, ``tx.articles[...]``,
  ``values()``); untouched segment articles stay where they are on commit.

Speed at 50,000 articles: bodies live outside the main file; `Article.analysis` is stored as a
JSON string and decoded on first access (`StoredArticle`); documents are parsed with orjson
with the cyclic garbage collector paused; a transaction converts only the articles it touches
and writes the others back as parsed.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import operator
import os
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from talkstui.errors import StoreError
from talkstui.model import Article, Source
from talkstui.store_segments import (
    INLINE_MAX,
    MAX_SEGMENTS,
    SEG_SUFFIX,
    SEGMENTS,
    TWIN_SUFFIX,
    BadSegment,
    check_records,
    IDX_SUFFIX,
    encode_segment_and_index,
    idx_path,
    read_index,
    read_line,
    read_segment,
    record_of,
    seg_path,
    twin_path,
    twin_problem,
)
from talkstui.store_codec import (
    _ARTICLE_KEYS as _ARTICLE_DOC_KEYS,
    CodecError,
    StoredArticle,
    article_from_doc,
    article_to_doc,
    articles_from_docs,
    decode_analyses,
    source_from_doc,
    source_to_doc,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

import filelock
from tinydb import Storage, TinyDB
from tinydb.table import Table

__all__ = [
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "Store",
    "StoreSnapshot",
    "StoreRecovered",
    "Transaction",
    "JsonStoreStorage",
    "body_hash_of",
]

SCHEMA_VERSION = 2
MAIN = "store.json"
GOOD = "store.json.good"
LOCK = "store.lock"
BODIES = "bodies"
TMP_MARK = ".tmp-"
DEFAULT_LOCK_TIMEOUT = 120.0

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEAD = re.compile(rb'^\{"meta":\{"1":\{"schema":(\d+),"generation":(\d+)')

# Fault injection for tests: called with the name of each write step before it runs
# ("body_write", "body_fsync", "body_replace", "body_dir_fsync", "tmp_write", "tmp_fsync",
# "good_link", "replace", "dir_fsync"); it may raise OSError to simulate a failure.
_FAULT: Callable[[str], None] | None = None
_last = threading.local()  # .step: the last write step started, for error messages


def _step(name: str) -> None:
    _last.step = name
    if _FAULT is not None:
        _FAULT(name)


class StoreRecovered(UserWarning):
    """The store file was unreadable and was restored from the last good copy."""

    def __init__(self, message: str, bad_copy: Path | None, restored_from: Path | None) -> None:
        super().__init__(message)
        self.message = message
        self.bad_copy = bad_copy
        self.restored_from = restored_from

    def __str__(self) -> str:
        return self.message


class _Corrupt(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NeedsMigration(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def body_hash_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------- decoding


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
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


def _schema_of(data: Any) -> int:
    """The schema version of parsed data, or _Corrupt if it has no recognisable shape."""
    if not isinstance(data, dict):
        raise _Corrupt(f"the top level is {type(data).__name__}, not an object of tables")
    meta = data.get("meta")
    if meta is None:
        # schema 0: a stock TinyDB file (tables of int-keyed documents, bodies inline)
        if all(isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
               for t in data.values()):
            return 0
        raise _Corrupt("no meta table, and the tables are not objects of documents")
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        raise _Corrupt("the meta table has no document 1")
    schema = meta["1"].get("schema")
    if type(schema) is not int or schema < 0:
        raise _Corrupt("the meta document has no integer schema version")
    return schema


def _check_v1(data: dict, deep: bool = False) -> None:
    """The shape of a schema-1 file. Each document is checked fully when it is converted
    (every read converts all of them; a transaction only those it touches), so the quick check
    here only makes sure every document is an object."""
    meta = data["meta"]["1"]
    if type(meta.get("generation")) is not int:
        raise _Corrupt("the meta document has no integer generation")
    problem = check_records(meta.get("segments", []))
    if problem is not None:
        raise _Corrupt(problem)
    gone = meta.get("gone", [])
    if not isinstance(gone, list) or not all(isinstance(k, str) for k in gone):
        raise _Corrupt("the list of removed articles is malformed")
    for table in ("sources", "articles"):
        docs = data.get(table)
        if not isinstance(docs, dict):
            raise _Corrupt(f"the {table} table is missing or not an object")
        if deep:
            for key, doc in docs.items():
                if type(doc) is not dict or doc.get("id") != key:
                    raise _Corrupt(f"{table} document {key[:40]!r} is not an object with that id")
        else:
            for doc in docs.values():
                if type(doc) is not dict:
                    raise _Corrupt(f"a document in the {table} table is not an object")
    if deep:
        for key, doc in data["articles"].items():
            if type(doc.get("body_hash")) is not str:
                raise _Corrupt(f"article {key[:40]!r} has no body hash")


def _decode(raw: bytes) -> dict:
    """Parse and validate the bytes of a store file. Raises _Corrupt, _NeedsMigration."""
    if not raw:
        raise _Corrupt("the file is empty")
    if not raw.strip(b" \t\r\n"):
        raise _Corrupt("the file is blank")
    if b"\x00" in raw[:64] or b"\x00" in raw[-64:]:
        raise _Corrupt("the file contains NUL bytes")
    with _gc_paused():
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise _Corrupt(f"not valid JSON ({exc})") from None
    schema = _schema_of(data)
    if schema > SCHEMA_VERSION:
        raise StoreError(
            f"the store uses schema {schema}, newer than this talkstui understands "
            f"({SCHEMA_VERSION}); upgrade talkstui"
        )
    if schema < SCHEMA_VERSION:
        raise _NeedsMigration(schema)
    _check_v1(data)
    return data


_ART_OPEN = b',"articles":{\n'
_ART_CLOSE = b"}}\n"
_CHUNK_ARTICLES = 1000


def _encode(out: dict) -> Iterator[bytes]:
    """The file, in pieces: one line of every table but the articles, then the articles, a
    thousand to a line, then ``}}``. Still one JSON document (newlines are whitespace there,
    and orjson escapes every newline inside strings), but a reader can parse it a line at a
    time, which keeps its peak memory near the size of the parsed data."""
    articles = out.get("articles", {})
    rest = {k: v for k, v in out.items() if k != "articles"}
    yield orjson.dumps(rest)[:-1] + _ART_OPEN
    items = list(articles.items())
    for i in range(0, len(items), _CHUNK_ARTICLES):
        chunk = orjson.dumps(dict(items[i : i + _CHUNK_ARTICLES]))
        yield chunk[1:-1] + (b",\n" if i + _CHUNK_ARTICLES < len(items) else b"\n")
    yield _ART_CLOSE


def _parse_framed(f: Any) -> dict | None:
    """Read a file written by `_encode` a line at a time. None if it is not framed so (then
    the whole file is parsed at once, which also gives the verdict on a damaged file)."""
    head = f.readline()
    if not head.startswith(b'{"meta":') or not head.endswith(_ART_OPEN):
        return None
    try:
        data = orjson.loads(head[: -len(_ART_OPEN)] + b"}")
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


def _parse_path(path: Path) -> dict:
    """Parse and validate a store file. Raises _Corrupt, _NeedsMigration, FileNotFoundError,
    StoreError."""
    try:
        # a large buffer: the article lines are ~1.7 MB each, and readline with the default
        # 8 KB buffer assembles them piece by piece (twice as slow at 50k articles)
        with open(path, "rb", buffering=1 << 22) as f:
            with _gc_paused():
                data = _parse_framed(f)
            if data is None:
                f.seek(0)
                return _decode(f.read())
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    schema = _schema_of(data)
    if schema != SCHEMA_VERSION:  # not what `_encode` writes: let the full path decide
        with open(path, "rb") as f:
            return _decode(f.read())
    _check_v1(data)
    return data


def _empty_data() -> dict:
    return {
        "meta": {"1": {"schema": SCHEMA_VERSION, "generation": 0}},
        "sources": {},
        "articles": {},
    }


# ---------------------------------------------------------------- migrations


def _migrate_0_to_1(data: dict, put_body: Callable[[str], str]) -> dict:
    """Schema 0 (a stock TinyDB file: int doc ids, bodies inline as ``body``, analysis as an
    object) to schema 1 (keyed by id, bodies in bodies/, analysis as JSON text)."""
    out = _empty_data()
    for doc in (data.get("sources") or {}).values():
        src = source_from_doc(doc)
        out["sources"][src.id] = source_to_doc(src)
    for doc in (data.get("articles") or {}).values():
        doc = dict(doc)
        body = doc.pop("body", None)
        if isinstance(body, str):
            doc["body_hash"] = put_body(body)
        art = article_from_doc(doc)
        out["articles"][art.id] = article_to_doc(art)
    for name, table in data.items():  # keep any other table as it is
        if name not in ("sources", "articles", "meta", "_default") or (name == "_default" and table):
            out.setdefault(name, table)
    return out


def _migrate_1_to_2(data: dict, put_body: Callable[[str], str]) -> dict:
    """Schema 1 (every article in the main file) to schema 2 (most of them in segment files
    named by the main file): the same documents; the commit moves them into segments."""
    return data


# version -> function(data, put_body) -> data of version + 1
MIGRATIONS: dict[int, Callable[[dict, Callable[[str], str]], dict]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
}


class _Data(dict):
    """The parsed store: the main file's tables with ``articles`` holding every article (the
    segments' and the inline ones). `seg_docs`: the documents that come from segments, by id
    (the same objects as in ``articles``), so a commit can tell which are unchanged."""

    seg_docs: dict[str, Any] | None = None
    # read lazily (for a transaction): id -> (url, urls or None, body_hash) of the articles
    # still in unread segment lines (`_Line` values in ``articles``)
    refmeta: dict[str, tuple] | None = None


class _Line:
    """A line of a segment not read yet (the value of each of its articles until read)."""

    __slots__ = ("rec", "span")

    def __init__(self, rec: dict, span: list) -> None:
        self.rec = rec
        self.span = span


# ---------------------------------------------------------------- locks

_held_lock = threading.local()  # .paths: set of lock paths this thread holds exclusively


def _held_paths() -> set[str]:
    paths = getattr(_held_lock, "paths", None)
    if paths is None:
        paths = _held_lock.paths = set()
    return paths


class _Locks:
    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.key = os.path.realpath(path)
        self.timeout = timeout
        self._ex = filelock.FileLock(
            str(path),
            timeout=timeout,
            thread_local=True,
            preserve_lock_file=True,  # the shared lock below must lock the same inode
            fallback_to_soft=False,
            poll_interval=0.01,
        )

    def holds_exclusive(self) -> bool:
        return self.key in _held_paths()

    @contextlib.contextmanager
    def exclusive(self, blocking: bool = True) -> Iterator[bool]:
        if self.holds_exclusive():
            yield True
            return
        try:
            self._ex.acquire(blocking=blocking)
        except filelock.Timeout:
            if not blocking:
                yield False
                return
            raise StoreError(
                f"the store {self.path.parent} is locked by another process "
                f"(waited {self.timeout:.0f} s for {self.path.name})"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror or exc}") from None
        _held_paths().add(self.key)
        try:
            yield True
        finally:
            _held_paths().discard(self.key)
            self._ex.release()

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        if self.holds_exclusive():
            yield
            return
        if fcntl is None:  # pragma: no cover
            with self.exclusive():
                yield
            return
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open the lock file {self.path}: {exc.strerror}") from None
        try:
            # poll briefly: writers poll every 10 ms, so a waiting reader gets in between them
            deadline = time.monotonic() + self.timeout
            delay = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"the store {self.path.parent} is locked by another process "
                            f"(waited {self.timeout:.0f} s for {self.path.name})"
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.004)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the flock


# ---------------------------------------------------------------- files


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move_aside(path: Path, problem: str) -> Path:
    """Rename a damaged file to `<name>.corrupt-<UTC timestamp>` beside it (a rename: the
    bytes are untouched) and make the rename durable; `problem` opens the error message."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        os.replace(path, target)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(
            f"{problem}, and moving it aside to {target} failed: {_os_error_message(exc)}."
        ) from None
    return target


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view[: 1 << 24])
        view = view[n:]


def _write_durably(tmp: Path, data: bytes | Iterable[bytes], prefix: str) -> None:
    """Write `data` to the new file `tmp` and fsync it. Steps are named for fault injection."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _step(f"{prefix}_write")
        if isinstance(data, bytes):
            _write_all(fd, data)
        else:
            for piece in data:
                _write_all(fd, piece)
        _step(f"{prefix}_fsync")
        os.fsync(fd)
    finally:
        os.close(fd)


_SERIAL_BODIES = 4
_BODY_THREADS = 16


def _run_all(pool: Any, jobs: list[Callable[[], None]]) -> None:
    """Run `jobs` on `pool`; wait for all of them, then raise the first error (with the
    write step it failed at, for the message), so no job is still writing afterwards."""
    def run(job: Callable[[], None]) -> BaseException | None:
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            exc._talkstui_step = getattr(_last, "step", None)  # type: ignore[attr-defined]
            return exc
        return None

    errors = [e for e in pool.map(run, jobs) if e is not None]
    if errors:
        step = getattr(errors[0], "_talkstui_step", None)
        if step:
            _last.step = step
        raise errors[0]


def _link_or_copy(src: Path, dst: Path) -> None:
    """A hard link (free), or a durable copy where the file system has no hard links."""
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        _write_durably(dst, src.read_bytes(), "copy")


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _tmp_name(base: str) -> str:
    return f"{base}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"


def _os_error_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    return exc.strerror or str(exc)


# ---------------------------------------------------------------- TinyDB storage


class JsonStoreStorage(Storage):
    """A `tinydb.Storage` for the store file: atomic, locked, re-read on every operation.

    `read` parses the current file under the shared lock (with recovery and migration);
    `write` commits atomically and must be called under the exclusive lock (the store's
    transactions and `Store.tinydb()` tables take it around each read-modify-write).
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self) -> dict | None:
        return self.store._read_data()

    def write(self, data: dict) -> None:
        try:
            if _schema_of(data) != SCHEMA_VERSION:
                raise _Corrupt(f"schema {_schema_of(data)}")
            _check_v1(data, deep=True)
        except _Corrupt as bad:
            raise StoreError(f"refusing to write a malformed store: {bad.reason}") from None
        if not self.store._locks.holds_exclusive():
            with self.store._locks.exclusive():
                self.store._commit_data(data)
        else:
            self.store._commit_data(data)

    def close(self) -> None:
        pass


class _LockedTable(Table):
    """A TinyDB table whose read-modify-writes hold the store's exclusive lock and whose
    documents are keyed by the string ids the store uses (not TinyDB's int ids)."""

    document_id_class = str  # type: ignore[assignment]

    def __init__(self, storage: JsonStoreStorage, name: str, cache_size: int = 0, **kw: Any):
        super().__init__(storage, name, cache_size=0, **kw)  # never a query cache

    def _update_table(self, updater):  # type: ignore[no-untyped-def]
        with self._storage.store._locks.exclusive():  # type: ignore[attr-defined]
            super()._update_table(updater)

    def _get_next_id(self):  # type: ignore[no-untyped-def]
        return os.urandom(8).hex()


class _StoreTinyDB(TinyDB):
    table_class = _LockedTable
    default_table_name = "articles"


def _choices_of(meta: dict) -> dict:
    raw = meta.get("choices")
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, dict)}


# ---------------------------------------------------------------- public types


@dataclass
class StoreSnapshot:
    """One consistent read of the store."""

    sources: list[Source]
    articles: list[Article]
    generation: int
    schema: int = SCHEMA_VERSION
    _by_id: dict[str, Article] | None = field(default=None, repr=False, compare=False)
    # the user's in/out choices per story: {story id: {"articles": {id: bool},
    # "sources": {id: bool}}} (see talkstui.store_choices)
    choices: dict = field(default_factory=dict)

    def article(self, article_id: str) -> Article | None:
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.articles}
        return self._by_id.get(article_id)


_SAME_FIELDS = ("id", "title", "outlet", "url", "body_hash", "source_ids", "outlets", "urls",
                "author", "bundled", "revisions")
_same_fields = operator.itemgetter(*_SAME_FIELDS)
_get_url = operator.itemgetter("url")
_get_urls = operator.itemgetter("urls")
_get_hash = operator.itemgetter("body_hash")
_REINDEX_AFTER = 16
_get_lists = operator.itemgetter("source_ids", "outlets", "urls")


class _ArticleMap(MutableMapping):
    """``tx.articles``: the articles of the transaction, by id, converted on first access.

    Values are `Article`s; anything read through the map may be mutated in place and is
    written back on commit (call `put_article` after editing one, so that the look-ups by URL
    and body hash see the change at once). Documents never converted are written back as read;
    so are converted articles that were not changed (checked by identity, field by field).
    """

    def __init__(
        self,
        docs: dict[str, Any],
        seg_docs: dict[str, Any] | None = None,
        load_line: Callable[[_Line], dict[str, Any]] | None = None,
        refmeta: dict[str, tuple] | None = None,
    ) -> None:
        self._d: dict[str, Any] = docs  # id -> raw document (dict), `_Line` or Article
        self._load_line = load_line
        self._refmeta = refmeta or {}
        # documents that live in segment files: written back by reference (not into the
        # main file) when unchanged, so their lists are remembered at conversion, to see
        # edits made in place (the lists are shared with the raw document)
        self._seg: dict[str, Any] = seg_docs or {}
        self._lists: dict[str, tuple] = {}
        self.changed: set[str] = set()  # segment documents edited in place (set by to_docs)
        # id -> (raw document, published, fetched_at) of articles converted from a document
        self._orig: dict[str, tuple[dict, Any, Any]] = {}
        self._url: dict[str, str] | None = None  # look-up indexes, built on first use
        self._hash: dict[str, str] | None = None
        self._unindexed: set[str] = set()  # converted since indexing: may be edited in place

    # ------------------------------------------------ conversion

    def _convert(self, key: str, raw: dict) -> Article:
        try:
            a = article_from_doc(dict(raw))  # a shallow copy: lists stay shared with `raw`
        except CodecError as exc:
            raise StoreError(f"the store has a malformed article: {exc}") from None
        if raw.keys() == _ARTICLE_DOC_KEYS:
            self._orig[key] = (raw, a.published, a.fetched_at)
            if self._seg.get(key) is raw:
                self._lists[key] = tuple(map(tuple, _get_lists(raw)))
        self._d[key] = a
        if self._url is not None:
            self._unindexed.add(key)
        return a

    def _get(self, key: str) -> Article:
        v = self._d[key]
        if type(v) is _Line:
            v = self._read_line(key, v)
        return self._convert(key, v) if type(v) is dict else v

    def _read_line(self, key: str, line: _Line) -> dict:
        """Read the segment line holding `key`: every article of it that is still a
        reference becomes its document."""
        if self._load_line is None:
            raise StoreError("internal error: a segment line without a reader")
        with _gc_paused():
            docs = self._load_line(line)
        d, seg = self._d, self._seg
        for k, doc in docs.items():
            if d.get(k) is line:
                d[k] = doc
            if seg.get(k) is line:
                seg[k] = doc
        v = d[key]
        if type(v) is _Line:
            raise StoreError(f"the store segment {line.rec['name']} does not hold article "
                             f"{key[:40]!r} that its index names")
        return v

    def load_all(self) -> None:
        """Read every segment line still unread."""
        pending = {id(v): (k, v) for k, v in self._d.items() if type(v) is _Line}
        for k, v in pending.values():
            if self._d.get(k) is v:
                self._read_line(k, v)

    def _convert_all(self) -> None:
        self.load_all()
        with _gc_paused():
            for key in [k for k, v in self._d.items() if type(v) is dict]:
                self._convert(key, self._d[key])

    def _unchanged(self, key: str, a: Any) -> dict | None:
        """The document `a` was converted from, if `a` is still exactly that document."""
        orig = self._orig.get(key)
        if orig is None or type(a) is not StoredArticle:
            return None
        raw, published, fetched_at = orig
        d = a.__dict__
        if "_analysis" in d or d.get("_analysis_json") is not raw["analysis"]:
            return None  # analysis was decoded (and may have been edited in place)
        if d["published"] is not published or d["fetched_at"] is not fetched_at:
            return None
        if raw["revisions"] or len(d) != len(raw):
            return None
        if not all(map(operator.is_, _same_fields(d), _same_fields(raw))):
            return None
        return raw  # lists edited in place are shared with `raw`, so it is current

    # ------------------------------------------------ mapping

    def __getitem__(self, key: str) -> Article:
        return self._get(key)

    def __setitem__(self, key: str, value: Article) -> None:
        if not isinstance(value, Article):
            raise TypeError(f"tx.articles values must be Article, not {type(value).__name__}")
        if key != value.id:
            raise ValueError(f"key {key!r} differs from the article id {value.id!r}")
        self._d[key] = value
        if self._url is not None:
            self._index_one(key, value)
            self._unindexed.discard(key)

    def __delitem__(self, key: str) -> None:
        del self._d[key]
        self._unindexed.discard(key)
        self._orig.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._d))

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    def get(self, key: str, default: Any = None) -> Any:
        return self._get(key) if key in self._d else default

    def values(self):  # type: ignore[override]
        self._convert_all()
        return list(self._d.values())

    def items(self):  # type: ignore[override]
        self._convert_all()
        return list(self._d.items())

    def copy(self) -> dict[str, Article]:
        return dict(self.items())

    def __repr__(self) -> str:
        return f"<tx.articles: {len(self._d)} articles>"

    # ------------------------------------------------ look-ups

    def _index_one(self, key: str, a: Any) -> None:
        assert self._url is not None and self._hash is not None
        for u in a.urls or ():
            if isinstance(u, str):
                self._url[u] = key
        if isinstance(a.url, str):
            self._url[a.url] = key
        if isinstance(a.body_hash, str):
            self._hash[a.body_hash] = key

    def _indexes(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._url is None or self._hash is None:
            with _gc_paused():
                self._build_indexes()
        elif len(self._unindexed) > _REINDEX_AFTER:
            for k in self._unindexed:
                if k in self._d:
                    self._index_one(k, self._d[k])
            self._unindexed = set()
        return self._url, self._hash  # type: ignore[return-value]

    def _build_indexes(self) -> None:
        refs = [k for k, v in self._d.items() if type(v) is _Line]
        keys = [k for k, v in self._d.items() if type(v) is dict]
        raws = [self._d[k] for k in keys]
        try:  # C-level passes over the documents, which all have these keys
            urls = list(map(_get_url, raws))
            url = dict(zip(urls, keys))
            by_hash = dict(zip(map(_get_hash, raws), keys))
            extra = [
                (k, us) for k, us, u in zip(keys, map(_get_urls, raws), urls)
                if len(us) != 1 or us[0] != u
            ]
        except (KeyError, TypeError):  # hand-made documents: the slow way
            url, by_hash, extra = {}, {}, []
            for k, v in zip(keys, raws):
                if isinstance(v.get("url"), str):
                    url[v["url"]] = k
                by_hash[v.get("body_hash")] = k
                extra.append((k, v.get("urls") or ()))
        meta = self._refmeta
        for k in refs:  # articles in unread segment lines: from the segment index
            m = meta.get(k)
            if m is None:
                continue
            u, us, h = m[:3]
            if isinstance(u, str):
                url.setdefault(u, k)
            if isinstance(h, str):
                by_hash.setdefault(h, k)
            if us:
                extra.append((k, us))
        for k, us in extra:
            for u in us:
                if isinstance(u, str):
                    url.setdefault(u, k)
        url.pop(None, None)  # type: ignore[call-overload]
        self._url, self._hash = url, by_hash
        for k, v in self._d.items():
            if type(v) is not dict and type(v) is not _Line:
                self._index_one(k, v)
        self._unindexed = set()

    def find_by_url(self, url: str) -> Article | None:
        by_url, _ = self._indexes()
        for key in self._unindexed:
            a = self._d.get(key)
            if a is not None and (a.url == url or url in a.urls):
                return a
        key = by_url.get(url)
        if key is None or key not in self._d:
            return None
        a = self._get(key)
        return a if a.url == url or url in a.urls else None

    def find_by_body_hash(self, body_hash: str) -> Article | None:
        _, by_hash = self._indexes()
        for key in self._unindexed:
            a = self._d.get(key)
            if a is not None and a.body_hash == body_hash:
                return a
        key = by_hash.get(body_hash)
        if key is None or key not in self._d:
            return None
        a = self._get(key)
        return a if a.body_hash == body_hash else None

    def to_docs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, v in self._d.items():
            if type(v) is dict or type(v) is _Line:
                out[key] = v
                continue
            raw = self._unchanged(key, v)
            if raw is not None:
                lists = self._lists.get(key)
                if lists is not None and tuple(map(tuple, _get_lists(raw))) != lists:
                    self.changed.add(key)
                out[key] = raw
                continue
            try:
                out[v.id] = article_to_doc(v)
            except (CodecError, AttributeError, TypeError) as exc:
                raise StoreError(f"cannot store article {key!r}: {exc}") from None
        return out


class Transaction:
    """A read-modify-write of the store under the exclusive lock. See `Store.transaction`."""

    def __init__(self, store: Store, data: dict) -> None:
        self._store = store
        self._data = data
        try:
            self.sources: dict[str, Source] = {
                k: source_from_doc(v) for k, v in data["sources"].items()
            }
        except CodecError as exc:
            raise StoreError(f"the store has a malformed source: {exc}") from None
        self.articles: _ArticleMap = _ArticleMap(
            data["articles"], getattr(data, "seg_docs", None), store._load_line,
            getattr(data, "refmeta", None),
        )
        self._bodies: dict[str, str] = {}  # hash -> text, written on commit before the file
        self.generation: int = data["meta"]["1"]["generation"]
        # the user's in/out choices per story, kept in the meta document (store_choices)
        self.choices: dict = _choices_of(data["meta"]["1"])

    # ------------------------------------------------ sources

    def put_source(self, src: Source) -> None:
        self.sources[src.id] = src

    def remove_source(self, source_id: str) -> None:
        self.sources.pop(source_id, None)

    # ------------------------------------------------ articles

    def put_article(self, a: Article) -> None:
        self.articles[a.id] = a

    def remove_article(self, article_id: str) -> None:
        if article_id in self.articles:
            del self.articles[article_id]

    def find_article_by_url(self, url: str) -> Article | None:
        return self.articles.find_by_url(url)

    def find_article_by_body_hash(self, body_hash: str) -> Article | None:
        return self.articles.find_by_body_hash(body_hash)

    def source_counts(self) -> dict[str, int]:
        """How many articles of the transaction name each source id (as counting
        ``a.source_ids`` over ``tx.articles.values()`` does), without reading the segment
        lines of articles not touched: their source ids are in the segment index."""
        arts = self.articles
        meta = arts._refmeta
        counts: dict[str, int] = {}
        get = counts.get
        for k, v in list(arts._d.items()):
            if type(v) is _Line:
                m = meta.get(k)
                sids = m[3] if m is not None and len(m) > 3 else None
                if not isinstance(sids, list):
                    v = arts._read_line(k, v)
            if type(v) is _Line:
                pass
            elif type(v) is dict:
                sids = v.get("source_ids") or ()
            else:
                sids = v.source_ids
            for sid in sids:
                counts[sid] = get(sid, 0) + 1
        return counts

    # ------------------------------------------------ bodies

    def put_body(self, text: str) -> str:
        """Store a body (on commit, before the main file) and return its sha256 hex."""
        if not isinstance(text, str):
            raise TypeError("a body is text")
        h = body_hash_of(text)
        self._bodies[h] = text
        return h

    def body(self, body_hash: str) -> str:
        if body_hash in self._bodies:
            return self._bodies[body_hash]
        return self._store.body(body_hash)

    # ------------------------------------------------ commit

    def _docs(self) -> dict:
        out = dict(self._data)  # keeps any extra table
        out["meta"] = {"1": dict(self._data["meta"]["1"])}
        if self.choices or "choices" in out["meta"]["1"]:
            out["meta"]["1"]["choices"] = self.choices
        sources = {}
        for src in self.sources.values():
            try:
                sources[src.id] = source_to_doc(src)
            except (CodecError, AttributeError, TypeError) as exc:
                raise StoreError(f"cannot store source {getattr(src, 'id', src)!r}: {exc}") from None
        out["sources"] = sources
        out["articles"] = self.articles.to_docs()
        return out


# ---------------------------------------------------------------- the store


class Store:
    """The store in `directory` (created if needed). Cheap to create; holds no open files."""

    def __init__(
        self,
        directory: Path | str,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_recovery: Callable[[StoreRecovered], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / MAIN
        self.good_path = self.directory / GOOD
        self.bodies_dir = self.directory / BODIES
        self.segments_dir = self.directory / SEGMENTS
        self.last_recovery_message: str | None = None
        self.on_recovery = on_recovery
        self._in_tx = threading.local()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.bodies_dir / "tmp").mkdir(parents=True, exist_ok=True)
            self.segments_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.directory}: {exc.strerror}") from None
        self._locks = _Locks(self.directory / LOCK, lock_timeout)
        self._storage = JsonStoreStorage(self)
        self._open()

    def __repr__(self) -> str:
        return f"Store({str(self.directory)!r})"

    # ------------------------------------------------ opening

    def _open(self) -> None:
        """Remove temp files of killed writers; create, repair or migrate the main file."""
        if self._head_ok():
            # the usual case: tidy up if nobody is writing; full checks happen on each read
            with self._locks.exclusive(blocking=False) as got:
                if got:
                    self._clean_temp_files()
            return
        with self._locks.exclusive():
            self._clean_temp_files()
            try:
                self._load_raw()
            except (_Corrupt, _NeedsMigration, FileNotFoundError, BadSegment):
                self._repair()

    def _head_ok(self) -> bool:
        try:
            with open(self.path, "rb") as f:
                head = f.read(128)
        except OSError:
            return False
        m = _HEAD.match(head)
        return bool(m) and int(m.group(1)) == SCHEMA_VERSION

    def _clean_temp_files(self) -> None:
        for folder in (self.directory, self.bodies_dir / "tmp", self.segments_dir):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if TMP_MARK in name:
                    _unlink_quietly(folder / name)

    # ------------------------------------------------ reading

    def _load_raw(self) -> dict:
        return self._load_path(self.path)

    def _load_path(self, path: Path, lazy: bool = False, detach: bool = False) -> _Data:
        """The main file at `path` with the articles of its segments. Raises what
        `_parse_path` raises, and BadSegment. `lazy`: read the segments' indexes only, and
        leave a `_Line` for each article (read on demand by the transaction). `detach` (a
        read-only snapshot): leave the segment articles' analyses on disk (`SegmentAnalyses`)."""
        data = _Data(_parse_path(path))
        meta = data["meta"]["1"]
        records = meta.get("segments") or []
        if not records:
            data.seg_docs = {}
            return data
        seg_docs: dict[str, Any] = {}
        refmeta: dict[str, tuple] = {}
        try:
            with _gc_paused():
                for rec in records:
                    index = read_index(self.segments_dir, rec) if lazy else None
                    if index is None:
                        docs = read_segment(self.segments_dir, rec,
                                            self._fresh_analysis if detach else None)
                        seg_docs.update(docs)
                        for k in docs:
                            refmeta.pop(k, None)
                        continue
                    lines = [_Line(rec, span) for span in index["lines"]]
                    entries = index["docs"]
                    ids = [e[0] for e in entries]
                    seg_docs.update(zip(ids, [lines[e[1]] for e in entries]))
                    refmeta.update(zip(ids, [(e[2], e[3], e[4], e[5] if len(e) > 5 else None)
                                             for e in entries]))
        except OSError as exc:
            raise StoreError(f"cannot read the store segments in {self.segments_dir}: "
                             f"{exc.strerror or exc}") from None
        for key in meta.get("gone") or ():
            seg_docs.pop(key, None)
        merged = dict(seg_docs)
        merged.update(data["articles"])
        data["articles"] = merged
        data.seg_docs = seg_docs
        data.refmeta = refmeta if lazy else None
        return data

    def _load_line(self, line: _Line) -> dict[str, Any]:
        """The documents of a segment line, for a transaction (under the exclusive lock).
        A damaged segment is repaired from its second copy and read again; if that is not
        possible, the store is restored and the transaction fails (it wrote nothing)."""
        try:
            return read_line(self.segments_dir, line.rec, line.span)
        except BadSegment as bad:
            if self._repair_segment(bad):
                return read_line(self.segments_dir, line.rec, line.span)
            raise StoreError(
                f"the store segment {bad.path} was unreadable ({bad.reason}) and the store was "
                "restored from its last good copy during this transaction: nothing was written; "
                "try again"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot read the store segment {line.rec['name']}: "
                             f"{exc.strerror or exc}") from None

    def _fresh_analysis(self, article_id: str) -> str | None:
        """An article's analysis JSON read from the store as it is now (for a snapshot whose
        segment has since been merged away or damaged). Raises StoreError."""
        a = self.article(article_id)
        return None if a is None else a.analysis_json()  # type: ignore[attr-defined]

    def _read_data(
        self, convert: Callable[[dict], Any] | None = None, lazy: bool = False,
        detach: bool = False,
    ) -> Any:
        """Parse the current file under the shared lock, repairing or migrating if needed.
        `convert` runs under the same lock; a malformed document makes the file unreadable.
        `lazy` (a transaction, under the exclusive lock): segments by their index only."""
        for _attempt in range(3):
            with self._locks.shared():
                try:
                    data = (self._load_path(self.path, lazy=True) if lazy
                            else self._load_path(self.path, detach=detach))
                    return data if convert is None else convert(data)
                except (_Corrupt, _NeedsMigration, FileNotFoundError, CodecError, BadSegment):
                    pass
            with self._locks.exclusive():
                self._repair()
        raise StoreError(f"the store {self.path} keeps changing under repair; try again")

    @staticmethod
    def _convert(data: dict, with_analysis: bool = False) -> StoreSnapshot:
        with _gc_paused():
            sources = [source_from_doc(d) for d in data["sources"].values()]
            articles: list[Article] = articles_from_docs(data["articles"])  # type: ignore[assignment]
            if with_analysis:
                decode_analyses(articles)
        meta = data["meta"]["1"]
        return StoreSnapshot(sources, articles, meta["generation"], meta["schema"],
                             choices=_choices_of(meta))

    def snapshot(self, *, with_analysis: bool = False) -> StoreSnapshot:
        """Everything, read once under the shared lock. `Article.analysis` is decoded on first
        access; `with_analysis=True` decodes all of them now, faster than one by one later
        (the cyclic GC is paused meanwhile) - use it when every analysis will be read."""
        if with_analysis:
            return self._read_data(lambda data: self._convert(data, True))
        return self._read_data(self._convert, detach=True)

    def sources(self) -> list[Source]:
        data = self._read_data()
        try:
            return [source_from_doc(d) for d in data["sources"].values()]
        except CodecError as exc:
            raise StoreError(f"the store {self.path} has a malformed source: {exc}") from None

    def articles(self, *, with_analysis: bool = False) -> list[Article]:
        return self.snapshot(with_analysis=with_analysis).articles

    def article(self, article_id: str) -> Article | None:
        data = self._read_data()
        doc = data["articles"].get(article_id)
        if doc is None:
            return None
        try:
            return article_from_doc(doc)
        except CodecError as exc:
            raise StoreError(f"the store {self.path} has a malformed article: {exc}") from None

    def choices(self) -> dict:
        """The user's in/out choices per story (the main file's meta document only)."""
        return _choices_of(self._read_data()["meta"]["1"])

    def generation(self) -> int:
        """Changes whenever any process commits. Reads the first bytes of the file only, takes
        no lock and never repairs anything, so a UI thread may poll it. Committed generations
        are positive and increase (they are at least the commit time in microseconds, so they
        never repeat, even after a restore); a file that is missing, damaged or due for
        migration gives a negative value derived from its identity, so the poller still sees
        a change, and its next read (`snapshot`) does the repair."""
        try:
            with open(self.path, "rb") as f:
                head = f.read(128)
                st = os.fstat(f.fileno())
        except OSError:
            return -1
        m = _HEAD.match(head)
        if m and int(m.group(1)) == SCHEMA_VERSION:
            return int(m.group(2))
        return -2 - (hash((st.st_ino, st.st_mtime_ns, st.st_size, head)) & ((1 << 62) - 1))

    # ------------------------------------------------ bodies

    def _body_path(self, body_hash: str) -> Path:
        return self.bodies_dir / body_hash[:2] / body_hash

    def has_body(self, body_hash: str) -> bool:
        return bool(_HEX64.fullmatch(body_hash)) and self._body_path(body_hash).exists()

    def body(self, body_hash: str) -> str:
        if not isinstance(body_hash, str) or not _HEX64.fullmatch(body_hash):
            raise StoreError(f"not a body hash: {str(body_hash)[:80]!r}")
        path = self._body_path(body_hash)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"the article body {body_hash} is missing from {self.bodies_dir}") from None
        except OSError as exc:
            raise StoreError(f"cannot read the article body {path}: {exc.strerror}") from None
        if hashlib.sha256(raw).hexdigest() != body_hash:
            raise StoreError(f"the article body {path} is damaged (its hash does not match)")
        return raw.decode("utf-8", "surrogatepass")

    def _write_bodies(self, bodies: dict[str, str]) -> None:
        """Write new bodies durably (idempotent: an existing body file is kept). Each file and
        each folder is fsynced; with many bodies the fsyncs run on a few threads at once
        (they wait on the disk, not on Python, and the file system commits them together:
        500 bodies cost a few group commits, not 1,000 sequential flushes)."""
        todo = []
        dirs: set[Path] = set()
        for h, text in bodies.items():
            final = self._body_path(h)
            if not final.exists():
                todo.append((h, text, final))
                dirs.add(final.parent)
        if not todo:
            return
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        if len(todo) <= _SERIAL_BODIES:
            for item in todo:
                self._write_body(*item)
            _step("body_dir_fsync")
            for d in sorted(dirs):
                _fsync_dir(d)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(_BODY_THREADS, thread_name_prefix="talkstui-body") as pool:
            _run_all(pool, [lambda item=item: self._write_body(*item) for item in todo])
            _step("body_dir_fsync")
            _run_all(pool, [lambda d=d: _fsync_dir(d) for d in sorted(dirs)])

    def _write_body(self, h: str, text: str, final: Path) -> None:
        tmp = self.bodies_dir / "tmp" / _tmp_name(h[:16])
        try:
            _write_durably(tmp, text.encode("utf-8", "surrogatepass"), "body")
            _step("body_replace")
            os.replace(tmp, final)
        except BaseException:
            _unlink_quietly(tmp)
            raise

    # ------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Exclusive lock; the fresh file; one atomic write on a clean exit, none on error."""
        if getattr(self._in_tx, "active", False):
            raise StoreError("a store transaction is already open in this thread")
        self._in_tx.active = True
        try:
            with self._locks.exclusive():
                self._clean_temp_files()  # cheap; a long-running process tidies up too
                data = self._read_data(lazy=True)
                tx = Transaction(self, data)
                yield tx
                with _gc_paused():
                    docs = tx._docs()
                self._commit_data(docs, bodies=tx._bodies, seg_docs=getattr(data, "seg_docs", None),
                                  changed=tx.articles.changed, load_all=tx.articles.load_all)
        finally:
            self._in_tx.active = False

    def _commit_data(
        self,
        data: dict,
        bodies: dict[str, str] | None = None,
        seg_docs: dict[str, Any] | None = None,
        changed: set[str] | None = None,
        load_all: Callable[[], None] | None = None,
    ) -> None:
        """Write `data` (every article in ``data["articles"]``) as the new store. Caller holds
        the exclusive lock. `seg_docs`: the documents the read found in segment files (by
        id); those still in `data` as the very same, unchanged objects stay where they are,
        and only the others are written (inline in the main file, or into a new segment once
        there are many). Without it, every article is written afresh."""
        meta = data.get("meta", {}).get("1") or {"schema": SCHEMA_VERSION, "generation": 0}
        previous = meta.get("generation", 0)
        # never repeats, even after a restore from an older copy
        generation = max(int(previous) + 1, time.time_ns() // 1000)
        articles: dict[str, Any] = data.get("articles", {})
        old_names = {r.get("name") for r in meta.get("segments") or () if isinstance(r, dict)}
        if seg_docs:
            records = list(meta.get("segments") or [])
            changed = changed or set()
            seg_get = seg_docs.get
            inline = {k: d for k, d in articles.items() if seg_get(k) is not d or k in changed}
            gone = [k for k in seg_docs if k not in articles]
        else:
            records, inline, gone = [], articles, []
        new_segments: list[tuple[dict, bytes, bytes]] = []
        if len(inline) > INLINE_MAX:
            with _gc_paused():
                if len(records) >= MAX_SEGMENTS:  # merge: every article into one segment
                    if any(type(d) is _Line for d in articles.values()):
                        if load_all is None or not seg_docs:
                            raise StoreError("internal error: unread segment lines to merge")
                        load_all()  # replaces the lines in seg_docs by their documents
                        articles = {k: seg_docs[k] if type(d) is _Line else d
                                    for k, d in articles.items()}
                    payload, index = encode_segment_and_index(articles)
                    records, gone, n = [], [], len(articles)
                else:  # the inline articles move into a new segment
                    payload, index = encode_segment_and_index(inline)
                    n = len(inline)
            rec = record_of(payload, n, index)
            new_segments.append((rec, payload, index))
            records.append(rec)
            inline = {}
        # meta first, schema then generation: `generation()` reads them from the first bytes
        out: dict[str, Any] = {}
        out["meta"] = {"1": {
            "schema": SCHEMA_VERSION,
            "generation": generation,
            **{k: v for k, v in meta.items() if k not in ("schema", "generation", "segments", "gone")},
            "segments": records,
            "gone": gone,
        }}
        for k, v in data.items():
            if k != "meta":
                out[k] = v
        out["articles"] = inline
        step = "write"
        _last.step = step
        try:
            if bodies:
                self._write_bodies(bodies)
            for rec, payload, index in new_segments:
                self._write_segment(rec, payload, index)
            with _gc_paused():
                self._replace_main(_encode(out))
        except (TypeError, orjson.JSONEncodeError) as exc:
            raise StoreError(f"cannot serialise the store: {exc}; nothing was written") from None
        except OSError as exc:
            raise StoreError(
                f"cannot write the store in {self.directory}: {_os_error_message(exc)} "
                f"(step: {getattr(_last, 'step', step)}); the store file was not changed"
            ) from None
        data.setdefault("meta", {})["1"] = out["meta"]["1"]
        if new_segments or old_names != {r["name"] for r in records}:
            self._collect_segments()

    def _write_segment(self, rec: dict, payload: bytes, index: bytes) -> None:
        """Both copies of a new segment and its index, durably (content-addressed: kept if
        present)."""
        wrote = False
        name = rec["name"]
        for final, data in ((seg_path(self.segments_dir, name), payload),
                            (twin_path(self.segments_dir, name), payload),
                            (idx_path(self.segments_dir, name), index)):
            try:
                if final.stat().st_size == len(data):
                    continue
            except FileNotFoundError:
                pass
            tmp = self.segments_dir / _tmp_name(rec["name"][:16])
            try:
                _write_durably(tmp, data, "seg")
                _step("seg_replace")
                os.replace(tmp, final)
            except BaseException:
                _unlink_quietly(tmp)
                raise
            wrote = True
        if wrote:
            _step("seg_dir_fsync")
            _fsync_dir(self.segments_dir)

    def _segment_names(self, path: Path) -> set[str] | None:
        """The segments the main file at `path` names (None: unknown, keep everything)."""
        try:
            with open(path, "rb", buffering=1 << 16) as f:
                head = f.readline()
                if head.startswith(b'{"meta":') and head.endswith(_ART_OPEN):
                    data = orjson.loads(head[: -len(_ART_OPEN)] + b"}")
                else:
                    data = orjson.loads(head + f.read())
            records = data["meta"]["1"].get("segments") or []
            return {r["name"] for r in records}
        except FileNotFoundError:
            return set()
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            return None

    def _collect_segments(self) -> None:
        """Delete segment files that neither the main file nor the last good copy names.
        Under the exclusive lock (readers hold the shared one while they read segments)."""
        keep = self._segment_names(self.path)
        good = self._segment_names(self.good_path)
        if keep is None or good is None:
            return
        keep |= good
        try:
            names = os.listdir(self.segments_dir)
        except OSError:
            return
        for name in names:
            for suffix in (SEG_SUFFIX, TWIN_SUFFIX, IDX_SUFFIX):
                if name.endswith(suffix) and _HEX64.fullmatch(name[: -len(suffix)]):
                    if name[: -len(suffix)] not in keep:
                        _unlink_quietly(self.segments_dir / name)
                    break

    def _replace_main(self, payload: Iterable[bytes]) -> None:
        """tmp file, fsync; link the current file to a temporary name; rename the tmp file over
        the current one; make that old file the good copy; fsync the folder. A failure at any
        step leaves the old file in place (after the rename: the old file is renamed back)."""
        tmp = self.directory / _tmp_name(MAIN)
        old = self.directory / _tmp_name(MAIN + ".old")
        good_tmp = self.directory / _tmp_name(GOOD)
        have_old = replaced = False
        try:
            _write_durably(tmp, payload, "tmp")
            if self.path.exists():
                _step("good_link")
                _link_or_copy(self.path, old)
                have_old = True
            _step("replace")
            os.replace(tmp, self.path)
            replaced = True
            # the file just replaced was read and parsed by this transaction: it is good.
            # An empty store is not kept, so a restore never brings back an empty store.
            if have_old and not self._is_empty_store(old):
                _step("good_replace")
                _link_or_copy(old, good_tmp)
                os.replace(good_tmp, self.good_path)
            _step("dir_fsync")
            _fsync_dir(self.directory)
        except OSError:
            if replaced and have_old:
                # the rename may not be durable: put the previous file back, so that what is on
                # disk matches what the caller is told (nothing was written)
                with contextlib.suppress(OSError):
                    os.replace(old, self.path)
                    _fsync_dir(self.directory)
            raise
        finally:
            _unlink_quietly(tmp)
            _unlink_quietly(old)
            _unlink_quietly(good_tmp)

    @staticmethod
    def _is_empty_store(path: Path) -> bool:
        try:
            if path.stat().st_size > 4096:
                return False
            data = orjson.loads(path.read_bytes())
            return (not data.get("articles") and not data.get("sources")
                    and not ((data.get("meta") or {}).get("1") or {}).get("segments"))
        except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError):
            return False

    # ------------------------------------------------ repair and migration

    def _repair(self) -> None:
        """Under the exclusive lock: create, restore or migrate the main file as needed."""
        try:
            data = self._load_raw()
            try:
                _check_v1(data, deep=True)
                self._convert(data)
            except CodecError as exc:
                raise _Corrupt(f"a malformed document: {exc}") from None
            return  # readable: another process repaired it meanwhile
        except FileNotFoundError:
            self._restore(None, "the file is missing")
            return
        except _Corrupt as bad:
            self._restore(bad.reason, bad.reason)
            return
        except _NeedsMigration as need:
            self._migrate(need.version)
            return
        except BadSegment as bad:
            self._repair_segment(bad)
            return

    def _migrate(self, version: int) -> None:
        raw = self.path.read_bytes()
        with _gc_paused():
            data = orjson.loads(raw)
        migrated_from = version
        bodies: dict[str, str] = {}

        def put_body(text: str) -> str:
            h = body_hash_of(text)
            bodies[h] = text
            return h

        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(f"cannot migrate the store {self.path} from schema {version}")
            try:
                data = step(data, put_body)
            except (CodecError, KeyError, TypeError, ValueError) as exc:
                raise StoreError(
                    f"cannot migrate the store {self.path} from schema {version}: {exc}"
                ) from None
            version += 1
            data.setdefault("meta", {"1": {}})["1"]["schema"] = version
        data["meta"]["1"].setdefault("generation", 0)
        data["meta"]["1"]["migrated_from"] = migrated_from
        self._commit_data(data, bodies=bodies)

    def _restore(self, reason: str | None, why: str) -> None:
        moved: Path | None = None
        if reason is not None:  # an unreadable file: move it aside, as it is
            moved = self._move_aside()
        elif not self.good_path.exists() and not self._corrupt_copies():
            # a new store
            self._commit_data(_empty_data())
            return
        good_error = self._good_copy_problem()
        if good_error is None:
            try:
                raw = self.good_path.read_bytes()
                self._replace_main_copy(raw)
            except OSError as exc:
                raise StoreError(
                    f"The store file {self.path} is unreadable ({why})"
                    + (f"; it was moved aside to {moved}" if moved else "")
                    + f", and restoring the last good copy {self.good_path} failed: "
                    f"{_os_error_message(exc)}."
                ) from None
            saved = datetime.fromtimestamp(self.good_path.stat().st_mtime, timezone.utc)
            if moved is not None:
                message = (
                    f"The store file {self.path} was unreadable ({why}): it was moved aside to "
                    f"{moved}, and the last good copy {self.good_path} (the store as it was "
                    f"before its last write, saved {saved:%Y-%m-%d %H:%M:%S} UTC) was restored."
                )
            else:
                message = (
                    f"The store file {self.path} was missing: the last good copy "
                    f"{self.good_path} (saved {saved:%Y-%m-%d %H:%M:%S} UTC) was restored."
                )
            self._announce(StoreRecovered(message, moved, self.good_path))
            return
        others = self._corrupt_copies()
        if moved is not None:
            raise StoreError(
                f"The store file {self.path} is unreadable ({why}). It was moved aside to {moved}"
                f" unchanged. There is no readable last good copy ({self.good_path}: "
                f"{good_error}), so nothing was restored and no empty store was created. "
                f"Repair the file, or remove it from {self.directory} to start an empty store."
            )
        raise StoreError(
            f"The store file {self.path} is missing, and there is no readable last good copy "
            f"({self.good_path}: {good_error}). Unreadable store files were moved aside earlier: "
            f"{', '.join(str(p) for p in others)}. Nothing was restored and no empty store was "
            f"created: repair one of them and rename it to {self.path}, or remove them from "
            f"{self.directory} to start an empty store."
        )

    def _repair_segment(self, bad: BadSegment) -> bool:
        """A segment the main file names is damaged or missing: move it aside as it is, and
        put back its second copy (True); failing that, restore the last good copy of the
        store (False), or raise StoreError."""
        moved: Path | None = None
        if bad.path.exists():
            moved = _move_aside(bad.path, f"The store segment {bad.path} is unreadable ({bad.reason})")
        meta = _parse_path(self.path)["meta"]["1"]
        rec = next((r for r in meta.get("segments") or () if r["name"] == bad.name), None)
        twin = twin_path(self.segments_dir, bad.name)
        problem = "not named by the store file" if rec is None else twin_problem(self.segments_dir, rec)
        aside = f": it was moved aside to {moved}" if moved else ""
        if problem is None:
            try:
                self._replace_copy(bad.path, twin.read_bytes(), self.segments_dir)
            except OSError as exc:
                raise StoreError(
                    f"The store segment {bad.path} is unreadable ({bad.reason}){aside}, and "
                    f"restoring its copy {twin} failed: {_os_error_message(exc)}."
                ) from None
            self._announce(StoreRecovered(
                f"The store segment {bad.path} was unreadable ({bad.reason}){aside}, and its "
                f"second copy {twin} was restored: no article was lost.",
                moved, twin,
            ))
            return True
        self._restore(
            bad.reason,
            f"its segment {bad.path} is unreadable: {bad.reason}"
            + (f"; the segment was moved aside to {moved}" if moved else "")
            + f"; its second copy {twin} is {problem}",
        )
        return False

    def _replace_copy(self, target: Path, raw: bytes, folder: Path) -> None:
        tmp = folder / _tmp_name(target.name[:16])
        try:
            _write_durably(tmp, raw, "tmp")
            os.replace(tmp, target)
            _fsync_dir(folder)
        finally:
            _unlink_quietly(tmp)

    def _corrupt_copies(self) -> list[Path]:
        return sorted(self.directory.glob(MAIN + ".corrupt-*"))

    def _good_copy_problem(self) -> str | None:
        try:
            data = self._load_path(self.good_path)
            _check_v1(data, deep=True)
            self._convert(data)
        except FileNotFoundError:
            return "missing"
        except BadSegment as bad:
            return f"unreadable too: its segment {bad.path} is unreadable ({bad.reason})"
        except StoreError as exc:
            return str(exc)
        except CodecError as exc:
            return f"unreadable too: a malformed document: {exc}"
        except _Corrupt as bad:
            return f"unreadable too: {bad.reason}"
        except _NeedsMigration:
            pass
        return None

    def _move_aside(self) -> Path:
        return _move_aside(self.path, f"The store file {self.path} is unreadable")

    def _replace_main_copy(self, raw: bytes) -> None:
        tmp = self.directory / _tmp_name(MAIN)
        try:
            _write_durably(tmp, raw, "tmp")
            os.replace(tmp, self.path)
            _fsync_dir(self.directory)
        finally:
            _unlink_quietly(tmp)

    def _announce(self, notice: StoreRecovered) -> None:
        self.last_recovery_message = notice.message
        if self.on_recovery is not None:
            self.on_recovery(notice)
        warnings.warn(notice, stacklevel=4)

    # ------------------------------------------------ TinyDB access

    def tinydb(self) -> TinyDB:
        """A TinyDB over the store file for ad-hoc queries: no query cache, every operation
        re-reads the file, writes are atomic under the exclusive lock. Tables: ``sources``,
        ``articles`` (documents keyed by their string id; analysis as JSON text), ``meta``."""
        storage = self._storage
        return _StoreTinyDB(storage=lambda: storage)
