"""Where the bundled seed files are (a light module: the config reads the seed story's
definition from there without importing the ingest code)."""

from __future__ import annotations

from pathlib import Path


def seeds_dir(module_file: str | None = None) -> Path:
    """The folder holding the seed files: package data first, then the repository's.
    `module_file` is a module of the talkstui package (this one by default)."""
    here = Path(module_file or __file__)
    packaged = here.parent / "_seeds"
    if (packaged / "seeds.toml").is_file():
        return packaged
    return here.resolve().parents[2] / "seeds"
