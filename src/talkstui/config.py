"""Settings: a TOML config file plus the environment, and where data lives.

`TALKSTUI_HOME=DIR` puts everything (config, store, exports) under DIR; tests and
benchmarks use it. Otherwise the platform's user directories (platformdirs).
A malformed config raises `ConfigError` naming the file and the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from talkstui.errors import ConfigError

APP_NAME = "talkstui"

DEFAULT_CONFIG = """\
# talkstui configuration. Every key is optional.

[story]                 # without terms: the bundled seed story's (seeds/story.toml)
title = "Russia-Ukraine peace talks"

# [[stories]]           # more stories; also `talkstui story new TITLE --term ...`
# title = "Boeing machinists' strike"
# terms = ["Boeing", { name = "IAM", aliases = ["machinists union"], weight = 1.5 }]
# exclude = ["Airbus"]

# [[sources]]
# name = "Example feed"
# url = "https://example.org/feed.xml"

# [[deadlines]]
# story = "russia-ukraine"   # default: the first story
# label = "US 50-day deadline"
# set_on = "2025-07-14"
# duration = "P50D"

[refresh]
concurrency = 16        # fetches at once, overall
per_host = 4            # fetches at once, per host
timeout = 20.0          # seconds for a whole request, however slowly bytes trickle in
max_bytes = 10000000    # cap on bytes on the wire and after decompression
max_redirects = 5

[ui]
show_seconds = true     # the countdown ticks every second; false writes nothing at rest
mouse = true
poll_seconds = 5.0      # how often an open dashboard looks for a cron refresh's writes

# [keys]                # remap any binding by its id
# refresh = "r"
# export = "e"

# [lexicon]             # extend the event kinds
# talks = ["parley"]
"""


@dataclass
class Locations:
    config_file: Path
    data_dir: Path
    export_dir: Path

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"


@dataclass
class SourceConfig:
    name: str
    url: str


@dataclass
class DeadlineConfig:
    label: str
    set_on: str | None = None
    duration: str | None = None
    due: str | None = None
    story: str | None = None  # the story (id) it belongs to; None: the first story


@dataclass
class RefreshSettings:
    concurrency: int = 16
    per_host: int = 4
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    fetch_pages: bool = True  # fetch the pages of summary-only feed items (ingest.itempages)
    max_pages: int = 20  # at most this many item pages per refresh


@dataclass
class UISettings:
    show_seconds: bool = True
    mouse: bool = True
    poll_seconds: float = 5.0


@dataclass
class Settings:
    locations: Locations
    story_title: str = "Russia-Ukraine peace talks"
    sources: list[SourceConfig] = field(default_factory=list)
    deadlines: list[DeadlineConfig] = field(default_factory=list)
    refresh: RefreshSettings = field(default_factory=RefreshSettings)
    ui: UISettings = field(default_factory=UISettings)
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> key(s)
    lexicon: dict[str, list[str]] = field(default_factory=dict)  # event kind -> extra words
    # Every story this install follows, the one `talkstui` opens first; filled by
    # load_settings (story.definitions.resolve_stories), empty in a Settings made by hand.
    # `story` is the one shown (settings_for makes a Settings for another).
    stories: list = field(default_factory=list)
    story: object | None = None  # story.scope.StoryDef
    story_tables: list[dict] = field(default_factory=list)  # raw [story] / [[stories]] tables


def locations(env: dict[str, str] | None = None) -> Locations:
    env = dict(os.environ) if env is None else env
    home = env.get("TALKSTUI_HOME")
    if home:
        root = Path(home).expanduser()
        return Locations(root / "config.toml", root / "data", root / "exports")
    import platformdirs

    config_dir = Path(platformdirs.user_config_dir(APP_NAME))
    data_dir = Path(platformdirs.user_data_dir(APP_NAME))
    return Locations(config_dir / "config.toml", data_dir, data_dir / "exports")


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Reader:
    """Typed access to a parsed TOML table, with errors that name the file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, key: str, message: str) -> ConfigError:
        line = _line_of(self.text, key.rsplit(".", 1)[-1])
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigError(f"{where}: {key}: {message}")

    def get(self, table: dict, prefix: str, key: str, kind: type | tuple, default):
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(f"{prefix}{key}", f"expected {name}, got {value!r}")
        return value

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value


def _positive(reader: _Reader, name: str, value: float) -> float:
    if value <= 0:
        raise reader.fail(name, f"must be greater than zero, got {value!r}")
    return value


def load_settings(locs: Locations | None = None) -> Settings:
    """Read the config file (if any) into Settings."""
    locs = locs or locations()
    settings = Settings(locations=locs)
    path = locs.config_file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        from talkstui.story.definitions import resolve_stories

        resolve_stories(settings)
        return settings
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}, line {line}: the config file is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at line.*\)", "", message)
        where = f"{path}, line {match.group(1)}" if match else str(path)
        raise ConfigError(f"{where}: {reason}") from None
    r = _Reader(path, text)

    story = r.table(data, "story")
    settings.story_title = r.get(story, "story.", "title", str, settings.story_title)
    from talkstui.story.definitions import read_story_tables

    settings.story_tables = read_story_tables(r, data)

    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise r.fail("sources", "expected [[sources]] tables")
    for item in sources:
        if not isinstance(item, dict):
            raise r.fail("sources", "expected [[sources]] tables")
        url = r.get(item, "sources.", "url", str, None)
        if not url:
            raise r.fail("sources", "each [[sources]] needs a url")
        settings.sources.append(SourceConfig(r.get(item, "sources.", "name", str, url), url))

    deadlines = data.get("deadlines", [])
    if not isinstance(deadlines, list):
        raise r.fail("deadlines", "expected [[deadlines]] tables")
    for item in deadlines:
        if not isinstance(item, dict):
            raise r.fail("deadlines", "expected [[deadlines]] tables")
        settings.deadlines.append(
            DeadlineConfig(
                label=r.get(item, "deadlines.", "label", str, "deadline"),
                set_on=r.get(item, "deadlines.", "set_on", str, None),
                duration=r.get(item, "deadlines.", "duration", str, None),
                due=r.get(item, "deadlines.", "due", str, None),
                story=r.get(item, "deadlines.", "story", str, None),
            )
        )

    refresh = r.table(data, "refresh")
    d = settings.refresh
    settings.refresh = RefreshSettings(
        concurrency=int(_positive(r, "refresh.concurrency", r.get(refresh, "refresh.", "concurrency", int, d.concurrency))),
        per_host=int(_positive(r, "refresh.per_host", r.get(refresh, "refresh.", "per_host", int, d.per_host))),
        timeout=_positive(r, "refresh.timeout", r.get(refresh, "refresh.", "timeout", float, d.timeout)),
        max_bytes=int(_positive(r, "refresh.max_bytes", r.get(refresh, "refresh.", "max_bytes", int, d.max_bytes))),
        max_redirects=int(r.get(refresh, "refresh.", "max_redirects", int, d.max_redirects)),
        fetch_pages=r.get(refresh, "refresh.", "fetch_pages", bool, d.fetch_pages),
        max_pages=max(0, int(r.get(refresh, "refresh.", "max_pages", int, d.max_pages))),
    )

    ui = r.table(data, "ui")
    settings.ui = UISettings(
        show_seconds=r.get(ui, "ui.", "show_seconds", bool, True),
        mouse=r.get(ui, "ui.", "mouse", bool, True),
        poll_seconds=_positive(r, "ui.poll_seconds", r.get(ui, "ui.", "poll_seconds", float, 5.0)),
    )

    keys = r.table(data, "keys")
    for key, value in keys.items():
        settings.keys[key] = r.get(keys, "keys.", key, str, "")

    lexicon = r.table(data, "lexicon")
    for kind, words in lexicon.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise r.fail(f"lexicon.{kind}", "expected a list of words")
        settings.lexicon[kind] = list(words)
    from talkstui.story.definitions import resolve_stories

    resolve_stories(settings, r)
    return settings
