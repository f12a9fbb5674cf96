"""The countdown is never finer than the due date (issue 11): a range of days counts in
days, a day in days and hours, and only a deadline stated to the hour counts minutes."""

from __future__ import annotations

from datetime import UTC, datetime

from talkstui.model import Deadline
from talkstui.tui.widgets.countdown import UNITS, compact_text, digits_text, precision_of, _day_span

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)


def deadline(**kw) -> Deadline:
    base = dict(id="d", label="Trump's 50-day deadline", set_on=datetime(2025, 7, 14, tzinfo=UTC),
                duration="P50D", due=datetime(2025, 9, 2, tzinfo=UTC), status="running")
    base.update(kw)
    return Deadline(**base)


def test_a_range_counts_whole_days():
    d = deadline(due_earliest=datetime(2025, 9, 1, tzinfo=UTC), due_latest=datetime(2025, 9, 3, tzinfo=UTC))
    assert precision_of(d) == "range" and UNITS["range"] == "days"
    left = (d.due - NOW).total_seconds()
    assert digits_text(left, "range", _day_span(d, NOW)) == "41-43"
    assert compact_text(d, NOW, True) == "deadline in 41\u201343 days"


def test_a_day_counts_days_and_hours_an_estimate_says_so():
    d = deadline()
    left = (d.due - NOW).total_seconds()
    assert digits_text(left, "day") == "41:12"
    assert compact_text(d, NOW, True) == "deadline in 41 days 12 h"
    assert compact_text(deadline(due_approx=True), NOW, True) == "deadline in ~41 days 12 h"


def test_minutes_only_for_a_stated_time():
    d = deadline(due=datetime(2025, 7, 25, 17, tzinfo=UTC), due_time=True)
    left = (d.due - NOW).total_seconds()
    assert digits_text(left, "time") == "3:05:00"
    assert compact_text(d, NOW, False) == "deadline in 3d 05:00"


def test_passed_range_says_how_long_ago_in_days():
    d = deadline(due_earliest=datetime(2025, 7, 10, tzinfo=UTC), due_latest=datetime(2025, 7, 12, tzinfo=UTC),
                 due=datetime(2025, 7, 11, tzinfo=UTC), status="passed")
    assert compact_text(d, NOW, True) == "passed 10\u201312 days ago"
