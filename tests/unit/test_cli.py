"""The command line: user errors are one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from talkstui.cli import main
from talkstui.user_dates import parse_user_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-22", datetime(2025, 7, 22, tzinfo=UTC)),
        ("2025-07-22T12:00Z", datetime(2025, 7, 22, 12, tzinfo=UTC)),
        ("2025-07-22T15:00+03:00", datetime(2025, 7, 22, 12, tzinfo=UTC)),
        ("20250722T1200Z", datetime(2025, 7, 22, 12, tzinfo=UTC)),
    ],
)
def test_user_datetimes_are_utc(text, expected):
    assert parse_user_datetime(text) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--as-of", "next tuesday"],
        ["export", "--as-of", "2025-02-31"],
        ["export", "--as-of", "99999999999999999999"],
        ["export", "--format", "pdf"],
        ["extract-times", "--dct", "yesterday", "--json"],
        ["import", "/nonexistent/definitely/missing.txt"],
        ["add-source", "file:///etc/passwd"],
        ["add-source", "not a url"],
        ["remove-source", "no-such-source"],
    ],
)
def test_user_errors_are_one_line_without_traceback(args):
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines and len(lines) <= 3  # click's usage header + one error line at most


def test_extract_times_offsets_index_the_exact_input():
    text = "Talks resume on Wednesday, July 23, after a 50-day deadline.\n"
    result = CliRunner().invoke(main, ["extract-times", "--dct", "2025-07-21", "--json"], input=text)
    assert result.exit_code == 0
    import json

    found = json.loads(result.output)
    assert found, "no time expression found"
    for item in found:
        assert text[item["start"] : item["end"]] == item["text"]
    assert {"2025-07-23", "P50D"} <= {item["value"] for item in found}


def test_unwritable_store_is_one_line(isolated_home):
    # A store folder that is a file: every command that opens the store fails cleanly.
    (isolated_home / "data").write_text("not a folder")
    result = CliRunner().invoke(main, ["sources"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
