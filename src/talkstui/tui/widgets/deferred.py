"""Mount a widget right after the first frame (like textual.lazy.Lazy, with a callback)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import MountError, Widget


class Deferred(Widget):
    """A placeholder that swaps itself for `widget` after the first refresh, then calls back."""

    DEFAULT_CSS = """
    Deferred { display: none; }
    """

    def __init__(self, widget: Widget | Callable[[], Widget],
                 ready: Callable[[Widget], None] | None = None) -> None:
        """`widget` may be a factory, so even its module is imported after the first frame."""
        super().__init__()
        self._widget = widget
        self._ready = ready

    def on_mount(self) -> None:
        self.call_after_refresh(self._swap)

    async def _swap(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.is_attached:
            return
        widget = self._widget if isinstance(self._widget, Widget) else self._widget()
        self._widget = widget
        try:
            await parent.mount(widget, after=self)
        except MountError:  # the app is closing
            return
        await self.remove()
        if self._ready is not None:
            self._ready(widget)
