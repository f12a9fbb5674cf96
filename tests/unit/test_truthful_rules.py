"""Issue 11, rule by rule, on sentences written for these tests: who set a deadline and for
whom, how sure each date is, what became of deadlines and events, one name per person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from talkstui.story import when
from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.extract import gazetteer
from talkstui.extract.names import party_of, person_key, resolve_role, role_names
from talkstui.extract.participants import participants
from talkstui.model import Article, Deadline, TimelineEvent
from talkstui.story import build_story


def dl(text, pub):
    return analyse(text, pub).deadlines


def at(y, m, d, h=0):
    return datetime(y, m, d, h, tzinfo=UTC)


def story(items, now):
    arts = [Article(id=f"a{i}", title=f"t{i}", outlet=outlet, url=None, published=pub, body_hash=f"b{i}",
                    analysis=analyse(text, pub).to_dict())
            for i, (outlet, pub, text) in enumerate(items)]
    return build_story(Settings(locations=locations()), [], arts, now=now)


# ---------------------------------------------------------------- 1. who, to whom, about what


def test_setter_target_subject_from_the_sentence():
    (d,) = dl("The US president gave the Kremlin until Friday to accept a truce, Donald Trump's aides said.",
              at(2025, 8, 4))
    assert d.target == "Russia" and d.subject == "ceasefire or peace deal"
    (d,) = dl("Trump on Thursday gave Moscow two weeks to agree to a ceasefire.", at(2025, 6, 5))
    assert (d.setter, d.target, d.subject) == ("Trump", "Russia", "ceasefire or peace deal")


def test_someone_only_quoted_is_not_the_setter():
    (d,) = dl("The new deadline falls around August 8, a senior administration official said.", at(2025, 7, 29))
    assert d.setter is None and d.label == "Deadline"
    assert d.due_lo == d.due_hi == date(2025, 8, 8) and d.due_approx
    assert d.attribution.speaker == "a senior administration official"


def test_he_gives_the_deadline_the_speaker_set():
    (d,) = dl("Trump told reporters on Monday that he was giving Russia 10 or 12 days.", at(2025, 7, 28, 16))
    assert d.setter == "Trump" and d.set_lo == date(2025, 7, 28)


def test_a_strike_or_a_trade_deadline_has_its_own_subject_and_target():
    (s,) = dl("The dockers' union gave employers until June 30 to raise pay or face a strike.", at(2025, 6, 1))
    assert s.subject == "strike"
    (t,) = dl("Trump set a July 9 deadline for the European Union to agree a trade deal.", at(2025, 6, 1))
    assert (t.setter, t.target, t.subject) == ("Trump", "the European Union", "trade deal")
    assert t.due_lo == date(2025, 7, 9)


def test_a_shortened_deadline_is_set_the_day_it_was_given():
    new, old = dl("Trump said on Monday he would give Moscow 12 days, shortening the 50-day "
                  "ultimatum he issued earlier this month.", at(2025, 7, 28, 18))
    assert new.set_lo == new.set_hi == date(2025, 7, 28) and (new.dur_lo, new.dur_hi) == (12, 12) and new.new
    assert old.dur_lo == 50 and old.set_lo == date(2025, 7, 1) and old.set_hi == date(2025, 7, 28)


def test_supersession_only_within_one_setter_and_target():
    s = story([
        ("Wire", at(2025, 7, 14, 18), "On July 14, Trump gave Russia 50 days to agree to a ceasefire."),
        ("Wire", at(2025, 7, 20), "Trump set a deadline of August 1 for the European Union to agree a trade deal."),
        ("Wire", at(2025, 7, 21), "Rail workers gave the operator until July 25 to meet their demands or face a strike."),
    ], at(2025, 7, 22))
    fifty = next(d for d in s.deadlines if d.target == "Russia")
    assert fifty.status == "running" and fifty.superseded_by is None
    assert all(d.supersedes is None for d in s.deadlines)


def test_a_new_ultimatum_after_the_old_one_passed_does_not_supersede_it():
    s = story([
        ("Wire", at(2025, 5, 1), "On May 1, Trump gave Russia two weeks to agree to a ceasefire."),
        ("Wire", at(2025, 7, 14, 18), "On July 14, Trump gave Russia 50 days to agree to a ceasefire."),
    ], at(2025, 7, 20))
    old = next(d for d in s.deadlines if d.duration == "P14D")
    assert old.status == "passed" and old.superseded_by is None
    assert when.status_text(old) == "passed (no report since)"


def test_withdrawn_and_met_come_from_the_reporting():
    items = [("Wire", at(2025, 7, 14, 18), "On July 14, Trump gave Russia 50 days to agree to a ceasefire.")]
    s = story(items + [("Paper", at(2025, 8, 2), "Trump dropped his deadline for Russia on Saturday, aides said.")],
              at(2025, 8, 5))
    (d,) = s.deadlines
    assert d.status == "withdrawn" and when.status_text(d) == "withdrawn on 2 Aug"
    s = story(items + [("Paper", at(2025, 8, 20), "Russia agreed to a ceasefire before the deadline, officials said.")],
              at(2025, 8, 21))
    (d,) = s.deadlines
    assert d.status == "met"
    s = story(items + [("Paper", at(2025, 8, 2), "Trump could drop his deadline for Russia, aides said.")],
              at(2025, 8, 5))
    assert s.deadlines[0].status == "running"  # "could": nothing happened


# ---------------------------------------------------------------- 3. never more precise than the text


def test_spans_at_their_precision():
    assert when.span_text(date(2025, 7, 1), date(2025, 7, 31)) == "Jul 2025"
    assert when.span_text(date(2025, 8, 20), date(2025, 9, 10)) == "20 Aug\u201310 Sep 2025"
    assert when.span_text(date(2025, 8, 8), date(2025, 8, 8), approx=True) == "~8 Aug 2025"


def test_earlier_this_month_is_month_wide_and_gives_a_due_range():
    (d,) = dl("Earlier this month, Trump set Moscow a 50-day deadline.", at(2025, 7, 22))
    assert (d.set_lo, d.set_hi) == (date(2025, 7, 1), date(2025, 7, 22))
    s = story([("Paper", at(2025, 7, 22), "Earlier this month, Trump set Moscow a 50-day deadline.")], at(2025, 7, 22, 12))
    (dd,) = s.deadlines
    assert when.set_text(dd) == "1\u201322 Jul 2025" and when.due_text(dd) == "20 Aug\u201310 Sep 2025"
    assert when.countdown_text(dd, s.now) == "in 29\u201350 days"
    (due,) = [e for e in s.events if e.kind == "deadline_due"]
    assert (due.date.date(), due.date_end.date()) == (date(2025, 8, 20), date(2025, 9, 11))


def _deadline(**kw) -> Deadline:
    base = dict(id="d", label="x", set_on=None, duration=None, due=at(2025, 8, 8), status="running")
    base.update(kw)
    return Deadline(**base)


def test_countdown_granularity_follows_precision():
    now = at(2025, 7, 29, 12)
    assert when.countdown_text(_deadline(due_earliest=at(2025, 8, 7), due_latest=at(2025, 8, 9)), now) == "in 9\u201311 days"
    assert when.countdown_text(_deadline(due_approx=True), now) == "in ~9 days 12 h"
    assert when.countdown_text(_deadline(), now) == "in 9 days 12 h"
    timed = _deadline(due=at(2025, 8, 8, 17), due_time=True)
    assert when.countdown_text(timed, at(2025, 8, 6, 13, ) .replace(minute=40)) == "in 2 days 3 h 20 min"
    assert when.due_text(timed) == "8 Aug 2025 17:00 UTC"
    assert "00:00" not in when.due_text(_deadline())


def test_a_time_of_day_is_kept_only_when_stated():
    (d,) = dl("The unions gave the government until 5 p.m. on Friday to respond or face a strike.", at(2025, 7, 28))
    assert d.due_time == "17:00" and d.due_lo == date(2025, 8, 1)


# ---------------------------------------------------------------- 4. status from reporting


def test_planned_and_past_is_not_confirmed():
    ev = TimelineEvent("e", at(2025, 7, 23), at(2025, 7, 24), "day", "2025-07-23", "talks", "Talks",
                       status="planned")
    assert when.event_status_text(ev, at(2025, 7, 22)) == "planned"
    assert when.event_status_text(ev, at(2026, 1, 5)) == "planned for 23 Jul, not confirmed since"


def test_a_later_report_sets_the_status():
    s = story([
        ("Wire", at(2025, 7, 21), "Russia and Ukraine will hold talks in Istanbul on July 23, officials said."),
        ("Paper", at(2025, 7, 24), "Russia and Ukraine held talks in Istanbul on July 23 that lasted under an hour."),
    ], at(2025, 7, 25))
    (ev,) = [e for e in s.events if e.kind == "talks"]
    assert ev.status == "held"
    s = story([
        ("Wire", at(2025, 7, 21), "Russia and Ukraine will hold talks in Istanbul on July 23, officials said."),
        ("Paper", at(2025, 7, 22), "The talks in Istanbul, planned for July 23, were postponed, officials said."),
    ], at(2025, 7, 25))
    (ev,) = [e for e in s.events if e.kind == "talks"]
    assert ev.status == "postponed"


# ---------------------------------------------------------------- 5. one person, one name


@pytest.mark.parametrize("a,b", [("Zelensky", "Zelenskyy"), ("Zelenskiy", "President Volodymyr Zelensky"),
                                 ("Medinsky", "Vladimir Medinskiy"), ("Peskov", "Dmitry Peskov")])
def test_spellings_of_one_person_meet(a, b):
    assert person_key(a) == person_key(b)


def test_different_people_stay_apart():
    assert person_key("Zelensky") != person_key("Zelenska")
    assert party_of("the Kremlin") == "Russia" and party_of("Kyiv") == "Ukraine"


def test_a_role_resolves_to_the_person_named_in_it_nearby():
    text = ("Dmitry Peskov, the Kremlin's spokesman, spoke first. Later the foreign ministry spokeswoman "
            "Maria Zakharova spoke. The Kremlin spokesman then said talks were possible.")
    roles = role_names(text)
    assert resolve_role("The Kremlin spokesman", len(text) - 10, roles) == "Peskov"
    assert resolve_role("the foreign ministry spokeswoman", len(text), roles) == "Zakharova"
    assert resolve_role("the defence minister", len(text), roles) is None  # nobody named: unresolved


def test_quoted_tomorrow_resolves_against_the_day_of_speaking():
    text = ("In a video address on Monday, the minister said the convoy was ready. "
            "\u201cThe first trucks will cross tomorrow,\u201d she said.")
    a = analyse(text, at(2025, 7, 23))  # published on the Wednesday
    (t,) = [t for t in a.times if t.text == "tomorrow"]
    assert t.value == "2025-07-22"  # Monday's tomorrow, not Thursday
    plain = analyse("\u201cThe first trucks will cross tomorrow,\u201d the minister said.", at(2025, 7, 23))
    (t,) = [t for t in plain.times if t.text == "tomorrow"]
    assert t.value == "2025-07-24"  # no day of speaking given: the article's


def test_one_speaker_across_outlets():
    s = story([
        ("Paper A", at(2025, 7, 21), "The talks will be held on Wednesday, Zelensky said on Monday."),
        ("Paper B", at(2025, 7, 21), "The talks will be held on Thursday, Zelenskyy said on Monday."),
    ], at(2025, 7, 21, 20))
    speakers = {c.attribution.speaker for cf in s.conflicts for c in cf.claims if c.attribution}
    assert speakers == {"Zelensky"} or speakers == {"Zelenskyy"}


# ---------------------------------------------------------------- 2. participants and venues


def test_participants_are_who_takes_part_not_who_reports():
    assert participants("Russian and Ukrainian delegations will meet in Istanbul on Wednesday, Zelensky said.",
                        speaker="Zelensky", venue="Istanbul") == ["Russia", "Ukraine"]
    assert set(participants("Trump said he would meet Putin in Alaska on Friday.", speaker="Trump",
                            venue="Alaska")) == {"Trump", "Putin"}


@pytest.mark.parametrize("a,b,ok", [
    ("Istanbul", "Türkiye", True), ("Istanbul, Turkey", "Turkey", True), ("Anchorage", "Alaska", True),
    ("Anchorage, Alaska", "Istanbul", False), ("Geneva", "Istanbul", False), ("Riyadh", None, True),
])
def test_venues_resolve_through_the_gazetteer(a, b, ok):
    assert gazetteer.compatible(a, b) is ok


def test_same_day_talks_of_other_parties_are_another_event():
    s = story([
        ("Wire", at(2025, 7, 21), "Russian and Ukrainian delegations will hold talks in Istanbul on July 23."),
        ("Wire", at(2025, 7, 21, 1), "Delegations from Armenia and Azerbaijan will hold talks in Geneva on July 23."),
        ("Paper", at(2025, 7, 22), "The Russian and Ukrainian teams will hold talks in Türkiye on July 23."),
    ], at(2025, 7, 22, 12))
    talks = [e for e in s.events if e.kind == "talks"]
    assert len(talks) == 2
    ours = next(e for e in talks if "Russia" in e.participants)
    assert sorted(ours.outlets) == ["Paper", "Wire"] and not ours.conflict_ids
