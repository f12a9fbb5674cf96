"""The export formats and `render(story, fmt)`, which picks the renderer."""

from __future__ import annotations
from talkstui.errors import TalksError
from talkstui.sanitize import clean_line

_clean_line = clean_line
from talkstui.export.text import render_text
from talkstui.export.markdown import render_markdown
from talkstui.export.jsondoc import render_json


FORMATS = {"text": "txt", "markdown": "md", "json": "json"}

def render(story, fmt: str, width: int = 80) -> str:
    if fmt == "text":
        return render_text(story, width)
    if fmt in ("markdown", "md"):
        return render_markdown(story)
    if fmt == "json":
        return render_json(story)
    raise TalksError(f"unknown export format {clean_line(fmt)!r}; use text, markdown or json")


# ---------------------------------------------------------------- files
