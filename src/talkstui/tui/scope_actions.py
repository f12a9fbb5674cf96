"""The app's story actions: switch story (`s`), pull the selected article or source into the
story (`+`), push it out (`-`). The selection is the reader's article, or the Sources pane's
article or source row. The choice is stored (story.choices) and the story rebuilt; articles
decided by the user are marked as such in the Sources pane."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding

from talkstui.sanitize import clean_line

SCOPE_BINDINGS = [
    Binding("s", "stories", "Stories", id="stories"),
    # not in the footer (it is full at 80 columns): in the help screen and the palette
    Binding("plus", "pull_in", "Pull in", tooltip="Pull into story",
            id="pull_in", show=False),
    Binding("minus", "push_out", "Push out", tooltip="Push out of story",
            id="push_out", show=False),
]


class ScopeActions:
    """Mixed into TalksApp (which has settings, services, story, dashboard, load_story)."""

    base_settings: Any = None

    # ---------------------------------------------------------------- switching

    def action_stories(self) -> None:
        self._open_stories()

    @work(thread=True, group="stories", exclusive=True, exit_on_error=False,
          description="Each story's articles and next deadline, for the switcher")
    def _open_stories(self) -> None:
        from talkstui.story.commands import next_deadline_text, story_summaries
        from talkstui.story.definitions import active_story, all_stories

        base = self.base_settings or self.settings
        details: dict[str, str] = {}
        try:
            with self.services._lock:
                for d, story in story_summaries(base, self.services.store, self.clock.now()):
                    details[d.id] = (f"{len(story.articles)} articles, {len(story.outside)} "
                                     f"outside \u00b7 {next_deadline_text(story)}")
        except Exception:  # noqa: BLE001 - the list still opens, without the figures
            details = {}
        self.call_from_thread(self._push_stories, all_stories(base),
                              active_story(self.settings).id, details)

    def _push_stories(self, stories, current: str, details: dict[str, str]) -> None:
        from talkstui.tui.screens.stories import StoriesScreen

        self.push_screen(StoriesScreen(stories, current, details), self._story_chosen)

    def _story_chosen(self, story_id: str | None) -> None:
        if story_id:
            self.switch_story(story_id)

    def switch_story(self, story_id: str) -> None:
        """Show another story of the install (its own deadlines, timeline, cache)."""
        from talkstui.story.definitions import settings_for

        if self.base_settings is None:
            self.base_settings = self.settings
        settings = settings_for(self.base_settings, story_id)
        self.settings = settings
        self.services.settings = settings
        self.story = None
        self.load_story()

    # ---------------------------------------------------------------- pulling in, pushing out

    def selection(self) -> tuple[str, str, str] | None:
        """("article" | "source", id, a display name) of what the user has selected."""
        from talkstui.tui.screens.reader import ReaderScreen

        screen = self.screen
        if isinstance(screen, ReaderScreen):
            v = screen.data.view
            return "article", v.id, v.title
        try:
            sources = self.dashboard.sources
        except LookupError:
            return None
        if sources is None or self.focused is None or sources not in self.focused.ancestors_with_self:
            return None
        node = sources.tree.cursor_node
        data = getattr(node, "data", None)
        label = str(node.label.plain if hasattr(node.label, "plain") else node.label)
        if isinstance(data, tuple) and len(data) == 2 and data[0] == "article":
            return "article", data[1], label
        if isinstance(data, str):  # a source row (its id)
            return "source", data, label
        return None

    def action_pull_in(self) -> None:
        self._choose(True)

    def action_push_out(self) -> None:
        self._choose(False)

    def _choose(self, verdict: bool) -> None:
        target = self.selection()
        if target is None:
            self.notify("Select an article or a source (Sources pane or the reader) first.",
                        markup=False)
            return
        self.record_choice(target, verdict)

    @work(thread=True, group="choices", name="record_choice", exit_on_error=False,
          description="Store the user's in/out choice")
    def record_choice(self, target: tuple[str, str, str], verdict: bool) -> None:
        from talkstui.story.definitions import active_story
        from talkstui.story.choices import set_choices

        kind, ident, name = target
        story = active_story(self.settings)
        try:
            with self.services._lock:
                set_choices(self.settings, self.services.store, story.id,
                            articles=[ident] if kind == "article" else [],
                            sources=[ident] if kind == "source" else [], verdict=verdict)
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.call_from_thread(self.notify, clean_line(str(exc), max_len=300),
                                  title="Not recorded", severity="error", markup=False)
            return
        if kind == "article":
            self.call_from_thread(self._show_choice_in_reader, ident, verdict)
        word = "Pulled into" if verdict else "Pushed out of"
        self.call_from_thread(
            self.notify, clean_line(f"{name[:80]} (your choice)", max_len=200),
            title=clean_line(f"{word} {story.title}", max_len=80), markup=False)
        self.call_from_thread(self.load_story)

    def _show_choice_in_reader(self, article_id: str, verdict: bool) -> None:
        """The open reader shows the new decision at once (the story reloads meanwhile)."""
        from talkstui.story.scope import Relevance
        from talkstui.tui.screens.reader import ReaderScreen, header_text

        screen = self.screen
        if not isinstance(screen, ReaderScreen) or screen.data.view.id != article_id:
            return
        old = screen.data.view.relevance
        screen.data.view.relevance = Relevance(old.score if old else 0.0,
                                               list(old.terms) if old else [], verdict, "user")
        try:
            screen.query_one("#reader-header").update(header_text(screen.data))
        except Exception:  # noqa: BLE001 - a reader laid out differently: the notice says it
            pass
