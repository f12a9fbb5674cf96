"""The `talkstui` command: parses options, builds settings, calls into the modules that do the work.

No logic of its own. Heavy modules (Textual, httpx, feedparser, trafilatura) are
imported inside each command, so `talkstui export` never pays for the TUI and the
dashboard never pays for the fetcher at start-up.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from talkstui import __version__
from talkstui.errors import TalksError
from talkstui.user_dates import parse_user_datetime


class _DateTime(click.ParamType):
    name = "DATETIME"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            return parse_user_datetime(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATETIME = _DateTime()


def _settings(story: str | None = None):
    """The settings, for the story named by `--story` (on the command or before it); each
    config warning (unknown key, deadline left out) on stderr, one line naming the file and
    line."""
    from talkstui.config import load_settings
    from talkstui.sanitize import clean_line

    settings = load_settings()
    for warning in settings.warnings:
        click.echo(f"talkstui: warning: {clean_line(warning, max_len=300)}", err=True)
    ctx = click.get_current_context(silent=True)
    name = story
    while name is None and ctx is not None:
        name = (ctx.obj or {}).get("story") if isinstance(ctx.obj, dict) else None
        ctx = ctx.parent
    if name:
        from talkstui.story.definitions import settings_for

        settings = settings_for(settings, name)
    return settings


def _group_as_of() -> datetime | None:
    """`talkstui --as-of DATE <command>`: the date given before the command."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    obj = getattr(root, "obj", None)
    return obj.get("as_of") if isinstance(obj, dict) else None


def _plain_store_notices() -> None:
    """The store's notices (a file restored from its good copy, a read-only or busy store)
    come as StoreRecovered warnings: printed as one plain line, `talkstui: <message>`, not
    with Python's file path and source line."""
    import warnings

    default = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if getattr(category, "__name__", "") == "StoreRecovered":
            from talkstui.sanitize import clean_line

            click.echo(f"talkstui: {clean_line(str(message), max_len=1000)}", err=True)
            return
        default(message, category, filename, lineno, file, line)

    warnings.showwarning = show


class _Group(click.Group):
    """Turns every TalksError into one clear line and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TalksError as exc:
            from talkstui.sanitize import clean_line

            click.echo(f"talkstui: {clean_line(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # No permission, a missing folder, a full disk: one line, never a traceback.
            from talkstui.sanitize import clean_line

            where = f": {exc.filename}" if exc.filename else ""
            reason = exc.strerror or str(exc)
            click.echo(f"talkstui: {clean_line(reason)}{clean_line(where)}", err=True)
            sys.exit(1)  # a file could not be read or written
        except KeyboardInterrupt:
            click.echo("talkstui: interrupted", err=True)
            sys.exit(130)


EXIT_CODES = """\b
Exit codes:
  0  ok
  1  a source or a file failed (a failed fetch, an unwritable file)
  2  usage or configuration error (a bad option, a malformed config, an unknown source)
"""


@click.group(cls=_Group, invoke_without_command=True, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="talkstui")
@click.option("--as-of", "as_of", type=DATETIME, help="Show the story as it stood then.")
@click.option("--no-mouse", is_flag=True, help="Do not turn on mouse reporting.")
@click.option("--story", "story", metavar="NAME",
              help="The story to show (id or title; see `talkstui stories`).")
@click.pass_context
def main(ctx: click.Context, as_of: datetime | None, no_mouse: bool, story: str | None) -> None:
    """Follow a developing news story across many outlets. With no command: open the dashboard."""
    _plain_store_notices()
    ctx.obj = {"story": story, "as_of": as_of}
    if ctx.invoked_subcommand is None:
        settings = _settings()
        from talkstui.tui.run import run_dashboard

        sys.exit(run_dashboard(settings, as_of=as_of, mouse=not no_mouse))


@main.command("refresh", epilog=EXIT_CODES)
@click.argument("sources", nargs=-1)
def refresh_cmd(sources: tuple[str, ...]) -> None:
    """Fetch every source (or those named) into the store. Quiet under cron; exit 1 and one line
    per failed source on failure. Muted sources are skipped (see mute-source)."""
    settings = _settings()
    from talkstui.refresh import refresh_command

    sys.exit(refresh_command(settings, list(sources)))


@main.command("add-source", epilog=EXIT_CODES)
@click.argument("url")
@click.option("--name", help="A unique name to show for it (default: the feed's title or the "
              "host).")
@click.option("--page", is_flag=True,
              help="Add the page itself even when it names feeds (rel=alternate).")
def add_source_cmd(url: str, name: str | None, page: bool) -> None:
    """Add a feed or an article page (detected) as a source.

    A feed that is down right now is added all the same, with its status
    ("added; last try: http_404"), and exits 1; the next refresh tries it again."""
    settings = _settings()
    from talkstui.sources import add_source_command

    sys.exit(add_source_command(settings, url, name, page=page))


@main.command("remove-source")
@click.argument("source")
def remove_source_cmd(source: str) -> None:
    """Remove a source (by id or name) and the articles only it carried."""
    settings = _settings()
    from talkstui.sources import remove_source_command

    sys.exit(remove_source_command(settings, source))


@main.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per source.")
def sources_cmd(as_json: bool) -> None:
    """List sources: id, name, kind, URL, articles, last success, last attempt, status.

    Aligned columns on a terminal, tab-separated when piped, JSON with --json.
    An empty store is filled from the seeds first, as the dashboard and `export` do."""
    settings = _settings()
    from talkstui.sources import list_sources_command

    sys.exit(list_sources_command(settings, as_json))


@main.command("mute-source")
@click.argument("source")
@click.option("--undo", is_flag=True, help="Unmute it: refresh fetches it again.")
def mute_source_cmd(source: str, undo: bool) -> None:
    """Mute a source that is gone for good: refresh skips it (so cron stops failing on it);
    its articles stay."""
    settings = _settings()
    from talkstui.sources import mute_source_command

    sys.exit(mute_source_command(settings, source, not undo))


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="The outlet that published these articles.")
@click.option("--url", help="The article's original URL (one file only).")
@click.option("--published", type=DATETIME, help="Publication date, ISO 8601.")
def import_cmd(
    paths: tuple[Path, ...], outlet: str | None, url: str | None, published: datetime | None
) -> None:
    """Import text, markdown or HTML files, or folders of them."""
    settings = _settings()
    from talkstui.sources import import_command

    sys.exit(import_command(settings, list(paths), outlet=outlet, url=url, published=published))


@main.command("import-opml")
@click.argument("file", type=click.Path(path_type=Path))
def import_opml_cmd(file: Path) -> None:
    """Add the feeds an OPML file lists (from newsboat, Feedly or any feed reader)."""
    settings = _settings()
    from talkstui.sources import import_opml_command

    sys.exit(import_opml_command(settings, file))


@main.command("export-opml")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def export_opml_cmd(output: Path | None, force: bool) -> None:
    """Write the feed and page sources as OPML, for any feed reader."""
    settings = _settings()
    from talkstui.sources import export_opml_command

    sys.exit(export_opml_command(settings, output, force=force))


@main.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE, not stdout.")
@click.option("--as-of", "as_of", type=DATETIME, help="The story as it stood then.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--story", "story", metavar="NAME", help="The story to export (default: the first).")
def export_cmd(fmt: str, output: Path | None, as_of: datetime | None, force: bool,
               story: str | None) -> None:
    """Print (or write) a snapshot of the story: text, markdown or JSON."""
    settings = _settings(story)
    from talkstui.export import export_command

    sys.exit(export_command(settings, fmt, output, as_of=as_of or _group_as_of(), force=force))


@main.command("stories")
@click.option("--as-of", "as_of", type=DATETIME, help="The stories as they stood then.")
def stories_cmd(as_of: datetime | None) -> None:
    """List the stories: id, title, articles in each, the next deadline."""
    from talkstui.story.commands import list_stories_command

    sys.exit(list_stories_command(_settings(), as_of=as_of or _group_as_of()))


@main.group("story", cls=_Group)
def story_group() -> None:
    """Define stories and decide which articles belong to them."""


@story_group.command("list")
def story_list_cmd() -> None:
    """The same as `talkstui stories`."""
    from talkstui.story.commands import list_stories_command

    sys.exit(list_stories_command(_settings()))


@story_group.command("new")
@click.argument("title")
@click.option("--term", "terms", multiple=True, metavar="TERM",
              help='A name, place or phrase; other spellings after |, a weight after : '
                   '("Zelensky|Zelenskyy", "Istanbul:0.5"). Repeatable.')
@click.option("--exclude", "exclude", multiple=True, metavar="TERM",
              help="A term that marks an article as another story's. Repeatable.")
@click.option("--id", "story_id", help="The story's id (default: made from the title).")
def story_new_cmd(title: str, terms: tuple[str, ...], exclude: tuple[str, ...],
                  story_id: str | None) -> None:
    """Start a new story from a title and a few terms."""
    from talkstui.story.commands import new_story_command

    sys.exit(new_story_command(_settings(), title, list(terms), list(exclude), story_id))


@story_group.command("show")
@click.argument("name", required=False)
def story_show_cmd(name: str | None) -> None:
    """A story's terms, its counts, and the closest articles outside it."""
    from talkstui.story.commands import show_story_command

    sys.exit(show_story_command(_settings(), name or (click.get_current_context().find_root().obj or {}).get("story")))


@story_group.command("add-term")
@click.argument("name")
@click.argument("terms", nargs=-1)
@click.option("--exclude", "exclude", multiple=True, metavar="TERM", help="Add an exclusion.")
def story_add_term_cmd(name: str, terms: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Add terms (or exclusions) to a story."""
    from talkstui.story.commands import add_terms_command

    sys.exit(add_terms_command(_settings(), name, list(terms), list(exclude)))


@story_group.command("suggest")
@click.argument("name", required=False)
@click.option("--accept", "accept", multiple=True, metavar="TERM",
              help="Add this suggested term (or `all`). Repeatable.")
def story_suggest_cmd(name: str | None, accept: tuple[str, ...]) -> None:
    """Suggest terms: names that recur in the story's articles and rarely outside."""
    from talkstui.story.commands import suggest_command

    sys.exit(suggest_command(_settings(), name, list(accept)))


def _choice(verdict: bool | None, help_text: str):
    def command(name: str, articles: tuple[str, ...], sources: tuple[str, ...]) -> None:
        from talkstui.story.commands import choice_command

        sys.exit(choice_command(_settings(), name, list(articles), list(sources), verdict))

    command.__doc__ = help_text
    command = click.option("--source", "sources", multiple=True, metavar="SOURCE",
                           help="A whole source (id or name). Repeatable.")(command)
    command = click.argument("articles", nargs=-1)(command)
    return click.argument("name")(command)


story_group.command("pull-in")(_choice(True, "Pull articles (ids) or sources into a story."))
story_group.command("push-out")(_choice(False, "Push articles (ids) or sources out of a story."))
story_group.command("forget")(_choice(None, "Forget your choice: the story's terms decide again."))


@main.command("extract-times")
@click.option("--dct", required=True, type=DATETIME, help="Document creation time, ISO 8601.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the only format for now).")
def extract_times_cmd(dct: datetime, as_json: bool) -> None:
    """Read text on stdin; print its time expressions as JSON with offsets into that text."""
    import json

    from talkstui.extract.timex import extract_times

    data = sys.stdin.buffer.read()
    text = data.decode("utf-8", errors="replace")
    found = extract_times(text, dct)
    out = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
           for t in found]
    click.echo(json.dumps(out, ensure_ascii=False))


@main.command("screenshot", hidden=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("screenshots"),
              show_default=True)
@click.option("--as-of", "as_of", type=DATETIME, default="2025-07-22T12:00:00Z",
              show_default=True)
def screenshot_cmd(out_dir: Path, as_of: datetime) -> None:
    """Make the README's screenshots from the bundled seeds at a fixed time."""
    from talkstui.tui.screenshots import make_screenshots

    for path in make_screenshots(out_dir, as_of):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
