"""How a probe step reports a failure: :class:`StepFailed`, caught by the runner, never escapes.

Probe failures are findings (data). Inside a run they travel as this one exception so a
step can stop the run at the point of failure; :mod:`seamwatch.probes.runner` turns it into
a classified :class:`~seamwatch.core.results.ProbeResult` and nothing else ever sees it.
"""

from __future__ import annotations

from seamwatch.core.results import Classification

__all__ = ["StepFailed"]


class StepFailed(Exception):
    """A probe step failed for a classified reason."""

    def __init__(self, classification: Classification, message: str) -> None:
        super().__init__(message)
        self.classification: Classification = classification
        self.message = message
