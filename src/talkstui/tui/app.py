"""TalksApp: the dashboard application. Collaborators come in through the constructor."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from talkstui.clock import Clock, FixedClock, SystemClock
from talkstui.config import Settings
from talkstui.sanitize import clean_line
from talkstui.user_dates import parse_user_datetime
from talkstui.tui.messages import ArticleOpenRequested, RefreshProgressed, StoryFailed, StoryLoaded
from talkstui.tui.scope_actions import SCOPE_BINDINGS, ScopeActions
from talkstui.tui.screens.dashboard import DashboardScreen
from talkstui.tui.services import Services

if TYPE_CHECKING:
    from talkstui.model import Story

EXPORT_FORMATS = ("markdown", "text", "json")


def _status_line(item: Any) -> str:
    """One line for a per-source progress step or result (refresh.SourceProgress/SourceResult)."""
    if isinstance(item, str):
        return clean_line(item, max_len=160)
    name = getattr(item, "name", None) or getattr(item, "source_id", None) or "source"
    status = getattr(item, "status", None) or getattr(item, "phase", None) or "done"
    detail = getattr(item, "detail", "") or ""
    line = f"{name}: {status}"
    if detail and status not in ("ok", "not_modified"):
        line += f": {detail}"
    return clean_line(line, max_len=160)


class TalksApp(ScopeActions, App[int]):
    """Follow a developing news story across outlets."""

    CSS_PATH = "talkstui.tcss"
    TITLE = "talkstui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("e", "export", "Export", id="export"),
        Binding("a", "add_source", "Add", tooltip="Add a source", id="add_source"),
        Binding("t", "as_of", "As of", id="as_of"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
        *SCOPE_BINDINGS,
    ]

    def __init__(
        self,
        settings: Settings,
        store: Any | None = None,
        clock: Clock | None = None,
        *,
        as_of: datetime | None = None,
        services: Services | None = None,
        watch_store: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.services = services or Services(settings, store)
        self.as_of = as_of
        self.clock: Clock = clock or (FixedClock(as_of) if as_of else SystemClock())
        self.live = not isinstance(self.clock, FixedClock)
        self.story: Story | None = None
        self.generation_seen: object = None
        self.watch_store = watch_store
        self.refreshing = False
        self.last_export: Path | None = None
        self._recovery_shown: str | None = None
        self.keymap = dict(settings.keys)
        if self.keymap:
            self.set_keymap(self.keymap)

    # ---------------------------------------------------------------- screens

    def get_default_screen(self) -> Screen:
        return DashboardScreen(
            title=self.settings.story_title,
            now=self.clock.now,
            as_of=self.as_of,
            live=self.live,
            show_seconds=self.settings.ui.show_seconds,
        )

    @property
    def dashboard(self) -> DashboardScreen:
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                return screen
        raise LookupError("no dashboard")

    def on_mount(self) -> None:
        # Paint the first frame, then load: the store and the story never delay it.
        self.call_after_refresh(self.load_story)
        if self.watch_store:
            self.set_interval(self.settings.ui.poll_seconds, self.poll_store, name="store-poll")

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="story", name="load_story",
          description="Load the store and build the story")
    def load_story(self) -> None:
        services = self.services
        try:
            now = self.clock.now()
            seed = getattr(services, "ensure_seeded", None)
            if seed is not None:
                seed(now)  # seeding writes: read the generation after it, not before
            generation = services.generation()
            story = services.load_story(now, self.as_of)
        except Exception as exc:  # any failure becomes a message, never a crash
            if not get_current_worker().is_cancelled:
                self.post_message(
                    StoryFailed(clean_line(f"{type(exc).__name__}: {exc}", max_len=200)))
            return
        if not get_current_worker().is_cancelled:  # a newer load superseded this one
            self.post_message(StoryLoaded(story, generation))

    @on(StoryLoaded)
    def _story_loaded(self, message: StoryLoaded) -> None:
        self.story = message.story
        self.generation_seen = message.generation
        if not self.refreshing:
            self._set_status(None)
        try:
            self.dashboard.story = message.story
        except LookupError:
            pass
        recovery = None
        try:
            recovery = self.services.recovery_message()
        except Exception:
            recovery = None
        if recovery and recovery != self._recovery_shown:
            self._recovery_shown = recovery
            self.notify(clean_line(recovery, max_len=300), title="Store recovered",
                        severity="warning", markup=False, timeout=15)

    @on(StoryFailed)
    def _story_failed(self, message: StoryFailed) -> None:
        self.notify(clean_line(message.error), title="Could not load the story",
                    severity="error", markup=False)
        self._set_status(clean_line(f"load failed: {message.error}", max_len=200))
        try:
            self.dashboard.timeline.placeholder = f"Could not load the story: {message.error}"
        except LookupError:
            pass

    def poll_store(self) -> bool:
        """Look for another process's writes (a cron refresh); rebuild the story if any.

        Returns True when a reload was started. Cheap: one `generation()` call.
        """
        if self.refreshing:
            return False
        services = self.services
        try:
            nowait = getattr(services, "generation_nowait", None)
            generation = nowait() if nowait is not None else services.generation()
        except Exception:
            return False
        if generation is None or generation == self.generation_seen:
            return False
        self.load_story()
        return True

    # ---------------------------------------------------------------- refresh

    def action_refresh(self) -> None:
        if self.refreshing:
            self.notify("A refresh is already running.", markup=False)
            return
        self.refresh_sources()

    @work(exclusive=False, group="refresh", name="refresh_sources",
          description="Fetch every source into the store", exit_on_error=False)
    async def refresh_sources(self) -> Any:
        self.refreshing = True
        self._set_status("refreshing\u2026")
        done = 0

        def progress(step: Any) -> None:
            # Called on the event loop for every phase of every source.
            nonlocal done
            phase = getattr(step, "phase", "done")
            if phase == "done":
                done = getattr(step, "done", done + 1) or done + 1
            total = getattr(step, "total", 0) or 0
            self.post_message(RefreshProgressed(
                done, total, _status_line(step), source_id=getattr(step, "source_id", None),
                name=getattr(step, "name", None),
                phase=phase, status=getattr(step, "status", None)))

        try:
            # Fetch times are real even when the view is frozen with --as-of.
            report = await self.services.refresh(progress, SystemClock())
        finally:
            self.refreshing = False
        return report

    @on(RefreshProgressed)
    def _refresh_progressed(self, message: RefreshProgressed) -> None:
        total = f"/{message.total}" if message.total else ""
        if message.phase in (None, "done"):
            self._set_status(f"refreshing {message.done}{total} \u00b7 {message.line}")
        elif not message.done:
            self._set_status(f"refreshing 0{total}\u2026")
        if message.source_id:
            try:
                sources = self.dashboard.sources
            except LookupError:
                sources = None
            if sources is not None:
                sources.set_progress(message.source_id, message.status or message.phase or "",
                                     message.name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "refresh":
            return
        if event.state in (WorkerState.ERROR, WorkerState.SUCCESS, WorkerState.CANCELLED):
            try:
                sources = self.dashboard.sources
            except LookupError:
                sources = None
            if sources is not None:
                sources.clear_progress()
        if event.state == WorkerState.ERROR:
            self.refreshing = False
            self._set_status(None)
            error = worker.error
            self.notify(clean_line(f"{type(error).__name__}: {error}", max_len=300),
                        title="Refresh failed", severity="error", markup=False)
            self.load_story()
        elif event.state == WorkerState.SUCCESS:
            self._set_status(None)
            self._report_refresh(worker.result)
            self.load_story()
        elif event.state == WorkerState.CANCELLED:
            self.refreshing = False
            self._set_status(None)

    def _report_refresh(self, report: Any) -> None:
        results = list(getattr(report, "results", None) or [])
        failed = [r for r in results if not getattr(r, "ok", False)]
        if failed:
            lines = [_status_line(r) for r in failed[:8]]
            more = f"\n\u2026 and {len(failed) - 8} more" if len(failed) > 8 else ""
            self.notify("\n".join(lines) + more,
                        title=f"Refresh: {len(failed)} of {len(results)} sources failed",
                        severity="error", markup=False, timeout=15)
        else:
            count = f" {len(results)} sources" if results else ""
            self.notify(f"Refreshed{count}.", markup=False)

    def _set_status(self, text: str | None) -> None:
        try:
            self.dashboard.status = text
        except LookupError:
            pass

    # ---------------------------------------------------------------- export

    def action_export(self, fmt: str = "markdown") -> None:
        if self.story is None:
            self.notify("The story is still loading.", markup=False)
            return
        self.export_story(fmt)

    @work(thread=True, group="export", name="export_story",
          description="Write a snapshot of the story to the export folder", exit_on_error=False)
    def export_story(self, fmt: str) -> None:
        story = self.story
        assert story is not None
        try:
            path = self.services.export(story, fmt)
        except Exception as exc:
            self.call_from_thread(
                self.notify, clean_line(f"{type(exc).__name__}: {exc}", max_len=300),
                title="Export failed", severity="error", markup=False,
            )
            return
        self.last_export = Path(path)
        self.call_from_thread(self.notify, clean_line(str(path)), title=f"Exported ({fmt})",
                              markup=False, timeout=10)

    # ---------------------------------------------------------------- add source

    def action_add_source(self) -> None:
        from talkstui.tui.screens.dialogs import InputDialog

        self.push_screen(
            InputDialog("Add a source", "Feed or article URL (http or https):",
                        placeholder="https://example.org/feed.xml", dialog_id="add-source-dialog"),
            self._add_source_answered,
        )

    def _add_source_answered(self, url: str | None) -> None:
        if url:
            self.add_source(url)

    @work(thread=True, group="sources", name="add_source", exit_on_error=False,
          description="Fetch a new source once and add it to the store")
    def add_source(self, url: str, discover: bool = True) -> None:
        # sources.add_source is blocking (it runs its own fetch): a thread, never the loop.
        finder = getattr(self.services, "find_feeds", None)
        if discover and finder is not None:
            try:
                links = finder(url)
            except Exception:  # noqa: BLE001 - adding the URL itself then says what is wrong
                links = []
            if links:  # a site's home page naming its feeds: the user chooses
                self.call_from_thread(self._choose_feed, url, links)
                return
        try:
            result = (self.services.add_source(url, discover=False) if not discover
                      else self.services.add_source(url))
        except Exception as exc:
            self.call_from_thread(
                self.notify, clean_line(f"{exc}", max_len=300) or type(exc).__name__,
                title="Could not add the source", severity="error", markup=False)
            return
        name = getattr(result, "name", None) or url
        self.call_from_thread(
            self.notify, clean_line(f"Added {name}.", max_len=200), title="Source added",
            markup=False)
        self.call_from_thread(self.load_story)

    def _choose_feed(self, url: str, links: list) -> None:
        from talkstui.tui.screens.dialogs import ChoiceDialog

        choices = [(clean_line(f"{link.title or 'Feed'} \u2014 {link.url}", max_len=150), link.url)
                   for link in links]
        choices.append((clean_line(f"The page itself \u2014 {url}", max_len=150), url))
        self.push_screen(
            ChoiceDialog("Add a source", "This page names these feeds. Which one?", choices,
                         dialog_id="feed-choice-dialog"),
            lambda chosen: self.add_source(chosen, discover=False) if chosen else None,
        )

    # ---------------------------------------------------------------- as of

    def action_as_of(self) -> None:
        from talkstui.tui.screens.dialogs import InputDialog

        current = self.as_of.strftime("%Y-%m-%dT%H:%MZ") if self.as_of else ""
        self.push_screen(
            InputDialog("As of", "Show the story as it stood at (ISO 8601; empty: now):",
                        value=current, placeholder="2025-07-22T12:00Z", dialog_id="as-of-dialog"),
            self._as_of_answered,
        )

    def _as_of_answered(self, value: str | None) -> None:
        if value is None:
            return
        if not value:
            self.set_as_of(None)
            return
        try:
            self.set_as_of(parse_user_datetime(value))
        except ValueError as exc:
            self.notify(clean_line(str(exc)), title="Not a date", severity="error", markup=False)

    def set_as_of(self, as_of: datetime | None) -> None:
        self.as_of = as_of
        self.clock = FixedClock(as_of) if as_of else SystemClock()
        self.live = as_of is None
        try:
            self.dashboard.set_as_of(as_of, self.clock.now, self.live)
        except LookupError:
            pass
        self.load_story()

    # ---------------------------------------------------------------- reader

    @on(ArticleOpenRequested)
    def _open_requested(self, message: ArticleOpenRequested) -> None:
        self.open_article(message.article_id)

    @work(thread=True, group="reader", name="open_article", exclusive=True,
          description="Read an article and its revisions from the store", exit_on_error=False)
    def open_article(self, article_id: str) -> None:
        from talkstui.tui.screens.reader import ReaderData, ReaderScreen

        story = self.story
        if story is None:
            return
        view = next((a for a in story.articles if a.id == article_id), None)
        if view is None:  # an article outside the story (listed in Sources) opens as well
            view = next((a for a in getattr(story, "outside", ()) if a.id == article_id), None)
        if view is None:
            self.call_from_thread(self.notify, "That article is not in the story.",
                                  severity="error", markup=False)
            return
        data = ReaderData(view=view, now=story.now)
        ids = set(view.event_ids)
        # event_ids lists the events built from the article's own mentions; deadline events
        # are built from deadline claims, so only those few are searched by mention (the
        # mentions of a large story are materialised on demand: do not touch them all)
        data.events = [e for e in story.events
                       if e.id in ids
                       or (e.kind.startswith("deadline")
                           and any(m.article_id == article_id for m in e.mentions))]
        try:
            article = self.services.article(article_id)
            data.article = article
            if article is not None:
                data.body = self.services.body(article.body_hash)
                for revision in article.revisions:
                    data.revisions.append((revision, self.services.body(revision.body_hash)))
        except Exception as exc:
            self.call_from_thread(self.notify, clean_line(f"{type(exc).__name__}: {exc}"),
                                  title="Could not read the article", severity="error",
                                  markup=False)
        self.call_from_thread(self.push_screen, ReaderScreen(data))

    # ---------------------------------------------------------------- help and palette

    def binding_rows(self) -> list:
        """Every binding of every screen and widget, with the keymap applied (HelpRow list)."""
        from talkstui.tui.screens.dialogs import InputDialog as _Dialog
        from talkstui.tui.screens.help import HelpRow, HelpScreen
        from talkstui.tui.screens.reader import ReaderScreen
        from talkstui.tui.widgets.comparison import Comparison
        from talkstui.tui.widgets.sources_browser import VimTree
        from talkstui.tui.widgets.filter_input import FilterInput
        from talkstui.tui.widgets.vim import VimScroll, VimTable

        contexts: list[tuple[str, type]] = [
            ("everywhere", type(self)),
            ("dashboard", DashboardScreen),
            ("tables", VimTable),
            ("comparison", Comparison),
            ("scrolling panes", VimScroll),
            ("sources", VimTree),
            ("filter box", FilterInput),
            ("article reader", ReaderScreen),
            ("dialogs", _Dialog),
            ("help", HelpScreen),
        ]
        rows: list[HelpRow] = []
        seen: set[tuple[str, str]] = set()
        for context, cls in contexts:
            own = cls.__dict__.get("BINDINGS", [])
            for _, binding in BindingsMap(own):
                if binding.id is None or (context, binding.id) in seen:
                    continue
                seen.add((context, binding.id))
                keys = self.keymap.get(binding.id, binding.key)
                display = ", ".join(self.get_key_display(Binding(k.strip(), binding.action))
                                    for k in keys.split(","))
                rows.append(HelpRow(context, display, binding.tooltip or binding.description or binding.action,
                                    binding.id))
        rows.append(HelpRow("tables and trees", "Enter", "Open the article", "(built in)"))
        rows.append(HelpRow("everywhere", "arrows, PgUp, PgDn", "Move", "(built in)"))
        return rows

    def action_help(self) -> None:
        from talkstui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.binding_rows()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Refresh", "Fetch every source now (r)", self.action_refresh)
        for fmt in EXPORT_FORMATS:
            yield SystemCommand(f"Export {fmt}", f"Write a {fmt} snapshot to the export folder",
                                lambda fmt=fmt: self.action_export(fmt))
        yield SystemCommand("Add source", "Add a feed or article URL (a)", self.action_add_source)
        yield SystemCommand("As of", "Show the story as it stood at a time (t)", self.action_as_of)
        yield SystemCommand("Filter", "Filter the timeline or the articles (/)",
                            lambda: self._dashboard_action("filter"))
        yield SystemCommand("Coverage matrix", "Toggle the coverage matrix (m)",
                            lambda: self._dashboard_action("matrix"))
        for key, (pane, label) in enumerate(
            [("timeline", "Timeline"), ("comparison", "Compare sources"),
             ("countdown", "Deadline"), ("sources", "Sources and articles")], 1
        ):
            yield SystemCommand(f"Go to {label}", f"Focus the {label.lower()} pane ({key})",
                                lambda pane=pane: self._dashboard_action("pane", pane))
        yield SystemCommand("Help", "List every key (?)", self.action_help)
        yield from super().get_system_commands(screen)

    def _dashboard_action(self, what: str, arg: str | None = None) -> None:
        try:
            dashboard = self.dashboard
        except LookupError:
            return
        while self.screen is not dashboard and len(self.screen_stack) > 1:
            self.pop_screen()
        if what == "filter":
            dashboard.action_filter()
        elif what == "matrix":
            dashboard.action_pane("comparison")
            if dashboard.comparison is not None:
                dashboard.comparison.action_toggle_matrix()
        elif what == "pane" and arg:
            dashboard.action_pane(arg)

    async def action_quit(self) -> None:
        self.exit(0)


def make_app(
    settings: Settings,
    *,
    as_of: datetime | None = None,
    clock: Clock | None = None,
    store: Any | None = None,
    services: Services | None = None,
    watch_store: bool = True,
) -> TalksApp:
    """The one way to build the app: used by `run_dashboard`, the tests and the screenshots.

    The store is opened lazily in the loading worker, so building the app is cheap.
    """
    if clock is None and as_of is not None:
        clock = FixedClock(as_of)
    return TalksApp(settings, store, clock, as_of=as_of, services=services,
                    watch_store=watch_store)
