"""Findings: what seamwatch learned about the systems under test. Data, not exceptions."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Finding", "Severity", "worst"]


class Severity(str, enum.Enum):
    """How much a finding matters. Ordered: ``ERROR`` > ``WARNING`` > ``INFO``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that did not hold.

    ``rule_id`` is stable and documented; ``location`` says where (a file, an operation);
    ``pointer`` is a JSON pointer inside it when there is one; ``fix`` is one line of advice.
    """

    rule_id: str
    severity: Severity
    message: str
    location: str = ""
    pointer: str = ""
    line: int | None = None
    fix: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def worst(findings: list[Finding]) -> Severity | None:
    """The most severe level among ``findings``, or ``None`` for none."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=lambda s: s.rank)
