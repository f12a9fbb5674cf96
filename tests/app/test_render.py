"""The pure helpers behind the widgets: dates at their precision, highlights, diffs."""

from __future__ import annotations

from datetime import UTC, datetime

from talkstui.model import TimelineEvent, TimeExpr
from talkstui.sanitize import forbidden_chars
from talkstui.tui.render import event_when, highlight_body, revision_diff


def _event(start, end, precision, value="", approximate=False):
    e = TimelineEvent("x", start, end, precision, value, "talks", "s")
    e.approximate = approximate
    return e


def d(y, m, day):
    return datetime(y, m, day, tzinfo=UTC)


def test_dates_keep_their_precision():
    now = d(2025, 7, 22)
    assert event_when(_event(d(2025, 7, 23), d(2025, 7, 24), "day"), now) == "23 Jul"
    assert event_when(_event(d(2025, 7, 14), d(2025, 7, 21), "week"), now) == "14\u201320 Jul"
    assert event_when(_event(d(2025, 7, 28), d(2025, 8, 4), "week"), now) == "28 Jul\u20133 Aug"
    assert event_when(_event(d(2025, 7, 1), d(2025, 8, 1), "month"), now) == "Jul 2025"
    assert event_when(_event(d(2025, 6, 1), d(2025, 9, 1), "season", "2025-SU"), now) == "summer 2025"
    assert event_when(_event(d(2022, 2, 24), d(2022, 2, 25), "day"), now) == "24 Feb 2022"
    assert event_when(_event(d(2025, 9, 2), d(2025, 9, 3), "day", approximate=True), now) == "~2 Sep"


def test_highlights_survive_sanitizing_that_changes_lengths():
    body = "\x9b\u202eX\x1b[31m talks on Monday\u200b and \x85Wednesday."
    spans = [
        TimeExpr(body.index("on Monday"), body.index("on Monday") + 9, "on Monday", "DATE",
                 "2025-07-21"),
        TimeExpr(body.index("Wednesday"), body.index("Wednesday") + 9, "Wednesday", "DATE",
                 "2025-07-23"),
    ]
    text = highlight_body(body, spans)
    assert not forbidden_chars(text.plain)
    marked = [text.plain[s.start:s.end] for s in text.spans]
    assert marked == ["on Monday", "Wednesday"]


def test_highlights_follow_a_moved_phrase_and_skip_bad_spans():
    body = "Updated. The talks are on Wednesday."
    moved = TimeExpr(10, 22, "on Wednesday", "DATE", "2025-07-23")  # stale offsets
    wild = TimeExpr(500, 510, "nowhere", "DATE", "2025-07-23")
    text = highlight_body(body, [moved, wild])
    assert [text.plain[s.start:s.end] for s in text.spans] == ["on Wednesday"]


def test_revision_diff_is_sanitized_and_marks_changes():
    diff = revision_diff("talks this week\n", "talks on Wednesday\x1b[2J\n",
                         label_old="old\x1b]52;c;x\x07", label_new="new")
    # word level: only the changed words are marked, readable without colour
    assert "[-this week-]" in diff.plain
    assert "{+on Wednesday" in diff.plain
    assert not forbidden_chars(diff.plain)
