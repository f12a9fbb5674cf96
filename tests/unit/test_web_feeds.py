"""Feeds and pages as the web serves them (issue 12): each fixture is served from 127.0.0.1
and added with `talkstui add-source`, refreshed with `talkstui refresh`, and checked as a
user sees it: the article count, the titles, the outlet, the status in `talkstui sources`.

The fixtures (tests/fixtures/web) are written for these tests, modelled on real feeds: an
Atom feed of analysis pieces whose summaries are all "Read more", a live blog whose entries
share one link, galleries without titles, titles with markup and with angle brackets, a feed
that is not well-formed, JSON Feed 1.0 and 1.1, relative links under a Content-Location.
"""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.servers import Config, serving

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.store import Store

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"


@pytest.fixture
def server():
    with serving(Config()) as srv:
        yield srv


def serve(server, path: str, body: bytes, ctype: str, headers: dict | None = None) -> str:
    server.config.dynamic[path] = (body, ctype, headers or {})
    return server.url(path)


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def store() -> Store:
    return Store(load_settings().locations.store_dir)


def articles(source_id: str | None = None) -> list:
    snap = store().snapshot()
    return [a for a in snap.articles if not a.bundled
            and (source_id is None or source_id in a.source_ids)]


def source(name: str):
    (src,) = [s for s in store().snapshot().sources if s.name == name]
    return src


def sources_row(name: str) -> list[str]:
    result = cli("sources")
    assert result.exit_code == 0
    (line,) = [ln for ln in result.output.splitlines() if f"\t{name}\t" in ln]
    return line.split("\t")


def revisions() -> int:
    return sum(len(a.revisions) for a in articles())


# ---------------------------------------------------------------- 1. no entry lost or merged


def test_nine_entries_with_the_same_summary_are_nine_articles(server):
    url = serve(server, "/analysis.xml", (WEB / "atom_authors.xml").read_bytes(),
                "application/atom+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert "with 9 articles" in result.output
    src = source("Black Sea Monitor — Analysis")
    arts = articles(src.id)
    assert len(arts) == 9
    assert {a.title for a in arts} >= {"What Istanbul can and cannot deliver",
                                       "The 50-day clock, explained",
                                       "Letters: on ceasefire language"}
    assert {a.author for a in arts} == {"Olena Marchenko", "James Whitfield", "Ayşe Demir",
                                        "Desk", "Readers"}
    assert {a.outlet for a in arts} == {"Black Sea Monitor — Analysis"}
    assert len({a.url for a in arts}) == 9


def test_live_blog_entries_sharing_a_link_and_untitled_galleries_stay_apart(server):
    url = serve(server, "/live.xml", (WEB / "liveblog.xml").read_bytes(), "application/rss+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    src = source("Bosphorus Wire: Live")
    arts = articles(src.id)
    titles = sorted(a.title for a in arts)
    # 4 live-blog entries (one link) + 5 galleries without titles; 2 empty entries skipped
    assert len(arts) == 9
    assert titles[5:] == ["Delegations arrive at Çırağan Palace",
                          "Sides agree on a new exchange of prisoners",
                          "Talks begin behind closed doors", "Talks end after forty minutes"]
    assert titles[:5] == ["(untitled)"] * 5
    assert sum(a.url == "http://wire.invalid/live/istanbul-talks-2025-07-23" for a in arts) == 4
    # the empty entries are counted where the user looks
    assert src.last_status == "ok_with_warnings"
    row = sources_row("Bosphorus Wire: Live")
    assert row[3] == "9"
    assert row[5] == "ok_with_warnings: 2 entries with neither title nor text skipped"


def test_ten_refreshes_of_an_unchanged_feed_add_no_revision(server):
    live = serve(server, "/live.xml", (WEB / "liveblog.xml").read_bytes(),
                 "application/rss+xml")
    atom = serve(server, "/analysis.xml", (WEB / "atom_authors.xml").read_bytes(),
                 "application/atom+xml")
    assert cli("add-source", live).exit_code == 0
    assert cli("add-source", atom).exit_code == 0
    before = len(articles())
    for _ in range(10):
        result = cli("refresh")
        assert result.exit_code == 0, result.output
    assert len(articles()) == before == 18
    assert revisions() == 0


def test_a_changed_entry_title_or_text_is_one_revision(server):
    body = (WEB / "liveblog.xml").read_bytes()
    url = serve(server, "/live.xml", body, "application/rss+xml")
    assert cli("add-source", url).exit_code == 0
    serve(server, "/live.xml", body.replace(b"Talks end after forty minutes",
                                            b"Talks end after forty-five minutes"),
          "application/rss+xml")
    assert cli("refresh").exit_code == 0
    assert cli("refresh").exit_code == 0
    (art,) = [a for a in articles() if a.title == "Talks end after forty-five minutes"]
    assert [r.title for r in art.revisions] == ["Talks end after forty minutes"]
    assert revisions() == 1
    assert len(articles()) == 9


# ---------------------------------------------------------------- 2. clean names and titles


def test_titles_are_plain_text_markup_stripped_only_where_the_feed_says_html(server):
    url = serve(server, "/titles.xml", (WEB / "titles.xml").read_bytes(),
                "application/atom+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    name = "Example Tech & World: it's news"
    src = source(name)
    arts = {a.title: a for a in articles(src.id)}
    assert set(arts) == {"Why std::vector<int> is fast",
                         "Ceasefire talks: what was agreed & what wasn\u2019t",
                         "The 50-day deadline"}
    assert {a.outlet for a in arts.values()} == {name}
    body = store().body(arts["Why std::vector<int> is fast"].body_hash)
    assert body == "A note on cache lines and the <algorithm> header."
    assert sources_row(name)[1] == name


PAGE = """<html><head><title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-07-23T10:00:00Z"></head>
<body><article><h1>{title}</h1>{paras}</article></body></html>"""
def paras(n: int, tag: str = "") -> str:
    """n different paragraphs (trafilatura drops repeated ones)."""
    return "".join(f"<p>{tag}Paragraph {k}: " + PARA[3:] for k in range(n))


PARA = ("<p>Delegations from Russia and Ukraine met in Istanbul on Wednesday for a third round "
        "of direct talks, which lasted less than an hour, officials on both sides said.</p>")


@pytest.mark.parametrize("site, outlet", [
    ("Harbour Gazette", "Harbour Gazette"),
    ("https://www.facebook.com/harbourgazette", "127.0.0.1"),
    ("\u00a9 2025 Harbour Media Group. All rights reserved.", "127.0.0.1"),
    ("Third round of talks ends within the hour in Istanbul", "127.0.0.1"),
])
def test_a_page_outlet_is_a_validated_site_name_else_the_host(server, site, outlet):
    title = "Third round of talks ends within the hour in Istanbul"
    html = PAGE.format(title=title, site=site, paras=PARA * 5).encode()
    url = serve(server, "/2025/07/23/talks", html, "text/html; charset=utf-8")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    (art,) = articles()
    assert art.title == title
    assert art.outlet == outlet


def test_pages_with_different_site_names_import_into_one_source(tmp_path):
    for i, site in enumerate(["Harbour Gazette", "Steppe Courier", "Harbour Gazette"]):
        (tmp_path / f"{i}.html").write_text(
            PAGE.format(title=f"Report {i} on the talks", site=site, paras=paras(4, f"R{i} ")))
    result = cli("import", str(tmp_path))
    assert result.exit_code == 0, result.output
    arts = articles()
    assert len(arts) == 3
    assert sorted(a.outlet for a in arts) == ["Harbour Gazette", "Harbour Gazette",
                                              "Steppe Courier"]
    assert len({sid for a in arts for sid in a.source_ids}) == 1


# ---------------------------------------------------------------- 3. only documents are articles


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize("body, ctype, what", [
    (gzip.compress((WEB / "bozo.xml").read_bytes()), "application/gzip", "gzip"),
    (gzip.compress(b"<html><body>" + PARA.encode() * 5 + b"</body></html>"),
     "application/octet-stream", "gzip"),
    (_png(), "image/png", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20,
     "application/pdf", "PDF"),
    (bytes(range(256)) * 8, "application/octet-stream", "binary"),
    (b"PK\x03\x04" + b"\x00" * 200, "text/html", "ZIP"),
    (b'{"data": [1, 2, 3]}', "application/json", "not a JSON Feed"),
], ids=["gzip", "gzip-as-octet-stream", "png", "pdf", "binary", "zip-as-html", "json"])
def test_non_documents_are_unsupported_content_and_never_articles(server, body, ctype, what):
    url = serve(server, "/thing", body, ctype)
    result = CliRunner().invoke(main, ["add-source", url])
    assert result.exit_code != 0
    assert "unsupported_content" in result.output and what in result.output
    assert articles() == []
    # as a configured source: the refresh reports it, stores nothing
    cfg = load_settings().locations.config_file
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[[sources]]\nname = "Thing"\nurl = "{url}"\n')
    result = CliRunner().invoke(main, ["refresh"])
    assert result.exit_code == 1
    assert "Thing: unsupported_content" in result.output
    assert articles() == []


def test_json_feed_1_1_items_are_articles(server):
    url = serve(server, "/feed.json", (WEB / "jsonfeed11.json").read_bytes(),
                "application/feed+json")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert "Danube Dispatch (feed" in result.output
    src = source("Danube Dispatch")
    arts = {a.title: a for a in articles(src.id)}
    assert set(arts) == {"Third round of talks opens in Istanbul", "The deadline Washington set",
                         "Heatwave grips the Balkans"}
    first = arts["Third round of talks opens in Istanbul"]
    assert first.outlet == "Danube Dispatch" and first.author == "M. Horvat"
    assert first.published.isoformat() == "2025-07-23T16:10:00+00:00"
    assert store().body(first.body_hash).startswith("The third round of direct talks opened")
    assert arts["Heatwave grips the Balkans"].url.endswith("/2025/07/21/weather")
    assert src.last_status == "ok_with_warnings"  # the item with no text at all


def test_json_feed_1_0_items_with_the_same_text_stay_apart(server):
    url = serve(server, "/notes.json", (WEB / "jsonfeed10.json").read_bytes(),
                "application/json")
    assert cli("add-source", url).exit_code == 0
    arts = articles()
    assert len(arts) == 2 and {a.outlet for a in arts} == {"Carpathian Notes"}
    assert sorted(a.url for a in arts) == ["http://notes.invalid/a", "http://notes.invalid/b"]


# ---------------------------------------------------------------- 4. encodings

TALKS = "Переговоры России и Украины прошли в Стамбуле"
LEGACY = [
    ("euc-kr", "연합 속보", "러시아와 우크라이나 대표단이 이스탄불에서 세 번째 협상을 가졌다"),
    ("koi8-r", "Новости Юга", TALKS),
    ("shift_jis", "共同速報", "ロシアとウクライナがイスタンブールで協議"),
    ("big5", "中央快訊", "俄羅斯與烏克蘭代表團在伊斯坦堡舉行第三輪談判"),
    ("gb2312", "新华快讯", "俄罗斯与乌克兰代表团在伊斯坦布尔举行第三轮谈判"),
    ("euc-jp", "時事速報", "トランプ大統領は五十日の期限を設定した"),
]


def _feed_text(title: str, item: str, *, decl: str | None) -> str:
    prolog = f'<?xml version="1.0" encoding="{decl}"?>' if decl else '<?xml version="1.0"?>'
    return (f"{prolog}\n<rss version=\"2.0\"><channel><title>{title}</title>"
            "<link>http://legacy.invalid/</link><description>-</description>"
            f"<item><title>{item}</title><link>http://legacy.invalid/1</link>"
            f"<description>{item}. {item}.</description></item>"
            f"<item><title>{item} (2)</title><link>http://legacy.invalid/2</link>"
            f"<description>{item}</description></item></channel></rss>")


@pytest.mark.parametrize("encoding, title, item", LEGACY)
def test_undeclared_legacy_charsets_are_detected(server, encoding, title, item):
    body = _feed_text(title, item, decl=None).encode(encoding)
    url = serve(server, "/legacy.xml", body, "application/rss+xml")  # no charset anywhere
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    src = source(title)
    assert sorted(a.title for a in articles(src.id)) == [item, f"{item} (2)"]
    assert {a.outlet for a in articles()} == {title}


@pytest.mark.parametrize("codec, bom, decl", [
    ("utf-16-le", b"", "UTF-16"), ("utf-16-be", b"", "UTF-16"), ("utf-16-le", b"", None),
    ("utf-32-le", b"", "UTF-32"), ("utf-32-be", b"", None),
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"), ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
])
def test_utf16_and_utf32_with_or_without_a_bom(server, codec, bom, decl):
    body = bom + _feed_text("Новости Юга", TALKS, decl=decl).encode(codec)
    url = serve(server, "/wide.xml", body, "application/rss+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert sorted(a.title for a in articles()) == [TALKS, f"{TALKS} (2)"]
    assert source("Новости Юга").last_status == "ok"


# ---------------------------------------------------------------- 5. nothing silent


def test_a_feed_with_problems_is_ok_with_warnings_in_sources(server):
    url = serve(server, "/bozo.xml", (WEB / "bozo.xml").read_bytes(), "application/rss+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert "warning: feed is not well-formed" in result.output
    assert len(articles()) == 2
    row = sources_row("Steppe Courier")
    assert row[5].startswith("ok_with_warnings: feed is not well-formed")
    # and after a refresh, too (the status is the refresh's)
    assert cli("refresh").exit_code == 0
    assert sources_row("Steppe Courier")[5].startswith("ok_with_warnings: feed is not")


def test_a_folder_import_imports_every_good_file_and_names_each_bad_one(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for i in range(5):
        (folder / f"good-{i}.html").write_text(
            PAGE.format(title=f"Saved report {i}", site="Harbour Gazette",
                        paras=paras(3, f"S{i} ")))
    (folder / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (folder / "blank.md").write_text("\n\n")
    result = CliRunner().invoke(main, ["import", str(folder)])
    assert result.exit_code == 1
    assert "imported 5 files: 5 new articles; 2 files not imported" in result.stdout
    bad = result.stderr.splitlines()
    assert len(bad) == 2
    assert any("empty.html" in line and "no article text" in line for line in bad)
    assert any("blank.md" in line and "no text" in line for line in bad)
    assert sorted(a.title for a in articles()) == [f"Saved report {i}" for i in range(5)]
    # the same folder, fixed: exit 0
    (folder / "empty.html").unlink()
    (folder / "blank.md").unlink()
    assert cli("import", str(folder)).exit_code == 0


# ---------------------------------------------------------------- relative links


def test_relative_links_resolve_against_content_location(server):
    url = serve(server, "/feeds/gazette", (WEB / "relative.xml").read_bytes(),
                "application/rss+xml", {"Content-Location": "/news/en/rss.xml"})
    assert cli("add-source", url).exit_code == 0
    base = server.url("")
    assert sorted(a.url for a in articles()) == [f"{base}/news/archive/grain",
                                                 f"{base}/news/en/stories/ferry-talks"]


def test_a_teaser_page_is_stored_with_a_warning(server):
    stub = ("<html><head><title>Inside the memorandum</title></head><body><article>"
            "<h1>Inside the memorandum</h1><p>The two drafts differ on almost every point, "
            "from the ceasefire to sanctions.</p><p>Subscribe to continue reading.</p>"
            "</article></body></html>").encode()
    url = serve(server, "/exclusive", stub, "text/html")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert "warning: the page holds only a teaser or a paywall stub" in result.output
    (art,) = articles()
    assert art.title == "Inside the memorandum"
    assert sources_row("Inside the memorandum")[5].startswith(
        "ok_with_warnings: the page holds only a teaser")


def test_a_feed_that_regenerates_its_guids_adds_no_duplicates(server):
    body = (WEB / "relative.xml").read_bytes()
    url = serve(server, "/gazette", body, "application/rss+xml")
    assert cli("add-source", url).exit_code == 0
    for n in range(3):
        serve(server, "/gazette", body.replace(b"hg-", f"hg-{n}-".encode()),
              "application/rss+xml")
        assert cli("refresh").exit_code == 0
    assert sorted(a.title for a in articles()) == ["Ferry talks resume", "Grain corridor review"]
    assert revisions() == 0


def test_an_iso_2022_jp_feed_is_a_feed_not_binary(server):
    # ISO-2022-JP switches character sets with ESC bytes: many of them, yet text
    # (digits between kana: two ESC sequences for every character)
    items = [f"協議{i}: " + "".join(f"{c}{k}" for k, c in enumerate("ロシアとウクライナ"))
             for i in range(12)]
    body = _feed_text("時事速報", items[0], decl="iso-2022-jp").replace(
        "</channel>", "".join(f"<item><title>{t}</title><guid>g{i}</guid></item>"
                              for i, t in enumerate(items[1:])) + "</channel>")
    url = serve(server, "/jp.xml", body.encode("iso2022_jp"), "application/rss+xml")
    result = cli("add-source", url)
    assert result.exit_code == 0, result.output
    assert len(articles()) == 13
    assert {a.outlet for a in articles()} == {"時事速報"}
    assert "協議5: ロ0シ1ア2と3ウ4ク5ラ6イ7ナ8" in {a.title for a in articles()}
