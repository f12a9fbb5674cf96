"""The user's in/out choices per story, as the store keeps them: in the meta document of the
main file, ``{"choices": {story id: {"articles": {article id: bool}, "sources": {source id:
bool}}}}`` (True: pulled into the story, False: pushed out). Written by
`talkstui.story.choices`; read by every snapshot and transaction. A store without them (all
stores before stories had scopes) has none: nothing to migrate."""

from __future__ import annotations


def choices_of(meta: dict) -> dict:
    """The choices in a meta document (malformed entries are dropped, never fatal)."""
    raw = meta.get("choices")
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, dict)}
