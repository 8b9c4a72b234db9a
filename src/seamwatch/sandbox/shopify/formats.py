"""The JSON Schema string formats the contract uses (``uri``, ``email``, ``date-time``),
checked the way the contract's validators read them (RFC 3986, RFC 5321, RFC 3339).

Requests are held to exactly these rules, so a value the contract calls valid is accepted and
one it calls invalid is refused.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["is_email", "is_uri", "parse_timestamp"]

_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_URI = re.compile(  # scheme ":" hier-part [ "?" query ] [ "#" fragment ]
    rf"[A-Za-z][A-Za-z0-9+\-.]*:"
    rf"(?://(?P<authority>[^/?#]*)(?:/{_PCHAR}*)*"
    rf"|/(?:{_PCHAR}+(?:/{_PCHAR}*)*)?"
    rf"|{_PCHAR}+(?:/{_PCHAR}*)*"
    rf"|)"
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?", re.ASCII)
_USERINFO = re.compile(rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*", re.ASCII)
_REG_NAME = re.compile(rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*", re.ASCII)
_IP_FUTURE = re.compile(rf"v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+", re.ASCII)

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOT_ATOM = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*", re.ASCII)
_QUOTED = re.compile(r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"', re.ASCII)
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)

_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|([+-])([0-9]{2}):([0-9]{2}))", re.ASCII)


def is_uri(value: str) -> bool:
    """An absolute URI per RFC 3986 (``https://host/path``, ``urn:x``, ``mailto:a@b`` ...)."""
    match = _URI.fullmatch(value)
    if match is None:
        return False
    authority = match.group("authority")
    return authority is None or _authority_ok(authority)


def _authority_ok(authority: str) -> bool:
    userinfo, at, hostport = authority.rpartition("@")
    if at and not _USERINFO.fullmatch(userinfo):
        return False
    if hostport.startswith("["):
        host, bracket, port = hostport.partition("]")
        if not bracket or (port and not port.startswith(":")) or not _ip_literal_ok(host[1:]):
            return False
        port = port[1:]
    else:
        host, _, port = hostport.partition(":")
        if not _REG_NAME.fullmatch(host):
            return False
    return port == "" or (port.isascii() and port.isdigit())


def _ip_literal_ok(inner: str) -> bool:
    if _IP_FUTURE.fullmatch(inner):
        return True
    try:
        ipaddress.IPv6Address(inner)
    except ValueError:
        return False
    return "%" not in inner  # zone ids are not part of RFC 3986


def is_email(value: str) -> bool:
    """``local@domain``: a dot-atom or quoted local part, and a host name or address literal."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(local) > 64:
        return False
    if not (_DOT_ATOM.fullmatch(local) or _QUOTED.fullmatch(local)):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return _address_literal_ok(domain[1:-1])
    return len(domain) <= 253 and all(_label_ok(label) for label in domain.split("."))


def _label_ok(label: str) -> bool:
    if not _LABEL.fullmatch(label):
        return False
    if label[2:4] != "--":
        return True
    # IDNA: "--" in positions 3-4 only as an ``xn--`` A-label that decodes.
    try:
        return label.startswith("xn--") and bool(label.encode("ascii").decode("idna"))
    except UnicodeError:
        return False


def _address_literal_ok(literal: str) -> bool:
    try:
        if literal[:5].lower() == "ipv6:":
            ipaddress.IPv6Address(literal[5:])
        else:
            ipaddress.IPv4Address(literal)
    except ValueError:
        return False
    return True


def parse_timestamp(text: str) -> datetime | None:
    """An RFC 3339 ``date-time`` as an aware datetime, or ``None`` when it is not one.

    A leap second (``23:59:60`` in UTC) reads as the second before it; year 0 as the earliest
    representable moment.
    """
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    sign, off_hours, off_minutes = match.group(9), match.group(10), match.group(11)
    off_h, off_m = (int(off_hours), int(off_minutes)) if sign else (0, 0)
    if hour > 23 or minute > 59 or second > 60 or off_h > 23 or off_m > 59:
        return None
    offset = (off_h * 60 + off_m) * (-1 if sign == "-" else 1)
    try:
        moment = datetime(max(year, 1), month, day, hour, minute, min(second, 59),
                          tzinfo=timezone(timedelta(minutes=offset)))
    except ValueError:  # 30 February and the like
        return None
    if second == 60 and moment.astimezone(UTC).strftime("%H:%M") != "23:59":
        return None  # a leap second only ever ends a UTC day
    return datetime.min.replace(tzinfo=UTC) if year == 0 else moment
