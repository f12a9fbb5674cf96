"""Small modal dialogs: one line of input, or one choice from a list; Enter to accept,
Escape to cancel."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


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


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of several (label, value) choices; dismiss with the value, or None.
    Labels are untrusted text (feed titles): shown as plain Text, never markup."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, prompt: str, choices: list[tuple[str, str]], *,
                 dialog_id: str = "choice-dialog") -> None:
        super().__init__(id=dialog_id)
        self._title = title
        self._prompt = prompt
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self._title
            yield Static(Text(self._prompt), classes="dialog-prompt")
            yield OptionList(*(Option(Text(label), id=str(i))
                               for i, (label, _value) in enumerate(self._choices)),
                             id="dialog-choices")
            yield Static(Text("\u2191\u2193: choose   Enter: OK   Esc: cancel", style="dim"),
                         classes="dialog-hint")

    @on(OptionList.OptionSelected, "#dialog-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
