"""`q` and Ctrl+C quit the dashboard during any refresh (issue 14, item 1): the real
`talkstui` in a pseudo-terminal, refreshing sources that trickle, loop or choke a parser."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from fixtures.servers import serving

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

# The refresh below would take a minute (its deadline) if it were waited for.
REFRESH_TIMEOUT = 60.0
# Generous: "within a second" on a quiet machine; this bounds the behaviour (nobody waits
# for the refresh), it does not measure speed.
QUIT_BOUND = 8.0


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Terminal:
    def __init__(self, home: Path) -> None:
        env = dict(os.environ, TALKSTUI_HOME=str(home), TERM="xterm-256color",
                   TEXTUAL_ANIMATION="none", COLUMNS="100", LINES="30")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the real command
            os.execve(sys.executable, [sys.executable, "-m", "talkstui", "--no-mouse"], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.output = b""
        self.status: int | None = None

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.output += data
            if self.exited():
                return

    def wait_for(self, predicate, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return True
            self.drain(0.1)
        return predicate()

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.mark.parametrize("key", [b"q", b"\x03"])
def test_quit_during_a_hostile_refresh(tmp_path, key):
    with serving() as server:
        home = tmp_path / "home"
        home.mkdir()
        sources = ["/drip", "/slow-parse", "/gzip-members", "/feed/good"]
        text = [f"[refresh]\ntimeout = {REFRESH_TIMEOUT}\nmax_bytes = 2000000\n"]
        for i, path in enumerate(sources):
            text.append(f"[[sources]]\nname = \"S{i}\"\nurl = {json.dumps(server.url(path))}\n")
        (home / "config.toml").write_text("\n".join(text))
        term = Terminal(home)
        try:
            assert term.wait_for(lambda: b"Timeline" in term.output, 60), term.output[-500:]
            term.drain(1.0)
            term.send(b"r")
            hits = server.config.hits
            assert term.wait_for(lambda: hits.get("/drip") and hits.get("/slow-parse"), 30)
            helpers: list[int] = []
            # the slow document reaches the parsing helper
            assert term.wait_for(lambda: bool(helpers.extend(children_of(term.pid)) or helpers),
                                 30)
            term.drain(1.0)
            assert not term.exited()
            term.send(key)
            assert term.wait_for(term.exited, QUIT_BOUND), "the dashboard did not quit"
            assert os.WIFEXITED(term.status) and os.WEXITSTATUS(term.status) in (0, 130)
            assert term.wait_for(lambda: not any(alive(p) for p in helpers), 5)
        finally:
            term.close()
