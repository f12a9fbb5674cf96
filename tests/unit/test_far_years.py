"""A date written with a far year ("valid until 31 December 9999", "until the year 2500")
keeps that year, so the analysis leaves it out with a note naming the article (issue 14
item 3) instead of stating a date in the current year the article never said. Ordinary
dates in the same articles keep their values. Real commands, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from talkstui.extract import analyse
from talkstui.extract.timex import extract_times

DCT = datetime(2025, 7, 20, 9, tzinfo=UTC)


def times(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in extract_times(text, DCT)]


@pytest.mark.parametrize(("sentence", "phrase", "value"), [
    ("Kyiv said the exemption stays valid until 31 December 9999, an open-ended waiver.",
     "31 December 9999", "9999-12-31"),
    ("The sanctions waiver is valid until December 31, 9999, a Treasury notice said.",
     "December 31, 9999", "9999-12-31"),
    ("The placeholder contract runs until Dec. 31 9999 under the draft.",
     "Dec. 31 9999", "9999-12-31"),
    ("The lease on the embassy plot ends on 1 January 2150, diplomats said.",
     "1 January 2150", "2150-01-01"),
    ("The registry lists the expiry as December 9999 for every permit.",
     "December 9999", "9999-12"),
    ("One delegate joked that the truce would hold until the year 2500.",
     "the year 2500", "2500"),
    ("A negotiator said the treaty would outlast us all, into the year 3000 and beyond.",
     "the year 3000", "3000"),
])
def test_a_far_year_after_a_date_is_the_dates_year(sentence, phrase, value):
    found = times(sentence)
    assert found == [(phrase, value)]


def test_a_number_after_a_date_that_counts_something_is_not_its_year():
    # "On March 3, 5000 people marched": the date has no year; the far year does not take
    # the count, and a far year written after it still does
    text = ("On March 3, 5000 people marched in Kyiv. On 4 March 2500 troops left the city. "
            "The memorandum is valid until 31 December 9999, the Kremlin said.")
    assert times(text) == [("March 3", "2025-03-03"), ("4 March", "2025-03-04"),
                           ("31 December 9999", "9999-12-31")]


def test_ordinary_dates_beside_far_ones_keep_their_values():
    text = ("The ceasefire deadline is December 31, 2025, the envoy said on 14 July 2025. "
            "Talks began in the year 2025 and a treaty was signed in 1990. "
            "The exemption is valid until December 31, 9999, and the year 2500 was joked about.")
    assert times(text) == [
        ("December 31, 2025", "2025-12-31"), ("14 July 2025", "2025-07-14"),
        ("the year 2025", "2025"), ("1990", "1990"),
        ("December 31, 9999", "9999-12-31"), ("the year 2500", "2500"),
    ]


def test_the_year_before_a_number_is_never_the_current_year():
    # a number too long to be a year: nothing, rather than "the year" read as 2025
    assert times("Planners modelled the year 25000 scenario for the archive.") == []


@pytest.mark.parametrize(("sentence", "note"), [
    ("The waiver for Ukrainian grain is valid until December 31, 9999, the ministry said. "
     "Delegations meet in Istanbul on Wednesday.",
     "'December 31, 9999' (9999-12-31) is outside the years 1900-2200: left out"),
    ("The observers' mandate runs until 31 December 9999 under the draft. "
     "Delegations meet in Istanbul on Wednesday.",
     "'31 December 9999' (9999-12-31) is outside the years 1900-2200: left out"),
    ("Peskov said the memorandum could last until the year 2500. "
     "Delegations meet in Istanbul on Wednesday.",
     "'the year 2500' (2500) is outside the years 1900-2200: left out"),
])
def test_the_analysis_leaves_the_far_date_out_with_a_note(sentence, note):
    a = analyse(sentence, DCT)
    assert a.notes == [note]
    values = [t.value for t in a.times]
    assert "2025-12-31" not in values and "2025" not in values
    assert "2025-07-23" in values  # the ordinary date in the article stays


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", *args], env=env,
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_import_prints_the_note_and_the_export_has_no_current_year_date(tmp_path):
    home = tmp_path / "home"
    far = tmp_path / "waiver.txt"
    far.write_text("Grain corridor waiver has no end date\n\n2025-07-20\n\n"
                   "The waiver for grain shipments from Odesa is valid until December 31, "
                   "9999, a Ukrainian ministry notice said. Russian and Ukrainian delegations "
                   "resume peace talks in Istanbul on Wednesday, officials said.\n")
    proc = run(home, "import", str(far))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == (f"talkstui: note: {far}: 'December 31, 9999' (9999-12-31) "
                                   "is outside the years 1900-2200: left out")
    out = tmp_path / "story.json"
    proc = run(home, "export", "--format", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    story = json.loads(out.read_text())
    events = json.dumps(story["events"])
    assert "2025-12-31" not in events and "9999" not in events
    by_title = {a["title"]: a for a in story["articles"]}
    assert by_title["Grain corridor waiver has no end date"]["notes"] == [
        "'December 31, 9999' (9999-12-31) is outside the years 1900-2200: left out"]
