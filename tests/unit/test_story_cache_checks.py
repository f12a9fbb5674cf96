"""The story cache is checked, never trusted (issue 14, item 5): a checksum over its content,
and a size beyond anything it could be is not even read. Real files, real exports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from talkstui.config import load_settings, locations
from talkstui.store import Store
from talkstui.story import cache as story_cache


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", *args], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def export_text(home: Path, out: Path) -> str:
    proc = run(home, "export", "--format", "text", "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    return out.read_text()


def cache_file(home: Path) -> Path:
    settings = load_settings(locations({"TALKSTUI_HOME": str(home)}))
    return story_cache.cache_path(Store(settings.locations.store_dir))


def test_one_changed_letter_in_the_cache_is_caught_and_rebuilt(tmp_path):
    home = tmp_path / "home"
    truth = export_text(home, tmp_path / "a.txt")  # seeds the store, writes the cache
    path = cache_file(home)
    raw = path.read_bytes()
    assert b"Istanbul" in raw
    path.write_bytes(raw.replace(b"Istanbul", b"Istanbum", 1))  # issue 14: one letter
    again = export_text(home, tmp_path / "b.txt")
    assert "Istanbum" not in again and again == truth
    assert b"Istanbum" not in path.read_bytes()  # rewritten from a fresh build


def test_an_implausibly_large_cache_is_never_read(tmp_path):
    home = tmp_path / "home"
    truth = export_text(home, tmp_path / "a.txt")
    path = cache_file(home)
    with open(path, "r+b") as f:  # issue 14: a 2 GB sparse file (no disk used)
        f.truncate(2 * 1024 ** 3)
    proc = subprocess.run(
        [sys.executable, "-c",
         "import resource, sys\n"
         "from talkstui.cli import main\n"
         "try:\n"
         "    main(['export', '--format', 'text', '-o', sys.argv[1], '--force'])\n"
         "except SystemExit as e:\n"
         "    code = e.code\n"
         "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
         "print(peak)\n", str(tmp_path / "b.txt")],
        env=dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1"),
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    peak_mb = int(proc.stdout.strip().splitlines()[-1])
    assert peak_mb < 1024, peak_mb  # nowhere near the 2 GB the file claims
    assert (tmp_path / "b.txt").read_text() == truth
    assert path.stat().st_size < 1024 ** 2  # rebuilt at its real size
