"""The Sources pane: a control room for the sources, then the articles grouped by outlet.

Each source row shows its status at a glance; the selected source's details (the full URL,
last success and last attempt, the status with its reason) are under the tree, wrapped.
Keys on a source: R refresh it, n rename, d remove (confirmed), x mute / unmute, Enter its
articles. During a refresh a panel lists what is pending, done and failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from talkstui.tui.messages import ArticleOpenRequested, SourceActionRequested
from talkstui.tui.render import plain, short_date, short_datetime

if TYPE_CHECKING:
    from talkstui.model import ArticleView, Source, Story


class VimTree(Tree):
    """A Tree with j/k/h/l/g/G (h/l fold and unfold)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("h", "cursor_parent", "Fold / to the group", show=False, id="left"),
        Binding("l", "toggle_node", "Unfold / fold", show=False, id="right"),
        Binding("g", "scroll_home", "Top", show=False, id="top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="bottom"),
    ]

    def action_cursor_parent(self) -> None:
        """h: fold the group the cursor is in (k9s / lazygit: left goes up a level)."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
            return
        parent = node.parent
        if parent is not None and parent is not self.root:
            self.move_cursor(parent)
            parent.collapse()


OK_STATUSES = {"ok", "not_modified", "ok_with_warnings", None}
BUSY = ("queued", "fetching", "parsing")


def status_mark(source: Source) -> Text:
    """One cell: ✓ fine, ✗ failing, – muted, · never fetched."""
    if source.muted:
        return Text("\u2013 ", style="dim")
    if source.last_status in ("ok", "not_modified", "ok_with_warnings"):
        return Text("\u2713 ")
    if source.last_status is None:
        return Text("\u00b7 ", style="dim")
    return Text("\u2717 ", style="bold reverse")


def source_label(source: Source, progress: str | None = None) -> Text:
    """The tree row: mark, name, kind, articles, status token (the details are below)."""
    label = Text(end="", no_wrap=True, overflow="ellipsis")
    if progress:  # during a refresh: this source's phase, then its typed status
        label.append(plain(f"[{progress}] ", style="bold" if progress in OK_STATUSES
                           or progress in BUSY else "bold reverse"))
    label.append_text(status_mark(source))
    label.append(plain(source.name, style="bold"))
    label.append(f"  {source.kind} \u00b7 {source.article_count} art.")
    status = "muted" if source.muted else source.last_status
    if status:
        label.append(" \u00b7 ")
        style = "" if status in OK_STATUSES or status == "muted" else "bold reverse"
        if status == "ok_with_warnings":  # a warning, not a failure
            style = "bold"
        label.append(plain(status, style=style))
        if source.last_warning and not source.muted and source.last_status in OK_STATUSES:
            label.append(": ")
            label.append(plain(source.last_warning, max_len=80, style="italic"))
    return label


def source_details(source: Source) -> Text:
    """Everything about one source, for the panel under the tree (wraps; URLs fold)."""
    out = Text(end="")
    out.append(plain(source.name, style="bold"))
    out.append(f"  {source.kind} \u00b7 {source.article_count} article"
               f"{'s' if source.article_count != 1 else ''}")
    if source.muted:
        out.append(" \u00b7 muted (refresh skips it)", style="bold")
    where = source.url or (None if source.bundled else source.path)
    if where:  # a link shown as text, never as a terminal hyperlink
        out.append("\n")
        out.append(plain(where, max_len=2000))
    elif source.bundled:
        out.append("\nbundled with talkstui (the seeds)")
    out.append("\nlast success: ")
    out.append(short_datetime(source.last_success) if source.last_success else "never")
    out.append(" \u00b7 last attempt: ")
    out.append(short_datetime(source.last_refresh) if source.last_refresh else "never")
    out.append("\nstatus: ")
    status = source.last_status or "not fetched yet"
    out.append(plain(status, style="" if source.last_status in OK_STATUSES else "bold reverse"))
    if source.last_error:
        out.append(": ")
        out.append(plain(source.last_error, max_len=400, style="italic"))
    elif source.last_warning and source.last_status in OK_STATUSES:
        out.append(": ")
        out.append(plain(source.last_warning, max_len=400, style="italic"))
    out.append("\nR refresh \u00b7 n rename \u00b7 d remove \u00b7 "
               f"x {'unmute' if source.muted else 'mute'} \u00b7 Enter articles",
               style="dim")
    return out


def refresh_panel(state: dict[str, str], names: dict[str, str],
                  results: dict[str, tuple[str, str]], elapsed: float) -> Text:
    """Pending / done / failed during a refresh, with the elapsed time."""
    done = [sid for sid, phase in state.items() if phase == "done"]
    failed = [sid for sid in done if results.get(sid, ("ok", ""))[0] not in OK_STATUSES]
    pending = [sid for sid, phase in state.items() if phase != "done"]
    out = Text(end="")
    out.append(f"Refreshing: {len(done)} of {len(state)} done", style="bold")
    out.append(f" \u00b7 {len(failed)} failed \u00b7 {len(pending)} pending \u00b7 "
               f"{elapsed:.0f} s \u00b7 Esc cancels")
    if failed:
        out.append("\nfailed: ")
        out.append(plain(", ".join(f"{names.get(s, s)} ({results[s][0]})" for s in failed[:6])
                         + (f" +{len(failed) - 6}" if len(failed) > 6 else ""), max_len=400))
    if pending:
        out.append("\npending: ")
        out.append(plain(", ".join(f"{names.get(s, s)} ({state[s]})" for s in pending[:6])
                         + (f" +{len(pending) - 6}" if len(pending) > 6 else ""), max_len=400,
                         style="dim"))
    return out


def article_matches(article: ArticleView, needle: str) -> bool:
    if not needle:
        return True
    hay = " ".join([article.title, article.outlet, article.url or "",
                    short_date(article.published)]).casefold()
    return all(word in hay for word in needle.casefold().split())


def article_label(article: ArticleView) -> Text:
    label = Text(end="")
    label.append(short_date(article.published))
    if article.published is not None and article.published_inferred:
        label.append(" (inferred)", style="italic")
    rel = getattr(article, "relevance", None)
    if rel is not None and rel.decided_by == "user":  # before the title: never cut off
        label.append("  [in: your choice]" if rel.inside else "  [out: your choice]",
                     style="italic")
    label.append("  ")
    label.append(plain(article.title, max_len=120))
    return label


class SourcesBrowser(Vertical):
    """Sources (with keys to act on one), then Articles grouped by outlet."""

    ALLOW_MAXIMIZE = True

    BINDINGS = [
        Binding("R", "source('refresh')", "Refresh source", show=False, id="refresh_source"),
        Binding("n", "source('rename')", "Rename source", show=False, id="rename_source"),
        Binding("d", "source('remove')", "Remove source", show=False, id="remove_source"),
        Binding("x", "source('mute')", "Mute / unmute source", show=False, id="mute_source"),
    ]

    story: reactive[Story | None] = reactive(None, always_update=True)
    filter_text: reactive[str] = reactive("")
    outlet_filter: reactive[str | None] = reactive(None)  # Enter on a source: its name...
    article_ids: reactive[frozenset[str] | None] = reactive(None)  # ...and its articles

    def compose(self) -> ComposeResult:
        yield Static("", id="refresh-panel")
        tree: VimTree = VimTree(Text("talkstui"), id="sources-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("", id="source-details")

    @property
    def tree(self) -> VimTree:
        return self.query_one(VimTree)

    @property
    def filter_input(self) -> Input | None:
        return self.query_one_optional("#articles-filter", Input)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._progress: dict[str, str] = {}
        self._progress_names: dict[str, str] = {}
        self._source_nodes: dict[str, tuple[TreeNode, Source]] = {}
        self._sources_node: TreeNode | None = None

    def on_mount(self) -> None:
        self.query_one("#refresh-panel").display = False
        self.query_one("#source-details").display = False
        self._width = 0
        self._fill()

    def on_resize(self) -> None:
        if self.tree.size.width != self._width:
            self._width = self.tree.size.width
            self._fill()

    def _fit(self, label: Text, indent: int) -> Text:
        """A row cut at the tree's width with an ellipsis, never mid-word without a mark."""
        width = (self.tree.size.width or 0) - indent - 1
        if width > 8 and label.cell_len > width:
            label = label.copy()
            label.truncate(width, overflow="ellipsis")
        return label

    # ---------------------------------------------------------------- refresh progress

    def set_progress(self, source_id: str, text: str, name: str | None = None) -> None:
        """Show one source's refresh phase or result next to its name (new ones get a row)."""
        self._progress[source_id] = text
        if name:
            self._progress_names[source_id] = name
        found = self._source_nodes.get(source_id)
        if found is None and self._sources_node is not None:
            from talkstui.model import Source as _Source

            source = _Source(source_id, name or source_id, "feed")
            node = self._sources_node.add_leaf(source_label(source, text), data=source_id)
            self._source_nodes[source_id] = (node, source)
            return
        if found is not None:
            node, source = found
            node.set_label(self._fit(source_label(source, text), 4))

    def show_refresh(self, state: dict[str, str], names: dict[str, str],
                     results: dict[str, tuple[str, str]], elapsed: float) -> None:
        panel = self.query_one("#refresh-panel", Static)
        panel.display = True
        panel.update(refresh_panel(state, names, results, elapsed))

    def clear_progress(self) -> None:
        self._progress.clear()
        self._progress_names.clear()
        self.query_one("#refresh-panel").display = False

    # ---------------------------------------------------------------- data

    def watch_story(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_filter_text(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_outlet_filter(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_article_ids(self) -> None:
        if self.is_mounted and self.outlet_filter is not None:
            self._fill()

    def visible_articles(self) -> list[ArticleView]:
        if self.story is None:
            return []
        return [a for a in self.story.articles if article_matches(a, self.filter_text)
                and (self.outlet_filter is None
                     or (a.id in self.article_ids if self.article_ids is not None
                         else a.outlet == self.outlet_filter))]

    def show_source_articles(self, name: str, ids: set[str] | None) -> None:
        """Only the articles of one source (its ids when known, else its outlet name)."""
        self.article_ids = frozenset(ids) if ids is not None else None
        self.outlet_filter = name
        self.call_after_refresh(self._go_to_articles)

    def _fill(self) -> None:
        tree = self.tree
        line = max(0, tree.cursor_line)
        tree.clear()
        self._sources_node = None
        story = self.story
        if story is None:
            tree.root.add_leaf(Text("Loading\u2026", style="italic"))
            return
        failing = sum(1 for s in story.sources
                      if not s.muted and s.last_status not in OK_STATUSES)
        heading = Text(f"Sources ({len(story.sources)})", style="bold")
        if failing:
            heading.append(f" \u00b7 {failing} failing", style="bold reverse")
        src_node = tree.root.add(heading, expand=True)
        self._source_nodes = {}
        self._sources_node = src_node
        for source in story.sources:
            node = src_node.add_leaf(
                self._fit(source_label(source, self._progress.get(source.id)), 4),
                data=source.id)
            self._source_nodes[source.id] = (node, source)
        from talkstui.model import Source as _Source

        for sid, phase in self._progress.items():  # in this refresh, not in the story yet
            if sid not in self._source_nodes:
                source = _Source(sid, self._progress_names.get(sid, sid), "feed")
                node = src_node.add_leaf(self._fit(source_label(source, phase), 4), data=sid)
                self._source_nodes[sid] = (node, source)
        if not story.sources and not self._progress:
            src_node.add_leaf(Text("(no sources)  a: add one", style="italic"))
        articles = self.visible_articles()
        by_outlet: dict[str, list[ArticleView]] = defaultdict(list)
        for article in articles:
            by_outlet[article.outlet].append(article)
        heading = Text(f"Articles ({len(articles)})", style="bold")
        if self.outlet_filter is not None:
            heading.append(" from ")
            heading.append(plain(self.outlet_filter, max_len=40, style="italic"))
            heading.append(" (Esc: all)", style="dim")
        if self.filter_text:
            heading.append(" filtered: ")
            heading.append(plain(self.filter_text, max_len=30, style="italic"))
        self._articles_node = art_node = tree.root.add(heading, expand=True, data=None)
        for outlet in sorted(by_outlet, key=str.casefold):
            group = by_outlet[outlet]
            node = art_node.add(
                Text.assemble(plain(outlet, style="bold"), f" ({len(group)})"), expand=True
            )
            for article in sorted(group, key=lambda a: (a.published is None, a.published or 0)):
                node.add_leaf(self._fit(article_label(article), 6),
                              data=("article", article.id))
        outside = [a for a in getattr(story, "outside", ()) or ()
                   if article_matches(a, self.filter_text)]
        if outside:  # listed, folded: + pulls one into the story
            out_node = tree.root.add(Text(f"Outside this story ({len(outside)})", style="bold"),
                                     expand=False, data=None)
            for article in outside[-500:]:
                label = Text.assemble(plain(article.outlet, max_len=30, style="dim"), " ",
                                      article_label(article))
                out_node.add_leaf(self._fit(label, 4), data=("article", article.id))
        self.call_after_refresh(self._restore_cursor, line)

    def _restore_cursor(self, line: int) -> None:
        tree = self.tree
        tree.cursor_line = min(line, max(0, tree.last_line))
        self._show_details(tree.cursor_node)

    # ---------------------------------------------------------------- the selected source

    def selected_source(self) -> Source | None:
        node = self.tree.cursor_node
        if node is None or not isinstance(node.data, str):
            return None
        found = self._source_nodes.get(node.data)
        return found[1] if found else None

    def _show_details(self, node: TreeNode | None) -> None:
        details = self.query_one("#source-details", Static)
        source = None
        if node is not None and isinstance(node.data, str):
            found = self._source_nodes.get(node.data)
            source = found[1] if found else None
        details.display = source is not None
        if source is not None:
            details.update(source_details(source))

    @on(Tree.NodeHighlighted, "#sources-tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        self._show_details(event.node)

    @on(Tree.NodeSelected, "#sources-tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, tuple) and data[0] == "article":
            self.post_message(ArticleOpenRequested(data[1]))
        elif isinstance(data, str):  # a source: its articles (the app looks them up)
            source = self.selected_source()
            if source is not None:
                self.post_message(SourceActionRequested("articles", source.id,
                                                        plain(source.name).plain))

    def _go_to_articles(self) -> None:
        node = getattr(self, "_articles_node", None)
        if node is not None:
            self.tree.move_cursor(node)
            self.tree.scroll_to_node(node, animate=False)

    def action_source(self, action: str) -> None:
        source = self.selected_source()
        if source is None:
            self.app.bell()
            self.notify("Put the cursor on a source first (they are at the top).",
                        markup=False)
            return
        if action == "mute" and source.muted:
            action = "unmute"
        if action == "refresh" and source.muted:
            self.notify(f"{plain(source.name).plain} is muted: x unmutes it first.",
                        markup=False)
            return
        self.post_message(SourceActionRequested(action, source.id, plain(source.name).plain))

    def clear_outlet_filter(self) -> bool:
        if self.outlet_filter is None:
            return False
        self.article_ids = None
        self.outlet_filter = None
        return True

    # ---------------------------------------------------------------- filter

    def open_filter(self) -> None:
        """Show the filter box (mounted on first use: nothing to build at start-up)."""
        box = self.filter_input
        if box is None:
            from talkstui.tui.widgets.filter_input import FilterInput

            box = FilterInput(id="articles-filter", classes="filter", value=self.filter_text)
            self.mount(box, before=self.tree)
        box.display = True
        self.call_after_refresh(box.focus)

    @on(Input.Changed, "#articles-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value

    @on(Input.Submitted, "#articles-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.filter_text = event.value
        if not event.value and self.filter_input is not None:
            self.filter_input.display = False
        self.tree.focus()
