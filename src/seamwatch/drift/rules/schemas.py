"""Rules about schemas. Direction decides the level: a client *sends* request schemas and
*receives* response schemas, so narrowing a request breaks it and widening a response does.

Families declare one rule per place a schema sits (request body, property, parameter;
response body, property, header), named as oasdiff names them where it has the rule.
"""

from __future__ import annotations

from seamwatch.drift.model import Level
from seamwatch.drift.rules import family, rule

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO
REQ, RESP = "request", "response"
SEND, READ = "Check what the client sends.", "Check how the client reads it."

_PROPERTIES = [
    ("new-required-request-property", B, "A new required property in a request.",
     "Send the property before upgrading."),
    ("new-optional-request-property", I, "A new optional property in a request.", "Nothing to do."),
    ("request-property-removed", W,
     "A request property was removed; closed schemas now reject it.", "Stop sending it."),
    ("sw-request-property-removed-with-deprecation", I,
     "A deprecated request property was removed.", "Stop sending it."),
    ("sw-request-property-removed-before-sunset", B,
     "A deprecated request property was removed before its `x-sunset` date.", "Stop sending it now."),
    ("request-property-became-required", B, "An optional request property became required.",
     "Always send it."),
    ("request-property-became-optional", I, "A required request property became optional.",
     "Nothing to do."),
    ("request-property-deprecated", I, "A request property became deprecated.", "Plan to stop sending it."),
    ("request-property-reactivated", I, "A request property is no longer deprecated.", "Nothing to do."),
    ("sw-request-property-additional-properties-disallowed", B,
     "A request schema no longer accepts properties it does not list.",
     "Send only the documented properties."),
    ("response-required-property-removed", B, "A required response property was removed.",
     "Stop reading it; find where the data moved."),
    ("response-optional-property-removed", W, "An optional response property was removed.",
     "Stop reading it; find where the data moved."),
    ("sw-response-property-removed-with-deprecation", W,
     "A deprecated response property was removed.", "Stop reading it."),
    ("sw-response-property-removed-before-sunset", B,
     "A deprecated response property was removed before its `x-sunset` date.", "Stop reading it now."),
    ("response-required-property-added", I, "A new required response property.", "Nothing to do."),
    ("response-optional-property-added", I, "A new optional response property.", "Nothing to do."),
    ("response-property-became-optional", W, "A required response property became optional.",
     "Handle responses without it."),
    ("response-property-became-required", I, "An optional response property became required.",
     "Nothing to do."),
    ("response-property-deprecated", I, "A response property became deprecated.", "Plan to stop reading it."),
    ("response-property-reactivated", I, "A response property is no longer deprecated.", "Nothing to do."),
]
for _id, _level, _summary, _advice in _PROPERTIES:
    rule(_id, _level, "schema properties", _summary, _advice)

# -- types and formats
family(REQ, "type-changed", B, "The {what}'s type or format changed to one that rejects values sent before.", SEND)
family(REQ, "type-generalized", I, "The {what}'s type or format was widened.", "Nothing to do.")
family(RESP, "type-changed", B, "The {what}'s type or format changed or was widened.", READ,
       oasdiff=("body", "property", "header"))
family(RESP, "type-generalized", W, "The {what}'s type or format was widened.", READ, oasdiff=("header",))
family(RESP, "type-specialized", I, "The {what}'s type or format was narrowed.", "Nothing to do.",
       oasdiff=("header",), ours=("property",))

# -- nullability (OpenAPI 3.0 `nullable` and 3.1 `type: [.., "null"]`)
family(REQ, "became-nullable", I, "The {what} now accepts null.", "Nothing to do.")
family(REQ, "became-not-nullable", B, "The {what} no longer accepts null.", "Never send null for it.")
family(RESP, "became-nullable", W, "The {what} may now be null.", "Handle null.",
       oasdiff=("body", "property", "header"))
family(RESP, "became-not-nullable", I, "The {what} is never null any more.", "Nothing to do.",
       oasdiff=("body", "property", "header"))

# -- enums (`const` counts as a one-value enum)
family(REQ, "enum-value-removed", B, "A value was removed from the {what}'s enum.", "Stop sending that value.")
family(REQ, "enum-value-added", I, "A value was added to the {what}'s enum.", "Nothing to do.",
       oasdiff=("property", "parameter"))
family(REQ, "became-enum", B, "The {what} was restricted to a list of values.", "Send only the listed values.")
family(REQ, "became-not-enum", I, "The {what} is no longer restricted to a list.", "Nothing to do.",
       oasdiff=("body", "parameter"), ours=("property",))
family(RESP, "enum-value-added", W, "The {what} may carry a new enum value.",
       "Handle the new value (or an unknown value) wherever it is switched on.", oasdiff=("property",))
family(RESP, "enum-value-removed", I, "A value was removed from the {what}'s enum.", "Nothing to do.",
       oasdiff=("property",))
family(RESP, "became-enum", I, "The {what} was restricted to a list of values.", "Nothing to do.",
       oasdiff=(), ours=("property",))
family(RESP, "became-not-enum", W, "The {what} is no longer restricted to a list of values.",
       "Handle any value.", oasdiff=(), ours=("property",))

# -- constraints: tightening what a client sends breaks it; loosening what it receives may.
_TIGHTEN = "Send values within the new limit."
family(REQ, "max-length-decreased", B, "The {what}'s maxLength was decreased.", _TIGHTEN)
family(REQ, "max-length-set", B, "The {what} got a maxLength.", _TIGHTEN)
family(REQ, "max-length-increased", I, "The {what}'s maxLength was increased or removed.", "Nothing to do.")
family(REQ, "min-length-increased", B, "The {what}'s minLength was increased or set.", _TIGHTEN)
family(REQ, "min-length-decreased", I, "The {what}'s minLength was decreased or removed.", "Nothing to do.")
family(REQ, "max-decreased", B, "The {what}'s maximum was decreased.", _TIGHTEN)
family(REQ, "max-set", B, "The {what} got a maximum.", _TIGHTEN)
family(REQ, "max-increased", I, "The {what}'s maximum was increased or removed.", "Nothing to do.")
family(REQ, "min-increased", B, "The {what}'s minimum was increased.", _TIGHTEN)
family(REQ, "min-set", B, "The {what} got a minimum.", _TIGHTEN)
family(REQ, "min-decreased", I, "The {what}'s minimum was decreased or removed.", "Nothing to do.")
family(REQ, "max-items-decreased", B, "The {what}'s maxItems was decreased or set.", _TIGHTEN,
       oasdiff=("parameter",), ours=("property",))
family(REQ, "max-items-increased", I, "The {what}'s maxItems was increased or removed.", "Nothing to do.",
       oasdiff=("parameter",), ours=("property",))
family(REQ, "min-items-increased", B, "The {what}'s minItems was increased.", _TIGHTEN)
family(REQ, "min-items-set", B, "The {what} got a minItems.", _TIGHTEN)
family(REQ, "min-items-decreased", I, "The {what}'s minItems was decreased or removed.", "Nothing to do.")
family(REQ, "pattern-added", B, "The {what} got a pattern.", "Send only values that match it.",
       oasdiff=("property", "parameter"))
family(REQ, "pattern-changed", W, "The {what}'s pattern changed (it may reject values sent before).",
       "Check sent values against the new pattern.", oasdiff=("property", "parameter"))
family(REQ, "pattern-removed", I, "The {what}'s pattern was removed.", "Nothing to do.",
       oasdiff=("property", "parameter"))
_LOOSEN = "Handle values outside the old limit."
_RESP_ROLES = ("body", "property")
family(RESP, "max-length-increased", W, "The {what}'s maxLength was increased.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "max-length-unset", W, "The {what}'s maxLength was removed.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "min-length-decreased", W, "The {what}'s minLength was decreased or removed.", _LOOSEN,
       oasdiff=_RESP_ROLES)
family(RESP, "max-increased", W, "The {what}'s maximum was increased or removed.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "min-decreased", W, "The {what}'s minimum was decreased or removed.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "min-items-decreased", W, "The {what}'s minItems was decreased.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "min-items-unset", W, "The {what}'s minItems was removed.", _LOOSEN, oasdiff=_RESP_ROLES)
family(RESP, "max-items-increased", W, "The {what}'s maxItems was increased or removed.", _LOOSEN,
       oasdiff=(), ours=("property",))
family(RESP, "pattern-changed", W, "The {what}'s pattern changed.", _LOOSEN, oasdiff=("property",))
family(RESP, "pattern-removed", W, "The {what}'s pattern was removed.", _LOOSEN, oasdiff=("property",))
family(RESP, "pattern-added", I, "The {what} got a pattern.", "Nothing to do.", oasdiff=("property",))

# -- composition. allOf is flattened (its properties are compared as one object), so
# adding or removing an allOf branch is reported by the property rules; these are info.
_BRANCH = ("body", "property")
family(REQ, "one-of-added", I, "The {what} accepts one more `oneOf` alternative.", "Nothing to do.", oasdiff=_BRANCH)
family(REQ, "one-of-removed", B, "A `oneOf` alternative of the {what} was removed.",
       "Stop sending that shape.", oasdiff=_BRANCH)
family(REQ, "any-of-added", I, "The {what} accepts one more `anyOf` alternative.", "Nothing to do.", oasdiff=_BRANCH)
family(REQ, "any-of-removed", B, "An `anyOf` alternative of the {what} was removed.",
       "Stop sending that shape.", oasdiff=_BRANCH)
family(REQ, "all-of-added", I, "A branch was added to the {what}'s `allOf`.",
       "See the property changes reported with it.", oasdiff=_BRANCH)
family(REQ, "all-of-removed", I, "A branch was removed from the {what}'s `allOf`.",
       "See the property changes reported with it.", oasdiff=_BRANCH)
family(RESP, "one-of-added", W, "The {what} may arrive in one more `oneOf` shape.",
       "Handle the new shape.", oasdiff=_BRANCH)
family(RESP, "one-of-removed", I, "A `oneOf` alternative of the {what} was removed.", "Nothing to do.",
       oasdiff=_BRANCH)
family(RESP, "any-of-added", W, "The {what} may arrive in one more `anyOf` shape.",
       "Handle the new shape.", oasdiff=_BRANCH)
family(RESP, "any-of-removed", I, "An `anyOf` alternative of the {what} was removed.", "Nothing to do.",
       oasdiff=_BRANCH)
family(RESP, "all-of-added", I, "A branch was added to the {what}'s `allOf`.",
       "See the property changes reported with it.", oasdiff=_BRANCH)
family(RESP, "all-of-removed", I, "A branch was removed from the {what}'s `allOf`.",
       "See the property changes reported with it.", oasdiff=_BRANCH)
