"""Hostile text is inert: escape sequences and markup show as plain text, nothing runs."""

from __future__ import annotations

import pytest

from talkstui.sanitize import forbidden_chars
from talkstui.tui.screens.reader import ReaderScreen

from .conftest import FakeServices, make_story, settle

HOSTILE = (
    " [@click=app.quit]CLICK[/] [/ x [/#888]"
    " \x1b[2J\x1b[31mRED"  # CSI
    " \x1b]52;c;SGVsbG8=\x07"  # OSC 52 clipboard write
    " \x1b]8;;http://evil.example/\x1b\\LINK\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    " \x9b31m\x9d0;title\x9c\x85"  # C1 controls
    " \u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\ufeff"  # bidi, zero-width
    " [link=http://evil.example/]L[/link] [b]bold"
)


def _check_screen(app) -> list[str]:
    """Every painted line of the active screen: no forbidden char, no link, no click action."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(segment.text for segment in strip)
        assert not forbidden_chars(text), (forbidden_chars(text), text)
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link, text
            meta = style.meta or {}
            assert "@click" not in meta, text
        lines.append(text)
    return lines


def _check_widgets(app) -> None:
    """Each visible widget's own render_lines, too (what a compositor would get)."""
    for widget in app.screen.query("*"):
        if not widget.display or not widget.region.area:
            continue
        for strip in widget.render_lines(widget.region.reset_offset):
            text = "".join(segment.text for segment in strip)
            assert not forbidden_chars(text), (type(widget).__name__, text)


class HostileServices(FakeServices):
    async def refresh(self, progress, clock):
        progress("Evil feed" + HOSTILE)
        raise RuntimeError("server said" + HOSTILE)

    def export(self, story, fmt):
        raise OSError("disk says" + HOSTILE)


@pytest.fixture
def hostile_services(tmp_path):
    services = HostileServices(story_factory=lambda now: make_story(now, hostile=HOSTILE),
                               tmp=tmp_path)
    for key in list(services.bodies):
        services.bodies[key] = services.bodies[key] + HOSTILE + "\n"
    services.recovery = "recovered" + HOSTILE
    return services


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_pane_is_inert(make_test_app, hostile_services, size):
    app = make_test_app(services=hostile_services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        visible = "\n".join(_check_screen(app))
        assert "[@click=app.quit]CLICK[/]" in visible
        _check_widgets(app)
        for key in ("tab", "tab", "m", "tab", "tab", "tab"):
            await pilot.press(key)
            await pilot.pause()
            _check_screen(app)
            _check_widgets(app)
        # clicking anywhere on hostile text runs nothing
        for y in range(0, size[1], 2):
            for x in (2, size[0] // 2, size[0] - 3):
                await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, type(app.dashboard)) or isinstance(app.screen, ReaderScreen)


async def test_reader_notifications_and_errors_are_inert(make_test_app, hostile_services):
    app = make_test_app(services=hostile_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")  # the refresher raises a hostile error
        await settle(pilot, app)
        await pilot.press("e", "enter")  # the exporter raises a hostile error
        await settle(pilot, app)
        assert any(n.severity == "error" for n in app._notifications)
        for notification in app._notifications:
            assert not forbidden_chars(notification.message)
            assert not forbidden_chars(notification.title)
            assert notification.markup is False
        _check_screen(app)
        await pilot.press("enter")  # the comparison
        await settle(pilot, app)
        await pilot.press("enter")  # the reader
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        text = "\n".join(_check_screen(app))
        _check_widgets(app)
        assert "\u241b[2J" in text  # ESC shown as a visible picture
        await pilot.press("G")
        await pilot.pause()
        _check_screen(app)
        for y in range(0, 24, 2):
            await pilot.click(offset=(10, y))
        assert app.is_running


async def test_hostile_article_through_the_real_pipeline(tmp_path, monkeypatch):
    """A hostile file imported into a real store: every pane and the reader stay inert."""
    from talkstui.config import load_settings, locations
    from talkstui.sources import import_files
    from talkstui.store import Store
    from talkstui.tui.app import make_app

    from .conftest import NOW

    monkeypatch.setenv("TALKSTUI_HOME", str(tmp_path / "home"))
    settings = load_settings(locations())
    store = Store(settings.locations.store_dir)
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Talks on Wednesday{HOSTILE}\n\n"
        f"Russia and Ukraine will meet in Istanbul on Wednesday, an official{HOSTILE} said. "
        f"\"We are ready{HOSTILE},\" Zelensky said on Monday.\n"
    )
    import_files(settings, store, [article], outlet=f"Evil Outlet{HOSTILE}",
                 url="https://evil.example/a", published=NOW)
    app = make_app(settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.story is not None
        _check_screen(app)
        _check_widgets(app)
        for key in ("2", "m", "m", "3", "4", "G", "1"):
            await pilot.press(key)
            await pilot.pause()
            _check_screen(app)
        ids = [a.id for a in app.story.articles if "Evil" in a.outlet]
        assert ids
        app.open_article(ids[0])
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        _check_screen(app)
        _check_widgets(app)
        for y in range(0, 40, 3):
            await pilot.click(offset=(20, y))
        assert app.is_running
