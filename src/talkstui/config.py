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
    # one line each, naming the file and line: unknown keys, deadlines left out (and why)
    warnings: list[str] = field(default_factory=list)
    keys_where: dict[str, str] = field(default_factory=dict)  # binding id -> "file, line N"
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


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")


class _Lines:
    """Where each table and key of the file is: `line(section, index, key)`, 1-based.

    A plain line scan (tomllib keeps no positions), good for the shapes a config file has:
    `[table]`, `[[array]]` (counted: index 0, 1, ...) and `key = value` lines."""

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current = ("", 0)
        for n, line in enumerate(text.splitlines(), 1):
            m = _HEADER.match(line)
            if m:
                name = m.group(2).replace('"', "").replace("'", "").replace(" ", "")
                index = 0
                if m.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                current = (name, index)
                self.tables.setdefault(current, n)
                continue
            k = _KEY.match(line)
            if k:
                self.keys.setdefault((*current, k.group(1).strip("\"'")), n)

    def line(self, section: str, index: int = 0, key: str | None = None) -> int | None:
        if key is not None:
            found = self.keys.get((section, index, key))
            if found is not None:
                return found
        return self.tables.get((section, index))


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Reader:
    """Typed access to a parsed TOML table, with errors that name the file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = _Lines(text)

    def where(self, section: str, index: int = 0, key: str | None = None) -> str:
        line = self.lines.line(section, index, key)
        return f"{self.path}, line {line}" if line else str(self.path)

    def fail(self, key: str, message: str, index: int | None = None) -> ConfigError:
        section, _, name = key.rpartition(".")
        line = self.lines.line(section, index or 0, name) if section else None
        if line is None:
            line = self.lines.line(key, index or 0) or _line_of(self.text, name)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigError(f"{where}: {key}: {message}")

    def get(self, table: dict, prefix: str, key: str, kind: type | tuple, default,
            index: int | None = None):
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(f"{prefix}{key}", f"expected {name}, got {value!r}", index)
        return value

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value


# Sane ranges: `nan`, `inf`, `1e-9` or `1e300` are refused with the line, never used.
RANGES: dict[str, tuple[float, float]] = {
    "refresh.concurrency": (1, 1000),
    "refresh.per_host": (1, 1000),
    "refresh.timeout": (0.5, 3600.0),
    "refresh.max_bytes": (1024, 2_000_000_000),
    "refresh.max_redirects": (0, 50),
    "ui.poll_seconds": (0.5, 86400.0),
}


def _in_range(reader: _Reader, name: str, value):
    import math

    lo, hi = RANGES[name]
    if isinstance(value, float) and not math.isfinite(value):
        raise reader.fail(name, f"must be a finite number, got {value!r}")
    if not lo <= value <= hi:
        raise reader.fail(name, f"must be between {lo:g} and {hi:g}, got {value!r}")
    return value


STORY_KEYS = {"title", "id", "terms", "exclude", "threshold", "all"}


def _table_keys() -> dict[str, set[str] | None]:
    """Known sections and their keys (None: any key, checked elsewhere)."""
    from dataclasses import fields

    return {
        "story": STORY_KEYS,  # the values are checked by story.definitions
        "stories": STORY_KEYS,
        "sources": {f.name for f in fields(SourceConfig)},
        "deadlines": {f.name for f in fields(DeadlineConfig)},
        "refresh": {f.name for f in fields(RefreshSettings)},
        "ui": {f.name for f in fields(UISettings)},
        "keys": None,  # binding ids: checked by the dashboard, which knows its bindings
        "lexicon": None,  # event kinds, and new ones
    }


def _unknown(r: _Reader, data: dict) -> list[str]:
    """One warning per unknown section or key, naming the file and the line."""
    known = _table_keys()
    out = []
    for section, value in data.items():
        if section not in known:
            out.append(f"{r.where(section)}: unknown section [{section}] (ignored)")
            continue
        keys = known[section]
        if keys is None:
            continue
        tables = value if isinstance(value, list) else [value]
        for i, table in enumerate(tables):
            if not isinstance(table, dict):
                continue
            for key in table:
                if key not in keys:
                    out.append(f"{r.where(section, i, key)}: unknown key {section}.{key} "
                               f"(ignored; known: {', '.join(sorted(keys))})")
    return out


# Dates outside these years are not a story's dates (and past 9999 not even representable).
YEAR_MIN, YEAR_MAX = 1900, 2200


def _deadline(r: _Reader, item: dict, i: int) -> tuple[DeadlineConfig | None, str | None]:
    """One [[deadlines]] table: (the deadline, None), or (None, why it is left out) for one
    outside the years YEAR_MIN-YEAR_MAX. Raises ConfigError for an invalid one."""
    from datetime import date, timedelta

    from talkstui.extract.values import duration_days

    dc = DeadlineConfig(
        label=r.get(item, "deadlines.", "label", str, "deadline", i),
        set_on=r.get(item, "deadlines.", "set_on", str, None, i),
        duration=r.get(item, "deadlines.", "duration", str, None, i),
        due=r.get(item, "deadlines.", "due", str, None, i),
        story=r.get(item, "deadlines.", "story", str, None, i),
    )
    days: dict[str, date] = {}
    for key in ("set_on", "due"):
        value = getattr(dc, key)
        if value is None:
            continue
        try:
            days[key] = date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise r.fail(f"deadlines.{key}", f"{value!r} is not a date (use 2025-07-14)",
                         i) from None
    dur = None
    if dc.duration is not None:
        dur = duration_days(dc.duration)
        if dur is None:
            raise r.fail("deadlines.duration", f"{dc.duration!r} is not a duration "
                                               "(use P50D, P2W or P1M)", i)
    if "due" not in days and not ("set_on" in days and dur is not None):
        raise r.fail("deadlines", "a deadline needs `due`, or `set_on` and `duration`", i)
    where = r.where("deadlines", i, "due" if "due" in days else "duration")
    label = dc.label or "deadline"
    due = days.get("due")
    if due is None:
        try:
            due = days["set_on"] + timedelta(days=dur)
        except OverflowError:
            due = None
    overflow = due is None  # set_on + duration left Python's dates
    for when in (days.get("set_on"), due):
        if (when is None and overflow) or (when is not None
                                            and not YEAR_MIN <= when.year <= YEAR_MAX):
            shown = "beyond 9999-12-31" if when is None else when.isoformat()
            return None, (f"{where}: deadline {label!r} falls on {shown}, outside the years "
                          f"{YEAR_MIN}-{YEAR_MAX} (left out)")
    return dc, None


def _regular_file_bytes(path: Path, limit: int = 1 << 20) -> bytes:
    """The bytes of `path` if it is a regular file (a link to one is fine) of at most `limit`
    bytes. A FIFO, a device (a link to /dev/zero) or a folder is refused without blocking on
    it: opened non-blocking, checked with fstat before anything is read."""
    from talkstui.file_kind import file_kind

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise ConfigError(f"{path}: the config file is {kind}, not a regular file")
        if info.st_size > limit:
            raise ConfigError(f"{path}: the config file is {info.st_size:,} bytes; "
                              f"a config file is under {limit:,}")
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(limit + 1)
    finally:
        os.close(fd)


def load_settings(locs: Locations | None = None) -> Settings:
    """Read the config file (if any) into Settings."""
    locs = locs or locations()
    settings = Settings(locations=locs)
    path = locs.config_file
    try:
        raw = _regular_file_bytes(path)
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
    settings.warnings.extend(_unknown(r, data))

    story = r.table(data, "story")
    settings.story_title = r.get(story, "story.", "title", str, settings.story_title)
    from talkstui.story.definitions import read_story_tables

    settings.story_tables = read_story_tables(r, data)

    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise r.fail("sources", "expected [[sources]] tables")
    for i, item in enumerate(sources):
        if not isinstance(item, dict):
            raise r.fail("sources", "expected [[sources]] tables")
        url = r.get(item, "sources.", "url", str, None, i)
        if not url:
            raise r.fail("sources", "each [[sources]] needs a url", i)
        settings.sources.append(SourceConfig(r.get(item, "sources.", "name", str, url, i), url))

    deadlines = data.get("deadlines", [])
    if not isinstance(deadlines, list):
        raise r.fail("deadlines", "expected [[deadlines]] tables")
    for i, item in enumerate(deadlines):
        if not isinstance(item, dict):
            raise r.fail("deadlines", "expected [[deadlines]] tables")
        deadline, why = _deadline(r, item, i)
        if deadline is not None:
            settings.deadlines.append(deadline)
        else:
            settings.warnings.append(why)

    refresh = r.table(data, "refresh")
    d = settings.refresh

    def num(table, section, key, kind, default):
        return _in_range(r, f"{section}.{key}", r.get(table, f"{section}.", key, kind, default))

    settings.refresh = RefreshSettings(
        concurrency=int(num(refresh, "refresh", "concurrency", int, d.concurrency)),
        per_host=int(num(refresh, "refresh", "per_host", int, d.per_host)),
        timeout=float(num(refresh, "refresh", "timeout", float, d.timeout)),
        max_bytes=int(num(refresh, "refresh", "max_bytes", int, d.max_bytes)),
        max_redirects=int(num(refresh, "refresh", "max_redirects", int, d.max_redirects)),
        fetch_pages=r.get(refresh, "refresh.", "fetch_pages", bool, d.fetch_pages),
        max_pages=max(0, int(r.get(refresh, "refresh.", "max_pages", int, d.max_pages))),
    )

    ui = r.table(data, "ui")
    settings.ui = UISettings(
        show_seconds=r.get(ui, "ui.", "show_seconds", bool, True),
        mouse=r.get(ui, "ui.", "mouse", bool, True),
        poll_seconds=float(num(ui, "ui", "poll_seconds", float, 5.0)),
    )

    keys = r.table(data, "keys")
    for key, value in keys.items():
        settings.keys[key] = r.get(keys, "keys.", key, str, "")
        settings.keys_where[key] = r.where("keys", 0, key)

    lexicon = r.table(data, "lexicon")
    for kind, words in lexicon.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise r.fail(f"lexicon.{kind}", "expected a list of words")
        settings.lexicon[kind] = list(words)
    from talkstui.story.definitions import resolve_stories

    resolve_stories(settings, r)
    return settings
