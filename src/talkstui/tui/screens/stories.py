"""The story switcher: every story of the install, the one shown marked; Enter switches."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from talkstui.tui.render import plain


class StoriesScreen(ModalScreen[str | None]):
    """Pick a story: returns its id (None on Escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel_stories"),
        Binding("j", "cursor_down", "Down", show=False, id="stories_down"),
        Binding("k", "cursor_up", "Up", show=False, id="stories_up"),
    ]

    def __init__(self, stories: list, current: str, details: dict[str, str] | None = None) -> None:
        super().__init__(id="stories-screen")
        self.stories = stories
        self.current = current
        self.details = details or {}  # story id -> "12 articles, 40 outside · next deadline"

    def compose(self) -> ComposeResult:
        with Vertical(id="stories-dialog"):
            yield Static(Text("Stories", style="bold"), id="stories-title")
            options = []
            for d in self.stories:
                label = Text(end="")
                label.append("\u25cf " if d.id == self.current else "  ")
                label.append(plain(d.title, max_len=70, style="bold"))
                label.append("  ")
                label.append(plain(d.id, max_len=40, style="dim"))
                if d.id in self.details:
                    label.append("\n    ")
                    label.append(plain(self.details[d.id], max_len=120, style="italic"))
                options.append(Option(label, id=d.id))
            yield OptionList(*options, id="stories-list")
            yield Static(Text("Enter: show this story \u00b7 Esc: back", style="dim"))

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        ids = [d.id for d in self.stories]
        lst.highlighted = ids.index(self.current) if self.current in ids else 0
        lst.focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
