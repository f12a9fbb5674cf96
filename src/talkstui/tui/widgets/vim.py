"""Vim keys on the stock widgets. Every binding has an id, so `[keys]` in the config remaps it."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable

VIM_TABLE_BINDINGS = [
    Binding("j", "cursor_down", "Down", show=False, id="down"),
    Binding("k", "cursor_up", "Up", show=False, id="up"),
    Binding("h", "cursor_left", "Left", show=False, id="left"),
    Binding("l", "cursor_right", "Right", show=False, id="right"),
    Binding("g", "scroll_top", "Top", show=False, id="top"),
    Binding("G", "scroll_bottom", "Bottom", show=False, id="bottom"),
]


class VimTable(DataTable):
    """A row-cursor DataTable with j/k/h/l/g/G."""

    BINDINGS = VIM_TABLE_BINDINGS

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", False)
        super().__init__(**kwargs)


class VimScroll(VerticalScroll, can_focus=True):
    """A focusable scrolling pane with j/k/h/l/g/G."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="down"),
        Binding("k", "scroll_up", "Up", show=False, id="up"),
        Binding("h", "scroll_left", "Left", show=False, id="left"),
        Binding("l", "scroll_right", "Right", show=False, id="right"),
        Binding("g", "scroll_home", "Top", show=False, id="top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="bottom"),
    ]
