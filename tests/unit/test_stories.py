"""Story definitions in the config and story files, and the `talkstui story` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkstui.cli import main
from talkstui.config import load_settings, locations
from talkstui.errors import ConfigError
from talkstui.story.definitions import find_story, seed_story, settings_for

CONFIG = """
[story]
title = "Peace talks"

[[stories]]
title = "Boeing machinists' strike"
terms = ["Boeing", { name = "IAM", aliases = ["International Association of Machinists"] },
         { name = "St. Louis", weight = 0.5 }]
exclude = ["Airbus"]

[[deadlines]]
label = "US 50-day deadline"
set_on = "2025-07-14"
duration = "P50D"

[[deadlines]]
story = "boeing-machinists-strike"
label = "strike deadline"
due = "2025-08-03"
"""


def write_config(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")


def test_stories_from_the_config_each_with_its_own_deadlines(isolated_home):
    write_config(isolated_home, CONFIG)
    s = load_settings(locations())
    # the seed story keeps its id under another title
    assert [d.id for d in s.stories] == ["russia-ukraine", "boeing-machinists-strike"]
    seed = s.stories[0]
    assert seed.title == "Peace talks"
    assert seed.terms == seed_story().terms  # a [story] without terms is the seed story's
    assert [d.label for d in s.deadlines] == ["US 50-day deadline"]
    boeing = find_story(s, "boeing")
    assert [t.name for t in boeing.terms] == ["Boeing", "IAM", "St. Louis"]
    assert boeing.terms[1].aliases == ("International Association of Machinists",)
    assert boeing.terms[2].weight == 0.5 and boeing.exclude[0].name == "Airbus"
    other = settings_for(s, "Boeing machinists' strike")
    assert other.story_title == "Boeing machinists' strike"
    assert [d.label for d in other.deadlines] == ["strike deadline"]
    assert settings_for(s, None) is s


def test_no_config_is_the_seed_story(isolated_home):
    s = load_settings(locations())
    assert [d.id for d in s.stories] == ["russia-ukraine"]
    names = {t.name for t in s.story.terms}
    assert {"Zelensky", "Ukraine", "Putin", "Istanbul", "50-day deadline"} <= names
    z = next(t for t in s.story.terms if t.name == "Zelensky")
    assert {"Zelenskyy", "Zelenskiy"} <= set(z.aliases)


@pytest.mark.parametrize(("text", "needle"), [
    ('[[stories]]\ntitle = "X"\nterms = [3]\n', "line 3"),
    ('[[stories]]\ntitle = "X"\nterms = [{ aliases = ["y"] }]\n', "needs a name"),
    ('[[stories]]\ntitle = "X"\nterms = [{ name = "y", weight = -1 }]\n', "weight"),
    ('[[stories]]\ntitle = "X"\nid = "Not A Slug"\n', "lower-case"),
    ('[[deadlines]]\nstory = "nope"\nlabel = "x"\ndue = "2025-09-01"\n', "no story with the id 'nope'"),
    ('[[stories]]\ntitle = "Other"\nid = "russia-ukraine"\nterms = ["x"]\n', "two stories"),
])
def test_bad_story_config_names_file_and_problem(isolated_home, text, needle):
    write_config(isolated_home, text)
    with pytest.raises(ConfigError) as exc:
        load_settings(locations())
    assert "config.toml" in str(exc.value) and needle in str(exc.value)


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_story_new_list_show_and_add_term_from_the_cli(isolated_home):
    code, out = run("story", "new", "Boeing strike", "--term", "Boeing",
                    "--term", "IAM|machinists union:2", "--exclude", "Airbus")
    assert code == 0 and "boeing-strike" in out
    s = load_settings(locations())
    d = find_story(s, "boeing-strike")
    assert d.terms[1].name == "IAM" and d.terms[1].aliases == ("machinists union",)
    assert d.terms[1].weight == 2.0 and d.exclude[0].name == "Airbus"
    code, out = run("stories")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("* russia-ukraine")
    assert "2 articles, 0 outside" in lines[1]
    assert "boeing-strike" in lines[2] and "0 articles, 2 outside · no deadline" in lines[3]
    code, out = run("story", "add-term", "boeing", "Ortberg", "Boeing")
    assert code == 0 and "added Ortberg" in out
    assert [t.name for t in find_story(load_settings(locations()), "boeing").terms][-1] == "Ortberg"
    code, out = run("story", "show", "boeing-strike")
    assert code == 0 and "terms: IAM / machinists union  (weight 2)" in out
    assert "closest outside" in out
    code, out = run("story", "new", "Boeing strike", "--term", "x")
    assert code != 0 and "already a story" in out


def test_export_and_dashboard_take_a_story(isolated_home):
    run("story", "new", "Fed", "--term", "Federal Reserve", "--term", "Powell")
    code, out = run("export", "--story", "fed", "--format", "json")
    data = json.loads(out)
    assert data["story"] == {"id": "fed", "title": "Fed"}
    assert data["articles"] == [] and len(data["outside"]) == 2
    assert {o["outlet"] for o in data["outside"]} == {"ABC News", "The Moscow Times"}
    assert all(o["relevance"]["decided_by"] == "terms" for o in data["outside"])
    code, out = run("--story", "fed", "export")
    assert code == 0 and out.rstrip().endswith(
        "2 stored articles outside this story (the JSON export lists them)")
    code, out = run("export")
    assert out.rstrip().endswith("No stored article is outside this story.")
    code, out = run("--story", "nope", "export")
    assert code != 0 and "no story named 'nope'" in out and "Traceback" not in out


def test_a_config_deadline_given_to_the_minute_counts_down_to_the_minute(isolated_home):
    from datetime import UTC, datetime

    from talkstui.story import when
    from talkstui.story.build import build_story

    write_config(isolated_home, '[[deadlines]]\nlabel = "Trump\'s deadline"\n'
                                'due = "2025-09-02T16:00:00Z"\n'
                                '[[deadlines]]\nlabel = "A day"\ndue = "2025-09-05"\n')
    s = load_settings(locations())
    now = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
    story = build_story(s, [], [], now=now)
    timed, day = sorted(story.deadlines, key=lambda d: d.due)
    assert timed.due == datetime(2025, 9, 2, 16, 0, tzinfo=UTC) and timed.due_time
    assert when.countdown_text(timed, now) == "in 1 day 4 h 0 min"
    assert not day.due_time and "min" not in when.countdown_text(day, now)


def test_stories_lists_the_next_deadline_in_the_screens_words_as_of_a_date(isolated_home):
    for args in (("--as-of", "2025-07-22T12:00Z", "stories"),
                 ("stories", "--as-of", "2025-07-22T12:00Z")):
        code, out = run(*args)
        assert code == 0, out
        # the due date is a range of days: never one day, never hours
        assert "due 1\u20133 Sep 2025 \u00b7 in 41\u201343 days" in out, out
    code, out = run("stories")  # today: long passed, and no article says what became of it
    assert "passed (no report since)" in out and "((" not in out
