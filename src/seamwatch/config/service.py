"""The ``service`` section: how ``seamwatch probe serve`` listens, sweeps and shuts down."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from seamwatch.config.invalid import invalid
from seamwatch.config.systems import SecretRef

__all__ = ["ServiceSettings", "Sweeper", "Webhooks"]

DEFAULT_WEBHOOK_TOPICS = ("orders/create", "inventory_levels/update")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Webhooks(_Strict):
    """The webhook receiver: measures delivery of the webhooks our synthetic orders cause."""

    shopify: str | None = Field(
        None, description="The shopify system to subscribe on. Default: the only shopify system.")
    secret: SecretRef = Field(
        description="HMAC secret Shopify signs deliveries with (the app's client secret): "
        "${ENV_VAR} or file:/path.")
    topics: list[str] = Field(
        default_factory=lambda: list(DEFAULT_WEBHOOK_TOPICS),
        description="Topics to subscribe to. Default orders/create, inventory_levels/update.")
    public_url: str | None = Field(
        None, description="Base URL Shopify can reach the receiver at. Default: http://host:port "
        "of the service (fine for the sandbox; a real shop needs a public HTTPS URL).")
    unsubscribe_on_stop: bool = Field(True, description="Remove our subscriptions on shutdown.")


class Sweeper(_Strict):
    """The orphan sweeper: cleans synthetic records a crash left behind."""

    interval_seconds: float = Field(600, gt=0, description="How often it runs after start. Default 600.")
    older_than_seconds: float = Field(
        900, gt=0, description="Only records older than this are orphans. Default 900 (15 min).")
    lookback_hours: float = Field(
        72, gt=0, description="How far back it looks for synthetic orders. Default 72.")


class ServiceSettings(_Strict):
    """``probe serve``: listening address, evaluation cadence, shutdown bound."""

    host: str = Field("127.0.0.1", description="Bind address. Default 127.0.0.1 (loopback only).")
    port: int = Field(8710, ge=0, le=65535, description="Port for /metrics, the status page and "
                      "webhooks. Default 8710; 0 picks a free one.")
    status_token: SecretRef | None = Field(
        None, description="Bearer token for the status page and API; required when host is "
        "not loopback.")
    evaluate_interval_seconds: float = Field(
        30, gt=0, description="How often SLOs are evaluated and alerts decided. Default 30.")
    shutdown_timeout_seconds: float = Field(
        60, gt=0, description="On SIGTERM, how long in-flight probes get to finish their cleanup. "
        "Default 60.")
    webhooks: Webhooks | None = Field(None, description="Webhook receiver; off when absent.")
    sweeper: Sweeper = Field(default_factory=Sweeper, description="Orphan sweeper.")

    @model_validator(mode="after")
    def _token_off_loopback(self) -> ServiceSettings:
        if self.host not in ("127.0.0.1", "localhost", "::1") and self.status_token is None:
            raise invalid(f"host {self.host} is not loopback and no status_token is set",
                          "set service.status_token: ${SEAMWATCH_STATUS_TOKEN}, or bind 127.0.0.1")
        return self
