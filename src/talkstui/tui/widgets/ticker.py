"""A one-line widget that repaints only itself, and only when its text changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget


class Ticker(Widget):
    """One short line that repaints itself only (no layout pass) when its text changes."""

    DEFAULT_CSS = """
    Ticker { height: 1; width: auto; }
    """

    text: reactive[str] = reactive("", layout=False)

    def watch_text(self, old: str, new: str) -> None:
        if len(old) != len(new):
            self.refresh(layout=True)

    def render(self) -> RenderResult:
        return Text(self.text, no_wrap=True, end="")
