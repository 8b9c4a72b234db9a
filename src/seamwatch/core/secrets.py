"""Secrets come from the environment or from files, and are masked everywhere they could leak.

A ``Masker`` is built once by a composition root and passed to every output (logs, reports,
JUnit, pages). It masks the exact secret values it was told about, plus PII patterns that
are never worth printing (email addresses, phone numbers) and credential-looking headers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from seamwatch.core.errors import SecretError

__all__ = ["MASK", "Masker", "SENSITIVE_HEADERS", "is_secret_ref", "resolve_secret"]

MASK = "***"

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "x-shopify-access-token",
        "x-shopify-hmac-sha256",
        "cookie",
        "set-cookie",
        "proxy-authorization",
        "x-api-key",
        "x-sandbox-control-token",
    }
)

_ENV_REF = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Phone numbers: a leading + or a run of digits with separators, at least 9 digits in all.
# An ISO date or timestamp (2026-12-01 22:06) has the same shape; it is not a phone number.
# Nor is a run of digits inside an identifier (a GUID segment after a dash).
_PHONE = re.compile(r"(?<![\w.-])(?!\d{4}-\d{2}-\d{2})\+?\d[\d ()-]{7,}\d(?![\w.-])")
# Postal-address fields (Shopify and Business Central names): PII wherever they appear.
ADDRESS_KEYS = frozenset({
    "address1", "address2", "street", "zip", "postal_code", "addressLine1", "addressLine2",
    "postalCode", "sellToAddressLine1", "sellToAddressLine2", "sellToPostCode", "billToAddressLine1",
    "billToAddressLine2", "billToPostCode", "shipToAddressLine1", "shipToAddressLine2", "shipToPostCode",
})
# The same fields inside JSON or Python-repr text (failure messages, curl bodies).
_ADDRESS_IN_TEXT = re.compile(
    r"""(["'](?:%s)["']\s*:\s*)(["'])(?:(?!\2).)*\2""" % "|".join(sorted(ADDRESS_KEYS)))
_QUERY_SECRET = re.compile(
    r"(?i)((?:access_token|token|api_key|apikey|key|secret|password|signature|sig)=)[^&\s\"']+"
)


def is_secret_ref(value: str) -> bool:
    """True when ``value`` is written as ``${ENV_VAR}`` or ``file:/path``."""
    return bool(_ENV_REF.match(value)) or value.startswith("file:")


def resolve_secret(ref: str, *, source: str = "", field: str = "") -> str:
    """Resolve ``${ENV_VAR}`` or ``file:/path`` to the secret's value.

    Raises ``SecretError`` naming ``source`` and ``field`` when the variable is unset or the
    file is unreadable; the value itself never appears in the message.
    """
    match = _ENV_REF.match(ref)
    if match:
        name = match.group(1)
        value = os.environ.get(name)
        if not value:
            raise SecretError(
                f"environment variable {name} is not set",
                file=source or None,
                field=field or None,
                fix=f"export {name}=... before running",
            )
        return value
    if ref.startswith("file:"):
        path = Path(ref[len("file:") :]).expanduser()
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretError(
                f"cannot read secret file {path}: {exc.strerror}",
                file=source or None,
                field=field or None,
                fix="point file: at a readable file that holds only the secret",
            ) from None
    raise SecretError(
        "a secret is written literally",
        file=source or None,
        field=field or None,
        fix="never write secrets into files; use ${ENV_VAR} or file:/path/to/secret",
    )


class Masker:
    """Masks known secret values and PII in text and in nested data."""

    def __init__(self, secrets: Iterable[str] = (), *, mask_pii: bool = True) -> None:
        self._secrets: set[str] = set()
        self.mask_pii = mask_pii
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        # Very short values would mask innocent substrings everywhere; they are not secrets.
        if secret and len(secret) >= 6:
            self._secrets.add(secret)

    def text(self, value: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            value = value.replace(secret, MASK)
        value = _QUERY_SECRET.sub(rf"\1{MASK}", value)
        if self.mask_pii:
            value = _EMAIL.sub(MASK, value)
            value = _PHONE.sub(MASK, value)
            value = _ADDRESS_IN_TEXT.sub(rf"\1\2{MASK}\2", value)
        return value

    def _masked_key(self, key: str, value: Any) -> bool:
        if key.lower() in SENSITIVE_HEADERS:
            return True
        return self.mask_pii and key in ADDRESS_KEYS and isinstance(value, str) and bool(value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            k: (MASK if k.lower() in SENSITIVE_HEADERS else self.text(str(v)))
            for k, v in headers.items()
        }

    def data(self, value: Any) -> Any:
        """Mask recursively through dicts, lists and strings."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: (MASK if self._masked_key(str(k), v) else self.data(v)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.data(v) for v in value]
        return value
