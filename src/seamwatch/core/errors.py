"""The one exception tree for harness errors.

Findings about the systems under test are *data* (:class:`seamwatch.core.findings.Finding`),
never exceptions. Exceptions are reserved for the harness itself or its inputs being wrong::

    SeamwatchError                 every harness error; the CLI prints one line and exits 2
    ├── UsageError                 a command was called the wrong way
    ├── ConfigError                a config or probe file is unreadable or invalid
    │   └── SecretError            a credential is missing, unreadable or written literally
    ├── ContractError              a contract file is unreadable, not OpenAPI, or has a broken $ref
    │   └── MappingError           a field mapping is malformed or names a field the contract lacks
    ├── ConnectionFailure          a host could not be reached (refused, DNS, TLS, timeout)
    └── StorageError               the result store could not be opened or written

Each carries where it happened (``file``, ``line``, ``field``) and a one-line ``fix``, so
the CLI can always say what is wrong, where, and what to do about it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigError",
    "ConnectionFailure",
    "ContractError",
    "MappingError",
    "SecretError",
    "SeamwatchError",
    "StorageError",
    "UsageError",
]


class SeamwatchError(Exception):
    """Base of every harness error. Always maps to exit code 2."""

    exit_code = 2
    default_fix = "run with --debug for details"

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.fix = fix or self.default_fix

    def location(self) -> str:
        """``file:line`` (or what part of it is known), empty when nothing is known."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def one_line(self) -> str:
        """The single line the CLI prints: where, which field, what, and the fix."""
        parts = [p for p in (self.location(), self.field) if p]
        where = ": ".join(parts)
        head = f"{where}: {self.message}" if where else self.message
        return f"{head} (fix: {self.fix})"

    def __str__(self) -> str:
        return self.one_line()


class UsageError(SeamwatchError):
    default_fix = "see --help"


class ConfigError(SeamwatchError):
    default_fix = "correct the file and run `seamwatch probe validate`"


class SecretError(ConfigError):
    default_fix = "write the secret as ${ENV_VAR} or file:/path and set it there"


class ContractError(SeamwatchError):
    default_fix = "correct the contract and run `seamwatch contract validate`"


class MappingError(ContractError):
    default_fix = "name a field that exists in the contract schema"


class ConnectionFailure(SeamwatchError):
    default_fix = "check the base URL, that the server is running, and the network"


class StorageError(SeamwatchError):
    default_fix = "check the storage URL and that the database is reachable"
