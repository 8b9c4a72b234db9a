"""Service logging: one line per event on stderr, every line masked.

The masking filter sits on the handler, so a secret that reaches any logger (ours, httpx's,
APScheduler's, a traceback) is replaced before it is written.
"""

from __future__ import annotations

import logging

from seamwatch.config.models import ProbeConfig
from seamwatch.core.secrets import Masker

__all__ = ["MaskingFilter", "configure_logging", "install_masking"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Their INFO lines are one per request or per job run: too much for a service log.
_QUIET = ("httpx", "httpcore", "apscheduler", "uvicorn.access")


class MaskingFilter(logging.Filter):
    def __init__(self, masker: Masker) -> None:
        super().__init__()
        self.masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = self.masker.text(text), None
        return True


def configure_logging(config: ProbeConfig, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


def install_masking(masker: Masker) -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter(masker))
