from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from talkstui.ingest.dates import from_struct_time, parse_date, parse_iso, plausible

NOW = datetime(2025, 7, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01/02/2025", datetime(2025, 1, 2, tzinfo=UTC)),  # month first, all fields given
        ("12/25/69", None),  # 2069 or 1969: impossible either way
        ("May the council decide", None),  # no fuzzy: "May" the verb is not a month
        ("Posted 2 hours ago", None),
        ("10:00 EST", None),  # year, month and day would be invented
        ("+25:00", None),
        ("1" * 20, None),  # OverflowError inside dateutil
        ("31 Feb 2025", None),
        ("Feb 2025", None),  # the day would be invented
        ("July 21, 2025", datetime(2025, 7, 21, tzinfo=UTC)),
        ("Mon, 21 Jul 2025 10:00:00 EST", datetime(2025, 7, 21, 15, 0, tzinfo=UTC)),
        ("Mon, 21 Jul 2025 10:00:00 EDT", datetime(2025, 7, 21, 14, 0, tzinfo=UTC)),
        ("2025-07-21 10:00 PST", datetime(2025, 7, 21, 18, 0, tzinfo=UTC)),
        ("2025-07-21 10:00 GMT", datetime(2025, 7, 21, 10, 0, tzinfo=UTC)),
        ("2025-07-21 10:00 CET", datetime(2025, 7, 21, 9, 0, tzinfo=UTC)),
        ("2025-07-21 10:00 MSK", datetime(2025, 7, 21, 7, 0, tzinfo=UTC)),
        ("2025-07-21T10:00:00+03:00", datetime(2025, 7, 21, 7, 0, tzinfo=UTC)),
        ("2025-07-21T10:00:00+15:00", None),  # offset beyond 14 h
        ("2025-07-25", None),  # after now + 1 day
        ("2025-07-24", datetime(2025, 7, 24, tzinfo=UTC)),  # within a day: time zones
        ("1989-12-31", None),  # before 1990
        ("", None),
        ("x" * 500, None),
        ("\x00\x1b[31m2025", None),
    ],
)
def test_parse_date_table(text, expected):
    assert parse_date(text, NOW) == expected


@pytest.mark.parametrize("value", [None, 12, b"2025-07-21", object()])
def test_parse_date_non_strings_are_undated(value):
    assert parse_date(value, NOW) is None


def test_result_is_always_aware_utc():
    got = parse_date("21 July 2025 14:00", NOW)
    assert got == datetime(2025, 7, 21, 14, 0, tzinfo=UTC)
    assert got.utcoffset().total_seconds() == 0


def test_struct_time_from_feedparser():
    st = time.struct_time((2025, 7, 21, 10, 0, 0, 0, 202, 0))
    assert from_struct_time(st, NOW) == datetime(2025, 7, 21, 10, 0, tzinfo=UTC)
    future = time.struct_time((2099, 1, 1, 0, 0, 0, 3, 1, 0))
    assert from_struct_time(future, NOW) is None
    assert from_struct_time("2025-07-21", NOW) is None
    assert from_struct_time(None, NOW) is None


def test_parse_iso_and_plausible():
    assert parse_iso("2025-07-21", NOW) == datetime(2025, 7, 21, tzinfo=UTC)
    assert parse_iso("not a date", NOW) is None
    assert parse_iso("9" * 30, NOW) is None
    assert plausible(datetime(2025, 7, 21), NOW) == datetime(2025, 7, 21, tzinfo=UTC)


def test_now_is_injected_not_read():
    # The same string is dated or undated depending only on the `now` passed in.
    assert parse_date("2030-01-01", NOW) is None
    assert parse_date("2030-01-01", datetime(2031, 1, 1, tzinfo=UTC)) is not None


@pytest.mark.parametrize("raw", ["2025-02-30T10:00:00Z", "2025-13-45T10:00:00Z",
                                 "0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 GMT",
                                 "Sun, 30 Feb 2025 10:00:00 GMT"])
def test_impossible_feed_dates_are_undated_never_rolled_over(raw):
    # issue 14: 2025-02-30 became 2 March, 2025-13-45 became 2026-01-01, 0001 became 2001
    from talkstui.ingest.feeds import parse_feed

    body = (f"<rss version='2.0'><channel><title>F</title><item><title>Talks</title>"
            f"<link>http://x.invalid/1</link><pubDate>{raw}</pubDate>"
            f"<description>Talks resume on Monday.</description></item></channel></rss>")
    doc = parse_feed(body.encode(), "application/rss+xml", "http://x.invalid/feed", NOW)
    assert len(doc.items) == 1 and doc.items[0].published is None
    assert parse_date(raw, NOW) is None


def test_a_possible_feed_date_still_parses():
    from talkstui.ingest.feeds import parse_feed

    body = ("<rss version='2.0'><channel><title>F</title><item><title>Talks</title>"
            "<link>http://x.invalid/1</link><pubDate>2025-07-21T10:00:00Z</pubDate>"
            "<description>Talks resume on Monday.</description></item></channel></rss>")
    doc = parse_feed(body.encode(), "application/rss+xml", "http://x.invalid/feed", NOW)
    assert doc.items[0].published == datetime(2025, 7, 21, 10, tzinfo=UTC)
