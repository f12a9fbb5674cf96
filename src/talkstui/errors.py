"""Errors a user can cause. The CLI prints them as one line, with no traceback."""


class TalksError(Exception):
    """A problem the user can fix: bad path, bad option value, bad config, unreadable store."""

    exit_code = 2


class ConfigError(TalksError):
    """The config file is malformed; the message names the file and line."""


class StoreError(TalksError):
    """The store cannot be read or written."""
