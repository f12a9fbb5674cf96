"""A helper interpreter that can be abandoned: parsing hostile bytes, analysing in bulk.

    helper = HelperProcess()
    value = helper.call("talkstui.refresh:parse_document", kind, fetched, now, timeout=12.5)
    helper.close()

Why not multiprocessing: a `ProcessPoolExecutor` worker (and multiprocessing's resource
tracker, started for its semaphores) inherits the caller's stdout and stderr and outlives
a parent killed with SIGKILL or SIGTERM, holding a cron job's pipes open for as long as it
runs; and a task that never ends cannot be taken back from a pool. Here:

- the child is `python -m talkstui.helper_process`, with our own pipes for stdin and stdout
  and /dev/null for stderr: it holds none of the caller's file descriptors;
- it exits when its parent is gone: end of file on stdin (the parent's end closes when the
  parent dies, however it dies), a thread watching `os.getppid()`, and on Linux
  PR_SET_PDEATHSIG when the parent started it from its main thread;
- it ignores SIGINT (Ctrl+C in a terminal reaches the whole process group: the parent
  decides, and closes it);
- a call that overruns its timeout kills the child (`HelperTimeout`); the next call starts a
  new one. `kill()` may be called from any thread, to abandon a call in progress.

Calls are pickled (module:function, arguments) frames; only this package's functions are
run. The child's answer is a pickled value or exception.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time

_HEADER = struct.Struct("!Q")
_MAX_FRAME = 1 << 31


class HelperError(Exception):
    """The helper process died or answered nonsense."""


class HelperTimeout(HelperError):
    """The call did not finish in time; the helper was killed."""


def _package_root() -> str:
    import talkstui

    return os.path.dirname(os.path.dirname(os.path.abspath(talkstui.__file__)))


class HelperProcess:
    def __init__(self, *, memory_limit: int | None = None) -> None:
        self.memory_limit = memory_limit  # bytes of address space for the child (RLIMIT_AS)
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()  # one call at a time
        self._discard = 0  # answers to requests sent with send_only()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the child now (a fork and exec: the parent does not wait for its imports)."""
        if self._proc is None or self._proc.poll() is not None:
            if self._closed:
                raise HelperError("the helper process was closed")
            env = dict(os.environ)
            root = _package_root()
            env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"]
                                        if env.get("PYTHONPATH") else "")
            main = threading.current_thread() is threading.main_thread()
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "talkstui.helper_process", str(os.getpid()),
                 "1" if main else "0", str(self.memory_limit or 0)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                close_fds=True, env=env, bufsize=0)
            self._discard = 0

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def kill(self) -> None:
        """End the child at once (safe from any thread; a call in progress fails)."""
        proc = self._proc
        if proc is None:
            return
        try:
            proc.kill()
        except OSError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not ignored
            pass
        for pipe in (proc.stdin, proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def close(self) -> None:
        """No more calls: the child is ended (killed: nothing it does is worth waiting for)."""
        self._closed = True
        self.kill()

    def __enter__(self) -> HelperProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ calls
    def send_only(self, target: str, *args) -> None:
        """Start `target(*args)` without waiting for it (a warm-up); its answer is dropped."""
        with self._lock:
            self.start()
            self._write((target, args))
            self._discard += 1

    def call(self, target: str, *args, timeout: float | None = None):
        """`target(*args)` in the child ("module:function"); its value, or its exception
        raised here. Raises HelperTimeout (and kills the child) after `timeout` seconds,
        HelperError if the child died."""
        with self._lock:
            self.start()
            deadline = None if timeout is None else time.monotonic() + timeout
            try:
                self._write((target, args))
                while self._discard:
                    self._read(deadline)
                    self._discard -= 1
                ok, value = self._read(deadline)
            except HelperTimeout:
                self.kill()
                raise
            except (OSError, EOFError, pickle.UnpicklingError, HelperError) as exc:
                self.kill()
                raise HelperError(f"the helper process failed: {exc}") from None
        if ok:
            return value
        raise value

    def _write(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.write(_HEADER.pack(len(data)) + data)

    def _read(self, deadline: float | None):
        header = self._read_exact(_HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        if size > _MAX_FRAME:
            raise HelperError("an oversized answer")
        return pickle.loads(self._read_exact(size, deadline))

    def _read_exact(self, n: int, deadline: float | None) -> bytes:
        fd = self._proc.stdout.fileno()
        parts: list[bytes] = []
        while n:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise HelperTimeout("no answer in time")
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                raise HelperTimeout("no answer in time")
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError("the helper process ended")
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)


# ---------------------------------------------------------------------- the child


def _die_with(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _set_pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - the watcher thread still runs
        pass


def _error(message: str) -> Exception:
    """A HelperError the parent can unpickle (this file runs as __main__ in the child)."""
    from talkstui import helper_process

    return helper_process.HelperError(message)


def _resolve(target: str):
    module, _, name = target.partition(":")
    if not module.startswith("talkstui.") and module != "talkstui":
        raise _error(f"not ours: {target}")
    import importlib

    return getattr(importlib.import_module(module), name)


def _read_frame(fd: int):
    def exact(n: int) -> bytes | None:
        parts = []
        while n:
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                return None
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)

    header = exact(_HEADER.size)
    if header is None:
        return None
    body = exact(_HEADER.unpack(header)[0])
    return None if body is None else pickle.loads(body)


def _child(parent: int, pdeathsig: bool, memory_limit: int = 0) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):  # pragma: no cover - the timeout still holds
            pass
    if pdeathsig:
        _set_pdeathsig()
    if os.getppid() != parent:  # gone before the signal was armed
        os._exit(0)
    threading.Thread(target=_die_with, args=(parent,), daemon=True).start()
    # The protocol has fd 0 and a private copy of fd 1; print() and stray C output go nowhere.
    out = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    while True:
        try:
            message = _read_frame(0)
        except (OSError, pickle.UnpicklingError, EOFError):
            message = None
        if message is None:
            os._exit(0)
        target, args = message
        try:
            answer = (True, _resolve(target)(*args))
        except BaseException as exc:  # noqa: BLE001 - sent back to the caller
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            if not answer[0]:
                pickle.loads(data)  # an exception that cannot be rebuilt there is sent as text
        except Exception as exc:  # noqa: BLE001 - an unpicklable value or exception
            error = answer[1] if not answer[0] else exc
            data = pickle.dumps((False, _error(f"{type(error).__name__}: {error}")))
        try:
            view = memoryview(_HEADER.pack(len(data)) + data)
            while view:
                view = view[os.write(out, view):]
        except OSError:
            os._exit(0)


if __name__ == "__main__":
    _child(int(sys.argv[1]), sys.argv[2:3] == ["1"], int(sys.argv[3]) if sys.argv[3:] else 0)
