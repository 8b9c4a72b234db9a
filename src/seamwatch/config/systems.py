"""The ``systems`` section: where each system under test lives and how to authenticate.

Tokens are secret *references* only (``${ENV_VAR}`` or ``file:/path``); reading them is a
separate step (:func:`seamwatch.config.secrets.resolve_secrets`), so a file can be validated
on a machine that does not hold the secrets.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from seamwatch.config.invalid import invalid
from seamwatch.core.secrets import is_secret_ref

__all__ = ["DEFAULT_AUTH_HEADERS", "Auth", "SecretRef", "System", "SystemKind"]

SystemKind = Literal["shopify", "erp", "http"]

# What each kind of system expects when `auth.header` is left out.
DEFAULT_AUTH_HEADERS: dict[str, str] = {
    "shopify": "X-Shopify-Access-Token",
    "erp": "Authorization",
    "http": "Authorization",
}

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def _secret_ref(value: str) -> str:
    # The value itself must never reach the message: it may be a real token.
    if not is_secret_ref(value):
        raise invalid(
            "a token is written literally; probe files may hold only secret references",
            "write ${ENV_VAR} (and export ENV_VAR) or file:/path/to/token, "
            "then rotate the token if this file was ever shared",
        )
    return value


SecretRef = Annotated[str, AfterValidator(_secret_ref)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Auth(_Strict):
    """How requests to a system are authenticated."""

    header: str | None = Field(
        None,
        description="Header carrying the token. Default by system kind: X-Shopify-Access-Token "
        "for shopify (token sent as is), Authorization for erp and http (sent as 'Bearer <token>').",
    )
    token: SecretRef = Field(
        description="${ENV_VAR} or file:/path. A literal token is refused.",
    )


def _base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid(f"base_url {value!r} is not an http(s) URL",
                      "write the full URL, e.g. https://example.myshopify.com/admin/api/2026-01")
    if parts.query or parts.fragment:
        raise invalid(f"base_url {value!r} has a query or fragment",
                      "put only scheme, host and path prefix in base_url")
    # Probe paths start with "/", so a trailing slash would double it.
    return value.rstrip("/")


class System(_Strict):
    """One system under test: a Shopify shop, an ERP (Business Central API) or any HTTP API."""

    kind: SystemKind = Field(description="shopify, erp or http.")
    base_url: Annotated[str, AfterValidator(_base_url)] = Field(
        description="API root that probe paths are appended to; a trailing / is removed. "
        "${VAR} is not expanded here.",
    )
    api_version: str | None = Field(
        None, description="API version the probes expect (e.g. 2026-01 for Shopify); informative."
    )
    auth: Auth | None = Field(None, description="Required for shopify and erp; optional for http.")
    company_id: str | None = Field(
        None, description="erp only: the Business Central company the probes work in."
    )
    timeout_seconds: float = Field(10.0, gt=0, description="Per-request timeout. Default 10.")

    @model_validator(mode="after")
    def _kind_rules(self) -> System:
        if self.kind in ("shopify", "erp") and self.auth is None:
            raise invalid(f"a {self.kind} system needs auth",
                          "add auth: {token: ${ENV_VAR}}")
        if self.company_id is not None and self.kind != "erp":
            raise invalid(f"company_id is only for erp systems, this one is {self.kind}",
                          "remove company_id or set kind: erp")
        return self

    def auth_header(self) -> str | None:
        """The header name the token goes in (None when the system has no auth)."""
        if self.auth is None:
            return None
        return self.auth.header or DEFAULT_AUTH_HEADERS[self.kind]
