"""The ``alerting`` section: receivers, routes by failing system, policy and maintenance.

Secrets (PagerDuty routing keys, Slack webhook URLs, bearer tokens, a generic webhook URL
that carries a token) are secret *references* only; :func:`resolve_receiver_secrets` reads
them when a composition root starts alerting, so nothing here touches the environment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Union
from urllib.parse import urlsplit

from apscheduler.triggers.cron import CronTrigger
from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from seamwatch.config.invalid import INVALID, invalid
from seamwatch.config.systems import NAME_PATTERN, SecretRef
from seamwatch.core.documents import Document, join_pointer
from seamwatch.core.errors import SecretError
from seamwatch.core.secrets import is_secret_ref, resolve_secret

__all__ = [
    "DEFAULT_PAGERDUTY_URL",
    "AlertPolicy",
    "AlertingConfig",
    "AlertmanagerReceiver",
    "MaintenanceWindow",
    "OutboxSettings",
    "PagerDutyReceiver",
    "Receiver",
    "Routes",
    "SlackReceiver",
    "WebhookReceiver",
    "resolve_receiver_secrets",
]

DEFAULT_PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue"
RoutedSystem = Literal["shopify", "bridge", "erp"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid(f"{value!r} is not an http(s) URL", "write the full URL, e.g. https://host/path")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


def _url_or_secret(value: str) -> str:
    # A plain URL is fine; a URL carrying credentials must come from the environment or a file.
    if is_secret_ref(value):
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid("url is neither an http(s) URL nor a secret reference",
                      "write https://host/path, or ${ENV_VAR} / file:/path when it carries a token")
    if parts.password or parts.query:
        raise invalid("a webhook URL with a query or credentials is written literally",
                      "move it to ${ENV_VAR} or file:/path, and rotate its token if this file was shared")
    return value


class PagerDutyReceiver(_Strict):
    """PagerDuty Events API v2."""

    provider: Literal["pagerduty"]
    routing_key: SecretRef = Field(
        description="Integration key: ${ENV_VAR} or file:/path; a literal key is refused.")
    url: HttpUrl = Field(DEFAULT_PAGERDUTY_URL,
                         description=f"Events endpoint. Default {DEFAULT_PAGERDUTY_URL}; point it at a local sink to test.")
    source: str = Field("seamwatch", description="payload.source. Default seamwatch.")


class SlackReceiver(_Strict):
    """A Slack incoming webhook (the whole URL is the secret)."""

    provider: Literal["slack"]
    webhook_url: SecretRef = Field(
        description="${ENV_VAR} or file:/path holding https://hooks.slack.com/services/...")


class AlertmanagerReceiver(_Strict):
    """Prometheus Alertmanager, alerts posted to ``{url}/api/v2/alerts``."""

    provider: Literal["alertmanager"]
    url: HttpUrl = Field(description="Alertmanager root, e.g. http://alertmanager:9093.")
    bearer_token: SecretRef | None = Field(None,
        description="Optional bearer token: ${ENV_VAR} or file:/path.")


class WebhookReceiver(_Strict):
    """Any HTTP endpoint taking seamwatch's documented JSON body."""

    provider: Literal["webhook"]
    url: Annotated[str, AfterValidator(_url_or_secret)] = Field(
        description="Plain https URL, or ${ENV_VAR} / file:/path when the URL carries a token.")
    bearer_token: SecretRef | None = Field(None,
        description="Optional bearer token: ${ENV_VAR} or file:/path.")




def _provider_of(value: Any) -> str | None:
    return value.get("provider") if isinstance(value, dict) else getattr(value, "provider", None)


Receiver = Annotated[
    Union[Annotated[PagerDutyReceiver, Tag("pagerduty")], Annotated[SlackReceiver, Tag("slack")],
          Annotated[AlertmanagerReceiver, Tag("alertmanager")], Annotated[WebhookReceiver, Tag("webhook")]],
    # Our own error (not pydantic's "union tag" one) so the loader reports it with this fix.
    Discriminator(_provider_of, custom_error_type=INVALID, custom_error_message="{message}",
                  custom_error_context={"message": "receiver has no known provider",
                                        "fix": "write provider: pagerduty, slack, alertmanager or webhook",
                                        "problems": ()}),
]
# Which receiver fields hold secret references, by provider.
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
    "pagerduty": ("routing_key",), "slack": ("webhook_url",),
    "alertmanager": ("bearer_token",), "webhook": ("url", "bearer_token"),
}


class Routes(_Strict):
    """Receiver names by failing system; ``default`` takes SLOs whose system has no route."""

    shopify: list[str] = Field(default_factory=list,
        description="Receivers for Shopify-side failures.")
    bridge: list[str] = Field(default_factory=list,
        description="Receivers for sync-bridge failures.")
    erp: list[str] = Field(default_factory=list, description="Receivers for ERP-side failures.")
    default: list[str] = Field(default_factory=list,
        description="Receivers for everything else. Default none.")

    def receivers_for(self, system: str | None) -> list[str]:
        """The receivers for ``system``: its own route when it has one, else ``default``."""
        own: list[str] = getattr(self, system, []) if system in ("shopify", "bridge", "erp") else []
        return own or self.default


class AlertPolicy(_Strict):
    """When an SLO's evaluations become a page, a reminder or a resolve."""

    trigger_after: int = Field(2, ge=1,
        description="Consecutive alerting evaluations before a trigger. Default 2.")
    resolve_after: int = Field(2, ge=1,
        description="Consecutive clear evaluations before a resolve. Default 2.")
    reminder_interval_seconds: float = Field(
        3600, gt=0, description="Re-send an open alert at most this often. Default 3600 (1 h).")
    send_resolved: bool = Field(True,
        description="Send a resolve when an alert clears. Default true.")
    tickets: bool = Field(True,
        description="Notify (severity warning) when only a ticket burn rate fires. Default true.")


class OutboxSettings(_Strict):
    """Retries of failed sends (429, 5xx, network errors)."""

    backoff_initial_seconds: float = Field(5, gt=0, description="First retry delay. Default 5.")
    backoff_max_seconds: float = Field(300, gt=0, description="Longest retry delay. Default 300.")
    give_up_after_seconds: float = Field(
        86400, gt=0, description="A send still failing this long after it was queued is marked failed. Default 86400.")


def _cron(value: str) -> str:
    try:
        CronTrigger.from_crontab(value, timezone=UTC)
    except ValueError as exc:
        raise invalid(f"invalid cron expression {value!r}: {exc}",
                      "write five fields: minute hour day month day_of_week, e.g. '0 2 * * 0'")
    return value


class MaintenanceWindow(_Strict):
    """A time when state is recorded but no notification goes out: cron + duration, or start/end."""

    name: str = Field("maintenance", description="Shown in logs.")
    cron: Annotated[str, AfterValidator(_cron)] | None = Field(None,
        description="Window starts (crontab, UTC).")
    duration_minutes: float | None = Field(None, gt=0, description="Length of each cron window.")
    start: datetime | None = Field(None, description="ISO-8601 start (with a time zone).")
    end: datetime | None = Field(None, description="ISO-8601 end (with a time zone).")
    systems: list[RoutedSystem] = Field(default_factory=list,
        description="Systems covered; empty = all.")

    @model_validator(mode="after")
    def _one_form(self) -> MaintenanceWindow:
        cron_form = self.cron is not None or self.duration_minutes is not None
        fixed_form = self.start is not None or self.end is not None
        if cron_form == fixed_form:
            raise invalid("a maintenance window needs cron + duration_minutes, or start + end",
                          "write {cron: '0 2 * * 0', duration_minutes: 60} or {start: ..., end: ...}")
        if cron_form and (self.cron is None or self.duration_minutes is None):
            raise invalid("a cron window needs both cron and duration_minutes", "add the missing one")
        if fixed_form:
            if self.start is None or self.end is None or self.start.tzinfo is None or self.end.tzinfo is None:
                raise invalid("a fixed window needs start and end with time zones",
                              "write start: 2026-03-01T02:00:00Z and end: 2026-03-01T04:00:00Z")
            if self.end <= self.start:
                raise invalid("end is not after start", "swap them or fix the dates")
        return self

    def active(self, now: datetime, system: str | None) -> bool:
        """Whether ``now`` falls inside this window for ``system``."""
        if self.systems and system not in self.systems:
            return False
        if self.start is not None and self.end is not None:
            return self.start <= now < self.end
        assert self.cron is not None and self.duration_minutes is not None
        length = timedelta(minutes=self.duration_minutes)
        # The first start at or after now - length: if it is not after now, now is inside it.
        since = now - length + timedelta(microseconds=1)  # a window ends before start + length
        first = CronTrigger.from_crontab(self.cron, timezone=UTC).get_next_fire_time(None, since)
        return first is not None and first <= now


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


class AlertingConfig(_Strict):
    """Where notifications go and when. Empty (the default) means alerting is off."""

    receivers: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Receiver] = Field(
        default_factory=dict, description="Receivers by name.")
    routes: Routes = Field(default_factory=Routes, description="Receiver names by failing system.")
    policy: AlertPolicy = Field(default_factory=AlertPolicy,
        description="Trigger, resolve and reminder rules.")
    maintenance: list[MaintenanceWindow] = Field(default_factory=list, description="Quiet windows.")
    outbox: OutboxSettings = Field(default_factory=OutboxSettings, description="Retry settings.")
    report_url: HttpUrl | None = Field(None,
        description="Link added to every notification (status page or report).")

    @model_validator(mode="after")
    def _known_receivers(self) -> AlertingConfig:
        known = ", ".join(sorted(self.receivers)) or "none"
        problems = [(("routes", system, index), f"unknown receiver {name!r} (known: {known})",
                     "name a receiver defined under alerting.receivers")
                    for system in ("shopify", "bridge", "erp", "default")
                    for index, name in enumerate(getattr(self.routes, system)) if name not in self.receivers]
        if problems:
            raise invalid(problems[0][1], problems[0][2], problems=problems)
        return self

    def receivers_for(self, system: str | None) -> list[str]:
        return _unique(self.routes.receivers_for(system))

    def in_maintenance(self, now: datetime, system: str | None) -> str | None:
        """The name of the first window covering ``now`` for ``system``, else None."""
        return next((w.name for w in self.maintenance if w.active(now, system)), None)


def resolve_receiver_secrets(config: AlertingConfig, document: Document | None = None,
                             only: list[str] | None = None) -> dict[str, dict[str, str]]:
    """``{receiver: {field: secret}}`` for the receivers (all, or ``only``); raise the first ``SecretError``."""
    resolved: dict[str, dict[str, str]] = {}
    for name, receiver in config.receivers.items():
        if only is not None and name not in only:
            continue
        resolved[name] = {}
        for field in SECRET_FIELDS[receiver.provider]:
            ref = getattr(receiver, field)
            if ref is None or not is_secret_ref(ref):
                continue
            pointer = join_pointer("", "alerting", "receivers", name, field)
            try:
                resolved[name][field] = resolve_secret(
                    ref, source=str(document.path) if document else "", field=f"alerting.receivers.{name}.{field}")
            except SecretError as exc:
                exc.line = document.line_of(pointer) if document else None
                raise
    return resolved
