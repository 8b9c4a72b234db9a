"""Which side of the integration an SLO's scope belongs to, for routing pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from seamwatch.config import ProbeConfig

__all__ = ["Routing"]

_SIDES = ("shopify", "erp")


@dataclass(frozen=True)
class Routing:
    """Maps stored system and probe names to ``shopify``, ``erp`` or ``bridge``."""

    system_kinds: Mapping[str, str] = field(default_factory=dict)
    probe_systems: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: ProbeConfig) -> Routing:
        kinds = {name: system.kind for name, system in config.systems.items()}
        probes: dict[str, str] = {}
        for probe in config.probes:
            # Round trips cross the sync middleware: when they fail, the bridge is the suspect.
            probes[probe.name] = getattr(probe, "system", "") if probe.kind == "http" else "bridge"
        return cls(kinds, probes)

    def system(self, name: str) -> str:
        """``shopify``/``erp`` for a configured system of that kind, else the name itself."""
        kind = self.system_kinds.get(name, name)
        return kind if kind in _SIDES else name

    def probe(self, name: str) -> str | None:
        """The side a probe exercises: its system's for http probes, ``bridge`` for round trips."""
        target = self.probe_systems.get(name)
        if target is None or target == "bridge":
            return target
        return self.system(target)
