"""The Sources pane shows a source's ok_with_warnings status and its warning (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime

from talkstui.model import Source
from talkstui.tui.widgets.sources_browser import source_label


def test_a_sources_warning_is_shown_as_plain_text():
    src = Source("courier", "Steppe Courier", "feed", url="http://courier.invalid/rss",
                 last_refresh=datetime(2025, 7, 23, 12, tzinfo=UTC),
                 last_status="ok_with_warnings", article_count=2,
                 last_warning="feed is not well-formed: <unknown>:3:84: not well-formed [b]x[/b]")
    label = source_label(src)
    assert "ok_with_warnings" in label.plain
    assert "feed is not well-formed: <unknown>:3:84: not well-formed [b]x[/b]" in label.plain
    # a warning is not a failure: not shown in the failure style
    styles = {str(span.style) for span in label.spans
              if label.plain[span.start:span.end] == "ok_with_warnings"}
    assert "bold reverse" not in styles
