"""The store's lock protocol: an exclusive `filelock.FileLock` and a shared
`flock(LOCK_SH)` on one lock file, re-entrant per thread for the exclusive lock."""

from __future__ import annotations

import contextlib
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


class StoreLocks:
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
