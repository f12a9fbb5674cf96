"""TUI benchmarks, each against a bare Textual app started the same way in the same run.

(a) Start-up: process start to the first painted frame in a 120x40 pty
    (TERM=xterm-256color), read until the output holds a marker of a painted
    frame: the story title for talkstui, a table cell for the bare app
    (Header, a 30-row DataTable, Footer). Median of >= 5 runs. Goal: ratio <= 1.25.
(b) Idle output: bytes per second written to the pty at rest, with the countdown
    showing seconds, vs a bare app with one Label updated once a second.
    Goal: ratio <= 1.1. And zero bytes with `ui.show_seconds = false`.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

from common import Figure

ROWS, COLS = 40, 120
TITLE_MARKER = b"Russia-Ukraine peace talks"
BARE_MARKER = b"ROW-00"

BARE_TABLE = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("id", "name", "value")
            for i in range(30):
                table.add_row(f"ROW-{i:02d}", f"name {i}", str(i * 7))

    Bare().run()
    """
)

BARE_LABEL = textwrap.dedent(
    """
    import time
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("ROW-00 " + time.strftime("%H:%M:%S"), id="clock")

        def on_mount(self):
            self.set_interval(1.0, self.tick)

        def tick(self):
            self.query_one("#clock", Label).update("ROW-00 " + time.strftime("%H:%M:%S"))

    Bare().run()
    """
)


def _talkstui_cmd() -> list[str]:
    return [sys.executable, "-m", "talkstui"]


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))

    def child_setup() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            preexec_fn=child_setup, close_fds=True)
    os.close(slave)
    return proc, master


def _stop(proc: subprocess.Popen, master: int) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        while True:  # drain so the child never blocks on a full pty while exiting
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready or not os.read(master, 65536):
                break
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    os.close(master)


def _read_until(master: int, marker: bytes, timeout: float = 30.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{marker!r} never appeared; got {seen[-400:]!r}")
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _time_to_frame(argv: list[str], env: dict[str, str], marker: bytes) -> float:
    start = time.perf_counter()
    proc, master = _spawn(argv, env)
    try:
        _read_until(master, marker)
        return time.perf_counter() - start
    finally:
        _stop(proc, master)


def _idle_bytes(argv: list[str], env: dict[str, str], marker: bytes, seconds: float,
                settle: float = 3.0) -> float:
    proc, master = _spawn(argv, env)
    try:
        _read_until(master, marker)
        end_settle = time.monotonic() + settle
        while time.monotonic() < end_settle:  # let loading and the first paints finish
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                os.read(master, 65536)
        total = 0
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                total += len(chunk)
        return total / seconds
    finally:
        _stop(proc, master)


def run(quick: bool) -> list[Figure]:
    runs = 5
    idle_seconds = 5.0 if quick else 20.0
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="talkstui-bench-tui-") as tmp:
        tmpdir = Path(tmp)
        bare_table = tmpdir / "bare_table.py"
        bare_table.write_text(BARE_TABLE)
        bare_label = tmpdir / "bare_label.py"
        bare_label.write_text(BARE_LABEL)
        home = tmpdir / "home"
        home.mkdir()
        env = dict(os.environ)
        env.update({"TERM": "xterm-256color", "TALKSTUI_HOME": str(home), "COLUMNS": str(COLS),
                    "LINES": str(ROWS)})
        for key in ("NO_COLOR", "TEXTUAL", "TMUX"):
            env.pop(key, None)
        src = Path(__file__).resolve().parent.parent / "src"
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])

        # As a user starts it: the seeds, the live clock. (`--as-of` would add cli.py's
        # dateutil import, about 13 ms, to both the measurement and the user's wait.)
        ours_cmd = _talkstui_cmd()
        bare_cmd = [sys.executable, str(bare_table)]
        # warm up: seeds the store, fills the OS caches for both
        _time_to_frame(ours_cmd, env, TITLE_MARKER)
        _time_to_frame(bare_cmd, env, BARE_MARKER)
        ours, base = [], []
        for _ in range(runs):  # interleaved, so drift hits both alike
            ours.append(_time_to_frame(ours_cmd, env, TITLE_MARKER))
            base.append(_time_to_frame(bare_cmd, env, BARE_MARKER))
        ours_m, base_m = statistics.median(ours), statistics.median(base)
        figures.append(Figure(
            "tui start-up to first frame (120x40 pty)", ours_m, base_m,
            f"bare Textual app: Header, 30-row DataTable, Footer; median of {runs}", "s",
            "ratio <= 1.25", ours_m / base_m <= 1.25,
        ))

        # (b) idle output with a live countdown showing seconds. The seeds' 50-day deadline
        # is known to a range of days (no seconds are shown for it), so the config states one
        # to the minute, as a user would for an ultimatum reported with its hour.
        (home / "config.toml").write_text(
            '[[deadlines]]\nlabel = "Deadline at 16:00"\ndue = "2025-09-02T16:00:00Z"\n')
        live_env = dict(env, TALKSTUI_CLOCK_START="2025-07-22T12:00Z")
        ours_idle = _idle_bytes(_talkstui_cmd(), live_env, TITLE_MARKER, idle_seconds)
        base_idle = _idle_bytes([sys.executable, str(bare_label)], env, BARE_MARKER, idle_seconds)
        figures.append(Figure(
            f"tui idle output, seconds shown ({idle_seconds:.0f} s)", ours_idle, base_idle,
            "bare Textual app, one Label updated once a second", "B/s", "ratio <= 1.1",
            base_idle > 0 and ours_idle / base_idle <= 1.1,
        ))

        # and with seconds turned off: nothing at all at rest
        # The started clock begins at 12:00:00 with the process, so the window (well under
        # a minute of app time) never crosses a minute boundary: any byte is a stray repaint.
        (home / "config.toml").write_text(
            '[ui]\nshow_seconds = false\n[[deadlines]]\nlabel = "Deadline at 16:00"\n'
            'due = "2025-09-02T16:00:00Z"\n')
        quiet = _idle_bytes(_talkstui_cmd(), live_env, TITLE_MARKER, idle_seconds)
        figures.append(Figure(
            f"tui idle output, seconds off ({idle_seconds:.0f} s, within one minute)", quiet, None,
            "none: the goal is absolute", "B/s", "== 0", quiet == 0,
        ))
    return figures


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        print(figure.line())
