"""TalksApp: the dashboard application. Collaborators come in through the constructor."""

from __future__ import annotations

from collections.abc import Iterable
import time
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
from talkstui.tui.messages import (
    ArticleOpenRequested,
    ClaimOpenRequested,
    RefreshProgressed,
    SourceActionRequested,
    StoryFailed,
    StoryLoaded,
)
from talkstui.tui.session_log import SessionLog
from talkstui.tui.scope_actions import SCOPE_BINDINGS, ScopeActions
from talkstui.tui.screens.dashboard import DashboardScreen
from talkstui.tui.services import Services

if TYPE_CHECKING:
    from talkstui.model import Story

OK_STATUSES = {"ok", "not_modified", "ok_with_warnings", "muted", None}
EXPORT_FORMATS = ("text", "markdown", "json")
MAX_TOASTS = 2  # on screen at once (the newest); all of them are in the log (L)
TOAST_LINES = 3  # lines of a toast's message; the full text is in the log


def middle_ellipsis(text: str, width: int) -> str:
    """A path on one line of at most `width` cells: the start of the folder and the whole file
    name kept (when it fits), the middle replaced by an ellipsis."""
    if len(text) <= width:
        return text
    name = text.rsplit("/", 1)[-1]
    tail = len(name) + 1 if len(name) + 1 <= width - 6 else width - 6
    head = max(1, width - tail - 1)
    return text[:head] + "\u2026" + text[-tail:]


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
        Binding("question_mark", "help", "Help", id="help"),  # first: kept in a narrow footer
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("e", "export", "Export", id="export"),
        Binding("a", "add_source", "Add", tooltip="Add a source", id="add_source"),
        Binding("t", "as_of", "As of", id="as_of"),
        Binding("L", "show_log", "Log", tooltip="The session's messages", id="show_log"),
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
        self.refresh_summary: str | None = None  # "refreshed 12:03: 2 of 50 failed"
        self.session_log = SessionLog()
        self._visit_recorded = False
        self.previous_visit: Any = None  # visits.Visit: what the last session showed
        self.since_visit: Any = None  # visits.Changes since then
        self._refresh_started: float | None = None
        self._refresh_counts: dict[str, int] = {}
        self._refresh_names: dict[str, str] = {}
        self._refresh_state: dict[str, str] = {}
        self._refresh_results: dict[str, tuple[str, str]] = {}
        self._refresh_timer: Any = None
        self.monotonic = time.monotonic  # the refresh's elapsed time (frozen in snapshots)
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
            visit = None
            recorder = getattr(services, "last_visit", None)
            if recorder is not None and self.live and not self._visit_recorded:
                self._visit_recorded = True  # once per session: later loads compare with it
                visit = recorder(story, now)
        except Exception as exc:  # any failure becomes a message, never a crash
            if not get_current_worker().is_cancelled:
                self.post_message(
                    StoryFailed(clean_line(f"{type(exc).__name__}: {exc}", max_len=200)))
            return
        if not get_current_worker().is_cancelled:  # a newer load superseded this one
            self.post_message(StoryLoaded(story, generation, visit))

    @on(StoryLoaded)
    def _story_loaded(self, message: StoryLoaded) -> None:
        self.story = message.story
        self.generation_seen = message.generation
        if message.visit is not None:
            self.previous_visit = message.visit
        self.since_visit = None
        if self.previous_visit is not None:
            from talkstui.visits import changes

            self.since_visit = changes(message.story, self.previous_visit)
        try:
            self.dashboard.since_visit = self.since_visit
        except LookupError:
            pass
        if not self.refreshing:
            self._set_status(self.refresh_summary)
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

    def action_refresh(self, only: str | None = None) -> None:
        if self.refreshing:
            self.notify("A refresh is already running (Esc cancels it).", markup=False)
            return
        self.refreshing = True  # at once: a second key press never starts a second refresh
        self._refresh_started = self.monotonic()
        self._refresh_counts = {"done": 0, "failed": 0, "total": 0}
        self._refresh_names = {}
        self._refresh_state = {}
        self._refresh_results = {}
        self._refresh_timer = self.set_interval(1.0, self._show_refresh_status,
                                                name="refresh-elapsed")
        self._show_refresh_status()
        self.refresh_sources([only] if only else None)

    def action_cancel_refresh(self) -> None:
        cancelled = False
        for worker in self.workers:
            if worker.group == "refresh" and not worker.is_finished:
                worker.cancel()
                cancelled = True
        if not cancelled:
            self.notify("No refresh is running.", markup=False)

    def refresh_elapsed(self) -> float:
        if self._refresh_started is None:
            return 0.0
        return self.monotonic() - self._refresh_started

    def _show_refresh_status(self) -> None:
        if not self.refreshing:
            return
        counts = self._refresh_counts
        total = counts.get("total", 0)
        done = counts.get("done", 0)
        failed = counts.get("failed", 0)
        parts = [f"refreshing {done}/{total}" if total else "refreshing\u2026",
                 f"{self.refresh_elapsed():.0f} s"]
        if failed:
            parts.append(f"{failed} failed")
        pending = [self._refresh_names.get(sid, sid) for sid, phase in self._refresh_state.items()
                   if phase != "done"]
        parts.append("Esc: cancel")
        if pending and total:  # the Sources pane lists them all
            parts.append("waiting for " + ", ".join(pending[:3])
                         + (f" +{len(pending) - 3}" if len(pending) > 3 else ""))
        self._set_status(" \u00b7 ".join(parts))
        sources = self._sources_pane()
        if sources is not None:
            sources.show_refresh(self._refresh_state, self._refresh_names, self._refresh_results,
                                 self.refresh_elapsed())

    def _sources_pane(self):
        try:
            return self.dashboard.sources
        except LookupError:
            return None

    @work(exclusive=False, group="refresh", name="refresh_sources",
          description="Fetch every source into the store", exit_on_error=False)
    async def refresh_sources(self, only: list[str] | None = None) -> Any:
        self.refreshing = True

        def progress(step: Any) -> None:
            # Called on the event loop for every phase of every source.
            phase = getattr(step, "phase", "done")
            done = getattr(step, "done", 0) or 0
            total = getattr(step, "total", 0) or 0
            self.post_message(RefreshProgressed(
                done, total, _status_line(step), source_id=getattr(step, "source_id", None),
                name=getattr(step, "name", None),
                phase=phase, status=getattr(step, "status", None)))

        try:
            # Fetch times are real even when the view is frozen with --as-of.
            if only:
                report = await self.services.refresh(progress, SystemClock(), only=only)
            else:
                report = await self.services.refresh(progress, SystemClock())
        finally:
            self.refreshing = False
        return report

    @on(RefreshProgressed)
    def _refresh_progressed(self, message: RefreshProgressed) -> None:
        counts = self._refresh_counts
        if message.total:
            counts["total"] = message.total
        if message.source_id:
            sid = message.source_id
            self._refresh_names[sid] = message.name or sid
            phase = message.phase or "done"
            self._refresh_state[sid] = phase
            if phase == "done":
                status = message.status or "ok"
                self._refresh_results[sid] = (status, message.line)
                counts["done"] = sum(1 for p in self._refresh_state.values() if p == "done")
                counts["failed"] = sum(1 for st, _ in self._refresh_results.values()
                                       if st not in OK_STATUSES)
            sources = self._sources_pane()
            if sources is not None:
                sources.set_progress(sid, message.status or message.phase or "", message.name)
        elif message.phase in (None, "done"):
            counts["done"] = max(counts.get("done", 0), message.done)
        self._show_refresh_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "refresh":
            return
        if event.state not in (WorkerState.ERROR, WorkerState.SUCCESS, WorkerState.CANCELLED):
            return
        self.refreshing = False
        timer = getattr(self, "_refresh_timer", None)
        if timer is not None:
            timer.stop()
            self._refresh_timer = None
        sources = self._sources_pane()
        if sources is not None:
            sources.clear_progress()
        elapsed = self.refresh_elapsed()
        stamp = SystemClock().now().strftime("%H:%M")
        if event.state == WorkerState.ERROR:
            error = worker.error
            self.refresh_summary = f"refresh failed {stamp} \u00b7 L: log"
            self.notify(clean_line(f"{type(error).__name__}: {error}", max_len=300),
                        title="Refresh failed", severity="error", markup=False)
        elif event.state == WorkerState.SUCCESS:
            self._report_refresh(worker.result, stamp, elapsed)
        else:
            self.refresh_summary = (f"refresh cancelled {stamp} after {elapsed:.0f} s; "
                                    "nothing written")
            self.notify("Refresh cancelled; the store is as it was.", title="Refresh",
                        severity="warning", markup=False)
        self._set_status(self.refresh_summary)
        self.load_story()

    def _report_refresh(self, report: Any, stamp: str = "", elapsed: float = 0.0) -> None:
        results = list(getattr(report, "results", None) or [])
        failed = [r for r in results if not getattr(r, "ok", False)]
        took = f" in {elapsed:.1f} s" if elapsed else ""
        if failed:
            self.refresh_summary = (f"refreshed {stamp}: {len(failed)} of {len(results)} "
                                    "failed \u00b7 L: log")
            # Every failure goes to the log; the toast names a few and stays small.
            self.session_log.add("error", f"Refresh: {len(failed)} of {len(results)} failed",
                                 "\n".join(_status_line(r) for r in failed))
            names = ", ".join(f"{clean_line(getattr(r, 'name', '') or '', max_len=30)} "
                              f"({getattr(r, 'status', '?')})" for r in failed[:3])
            more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
            self.notify(f"{names}{more}. L: the log.",
                        title=f"Refresh: {len(failed)} of {len(results)} sources failed",
                        severity="error", markup=False, timeout=12, log=False)
        else:
            count = f"{len(results)} source{'s' if len(results) != 1 else ''}" if results else ""
            self.refresh_summary = None  # the header's "updated HH:MM: ok" says it
            new = sum(getattr(r, "new", 0) or 0 for r in results)
            self.notify(f"Refreshed {count or 'the sources'}{took}; {new} new "
                        f"article{'s' if new != 1 else ''}.", markup=False)

    def _set_status(self, text: str | None) -> None:
        try:
            self.dashboard.status = text
        except LookupError:
            pass

    # ---------------------------------------------------------------- notices

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True, log: bool = True) -> None:
        """Every notice goes to the session log (`L`); the toast shows its first lines."""
        if log:
            self.session_log.add(str(severity), title, message)
        lines = str(message).splitlines()
        if len(lines) > TOAST_LINES:
            message = "\n".join(lines[:TOAST_LINES - 1] + ["\u2026 (L: the whole message)"])
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _on_notify(self, event: Any) -> None:
        """Only the newest MAX_TOASTS toasts stay on screen: never a wall of them."""
        self._notifications.add(event.notification)
        for old in list(self._notifications)[:-MAX_TOASTS]:
            self._unnotify(old, refresh=False)
        self._refresh_notifications()

    def action_show_log(self) -> None:
        from talkstui.tui.screens.log import LogScreen

        if isinstance(self.screen, LogScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(LogScreen(self.session_log.entries))

    # ---------------------------------------------------------------- export

    def action_export(self, fmt: str | None = None) -> None:
        """`e`: ask for the format (text is the default) unless the config names one."""
        if self.story is None:
            self.notify("The story is still loading.", markup=False)
            return
        fmt = fmt or getattr(self.settings, "export_format", None) or getattr(
            getattr(self.settings, "ui", None), "export_format", None)
        if fmt:
            self.export_story(fmt)
            return
        from talkstui.tui.screens.dialogs import ChoiceDialog

        self.push_screen(ChoiceDialog("Export", "Write a snapshot of the story as:",
                                      [(f, f) for f in EXPORT_FORMATS],
                                      dialog_id="export-dialog"),
                         lambda choice: self.export_story(choice) if choice else None)

    @work(thread=True, group="export", name="export_story",
          description="Write a snapshot of the story to the export folder", exit_on_error=False)
    def export_story(self, fmt: str) -> None:
        story = self.story
        assert story is not None
        folder = Path(self.settings.locations.export_dir)
        try:
            path = self.services.export(story, fmt)
        except OSError as exc:  # the folder and why; never the name of a temporary file
            reason = exc.strerror or type(exc).__name__
            self.call_from_thread(
                self.notify, clean_line(f"Could not write in {folder}: {reason}", max_len=300),
                title="Export failed", severity="error", markup=False)
            return
        except Exception as exc:
            self.call_from_thread(
                self.notify, clean_line(f"Could not write in {folder}: {exc}", max_len=300),
                title="Export failed", severity="error", markup=False)
            return
        self.last_export = Path(path)
        self.call_from_thread(self.notify, middle_ellipsis(clean_line(str(path)), 54),
                              title=f"Exported ({fmt})", markup=False, timeout=10)

    # ---------------------------------------------------------------- add source

    def action_add_source(self) -> None:
        from talkstui.tui.screens.dialogs import AddSourceDialog

        dialog = AddSourceDialog(lambda url, name: self.add_source(url, name, dialog),
                                 self._cancel_add_source)
        self.push_screen(dialog)

    def _cancel_add_source(self) -> None:
        for worker in self.workers:
            if worker.group == "add_source" and not worker.is_finished:
                worker.cancel()
        self.notify("Adding the source was cancelled; nothing was written.", markup=False)

    @work(group="add_source", name="add_source", exit_on_error=False,
          description="Fetch a new source once and add it to the store")
    async def add_source(self, url: str, name: str | None = None, dialog: Any = None,
                         discover: bool = True) -> None:
        # On the event loop (the fetch is async), so Esc in the dialog cancels it at once.
        finder = getattr(self.services, "find_feeds", None)
        if discover and finder is not None:
            import asyncio

            try:  # blocking (its own fetch): in a thread; Esc still cancels the wait
                links = await asyncio.to_thread(finder, url)
            except Exception:  # noqa: BLE001 - adding the URL itself then says what is wrong
                links = []
            if links:  # a site's home page naming its feeds: the user chooses
                if dialog is not None and dialog.is_attached:
                    dialog.finished(None)
                self._choose_feed(url, name, links)
                return
        try:
            result = (await self.services.add_source_async(url, name, discover=False)
                      if not discover else await self.services.add_source_async(url, name))
        except Exception as exc:
            error = clean_line(f"{exc}", max_len=300) or type(exc).__name__
            self.notify(error, title="Could not add the source", severity="error",
                        markup=False)
            if dialog is not None and dialog.is_attached:
                dialog.finished(error)
            return
        if dialog is not None and dialog.is_attached:
            dialog.finished(None)
        from talkstui.sources import added_line

        line = added_line(result) if hasattr(result, "last_status") else f"added {url}"
        failed = getattr(result, "last_status", "ok") not in OK_STATUSES
        self.notify(line, title="Source added", severity="warning" if failed else "information",
                    markup=False)
        self.load_story()

    def _choose_feed(self, url: str, name: str | None, links: list) -> None:
        from talkstui.tui.screens.dialogs import ChoiceDialog

        choices = [(clean_line(f"{link.title or 'Feed'} \u2014 {link.url}", max_len=150), link.url)
                   for link in links]
        choices.append((clean_line(f"The page itself \u2014 {url}", max_len=150), url))
        self.push_screen(
            ChoiceDialog("Add a source", "This page names these feeds. Which one?", choices,
                         dialog_id="feed-choice-dialog"),
            lambda chosen: self.add_source(chosen, name, discover=False) if chosen else None,
        )

    # ---------------------------------------------------------------- one source

    @on(SourceActionRequested)
    def _source_action(self, message: SourceActionRequested) -> None:
        from talkstui.tui.screens.dialogs import ConfirmDialog, InputDialog

        sid, name = message.source_id, message.name or message.source_id
        if message.action == "articles":
            self.show_source_articles(sid, name)
        elif message.action == "refresh":
            self.action_refresh(sid)
        elif message.action == "remove":
            self.push_screen(
                ConfirmDialog("Remove a source",
                              f"Remove {name} and the articles only it carried?"),
                lambda yes: self.change_source("remove", sid) if yes else None)
        elif message.action == "rename":
            self.push_screen(
                InputDialog("Rename a source", f"New name for {name}:", value=name,
                            dialog_id="rename-dialog"),
                lambda new: self.change_source("rename", sid, new) if new else None)
        elif message.action in ("mute", "unmute"):
            self.change_source(message.action, sid)

    @work(thread=True, group="sources", name="source_articles", exclusive=True,
          exit_on_error=False, description="Find the articles one source carried")
    def show_source_articles(self, source_id: str, name: str) -> None:
        lookup = getattr(self.services, "source_article_ids", None)
        ids = None
        if lookup is not None:
            try:
                ids = lookup(source_id)
            except Exception:  # the outlet name is a fair stand-in
                ids = None
        sources = self._sources_pane()
        if sources is not None:
            self.call_from_thread(sources.show_source_articles, name, ids)

    @work(thread=True, group="sources", name="change_source", exit_on_error=False,
          description="Rename, remove, mute or unmute one source")
    def change_source(self, action: str, source_id: str, value: str | None = None) -> None:
        try:
            line = self.services.change_source(action, source_id, value)
        except Exception as exc:
            self.call_from_thread(self.notify, clean_line(str(exc), max_len=300) or
                                  type(exc).__name__, title=f"Could not {action} the source",
                                  severity="error", markup=False)
            return
        self.call_from_thread(self.notify, clean_line(line, max_len=300), markup=False)
        self.call_from_thread(self.load_story)

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

    @on(ClaimOpenRequested)
    def _claim_open_requested(self, message: ClaimOpenRequested) -> None:
        focus = (message.start, message.end) if message.start >= 0 else None
        self.open_article(message.article_id, focus, message.sentence)

    @work(thread=True, group="reader", name="open_article", exclusive=True,
          description="Read an article and its revisions from the store", exit_on_error=False)
    def open_article(self, article_id: str, focus: tuple[int, int] | None = None,
                     sentence: str = "") -> None:
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
        data = ReaderData(view=view, now=story.now, focus=focus, focus_sentence=sentence)
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
        """Every binding, grouped by where it works, each key once (HelpRow list).

        Generated from the BINDINGS themselves with the keymap applied; the movement keys
        that every pane shares are listed once under "Moving"."""
        from talkstui.tui.screens.dialogs import AddSourceDialog, ConfirmDialog, InputDialog
        from talkstui.tui.screens.help import HelpRow, HelpScreen
        from talkstui.tui.screens.log import LogScreen
        from talkstui.tui.screens.reader import ReaderScreen
        from talkstui.tui.widgets.comparison import Comparison
        from talkstui.tui.widgets.filter_input import FilterInput
        from talkstui.tui.widgets.sources_browser import SourcesBrowser, VimTree
        from talkstui.tui.widgets.timeline import Timeline
        from talkstui.tui.widgets.vim import VimTable

        groups: list[tuple[str, list[type]]] = [
            ("Everywhere", [type(self)]),
            ("Dashboard", [DashboardScreen]),
            ("Moving (all panes)", [VimTable]),
            ("Timeline", [Timeline]),
            ("Compare", [Comparison]),
            ("Sources", [SourcesBrowser, VimTree]),
            ("Filter box", [FilterInput]),
            ("Article reader", [ReaderScreen]),
            ("Dialogs", [InputDialog, AddSourceDialog, ConfirmDialog]),
            ("Help, log", [HelpScreen, LogScreen]),
        ]
        moving = {b.id for b in VimTable.BINDINGS}
        extra = {
            "Moving (all panes)": [("\u2191 \u2193, PgUp, PgDn", "Move, page")],
            "Dashboard": [("Enter", "Compare the event; open article")],
        }
        rows: list[HelpRow] = []
        for context, classes in groups:
            seen_keys: set[str] = set()
            by_id: dict[str, tuple[list[str], str]] = {}
            for cls in classes:
                own = cls.__dict__.get("BINDINGS", [])
                for _, binding in BindingsMap(own):
                    if binding.id is None:
                        continue
                    if cls is not VimTable and binding.id in moving and context != "Sources":
                        continue  # j k h l g G: listed once, under Moving
                    if cls is VimTree and binding.id in ("down", "up", "top", "bottom"):
                        continue
                    keys = self.keymap.get(binding.id, binding.key)
                    for key in keys.split(","):
                        display = self.get_key_display(Binding(key.strip(), binding.action))
                        if display in seen_keys:
                            continue
                        seen_keys.add(display)
                        entry = by_id.setdefault(binding.id, ([], binding.tooltip
                                                             or binding.description
                                                             or binding.action))
                        entry[0].append(display)
            for binding_id, (displays, text) in by_id.items():
                rows.append(HelpRow(context, ", ".join(displays), text, binding_id))
            for keys, text in extra.get(context, []):
                rows.append(HelpRow(context, keys, text, "(built in)"))
        return rows

    def action_help(self) -> None:
        from talkstui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.binding_rows()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Our actions only: none of Textual's developer commands (Keys, Screenshot, Theme)."""
        yield SystemCommand("Refresh", "Fetch every source now (r)", self.action_refresh)
        if self.refreshing:
            yield SystemCommand("Cancel refresh", "Stop the running refresh (Esc)",
                                self.action_cancel_refresh)
        for fmt in EXPORT_FORMATS:
            yield SystemCommand(f"Export {fmt}", f"Write a {fmt} snapshot to the export folder",
                                lambda fmt=fmt: self.action_export(fmt))
        yield SystemCommand("Add source", "Add a feed or article URL (a)", self.action_add_source)
        story = self.story
        for source in (story.sources if story is not None else []):
            name = clean_line(source.name, max_len=60)
            for action, label in (("refresh", "Refresh source"), ("remove", "Remove source"),
                                  ("mute" if not source.muted else "unmute",
                                   "Mute source" if not source.muted else "Unmute source"),
                                  ("rename", "Rename source")):
                yield SystemCommand(f"{label}: {name}", f"{label} {name} (Sources pane)",
                                    lambda action=action, source=source: self.post_message(
                                        SourceActionRequested(action, source.id,
                                                              clean_line(source.name))))
        yield SystemCommand("As of", "Show the story as it stood at a time (t)", self.action_as_of)
        yield SystemCommand("Filter", "Filter the timeline or the articles (/)",
                            lambda: self._dashboard_action("filter"))
        yield SystemCommand("Coverage matrix", "Toggle the coverage matrix (m)",
                            lambda: self._dashboard_action("matrix"))
        yield SystemCommand("Zoom", "Fill the screen with the focused pane, or put it back (z)",
                            lambda: self._dashboard_action("zoom"))
        for key, (pane, label) in enumerate(
            [("timeline", "Timeline"), ("comparison", "Compare sources"),
             ("countdown", "Deadline"), ("sources", "Sources and articles")], 1
        ):
            yield SystemCommand(f"Go to {label}", f"Focus the {label.lower()} pane ({key})",
                                lambda pane=pane: self._dashboard_action("pane", pane))
        yield from self.extra_commands(screen)
        yield SystemCommand("Message log", "Every refresh result, notice and error (L)",
                            self.action_show_log)
        yield SystemCommand("Help", "List every key (?)", self.action_help)
        yield SystemCommand("Quit", "Quit talkstui (q)", self.action_quit)

    def extra_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Palette entries other parts add (the story switcher): none by default."""
        return ()

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
        elif what == "zoom":
            dashboard.action_zoom()

    async def action_quit(self) -> None:
        self.exit(0)

    async def action_help_quit(self) -> None:
        """Ctrl+C quits, as in every terminal program (Textual only says how to quit; in a
        text field Ctrl+C still copies)."""
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
