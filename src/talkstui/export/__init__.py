"""Exports of a Story: pure renderers (text, markdown, JSON) and the command that writes them.

    formatting.py  pieces the renderers share (dates, countdown, width fitting, excerpts)
    text.py        render_text: plain text fitted to a width
    markdown.py    render_markdown
    jsondoc.py     render_json / story_dict: everything, with precision, source and status
    formats.py     FORMATS and render(story, fmt)
    files.py       export_to_folder and write_output: safe file writes
    command.py     export_command: `talkstui export` (opens the store, writes the file)

Every untrusted string goes through `talkstui.sanitize` in the renderers.
"""

from talkstui.export.command import export_command
from talkstui.export.files import export_to_folder, write_output
from talkstui.export.formats import FORMATS, render
from talkstui.export.formatting import countdown, excerpt
from talkstui.export.jsondoc import render_json, story_dict
from talkstui.export.markdown import render_markdown
from talkstui.export.text import render_text

__all__ = [
    "render_text", "render_markdown", "render_json", "export_to_folder", "export_command", "render",
    "FORMATS", "story_dict", "write_output", "countdown", "excerpt",
]

