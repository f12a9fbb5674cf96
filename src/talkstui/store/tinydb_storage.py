"""TinyDB over the store file (`Store.tinydb()`): no query cache, every operation
re-reads the file, writes go through a transaction."""

from __future__ import annotations

import os
from typing import Any
from talkstui.errors import StoreError

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

from tinydb import Storage, TinyDB
from tinydb.table import Table
from talkstui.store.format import CorruptFile, SCHEMA_VERSION, check_v1, schema_of
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: api imports this module
    from talkstui.store.api import Store


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
            if schema_of(data) != SCHEMA_VERSION:
                raise CorruptFile(f"schema {schema_of(data)}")
            check_v1(data, deep=True)
        except CorruptFile as bad:
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


class StoreTinyDB(TinyDB):
    table_class = _LockedTable
    default_table_name = "articles"
