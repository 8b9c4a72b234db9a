"""Probe files: pydantic models (``extra="forbid"``), the loader and secret resolution.

Layer 1: imports only :mod:`seamwatch.core`. Nothing here runs a probe.
"""

from __future__ import annotations

from seamwatch.config.alerting import AlertingConfig, resolve_receiver_secrets
from seamwatch.config.conditions import Condition, ConditionSyntaxError, parse_condition
from seamwatch.config.loader import load_probe_config, validate_probe_file
from seamwatch.config.models import Budget, ProbeConfig, Storage
from seamwatch.config.probes import (
    HttpProbe,
    InventoryRoundtripProbe,
    OrderRoundtripProbe,
    Poll,
    Probe,
    Schedule,
)
from seamwatch.config.secrets import resolve_secrets, secret_errors
from seamwatch.config.slos import BurnRateRule, ResolvedSlo, SloDefinition, Slos
from seamwatch.config.systems import Auth, System

__all__ = [
    "AlertingConfig",
    "Auth",
    "Budget",
    "BurnRateRule",
    "Condition",
    "ConditionSyntaxError",
    "HttpProbe",
    "InventoryRoundtripProbe",
    "OrderRoundtripProbe",
    "Poll",
    "Probe",
    "ProbeConfig",
    "ResolvedSlo",
    "Schedule",
    "SloDefinition",
    "Slos",
    "Storage",
    "System",
    "load_probe_config",
    "parse_condition",
    "resolve_receiver_secrets",
    "resolve_secrets",
    "secret_errors",
    "validate_probe_file",
]
