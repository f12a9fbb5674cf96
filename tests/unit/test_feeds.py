from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from talkstui.ingest import charset
from talkstui.ingest.articles import canonical_url
from talkstui.ingest.feeds import parse_feed, sniff_kind
from talkstui.ingest.htmltext import html_to_text
from talkstui.ingest.items import ParseFailure

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
NOW = datetime(2025, 7, 24, tzinfo=UTC)


def load(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_atom_content_dates_authors():
    doc = parse_feed(load("atom.xml"), "application/atom+xml", "http://atom.invalid/feed", NOW)
    assert doc.kind == "feed" and doc.title == "Atom Outlet"
    first, second = doc.items
    assert first.title == "Third round of talks in Istanbul"
    assert "Delegations met in Istanbul on Wednesday." in first.text
    assert "The talks lasted under an hour." in first.text
    assert "<p>" not in first.text
    assert first.published == datetime(2025, 7, 23, 6, 15, tzinfo=UTC)
    assert first.author == "Jane Roe"
    assert second.published is None  # undated stays undated


def test_summary_only_items_use_the_summary_as_body():
    doc = parse_feed(load("rss_summary_only.xml"), "application/rss+xml", None, NOW)
    a, b = doc.items
    assert a.text == "A lot of diplomatic work still lies ahead, the Kremlin said."
    assert a.published == datetime(2025, 7, 21, 15, 0, tzinfo=UTC)  # MSK = UTC+3
    assert canonical_url(a.url) == "http://summary.invalid/a?id=7"
    assert b.published is None  # "May the council decide" is not a date


def test_bozo_is_a_warning_not_a_failure():
    doc = parse_feed(load("bozo.xml"), "application/rss+xml", None, NOW)
    assert doc.items and doc.items[0].title == "Still readable"
    assert doc.warnings and "not well-formed" in doc.warnings[0]


@pytest.mark.parametrize("ctype", ["text/html", "application/rss+xml", "", "text/plain"])
def test_html_where_a_feed_was_expected_is_a_parse_error(ctype):
    with pytest.raises(ParseFailure) as err:
        parse_feed(load("not_a_feed.html"), ctype, None, NOW)
    assert err.value.status == "parse_error"


@pytest.mark.parametrize("body", [b"", b"just some words", b"/etc/hostname", b"\x00\x01\x02"])
def test_not_a_feed_is_a_parse_error(body):
    with pytest.raises(ParseFailure) as err:
        parse_feed(body, "application/xml", None, NOW)
    assert err.value.status == "parse_error"


def test_a_body_that_is_a_local_path_is_never_opened(tmp_path, monkeypatch):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(load("atom.xml"))
    opened = []
    real_open = io.open

    def spy(file, *a, **k):
        opened.append(str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(ParseFailure):
        parse_feed(str(secret).encode(), "application/rss+xml", None, NOW)
    assert str(secret) not in opened


def test_feedparser_is_only_given_a_stream(monkeypatch):
    import feedparser

    seen = []
    real = feedparser.parse

    def spy(arg, *a, **k):
        seen.append((type(arg), k.get("response_headers")))
        return real(arg, *a, **k)

    monkeypatch.setattr(feedparser, "parse", spy)
    parse_feed(load("atom.xml"), "application/atom+xml", "http://atom.invalid/", NOW)
    assert seen and seen[0][0] is io.BytesIO and seen[0][1]


def test_sniff_kind():
    assert sniff_kind(load("atom.xml"), "text/html") == "feed"
    assert sniff_kind(load("not_a_feed.html"), "application/rss+xml") == "page"
    assert sniff_kind(b"", "application/rss+xml") == "feed"
    assert sniff_kind(b"", "text/html; charset=utf-8") == "page"
    assert sniff_kind(b"hello", "text/plain") == "unknown"
    assert sniff_kind(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><rss>", None) == "feed"


def test_utf7_is_refused_and_unknown_charsets_decode_safely():
    with pytest.raises(ParseFailure) as err:
        charset.decode(b"+ADw-script+AD4-", "text/html; charset=utf-7")
    assert err.value.status == "bad_charset"
    with pytest.raises(ParseFailure):
        charset.decode(b'<?xml version="1.0" encoding="UTF-7"?><rss/>', None)
    with pytest.raises(ParseFailure):
        charset.decode(b'<html><meta charset="utf-7"><p>x</p>', "text/html")
    assert charset.decode("caf\u00e9".encode(), "text/xml; charset=x-klingon") == "caf\u00e9"
    assert charset.decode(b"caf\xe9", "text/xml; charset=x-klingon") == "caf\u00e9"
    # Non-text codecs named as charsets are ignored, never run.
    assert charset.decode(b"\\x1b[31m", "text/plain; charset=unicode_escape") == "\\x1b[31m"
    assert charset.decode(b"eJwrSS0u", "text/plain; charset=zlib_codec") == "eJwrSS0u"
    assert charset.decode("\u0436".encode("koi8-r"), "text/plain; charset=koi8-r") == "\u0436"


def test_feed_with_unknown_charset_parses_as_utf8():
    body = load("atom.xml").replace(b'encoding="utf-8"', b'encoding="x-klingon"')
    doc = parse_feed(body, "application/atom+xml; charset=x-klingon", None, NOW)
    assert len(doc.items) == 2


def test_html_to_text():
    assert html_to_text("<p>One</p><p>Two &amp; three</p>") == "One\n\nTwo & three"
    assert html_to_text("plain &amp; simple") == "plain & simple"
    assert html_to_text("<script>alert(1)</script><b>bold</b>") == "bold"
    assert html_to_text("") == ""
    assert html_to_text("<p>unclosed <b>tags") == "unclosed tags"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTP://Example.COM/a/b/?utm_source=x&utm_medium=y&id=3#frag",
         "http://example.com/a/b?id=3"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com:443/x/", "https://example.com/x"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected
