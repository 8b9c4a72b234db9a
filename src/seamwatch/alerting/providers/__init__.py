"""Alert providers: one module each, registered in :data:`PROVIDERS` on import.

Adding a provider is one file here (importing this package imports every module in it) plus
its receiver model in :mod:`seamwatch.config.alerting` and one test against the local sink.
"""

from __future__ import annotations

import importlib
import pkgutil

from seamwatch.alerting.providers.base import (
    PROVIDERS,
    OutgoingRequest,
    Outcome,
    Provider,
    classify_response,
)

__all__ = ["PROVIDERS", "OutgoingRequest", "Outcome", "Provider", "classify_response"]

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")
