"""Resolving the secret references of a validated probe file.

Kept apart from loading so ``probe validate --no-secrets`` can check a file on a machine
without the secrets, and so a missing variable is a one-line ``SecretError``, not a traceback.
"""

from __future__ import annotations

from seamwatch.config.models import ProbeConfig
from seamwatch.core.documents import join_pointer
from seamwatch.core.errors import SecretError
from seamwatch.core.secrets import resolve_secret

__all__ = ["resolve_secrets", "secret_errors"]


def resolve_secrets(config: ProbeConfig) -> dict[str, str]:
    """``{system name: token}`` for every system with auth; raise the first ``SecretError``."""
    tokens: dict[str, str] = {}
    errors: list[SecretError] = []
    _resolve(config, tokens, errors)
    if errors:
        raise errors[0]
    return tokens


def secret_errors(config: ProbeConfig) -> list[SecretError]:
    """Every secret that does not resolve (empty when all do)."""
    errors: list[SecretError] = []
    _resolve(config, {}, errors)
    return errors


def _resolve(config: ProbeConfig, tokens: dict[str, str], errors: list[SecretError]) -> None:
    document = config.document
    for name, system in config.systems.items():
        if system.auth is None:
            continue
        field = f"systems.{name}.auth.token"
        try:
            tokens[name] = resolve_secret(system.auth.token,
                                          source=str(document.path) if document else "", field=field)
        except SecretError as exc:
            if document is not None:
                exc.line = document.line_of(join_pointer("", "systems", name, "auth", "token"))
            errors.append(exc)
