"""The `t` dialog with a date that leaves the range: one clear line, the app keeps running
(issue 14: 0001-01-01T00:00+01:00 crashed the app)."""

from __future__ import annotations

import pytest

from talkstui.tui.screens.dialogs import InputDialog

from .conftest import settle


@pytest.mark.parametrize("typed", ["0001-01-01T00:00+01:00", "9999-12-31T23:00-02:00",
                                   "2250-01-01"])
async def test_a_far_as_of_date_is_one_clear_line(make_test_app, services, typed):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        loads, before = services.loads, app.as_of
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        app.screen.query_one("#dialog-input").value = typed
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.is_running and app.as_of == before and services.loads == loads
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert "outside the years 1900-2200" in errors[0].message
