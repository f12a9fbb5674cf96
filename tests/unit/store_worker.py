"""Subprocess workers for the store tests (tests/unit/test_store_processes.py).

    python store_worker.py writer-loop DIR SIDEFILE [KILL_AT_STEP]
    python store_worker.py writer DIR PREFIX COUNT
    python store_worker.py reader DIR TARGET TIMEOUT
"""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from talkstui.store import api as store_mod
from talkstui.store import files as store_files
from talkstui.model import Article
from talkstui.store import Store


def article(article_id: str, body_hash: str, n: int) -> Article:
    return Article(
        id=article_id,
        title=f"Article {article_id}",
        outlet="Worker",
        url=f"https://example.org/{article_id}",
        published=datetime(2025, 7, 21, tzinfo=timezone.utc),
        body_hash=body_hash,
        analysis={"n": n, "events": [{"kind": "talks", "value": "2025-07-23"}] * 3},
    )


def writer_loop(directory: str, sidefile: str, kill_at: str | None) -> None:
    """Commit article n+1, then record n+1 (fsynced) in the side file; forever. With
    KILL_AT_STEP, SIGKILL itself at that write step of its third commit."""
    store = Store(Path(directory))
    commits = [0]
    if kill_at:
        def fault(step: str) -> None:
            if step == kill_at and commits[0] >= 2:
                os.kill(os.getpid(), signal.SIGKILL)
        store_files._FAULT = fault
    fd = os.open(sidefile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    print("ready", flush=True)
    while True:
        with store.transaction() as tx:
            n = len(tx.articles) + 1
            h = tx.put_body(f"body of article {n}\n" * 20)
            tx.put_article(article(f"a{n:06d}", h, n))
        commits[0] += 1
        os.write(fd, f"{n}\n".encode())
        os.fsync(fd)


def writer(directory: str, prefix: str, count: int) -> None:
    store = Store(Path(directory))
    for i in range(count):
        with store.transaction() as tx:
            h = tx.put_body(f"{prefix} body {i}")
            tx.put_article(article(f"{prefix}-{i:04d}", h, i))


def reader(directory: str, target: int, timeout: float) -> None:
    """One Store object for the whole run: print each article count it observes."""
    store = Store(Path(directory))
    seen = None
    generation = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        g = store.generation()
        if g != generation:
            generation = g
            count = len(store.articles())
            if count != seen:
                seen = count
                print(count, flush=True)
            if count >= target:
                return
        time.sleep(0.005)
    print("timeout", flush=True)
    sys.exit(3)


if __name__ == "__main__":
    if os.environ.get("TALKSTUI_TEST_INLINE_MAX"):  # small segments: compaction on most commits
        store_mod.INLINE_MAX = int(os.environ["TALKSTUI_TEST_INLINE_MAX"])
        store_mod.MAX_SEGMENTS = 3
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "writer-loop":
        writer_loop(args[0], args[1], args[2] if len(args) > 2 else None)
    elif cmd == "writer":
        writer(args[0], args[1], int(args[2]))
    elif cmd == "reader":
        reader(args[0], int(args[1]), float(args[2]))
    else:
        sys.exit(f"unknown command {cmd}")
