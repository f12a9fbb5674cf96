"""Extraction: pure functions from (text, publication time) to mentions.

The work is in `talkstui.extract.analysis` (`analyse`, `Analysis`); the time-expression
engine is `talkstui.extract.timex`. Names are loaded on first use, so that
`talkstui extract-times` (run once per document by the TempEval scorer) imports only
the time-expression engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Analysis", "analyse", "ANALYSIS_VERSION", "lexicon_fingerprint"]

if TYPE_CHECKING:  # pragma: no cover
    from talkstui.extract.analysis import ANALYSIS_VERSION, Analysis, analyse, lexicon_fingerprint


def __getattr__(name: str):
    if name in __all__:
        from talkstui.extract import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'talkstui.extract' has no attribute {name!r}")
