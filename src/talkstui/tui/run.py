"""`talkstui` with no command: run the dashboard in this terminal."""

from __future__ import annotations

import os
from datetime import datetime

from talkstui.clock import StartedClock
from talkstui.config import Settings


def _clock_from_env():
    value = os.environ.get("TALKSTUI_CLOCK_START")
    if not value:
        return None
    from talkstui.user_dates import parse_user_datetime

    try:
        return StartedClock(parse_user_datetime(value))
    except ValueError:
        return None


def _binding_classes() -> list[type]:
    """Every class of the dashboard (app, screens, widgets) that declares BINDINGS."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import talkstui.tui as tui

    for info in pkgutil.walk_packages(tui.__path__, "talkstui.tui."):
        importlib.import_module(info.name)
    out, todo = [], [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("talkstui.tui") and "BINDINGS" in cls.__dict__:
            out.append(cls)
    return out


def check_keys(settings: Settings) -> list[str]:
    """Raises ConfigError (naming the config line) when `[keys]` binds one key to two actions
    in one place; the warnings for ids no binding has."""
    from textual.binding import BindingsMap

    from talkstui.errors import ConfigError
    from talkstui.keymap import GLOBAL, check
    from talkstui.tui.app import TalksApp

    if not settings.keys:
        return []
    contexts: dict[str, list[tuple[str, str]]] = {}
    for cls in _binding_classes():
        rows = contexts.setdefault(GLOBAL if issubclass(cls, TalksApp) else cls.__name__, [])
        for _, binding in BindingsMap(cls.__dict__.get("BINDINGS", [])):
            if binding.id is not None and (binding.id, binding.key) not in rows:
                rows.append((binding.id, binding.key))
    errors, warnings = check(settings.keys, contexts, settings.keys_where)
    if errors:
        raise ConfigError(errors[0])
    return warnings


def run_dashboard(settings: Settings, *, as_of: datetime | None = None, mouse: bool = True) -> int:
    """Run the dashboard; the exit code. Mouse reporting only if both the flag and ui.mouse allow."""
    from talkstui.tui.app import make_app

    import sys

    from talkstui.sanitize import clean_line

    for warning in check_keys(settings):  # seen once the dashboard closes (stderr)
        settings.warnings.append(warning)
        print(f"talkstui: warning: {clean_line(warning, max_len=300)}", file=sys.stderr)

    clock = None if as_of is not None else _clock_from_env()
    app = make_app(settings, as_of=as_of, clock=clock)
    result = app.run(mouse=mouse and settings.ui.mouse)
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)


__all__ = ["StartedClock", "run_dashboard"]
