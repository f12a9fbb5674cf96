"""Unit tests for talkstui.extract.timex: seeds, coverage of expression families, values."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from talkstui.extract.timex import extract_times, is_timex3_value

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MON = datetime(2025, 7, 21, 9, 0, tzinfo=timezone.utc)  # Monday
TUE = datetime(2025, 7, 22, 9, 0, tzinfo=timezone.utc)  # Tuesday


def found(text: str, dct: datetime = MON) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract_times(text, dct)]


def values(text: str, dct: datetime = MON) -> dict[str, str]:
    return {t.text: t.value for t in extract_times(text, dct)}


def one(text: str, dct: datetime = MON) -> tuple[str, str, str]:
    got = found(text, dct)
    assert len(got) == 1, got
    return got[0]


def seed(prefix: str) -> str:
    (path,) = [p for p in SEEDS.glob(prefix + "*.txt")]
    return path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- seeds


def _at(text: str, exprs, phrase: str, occurrence: int = 0):
    """The expression whose span starts at the `occurrence`-th occurrence of `phrase`."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.index(phrase, pos + 1)
    for t in exprs:
        if t.start <= pos < t.end or pos <= t.start < pos + len(phrase):
            return t
    raise AssertionError(f"nothing found at {phrase!r}")


def test_moscow_times_seed():
    text = seed("000_")
    ex = extract_times(text, MON)
    v = {t.text: t.value for t in ex}
    assert _at(text, ex, "talks Wednesday").value == "2025-07-23"
    assert _at(text, ex, "scheduled for Wednesday").value == "2025-07-23"
    assert _at(text, ex, "take place Thursday").value == "2025-07-24"
    assert _at(text, ex, "address on Monday").value == "2025-07-21"
    assert _at(text, ex, "earlier on Monday").value == "2025-07-21"
    assert _at(text, ex, "on Saturday").value == "2025-07-19"
    assert v["May 16"] == "2025-05-16"
    assert v["June 2"] == "2025-06-02"
    assert v["February 2022"] == "2022-02"
    assert v["50 days"] == "P50D"
    assert _at(text, ex, "50 days").type == "DURATION"
    assert v["this year"] == "2025"
    # said on Saturday 2025-07-19: "the upcoming week" is the week after that day
    assert _at(text, ex, "upcoming week").value == "2025-W30"


def test_abc_seed():
    text = seed("002_")
    ex = extract_times(text, TUE)
    thu = _at(text, ex, "Thursday and Friday")
    fri = _at(text, ex, "Friday.")
    assert (thu.text, thu.value) == ("Thursday", "2025-07-24")
    assert (fri.text, fri.value) == ("Friday", "2025-07-25")
    early = _at(text, ex, "Earlier this month")
    assert (early.text, early.value) == ("Earlier this month", "2025-07")
    assert _at(text, ex, "On Sunday").value == "2025-07-20"
    assert _at(text, ex, "On Monday").value == "2025-07-21"
    assert _at(text, ex, "address on Monday").value == "2025-07-21"
    assert _at(text, ex, "meet in Istanbul, Turkey, on Wednesday", 0).start > 0
    assert _at(text, ex, "held on Wednesday").value == "2025-07-23"
    assert _at(text, ex, "planned for Wednesday").value == "2025-07-23"
    assert _at(text, ex, "Tuesday social").value == "2025-07-22"
    assert _at(text, ex, "50-day").value == "P50D"
    assert _at(text, ex, "within 50 days").value == "P50D"
    assert _at(text, ex, "May 16").value == "2025-05-16"
    assert _at(text, ex, "tomorrow").value == "2025-07-23"
    assert _at(text, ex, "recent months").type in ("DURATION", "DATE")


# ----------------------------------------------------------------------------- absolute


@pytest.mark.parametrize("text,value", [
    ("The vote was on May 16.", "2025-05-16"),
    ("It ended on 16 May 2025.", "2025-05-16"),
    ("Talks began 2 June in Istanbul.", "2025-06-02"),
    ("They met Aug. 8 and agreed.", "2025-08-08"),
    ("The file is dated 2025-07-21.", "2025-07-21"),
    ("Russia invaded in February 2022.", "2022-02"),
    ("It happened on Jan. 14, 1998, in Paris.", "1998-01-14"),
    ("He was born in 1956.", "1956"),
    ("In the 1990s it grew.", "199"),
    ("Sales rose in fiscal 1998.", "1998"),
])
def test_absolute_dates(text, value):
    assert one(text)[2] == value


def test_day_range_gives_two_days():
    got = found("Talks are planned for July 23-24 in Istanbul.")
    assert [v for _, _, v in got] == ["2025-07-23", "2025-07-24"]


def test_year_inferred_closest_to_dct():
    assert one("He was rescued on Nov. 25.", datetime(2000, 1, 15, tzinfo=timezone.utc))[2] \
        == "1999-11-25"
    assert one("He must return by Jan. 14.", datetime(2000, 1, 7, tzinfo=timezone.utc))[2] \
        == "2000-01-14"


def test_may_the_modal_is_not_a_month():
    assert found("May I ask a question? They may meet.") == []
    assert one("They met in May.")[2] == "2025-05"


# ----------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize("text,value", [
    ("The sides will meet on Wednesday.", "2025-07-23"),
    ("Zelensky said on Monday that talks are coming.", "2025-07-21"),
    ("Kyiv said on Saturday it was ready.", "2025-07-19"),
    ("In a Tuesday post, he wrote about it.", "2025-07-15"),
    ("The talks are scheduled for Friday.", "2025-07-25"),
    ("The talks would take place Thursday, a source said.", "2025-07-24"),
    ("He met Putin last Friday.", "2025-07-18"),
    ("He will meet Putin next Monday.", "2025-07-28"),
])
def test_weekdays_by_tense(text, value):
    assert one(text)[2] == value


def test_weekday_on_dct_weekday_is_today():
    assert one("In a Tuesday post, he wrote.", TUE)[2] == "2025-07-22"
    assert one("Zelensky said on Monday.", MON)[2] == "2025-07-21"


def test_two_weekdays():
    assert found("The talks would stretch over Thursday and Friday.", TUE) == [
        ("Thursday", "DATE", "2025-07-24"), ("Friday", "DATE", "2025-07-25")]


def test_weekday_with_date_is_one_expression_dated_by_the_date():
    assert found("They meet on Wednesday, July 23, in Istanbul.") == [
        ("Wednesday, July 23", "DATE", "2025-07-23")]
    # the explicit date wins over the tense of the sentence
    assert found("He said on Monday, July 14, 2025 that ...") == [
        ("Monday, July 14, 2025", "DATE", "2025-07-14")]


# ----------------------------------------------------------------------------- deictic


@pytest.mark.parametrize("text,value", [
    ("It happened today.", "2025-07-21"),
    ("It happened yesterday.", "2025-07-20"),
    ("It happens tomorrow.", "2025-07-22"),
    ("This week talks resume.", "2025-W30"),
    ("Talks resume next week.", "2025-W31"),
    ("Talks were held last week.", "2025-W29"),
    ("Prices rose this month.", "2025-07"),
    ("Prices rose last month.", "2025-06"),
    ("Prices will rise next month.", "2025-08"),
    ("Sales fell this year.", "2025"),
    ("Sales fell last year.", "2024"),
    ("Sales will rise next year.", "2026"),
    ("Earlier this month, Trump set a deadline.", "2025-07"),
    ("Ukraine proposed talks for the upcoming week.", "2025-W31"),
    ("They hope to meet this summer.", "2025-SU"),
    ("Profit will rise in the third quarter of 2025.", "2025-Q3"),
    ("Things are different now.", "PRESENT_REF"),
    ("He recently resigned.", "PAST_REF"),
    ("They may meet in the future.", "FUTURE_REF"),
    ("They currently hold 15%.", "PRESENT_REF"),
])
def test_deictic(text, value):
    assert one(text)[2] == value


def test_quarters():
    oct_ = datetime(2025, 10, 20, tzinfo=timezone.utc)
    assert one("Profit rose in the third quarter.", oct_)[2] == "2025-Q3"
    assert one("Profit rose in the fourth quarter.", datetime(2026, 1, 20))[2] == "2025-Q4"
    assert one("Profit rose in the latest quarter.", oct_)[2] == "2025-Q3"
    assert one("Sales rose in next year's first quarter.", oct_)[2] == "2026-Q1"


@pytest.mark.parametrize("text,value", [
    ("In January this year, police arrested him.", "2025-01"),
    ("In June last year, the leaders met.", "2024-06"),
    ("A hearing is set for the week of March 6.", "2026-W10"),
    ("Prices fell in the first half of 2025.", "2025-H1"),
    ("They met in late April.", "2025-04"),
    ("By mid-2026, it should be complete.", "2026"),
    ("It peaked in the late 1980s.", "198"),
    ("Nothing changed in the 20th century.", "19"),
    ("Elections are due next spring.", "2026-SP"),
    ("Sales fell last fall.", "2024-FA"),
    ("It ended in nineteen ninety-six.", "1996"),
])
def test_composite_and_coarse_dates(text, value):
    assert one(text)[2] == value


@pytest.mark.parametrize("text,dct,value", [
    ("Markets close on Christmas Day.", MON, "2025-12-25"),
    ("We met last Christmas.", MON, "2024-12-25"),
    ("Protesters prayed as Easter week began.", datetime(2000, 4, 17), "2000-W16"),
    ("Shops expect crowds during Christmas week.", datetime(2025, 12, 1), "2025-W52"),
    ("It is a theme from now to Election Day.", datetime(1998, 10, 26), "1998-11-03"),
])
def test_holidays(text, dct, value):
    assert [v for _, _, v in found(text, dct)][-1] == value


def test_parts_of_day():
    assert one("By mid-afternoon yesterday, shares fell.")[1:] == ("TIME", "2025-07-20TAF")
    assert found("The afternoon session was calm.") == []
    assert one("They spoke this morning.")[1:] == ("TIME", "2025-07-21TMO")
    assert one("It happened last night.")[1:] == ("TIME", "2025-07-20TNI")


def test_tense_ignores_abbreviation_periods():
    text = "Talks are expected to start at 11 a.m. local time (0800 GMT) on Wednesday."
    assert [v for _, _, v in found(text)] == ["2025-07-21T11:00", "2025-07-23"]


def test_soon_only_when_it_points_forward():
    assert one("The budget will soon move into surplus.")[2] == "FUTURE_REF"
    assert found("He was soon released.") == []
    assert found("He died soon after being captured.") == []
    assert found("Return the boy as soon as possible.") == []


def test_tonight_is_a_time():
    assert one("He speaks tonight.")[1:] == ("TIME", "2025-07-21TNI")


def test_end_of_month():
    t = extract_times("a ceasefire by the end of August", MON)
    assert len(t) == 1 and t[0].text == "the end of August" and t[0].value == "2025-08"
    assert t[0].mod == "END"


def test_recent_months_follows_timeml():
    t = one("Trump has appeared in recent months increasingly frustrated.")
    assert t[0] == "recent months" and t[1:] in (("DURATION", "PXM"), ("DATE", "PAST_REF"))


# ----------------------------------------------------------------------------- durations


@pytest.mark.parametrize("text,value", [
    ("Russia has 50 days to agree.", "P50D"),
    ("He set a 50-day deadline.", "P50D"),
    ("a ceasefire within 50 days", "P50D"),
    ("It took two weeks.", "P2W"),
    ("It lasted three years.", "P3Y"),
    ("It lasted five hours.", "PT5H"),
    ("It lasted 5 1/2 hours.", "PT5H30M"),
    ("Profit fell over the past three years.", "P3Y"),
    ("In the first nine months, net rose.", "P9M"),
    ("The two-year plan is done.", "P2Y"),
])
def test_durations(text, value):
    assert one(text)[1:] == ("DURATION", value)


def test_ten_or_twelve_days_is_one_approximate_duration():
    (t,) = extract_times("He gave Putin 10 or 12 days to end the war.", MON)
    assert (t.text, t.type, t.value, t.mod) == ("10 or 12 days", "DURATION", "P10D", "APPROX")


@pytest.mark.parametrize("text,value", [
    ("It happened three years ago.", "2022"),
    ("It happened two months ago.", "2025-05"),
    ("It happened 11 days ago.", "2025-07-10"),
    ("It happened two weeks ago.", "2025-07-07"),
])
def test_ago_is_a_date(text, value):
    assert one(text)[1:] == ("DATE", value)


def test_a_year_earlier_is_relative_to_the_last_reference():
    got = values("Profit rose in the third quarter. A year earlier it fell.",
                 datetime(1989, 10, 26, tzinfo=timezone.utc))
    assert got["A year earlier"] == "1988-Q3"


def test_ages_are_not_durations():
    assert found("The 6-year-old boy and his 52-year-old father.") == []


# ----------------------------------------------------------------------------- times


@pytest.mark.parametrize("text,value", [
    ("The talks start at 11 a.m. local time.", "2025-07-21T11:00"),
    ("The talks start at 15:00 GMT.", "2025-07-21T15:00"),
    ("They will meet at 10 p.m. Wednesday.", "2025-07-23T22:00"),
    ("The deadline is noon Thursday.", "2025-07-24T12:00"),
])
def test_times(text, value):
    got = one(text)
    assert got[1:] == ("TIME", value)


def test_time_span_keeps_timezone_but_not_preposition():
    assert one("The talks start at 11 a.m. local time.")[0] == "11 a.m. local time"


# ----------------------------------------------------------------------------- sets


@pytest.mark.parametrize("text,value", [
    ("They meet every week.", "P1W"),
    ("He speaks daily.", "P1D"),
    ("The report is published annually.", "P1Y"),
    ("They meet twice a month.", "P1M"),
    ("Strikes happen every day.", "P1D"),
    ("They meet on Mondays.", "XXXX-WXX-1"),
])
def test_sets(text, value):
    assert one(text)[1:] == ("SET", value)


def test_daily_as_adjective_is_not_a_set():
    assert found("The Communist Party daily Granma wrote.") == []


# ----------------------------------------------------------------------------- misc


def test_precision_is_never_invented():
    for t in extract_times("This week and this month, in 2025 and the summer of 2025.", MON):
        assert t.value in ("2025-W30", "2025-07", "2025", "2025-SU"), t


def test_anchor_recorded_for_relative_expressions():
    (t,) = extract_times("It happened yesterday.", MON)
    assert t.anchor == "2025-07-21"


def test_not_timexes():
    assert found("The former minister spoke. Previously he had left.") == []
    assert found("He paid $1998 for 2,000 shares.") == []


def test_offsets_index_the_text():
    text = "Café ☕ — talks on Wednesday, July 23 😀 and “tomorrow”."
    for t in extract_times(text, MON):
        assert text[t.start:t.end] == t.text


def test_all_values_well_formed_on_seeds():
    for prefix, dct in (("000_", MON), ("002_", TUE)):
        for t in extract_times(seed(prefix), dct):
            assert is_timex3_value(t.value), t
            assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_validator():
    for ok in ("2025", "199", "19", "2025-07", "2025-07-21", "2025-W30", "2025-Q3", "2025-SU",
               "2025-07-21T11:00", "P50D", "PT5H", "P2W", "PXM", "PRESENT_REF", "XXXX-WXX-1",
               "2025-W30-WE", "2025-H1", "P1Q"):
        assert is_timex3_value(ok), ok
    for bad in ("", "2025-13", "2025-07-32", "P", "tomorrow", "2025-W60", "99999", "2025-Q5"):
        assert not is_timex3_value(bad), bad


def test_naive_dct_accepted():
    assert one("It happened yesterday.", datetime(2025, 7, 21))[2] == "2025-07-20"


def test_absurd_years_do_not_crash():
    far = datetime(9999, 12, 31, tzinfo=timezone.utc)
    for text in ("next year and next week and tomorrow, 99999-01-01, May 16, 99999",
                 "In 9999 and the year 99999, next month, in 50 years, in 500 centuries"):
        for dct in (far, datetime(1, 1, 1, tzinfo=timezone.utc), MON):
            for t in extract_times(text, dct):
                assert is_timex3_value(t.value)


# ----------------------------------------------------------------------------- rules added for
# TempEval-3 value accuracy (each a general news convention, checked on both corpora)


def test_current_quarter_reported_in_past_tense_is_the_topic():
    # a fiscal quarter named like the current calendar one, reported as closed, anchors
    # "a year earlier"
    dct = datetime(2025, 11, 5)
    v = values("The brewer reported a 12% drop in fourth-quarter profit, compared with "
               "$40 million a year earlier.", dct)
    assert v["fourth-quarter"] == "2025-Q4"
    assert v["a year earlier"] == "2024-Q4"


def test_bare_the_week_is_an_underspecified_week():
    v = values("Shares slid on Friday. For the week, the index lost 2%.", MON)
    assert v["the week"] == "2025-WXX"
    assert values("Talks resume this week.", MON)["this week"] == "2025-W30"


def test_first_two_quarters_of_a_year_is_its_first_half():
    assert one("Demand should stay weak through the first two quarters of 2026.")[2] == "2026-H1"
    assert one("Losses piled up in the last two quarters of 2024.")[2] == "2024-H2"


def test_in_the_morning_is_the_morning_of_the_day_just_named():
    v = values("Hopes were dashed Friday.\n\nTraders sold heavily in the morning.", MON)
    assert v["the morning"] == "2025-07-18TMO"
    v = values("The envoy arrives Wednesday. He will leave at 6 in the morning.", MON)
    assert v["6 in the morning"] == "2025-07-23T06:00"
    assert found("She likes to run in the morning.") == []


def test_vague_range_of_units_is_one_duration():
    assert one("Officials said the talks could last weeks or months.")[1:] == ("DURATION", "PXW")


def test_last_month_name_for_the_month_just_ended_is_a_year_back():
    dct = datetime(2025, 3, 3)
    assert one("Two helicopters collided last February.", dct)[2] == "2024-02"
    assert one("The plant closed last October.", dct)[2] == "2024-10"


def test_through_a_coming_month_points_ahead():
    dct = datetime(2025, 10, 30)
    assert one("The lenders extended the credit line through January.", dct)[2] == "2026-01"
    assert values("Sales were flat this year through August.", dct)["August"] == "2025-08"


def test_age_of_a_person_is_not_a_duration():
    assert found("She travelled with her 8-month-old son.") == []
    assert one("The 8-month-old ceasefire is holding.")[1:] == ("DURATION", "P8M")


def test_generic_tomorrow_is_not_a_day():
    assert found("He said the engineers of tomorrow must learn to code.") == []
    assert one("The board meets tomorrow.")[2] == "2025-07-22"


def test_bare_coming_months_is_the_future():
    assert one("The bank expects growth to slow in coming months.")[1:] == ("DATE", "FUTURE_REF")
    assert one("Rates may fall in the coming months.")[1:] == ("DURATION", "PXM")


def test_several_weeks_ago_has_week_precision():
    assert one("The boat capsized six weeks ago.")[2] == "2025-W24"
    assert one("The boat capsized two weeks ago.")[2] == "2025-07-07"


def test_at_the_time_and_then_current_are_past():
    v = values("The minister spoke in May, saying at the time he was ready to resign.")
    assert v["the time"] == "PAST_REF"
    assert found("At the time the plant opened, few expected it to last.") == []
    assert one("Holders may buy shares at half the then current price.")[1:] == (
        "DATE", "PAST_REF")


def test_next_day_weekday_in_a_forward_looking_sentence_is_tomorrow():
    # written on a Monday: "Tuesday" in a sentence about a schedule is the next day
    v = values("The envoy is scheduled to spend three hours in Kyiv, her first stop "
               "Tuesday morning, before flying home.", MON)
    assert v["Tuesday morning"] == "2025-07-22"
    v = values("On Tuesday, the union plans to hold a rally outside parliament.", MON)
    assert v["Tuesday"] == "2025-07-22"
    # no forward cue: still the past one
    assert one("In a Tuesday post, he wrote about it.")[2] == "2025-07-15"


def test_one_day_after_a_modal_is_the_future():
    assert one("Analysts say the port will one day be the busiest in Africa.")[1:] == (
        "DATE", "FUTURE_REF")
    assert one("The minister had only been in the job one day.")[1:] == ("DURATION", "P1D")


def test_the_day_before_a_named_day_is_one_date():
    dct = datetime(2025, 7, 24)
    assert one("The day before last Tuesday's vote, the rebels walked out.", dct)[::2] == (
        "day before last Tuesday", "2025-07-21")
    assert one("They will leave the day after Christmas.", dct)[2] == "2025-12-26"


def test_the_past_followed_by_a_count():
    assert one("Marches have caused riots in the city for the past three summers.")[1:] == (
        "SET", "XXXX-SU")
    assert found("The past three champions all came from Kenya.") == []
    assert one("In the past, the ministry kept no records.")[2] == "PAST_REF"


def test_this_quarter_results_in_a_report_on_the_closed_quarter():
    dct = datetime(2025, 11, 3)
    v = values("The retailer posted a third-quarter loss of $8 million. This quarter's loss "
               "includes charges of $2 million for store closures.", dct)
    assert v["third-quarter"] == "2025-Q3"
    assert v["This quarter"] == "2025-Q3"
    assert one("This quarter's sales will show the effect.", dct)[2] == "2025-Q4"


def test_overnight_follows_the_day_under_discussion():
    dct = datetime(2025, 7, 21)  # Monday; the report is about Friday's trading
    v = values("Tokyo shares fell on Friday, July 18. Prices were hit by overnight losses "
               "in New York.", dct)
    assert v["overnight"] == "2025-07-17TNI"
    assert one("Rebels shelled the town overnight.", dct)[2] == "2025-07-20TNI"


def test_between_two_numbers_of_units_gives_both_ends():
    assert found("Patients wait between two to six days for a bed.") == [
        ("two", "DURATION", "P2D"), ("six days", "DURATION", "P6D")]
    assert one("Shipments resume within two to three weeks.")[2] == "P2W"


def test_elliptic_last_after_this_year():
    dct = datetime(2025, 10, 27)
    v = values("Farmers expect a bigger harvest this year than last.", dct)
    assert v == {"this year": "2025", "last": "2024"}


def test_year_earlier_run_of_months_is_a_duration():
    dct = datetime(2025, 10, 27)
    v = values("For the nine months, net rose to $80 million. In the year-earlier period, "
               "the company had net of $77 million.", dct)
    assert v["the year-earlier period"] == "P9M"
    v = values("Net for the year-earlier nine months included a gain of $9 million.", dct)
    assert v["the year-earlier nine months"] == "P9M"
