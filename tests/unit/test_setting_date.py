"""Issue 11: a date in a deadline sentence is the setting date only when it dates the
setting. "X said on Tuesday that ... the 50-day ultimatum" names an ultimatum that already
existed: its claim has the duration and no date. Sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.model import Article
from talkstui.story import build_story, when


def at(y, m, d, h=12):
    return datetime(y, m, d, h, tzinfo=UTC)


def one(text, pub):
    (d,) = analyse(text, pub).deadlines
    return d


@pytest.mark.parametrize(
    "text, pub",
    [
        # a speech verb before the date
        ("Foreign minister Sergei Lavrov said on Thursday that Washington's 50-day ultimatum would change nothing.",
         at(2025, 7, 17)),
        ("Peskov told reporters on Monday the Kremlin had studied the 50-day deadline closely.", at(2025, 7, 21)),
        ("A Duma deputy said Wednesday the 50-day ultimatum from Washington was meant for television.",
         at(2025, 7, 16)),
        # the attribution after the claim
        ("The 50-day deadline leaves Moscow plenty of room, a Russian lawmaker said on Wednesday.", at(2025, 7, 16)),
        # a fronted date whose verb is a speech verb
        ("On Wednesday, a senior Kremlin aide described the 50-day deadline as an empty threat.", at(2025, 7, 16)),
        ("Medvedev on Thursday mocked the 50-day ultimatum in a post on Telegram.", at(2025, 7, 17)),
        # the date belongs to another event
        ("Zelensky met European leaders in Rome on Thursday, days after the 50-day ultimatum to Moscow.",
         at(2025, 7, 17)),
    ],
)
def test_a_date_of_speaking_or_of_another_event_is_not_the_setting_date(text, pub):
    d = one(text, pub)
    assert (d.dur_lo, d.dur_hi) == (50, 50)
    assert d.set_lo is None and d.set_hi is None
    assert d.due_lo is None and d.due_hi is None


@pytest.mark.parametrize(
    "text, pub",
    [
        ("Trump set a 50-day deadline on Monday for Russia to agree to a ceasefire.", at(2025, 7, 15)),
        ("On July 14, the US president gave Russia 50 days to end the war.", at(2025, 7, 16)),
        ("Trump on Monday issued Moscow a 50-day ultimatum over the war in Ukraine.", at(2025, 7, 15)),
        ("Trump's 50-day ultimatum, issued on Monday, caught European capitals by surprise.", at(2025, 7, 16)),
        ("Trump gave Russia 50 days to agree to a ceasefire on Monday.", at(2025, 7, 15)),
        ("Under the ultimatum Moscow has 50 days from July 14 to agree to a truce, US officials say.", at(2025, 7, 18)),
        # the words reported are the giving: the day of speaking is the day of setting
        ("Trump said on Monday he was giving Russia 50 days to agree to a truce.", at(2025, 7, 14, 20)),
    ],
)
def test_a_date_of_setting_sets_the_deadline(text, pub):
    d = one(text, pub)
    assert d.set_lo == d.set_hi == date(2025, 7, 14)
    assert d.due_lo == d.due_hi == date(2025, 9, 2)


def test_a_later_mention_does_not_move_the_due_date():
    items = [
        ("Wire", at(2025, 7, 14, 18), "On Monday, Trump gave Russia 50 days to agree to a ceasefire."),
        ("Desk", at(2025, 7, 15),
         "Russian security official Dmitry Medvedev said on Tuesday that Moscow shrugged off Trump's 50-day "
         "ultimatum for a ceasefire."),
    ]
    arts = [Article(id=f"a{i}", title=f"t{i}", outlet=outlet, url=None, published=pub, body_hash=f"b{i}",
                    analysis=analyse(text, pub).to_dict())
            for i, (outlet, pub, text) in enumerate(items)]
    story = build_story(Settings(locations=locations()), [], arts, now=at(2025, 7, 20))
    current = story.current_deadline
    assert current is not None and current.due.date() == date(2025, 9, 2)
    shown = {c.outlet: when.claim_text(c) for d in story.deadlines for c in d.claims}
    assert shown["Desk"] == "50 days, no date given"
    assert "2 Sep" in shown["Wire"]
