"""Publication dates inferred for undated articles."""

from __future__ import annotations

from datetime import UTC, date, datetime

from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.model import Article
from talkstui.story import build_story
from talkstui.story.infer import infer_date

DATED = ("Russia and Ukraine will hold peace talks in Istanbul on Thursday, officials said. "
         "“We are ready to end this war as soon as possible,” Zelensky said on Monday.")
UNDATED = ("Zelensky said on Monday: “We are ready to end this war as soon as possible.” "
           "In a Tuesday post, he said the delegation would be led by Umerov. "
           "The talks will be held on Thursday. This week's talks are the fourth round. Copyright 2025.")


def test_undated_article_gets_a_date_with_evidence_and_is_reanalysed():
    bodies = {"d": DATED, "u": UNDATED}
    monday = datetime(2025, 8, 4, tzinfo=UTC)
    arts = [
        Article(id="d", title="dated", outlet="Daily", url=None, published=monday, body_hash="d",
                analysis=analyse(DATED, monday).to_dict()),
        Article(id="u", title="undated", outlet="Weekly", url=None, published=None, body_hash="u",
                analysis=analyse(UNDATED, None).to_dict()),
    ]
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 8, 6, tzinfo=UTC), body=bodies.get)
    u = next(a for a in story.articles if a.id == "u")
    assert u.published_inferred and u.published == datetime(2025, 8, 5, tzinfo=UTC)
    assert any("quote" in e for e in u.inference_evidence)
    assert any("copyright 2025" == e for e in u.inference_evidence)
    (talks,) = [e for e in story.events if e.kind == "talks" and e.value == "2025-08-07"]
    assert talks.outlets == ["Daily", "Weekly"]


def test_no_evidence_no_date():
    arts = [Article(id="u", title="undated", outlet="Weekly", url=None, published=None, body_hash="u",
                    analysis=analyse("Talks will be held on Thursday.", None).to_dict())]
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 8, 6, tzinfo=UTC))
    assert story.articles[0].published is None and not story.articles[0].published_inferred


def test_infer_date_weighs_weekdays():
    cues = {"wd": [[0, "p", "statement", "Monday"], [1, "p", "statement", "Tuesday"], [2, "f", "talks", "Wednesday"]],
            "tw": ["talks"], "cy": 2025}
    corpus = {("talks", date(2025, 7, 23))}
    weeks = {("talks", 2025, 30)}
    day, evidence = infer_date(cues, [(date(2025, 7, 21), "MT", "a quote")], corpus, weeks)
    assert day == date(2025, 7, 22)
    assert evidence


def test_date_line_wins():
    day, evidence = infer_date({"dl": "2025-07-21"}, [], set(), set())
    assert day == date(2025, 7, 21) and "date line" in evidence[0]


def test_as_of_before_the_inferred_date_leaves_it_out():
    bodies = {"d": DATED, "u": UNDATED}
    monday = datetime(2025, 8, 4, tzinfo=UTC)
    arts = [
        Article(id="d", title="dated", outlet="Daily", url=None, published=monday, body_hash="d",
                analysis=analyse(DATED, monday).to_dict()),
        Article(id="u", title="undated", outlet="Weekly", url=None, published=None, body_hash="u",
                analysis=analyse(UNDATED, None).to_dict()),
    ]
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 8, 6, tzinfo=UTC),
                        as_of=datetime(2025, 8, 4, 12, tzinfo=UTC), body=bodies.get)
    assert [a.id for a in story.articles] == ["d"]


def test_weekday_events_alone_can_date_an_article():
    cues = {"wd": [[2, "f", "talks", "Wednesday"], [4, "f", "prisoner_exchange", "Friday"],
                   [0, "p", "statement", "Monday"]], "cy": 2025}
    corpus = {("talks", date(2025, 7, 23)), ("prisoner_exchange", date(2025, 7, 25)),
              ("talks", date(2025, 5, 16))}
    day, evidence = infer_date(cues, [], corpus, set())
    assert day == date(2025, 7, 22)
    assert any("talks on 2025-07-23" in e for e in evidence)
    # one matching event is not enough
    assert infer_date({"wd": [[2, "f", "talks", "Wednesday"]]}, [], corpus, set()) is None


def test_will_with_a_reporting_verb_after_is_future():
    from talkstui.extract.timex import extract_times

    text = "Russia and Ukraine will hold talks in Istanbul on Wednesday, negotiators said."
    # the article's own clue to its date: talks ahead, not talks just held
    (cue,) = analyse(text, None).to_dict()["c"]["wd"]
    assert cue[:2] == [2, "f"]
    (wed,) = [t for t in extract_times(text, date(2025, 7, 21)) if t.text == "Wednesday"]
    assert wed.value == "2025-07-23"  # written on a Monday: the coming Wednesday


def test_an_undated_article_announcing_talks_is_dated_before_them():
    monday = datetime(2025, 7, 21, 9, tzinfo=UTC)
    dated = ("Ukraine and Russia will meet in Istanbul on Wednesday for a third round of talks. "
             "“We will not sign anything that gives away a single Ukrainian village,” Umerov said on Monday.")
    undated = ("Umerov said: “We will not sign anything that gives away a single Ukrainian village.” "
               "Russia and Ukraine will hold talks in Istanbul on Wednesday, negotiators said. Copyright 2025.")
    arts = [
        Article(id="d", title="dated", outlet="Daily", url=None, published=monday, body_hash="d",
                analysis=analyse(dated, monday).to_dict()),
        Article(id="u", title="undated", outlet="Weekly", url=None, published=None, body_hash="u",
                analysis=analyse(undated, None).to_dict()),
    ]
    bodies = {"d": dated, "u": undated}
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 7, 28, tzinfo=UTC), body=bodies.get)
    u = next(a for a in story.articles if a.id == "u")
    assert u.published_inferred and date(2025, 7, 20) <= u.published.date() < date(2025, 7, 23)
