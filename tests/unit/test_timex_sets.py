"""SET values as TimeML writes them (issue 11), on sentences written for this test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from talkstui.extract.timex import extract_times

DCT = datetime(2025, 7, 21, tzinfo=UTC)


def sets(text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract_times(text, DCT)]


@pytest.mark.parametrize("text,phrase,value", [
    ("Negotiators will speak every week until a deal is done.", "every week", "P1W"),
    ("The ministry briefs reporters daily.", "daily", "P1D"),
    ("Each Friday the two delegations exchange lists.", "Each Friday", "XXXX-WXX-5"),
    ("Monitors file a report every two weeks.", "every two weeks", "P2W"),
    ("Prisoner lists are compared monthly.", "monthly", "P1M"),
    ("The council sits every Monday morning.", "every Monday morning", "XXXX-WXX-1TMO"),
    ("Shelling resumes each Friday night, residents say.", "Each Friday night", "XXXX-WXX-5TNI"),
])
def test_set_values(text, phrase, value):
    got = {t[0].lower(): t for t in sets(text)}
    assert got[phrase.lower()][1:] == ("SET", value)


def test_the_second_day_of_every_monday_and_thursday_is_a_set_too():
    got = sets("Officials brief the press every Monday and Thursday.")
    assert ("every Monday", "SET", "XXXX-WXX-1") in got and ("Thursday", "SET", "XXXX-WXX-4") in got


def test_a_plain_weekday_stays_a_date():
    got = sets("Talks resume on Thursday, officials said.")
    assert got and got[0][1] == "DATE"
