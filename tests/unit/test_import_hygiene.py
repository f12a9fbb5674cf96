"""Only tui/ imports Textual, and the heavy network/parsing libraries load on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ["textual", "httpx", "feedparser", "trafilatura"]


def loaded_after(statement: str) -> set[str]:
    code = (
        f"import sys; {statement}; "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "module",
    ["talkstui.story", "talkstui.export", "talkstui.model", "talkstui.store", "talkstui.cli"],
)
def test_core_modules_do_not_import_textual(module):
    assert "textual" not in loaded_after(f"import {module}")


def test_cli_start_up_imports_no_heavy_library():
    assert loaded_after("import talkstui.cli") == set()


def test_no_module_outside_tui_imports_textual():
    from pathlib import Path

    import talkstui

    root = Path(talkstui.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tui" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "import textual" in text or "from textual" in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
