"""Resolving the secret references of a validated probe file.

Kept apart from loading so ``probe validate --no-secrets`` can check a file on a machine
without the secrets, and so a missing variable is a one-line ``SecretError``, not a traceback.
"""

from __future__ import annotations

from seamwatch.config.alerting import resolve_receiver_secrets
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
    """Every secret that does not resolve (empty when all do), the service's included."""
    errors: list[SecretError] = []
    _resolve(config, {}, errors)
    errors.extend(_service_errors(config))
    for name in config.alerting.receivers:
        try:
            resolve_receiver_secrets(config.alerting, config.document, only=[name])
        except SecretError as exc:
            errors.append(exc)
    return errors


def _service_errors(config: ProbeConfig) -> list[SecretError]:
    service = config.service
    refs = [(("service", "status_token"), service.status_token)]
    if service.webhooks is not None:
        refs.append((("service", "webhooks", "secret"), service.webhooks.secret))
    errors = []
    document = config.document
    for parts, ref in refs:
        if ref is None:
            continue
        try:
            resolve_secret(ref, source=str(document.path) if document else "", field=".".join(parts))
        except SecretError as exc:
            if document is not None:
                exc.line = document.line_of(join_pointer("", *parts))
            errors.append(exc)
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
