"""Small modal dialogs: one line of input, Enter to accept, Escape to cancel."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class InputDialog(ModalScreen[str | None]):
    """Ask for one value; dismiss with the text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, prompt: str, *, value: str = "", placeholder: str = "",
                 dialog_id: str = "input-dialog") -> None:
        super().__init__(id=dialog_id)
        self._title = title
        self._prompt = prompt
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self._title
            yield Static(Text(self._prompt), classes="dialog-prompt")
            field = Input(value=self._value, placeholder=self._placeholder, id="dialog-input")
            field.cursor_blink = False
            yield field
            yield Static(Text("Enter: OK   Esc: cancel", style="dim"), classes="dialog-hint")

    @on(Input.Submitted, "#dialog-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
