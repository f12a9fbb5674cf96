"""Durable file writes for the store: temp file, fsync, rename, folder fsync; hard
links or copies; clear messages for OS errors; and the fault-injection hook the tests use."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from talkstui.errors import StoreError

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]
from talkstui.store.format import TMP_MARK


# Fault injection for tests: called with the name of each write step before it runs
# ("body_write", "body_fsync", "body_replace", "body_dir_fsync", "tmp_write", "tmp_fsync",
# "good_link", "replace", "dir_fsync"); it may raise OSError to simulate a failure.
_FAULT: Callable[[str], None] | None = None
last_step = threading.local()  # .step: the last write step started, for error messages


def write_step(name: str) -> None:
    last_step.step = name
    if _FAULT is not None:
        _FAULT(name)


# ---------------------------------------------------------------- files


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_aside_file(path: Path, problem: str) -> Path:
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
        fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(
            f"{problem}, and moving it aside to {target} failed: {os_error_message(exc)}."
        ) from None
    return target


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view[: 1 << 24])
        view = view[n:]


def write_durably(tmp: Path, data: bytes | Iterable[bytes], prefix: str) -> None:
    """Write `data` to the new file `tmp` and fsync it. Steps are named for fault injection."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        write_step(f"{prefix}_write")
        if isinstance(data, bytes):
            _write_all(fd, data)
        else:
            for piece in data:
                _write_all(fd, piece)
        write_step(f"{prefix}_fsync")
        os.fsync(fd)
    finally:
        os.close(fd)


SERIAL_BODIES = 4
BODY_THREADS = 16


def run_all(pool: Any, jobs: list[Callable[[], None]]) -> None:
    """Run `jobs` on `pool`; wait for all of them, then raise the first error (with the
    write step it failed at, for the message), so no job is still writing afterwards."""
    def run(job: Callable[[], None]) -> BaseException | None:
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            exc._talkstui_step = getattr(last_step, "step", None)  # type: ignore[attr-defined]
            return exc
        return None

    errors = [e for e in pool.map(run, jobs) if e is not None]
    if errors:
        step = getattr(errors[0], "_talkstui_step", None)
        if step:
            last_step.step = step
        raise errors[0]


def link_or_copy(src: Path, dst: Path) -> None:
    """A hard link (free), or a durable copy where the file system has no hard links."""
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        write_durably(dst, src.read_bytes(), "copy")


def unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def tmp_name(base: str) -> str:
    return f"{base}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"


def os_error_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    return exc.strerror or str(exc)
