"""`L`: every refresh result, notice and error of this session, newest last."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from talkstui.tui.render import plain
from talkstui.tui.session_log import LogEntry
from talkstui.tui.widgets.vim import VimScroll

STYLES = {"error": "bold reverse", "warning": "bold", "information": ""}


def entry_text(entry: LogEntry) -> Text:
    out = Text(end="")
    out.append(entry.at.strftime("%H:%M:%S "), style="dim")
    out.append(plain(entry.severity if entry.severity != "information" else "info",
                     style=STYLES.get(entry.severity, "")))
    if entry.title:
        out.append(" ")
        out.append(plain(entry.title, style="bold"))
    for line in entry.text.splitlines():
        out.append("\n  ")
        out.append(plain(line))
    return out


class LogScreen(ModalScreen[None]):
    """The session's messages, scrollable; Esc closes."""

    AUTO_FOCUS = "#log-scroll"

    BINDINGS = [Binding("escape,L", "close", "Close", id="close_log"),
                Binding("q", "app.quit", "Quit", show=False, id="quit_from_log")]

    def __init__(self, entries: list[LogEntry]) -> None:
        super().__init__(id="log-screen")
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        with VimScroll(id="log-scroll", classes="log-box") as box:
            box.border_title = f"Messages this session ({len(self.entries)})"
            box.border_subtitle = "Esc: close"
            if not self.entries:
                yield Static(Text("Nothing yet: refresh results, notices and errors are kept "
                                  "here for the session.", style="italic"))
            for entry in self.entries:
                yield Static(entry_text(entry), classes="log-entry")

    def on_mount(self) -> None:
        scroll = self.query_one("#log-scroll", VimScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
