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
    short: reactive[bool] = reactive(False, layout=True)  # a narrow screen: fewer words

    def watch_text(self, old: str, new: str) -> None:
        if len(old) != len(new):
            self.refresh(layout=True)

    def shown(self) -> str:
        if self.short and self.text.startswith("deadline in "):
            return "due in " + self.text[len("deadline in "):]
        return self.text

    def get_content_width(self, container, viewport) -> int:
        return len(self.shown())

    def render(self) -> RenderResult:
        return Text(self.shown(), no_wrap=True, end="")
