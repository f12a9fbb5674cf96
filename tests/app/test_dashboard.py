"""Pilot tests: every key path of the dashboard, on an in-memory story."""

from __future__ import annotations

import asyncio

from textual.widgets import Digits

from talkstui.tui.screens.dashboard import DashboardScreen
from talkstui.tui.screens.dialogs import ChoiceDialog, InputDialog
from talkstui.tui.screens.help import HelpScreen
from talkstui.tui.screens.reader import ReaderScreen
from talkstui.tui.widgets.timeline import NOW_KEY

from .conftest import NOW, make_story, screen_text, settle


async def test_narrow_layout_shows_one_pane_and_tabs(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.has_class("-narrow")
        text = screen_text(app)
        assert "Russia-Ukraine peace talks" in text
        assert "1 Timeline" in text and "4 Sources" in text
        assert "deadline in 41d 12:00:00" in text  # the countdown stays visible, one line
        assert "now: 22 Jul 2025 12:00 UTC" in text
        assert "? Help" in text  # footer with keys


async def test_wide_layout_shows_every_pane(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert not app.screen.has_class("-narrow")
        text = screen_text(app)
        for title in ("Timeline", "Deadline", "Compare sources", "Sources & articles"):
            assert title in text
        assert "day 9 of 50" in text
        assert "superseded" in text
        digits = app.screen.query_one("#countdown-digits", Digits)
        assert digits.value == "41:12:00"


async def test_resize_switches_layout(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert not app.screen.has_class("-narrow")
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert app.screen.has_class("-narrow")


async def test_timeline_rows_ranges_divider_and_conflict_mark(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#timeline-table")
        keys = [row.key.value for row in table.ordered_rows]
        assert keys.index(NOW_KEY) == keys.index("e-third") - 1  # past | now | future
        text = screen_text(app)
        assert "Jul 2025" in text  # month precision: no invented day
        assert "14\u201320 Jul" in text  # week precision: a range
        # the cursor starts on the next upcoming event, and the comparison follows it
        assert app.screen.timeline.selected_event_id == "e-third"
        assert app.screen.comparison.event_id == "e-third"
        row = table.get_row("e-third")
        assert row[4].plain == "!"


async def test_vim_keys_move_and_comparison_follows(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        timeline = app.screen.timeline
        await pilot.press("g")
        assert timeline.selected_event_id == "e-may"
        await pilot.press("j")
        assert timeline.selected_event_id == "e-june"
        await pilot.press("k")
        assert timeline.selected_event_id == "e-may"
        await pilot.press("G")
        await pilot.pause()
        assert timeline.selected_event_id == "e-due"
        assert app.screen.comparison.event_id == "e-due"
        await pilot.press("up", "down")
        assert timeline.selected_event_id == "e-due"


async def test_tab_cycles_panes_in_narrow_layout(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        seen = [screen.active_pane]
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(screen.active_pane)
            active = screen.query_one(f"#{screen.active_pane}")
            assert active.display and active.region.height > 10
            assert app.focused is not None and screen._pane_of(app.focused) == screen.active_pane
        assert seen == ["timeline", "comparison", "countdown", "sources", "timeline"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert screen.active_pane == "sources"
        await pilot.press("3")
        await pilot.pause()
        assert screen.active_pane == "countdown"
        assert "day 9 of 50" in screen_text(app)


async def test_comparison_shows_claims_authority_quotes_and_matrix(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")  # to the comparison
        await pilot.pause()
        comparison = app.screen.comparison
        body = comparison.query_one("#comparison-body")
        rendered = "\n".join(
            "".join(s.text for s in line) for line in body.render_lines(body.region.reset_offset)
        )
        assert "the day of the third round" in rendered
        assert "anonymous" in rendered and "TASS" in rendered and "on whose authority" in rendered.lower()
        assert "Thursday (2025-07-24)" in rendered
        await pilot.press("G")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert comparison.matrix
        text = screen_text(app)
        assert "Coverage matrix" in text
        await pilot.press("m")
        assert not comparison.matrix


async def test_quote_variants_mark_differing_words():
    from talkstui.tui.render import quote_variant_text

    story = make_story()
    variant = story.quotes[0].variants[0]
    text = quote_variant_text(variant.diff, variant.text)
    marked = [text.plain[s.start:s.end] for s in text.spans if "reverse" in str(s.style)]
    assert marked == ["scheduled"]


async def test_filter_timeline_and_clear(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused.id == "timeline-filter"
        await pilot.press(*"third")
        await pilot.pause()
        table = app.screen.query_one("#timeline-table")
        keys = [row.key.value for row in table.ordered_rows]
        assert "e-third" in keys and "e-may" not in keys
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "timeline-table"
        await pilot.press("slash", "escape")
        await pilot.pause()
        keys = [row.key.value for row in table.ordered_rows]
        assert "e-may" in keys


async def test_filter_articles(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("4", "slash")
        await pilot.pause()
        assert app.focused.id == "articles-filter"
        await pilot.press(*"moscow")
        await pilot.press("enter")
        await pilot.pause()
        browser = app.screen.sources
        assert [a.id for a in browser.visible_articles()] == ["mt1"]


async def test_enter_opens_reader_with_highlights_events_and_revisions(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        text = screen_text(app)
        assert "New Russia-Ukraine Talks Set for Wednesday" in text
        assert "The Moscow Times" in text
        body = app.screen.query_one("#reader-body").render()
        highlighted = {body.plain[s.start:s.end] for s in body.spans}
        assert {"Wednesday", "on Monday", "Thursday"} <= highlighted
        events = app.screen.query_one("#reader-events").render().plain
        assert "Third round of talks in Istanbul" in events
        revisions = app.screen.query_one("#reader-revisions").render().plain
        assert "-Russia and Ukraine will hold new peace talks this week" in revisions
        await pilot.press("j", "G", "g")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_reader_marks_inferred_dates_from_sources_tree(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await pilot.pause()
        tree = app.screen.query_one("#sources-tree")
        # Articles > ABC News > the article: move down to it and open it
        await pilot.press("j", "j")
        assert tree.cursor_node.data == "abc1"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert "(inferred)" in screen_text(app)
        await pilot.press("q")  # q closes the reader, it does not quit
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_help_lists_every_binding(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row.binding_id for row in app.screen.rows}
        for needed in ("refresh", "export", "add_source", "as_of", "help", "quit", "filter",
                       "next_pane", "previous_pane", "down", "up", "top", "bottom",
                       "toggle_matrix", "close_reader"):
            assert needed in ids
        # every binding with an id anywhere in our classes is listed
        from talkstui.tui.app import TalksApp

        assert {b.id for b in TalksApp.BINDINGS} <= ids
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_keymap_remaps_bindings_and_help_follows(make_test_app, settings):
    settings.keys = {"refresh": "R", "help": "f1", "down": "n"}
    app = make_test_app(settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("g", "n")
        assert app.screen.timeline.selected_event_id == "e-june"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert rows["refresh"] == "R"
        assert rows["help"] == "f1".upper() or rows["help"].lower() == "f1"


async def test_export_notifies_the_path(make_test_app, services):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert services.exports and services.exports[0][0] == "markdown"
        messages = [n.message for n in app._notifications]
        assert str(services.exports[0][1]) in messages


async def test_add_source_modal(make_test_app, services):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await pilot.press(*"https://example.org/feed.xml")
        await pilot.press("enter")
        await settle(pilot, app)
        assert services.added == ["https://example.org/feed.xml"]
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert len(services.added) == 1


async def test_add_source_given_a_home_page_offers_its_feeds(make_test_app, services):
    from talkstui.ingest.discover import FeedLink

    services.feeds = {"https://site.example/": [
        FeedLink("https://site.example/rss.xml", "Top [b]stories[/b]"),
        FeedLink("https://site.example/comments.xml", "Comments")]}
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"https://site.example/")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceDialog)
        text = screen_text(app)
        assert "Top [b]stories[/b] \u2014 https://site.example/rss.xml" in text  # plain, not markup
        assert "The page itself \u2014 https://site.example/" in text
        assert services.added == []
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert services.added == ["https://site.example/comments.xml"]
        assert isinstance(app.screen, DashboardScreen)
        # Escape adds nothing
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"https://site.example/", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot, app)
        assert services.added == ["https://site.example/comments.xml"]


async def test_as_of_modal_sets_the_clock(make_test_app, services):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        loads = services.loads
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        dialog_input = app.screen.query_one("#dialog-input")
        dialog_input.value = ""
        await pilot.press(*"2025-08-30T00:00Z", "enter")
        await settle(pilot, app)
        assert app.as_of.isoformat() == "2025-08-30T00:00:00+00:00"
        assert services.loads == loads + 1
        assert app.screen.query_one("#countdown-digits", Digits).value == "3:00:00"
        assert "as of 30 Aug 2025" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#dialog-input").value = "not a date"
        await pilot.press("enter")
        await settle(pilot, app)
        assert any(n.severity == "error" for n in app._notifications)


async def test_refresh_shows_progress_and_keeps_answering(make_test_app, services):
    services.refresh_gate = asyncio.Event()
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        assert app.refreshing
        assert "refreshing" in screen_text(app)
        await pilot.press("g", "j")  # keys are handled while the refresh waits
        assert app.screen.timeline.selected_event_id == "e-june"
        await pilot.press("r")  # a second refresh is refused, politely
        services.refresh_gate.set()
        await settle(pilot, app)
        assert not app.refreshing
        assert services.refresh_calls == 1


async def test_poll_picks_up_another_writer(make_test_app, services):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert not app.poll_store()  # nothing changed: no reload
        services.story_factory = lambda now: make_story(now, extra_event=True)
        services.gen += 1
        assert app.poll_store()
        await settle(pilot, app)
        assert "Cron refresh found this event" in screen_text(app)


async def test_recovery_message_is_notified(make_test_app, services):
    services.recovery = "The store was unreadable [@click=app.quit]; restored the last good copy"
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert any("restored the last good copy" in n.message for n in app._notifications)
        assert app.is_running


async def test_command_palette_has_the_actions(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Refresh", "Export markdown", "Add source", "As of", "Filter",
                      "Coverage matrix", "Help", "Quit"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Coverage")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.comparison.matrix


async def test_q_quits(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_no_timers_at_rest_with_a_fixed_clock(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        countdown = app.screen.countdown
        assert countdown._timer is None  # a frozen clock never repaints


async def test_seconds_off_ticks_once_a_minute(make_test_app, settings):
    from talkstui.clock import SystemClock

    settings.ui.show_seconds = False
    app = make_test_app(settings=settings, clock=SystemClock(), as_of=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        countdown = app.screen.countdown
        assert countdown._timer is not None and countdown._timer.name == "countdown-minute"
        assert app.screen.query_one("#countdown-seconds").text in ("", ) or "passed" in \
            app.screen.query_one("#countdown-seconds").text
        assert NOW  # the fixture story still renders


async def test_a_story_that_fails_to_load_is_reported(make_test_app, services):
    def broken(now):
        raise ValueError("store says [@click=app.quit]no\x1b[2J")

    services.story_factory = broken
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.is_running
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "[@click=app.quit]no" in errors[0].message
        assert "Could not load the story: ValueError" in screen_text(app)
        services.story_factory = make_story
        services.gen += 1
        assert app.poll_store()
        await settle(pilot, app)
        assert "Could not load" not in screen_text(app)


async def test_zoom_and_h_l_keys(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is screen.timeline
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is None
        # h/l in the sources tree fold and unfold a node
        await pilot.press("4")
        await pilot.pause()
        tree = screen.query_one("#sources-tree")
        await pilot.press("g")
        node = tree.cursor_node
        assert node is not None and node.is_expanded
        await pilot.press("l")  # toggle: fold
        assert not node.is_expanded
        await pilot.press("l")
        assert node.is_expanded
        await pilot.press("j", "h")  # to the parent again
        assert tree.cursor_node is node
        # h/l in the comparison scroll sideways without error
        await pilot.press("2", "l", "h")
        assert app.is_running


async def test_an_empty_story_still_shows_every_pane(make_test_app, services):
    from talkstui.model import Story

    services.story_factory = lambda now: Story(now=now, as_of=now, title="Empty story",
                                               sources=[], articles=[], events=[], conflicts=[],
                                               quotes=[], deadlines=[])
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Empty story" in text and "no events match" in text and "now:" in text
        await pilot.press("enter", "2")
        await pilot.pause()
        assert "Select an event" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert "No deadline found" in screen_text(app)
        await pilot.press("4")
        await pilot.pause()
        assert "(no sources)" in screen_text(app)
        await pilot.press("e", "m", "slash", "escape")
        await settle(pilot, app)
        assert app.is_running
