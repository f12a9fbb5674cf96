"""TimeML conventions added to talkstui.extract.timex, each the majority annotation of TempEval-3.

Every case is a constructed sentence (none is copied from the training data); the comment
names the convention it pins down.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from talkstui.extract.timex import extract_times

THU_1989 = datetime(1989, 11, 2, tzinfo=timezone.utc)  # a Thursday in 1989-Q4
MON = datetime(2025, 7, 21, 9, 0, tzinfo=timezone.utc)  # Monday
THU = datetime(2025, 7, 24, 9, 0, tzinfo=timezone.utc)  # Thursday


def values(text: str, dct: datetime = MON) -> dict[str, str]:
    return {t.text: t.value for t in extract_times(text, dct)}


def texts(text: str, dct: datetime = MON) -> list[str]:
    return [t.text for t in extract_times(text, dct)]


# ----------------------------------------------------------------------------- precision


@pytest.mark.parametrize("text", [
    "Now, the company says, it will look again.",
    "The deal collapsed. Currently, the firm has no bids.",
    "It is a lesson for today's youth.",
    "Prices look high in today's world.",
    "Sales should rise 8% annually through 1995.",
    "The troops will stay for the foreseeable future.",
    "The talks are about the future of the region.",
    "Investors worry about the company's future earnings.",
    "He blamed the recent collapse of the market.",
    "The fund cited a recent offering of shares.",
    'He spoke on the program "This Week" yesterday.',
])
def test_constructions_left_unannotated(text):
    # discourse "Now,"/"Currently," opening a sentence, generic "today's", growth rates,
    # "the foreseeable future", "the future of", adjectival "future"/"recent" after a
    # determiner, and a title-case show name are not time expressions in TimeBank
    bad = {"Now", "Currently", "today", "annually", "future", "the future", "recent",
           "This Week"}
    assert not bad & set(texts(text)), texts(text)


def test_now_and_currently_inside_a_sentence_stay():
    assert values("The firm now holds 5% and currently trades at $3.")["now"] == "PRESENT_REF"
    assert values("The firm now holds 5% and currently trades at $3.")["currently"] == \
        "PRESENT_REF"
    assert values("Prices may rise in the future.")["the future"] == "FUTURE_REF"


# ----------------------------------------------------------------------------- quarters


def test_reporting_quarter_stays_the_topic_after_a_comparison():
    text = ("Net rose in the third quarter from a year ago. After a flat second quarter, "
            "margins were wider than a year ago.")
    ex = extract_times(text, THU_1989)
    ago = [t.value for t in ex if t.text == "a year ago"]
    assert ago == ["1988-Q3", "1988-Q3"]


def test_current_quarter_forecast_is_not_the_reported_topic():
    text = ("Third-quarter profit rose. The company expects a loss in the fourth quarter. "
            "Sales fell from a year ago.")
    assert values(text, THU_1989)["a year ago"] == "1988-Q3"


def test_quarter_ended_is_the_calendar_quarter_of_its_middle_month():
    assert values("Jayark had a loss in the quarter ended July 31.", THU_1989)[
        "the quarter"] == "1989-Q2"
    assert values("It earned $5 million in the quarter ended Sept. 30.", THU_1989)[
        "the quarter"] == "1989-Q3"


@pytest.mark.parametrize("phrase", [
    "the quarter a year ago", "the corresponding period last year", "last year's quarter",
    "the comparable year-ago quarter",
])
def test_reporting_period_a_year_back_is_one_expression(phrase):
    text = f"Third-quarter net rose to $5 million from $4 million in {phrase}."
    assert values(text, THU_1989).get(phrase) == "1988-Q3", values(text, THU_1989)


def test_last_half_of_a_year():
    assert values("Earnings will be lower in the last half of 1989.", THU_1989)[
        "the last half of 1989"] == "1989-H2"


def test_fiscal_year_determiners():
    assert values("It expects higher sales in the current fiscal year.", THU_1989)[
        "the current fiscal year"] == "1989"
    assert values("Sales were $7 billion in the latest fiscal year.", THU_1989)[
        "the latest fiscal year"] == "1988"


# ----------------------------------------------------------------------------- anaphora


def test_the_following_year_is_anaphoric():
    v = values("On May 22, 1995, he was promoted, and the following year he retired.", MON)
    assert v["the following year"] == "1996"


def test_the_previous_weekday_is_before_the_day_under_discussion():
    v = values("Shares fell on Friday, down 4% from the previous Friday.", MON)
    assert v["Friday"] == "2025-07-18"
    assert v["the previous Friday"] == "2025-07-11"


def test_bare_clock_time_is_on_the_day_under_discussion():
    v = values("The blast on June 3 happened at 10:35 a.m., police said.", MON)
    assert v["10:35 a.m."] == "2025-06-03T10:35"


# ----------------------------------------------------------------------------- tense


def test_future_cue_does_not_send_a_weekday_six_days_ahead():
    # a bare weekday is almost never 5-6 days ahead in news ("next Tuesday" is written)
    assert values("Relatives could not be located Wednesday.", THU)["Wednesday"] == \
        "2025-07-23"
    assert values("The vote will be held Friday.", THU)["Friday"] == "2025-07-25"


def test_deadline_preposition_points_ahead():
    assert values("Officials postponed until Tuesday any action.", THU)["Tuesday"] == \
        "2025-07-29"
    assert values("The loan must be repaid by February.", datetime(1989, 10, 30))[
        "February"] == "1990-02"


def test_sentence_opening_until_is_not_a_deadline():
    assert values("Until Wednesday, they had not named a suspect.", THU)["Wednesday"] == \
        "2025-07-23"


def test_succeed_is_not_a_past_tense_verb():
    v = values("Mr. Smith, 52, will succeed Mr. Jones Feb. 1.", datetime(1989, 10, 26))
    assert v["Feb. 1"] == "1990-02-01"


def test_noun_aim_is_not_a_future_cue():
    text = 'That is not the aim." Officials over the weekend became more open.'
    assert values(text, MON)["the weekend"] == "2025-W29-WE"


# ----------------------------------------------------------------------------- values


def test_minute_and_a_half():
    assert values("A minute and a half later, a pilot called.", MON)[
        "A minute and a half"] == "PT1M30S"


def test_plural_part_of_day_after_weekday_is_a_set():
    assert values("Flights leave on Tuesday nights.", MON)["Tuesday nights"] == \
        "XXXX-WXX-2TNI"


def test_vague_stretch_of_years():
    assert values("Over the years many patients died.", MON)["the years"] == "PXY"
    assert values("You save fewer lives in the early years.", MON)["the early years"] == "PXY"


def test_sixty_minutes_is_a_title():
    assert "60 Minutes" not in values("He said on CBS's ''60 Minutes'' that he would stay.")


def test_rate_per_unit_is_not_a_set():
    assert not values("The chip runs 15 million instructions per second.")


def test_first_quarterly_loss_is_not_a_quarter():
    assert not values("It swung back after its first quarterly loss.", THU_1989)
