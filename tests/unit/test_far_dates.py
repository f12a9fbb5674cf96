"""Dates can never break the story (issue 14, item 3): far dates in an article's text, an
article dated at the edge of Python's range, dates a user types. Real commands, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

FORMATS = ("text", "markdown", "json")


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", *args], env=env,
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def exports_load(home: Path, out: Path) -> None:
    for fmt in FORMATS:
        target = out / f"story.{fmt}"
        proc = run(home, "export", "--format", fmt, "-o", str(target))
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert target.stat().st_size > 0
    json.loads((out / "story.json").read_text())


def test_an_article_valid_until_9999_12_31_keeps_the_story_loading(tmp_path):
    home = tmp_path / "home"
    far = tmp_path / "far.txt"
    far.write_text("Ukraine talks: ultimatum extended\n\n2025-07-20\n\nThe ultimatum to Russia is "
                   "valid until 9999-12-31, officials said. Russian and Ukrainian delegations "
                   "resume peace talks in Istanbul on Monday, Zelensky said.\n")
    proc = run(home, "import", str(far))
    assert proc.returncode == 0, proc.stderr
    # the note names the file and the phrase left out
    assert proc.stderr.strip() == (f"talkstui: note: {far}: '9999-12-31' (9999-12-31) is "
                                   "outside the years 1900-2200: left out")
    exports_load(home, tmp_path)
    story = json.loads((tmp_path / "story.json").read_text())
    assert "9999" not in json.dumps(story["events"])  # the far date is not an event
    # the article keeps a note naming what was left out
    from talkstui.config import load_settings, locations
    from talkstui.store import Store

    settings = load_settings(locations({"TALKSTUI_HOME": str(home)}))
    arts = [a for a in Store(settings.locations.store_dir).snapshot().articles
            if a.title == "Ukraine talks: ultimatum extended"]
    assert len(arts) == 1
    notes = (arts[0].analysis or {}).get("n", [])
    assert any("'9999-12-31'" in n and "left out" in n for n in notes), notes


@pytest.mark.parametrize("value", ["0001-01-01T00:00+01:00", "9999-12-31T23:00-02:00",
                                   "0001-01-01T00:00Z", "2250-01-01"])
@pytest.mark.parametrize("option", ["--as-of", "--published"])
def test_a_typed_date_out_of_range_is_one_clear_line(tmp_path, option, value):
    home = tmp_path / "home"
    (tmp_path / "a.txt").write_text("Talks\n\nTalks resume on Monday.\n")
    args = (["import", str(tmp_path / "a.txt"), "--published", value] if option == "--published"
            else ["--as-of", value, "export", "--format", "text", "-o", str(tmp_path / "o.txt")])
    if option == "--as-of":
        args = ["export", "--as-of", value, "--format", "text", "-o", str(tmp_path / "o.txt")]
    proc = run(home, *args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "outside the years 1900-2200" in proc.stderr, proc.stderr


def test_an_article_dated_at_the_edge_of_the_range_and_an_undated_one(tmp_path):
    # issue 14: `--published 0001-01-01T00:00Z` followed by any undated import raised
    # OverflowError in every export. Stored directly (an older talkstui let it in).
    from talkstui.config import load_settings, locations
    from talkstui.ingest.articles import analyse_text
    from talkstui.model import Article, Source
    from talkstui.store import Store

    home = tmp_path / "home"
    settings = load_settings(locations({"TALKSTUI_HOME": str(home)}))
    store = Store(settings.locations.store_dir)
    with store.transaction() as tx:
        tx.put_source(Source(id="files", name="Files", kind="file"))
        for i, (published, text) in enumerate([
                (datetime(1, 1, 1, tzinfo=UTC), "Talks resume in Istanbul on Monday."),
                (datetime(9999, 12, 31, 23, tzinfo=UTC), "The deadline falls on Friday."),
                (None, "Talks resume in Istanbul on Tuesday, officials said.")]):
            h = tx.put_body(text)
            tx.put_article(Article(
                id=f"a{i}", title=f"Article {i}", outlet="Files", url=None, published=published,
                body_hash=h, source_ids=["files"], outlets=["Files"], urls=[],
                analysis=analyse_text(text, published)))
    exports_load(home, tmp_path)
