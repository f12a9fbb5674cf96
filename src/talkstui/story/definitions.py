"""The stories an install follows: their definitions from the config file, from the files
`talkstui story` writes, and the bundled seed story's; and a Settings view for one story.

Config forms (every key optional)::

    [story]                       # the first story (the one `talkstui` opens)
    id = "russia-ukraine"         # default: made from the title
    title = "Russia-Ukraine peace talks"
    terms = ["Putin", { name = "Zelensky", aliases = ["Zelenskyy", "Zelenskiy"], weight = 1.5 }]
    exclude = ["Gaza"]
    threshold = 4.0

    [[stories]]                   # more stories, same keys
    title = "Boeing machinists' strike"
    terms = ["Boeing", { name = "IAM", aliases = ["machinists union"] }]

    [[deadlines]]                 # story = an id; without it, the first story's
    story = "boeing-machinists-strike"
    label = "strike deadline"
    due = "2025-08-03"

A `[story]` without terms is the bundled seed story (seeds/story.toml) under its title, so an
install configured before stories had terms keeps following the same story. Files in
``<config folder>/stories/<id>.toml`` (written by `talkstui story new` and `story add-term`)
hold stories in the `[story]` form; one with the id of a configured story adds its terms.
"""

from __future__ import annotations

import dataclasses
import tomllib
from functools import lru_cache
from pathlib import Path

from talkstui.errors import ConfigError, TalksError
from talkstui.story.scope import THRESHOLD, StoryDef, Term, fold, slug

SEED_STORY_FILE = "story.toml"


def stories_dir(locs) -> Path:
    return Path(locs.config_file).parent / "stories"


# ---------------------------------------------------------------- parsing


class FileReader:
    """Typed access to a story file's tables, with errors naming the file and the line (the
    same interface as the config file's reader, which `resolve_stories` is given)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, key: str, message: str) -> ConfigError:
        import re

        name = key.rsplit(".", 1)[-1]
        m = re.search(rf"^\s*{re.escape(name)}\s*=", self.text, re.MULTILINE)
        where = f"{self.path}, line {self.text.count(chr(10), 0, m.start()) + 1}" if m else str(self.path)
        return ConfigError(f"{where}: {key}: {message}")

    def get(self, table: dict, prefix: str, key: str, kind, default):
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.fail(f"{prefix}{key}", f"expected {kind.__name__}, got {value!r}")
        return value

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value


def _terms(r, value, key: str) -> list[Term]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise r.fail(key, "expected a list of terms")
    out = []
    for item in value:
        if isinstance(item, str):
            if item.strip():
                out.append(Term(item.strip()))
            continue
        if not isinstance(item, dict):
            raise r.fail(key, f"a term is a string or a table, got {item!r}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise r.fail(key, "each term table needs a name")
        aliases = item.get("aliases", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise r.fail(key, f"{name}: aliases must be a list of strings")
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise r.fail(key, f"{name}: weight must be a number greater than zero")
        out.append(Term(name.strip(), tuple(a.strip() for a in aliases if a.strip()),
                        float(weight)))
    return out


def parse_story(r, table: dict, prefix: str, *, default_title: str | None = None) -> StoryDef:
    title = r.get(table, prefix, "title", str, default_title or "")
    if not title.strip():
        raise r.fail(f"{prefix}title", "a story needs a title")
    sid = r.get(table, prefix, "id", str, "") or slug(title)
    if slug(sid) != sid:
        raise r.fail(f"{prefix}id", f"use lower-case letters, digits and hyphens, e.g. {slug(sid)!r}")
    threshold = r.get(table, prefix, "threshold", float, THRESHOLD)
    if threshold <= 0:
        raise r.fail(f"{prefix}threshold", "must be greater than zero")
    keep_all = r.get(table, prefix, "all", bool, False)
    return StoryDef(id=sid, title=title.strip(),
                    terms=_terms(r, table.get("terms"), f"{prefix}terms"),
                    exclude=_terms(r, table.get("exclude"), f"{prefix}exclude"),
                    threshold=threshold, keep_all=keep_all)


def read_story_tables(r, data: dict) -> list[tuple[str, dict]]:
    """The raw story tables of a parsed config: ("story", [story]) and ("stories", ...)."""
    out: list[tuple[str, dict]] = []
    story = r.table(data, "story")
    out.append(("story.", story))
    more = data.get("stories", [])
    if not isinstance(more, list) or not all(isinstance(x, dict) for x in more):
        raise r.fail("stories", "expected [[stories]] tables")
    out.extend(("stories.", t) for t in more)
    return out


@lru_cache(maxsize=4)
def _seed_story_cached(path: str, mtime: float) -> StoryDef:
    p = Path(path)
    text = p.read_text("utf-8")
    return parse_story(FileReader(p, text), tomllib.loads(text).get("story", {}), "story.")


def seed_story() -> StoryDef:
    """The bundled seed story's definition (seeds/story.toml), a fresh copy."""
    from talkstui.seed_files import seeds_dir

    path = seeds_dir() / SEED_STORY_FILE
    d = _seed_story_cached(str(path), path.stat().st_mtime)
    return dataclasses.replace(d, terms=list(d.terms), exclude=list(d.exclude), deadlines=[])


def read_story_file(path: Path) -> StoryDef:
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    r = FileReader(path, text)
    return parse_story(r, r.table(data, "story"), "story.")


def _merge(into: StoryDef, extra: StoryDef) -> None:
    have = {fold(t.name) for t in into.terms}
    into.terms.extend(t for t in extra.terms if fold(t.name) not in have)
    have = {fold(t.name) for t in into.exclude}
    into.exclude.extend(t for t in extra.exclude if fold(t.name) not in have)


def resolve_stories(settings, r=None) -> None:
    """Fill settings.stories (first = the one shown by default) and point settings.story,
    story_title and deadlines at the first story."""
    defs: list[StoryDef] = []
    tables = settings.story_tables or [("story.", {})]
    for prefix, table in tables:
        if prefix == "story." and not table.get("terms") and not table.get("all"):
            d = seed_story()
            title = table.get("title") if isinstance(table.get("title"), str) else None
            d.title = title or settings.story_title or d.title
            if isinstance(table.get("id"), str) and table["id"]:
                d.id = table["id"]
            if table.get("exclude") and r is not None:
                d.exclude = _terms(r, table.get("exclude"), "story.exclude")
        else:
            d = parse_story(r, table, prefix, default_title=None)
        if any(x.id == d.id for x in defs):
            raise (r.fail(f"{prefix}id", f"two stories with the id {d.id!r}") if r is not None
                   else ConfigError(f"two stories with the id {d.id!r}"))
        defs.append(d)
    folder = stories_dir(settings.locations)
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError:
        files = []
    for path in files:
        extra = read_story_file(path)
        same = next((x for x in defs if x.id == extra.id), None)
        if same is not None:
            _merge(same, extra)
        else:
            defs.append(extra)
    first = defs[0]
    own: list = []
    for dl in settings.deadlines:
        target = first if not getattr(dl, "story", None) else next(
            (x for x in defs if x.id == dl.story), None)
        if target is None:
            known = ", ".join(x.id for x in defs)
            message = f"no story with the id {dl.story!r} (stories: {known})"
            raise r.fail("deadlines.story", message) if r is not None else ConfigError(message)
        target.deadlines.append(dl)
        if target is first:
            own.append(dl)
    settings.stories = defs
    settings.story = first
    settings.story_title = first.title
    settings.deadlines = own


def active_story(settings) -> StoryDef:
    """The story a Settings is about. A Settings made by hand (not by `load_settings`: tests,
    benchmarks) has no story definition: every article belongs to its story (keep_all),
    as before stories had scopes; an install's settings always name their stories."""
    d = getattr(settings, "story", None)
    if d is not None:
        return d
    return StoryDef(id=seed_story().id, title=getattr(settings, "story_title", None) or "Story",
                    deadlines=list(getattr(settings, "deadlines", None) or []), keep_all=True)


def all_stories(settings) -> list[StoryDef]:
    return list(getattr(settings, "stories", None) or [active_story(settings)])


def find_story(settings, name: str) -> StoryDef:
    """A story by id, by title (any case) or by a unique start of either."""
    stories = all_stories(settings)
    want = fold(name.strip())
    for d in stories:
        if want in (d.id, fold(d.title)):
            return d
    starts = [d for d in stories if d.id.startswith(want) or fold(d.title).startswith(want)]
    if len(starts) == 1:
        return starts[0]
    from talkstui.sanitize import clean_line

    known = ", ".join(d.id for d in stories)
    raise TalksError(f"no story named {clean_line(name, max_len=80)!r} (stories: {known})")


def settings_for(settings, story: StoryDef | str | None):
    """Settings whose title, deadlines and scope are those of one story."""
    if story is None:
        return settings
    d = find_story(settings, story) if isinstance(story, str) else story
    if getattr(settings, "story", None) is d:
        return settings
    return dataclasses.replace(settings, story=d, story_title=d.title,
                               deadlines=list(d.deadlines))


# ---------------------------------------------------------------- writing (story new / add-term)


def _toml_str(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _term_toml(t: Term) -> str:
    parts = [f"name = {_toml_str(t.name)}"]
    if t.aliases:
        parts.append("aliases = [" + ", ".join(_toml_str(a) for a in t.aliases) + "]")
    if t.weight != 1.0:
        parts.append(f"weight = {t.weight!r}")
    return "  { " + ", ".join(parts) + " },"


def story_toml(d: StoryDef) -> str:
    lines = ["# written by `talkstui story`; edit freely", "", "[story]",
             f"id = {_toml_str(d.id)}", f"title = {_toml_str(d.title)}"]
    if d.threshold != THRESHOLD:
        lines.append(f"threshold = {d.threshold!r}")
    lines.append("terms = [")
    lines.extend(_term_toml(t) for t in d.terms)
    lines.append("]")
    if d.exclude:
        lines.append("exclude = [")
        lines.extend(_term_toml(t) for t in d.exclude)
        lines.append("]")
    return "\n".join(lines) + "\n"


def write_story_file(locs, d: StoryDef) -> Path:
    """Write (atomically) the story file for `d`; returns its path."""
    import os

    folder = stories_dir(locs)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{d.id}.toml"
    text = story_toml(d)
    read_back = tomllib.loads(text)  # never write what cannot be read back
    assert read_back["story"]["id"] == d.id
    tmp = folder / f".{d.id}.toml.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path
