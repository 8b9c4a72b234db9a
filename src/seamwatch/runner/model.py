"""What a contract run is asked to do, and what it found. Plain data, no Schemathesis."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ALL_PHASES", "CheckTally", "ContractFailure", "ContractRun", "OperationResult", "RunOptions"]

ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")
SYNTHETIC_TAG = "seamwatch-synthetic"


@dataclass
class RunOptions:
    contract: Path
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    phases: tuple[str, ...] = ALL_PHASES
    max_examples: int = 10
    seed: int | None = None
    workers: int = 1
    include_checks: tuple[str, ...] = ()
    exclude_checks: tuple[str, ...] = ()
    allow_writes: bool = False
    request_timeout: float = 10.0
    max_failures: int | None = None
    # Fixed values for named parameters (e.g. Business Central's companyId).
    parameters: dict[str, str] = field(default_factory=dict)
    reference_prefix: str = "SW-SYN-"
    # Keep our own share of a Shopify bucket below this fraction (pacing).
    bucket_share: float = 0.5


@dataclass
class ContractFailure:
    """One way the API broke its contract (deduplicated per operation, check and title)."""

    operation: str
    check: str
    title: str
    message: str
    status_code: int | None = None
    curl: str = ""
    response_excerpt: str = ""
    phase: str = ""
    operation_id: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across runs: what broke and where, not the random input that showed it."""
        raw = f"{self.operation}|{self.check}|{self.title}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fingerprint": self.fingerprint}


@dataclass
class CheckTally:
    passed: int = 0
    failed: int = 0
    errored: int = 0


@dataclass
class OperationResult:
    label: str
    operation_id: str | None = None
    checks: dict[str, CheckTally] = field(default_factory=dict)
    failures: list[ContractFailure] = field(default_factory=list)
    cases: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class ContractRun:
    contract: str
    base_url: str
    system: str
    pinned_version: str
    seed: int | None = None
    phases: tuple[str, ...] = ()
    started_at: str = ""
    duration_seconds: float = 0.0
    operations: dict[str, OperationResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)
    known_failures: list[ContractFailure] = field(default_factory=list)

    def operation(self, label: str, operation_id: str | None = None) -> OperationResult:
        if label not in self.operations:
            self.operations[label] = OperationResult(label, operation_id)
        return self.operations[label]

    @property
    def failures(self) -> list[ContractFailure]:
        return [f for op in self.operations.values() for f in op.failures]

    @property
    def cases(self) -> int:
        return sum(op.cases for op in self.operations.values())

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "operations": len(self.operations),
            "cases": self.cases,
            "failures": len(self.failures),
            "known_failures": len(self.known_failures),
            "errors": len(self.errors),
            "ok": self.ok,
        }
