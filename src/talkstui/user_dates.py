"""Dates and times typed by a user (`--as-of`, `--published`, the dashboard's "as of" dialog,
`TALKSTUI_CLOCK_START`): one parser for all of them, without Textual or click."""

from __future__ import annotations

from datetime import datetime

from talkstui.daterange import WINDOW, to_utc


def parse_user_datetime(value: str, *, what: str = "date") -> datetime:
    """A date or date-time typed by a user (ISO 8601), as an aware UTC datetime.

    A value without a zone is taken as UTC. Raises ValueError with a one-line message that
    names the value and shows the accepted form, or the years a story can hold (daterange)
    when the value lies outside them."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)  # the common forms, without importing dateutil
    except ValueError:
        from dateutil.parser import isoparse

        try:
            parsed = isoparse(text)
        except (ValueError, OverflowError):
            raise ValueError(
                f"{text!r} is not a {what}; use ISO 8601, e.g. 2025-07-22 or 2025-07-22T12:00Z"
            ) from None
    utc = to_utc(parsed)
    if utc is None:  # 0001-01-01T00:00+01:00 is before Python's first date in UTC
        raise ValueError(f"{text!r} is outside the years {WINDOW} that a story can hold")
    return utc
