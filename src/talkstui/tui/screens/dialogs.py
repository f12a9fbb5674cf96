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
    """Pick one of several (label, value) choices: arrows and Enter, or the first letter when
    the labels' first letters differ; Esc cancels. The first choice is the default (Enter at
    once). Labels may be untrusted text (feed titles): shown as plain Text, never markup."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, prompt: str, choices: list[tuple[str, str]], *,
                 dialog_id: str = "choice-dialog") -> None:
        super().__init__(id=dialog_id)
        self._title = title
        self._prompt = prompt
        self._choices = choices  # (label, value)
        firsts = [label[:1].casefold() for label, _value in choices]
        self._letters = all(firsts) and len(set(firsts)) == len(firsts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self._title
            yield Static(Text(self._prompt), classes="dialog-prompt")
            yield OptionList(*(Option(Text(f"{label[0]}  {label}" if self._letters else label),
                                      id=str(i))
                               for i, (label, _value) in enumerate(self._choices)),
                             id="dialog-choices")
            hint = ("Enter: OK (first: the default)   letter: pick   Esc: cancel" if self._letters
                    else "\u2191\u2193: choose   Enter: OK   Esc: cancel")
            yield Static(Text(hint, style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#dialog-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choices[int(event.option.id or 0)][1])

    def on_key(self, event) -> None:
        if not self._letters or not event.character:
            return
        for label, value in self._choices:
            if event.character.casefold() == label[:1].casefold():
                event.stop()
                self.dismiss(value)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no: `y` or Enter on Yes; `n` or Esc cancels."""

    BINDINGS = [Binding("escape,n", "answer(False)", "No", id="confirm_no"),
                Binding("y", "answer(True)", "Yes", id="confirm_yes")]

    def __init__(self, title: str, question: str, *, dialog_id: str = "confirm-dialog") -> None:
        super().__init__(id=dialog_id)
        self._title = title
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self._title
            yield Static(Text(self._question), classes="dialog-prompt")
            yield Static(Text("y: yes   n or Esc: no", style="bold"), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AddSourceDialog(ModalScreen[None]):
    """URL and name; Enter fetches once while the dialog shows the elapsed time; Esc cancels
    the fetch (or closes). The app does the work; the dialog only shows it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, on_submit, on_cancel, *, dialog_id: str = "add-source-dialog") -> None:
        super().__init__(id=dialog_id)
        self._on_submit = on_submit  # (url, name or None) -> None
        self._on_cancel = on_cancel  # () -> None: cancel a running fetch
        self.busy = False
        self._started = 0.0
        self._timer = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Add a source"
            yield Static(Text("Feed or article URL (http or https):"), classes="dialog-prompt")
            url = Input(placeholder="https://example.org/feed.xml", id="source-url")
            url.cursor_blink = False
            yield url
            yield Static(Text("Name (optional; default: the feed's title):"),
                         classes="dialog-prompt")
            name = Input(placeholder="a unique name", id="source-name")
            name.cursor_blink = False
            yield name
            yield Static(Text("Enter: add   Tab: next field   Esc: cancel", style="dim"),
                         id="add-source-status", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#source-url", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        url = self.query_one("#source-url", Input).value.strip()
        name = self.query_one("#source-name", Input).value.strip() or None
        if not url:
            self.show_status("Type the URL of a feed or an article first.", error=True)
            self.query_one("#source-url", Input).focus()
            return
        self.busy = True
        import time

        self._started = time.monotonic()
        self._tick()
        self._timer = self.set_interval(0.5, self._tick, name="add-source-elapsed")
        self._on_submit(url, name)

    def _tick(self) -> None:
        import time

        if self.busy:
            self.show_status(f"fetching\u2026 {time.monotonic() - self._started:.0f} s "
                             "(Esc: cancel)")

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#add-source-status", Static).update(
            Text(text, style="bold" if error else "italic"))

    def finished(self, error: str | None = None) -> None:
        """The fetch is over: close, or show why it could not be added and let the user fix it."""
        self.busy = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if error is None:
            self.dismiss(None)
        else:
            self.show_status(error, error=True)

    def action_cancel(self) -> None:
        if self.busy:
            self._on_cancel()
        self.busy = False
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(None)
