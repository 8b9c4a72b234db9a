"""Masking log records that third-party libraries write about our requests.

httpx logs every request's full URL at INFO ("HTTP Request: POST https://hooks.slack.com/
services/..."); for Slack and token-carrying webhooks the URL *is* the secret. A
:class:`MaskingFilter` on the ``httpx`` logger rewrites such records through the masker
before any handler sees them. :class:`~seamwatch.alerting.Alerting` installs one for its
lifetime (``close`` removes it); other composition roots can do the same.
"""

from __future__ import annotations

import logging

from seamwatch.core.secrets import Masker

__all__ = ["MaskingFilter", "THIRD_PARTY_LOGGERS"]

THIRD_PARTY_LOGGERS = ("httpx",)


class MaskingFilter(logging.Filter):
    """Replaces a record's message with its masked rendering; never drops a record."""

    def __init__(self, masker: Masker) -> None:
        super().__init__()
        self._masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self._masker.text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

    def install(self) -> MaskingFilter:
        for name in THIRD_PARTY_LOGGERS:
            logging.getLogger(name).addFilter(self)
        return self

    def remove(self) -> None:
        for name in THIRD_PARTY_LOGGERS:
            logging.getLogger(name).removeFilter(self)
