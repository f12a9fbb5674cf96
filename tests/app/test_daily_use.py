"""Issue 13: the dashboard as a daily tool. Every key does what help says, failures stay
visible, sources can be managed. Pilot tests against the in-memory story."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from talkstui.model import Source, TimelineEvent
from talkstui.tui.screens.dashboard import DashboardScreen
from talkstui.tui.screens.dialogs import AddSourceDialog, ChoiceDialog, ConfirmDialog
from talkstui.tui.screens.help import HelpScreen
from talkstui.tui.screens.log import LogScreen
from talkstui.tui.screens.reader import ReaderScreen

from .conftest import NOW, d, make_story, screen_lines, screen_text, settle


# ---------------------------------------------------------------- 1. keys


async def test_enter_compares_then_a_claim_opens_the_reader_at_its_sentence(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert screen.timeline.selected_event_id == "e-third"
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.active_pane == "comparison"
        assert app.focused is screen.comparison
        assert screen.comparison.event_id == "e-third"
        # three conflicting claims, then each outlet's mention: the 4th row is the MT mention
        await pilot.press("j", "j", "j")
        row = screen.comparison.selected_claim
        assert row is not None and row.article_id == "mt1" and row.phrase == "Wednesday"
        await pilot.press("enter")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        focus = reader.query_one(".body-line.-focus")
        text = focus.render()
        marked = [text.plain[s.start:s.end] for s in text.spans
                  if getattr(s.style, "underline", False)]
        assert marked == ["Wednesday"]  # the phrase of the claim, marked
        assert text.plain.startswith("\u25b6 Russia and Ukraine will hold new peace talks")
        await pilot.press("escape")  # Esc goes back...
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.active_pane == "comparison"


async def test_the_reader_scrolls_to_a_claim_far_down(make_test_app, services):
    long_body = "\n\n".join(f"Paragraph {i} says nothing of note." for i in range(80))
    long_body += "\n\nTalks will resume on Friday in Istanbul, officials said.\n"
    services.bodies["h-mt"] = long_body
    start = long_body.index("Friday")

    def story(now):
        s = make_story(now)
        event = next(e for e in s.events if e.id == "e-third")
        event.mentions[0] = replace(event.mentions[0], start=start, end=start + len("Friday"),
                                    phrase="Friday")
        return s

    services.story_factory = story
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "j", "j", "j", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one("#reader-scroll").scroll_y > 50
        assert "\u25b6 Talks will resume on Friday" in screen_text(app)


async def test_q_quits_from_every_screen(make_test_app):
    for keys in ([], ["question_mark"], ["L"], ["enter", "enter"]):
        app = make_test_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            for key in keys:
                await pilot.press(key)
                await settle(pilot, app)
            assert len(app.screen_stack) == (1 if not keys else 2), keys
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0 and not app.is_running, keys


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_zoom_follows_every_pane_key(make_test_app, size):
    app = make_test_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("1", "z")
        await pilot.pause()
        assert screen.maximized is screen.timeline
        for key, pane in (("2", "comparison"), ("3", "countdown"), ("tab", "sources"),
                          ("4", "sources"), ("shift+tab", "countdown"), ("1", "timeline")):
            await pilot.press(key)
            await settle(pilot, app)
            assert screen.active_pane == pane, key
            assert screen.maximized is not None and screen.maximized.id == pane, key
            assert screen.maximized.display and screen.maximized.region.height > 5, key
            assert screen._pane_of(app.focused) == pane, key
            assert "\u2571" not in screen_text(app), key  # no hatching: the pane is painted
        await pilot.press("escape")  # Esc un-zooms
        await pilot.pause()
        assert screen.maximized is None


async def test_help_is_grouped_lists_each_key_once_and_scrolls_at_80x24(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_screen.rows
        contexts = [r.context for r in rows]
        assert contexts[0] == "Everywhere" and "Compare" in contexts and "Sources" in contexts
        # j, k, g, G: once, under Moving (they were listed three times); Compare's j, k
        # move its claim cursor (another action), listed with their arrow keys
        for key in ("j", "k", "g", "G"):
            assert [r.context for r in rows if r.keys == key] == ["Moving (all panes)"]
        assert [r.keys for r in rows if r.binding_id == "next_claim"] == ["j, \u2193"]
        for context in set(contexts):
            keys = [r.keys for r in rows if r.context == context]
            assert len(keys) == len(set(keys)), context
        box = help_screen.query_one("#help-box")
        assert box.region.bottom <= 24 and box.region.right <= 80
        table = help_screen.query_one("#help-table")
        assert table.max_scroll_y > 0  # more rows than fit: it scrolls
        await pilot.press("G")
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y


async def test_palette_offers_our_actions_not_textuals_developer_commands(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Zoom", "Export text", "Export markdown", "Export json",
                       "Refresh source: ABC News", "Remove source: ABC News",
                       "Mute source: ABC News", "Message log", "Quit"):
            assert wanted in titles
        for unwanted in ("Keys", "Maximize", "Screenshot", "Theme", "Minimize"):
            assert not any(t.startswith(unwanted) for t in titles), unwanted
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


# ---------------------------------------------------------------- 2. now in view


def _many_events(now: datetime):
    story = make_story(now)
    past = [TimelineEvent(f"e-old-{i}", d(2024, 1, 1) + timedelta(days=i),
                          d(2024, 1, 2) + timedelta(days=i), "day", "x", "statement",
                          f"Old statement {i}", [], None, []) for i in range(80)]
    story.events = past + story.events
    return story


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_now_is_in_view_at_start_with_the_cursor_on_the_next_event(make_test_app,
                                                                        services, size):
    services.story_factory = _many_events
    app = make_test_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "now: 22 Jul 2025 12:00 UTC" in text
        assert app.screen.timeline.selected_event_id == "e-third"
        assert "Third round of talks" in text and "Old statement 79" in text


@dataclass
class MovingClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


async def test_the_now_label_follows_the_clock(make_test_app):
    clock = MovingClock(datetime(2025, 7, 22, 16, 42, tzinfo=UTC))
    app = make_test_app(clock=clock, as_of=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "now: 22 Jul 2025 16:42 UTC" in screen_text(app)
        clock.at += timedelta(minutes=2)
        app.screen.timeline.update_now_label()  # what its timer calls on the minute
        await pilot.pause()
        assert "now: 22 Jul 2025 16:44 UTC" in screen_text(app)


# ---------------------------------------------------------------- 3. the reader in English


async def test_the_reader_lists_time_phrases_in_words(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("4", "j", "j", "j", "j", "j")  # Articles > ABC News > the article
        await pilot.press("enter")
        await settle(pilot, app)
        times = app.screen.query_one("#reader-times").render().plain
        assert "on Wednesday \u2192 Wed 23 Jul 2025" in times
        assert "50-day \u2192 50 days" in times
        assert "P50D" not in times and "2025-07-23" not in times


# ---------------------------------------------------------------- 4. the matrix


def _many_outlets(now: datetime):
    story = make_story(now)
    outlets = [f"Outlet Number {i}" for i in range(14)] + ["The Moscow Times", "ABC News"]
    for event in story.events:
        event.outlet_list = outlets
    story.coverage = {e.id: outlets[: 3 + len(e.id) % 5] for e in story.events}
    return story


async def test_the_matrix_has_a_legend_and_scrolls_sideways(make_test_app, services):
    services.story_factory = _many_outlets
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "m")
        await settle(pilot, app)
        comparison = app.screen.comparison
        assert comparison.matrix
        from rich.console import Console

        from talkstui.tui.widgets.comparison import render_matrix

        console = Console(width=400, record=True, file=open("/dev/null", "w"))
        console.print(render_matrix(comparison.story))
        rendered = console.export_text()
        assert "Coverage matrix" in screen_text(app)
        assert "MT = The Moscow Times" in rendered and "ABCN = ABC News" in rendered
        assert "Outlet Number 13" in rendered
        assert comparison.max_scroll_x > 0  # wider than the pane: it scrolls, nothing dropped
        header = next(line for line in rendered.splitlines() if line.startswith("When"))
        assert header.rstrip().endswith("!")  # the conflict column is there
        await pilot.press("l", "l", "l")
        await pilot.pause()
        assert comparison.scroll_x > 0


def test_outlet_abbreviations_are_short_and_unique():
    from talkstui.tui.widgets.comparison import outlet_abbreviations

    names = ["The Moscow Times", "ABC News", "Reuters", "RIA Novosti", "Reuters Asia",
             "Moscow Tribune", "TASS", "Al Jazeera English"]
    short = outlet_abbreviations(names)
    assert short["The Moscow Times"] == "MT" and short["TASS"] == "TASS"
    assert len(set(short.values())) == len(names)
    assert all(len(v) <= 6 for v in short.values())


# ---------------------------------------------------------------- 5. sources


async def _to_source(pilot, app, index: int = 0):
    await pilot.press("4", "g")
    await settle(pilot, app)
    await pilot.press(*(["j"] * (index + 1)))
    await pilot.pause()
    return app.screen.sources


async def test_the_selected_source_shows_everything_and_keys_act_on_it(make_test_app, services):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        sources = await _to_source(pilot, app, 1)  # ABC News: failing with a reason
        assert sources.selected_source().id == "abc"
        details = sources.query_one("#source-details").render().plain
        assert "https://abcnews.go.com/feed" in details
        assert "last success: never" in details and "last attempt: 21 Jul 2025" in details
        assert "status: timeout: read timed out" in details
        await pilot.press("R")
        await settle(pilot, app)
        assert services.refresh_only[-1] == ["abc"]
        await pilot.press("x")
        await settle(pilot, app)
        assert services.changes[-1] == ("mute", "abc", None)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+u", *"ABC", "enter")
        await settle(pilot, app)
        assert services.changes[-1] == ("rename", "abc", "ABC")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # no: nothing removed
        await settle(pilot, app)
        assert services.changes[-1][0] == "rename"
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert services.changes[-1] == ("remove", "abc", None)


async def test_a_long_url_is_shown_whole_and_enter_lists_the_sources_articles(make_test_app,
                                                                              services):
    url = "https://feeds.example.org/" + "/".join(f"section-{i}" for i in range(12)) + "/rss.xml"

    def story(now):
        s = make_story(now)
        s.sources[0].url = url
        return s

    services.story_factory = story
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        sources = await _to_source(pilot, app, 0)
        details = sources.query_one("#source-details")
        assert url in details.render().plain.replace("\n", "")
        lines = screen_text(app).replace("│", "").replace(" ", "").replace("\n", "")
        assert url in lines  # wrapped, never cut
        await pilot.press("enter")
        await settle(pilot, app)
        assert sources.outlet_filter == "The Moscow Times"
        assert [a.id for a in sources.visible_articles()] == ["mt1"]
        await pilot.press("escape")
        await pilot.pause()
        assert sources.outlet_filter is None


async def test_add_source_shows_progress_can_be_cancelled_and_takes_a_name(make_test_app,
                                                                          services):
    services.add_gate = asyncio.Event()  # the server hangs
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddSourceDialog)
        await pilot.press(*"https://example.org/feed.xml", "tab", *"My feed", "enter")
        await pilot.pause(0.3)
        status = app.screen.query_one("#add-source-status").render().plain
        assert status.startswith("fetching") and "Esc: cancel" in status
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, DashboardScreen)
        assert services.added == []  # cancelled: nothing added
        assert any("cancelled" in n.message for n in app._notifications)
        services.add_gate.set()
        services.add_failure = "http_404"  # down right now: added all the same
        await pilot.press("a", *"https://example.org/feed.xml", "tab", *"My feed", "enter")
        await settle(pilot, app)
        assert services.added == ["https://example.org/feed.xml"]
        assert any("added My feed" in n.message and "last try: http_404" in n.message
                   for n in app._notifications)


# ---------------------------------------------------------------- 6. refresh you can follow


@dataclass
class Step:
    source_id: str
    name: str
    phase: str
    status: str | None = None
    detail: str = ""
    done: int = 0
    total: int = 0


@dataclass
class Result:
    source_id: str
    name: str
    status: str
    detail: str = ""
    new: int = 0

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_modified")


@dataclass
class Report:
    results: list = field(default_factory=list)


class SteppedRefresh:
    """A refresh of three sources: one done, one failed, one hanging until `go` is set."""

    def __init__(self, services) -> None:
        self.go = asyncio.Event()
        self.services = services

    async def __call__(self, progress, clock, only=None) -> Any:
        names = {"a": "Alpha", "b": "Bravo", "c": "Charlie"}
        for sid, name in names.items():
            progress(Step(sid, name, "queued", total=3))
        progress(Step("a", "Alpha", "done", "ok", done=1, total=3))
        progress(Step("b", "Bravo", "done", "timeout", "no complete answer within 20 s",
                      done=2, total=3))
        progress(Step("c", "Charlie", "fetching", total=3))
        await self.go.wait()
        progress(Step("c", "Charlie", "done", "http_404", "Not Found", done=3, total=3))
        return Report([Result("a", "Alpha", "ok", new=2),
                       Result("b", "Bravo", "timeout", "no complete answer within 20 s"),
                       Result("c", "Charlie", "http_404", "Not Found")])


async def test_refresh_progress_summary_log_and_small_toasts(make_test_app, services):
    stepped = SteppedRefresh(services)
    services.refresh = stepped
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("4", "r")
        await pilot.pause(0.2)
        header = screen_lines(app)[0]
        assert header.startswith(" refreshing 2/3 \u00b7 0 s \u00b7 1 failed \u00b7 Esc: cancel")
        panel = app.screen.query_one("#refresh-panel").render().plain
        assert "2 of 3 done" in panel and "1 failed" in panel and "1 pending" in panel
        assert "Bravo (timeout)" in panel and "Charlie (fetching)" in panel
        assert " s " in panel  # the elapsed time
        stepped.go.set()
        await settle(pilot, app)
        header = screen_lines(app)[0]
        assert "2 of 3 failed" in header and "L: log" in header
        # the toasts stay small: at most two, each a few lines
        assert len(app._notifications) <= 2
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        log = screen_text(app)
        assert "Bravo: timeout: no complete answer within 20 s" in log
        assert "Charlie: http_404: Not Found" in log
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_a_refresh_can_be_cancelled(make_test_app, services):
    stepped = SteppedRefresh(services)
    services.refresh = stepped
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert app.refreshing
        await pilot.press("escape")
        await settle(pilot, app)
        assert not app.refreshing
        assert "refresh cancelled" in screen_lines(app)[0]


async def test_many_toasts_never_cover_more_than_a_quarter(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        for i in range(6):
            app.notify("\n".join(f"line {j} of notice {i}" for j in range(8)),
                       title=f"Notice {i}", severity="error", markup=False)
        await settle(pilot, app)
        await pilot.pause(0.2)
        toasts = list(app.screen.query("Toast"))
        assert 1 <= len(toasts) <= 2
        area = sum(t.region.width * t.region.height for t in toasts)
        assert area <= 80 * 24 / 4
        assert len(app.session_log) >= 6  # all of them kept for L


# ---------------------------------------------------------------- 8. exports


async def test_export_asks_the_format_and_a_failure_names_the_folder(make_test_app, services,
                                                                     settings):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("m")  # the first letter picks markdown
        await settle(pilot, app)
        assert services.exports[-1][0] == "markdown"

        def failing(story, fmt):
            raise PermissionError(13, "Permission denied",
                                  str(settings.locations.export_dir / ".tmp-x1y2z3"))

        services.export = failing
        await pilot.press("e", "enter")
        await settle(pilot, app)
        failure = [n for n in app._notifications if n.severity == "error"][-1]
        assert failure.message == (f"Could not write in {settings.locations.export_dir}: "
                                   "Permission denied")
        assert "tmp" not in failure.message.replace(str(settings.locations.export_dir), "")


# ---------------------------------------------------------------- 11. sizes


async def test_60x20_keeps_every_tab_and_help(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        lines = screen_lines(app)
        for tab in ("1 Time", "2 Comp", "3 Dead", "4 Src"):
            assert tab in lines[1]
        assert "due in 41 days" in lines[1]  # days and hours: the due date is a day
        assert "? Help" in lines[-1]


async def test_wide_screens_give_sources_and_compare_half(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert screen.sources.region.width >= 98
        assert screen.comparison.region.width >= 98
        assert not screen.query_one("#pane-tabs").display  # every pane is on screen: no tabs


async def test_a_passed_deadline_says_days_ago_at_120x40(make_test_app, clock):
    late = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    app = make_test_app(as_of=late, clock=type(clock)(late))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert "passed 456 days 12 h ago" in screen_text(app)  # a day: days and hours


# ---------------------------------------------------------------- 7. since the last visit


async def test_what_changed_since_the_last_visit_is_marked(make_test_app, services):
    from talkstui.model import Conflict, Deadline

    services.visits = True
    clock = MovingClock(NOW)
    app = make_test_app(clock=clock, as_of=None)
    async with app.run_test(size=(80, 24)) as pilot:  # the first visit: nothing to compare
        await settle(pilot, app)
        assert not app.screen.query_one("#since-visit").display
        assert "+ " not in screen_text(app)

    def later(now):
        story = make_story(now, extra_event=True)  # one new event...
        story.deadlines[0] = replace(story.deadlines[0], due=d(2025, 9, 5))  # ...one moved
        story.conflicts.append(Conflict("c-new", "the venue", "e-cron", []))
        return story

    services.story_factory = later
    clock.at = NOW + timedelta(hours=3)
    app = make_test_app(clock=clock, as_of=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        line = app.screen.query_one("#since-visit")
        assert line.display
        text = screen_lines(app)[1]
        assert text.startswith(" Since last visit 22 Jul 12:00: 1 new event")
        assert "1 deadline moved" in text and "1 new conflict" in text
        assert "+ Cron refresh found this event" in screen_text(app)
        await pilot.press("g", "n")  # n: to the new event
        assert app.screen.timeline.selected_event_id == "e-cron"
    app = make_test_app(clock=clock, as_of=None)
    async with app.run_test(size=(80, 24)) as pilot:  # a third visit: that was seen
        await settle(pilot, app)
        assert not app.screen.query_one("#since-visit").display


def test_visit_changes_keep_what_is_new_and_nothing_else():
    from talkstui.visits import changes, visit_of

    before = visit_of(make_story(NOW), NOW)
    assert not changes(make_story(NOW), before).any
    story = make_story(NOW, extra_event=True)
    story.deadlines[1] = replace(story.deadlines[1], status="superseded")
    found = changes(story, before)
    assert found.new_events == ["e-cron"] and found.superseded_deadlines == []
    assert found.summary() == "1 new event"


async def test_a_narrow_footer_leaves_out_whole_keys_never_half_a_word(make_test_app):
    for width, expect_all in ((60, False), (120, True)):
        app = make_test_app()
        async with app.run_test(size=(width, 20)) as pilot:
            await settle(pilot, app)
            footer = screen_lines(app)[-1]
            assert "?Help" in footer.replace(" ", "") and "qQuit" in footer.replace(" ", "")
            # every label on the line is whole: "As of" is shown entire or not at all
            assert ("t As of" in footer or "tAs of" in footer) == expect_all, footer
            assert "As o " not in footer + " " and not footer.rstrip().endswith(" i"), footer
            assert ("LLog" in footer.replace(" ", "")) == expect_all, footer


async def test_no_timeline_date_is_cut_at_80x24_a_year_after(tmp_path, monkeypatch):
    """The seeds a year later: every date carries its year ("13–15 Jul 2025") and none is cut."""
    from talkstui.config import load_settings, locations
    from talkstui.tui.app import make_app
    from talkstui.tui.render import event_when

    monkeypatch.setenv("TALKSTUI_HOME", str(tmp_path / "home"))
    late = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    app = make_app(load_settings(locations()), as_of=late, watch_store=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        shown = screen_text(app)
        dates = [event_when(e, app.story.now) for e in app.story.events]
        assert "13\u201315 Jul 2025" in dates
        for text in dates:
            assert text in shown, text
