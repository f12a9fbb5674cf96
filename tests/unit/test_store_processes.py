"""The store with real processes: SIGKILLed writers, concurrent writers and a live reader."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from talkstui.store import Store

WORKER = Path(__file__).with_name("store_worker.py")
STEPS = [
    "body_write", "body_fsync", "body_replace", "body_dir_fsync",
    "tmp_write", "tmp_fsync", "good_link", "replace", "good_replace", "dir_fsync",
]


def _spawn(*args: str, inline_max: int | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if inline_max is not None:
        env["TALKSTUI_TEST_INLINE_MAX"] = str(inline_max)
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _recorded(sidefile: Path) -> int:
    if not sidefile.exists():
        return 0
    lines = sidefile.read_text().split()
    return int(lines[-1]) if lines else 0


def _leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if ".tmp-" in p.name]


def _check_after_kill(directory: Path, sidefile: Path) -> int:
    """The store opens, holds the last or the one-later commit, and has no temp files."""
    recorded = _recorded(sidefile)
    store = Store(directory)  # cleans up temp files of the killed writer
    assert _leftovers(directory) == []
    articles = store.articles()
    count = len(articles)
    # the writer records n only after commit n returned: the store may be one ahead
    assert recorded <= count <= recorded + 1, (recorded, count)
    assert sorted(a.id for a in articles) == [f"a{n:06d}" for n in range(1, count + 1)]
    for a in articles:  # no dangling body hash
        assert store.body(a.body_hash).startswith(f"body of article {a.analysis['n']}\n")
    assert store.last_recovery_message is None
    return count


def _kill_after(proc: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_sigkill_writer_at_random_moments(tmp_path: Path) -> None:
    directory, sidefile = tmp_path / "store", tmp_path / "committed.txt"
    rng = random.Random(20250723)
    counts = [0]
    for _ in range(30):
        proc = _spawn("writer-loop", directory, sidefile)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"  # killed while writing, not importing
        # each writer commits at least once before its kill, however slow the machine is,
        # then dies at a random moment of a later commit
        deadline = time.monotonic() + 60
        while _recorded(sidefile) <= counts[-1] and time.monotonic() < deadline:
            time.sleep(0.005)
        _kill_after(proc, rng.uniform(0.0, 0.06))
        assert proc.returncode == -signal.SIGKILL
        counts.append(_check_after_kill(directory, sidefile))
    # every round kept what the ones before it committed, and added to it
    assert all(later > earlier for earlier, later in zip(counts, counts[1:])), counts


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_writer_at_each_write_step(tmp_path: Path, step: str) -> None:
    directory, sidefile = tmp_path / "store", tmp_path / "committed.txt"
    proc = _spawn("writer-loop", directory, sidefile, step)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert _recorded(sidefile) == 2
    count = _check_after_kill(directory, sidefile)
    # killed before the rename: the old file; at or after it: the new one
    before_rename = step in ("body_write", "body_fsync", "body_replace", "body_dir_fsync",
                             "tmp_write", "tmp_fsync", "good_link", "replace")
    assert count == (2 if before_rename else 3)
    # and the store goes on: one more commit works
    proc = _spawn("writer-loop", directory, sidefile)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    while _recorded(sidefile) < count + 1:
        time.sleep(0.01)
    _kill_after(proc, 0)
    _check_after_kill(directory, sidefile)


def test_three_writers_and_a_live_reader(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    Store(directory)
    reader = _spawn("reader", directory, 900, 120)
    time.sleep(0.3)  # the reader's Store exists before the writers start
    writers = [_spawn("writer", directory, f"w{k}", 300) for k in range(3)]
    for w in writers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
        assert err == ""
    out, err = reader.communicate(timeout=180)
    assert reader.returncode == 0, (out, err)
    assert err == ""
    seen = [int(line) for line in out.split()]
    assert seen[-1] == 900
    # it saw the others' writes as they came, not only at the end
    assert seen == sorted(seen) and any(0 < n < 900 for n in seen), seen
    articles = Store(directory).articles()
    assert len(articles) == 900
    assert len({a.id for a in articles}) == 900
    assert _leftovers(directory) == []


@pytest.mark.parametrize("step", ["seg_write", "seg_fsync", "seg_replace", "seg_dir_fsync"])
def test_sigkill_writer_while_it_writes_a_segment(tmp_path: Path, step: str) -> None:
    """With two inline articles at most, the third commit moves three into a segment."""
    directory, sidefile = tmp_path / "store", tmp_path / "committed.txt"
    proc = _spawn("writer-loop", directory, sidefile, step, inline_max=2)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert _recorded(sidefile) == 2
    assert _check_after_kill(directory, sidefile) == 2  # the segment comes before the commit
    proc = _spawn("writer-loop", directory, sidefile, inline_max=2)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    while _recorded(sidefile) < 12:
        time.sleep(0.01)
    _kill_after(proc, 0)
    assert _check_after_kill(directory, sidefile) >= 12
    assert list((directory / "segments").glob("*.seg"))


def test_sigkill_writer_with_segments_at_random_moments(tmp_path: Path) -> None:
    directory, sidefile = tmp_path / "store", tmp_path / "committed.txt"
    rng = random.Random(20251123)
    counts = [0]
    for _ in range(15):
        proc = _spawn("writer-loop", directory, sidefile, inline_max=3)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60  # one commit at least, then a random moment
        while _recorded(sidefile) <= counts[-1] and time.monotonic() < deadline:
            time.sleep(0.005)
        _kill_after(proc, rng.uniform(0.0, 0.06))
        counts.append(_check_after_kill(directory, sidefile))
    assert all(later > earlier for earlier, later in zip(counts, counts[1:])), counts
