"""The helper process: answers, errors, a timeout that kills it, and no life after its parent
(real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from talkstui.helper_process import HelperError, HelperProcess, HelperTimeout
from talkstui.ingest.items import ParseFailure


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_calls_answer_and_raise_as_if_local():
    with HelperProcess() as helper:
        assert helper.call("talkstui.extract.text:stable_hash", "abc") == 891568578
        with pytest.raises(ParseFailure) as info:
            helper.call("talkstui.ingest.feeds:parse_feed", b"<html><body>x</body></html>",
                        "text/html", "http://x.invalid/", None)
        assert info.value.status == "parse_error"
        with pytest.raises(HelperError):
            helper.call("os:getcwd")  # only this package's functions run there


def test_a_call_over_its_timeout_kills_the_helper_and_the_next_call_gets_a_new_one():
    with HelperProcess() as helper:
        first = helper.pid
        with pytest.raises(HelperTimeout):
            # waits for its parent to go away: never, within the timeout
            helper.call("talkstui.helper_process:_die_with", os.getpid(), timeout=0.5)
        assert not alive(first)
        assert helper.call("talkstui.extract.text:stable_hash", "abc") == 891568578
        assert helper.pid != first


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("busy", [False, True])
def test_the_helper_ends_when_its_parent_is_killed(busy):
    # a parent that starts a helper (idle, or busy in a call that never ends) and is killed
    code = ("import os, sys\n"
            "from talkstui.helper_process import HelperProcess\n"
            "h = HelperProcess()\nh.start()\n"
            "print(h.pid, flush=True)\n"
            + ("h.call('talkstui.helper_process:_die_with', os.getpid())\n" if busy
               else "import time\ntime.sleep(600)\n"))
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(parent.stdout.readline())
        time.sleep(0.5)
        assert alive(pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pid)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
