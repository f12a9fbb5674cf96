"""Property tests for talkstui.extract.timex: arbitrary text never breaks the contract."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from talkstui.extract.timex import TIMEX3_VALUE, extract_times

WORDS = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "May",
    "June", "Aug.", "Sept.", "January", "16", "23-24", "2", "1998", "2025", "99999", "0000",
    "2025-07-21", "9999-12-31", "13/45/99", "the", "this", "last", "next", "week", "weeks",
    "month", "year", "years", "quarter", "third", "fiscal", "ago", "earlier", "later", "a",
    "50-day", "50", "days", "10", "or", "12", "two", "said", "will", "would", "on", "in",
    "by", "end", "of", "summer", "1990s", "'80s", "now", "today", "tomorrow", "yesterday",
    "tonight", "11", "a.m.", "p.m.", "15:00", "GMT", "noon", "every", "daily", "twice",
    "recent", "recently", "future", "century", "20th", "Christmas", "Easter", ",", ".", "-",
    "—", "\n", "😀", "é", "year-earlier", "year-end", "nineteen", "ninety-six", "1/2",
    "more", "than", "about", "the", "past", "coming", "1e9", "000000000000000000001",
]
DCTS = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                    timezones=st.just(timezone.utc))
wordy = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
texts = st.one_of(st.text(max_size=300), wordy,
                  st.tuples(wordy, st.text(max_size=40), wordy).map("".join))


def check(text: str, dct: datetime) -> None:
    out = extract_times(text, dct)
    prev_end = 0
    for t in out:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= prev_end, "overlapping or unsorted"
        prev_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert TIMEX3_VALUE.match(t.value), t
    assert extract_times(text, dct) == out  # deterministic


@settings(max_examples=300, deadline=None)
@given(texts, DCTS)
def test_contract_on_arbitrary_text(text, dct):
    check(text, dct)


@settings(max_examples=150, deadline=None)
@given(wordy, st.sampled_from([datetime(1, 1, 1, tzinfo=timezone.utc),
                               datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc),
                               datetime(2025, 7, 21, tzinfo=timezone.utc)]))
def test_contract_at_calendar_edges(text, dct):
    check(text, dct)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), DCTS)
def test_absurd_numbers_and_years(n, dct):
    for text in (f"May 16, {n}", f"{n}-07-21", f"in {n}", f"{n} years ago", f"the {n}s",
                 f"{n} days later", f"fiscal {n}", f"{n}/12/2025"):
        check(text, dct)


@settings(max_examples=150, deadline=None)
@given(st.one_of(wordy, st.lists(st.sampled_from(WORDS + ["x" * 50, " " * 30]), max_size=80)
                 .map(" ".join)), DCTS)
def test_trigger_windows_find_what_a_full_scan_finds(text, dct):
    import talkstui.extract.timex as timex

    windowed = extract_times(text, dct)
    saved = dict(timex.TRIGGERS)
    try:
        for name in timex.TRIGGERS:
            timex.TRIGGERS[name] = None
        full = extract_times(text, dct)
    finally:
        timex.TRIGGERS.update(saved)
    assert windowed == full
