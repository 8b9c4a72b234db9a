"""Rules for live drift: one recorded response compared with its contract."""

from __future__ import annotations

from seamwatch.drift.model import Level
from seamwatch.drift.rules import rule

_LIVE = [
    ("sw-live-undocumented-field", Level.INFO,
     ("The response carries a field the contract does not document (warning when the schema "
      "forbids extra properties)."),
     "Document the field in the contract if the integration should rely on it."),
    ("sw-live-required-field-missing", Level.BREAKING,
     "A field the contract marks required is missing from the response.",
     "Check the API version served; update the contract or the code that reads the field."),
    ("sw-live-type-mismatch", Level.BREAKING,
     "A value has another type or format than the contract says.",
     "Update the contract, and the transform that reads the value."),
    ("sw-live-enum-value-unknown", Level.WARNING,
     "A value is outside the enum the contract lists.",
     "Add the value to the contract and handle it where the field is switched on."),
    ("sw-live-header-missing", Level.BREAKING,
     "A response header the contract marks required is missing.",
     "Check the API version served; update the contract or stop relying on the header."),
    ("sw-live-status-undocumented", Level.WARNING,
     "The response status is not documented for the operation.",
     "Document the status, or find out why the API returned it."),
    ("sw-live-operation-undocumented", Level.INFO,
     "A recorded request matches no operation of the contract.",
     "Add the operation to the contract if the integration calls it."),
]
for _id, _level, _summary, _advice in _LIVE:
    rule(_id, _level, "live responses", _summary, _advice)
