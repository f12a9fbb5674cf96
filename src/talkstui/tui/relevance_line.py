"""One line saying whether an article is in the story, by which of its terms, and whether the
user decided it (the reader's header; see tui.scope_actions for the keys)."""

from __future__ import annotations

from rich.text import Text

from talkstui.tui.render import plain


def relevance_text(rel) -> Text:
    """One line: in or out of the story, the terms that matched, and whose decision it is."""
    out = Text(end="")
    if rel is None:
        return out
    out.append("In this story" if rel.inside else "Outside this story",
               style="bold" if rel.inside else "bold italic")
    terms = ", ".join(rel.terms[:5]) if rel.terms else "no term of the story"
    out.append(": ")
    out.append(plain(f"{terms} (score {rel.score:g})", max_len=90, style="dim"))
    if rel.decided_by == "user":
        out.append(" \u00b7 your choice", style="bold")
    return out
