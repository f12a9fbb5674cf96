"""OPML in and out (issue 12, item 7), and `add-source` given a site's home page, against
real servers on 127.0.0.1 and the real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.servers import Config, serving

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.ingest.opml import read_opml
from talkstui.store import Store

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"


@pytest.fixture
def server():
    with serving(Config()) as srv:
        cfg = srv.config
        cfg.dynamic["/analysis.xml"] = ((WEB / "atom_authors.xml").read_bytes(),
                                        "application/atom+xml")
        cfg.dynamic["/bozo.xml"] = ((WEB / "bozo.xml").read_bytes(), "application/rss+xml")
        cfg.dynamic["/feed.json"] = ((WEB / "jsonfeed11.json").read_bytes(),
                                     "application/feed+json")
        yield srv


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot():
    return Store(load_settings().locations.store_dir).snapshot()


def opml_file(tmp_path: Path, server) -> Path:
    path = tmp_path / "subscriptions.opml"
    path.write_text((WEB / "newsboat.opml").read_text().replace("{base}", server.url("")))
    return path


def test_import_opml_adds_each_feed_once_and_refresh_fetches_them(tmp_path, server):
    result = cli("import-opml", str(opml_file(tmp_path, server)))
    assert result.exit_code == 1  # the file:// outline is refused, and said so
    assert "added 3 feeds, 1 already sources, 1 refused" in result.stdout
    assert "file:///etc/passwd" in result.stderr and "only http and https" in result.stderr
    names = sorted(s.name for s in snapshot().sources if not s.bundled)
    assert names == ["Black Sea Monitor — Analysis", "Danube Dispatch", "Steppe Courier"]
    assert cli("refresh").exit_code == 0
    arts = [a for a in snapshot().articles if not a.bundled]
    assert len(arts) == 9 + 2 + 3
    assert {a.outlet for a in arts} == {"Black Sea Monitor — Analysis", "Steppe Courier",
                                        "Danube Dispatch"}
    # importing it again adds nothing
    again = cli("import-opml", str(opml_file(tmp_path, server)))
    assert "added 0 feeds, 4 already sources, 1 refused" in again.stdout


def test_opml_folders_are_read():
    feeds = read_opml((WEB / "newsboat.opml").read_bytes())
    assert [(f.title, f.folder) for f in feeds[:3]] == [
        ("Black Sea Monitor — Analysis", "Europe"), ("Steppe Courier", "Europe"),
        ("Danube Dispatch", "Europe / Balkans")]


def test_export_opml_round_trips_through_import(tmp_path, server, monkeypatch):
    for path in ("/analysis.xml", "/feed.json"):
        assert cli("add-source", server.url(path)).exit_code == 0
    out = tmp_path / "mine.opml"
    assert cli("export-opml", "-o", str(out)).exit_code == 0
    feeds = read_opml(out.read_bytes())
    assert sorted((f.title, f.url) for f in feeds) == [
        ("Black Sea Monitor — Analysis", server.url("/analysis.xml")),
        ("Danube Dispatch", server.url("/feed.json"))]
    assert "exists" in CliRunner().invoke(main, ["export-opml", "-o", str(out)]).output
    stdout = cli("export-opml").stdout
    assert stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    # a reader that starts from this file gets the same feeds
    monkeypatch.setenv("TALKSTUI_HOME", str(tmp_path / "other-home"))
    result = cli("import-opml", str(out))
    assert "added 2 feeds" in result.stdout


@pytest.mark.parametrize("content, needle", [
    (b"<html><body>not opml</body></html>", "no <opml> root"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not an OPML file"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<opml><body><outline text="&x;" xmlUrl="http://a.invalid/f"/></body></opml>',
     "external entity"),
    (b"<opml><body><outline text='no feeds here'/></body></opml>", "no feeds"),
])
def test_hostile_opml_is_one_clear_line(tmp_path, content, needle):
    path = tmp_path / "bad.opml"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["import-opml", str(path)])
    assert needle in result.output and "Traceback" not in result.output
    assert "root:" not in result.output  # no file was read through an entity


HOME = """<!doctype html><html><head><title>Black Sea Monitor</title>
<link rel="alternate" type="application/rss+xml" title="Analysis" href="/analysis.xml">
<link rel="alternate" type="application/feed+json" title="Dispatch (JSON Feed)"
      href="{base}/feed.json">
<link rel="alternate" type="application/atom+xml" title="Comments" href="/comments.xml">
<link rel="alternate" hreflang="uk" href="/uk/">
</head><body><h1>Black Sea Monitor</h1><p>Front page.</p></body></html>"""


def test_add_source_given_a_home_page_adds_its_first_feed_and_names_the_others(server):
    base = server.url("")
    server.config.dynamic["/"] = (HOME.format(base=base).encode(), "text/html; charset=utf-8")
    result = cli("add-source", server.url("/"))
    assert result.exit_code == 0, result.output
    assert "added Black Sea Monitor — Analysis (feed" in result.stdout
    assert f"from {base}/analysis.xml" in result.stdout
    assert f"{base}/feed.json  (Dispatch (JSON Feed))" in result.stdout
    assert f"{base}/comments.xml  (Comments)" in result.stdout
    srcs = [s for s in snapshot().sources if not s.bundled]
    assert [(s.kind, s.url) for s in srcs] == [("feed", f"{base}/analysis.xml")]
    assert len([a for a in snapshot().articles if not a.bundled]) == 9


def test_an_article_page_stays_a_page_and_names_its_sites_feeds(server):
    base = server.url("")
    page = HOME.format(base=base).replace(
        "<title>", '<meta property="og:type" content="article"><title>').replace(
        "<p>Front page.</p>", "<article>" + "<p>Delegations met in Istanbul on Wednesday for "
        "talks that lasted less than an hour, officials on both sides said.</p>" * 4
        + "</article>")
    server.config.dynamic["/2025/07/23/talks"] = (page.encode(), "text/html")
    result = cli("add-source", server.url("/2025/07/23/talks"))
    assert result.exit_code == 0, result.output
    assert "(page," in result.stdout and f"{base}/analysis.xml  (Analysis)" in result.stdout
    # --page on a home page keeps the page itself
    server.config.dynamic["/home"] = (HOME.format(base=base).encode(), "text/html")
    assert "(page," in cli("add-source", "--page", server.url("/home")).stdout


def test_the_dashboards_services_find_a_home_pages_feeds_and_add_the_chosen_one(server):
    from talkstui.tui.services import Services

    base = server.url("")
    server.config.dynamic["/"] = (HOME.format(base=base).encode(), "text/html")
    services = Services(load_settings())
    links = services.find_feeds(server.url("/"))
    assert [(f.title, f.url) for f in links] == [
        ("Analysis", f"{base}/analysis.xml"), ("Dispatch (JSON Feed)", f"{base}/feed.json"),
        ("Comments", f"{base}/comments.xml")]
    assert services.find_feeds(server.url("/analysis.xml")) == []  # a feed names none
    source = services.add_source(f"{base}/feed.json", discover=False)
    assert source.name == "Danube Dispatch" and source.kind == "feed"
