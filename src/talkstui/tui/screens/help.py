"""`?`: every binding, generated from the BINDINGS themselves (and the keymap), so it stays true."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from talkstui.tui.widgets.vim import VimTable


@dataclass(frozen=True)
class HelpRow:
    context: str
    keys: str
    description: str
    binding_id: str


class HelpScreen(ModalScreen[None]):
    """The key reference."""

    AUTO_FOCUS = "#help-table"

    BINDINGS = [
        Binding("escape,question_mark", "close", "Close", id="close_help"),
        Binding("q", "app.quit", "Quit", show=False, id="quit_from_help"),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__(id="help-screen")
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = Text("Esc: close \u00b7 remap any id under [keys] in the config")
            yield VimTable(id="help-table", cursor_type="row")
            yield Static(Text("Ctrl+P opens the command palette with the same actions.",
                              style="dim"), id="help-hint")

    def on_mount(self) -> None:
        table = self.query_one(VimTable)
        # fixed widths: the three columns fit 80 columns, nothing scrolls sideways
        table.add_column(Text("Keys"), key="keys", width=18)
        table.add_column(Text("Does"), key="does", width=34)
        table.add_column(Text("id (for [keys])"), key="id", width=16)
        context = None
        for row in self.rows:
            if row.context != context:  # a heading row per pane
                context = row.context
                table.add_row(Text(context, style="bold underline", no_wrap=True,
                                   overflow="ellipsis"), Text(""), Text(""))
            table.add_row(Text("  " + row.keys, style="bold", no_wrap=True, overflow="ellipsis"),
                          Text(row.description, no_wrap=True, overflow="ellipsis"),
                          Text(row.binding_id, style="dim", no_wrap=True, overflow="ellipsis"))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
