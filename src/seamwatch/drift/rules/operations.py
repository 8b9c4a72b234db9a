"""Rules about paths, operations, parameters, request bodies, responses and security."""

from __future__ import annotations

from seamwatch.drift.model import Level
from seamwatch.drift.rules import rule

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO

_ENDPOINTS = [
    ("api-path-removed-without-deprecation", B,
     "A path and its operations were removed without being deprecated first.",
     "Stop calling it before upgrading, or ask the provider for the replacement endpoint."),
    ("api-path-removed-with-deprecation", W,
     "A deprecated path was removed (after its sunset date, or without one).",
     "Make sure nothing still calls it; it was announced as going away."),
    ("api-path-removed-before-sunset", B,
     "A deprecated path was removed before its `x-sunset` date.",
     "Migrate off it now; the provider removed it earlier than announced."),
    ("api-removed-without-deprecation", B,
     "An operation (method) was removed without being deprecated first.",
     "Stop calling it before upgrading, or find the replacement operation."),
    ("api-removed-with-deprecation", W,
     "A deprecated operation was removed (after its sunset date, or without one).",
     "Make sure nothing still calls it."),
    ("api-removed-before-sunset", B,
     "A deprecated operation was removed before its `x-sunset` date.",
     "Migrate off it now; it went earlier than announced."),
    ("endpoint-added", I, "A new operation.", "Nothing to do; use it if it helps."),
    ("endpoint-deprecated", I, "An operation became deprecated.",
     "Plan the migration before its `x-sunset` date."),
    ("endpoint-reactivated", I, "An operation is no longer deprecated.", "Nothing to do."),
    ("api-operation-id-removed", W,
     "An operation's operationId was removed or renamed.",
     "Update configs, probes and generated clients that refer to the old operationId."),
    ("api-operation-id-added", I, "An operation got an operationId.", "Nothing to do."),
    ("api-tag-removed", I, "An operation lost a tag.", "Nothing to do unless tooling groups by tag."),
    ("api-tag-added", I, "An operation got a new tag.", "Nothing to do."),
    ("api-schema-removed", I, "A schema was removed from components/schemas.",
     "Nothing to do by itself; operations that used it report their own changes."),
    ("sw-webhook-removed", B, "A webhook the provider delivered is no longer documented.",
     "Check the subscription still works; find the replacement topic."),
    ("sw-webhook-added", I, "A new webhook.", "Nothing to do; subscribe if it helps."),
]

_SECURITY = [
    ("api-security-removed", B,
     "A way to authenticate an operation was removed.",
     "Switch to one of the remaining security schemes before upgrading."),
    ("api-security-added", I, "A new alternative way to authenticate an operation.", "Nothing to do."),
    ("sw-api-security-now-required", B,
     "An operation that needed no authentication now requires it.",
     "Send credentials for one of the new security schemes."),
    ("sw-api-security-no-longer-required", I,
     "An operation no longer requires authentication.", "Nothing to do."),
    ("api-security-scope-added", B,
     "An operation's security scheme requires an extra scope.",
     "Grant the new scope to the app or token before upgrading."),
    ("api-security-scope-removed", I, "An operation needs fewer scopes.", "Nothing to do."),
    ("api-security-component-removed", W,
     "A security scheme was removed from components/securitySchemes.",
     "Check that no operation you call relied on it (those report api-security-removed)."),
    ("api-security-component-added", I, "A new security scheme.", "Nothing to do."),
    ("api-security-component-type-changed", B,
     "A security scheme changed type (e.g. apiKey to oauth2).",
     "Change how the client authenticates."),
    ("sw-api-security-component-changed", B,
     "A security scheme changed where or how credentials go (header name, `in`, HTTP scheme).",
     "Send the credentials the new way."),
]

_PARAMETERS = [
    ("new-required-request-parameter", B, "A new required request parameter.",
     "Send the parameter on every call before upgrading."),
    ("new-optional-request-parameter", I, "A new optional request parameter.", "Nothing to do."),
    ("request-parameter-removed", W,
     "A request parameter was removed; servers may ignore or reject it.",
     "Stop sending it, and check the behaviour it controlled."),
    ("request-parameter-removed-with-deprecation", I,
     "A deprecated request parameter was removed.", "Stop sending it."),
    ("request-parameter-removed-before-sunset", B,
     "A deprecated request parameter was removed before its `x-sunset` date.",
     "Stop sending it now."),
    ("request-parameter-became-required", B, "An optional request parameter became required.",
     "Send it on every call."),
    ("request-parameter-became-optional", I, "A required request parameter became optional.",
     "Nothing to do."),
    ("request-parameter-deprecated", I, "A request parameter became deprecated.",
     "Plan to stop sending it."),
    ("request-parameter-reactivated", I, "A request parameter is no longer deprecated.", "Nothing to do."),
    ("sw-request-parameter-location-changed", B,
     "A request parameter moved (e.g. from query to header).", "Send it in its new place."),
]

_BODIES = [
    ("request-body-added-required", B, "An operation now requires a request body.",
     "Send the body on every call."),
    ("request-body-added-optional", I, "An operation accepts an optional request body.", "Nothing to do."),
    ("request-body-removed", W, "An operation no longer takes a request body.",
     "Stop sending it and check what it used to control."),
    ("request-body-became-required", B, "The request body became required.", "Always send a body."),
    ("request-body-became-optional", I, "The request body became optional.", "Nothing to do."),
    ("request-body-media-type-removed", B, "A request media type is no longer accepted.",
     "Send one of the remaining media types."),
    ("request-body-media-type-added", I, "A request media type was added.", "Nothing to do."),
]

_RESPONSES = [
    ("response-success-status-removed", B, "A 2xx response was removed.",
     "Handle the status the operation returns now; clients waiting for the old one fail."),
    ("response-non-success-status-removed", W, "A non-2xx response was removed.",
     "Check error handling: that error now arrives as another status."),
    ("response-success-status-added", I, "A new 2xx response.",
     "Make sure clients accept it (most treat any 2xx alike)."),
    ("response-non-success-status-added", I, "A new non-2xx response is documented.",
     "Handle it if it needs special treatment."),
    ("response-media-type-removed", B, "A response media type is no longer returned.",
     "Accept one of the remaining media types."),
    ("response-media-type-added", I, "A response media type was added.", "Nothing to do."),
    ("required-response-header-removed", B, "A required response header was removed.",
     "Stop relying on the header."),
    ("optional-response-header-removed", W, "An optional response header was removed.",
     "Stop relying on the header."),
    ("response-header-added", I, "A response header was added.", "Nothing to do."),
    ("response-header-became-optional", W, "A required response header became optional.",
     "Handle responses without the header."),
]

for _area, _rules in (("operations", _ENDPOINTS), ("security", _SECURITY),
                      ("parameters", _PARAMETERS), ("request bodies", _BODIES),
                      ("responses", _RESPONSES)):
    for _id, _level, _summary, _advice in _rules:
        rule(_id, _level, _area, _summary, _advice)
