"""The `/` filter box, mounted on first use."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FilterInput(Input):
    """The `/` filter box: no blinking cursor (nothing repaints at rest)."""

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
    ]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("placeholder", "filter (Enter: keep, Esc: clear)")
        super().__init__(**kwargs)
        self.cursor_blink = False

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Submitted(self, self.value))
