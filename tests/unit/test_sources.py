"""add-source, sources, remove-source through the CLI, against 127.0.0.1 servers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fixtures.servers import rss, hostile_server  # noqa: F401

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.store import Store


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def snap():
    return Store(load_settings().locations.store_dir).snapshot()


def test_add_feed_detects_kind_and_names_it_from_the_feed(hostile_server):  # noqa: F811
    result = cli("add-source", hostile_server.url("/feed/good"))
    assert result.exit_code == 0, result.output
    assert "added Good Outlet (feed, id good-outlet) with 2 articles" in result.output
    s = {x.id: x for x in snap().sources}
    assert s["good-outlet"].kind == "feed" and s["good-outlet"].last_status == "ok"
    assert "seeds" in s  # an empty store is seeded in the same write


def test_add_page_with_a_name(hostile_server):  # noqa: F811
    result = cli("add-source", hostile_server.url("/page/good"), "--name", "My page")
    assert result.exit_code == 0, result.output
    s = {x.id: x for x in snap().sources}
    assert s["my-page"].kind == "page" and s["my-page"].article_count == 1
    assert any(a.title == "Talks in Istanbul" for a in snap().articles)


def test_add_the_same_url_twice_is_refused(hostile_server):  # noqa: F811
    cli("add-source", hostile_server.url("/feed/good"))
    result = cli("add-source", hostile_server.url("/feed/good/") + "?utm_source=x")
    assert result.exit_code != 0 and "already a source" in result.output


@pytest.mark.parametrize("url, needle", [
    ("ftp://example.org/feed", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("not a url", "only http and https"),
    ("http://", "no host"),
])
def test_add_source_bad_urls_are_one_line(url, needle):
    result = cli("add-source", url)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and needle in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path, status", [("/status/404", "http_404"),
                                          ("/redirect/file", "bad_scheme"),
                                          ("/localpath", "parse_error")])
def test_add_source_failures_are_one_line(hostile_server, path, status):  # noqa: F811
    result = cli("add-source", hostile_server.url(path))
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1
    assert f": {status}" in result.output and "Traceback" not in result.output
    assert "TOP-SECRET" not in result.output


def test_sources_lists_plain_text_when_not_a_terminal(hostile_server):  # noqa: F811
    cfg = hostile_server.config
    cfg.dynamic["/evil"] = (rss("Evil\x1b[2J\u202e name", [
        ("t", "http://e.invalid/1", "Mon, 21 Jul 2025 10:00:00 GMT", "body")]),
        "application/rss+xml")
    assert cli("add-source", hostile_server.url("/evil")).exit_code == 0
    result = cli("sources")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["id", "name", "kind", "articles", "last refresh",
                                    "last status"]
    row = next(line for line in lines if "Evil" in line).split("\t")
    # an ESC is not allowed in XML: the feed parses with a problem, now shown (issue 12)
    assert row[2] == "feed" and row[3] == "1"
    assert row[5].startswith("ok_with_warnings: feed is not well-formed")
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert any(line.startswith("seeds\t") for line in lines)


def test_remove_source_removes_only_articles_only_it_carried(hostile_server):  # noqa: F811
    cfg = hostile_server.config
    shared = ("Shared", "http://n.invalid/shared", "Mon, 21 Jul 2025 10:00:00 GMT", "Shared text.")
    cfg.dynamic["/one"] = (rss("One", [shared, ("Only one", "http://n.invalid/1",
                                                "Mon, 21 Jul 2025 10:00:00 GMT", "Mine.")]),
                           "application/rss+xml")
    cfg.dynamic["/two"] = (rss("Two", [shared]), "application/rss+xml")
    assert cli("add-source", hostile_server.url("/one")).exit_code == 0
    assert cli("add-source", hostile_server.url("/two")).exit_code == 0
    result = cli("remove-source", "One")  # by name
    assert result.exit_code == 0, result.output
    assert "and 1 article only it carried" in result.output
    arts = {a.title: a for a in snap().articles}
    assert "Only one" not in arts and arts["Shared"].source_ids == ["two"]
    assert cli("remove-source", "two").exit_code == 0  # by id
    assert "Shared" not in {a.title for a in snap().articles}


def test_remove_unknown_source_is_one_line():
    result = cli("remove-source", "nothing-here")
    assert result.exit_code != 0
    assert "no source with id or name 'nothing-here'" in result.output


def test_removing_the_seeds_is_remembered():
    from talkstui import seeds

    seeds.ensure_seeded(load_settings(), Store(load_settings().locations.store_dir))
    assert cli("remove-source", "seeds").exit_code == 0
    assert snap().articles == []
    assert cli("sources").exit_code == 0
    assert not seeds.ensure_seeded(load_settings(), Store(load_settings().locations.store_dir))


def test_unusable_store_location_is_one_clear_line(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("TALKSTUI_HOME", str(blocker))
    for args in (["sources"], ["refresh"], ["remove-source", "x"]):
        result = cli(*args)
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output and result.output.startswith("talkstui: ")


def test_sources_lists_config_sources_not_refreshed_yet(isolated_home):
    (isolated_home / "config.toml").write_text(
        '[[sources]]\nname = "From config"\nurl = "https://example.invalid/feed"\n')
    result = cli("sources")
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if "From config" in line)
    assert row.split("\t")[0] == "(config)" and row.endswith("not refreshed yet")
