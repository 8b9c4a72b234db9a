"""The contract runner: drives Schemathesis 4 and translates what it reports.

This package is the only place in seamwatch that imports ``schemathesis``. Everything
downstream (reports, baselines, the CLI) consumes seamwatch's own events and results.
"""

from seamwatch.runner.model import ContractFailure, ContractRun, OperationResult, RunOptions

__all__ = ["ContractFailure", "ContractRun", "OperationResult", "RunOptions"]
