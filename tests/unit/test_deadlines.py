"""Deadlines: durations and due dates, approximate set dates, moves, countdowns."""

from __future__ import annotations

from datetime import UTC, date, datetime

from talkstui.config import DeadlineConfig, Settings, locations
from talkstui.extract import analyse
from talkstui.model import Article
from talkstui.story import build_story


def dl(text, dct):
    return analyse(text, dct).deadlines


def test_fifty_day_deadline_set_on_a_date():
    (d,) = dl("On July 14, Trump set a 50-day deadline for Russia to agree to a ceasefire.", datetime(2025, 7, 20, tzinfo=UTC))
    assert d.set_lo == d.set_hi == date(2025, 7, 14)
    assert d.due_lo == d.due_hi == date(2025, 9, 2)
    assert d.setter == "Trump" and "50-day" in d.label


def test_until_a_date():
    (d,) = dl("Trump gave Moscow until Aug. 8 to reach a deal or face sanctions.", datetime(2025, 7, 29, tzinfo=UTC))
    assert d.due_lo == d.due_hi == date(2025, 8, 8)


def test_ten_or_twelve_days_from_today():
    (d,) = dl("Trump said on Monday he was giving Russia 10 or 12 days from today to end the war.", datetime(2025, 7, 28, tzinfo=UTC))
    assert (d.dur_lo, d.dur_hi) == (10, 12)
    assert d.due_lo == date(2025, 8, 7) and d.due_hi == date(2025, 8, 9)


def test_two_weeks():
    (d,) = dl("The ultimatum gives Kyiv two weeks, officials said on Friday.", datetime(2025, 7, 25, tzinfo=UTC))
    assert d.dur_lo == 14


def test_approximate_set_date_gives_a_due_range():
    (d,) = dl("Earlier this month, Trump set a 50-day deadline for Moscow.", datetime(2025, 7, 22, tzinfo=UTC))
    assert d.set_lo == date(2025, 7, 1) and d.set_hi == date(2025, 7, 22)
    assert d.due_lo == date(2025, 8, 20) and d.due_hi == date(2025, 9, 10)
    (d,) = dl("The talks came a week after Trump issued an ultimatum, demanding an end to the war in 50 days.",
              datetime(2025, 7, 21, tzinfo=UTC))
    assert d.set_lo == date(2025, 7, 13) and d.set_hi == date(2025, 7, 15)


def _art(i, outlet, text, pub):
    return Article(id=f"a{i}", title=outlet, outlet=outlet, url=None, published=pub, body_hash=str(i),
                   analysis=analyse(text, pub).to_dict())


def test_moved_deadline_supersedes_and_keeps_claims():
    arts = [
        _art(1, "Wire", "On July 14, Trump set a 50-day deadline for Russia to agree to a ceasefire.", datetime(2025, 7, 14, 18, tzinfo=UTC)),
        _art(2, "Paper", "Trump set a 50-day deadline on Monday for a ceasefire.", datetime(2025, 7, 15, tzinfo=UTC)),
        _art(3, "Wire", "Trump on Monday gave Russia 10 or 12 days from today to reach a ceasefire.", datetime(2025, 7, 28, 15, tzinfo=UTC)),
    ]
    now = datetime(2025, 7, 30, 12, tzinfo=UTC)
    story = build_story(Settings(locations=locations()), [], arts, now=now)
    current = story.current_deadline
    assert current.status == "running"
    assert date(2025, 8, 7) <= current.due.date() <= date(2025, 8, 9)
    assert current.approximate and current.due_earliest.date() == date(2025, 8, 7)
    old = [d for d in story.deadlines if d.status == "superseded"]
    assert len(old) == 1 and old[0].due.date() == date(2025, 9, 2)
    assert {c.outlet for c in old[0].claims} == {"Wire", "Paper"}
    assert story.deadlines[0] is current
    assert abs(current.seconds_left - (current.due - now).total_seconds()) < 1


def test_passed_deadline_counts_negative_and_config_is_a_claim():
    settings = Settings(locations=locations(), deadlines=[DeadlineConfig(label="US 50-day deadline", set_on="2025-07-14", duration="P50D")])
    now = datetime(2025, 9, 5, tzinfo=UTC)
    story = build_story(settings, [], [], now=now)
    (d,) = story.deadlines
    assert d.label == "US 50-day deadline" and d.status == "passed"
    assert d.due == datetime(2025, 9, 2, tzinfo=UTC) and d.seconds_left == -3 * 86400
    assert d.claims[0].outlet == "config"


def test_config_claim_merges_with_text_claims():
    settings = Settings(locations=locations(), deadlines=[DeadlineConfig(label="Trump's ceasefire deadline", set_on="2025-07-14", duration="P50D")])
    arts = [_art(1, "Paper", "Earlier this month, Trump set a 50-day deadline for Moscow.", datetime(2025, 7, 22, tzinfo=UTC))]
    story = build_story(settings, [], arts, now=datetime(2025, 7, 22, 12, tzinfo=UTC))
    (d,) = story.deadlines
    assert d.due.date() == date(2025, 9, 2) and not d.approximate
    assert {c.outlet for c in d.claims} == {"config", "Paper"}


def test_shortened_deadline_in_quotes_and_given_until():
    # the sentence gives the new deadline and restates the earlier one (issue 11: two claims)
    d, old = dl('On July 28, Trump said he would shorten the 50-day deadline to "10 or 12" days.', datetime(2025, 7, 29, tzinfo=UTC))
    assert old.dur_lo == 50 and old.due_lo is None and old.setter == "Trump" and d.new
    assert (d.dur_lo, d.dur_hi) == (10, 12) and d.set_lo == date(2025, 7, 28)
    assert (d.due_lo, d.due_hi) == (date(2025, 8, 7), date(2025, 8, 9))
    (d,) = dl("Trump has given Putin until Friday to agree to a ceasefire.", datetime(2025, 8, 4, tzinfo=UTC))
    assert d.due_lo == date(2025, 8, 8) and d.setter == "Trump"
