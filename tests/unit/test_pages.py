from __future__ import annotations

from datetime import UTC, datetime

import pytest

from talkstui.ingest.items import ParseFailure
from talkstui.ingest.pages import parse_page

NOW = datetime(2025, 7, 24, tzinfo=UTC)

PAGE = (
    "<html><head><title>Talks in Istanbul | Outlet</title>"
    "<meta property='article:published_time' content='2025-07-22T08:00:00Z'>"
    "<meta property='og:site_name' content='The Outlet'>"
    "<meta name='author' content='A. Reporter'></head><body><nav>Home News Sport</nav>"
    "<article><h1>Talks in Istanbul</h1>"
    + "<p>Negotiators from Russia and Ukraine met in Istanbul on Wednesday for a third "
      "round of talks, officials from both sides said.</p>" * 5
    + "</article><footer>Copyright 2025</footer></body></html>"
)


def test_page_text_title_date_author():
    doc = parse_page(PAGE.encode(), "text/html; charset=utf-8", "https://outlet.invalid/a", NOW)
    (item,) = doc.items
    assert doc.kind == "page"
    assert item.title == "Talks in Istanbul"
    assert "third round of talks" in item.text
    assert "Home News Sport" not in item.text
    assert item.published == datetime(2025, 7, 22, tzinfo=UTC)
    assert item.author in ("A. Reporter", "A Reporter")  # trafilatura normalises
    assert item.outlet == "The Outlet"


@pytest.mark.parametrize("body", [b"", b"<html></html>", b"/etc/hostname",
                                  b"<html><body>&#x1b;</body></html>"])
def test_nothing_to_extract_is_a_parse_error(body):
    with pytest.raises(ParseFailure) as err:
        parse_page(body, "text/html", None, NOW)
    assert err.value.status == "parse_error"


def test_future_page_date_is_undated():
    page = PAGE.replace("2025-07-22T08:00:00Z", "2031-01-01T00:00:00Z")
    (item,) = parse_page(page.encode(), "text/html", None, NOW).items
    assert item.published is None or item.published <= NOW


def test_utf7_page_is_refused():
    with pytest.raises(ParseFailure) as err:
        parse_page(PAGE.encode(), "text/html; charset=utf-7", None, NOW)
    assert err.value.status == "bad_charset"
