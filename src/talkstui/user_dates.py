"""Dates and times typed by a user (`--as-of`, `--published`, the dashboard's "as of" dialog,
`TALKSTUI_CLOCK_START`): one parser for all of them, without Textual or click."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_user_datetime(value: str, *, what: str = "date") -> datetime:
    """A date or date-time typed by a user (ISO 8601), as an aware UTC datetime.

    A value without a zone is taken as UTC. Raises ValueError with a one-line message that
    names the value and shows the accepted form."""
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
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
