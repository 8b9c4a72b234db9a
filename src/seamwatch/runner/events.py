"""seamwatch's own runner events. Outputs subscribe to these, never to Schemathesis'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from seamwatch.runner.model import ContractRun

__all__ = ["EventHandler", "RunEvent", "RunFinished", "RunStarted", "ScenarioChecked", "RunProblem"]


@dataclass(frozen=True)
class RunStarted:
    run: ContractRun
    operations: int


@dataclass(frozen=True)
class ScenarioChecked:
    operation: str
    phase: str
    passed: int
    failed: int


@dataclass(frozen=True)
class RunProblem:
    """The run itself went wrong somewhere (not the API's contract): e.g. unreachable host."""

    message: str
    operation: str = ""


@dataclass(frozen=True)
class RunFinished:
    run: ContractRun


RunEvent = RunStarted | ScenarioChecked | RunProblem | RunFinished


class EventHandler(Protocol):
    def handle(self, event: RunEvent) -> None: ...
