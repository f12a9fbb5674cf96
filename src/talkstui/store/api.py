"""The public store: `Store` (snapshots, bodies, transactions, commits) and
`Transaction`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from talkstui.errors import StoreError
from talkstui.model import Article, Source
from talkstui.store.choices import choices_of
from talkstui.store.segments import (
    INLINE_MAX,
    MAX_SEGMENTS,
    SEG_SUFFIX,
    SEGMENTS,
    TWIN_SUFFIX,
    BadSegment,
    IDX_SUFFIX,
    encode_segment_and_index,
    idx_path,
    read_index,
    read_line,
    read_segment,
    record_of,
    seg_path,
    twin_path,
)
from talkstui.store.codec import (
    CodecError,
    article_from_doc,
    articles_from_docs,
    decode_analyses,
    source_from_doc,
    source_to_doc,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

from tinydb import TinyDB
from talkstui.store.files import (
    BODY_THREADS, SERIAL_BODIES, fsync_dir, last_step, link_or_copy, os_error_message, run_all,
    tmp_name, unlink_quietly, write_durably, write_step,
)
from talkstui.store.format import (
    ARTICLES_OPEN, BODIES, CorruptFile, DEFAULT_LOCK_TIMEOUT, GOOD, HEAD_PATTERN, HEX64, LOCK,
    MAIN, NeedsMigration, SCHEMA_VERSION, SegmentLine, StoreData, TMP_MARK, body_hash_of,
    encode_main, gc_paused, parse_main_file,
)
from talkstui.store.locking import READ_ONLY_ERRNOS, StoreLocks
from talkstui.store.tinydb_storage import JsonStoreStorage, StoreTinyDB
from talkstui.store.articles import ArticleMap, StoreSnapshot
from talkstui.store.recovery import StoreRecovered, StoreRecovery


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
        self.articles: ArticleMap = ArticleMap(
            data["articles"], getattr(data, "seg_docs", None), store._load_line,
            getattr(data, "refmeta", None),
        )
        self._bodies: dict[str, str] = {}  # hash -> text, written on commit before the file
        self.generation: int = data["meta"]["1"]["generation"]
        # the user's in/out choices per story, kept in the meta document (store.choices)
        self.choices: dict = choices_of(data["meta"]["1"])

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
            if type(v) is SegmentLine:
                m = meta.get(k)
                sids = m[3] if m is not None and len(m) > 3 else None
                if not isinstance(sids, list):
                    v = arts._read_line(k, v)
            if type(v) is SegmentLine:
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


class Store(StoreRecovery):
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
        self.notice: str | None = None  # the last "read without the lock" notice, if any
        self._said: set[str] = set()
        self._in_tx = threading.local()
        self._make_folders()
        self._locks = StoreLocks(self.directory / LOCK, lock_timeout)
        self._storage = JsonStoreStorage(self)
        self._open()

    def __repr__(self) -> str:
        return f"Store({str(self.directory)!r})"

    def _make_folders(self) -> None:
        """The store's folders, created if needed. A file where a folder belongs is named as
        such; a store that cannot be written (a read-only mount) is still opened for reading
        when its main file is there."""
        for folder in (self.directory, self.bodies_dir, self.bodies_dir / "tmp",
                       self.segments_dir):
            try:
                folder.mkdir(parents=folder == self.directory, exist_ok=True)
            except FileExistsError:
                raise StoreError(
                    f"{folder} is a file, not a folder: the store keeps its "
                    f"{folder.relative_to(self.directory.parent)} folder there; move the file "
                    "away") from None
            except OSError as exc:
                if exc.errno in READ_ONLY_ERRNOS and self.path.exists():
                    continue  # read-only: reads work without it (writes say why they cannot)
                raise StoreError(f"cannot create the store folder {folder}: "
                                 f"{exc.strerror or exc}") from None

    def _say(self, key: str, message: str) -> None:
        """A notice about how the store was read, once per kind per Store: to `on_recovery`
        (the dashboard shows it) or as a StoreRecovered warning (the command line prints it
        as one line)."""
        self.notice = message
        if key in self._said:
            return
        self._said.add(key)
        self._announce(StoreRecovered(message, None, None))

    def _unlocked_read(self) -> None:
        why = self._locks.unlocked
        if why == "read-only":
            self._say(why, f"The store {self.directory} is read-only (no lock file can be "
                           "created): it is read without a lock.")
        elif why == "busy":  # normal while a refresh writes: noted, not announced
            self.notice = (f"The store {self.directory} is busy (another process is writing "
                           "it): showing its last commit.")

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
            except (CorruptFile, NeedsMigration, FileNotFoundError, BadSegment):
                self._repair()

    def _head_ok(self) -> bool:
        try:
            with open(self.path, "rb") as f:
                head = f.read(128)
        except OSError:
            return False
        m = HEAD_PATTERN.match(head)
        return bool(m) and int(m.group(1)) == SCHEMA_VERSION

    def _clean_temp_files(self) -> None:
        for folder in (self.directory, self.bodies_dir / "tmp", self.segments_dir):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if TMP_MARK in name:
                    unlink_quietly(folder / name)

    # ------------------------------------------------ reading

    def _load_raw(self) -> dict:
        return self._load_path(self.path)

    def _load_path(self, path: Path, lazy: bool = False, detach: bool = False) -> StoreData:
        """The main file at `path` with the articles of its segments. Raises what
        `parse_main_file` raises, and BadSegment. `lazy`: read the segments' indexes only, and
        leave a `SegmentLine` for each article (read on demand by the transaction). `detach` (a
        read-only snapshot): leave the segment articles' analyses on disk (`SegmentAnalyses`)."""
        data = StoreData(parse_main_file(path))
        meta = data["meta"]["1"]
        records = meta.get("segments") or []
        if not records:
            data.seg_docs = {}
            return data
        seg_docs: dict[str, Any] = {}
        refmeta: dict[str, tuple] = {}
        try:
            with gc_paused():
                for rec in records:
                    index = read_index(self.segments_dir, rec) if lazy else None
                    if index is None:
                        docs = read_segment(self.segments_dir, rec,
                                            self._fresh_analysis if detach else None)
                        seg_docs.update(docs)
                        for k in docs:
                            refmeta.pop(k, None)
                        continue
                    lines = [SegmentLine(rec, span) for span in index["lines"]]
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

    def _load_line(self, line: SegmentLine) -> dict[str, Any]:
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
            with self._locks.shared() as locked:
                try:
                    data = (self._load_path(self.path, lazy=True) if lazy
                            else self._load_path(self.path, detach=detach))
                    out = data if convert is None else convert(data)
                    if not locked:
                        self._unlocked_read()
                    return out
                except (CorruptFile, NeedsMigration, FileNotFoundError, CodecError,
                        BadSegment) as exc:
                    if not locked and self._locks.unlocked == "read-only":
                        raise StoreError(
                            f"the store {self.directory} is damaged ({exc}) and read-only: it "
                            "cannot be repaired here") from None
                    if not locked:
                        continue  # read while a writer moved on: read its new commit
            with self._locks.exclusive():
                self._repair()
        raise StoreError(f"the store {self.path} keeps changing under repair; try again")

    @staticmethod
    def _convert(data: dict, with_analysis: bool = False) -> StoreSnapshot:
        with gc_paused():
            sources = [source_from_doc(d) for d in data["sources"].values()]
            articles: list[Article] = articles_from_docs(data["articles"])  # type: ignore[assignment]
            if with_analysis:
                decode_analyses(articles)
        meta = data["meta"]["1"]
        return StoreSnapshot(sources, articles, meta["generation"], meta["schema"],
                             choices=choices_of(meta))

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
        return choices_of(self._read_data()["meta"]["1"])

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
        m = HEAD_PATTERN.match(head)
        if m and int(m.group(1)) == SCHEMA_VERSION:
            return int(m.group(2))
        return -2 - (hash((st.st_ino, st.st_mtime_ns, st.st_size, head)) & ((1 << 62) - 1))

    # ------------------------------------------------ bodies

    def _body_path(self, body_hash: str) -> Path:
        return self.bodies_dir / body_hash[:2] / body_hash

    def has_body(self, body_hash: str) -> bool:
        return bool(HEX64.fullmatch(body_hash)) and self._body_path(body_hash).exists()

    def body(self, body_hash: str) -> str:
        if not isinstance(body_hash, str) or not HEX64.fullmatch(body_hash):
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
        self._journal_bodies([h for h, _text, _final in todo])
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        if len(todo) <= SERIAL_BODIES:
            for item in todo:
                self._write_body(*item)
            write_step("body_dir_fsync")
            for d in sorted(dirs):
                fsync_dir(d)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(BODY_THREADS, thread_name_prefix="talkstui-body") as pool:
            run_all(pool, [lambda item=item: self._write_body(*item) for item in todo])
            write_step("body_dir_fsync")
            run_all(pool, [lambda d=d: fsync_dir(d) for d in sorted(dirs)])

    # Bodies are written before the main file that names them; a write that fails after
    # them (a full disk, a kill) leaves them unnamed. Their hashes are listed in this journal
    # first, and the next successful commit deletes those no article names.
    JOURNAL = "pending"

    def _journal_bodies(self, hashes: list[str]) -> None:
        try:
            with open(self.bodies_dir / self.JOURNAL, "a", encoding="ascii") as f:
                f.write("".join(h + "\n" for h in hashes))
        except OSError:
            pass  # only tidiness is at stake

    def _collect_orphans(self, committed: set[str]) -> None:
        """After a successful commit (exclusive lock held): delete the journaled bodies that
        no article or revision names (left by failed writes), then empty the journal."""
        journal = self.bodies_dir / self.JOURNAL
        try:
            listed = set(journal.read_text(encoding="ascii").split())
        except OSError:
            return
        suspects = {h for h in listed if HEX64.fullmatch(h)} - committed
        if suspects:
            try:
                snap = self._read_data(self._convert)
            except StoreError:
                return
            for a in snap.articles:
                suspects.discard(a.body_hash)
                for r in a.revisions:
                    suspects.discard(r.body_hash)
            for h in suspects:
                unlink_quietly(self._body_path(h))
        unlink_quietly(journal)

    def _write_body(self, h: str, text: str, final: Path) -> None:
        tmp = self.bodies_dir / "tmp" / tmp_name(h[:16])
        try:
            write_durably(tmp, text.encode("utf-8", "surrogatepass"), "body")
            write_step("body_replace")
            os.replace(tmp, final)
        except BaseException:
            unlink_quietly(tmp)
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
                with gc_paused():
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
            with gc_paused():
                if len(records) >= MAX_SEGMENTS:  # merge: every article into one segment
                    if any(type(d) is SegmentLine for d in articles.values()):
                        if load_all is None or not seg_docs:
                            raise StoreError("internal error: unread segment lines to merge")
                        load_all()  # replaces the lines in seg_docs by their documents
                        articles = {k: seg_docs[k] if type(d) is SegmentLine else d
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
        last_step.step = step
        try:
            if bodies:
                self._write_bodies(bodies)
            for rec, payload, index in new_segments:
                self._write_segment(rec, payload, index)
            with gc_paused():
                self._replace_main(encode_main(out))
        except (TypeError, orjson.JSONEncodeError) as exc:
            raise StoreError(f"cannot serialise the store: {exc}; nothing was written") from None
        except OSError as exc:
            raise StoreError(
                f"cannot write the store in {self.directory}: {os_error_message(exc)} "
                f"(step: {getattr(last_step, 'step', step)}); the store file was not changed"
            ) from None
        data.setdefault("meta", {})["1"] = out["meta"]["1"]
        if new_segments or old_names != {r["name"] for r in records}:
            self._collect_segments()
        self._collect_orphans(set(bodies or ()))

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
            tmp = self.segments_dir / tmp_name(rec["name"][:16])
            try:
                write_durably(tmp, data, "seg")
                write_step("seg_replace")
                os.replace(tmp, final)
            except BaseException:
                unlink_quietly(tmp)
                raise
            wrote = True
        if wrote:
            write_step("seg_dir_fsync")
            fsync_dir(self.segments_dir)

    def _segment_names(self, path: Path) -> set[str] | None:
        """The segments the main file at `path` names (None: unknown, keep everything)."""
        try:
            with open(path, "rb", buffering=1 << 16) as f:
                head = f.readline()
                if head.startswith(b'{"meta":') and head.endswith(ARTICLES_OPEN):
                    data = orjson.loads(head[: -len(ARTICLES_OPEN)] + b"}")
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
                if name.endswith(suffix) and HEX64.fullmatch(name[: -len(suffix)]):
                    if name[: -len(suffix)] not in keep:
                        unlink_quietly(self.segments_dir / name)
                    break

    def _replace_main(self, payload: Iterable[bytes]) -> None:
        """tmp file, fsync; link the current file to a temporary name; rename the tmp file over
        the current one; make that old file the good copy; fsync the folder. A failure at any
        step leaves the old file in place (after the rename: the old file is renamed back)."""
        tmp = self.directory / tmp_name(MAIN)
        old = self.directory / tmp_name(MAIN + ".old")
        good_tmp = self.directory / tmp_name(GOOD)
        have_old = replaced = False
        try:
            write_durably(tmp, payload, "tmp")
            if self.path.exists():
                write_step("good_link")
                link_or_copy(self.path, old)
                have_old = True
            write_step("replace")
            os.replace(tmp, self.path)
            replaced = True
            # the file just replaced was read and parsed by this transaction: it is good.
            # An empty store is not kept, so a restore never brings back an empty store.
            if have_old and not self._is_empty_store(old):
                write_step("good_replace")
                link_or_copy(old, good_tmp)
                os.replace(good_tmp, self.good_path)
            write_step("dir_fsync")
            fsync_dir(self.directory)
        except OSError:
            if replaced and have_old:
                # the rename may not be durable: put the previous file back, so that what is on
                # disk matches what the caller is told (nothing was written)
                with contextlib.suppress(OSError):
                    os.replace(old, self.path)
                    fsync_dir(self.directory)
            raise
        finally:
            unlink_quietly(tmp)
            unlink_quietly(old)
            unlink_quietly(good_tmp)

    # ------------------------------------------------ TinyDB access

    def tinydb(self) -> TinyDB:
        """A TinyDB over the store file for ad-hoc queries: no query cache, every operation
        re-reads the file, writes are atomic under the exclusive lock. Tables: ``sources``,
        ``articles`` (documents keyed by their string id; analysis as JSON text), ``meta``."""
        storage = self._storage
        return StoreTinyDB(storage=lambda: storage)
