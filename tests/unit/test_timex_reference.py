"""Reference-time and spoken-form conventions of talkstui.extract.timex (TempEval-3 majority).

Every case is a constructed sentence, not copied from the training data; the comment names
the convention and the gold count behind it.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from talkstui.extract.timex import extract_times

THU_1989 = datetime(1989, 11, 2, tzinfo=timezone.utc)  # a Thursday in 1989-Q4
MON = datetime(2025, 7, 21, 9, 0, tzinfo=timezone.utc)  # Monday
WED = datetime(2025, 7, 23, 9, 0, tzinfo=timezone.utc)  # Wednesday


def values(text: str, dct: datetime = MON) -> dict[str, str]:
    return {t.text: t.value for t in extract_times(text, dct)}


# ------------------------------------------------------------------ year-to-date comparisons
# "For the nine months, ... compared with ... a year earlier" compares with the previous
# year, not with the quarter under discussion (TimeBank: 7 of 9 such cases).

def test_year_earlier_after_nine_months_is_the_previous_year():
    text = ("Acme earned $5 million in the third quarter, up from $4 million a year earlier. "
            "For the nine months, profit was $12 million, compared with $10 million a year "
            "earlier.")
    got = [(t.text, t.value) for t in extract_times(text, THU_1989)]
    assert got[0] == ("the third quarter", "1989-Q3")
    assert got[1] == ("a year earlier", "1988-Q3")  # the quarter is the topic
    assert got[-1] == ("a year earlier", "1988")  # the nine months are the topic


def test_year_ago_adjective_after_nine_months():
    text = ("Acme posted a third-quarter loss. In the first nine months, net was $3 million, "
            "against year-earlier net of $2 million.")
    assert values(text, THU_1989)["year-earlier"] == "1988"


def test_year_ago_with_quarter_topic_unchanged():
    text = "Third-quarter sales fell 5% to $2 billion from $2.1 billion a year ago."
    assert values(text, THU_1989)["a year ago"] == "1988-Q3"


def test_quarter_mentioned_after_nine_months_takes_over():
    text = ("In the nine months, sales rose. In the third quarter alone, net fell from "
            "$2 million a year earlier.")
    assert values(text, THU_1989)["a year earlier"] == "1988-Q3"


def test_dated_period_in_nine_month_context_is_a_year():
    text = "In the first nine months, net was $30 million, up from $20 million in the 1988 period."
    assert values(text, THU_1989)["the 1988 period"] == "1988"


# ------------------------------------------------------------------ spoken years (broadcasts)

@pytest.mark.parametrize("text,expr,value", [
    ("Prices last fell that low in the winter of nineteen ninety-four.",
     "the winter of nineteen ninety-four", "1994-WI"),
    ("March nineteen eighty-nine. The plant closes.", "March nineteen eighty-nine", "1989-03"),
    ("It opened in June of two thousand one.", "June of two thousand one", "2001-06"),
    ("Crime fell through the nineties.", "the nineties", "199"),
    ("It began in the late seventies.", "the late seventies", "197"),
])
def test_spoken_years(text, expr, value):
    assert values(text)[expr] == value


# ------------------------------------------------------------------ the Nth day of ...

def test_present_nth_day_of_is_the_dct():
    assert values("Today is the fifth day of the strike.")["the fifth day"] == "2025-07-21"
    assert values("It's the second day of the blockade.")["the second day"] == "2025-07-21"


def test_past_nth_day_is_not_dated():
    assert "the second day" not in values("It was the second day of the blockade.")


def test_a_later_date_is_future_ref():
    assert values("The rest will be sold at a later date.")["a later date"] == "FUTURE_REF"


# ------------------------------------------------------------------ pluperfect schedules

def test_had_been_due_weekday_is_past():
    # "had been due to expire Friday": the plan before it changed, a past Friday
    assert values("The offer had been due to expire Friday.", WED)["Friday"] == "2025-07-18"
    # a plain future schedule stays ahead
    assert values("The offer is due to expire Friday.", WED)["Friday"] == "2025-07-25"


# ------------------------------------------------------------------ present-tense schedules

def test_present_tense_schedule_points_ahead():
    # news writes scheduled events in the present: "X meets Y Monday" is the coming Monday
    fri = datetime(2025, 7, 25, 9, 0, tzinfo=timezone.utc)
    assert values("The two leaders meet separately Monday with the envoy.", fri)["Monday"] == \
        "2025-07-28"
    assert values("The minister visits Cairo Tuesday.", fri)["Tuesday"] == "2025-07-29"
    # the past tense still points back
    assert values("The two leaders met separately Monday.", fri)["Monday"] == "2025-07-21"


def test_until_then_is_the_date_just_named():
    text = "The rights expire on Nov. 30. Until then, the stock remains convertible."
    assert values(text, THU_1989)["then"] == "1989-11-30"
    # with no date named before, "until then" is not dated
    assert "then" not in values("Until then, the stock remains convertible.", THU_1989)


def test_upcoming_week_follows_the_day_it_was_said():
    # Said on Saturday 2025-07-19, published Monday 2025-07-21: the week after Saturday.
    text = ("Zelensky announced on Saturday that Ukraine had proposed a new round of peace "
            "talks with Moscow for the upcoming week.")
    found = {t.text: t.value for t in extract_times(text, datetime(2025, 7, 21, tzinfo=timezone.utc))}
    assert found["Saturday"] == "2025-07-19"
    assert found["the upcoming week"] == "2025-W30"


def test_upcoming_week_without_a_said_day_follows_the_article_date():
    text = "Talks are expected in the upcoming week."
    found = {t.text: t.value for t in extract_times(text, datetime(2025, 7, 21, tzinfo=timezone.utc))}
    assert found["the upcoming week"] == "2025-W31"
