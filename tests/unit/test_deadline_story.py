"""One ultimatum followed through a feed of its own (tests/fixtures/feeds/deadline_story.xml):
set, restated with a vaguer date, shortened, falling due and passing with no report of what
became of it, among look-alikes of other stories (a strike deadline, a tariff deadline for
another party, talks of two other countries elsewhere)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from talkstui.story import when
from talkstui.config import Settings, locations
from talkstui.export import render_json, render_markdown, render_text
from talkstui.extract import analyse
from talkstui.ingest.feeds import parse_feed
from talkstui.model import Article
from talkstui.story import build_story

FEED = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "deadline_story.xml"
PARSED = datetime(2025, 12, 31, tzinfo=UTC)  # when the feed is read: every item is in its past


@pytest.fixture(scope="module")
def articles():
    doc = parse_feed(FEED.read_bytes(), "application/rss+xml", "http://harbour.invalid/feed", PARSED)
    assert len(doc.items) >= 12
    return [Article(id=f"h{i}", title=it.title, outlet="Harbour Wire", url=it.url, published=it.published,
                    body_hash=f"b{i}", analysis=analyse(it.text, it.published).to_dict())
            for i, it in enumerate(doc.items)]


def story_at(articles, when_: str):
    now = datetime.fromisoformat(when_)
    return build_story(Settings(locations=locations()), [], articles, now=now, as_of=now)


def russia(story):
    return [d for d in story.deadlines if d.target == "Russia"]


def test_set_a_running_fifty_day_deadline(articles):
    story = story_at(articles, "2025-07-16T12:00+00:00")
    (d,) = russia(story)
    assert (d.setter, d.target, d.subject) == ("Trump", "Russia", "ceasefire or peace deal")
    assert d.status == "running" and "50-day" in d.label
    assert when.set_text(d) == "14 Jul 2025" and when.due_text(d) == "2 Sep 2025"
    assert when.countdown_text(d, story.now) == "in 47 days 12 h"  # a day: days and hours
    # the union's strike deadline is another ultimatum: never merged, never superseding
    strike = [x for x in story.deadlines if x.subject == "strike"]
    assert len(strike) == 1 and strike[0].target is None and strike[0].superseded_by is None
    assert d.superseded_by is None and len(russia(story)) == 1


def test_restated_with_a_vaguer_date_keeps_its_precision(articles):
    story = story_at(articles, "2025-07-20T12:00+00:00")
    (d,) = russia(story)
    vague = next(c for c in d.claims if "Earlier this week" in c.sentence)
    assert when.set_text(vague) == "14–18 Jul 2025"  # the week so far, not a day
    assert when.due_text(vague) == "2–6 Sep 2025"
    assert when.due_text(d) == "2 Sep 2025"  # the dated claim narrows the deadline, not the claim
    text = render_text(story)
    assert "set 14–18 Jul 2025, due 2–6 Sep 2025" in text


def test_a_tariff_deadline_for_another_party_supersedes_nothing(articles):
    story = story_at(articles, "2025-07-25T12:00+00:00")
    (eu,) = [d for d in story.deadlines if d.target == "the European Union"]
    assert eu.subject == "trade deal" and eu.setter == "Trump"
    assert eu.supersedes is None and eu.superseded_by is None
    (fifty,) = russia(story)
    assert fifty.status == "running"  # set later by the same man, to someone else: no effect
    assert story.current_deadline is fifty  # the ultimatum the coverage follows


def test_shortened_supersedes_and_the_old_one_keeps_its_claims(articles):
    story = story_at(articles, "2025-07-30T12:00+00:00")
    new, old = sorted(russia(story), key=lambda d: d.status != "running")
    assert story.current_deadline is new
    assert new.label.startswith("Trump's 10-12-day deadline") and new.status == "running"
    assert when.set_text(new) == "28 Jul 2025"  # set on the day it was given, not "earlier this month"
    assert when.due_text(new) == "7–9 Aug 2025"
    assert when.countdown_text(new, story.now) == "in 8–10 days"  # a range: days, no hours
    assert old.status == "superseded" and old.superseded_by == new.id and new.supersedes == old.id
    assert when.status_text(old) == f"superseded on 28 Jul by {new.label}"
    assert len(old.claims) == 3  # set, restated, named again when it was cut short
    around = next(c for c in new.claims if "around August 8" in c.sentence)
    assert when.due_text(around) == "~8 Aug 2025"
    assert around.attribution.speaker == "a White House official" and new.setter == "Trump"
    text = render_text(story)
    assert f"[superseded on 28 Jul by {new.label}]" in " ".join(text.split())


def test_falls_due_then_passes_with_no_report(articles):
    due_day = story_at(articles, "2025-08-08T12:00+00:00")
    d = due_day.current_deadline
    assert d.label.startswith("Trump's 10-12-day deadline") and when.due_text(d) == "8 Aug 2025"
    later = story_at(articles, "2025-08-20T12:00+00:00")
    d = later.current_deadline
    assert d.status == "passed" and when.status_text(d) == "passed (no report since)"
    data = json.loads(render_json(later))
    (jd,) = [x for x in data["deadlines"] if x["id"] == d.id]
    assert jd["status_text"] == "passed (no report since)"
    assert (jd["setter"], jd["target"], jd["subject"]) == ("Trump", "Russia", "ceasefire or peace deal")
    assert jd["supersedes"] and jd["superseded_by"] is None
    (old,) = [x for x in data["deadlines"] if x["id"] == jd["supersedes"]]
    assert old["superseded_by"] == d.id and old["superseded_on"] == "2025-07-28"
    assert "passed (no report since)" in render_markdown(later)
    assert "00:00" not in json.dumps([x["due_text"] for x in data["deadlines"]])


def test_talks_merge_across_venue_names_but_not_with_other_countries(articles):
    story = story_at(articles, "2025-08-01T12:00+00:00")
    talks = [e for e in story.events if e.kind == "talks" and e.date.date() == date(2025, 7, 23)]
    ours = [e for e in talks if "Russia" in e.participants]
    theirs = [e for e in talks if "Armenia" in e.participants]
    assert len(ours) == 1 and len(theirs) == 1 and ours[0] is not theirs[0]
    assert {"Russia", "Ukraine"} <= set(ours[0].participants)
    assert len({m.article_id for m in ours[0].mentions}) == 2  # "in Istanbul" and "in Türkiye"
    assert not ours[0].conflict_ids  # Türkiye holds Istanbul: no venue dispute
    assert when.event_status_text(ours[0], story.now) == "planned for 23 Jul, not confirmed since"
    data = json.loads(render_json(story))
    (ev,) = [e for e in data["events"] if e["id"] == ours[0].id]
    assert "Russia" in ev["participants"] and ev["status_text"] == "planned for 23 Jul, not confirmed since"
    assert "planned for 23 Jul, not confirmed since" in " ".join(render_text(story).split())


def test_the_role_resolves_to_the_named_spokesman(articles):
    story = story_at(articles, "2025-07-22T12:00+00:00")
    speakers = {m.attribution.speaker for e in story.events for m in e.mentions
                if m.attribution and m.article_id == "h5"}
    assert speakers == {"Peskov"}
