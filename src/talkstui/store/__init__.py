"""The document store: crash-safe, shared by several processes, with a schema version.

    api.py             the public `Store` and `Transaction`
    articles.py        `StoreSnapshot` and the article map a transaction works on
    format.py          the main file: names, framed JSON layout, decoding with checks
    codec.py           articles and sources to and from JSON documents
    segments.py        immutable segment files of older articles and their indexes
    migrations.py      schema migrations of the main file
    locking.py         the exclusive and shared flock locks on ``store.lock``
    files.py           durable writes (temp file, fsync, rename) and fault injection
    recovery.py        moving a damaged file aside and restoring the last good copy
    tinydb_storage.py  TinyDB over the store file (`Store.tinydb()`)

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
refresh costs O(new articles), not O(store). See `talkstui.store.segments`.

Safety rules (DESIGN.md, "The store"):

* Every read-modify-write holds an exclusive lock (`filelock.FileLock` on ``store.lock``, which
  is an ``flock(LOCK_EX)``); every read holds a shared lock (``flock(LOCK_SH)`` on the same
  file). Both are flock locks on one file, so they exclude each other across processes, readers
  share, and the kernel drops them when a process dies (even by SIGKILL): no stale locks.
  filelock itself has only exclusive locks (and a SQLite-based ReadWriteLock, heavier and
  not interoperable with FileLock), hence the small LOCK_SH helper in `locking`.
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
from talkstui.store.api import Store, Transaction
from talkstui.store.articles import StoreSnapshot
from talkstui.store.format import SCHEMA_VERSION, body_hash_of
from talkstui.store.migrations import MIGRATIONS
from talkstui.store.recovery import StoreRecovered
from talkstui.store.tinydb_storage import JsonStoreStorage

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
