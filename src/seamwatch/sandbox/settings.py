"""Every sandbox default in one place. The shipped probe and contract configs rely on these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SandboxSettings"]


@dataclass
class SandboxSettings:
    host: str = "127.0.0.1"
    shopify_port: int = 8701
    erp_port: int = 8702
    bridge_port: int = 8703

    # Sandbox-only credentials: documented, not secret, never valid anywhere else.
    shopify_token: str = "shpat_sandbox_0000000000000000"
    webhook_secret: str = "sandbox-webhook-secret-0000"
    erp_token: str = "sandbox-erp-token-0000000000"
    control_token: str = "sandbox-control-token-0000"
    shop_domain: str = "seamwatch-sandbox.myshopify.com"

    # Shopify API versions this sandbox serves; anything else falls forward to the oldest.
    supported_versions: tuple[str, ...] = ("2026-01", "2026-04", "2026-07", "2026-10")
    bucket_size: int = 40
    leak_per_second: float = 2.0

    # Business Central: tenant/environment in the URL, one company, throttling per token.
    erp_tenant: str = "sandbox"
    erp_environment: str = "production"
    company_id: str = "5d115c9c-44e3-ea11-bb43-000d3a2feca1"
    erp_requests_per_window: int = 6000
    erp_window_seconds: float = 300.0

    # Webhook delivery (Shopify: 5 s timeout, 8 attempts with exponential backoff over ~4 h).
    webhook_timeout: float = 5.0
    webhook_attempts: int = 8
    webhook_backoff_base: float = 60.0
    time_scale: float = 1.0  # multiplies every retry delay; tests shorten it (e.g. 0.001)

    # Bridge: durable queue, retries, dead letters, inventory sync.
    bridge_db: Path = field(default_factory=lambda: Path("reports/sandbox-bridge.sqlite"))
    bridge_max_attempts: int = 5
    bridge_poll_interval: float = 0.05
    inventory_sync_interval: float = 1.0
    shopify_location_id: int = 655441491

    @property
    def shopify_base(self) -> str:
        return f"http://{self.host}:{self.shopify_port}/admin/api/{self.supported_versions[0]}"

    @property
    def erp_base(self) -> str:
        return f"http://{self.host}:{self.erp_port}/v2.0/{self.erp_tenant}/{self.erp_environment}/api"

    @property
    def bridge_base(self) -> str:
        return f"http://{self.host}:{self.bridge_port}"
