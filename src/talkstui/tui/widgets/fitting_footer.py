"""A footer that shows only the keys that fit, each whole.

Textual's Footer lays every key out in one row and lets the screen's edge cut the last ones
mid-word ("t As o"). On a narrow terminal this footer leaves out whole keys instead, the least
needed first; `?` (help, which lists every key) and `q` are always kept. Every key still
works when it is not shown.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions left out first when the keys do not fit (the last ones listed go first).
KEEP_ORDER = ("help", "quit", "close", "refresh", "stories", "filter", "export", "command_palette",
              "add_source", "as_of", "show_log")


def key_width(widget: Widget) -> int:
    """Cells a compact footer key takes: key, space, description, the gap after it."""
    if isinstance(widget, FooterKey):
        width = len(widget.key_display) + 1 + len(widget.description) + 1
        return width + (1 if widget.has_class("-command-palette") else 0)  # its left border
    return len(getattr(widget, "description", "") or "") + 2


def _rank(widget: Widget) -> int:
    action = getattr(widget, "action", "") or ""
    action = action.rsplit(".", 1)[-1]
    try:
        return KEEP_ORDER.index(action)
    except ValueError:
        return len(KEEP_ORDER)  # a key this list does not know: kept before the ones it ranks low


def fit(widgets: list[Widget], width: int) -> list[Widget]:
    """The widgets to show in `width` cells, in their order: the lowest-ranked left out first,
    never help or quit."""
    shown = list(widgets)
    while shown and sum(key_width(w) for w in shown) > width:
        droppable = [w for w in shown if _rank(w) > 1]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda w: (_rank(w), shown.index(w))))
    return shown


class FittingFooter(Footer):
    """Footer(compact=True) that leaves out whole keys instead of cutting them."""

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self._fitted_for = 0

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        width = self.size.width or self.app.size.width
        self._fitted_for = width
        yield from fit(widgets, width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_for:
            self.refresh(recompose=True)
