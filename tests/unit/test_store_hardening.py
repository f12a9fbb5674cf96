"""The store never loses anything silently and stays readable (issue 14, items 5, 6, 8):
real files, real processes; a read-only mount is emulated with an injected EROFS (the tests
run as root, who writes through any chmod)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from talkstui.errors import StoreError
from talkstui.model import Article, Source
from talkstui.store import Store, StoreRecovered
from talkstui.store import api as store_api

T0 = datetime(2025, 7, 21, 9, 30, tzinfo=UTC)


def article(n: int, body_hash: str = "0" * 64) -> Article:
    return Article(id=f"art-{n}", title=f"Talks, part {n}", outlet="Reuters",
                   url=f"https://example.org/{n}", published=T0 + timedelta(hours=n),
                   body_hash=body_hash, source_ids=["reuters"], outlets=["Reuters"],
                   urls=[f"https://example.org/{n}"], fetched_at=T0)


def add(store: Store, *numbers: int) -> None:
    with store.transaction() as tx:
        tx.put_source(Source(id="reuters", name="Reuters", kind="feed",
                             url="https://example.org/feed"))
        for n in numbers:
            tx.put_article(article(n))


@pytest.fixture
def small_segments(monkeypatch):
    monkeypatch.setattr(store_api, "INLINE_MAX", 3)


def segment_store(directory: Path) -> Store:
    """A store whose articles sit in a segment, committed once (no good copy yet)."""
    store = Store(directory)
    add(store, *range(1, 9))  # more than INLINE_MAX: into a segment, in the first commit
    assert list((directory / "segments").glob("*.seg"))
    return store


# ---------------------------------------------------------------- item 5: no silent loss


def test_deleted_main_file_with_segments_and_no_good_copy_is_refused(tmp_path, small_segments):
    directory = tmp_path / "store"
    segment_store(directory)
    assert not (directory / "store.json.good").exists()
    (directory / "store.json").unlink()
    with pytest.raises(StoreError) as info:
        Store(directory).snapshot()
    message = str(info.value)
    assert "store.json is missing" in message and "segment" in message
    assert "no empty store was created" in message
    assert not (directory / "store.json").exists()  # never replaced by an empty store
    assert list((directory / "segments").glob("*.seg"))  # the articles are still there


def test_deleted_main_file_from_the_command_line_is_one_line(tmp_path, small_segments):
    home = tmp_path / "home"
    directory = home / "data" / "store"
    segment_store(directory)
    (directory / "store.json").unlink()
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    for args in (["sources"], ["export", "--format", "json", "-o", str(tmp_path / "x.json")]):
        proc = subprocess.run([sys.executable, "-m", "talkstui", *args], env=env,
                              capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert "missing" in proc.stderr
    assert not (directory / "store.json").exists()


def test_a_schema_number_that_does_not_match_the_data_is_damage(tmp_path, small_segments):
    directory = tmp_path / "store"
    store = segment_store(directory)
    add(store, 20)  # a second commit: the good copy holds the first
    before = {a.id for a in store.snapshot().articles}
    path = directory / "store.json"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"schema":2', b'"schema":1', 1))  # issue 14: 2 -> 1
    notices = []
    with pytest.warns(StoreRecovered):
        again = Store(directory, on_recovery=notices.append)
    after = {a.id for a in again.snapshot().articles}
    # never "migrated" into a store that drops the segment articles: the good copy is back
    assert after == before - {"art-20"}
    assert notices and "schema" in notices[0].message
    assert list(directory.glob("store.json.corrupt-*"))  # the edited file, kept as it was
    counts = {s.id: s.article_count for s in again.sources()}
    assert counts  # the sources still say what the store holds


# ---------------------------------------------------------------- item 6: read-only, busy


def _erofs_for(paths: set[str], monkeypatch) -> None:
    """Writes and creations under these paths fail as on a read-only mount."""
    real_open, real_mkdir = os.open, os.mkdir

    def fake_open(path, flags, *a, **k):
        if (flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR)) and any(
                str(path).startswith(p) for p in paths):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *a, **k)

    def fake_mkdir(path, *a, **k):
        if any(str(path).startswith(p) for p in paths):
            if os.path.isdir(path):
                raise FileExistsError(errno.EEXIST, "File exists", str(path))
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_mkdir(path, *a, **k)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


def test_a_read_only_store_is_read_without_a_lock_and_says_so(tmp_path, monkeypatch):
    directory = tmp_path / "store"
    add(Store(directory), 1, 2)
    (directory / "store.lock").unlink()  # as a store copied to read-only media may lack it
    (directory / "bodies" / "tmp").rmdir()
    _erofs_for({str(directory)}, monkeypatch)
    store = Store(directory)
    with pytest.warns(StoreRecovered, match="read-only"):  # said once, as one line
        assert {a.id for a in store.snapshot().articles} == {"art-1", "art-2"}
    assert [s.id for s in store.sources()] == ["reuters"]
    assert store.notice and "read-only" in store.notice and "without a lock" in store.notice
    with pytest.raises(StoreError, match="read-only"):
        add(store, 3)


def test_readers_read_the_last_commit_while_a_writer_holds_the_lock(tmp_path):
    directory = tmp_path / "store"
    add(Store(directory), 1, 2)
    # another process takes the write lock and keeps it (a long write)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, filelock\n"
         f"lock = filelock.FileLock({str(directory / 'store.lock')!r})\n"
         "lock.acquire()\nprint('locked', flush=True)\ntime.sleep(120)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        store = Store(directory, lock_timeout=120)
        # answered from the last commit, not after the writer's 120 s (nor a "busy" error)
        assert {a.id for a in store.snapshot().articles} == {"art-1", "art-2"}
        assert store.notice and "busy" in store.notice
        assert holder.poll() is None  # the writer still holds the lock
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------- item 8: recovery, cleanup


def test_the_recovery_notice_is_one_plain_line_saying_what_was_lost(tmp_path):
    home = tmp_path / "home"
    directory = home / "data" / "store"
    store = Store(directory)
    add(store, 1)
    add(store, 2)  # the good copy holds art-1 only
    (directory / "store.json").write_bytes(b"\x00" * 64)
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "talkstui", "sources"], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("talkstui: ") and "Warning" not in line and ".py:" not in line
    assert "store.json.good" in line and "lost" in line


def test_orphaned_bodies_of_a_failed_write_are_collected_by_the_next(tmp_path, monkeypatch):
    from talkstui.store import files as store_files

    directory = tmp_path / "store"
    store = Store(directory)
    add(store, 1)

    def fail(step):
        if step == "tmp_write":
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files, "_FAULT", fail)
    with pytest.raises(StoreError):
        with store.transaction() as tx:
            h = tx.put_body("An article whose write failed.")
            tx.put_article(article(2, body_hash=h))
    monkeypatch.setattr(store_files, "_FAULT", None)
    orphan = directory / "bodies" / h[:2] / h
    assert orphan.exists()  # written before the commit failed
    with store.transaction() as tx:
        kept = tx.put_body("An article that was stored.")
        tx.put_article(article(3, body_hash=kept))
    assert not orphan.exists()
    assert store.body(kept) == "An article that was stored."


def test_bodies_tmp_being_a_file_gets_an_accurate_message(tmp_path):
    directory = tmp_path / "store"
    (directory / "bodies").mkdir(parents=True)
    (directory / "bodies" / "tmp").write_text("not a folder")
    with pytest.raises(StoreError) as info:
        Store(directory)
    message = str(info.value)
    assert "bodies/tmp" in message and "not a folder" in message
    assert "cannot create the store folder" not in message
