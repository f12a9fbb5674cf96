"""The bundled seed articles: shipped as package data, imported into an empty store.

In a wheel the `seeds/` folder is force-included as `talkstui/_seeds`; in an
editable install (or a checkout) the repository's own `seeds/` folder is used.
`seeds/seeds.toml` gives each file's outlet, original URL and publication date
(absent = unknown; an undated seed stays undated).

An empty store (no sources, no articles) is filled once with a bundled source
`seeds`. Removing that source is remembered (a marker file in the store folder),
so an emptied store is not silently re-seeded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from talkstui.ingest.articles import analyse_text, clean_item, count_articles, merge_item
from talkstui.ingest.files import parse_text
from talkstui.model import Source
from talkstui import seed_files

SEED_SOURCE_ID = "seeds"
SEED_SOURCE_NAME = "Bundled seed articles"
REMOVED_MARKER = "seeds.removed"


@dataclass
class SeedArticle:
    path: Path
    outlet: str
    url: str | None
    published: datetime | None
    title: str | None = None


def seeds_dir() -> Path:
    """The folder holding the seed files: package data first, then the repository's."""
    return seed_files.seeds_dir(__file__)


def _date(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if hasattr(value, "year"):  # a TOML date
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    from dateutil.parser import isoparse

    parsed = isoparse(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def seed_articles(folder: Path | None = None) -> list[SeedArticle]:
    folder = folder or seeds_dir()
    meta = tomllib.loads((folder / "seeds.toml").read_text("utf-8"))
    out = []
    for entry in meta.get("articles", []):
        out.append(SeedArticle(
            path=folder / entry["file"], outlet=entry.get("outlet", "unknown outlet"),
            url=entry.get("url") or None, published=_date(entry.get("published")),
            title=entry.get("title") or None,
        ))
    return out


def _short_title(text: str, limit: int = 110) -> str:
    first = text.strip().split("\n", 1)[0]
    for stop in (". ", "? ", "! "):
        if stop in first[: limit + 1]:
            first = first[: first.index(stop) + 1]
            break
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def seed_items(now: datetime, folder: Path | None = None):
    """(SeedArticle, ParsedItem) for every seed, parsed like an imported markdown file."""
    for seed in seed_articles(folder):
        item = parse_text(seed.path.read_text("utf-8"), now, markdown=True)
        # Metadata wins over what the text suggests; no date is ever invented.
        item.published = seed.published
        item.url = seed.url or item.url
        item.outlet = seed.outlet
        if seed.title:
            item.title = seed.title
        elif not item.title or len(item.title) > 120:
            item.title = _short_title(item.text)
        yield seed, item


def removed_marker(settings) -> Path:
    return Path(settings.locations.store_dir) / REMOVED_MARKER


def was_removed(settings) -> bool:
    return removed_marker(settings).exists()


def remember_removal(settings) -> None:
    marker = removed_marker(settings)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("the bundled seed source was removed; delete this file to re-seed\n")


def needs_seeding(settings, sources, articles) -> bool:
    return not sources and not articles and not was_removed(settings)


def seed_into(tx, settings, now: datetime) -> int:
    """Add the bundled source and its articles to `tx`. Returns articles added."""
    source = Source(id=SEED_SOURCE_ID, name=SEED_SOURCE_NAME, kind="bundled", bundled=True,
                    path=str(seeds_dir()), last_refresh=now, last_status="ok", last_success=now)
    tx.put_source(source)
    added = 0
    from talkstui.ingest.scoping import Scoper

    scoper = Scoper(settings)
    for _seed, item in seed_items(now):
        item = clean_item(item)
        relevance, _keep = scoper.judge(item.title, item.text)
        # the seeds are always analysed: the dashboard opens on them, whatever the stories
        analysis = analyse_text(item.text, item.published, getattr(settings, "lexicon", None))
        merge_item(tx, item, source=source, outlet=item.outlet or "unknown outlet", now=now,
                   analysis=analysis, bundled=True, relevance=relevance)
        added += 1
    count_articles(tx)
    return added


def ensure_seeded(settings, store, *, clock=None) -> bool:
    """Fill an empty store from the bundled seeds (one write). True if it seeded."""
    if was_removed(settings):
        return False
    snap = store.snapshot()
    if snap.sources or snap.articles:
        return False
    from talkstui.clock import SystemClock

    now = (clock or SystemClock()).now()
    with store.transaction() as tx:
        if tx.sources or tx.articles:  # another process seeded first
            return False
        seed_into(tx, settings, now)
    return True
