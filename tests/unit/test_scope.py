"""Story scope: the in/out decision from title and body, with its reasons."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from talkstui.story.definitions import seed_story
from talkstui.story.scope import Choices, Scope, StoryDef, Term, decide, suggest_terms

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from mixed import SEED_STORY, mixed_items, precision_recall  # noqa: E402

PARA = "Officials met again on Monday to discuss the next steps in a long process. " * 3


@pytest.fixture(scope="module")
def seed():
    return Scope(seed_story())


def test_mixed_feeds_sorted_as_the_gold_says(seed):
    items = mixed_items()
    assert len(items) >= 40
    assert len({g for _o, _i, g in items}) >= 6
    decisions = [(seed.judge(i.title, i.text).inside, g == SEED_STORY) for _o, i, g in items]
    precision, recall, tp, fp, fn = precision_recall(decisions)
    assert tp >= 12
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, fp, fn)


def test_one_passing_mention_is_not_enough(seed):
    body = PARA * 8 + "Exports through Ukraine's ports were steady. " + PARA
    r = seed.judge("Wheat prices climb", body)
    assert r.terms == ["Ukraine"]
    assert not r.inside


def test_a_title_match_weighs_more_than_a_mention_deep_in_the_body(seed):
    deep = seed.judge("Talks resume", PARA * 10 + "Zelensky spoke of peace. " + PARA)
    lead = seed.judge("Talks resume", "Zelensky spoke of peace. " + PARA * 10)
    title = seed.judge("Zelensky: talks resume", PARA * 10)
    assert deep.score < lead.score < title.score
    assert not deep.inside


def test_spellings_aliases_and_prefixes_are_one_term(seed):
    for spelling in ("Zelensky", "Zelenskyy", "Zelenskiy", "ZELENSKYY’s"):
        r = seed.judge(f"{spelling} and Putin to meet", "")
        assert r.terms[0] == "Zelensky" and r.inside, spelling
    r = seed.judge("", "Ukrainians and the Ukrainian army; Kyiv said. Kiev officials agreed.")
    assert r.terms == ["Ukraine"]
    assert seed.judge("", "Ukrainka street").terms == ["Ukraine"]  # a prefix form: any word
    assert seed.judge("", "Putinism").terms == []  # a name: whole words only


def test_accents_and_phrases_with_hyphens():
    d = StoryDef("t", "Turkey", terms=[Term("Erdoğan", weight=2), Term("cease fire", weight=2)])
    s = Scope(d)
    assert s.judge("Erdogan speaks", "").terms == ["Erdoğan"]
    assert s.judge("ERDOĞAN speaks", "").terms == ["Erdoğan"]
    assert s.judge("", "As Erdoğan’s office said").terms == ["Erdoğan"]
    r = s.judge("", "A cease-fire was agreed. Then the ceasefire held.")
    assert r.terms == ["cease fire"]


def test_an_exclusion_in_the_title_keeps_look_alike_talks_out(seed):
    title = "Iran and European powers hold talks in Istanbul"
    body = "Talks in Istanbul on Friday. Russia and China were not invited. " * 3
    r = seed.judge(title, body)
    assert not r.inside and r.excluded_by == ["Iran"]
    assert not seed.judge(title.replace("Iran and European", "Negotiators"), body).excluded_by


def test_user_choice_wins_and_is_shown_as_the_users(seed):
    r = seed.judge("Wheat prices climb", "Ukraine exports.")
    choices = Choices(articles={"a1": True}, sources={"s1": False, "s2": True})
    assert choices.verdict("a1", ["s1"]) is True  # the article's own choice first
    assert choices.verdict("a2", ["s1"]) is False
    assert choices.verdict("a2", ["s1", "s2"]) is True
    assert choices.verdict("a3", ["s3"]) is None
    got = decide(r, choices.verdict("a1", []))
    assert got.inside and got.decided_by == "user" and got.terms == r.terms
    assert Choices.from_dict(choices.to_dict()) == choices
    assert Choices.from_dict({"articles": "junk"}) == Choices()


def test_suggested_terms_recur_inside_and_rarely_outside():
    d = StoryDef("boeing", "Boeing strike", terms=[Term("Boeing"), Term("strike")])
    inside = [
        "Boeing and the International Association of Machinists met in St. Louis. Kelly Ortberg said.",
        "Machinists in St. Louis voted. The International Association of Machinists said Boeing.",
        "Kelly Ortberg told St. Louis workers that Boeing would talk.",
    ]
    outside = ["The Fed met in Washington.", "Talks in Istanbul. Washington said.",
               "Flights to St. Louis were late.", "A St. Louis court ruled."]
    got = [s.term for s in suggest_terms(d, inside, outside)]
    assert "International Association of Machinists" in got
    assert "Kelly Ortberg" in got
    assert "Boeing" not in got  # a term already
    assert "St. Louis" not in got  # common outside too


def test_fingerprint_changes_with_terms_only():
    a = seed_story()
    b = seed_story()
    assert a.fingerprint() == b.fingerprint()
    b.terms.append(Term("Witkoff"))
    assert a.fingerprint() != b.fingerprint()
    b = seed_story()
    b.title = "Another title"
    assert a.fingerprint() == b.fingerprint()


def test_a_story_of_everything_keeps_every_article():
    s = Scope(StoryDef("all", "Everything", keep_all=True))
    r = s.judge("Wheat prices", "Nothing here.")
    assert r.inside and r.terms == []
