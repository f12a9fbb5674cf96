"""Shared fixtures: every test runs with its own TALKSTUI_HOME, never the user's real data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("talkstui-home")
    monkeypatch.setenv("TALKSTUI_HOME", str(home))
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    return home
