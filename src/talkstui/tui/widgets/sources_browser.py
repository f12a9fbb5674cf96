"""Sources (with their last refresh and status) and the articles, grouped by outlet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.binding import Binding
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from talkstui.tui.messages import ArticleOpenRequested
from talkstui.tui.render import plain, short_date, short_datetime

if TYPE_CHECKING:
    from talkstui.model import ArticleView, Source, Story

class VimTree(Tree):
    """A Tree with j/k/h/l/g/G (h/l fold and unfold)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("h", "cursor_parent", "Left", show=False, id="left"),
        Binding("l", "toggle_node", "Right", show=False, id="right"),
        Binding("g", "scroll_home", "Top", show=False, id="top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="bottom"),
    ]


OK_STATUSES = {"ok", "not_modified", None}


def article_matches(article: ArticleView, needle: str) -> bool:
    if not needle:
        return True
    hay = " ".join([article.title, article.outlet, article.url or "",
                    short_date(article.published)]).casefold()
    return all(word in hay for word in needle.casefold().split())


def source_label(source: Source, progress: str | None = None) -> Text:
    label = Text(end="")
    if progress:  # during a refresh: this source's phase, then its typed status
        label.append(plain(f"[{progress}] ", style="bold reverse" if progress not in OK_STATUSES
                           and progress not in ("queued", "fetching", "parsing") else "bold"))
    label.append(plain(source.name, style="bold"))
    label.append(f"  {source.kind} \u00b7 {source.article_count} art. \u00b7 ")
    label.append(short_datetime(source.last_refresh) if source.last_refresh else "never refreshed")
    status = source.last_status
    if status:
        label.append(" \u00b7 ")
        label.append(plain(status, style="" if status in OK_STATUSES else
                           "bold" if status == "ok_with_warnings" else "bold reverse"))
    where = source.url or (None if source.bundled else source.path)
    if where:  # a link shown as text, never as a terminal hyperlink
        label.append("  ")
        label.append(plain(where, max_len=60, style="dim"))
    if source.last_error:
        label.append(" ")
        label.append(plain(source.last_error, max_len=80, style="italic"))
    elif getattr(source, "last_warning", None):
        label.append(" ")
        label.append(plain(source.last_warning, max_len=80, style="italic"))
    return label


def article_label(article: ArticleView) -> Text:
    label = Text(end="")
    label.append(short_date(article.published))
    if article.published is not None and article.published_inferred:
        label.append(" (inferred)", style="italic")
    label.append("  ")
    label.append(plain(article.title, max_len=120))
    rel = getattr(article, "relevance", None)
    if rel is not None and rel.decided_by == "user":
        label.append("  [in: your choice]" if rel.inside else "  [out: your choice]",
                     style="italic")
    return label


class SourcesBrowser(Vertical):
    """A tree: Sources, then Articles grouped by outlet. Enter on an article opens it."""

    ALLOW_MAXIMIZE = True

    story: reactive[Story | None] = reactive(None, always_update=True)
    filter_text: reactive[str] = reactive("")

    def compose(self) -> ComposeResult:
        tree: VimTree = VimTree(Text("talkstui"), id="sources-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree

    @property
    def tree(self) -> VimTree:
        return self.query_one(VimTree)

    @property
    def filter_input(self) -> Input | None:
        return self.query_one_optional("#articles-filter", Input)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._progress: dict[str, str] = {}
        self._source_nodes: dict[str, tuple[TreeNode, Source]] = {}
        self._sources_node: TreeNode | None = None

    def on_mount(self) -> None:
        self._fill()

    def set_progress(self, source_id: str, text: str, name: str | None = None) -> None:
        """Show one source's refresh phase or result next to its name (new ones get a row)."""
        self._progress[source_id] = text
        found = self._source_nodes.get(source_id)
        if found is None and self._sources_node is not None:
            from talkstui.model import Source as _Source

            source = _Source(source_id, name or source_id, "feed")
            node = self._sources_node.add_leaf(source_label(source, text))
            self._source_nodes[source_id] = (node, source)
            return
        if found is not None:
            node, source = found
            node.set_label(source_label(source, text))

    def clear_progress(self) -> None:
        self._progress.clear()

    def watch_story(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_filter_text(self) -> None:
        if self.is_mounted:
            self._fill()

    def visible_articles(self) -> list[ArticleView]:
        if self.story is None:
            return []
        return [a for a in self.story.articles if article_matches(a, self.filter_text)]

    def _fill(self) -> None:
        tree = self.tree
        line = max(0, tree.cursor_line)
        tree.clear()
        self._sources_node = None
        story = self.story
        if story is None:
            tree.root.add_leaf(Text("Loading\u2026", style="italic"))
            return
        articles = self.visible_articles()
        by_outlet: dict[str, list[ArticleView]] = defaultdict(list)
        for article in articles:
            by_outlet[article.outlet].append(article)
        heading = Text(f"Articles ({len(articles)})", style="bold")
        if self.filter_text:
            heading.append(" filtered: ")
            heading.append(plain(self.filter_text, max_len=30, style="italic"))
        art_node = tree.root.add(heading, expand=True, data=None)
        for outlet in sorted(by_outlet, key=str.casefold):
            group = by_outlet[outlet]
            node = art_node.add(
                Text.assemble(plain(outlet, style="bold"), f" ({len(group)})"), expand=True
            )
            for article in sorted(group, key=lambda a: (a.published is None, a.published or 0)):
                node.add_leaf(article_label(article), data=article.id)
        outside = [a for a in getattr(story, "outside", ()) or ()
                   if article_matches(a, self.filter_text)]
        if outside:  # listed, folded: + pulls one into the story
            out_node = tree.root.add(Text(f"Outside this story ({len(outside)})", style="bold"),
                                     expand=False, data=None)
            for article in outside[-500:]:
                label = Text.assemble(plain(article.outlet, max_len=30, style="dim"), " ",
                                      article_label(article))
                out_node.add_leaf(label, data=article.id)
        src_node = tree.root.add(Text(f"Sources ({len(story.sources)})", style="bold"),
                                 expand=True)
        self._source_nodes = {}
        self._sources_node = src_node
        for source in story.sources:
            node = src_node.add_leaf(source_label(source, self._progress.get(source.id)),
                                     data=("source", source.id))
            self._source_nodes[source.id] = (node, source)
        if not story.sources:
            src_node.add_leaf(Text("(no sources)", style="italic"))
        self.call_after_refresh(self._restore_cursor, line)

    def _restore_cursor(self, line: int) -> None:
        tree = self.tree
        tree.cursor_line = min(line, max(0, tree.last_line))

    @on(Tree.NodeSelected, "#sources-tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if isinstance(event.node.data, str):
            self.post_message(ArticleOpenRequested(event.node.data))

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
