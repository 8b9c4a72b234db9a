"""Contract drift: spec-vs-spec diffs with stable rule IDs, mapping impact, live drift.

An engine: it returns data (:class:`DriftReport` of :class:`Change`), renderers in
:mod:`seamwatch.drift.render` turn it into text, JSON, Markdown, JUnit or HTML.
"""

from __future__ import annotations

from seamwatch.drift.engine import diff_files
from seamwatch.drift.model import Change, DriftReport, Level
from seamwatch.drift.rules import DRIFT_RULES, catalogue_markdown

__all__ = ["DRIFT_RULES", "Change", "DriftReport", "Level", "catalogue_markdown", "diff_files"]
