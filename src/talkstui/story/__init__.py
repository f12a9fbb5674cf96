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
"""

from talkstui.story.build import build_story
from talkstui.story.load import load_story, warm_story_cache

__all__ = ["build_story", "load_story", "warm_story_cache"]
