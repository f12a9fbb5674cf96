"""The story: what the articles in the store say, merged across outlets, for a given `now`.

    build.py      the pure build: Story(now) from sources and articles
    records.py    per-article records and the interface the cache uses
    events.py     mentions grouped into events; conflicts between outlets
    deadlines.py  deadline claims grouped and counted down
    quotes.py     quotes grouped across outlets, with word diffs
    infer.py      a date for an undated article from the dated ones
    lazy.py       lists made on first use (for very large stories)
    cache.py      the derived on-disk view beside the store (never the source of truth)
    load.py       load_story / warm_story_cache: the build and the cache together
    when.py       dates, countdowns and statuses as words, at the articles' precision (the
                  screen and every export use the same words)
    scope.py      what a story is about: terms, the in/out decision and its reasons (pure)
    definitions.py  the stories of an install (config, story files, the seed story)
    membership.py the scope step of the build: the story's articles in, the others listed
    choices.py    the user's pull-in / push-out choices, written to the store
    rescope.py    the stored articles sorted again after a story's terms changed
    commands.py   `talkstui stories` and `talkstui story ...`
"""

__all__ = ["build_story", "load_story", "warm_story_cache"]


def __getattr__(name: str):
    """build_story, load_story, warm_story_cache, imported on first use: the config reads
    story definitions (story.definitions, story.scope) without importing the build and the
    extractors it needs."""
    if name == "build_story":
        from talkstui.story.build import build_story

        return build_story
    if name in ("load_story", "warm_story_cache"):
        from talkstui.story import load

        return getattr(load, name)
    raise AttributeError(f"module 'talkstui.story' has no attribute {name!r}")
