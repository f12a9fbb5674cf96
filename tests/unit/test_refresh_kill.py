"""A `talkstui refresh` killed mid-way leaves nothing behind (issue 14, item 4): its helper
processes end within seconds and nobody keeps the caller's pipes open, whatever the signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures.servers import hostile_server  # noqa: F401

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_refresh(home: Path, server) -> subprocess.Popen:
    home.mkdir(parents=True, exist_ok=True)
    text = ["[refresh]\ntimeout = 60.0\nmax_bytes = 1000000\n"]
    # eight fresh feeds: a bulk refresh, so analysis gets its helper process too; and one
    # document that keeps the parsing helper busy for many seconds
    urls = [server.url(f"/feed/bench/{i}") for i in range(8)] + [server.url("/slow-parse")]
    for i, url in enumerate(urls):
        text.append(f"[[sources]]\nname = \"S{i}\"\nurl = {json.dumps(url)}\n")
    (home / "config.toml").write_text("\n".join(text))
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.Popen([sys.executable, "-m", "talkstui", "refresh"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killed_refresh_leaves_no_process_and_no_open_pipe(hostile_server, tmp_path, sig):  # noqa: F811
    proc = start_refresh(tmp_path / "home", hostile_server)
    try:
        helpers: list[int] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
                len(helpers) < 2 or not hostile_server.config.hits.get("/slow-parse")):
            helpers = children_of(proc.pid)
            time.sleep(0.1)
        assert len(helpers) >= 2, "the refresh should be running a parser and an analyser"
        time.sleep(1.0)  # the slow document is being parsed (for about ten seconds)
        assert proc.poll() is None
        proc.send_signal(sig)
        # The caller's pipes reach end of file: nothing else holds them.
        out, err = proc.communicate(timeout=10)
        assert "Traceback" not in err.decode(errors="replace")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(p) for p in helpers):
            time.sleep(0.1)
        assert [p for p in helpers if alive(p)] == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
