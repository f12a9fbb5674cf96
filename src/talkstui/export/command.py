"""`talkstui export`: opens the store, loads the story and writes it to stdout or FILE."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from talkstui.sanitize import clean_line

_clean_line = clean_line
from talkstui.export.formats import render
from talkstui.export.files import write_output
from talkstui.seeds import ensure_seeded
from talkstui.store import Store
from talkstui.story import load_story


def export_command(settings, fmt: str, output: Path | None, *, as_of: datetime | None = None,
                   force: bool = False, now: datetime | None = None, stdout=None) -> int:
    """`talkstui export`: the story from the store, to stdout or to FILE. Returns 0."""
    store = Store(settings.locations.store_dir)
    ensure_seeded(settings, store)
    if now is None:
        from talkstui.clock import SystemClock

        now = SystemClock().now()
    story = load_story(settings, store, now=now, as_of=as_of)
    text = render(story, fmt)
    if output is None or str(output) == "-":
        stream = stdout or sys.stdout
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit-time flush
            except OSError:
                pass
            return 0
        return 0
    write_output(text.encode("utf-8"), Path(output), force=force)
    return 0
