"""Where the shipped contracts and probe files live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["shipped_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_dir(name: str) -> Path:
    """``contracts`` or ``probes``: the wheel's copy if installed, else the checkout's."""
    installed = _PACKAGE / "_shipped" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name
