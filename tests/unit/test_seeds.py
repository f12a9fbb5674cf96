from __future__ import annotations

from datetime import UTC, datetime

import pytest

from talkstui import seeds
from talkstui.clock import FixedClock
from talkstui.config import load_settings
from talkstui.store import Store

NOW = datetime(2025, 7, 24, tzinfo=UTC)


@pytest.fixture
def settings():
    return load_settings()  # under the test's own TALKSTUI_HOME


def items():
    return {seed.outlet: item for seed, item in seeds.seed_items(NOW)}


def test_seed_folder_is_found_in_a_checkout():
    folder = seeds.seeds_dir()
    assert (folder / "seeds.toml").is_file()
    assert len(seeds.seed_articles()) == 2


def test_moscow_times_seed_metadata_and_text():
    mt = items()["The Moscow Times"]
    assert mt.title == "New Russia-Ukraine Talks Set for Wednesday, Zelensky Says"
    assert mt.published == datetime(2025, 7, 21, tzinfo=UTC)
    assert mt.url == ("https://www.themoscowtimes.com/2025/07/21/"
                      "new-russia-ukraine-talks-set-for-wednesday-zelensky-says-a89897")
    assert "Original url" not in mt.text and "themoscowtimes.com" not in mt.text
    assert not mt.text.startswith("#") and "\n#" not in mt.text
    assert "July 21, 2025" not in mt.text.split("\n", 1)[0]
    assert "<u>" not in mt.text and "**" not in mt.text
    assert "Zelensky announced" in mt.text.replace("\n", " ") or "announced" in mt.text


def test_abc_seed_is_undated_and_has_no_url():
    abc = items()["ABC News"]
    assert abc.published is None
    assert abc.url is None
    assert abc.title.startswith("(LONDON)") and len(abc.title) <= 120
    assert abc.text.startswith("(LONDON) — Russian and Ukrainian negotiating teams")


def test_empty_store_is_seeded_once(settings):
    store = Store(settings.locations.store_dir)
    assert seeds.ensure_seeded(settings, store, clock=FixedClock(NOW))
    snap = store.snapshot()
    assert [s.id for s in snap.sources] == ["seeds"]
    src = snap.sources[0]
    assert src.kind == "bundled" and src.bundled and src.article_count == 2
    assert {a.outlet for a in snap.articles} == {"The Moscow Times", "ABC News"}
    assert all(a.bundled and a.source_ids == ["seeds"] for a in snap.articles)
    abc = next(a for a in snap.articles if a.outlet == "ABC News")
    assert abc.published is None and abc.url is None
    assert store.body(abc.body_hash).startswith("(LONDON)")
    assert not seeds.ensure_seeded(settings, store, clock=FixedClock(NOW))  # not twice
    assert len(store.snapshot().articles) == 2


def test_removed_seeds_are_not_reseeded(settings):
    from talkstui.sources import remove_source_by_key

    store = Store(settings.locations.store_dir)
    seeds.ensure_seeded(settings, store, clock=FixedClock(NOW))
    remove_source_by_key(settings, store, "seeds")
    snap = store.snapshot()
    assert snap.sources == [] and snap.articles == []
    assert not seeds.ensure_seeded(settings, store, clock=FixedClock(NOW))
    assert store.snapshot().articles == []


def test_packaged_seeds_win_when_present(tmp_path, monkeypatch):
    pkg = tmp_path / "talkstui"
    (pkg / "_seeds").mkdir(parents=True)
    (pkg / "_seeds" / "seeds.toml").write_text("articles = []\n")
    monkeypatch.setattr(seeds, "__file__", str(pkg / "seeds.py"))
    assert seeds.seeds_dir() == pkg / "_seeds"


def test_wheel_config_ships_the_seeds():
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    data = tomllib.loads(pyproject.read_text())
    include = data["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["seeds"] == "talkstui/_seeds"
