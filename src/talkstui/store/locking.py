"""The store's lock protocol: an exclusive `filelock.FileLock` and a shared
`flock(LOCK_SH)` on one lock file, re-entrant per thread for the exclusive lock."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from talkstui.errors import StoreError

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

import filelock

# ---------------------------------------------------------------- locks

_held_lock = threading.local()  # .paths: set of lock paths this thread holds exclusively


def _held_paths() -> set[str]:
    paths = getattr(_held_lock, "paths", None)
    if paths is None:
        paths = _held_lock.paths = set()
    return paths


# A reader waits at most this long for a writer before it reads the last commit without the
# lock (commits are atomic renames; what a reader must not do unlocked is repair).
READ_WAIT = 1.0
# errno values of a lock file that cannot be created or opened for writing: a read-only
# mount, a folder the user may read but not write
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class StoreLocks:
    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        # why the last shared() read went without the lock: None, "read-only" or "busy"
        self.unlocked: str | None = None
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
            if not blocking:
                yield False  # nothing is written here (e.g. a read-only store): nothing to tidy
                return
            if exc.errno in READ_ONLY_ERRNOS:
                raise StoreError(
                    f"the store {self.path.parent} is read-only ({exc.strerror}): nothing can "
                    "be written to it") from None
            raise StoreError(f"cannot lock {self.path}: {exc.strerror or exc}") from None
        _held_paths().add(self.key)
        try:
            yield True
        finally:
            _held_paths().discard(self.key)
            self._ex.release()

    @contextlib.contextmanager
    def shared(self) -> Iterator[bool]:
        """Hold the shared lock while reading; yields True. Yields False, without the lock,
        when the lock file cannot be created or opened (a read-only store: `unlocked` says
        "read-only") or a writer keeps it longer than READ_WAIT ("busy"): the caller reads
        the last commit (commits are atomic) and must not repair anything."""
        if self.holds_exclusive():
            yield True
            return
        if fcntl is None:  # pragma: no cover
            with self.exclusive():
                yield True
            return
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno not in READ_ONLY_ERRNOS:
                raise StoreError(f"cannot open the lock file {self.path}: {exc.strerror}") from None
            try:  # read-only: an existing lock file can still be locked for reading
                fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                self.unlocked = "read-only"
                yield False
                return
        try:
            # poll briefly: writers poll every 10 ms, so a waiting reader gets in between them
            deadline = time.monotonic() + min(self.timeout, READ_WAIT)
            delay = 0.0005
            got = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    got = True
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(delay)
                    delay = min(delay * 2, 0.004)
            if not got:
                os.close(fd)
                fd = -1
                self.unlocked = "busy"
                yield False
                return
            self.unlocked = None
            yield True
        finally:
            if fd >= 0:
                os.close(fd)  # closing the descriptor releases the flock
