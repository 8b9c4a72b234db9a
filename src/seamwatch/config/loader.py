"""Loading a probe file: YAML in, :class:`ProbeConfig` or one-line ``ConfigError``\\ s out.

``${VAR}`` is *not* expanded anywhere in a probe file: only ``auth.token`` takes a reference,
and it is resolved separately by :func:`seamwatch.config.secrets.resolve_secrets`. Keeping
other fields literal means what the file says is what runs.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from inspect import isclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from seamwatch.config.invalid import INVALID
from seamwatch.config.models import ProbeConfig
from seamwatch.config.systems import NAME_PATTERN
from seamwatch.core.documents import Document, did_you_mean, join_pointer, load_document
from seamwatch.core.errors import ConfigError

__all__ = ["field_path", "load_probe_config", "validate_probe_file"]

Loc = Sequence[str | int]


def load_probe_config(path: str | Path) -> ProbeConfig:
    """Load and validate one probe file; raise a ``ConfigError`` for its first problem."""
    config, errors = _load(path)
    if errors:
        raise errors[0]
    assert config is not None
    return config


def validate_probe_file(path: str | Path) -> list[ConfigError]:
    """Every problem in one probe file (empty when it is valid). Never raises ``ConfigError``."""
    return _load(path)[1]


def _load(path: str | Path) -> tuple[ProbeConfig | None, list[ConfigError]]:
    try:
        document = load_document(path, ConfigError)
    except ConfigError as exc:
        return None, [exc]
    if not isinstance(document.data, dict):
        what = "empty" if document.data is None else f"a {type(document.data).__name__}"
        return None, [ConfigError(f"the file is {what}, not a mapping", file=document.path, line=1,
                                  fix="start with systems: and probes: sections")]
    try:
        config = ProbeConfig.model_validate(document.data)
    except ValidationError as exc:
        return None, list(_errors(exc, document))
    config._document = document
    return config, []


def _errors(exc: ValidationError, document: Document) -> Iterator[ConfigError]:
    for error in exc.errors(include_url=False, include_input=False):
        ctx = error.get("ctx") or {}
        loc = tuple(error["loc"])
        if error["type"] == INVALID and ctx.get("problems"):
            # A model-level check found several problems deeper down; report each where it is.
            for relative, message, fix in ctx["problems"]:
                yield _config_error(document, loc + tuple(relative), message, fix)
            continue
        message, fix = _describe(error, _clean(loc, document.data), document.data)
        yield _config_error(document, loc, message, fix)


def _config_error(document: Document, loc: Loc, message: str, fix: str) -> ConfigError:
    clean = _clean(loc, document.data)
    return ConfigError(message, file=document.path, line=document.line_of(join_pointer("", *clean)),
                       field=field_path(clean) or None, fix=fix)


def _describe(error: Any, clean: list[str | int], data: Any) -> tuple[str, str]:
    """Message and fix for one pydantic error. Input values are never echoed (tokens)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    last = clean[-1] if clean else ""
    if kind == INVALID:
        return str(ctx["message"]), str(ctx["fix"])
    if kind == "extra_forbidden":
        allowed = _fields_at(clean[:-1], data)
        guess = did_you_mean(str(last), allowed)
        fix = f"did you mean {guess!r}?" if guess else (
            f"remove it; allowed here: {', '.join(allowed)}" if allowed else "remove it")
        return f"unknown key {last!r}", fix
    if kind == "missing":
        return f"missing required field {last!r}", f"add {last}: under {field_path(clean[:-1]) or 'the top level'}"
    if kind == "union_tag_not_found":
        return "probe has no kind", "add kind: http, order_roundtrip or inventory_roundtrip"
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        guess = did_you_mean(str(ctx.get("tag", "")), tags)
        return (f"unknown probe kind {ctx.get('tag')!r}",
                f"did you mean {guess!r}?" if guess else f"use one of {', '.join(tags)}")
    if kind == "literal_error":
        options = [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        guess = did_you_mean(str(_value_at(clean, data)).upper(), options)
        return str(error["msg"]), f"did you mean {guess!r}?" if guess else f"use one of {', '.join(options)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NAME_PATTERN:
        return "not a valid name", "use letters, digits, _ . - starting with a letter or digit"
    return str(error["msg"]), f"correct {field_path(clean) or 'the value'}"


def _value_at(clean: Loc, data: Any) -> Any:
    for part in clean:
        data = _child(data, part)
    return data


def field_path(loc: Loc) -> str:
    """``("probes", 1, "schedule")`` -> ``probes[1].schedule``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean(loc: Loc, data: Any) -> list[str | int]:
    """The location as a path through the *data*: drop union tags and pydantic's '[key]'."""
    clean: list[str | int] = []
    node = data
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue  # discriminated-union tag, not a key in the file
        clean.append(part)
        node = _child(node, part)
    return clean


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _fields_at(loc: Loc, data: Any) -> list[str]:
    """Field names of the model that validates the data at ``loc`` (for "did you mean")."""
    annotation: Any = ProbeConfig
    node = data
    for part in loc:
        model = _model(annotation, node)
        if model is not None:
            field = model.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        else:
            container = _strip(annotation)
            origin = get_origin(container)
            if origin is dict:
                annotation = get_args(container)[1]
            elif origin is list:
                annotation = get_args(container)[0]
            else:
                return []
        node = _child(node, part)
    model = _model(annotation, node)
    return list(model.model_fields) if model is not None else []


def _strip(annotation: Any) -> Any:
    """Remove Annotated[...] and Optional[...] wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _model(annotation: Any, node: Any) -> type[BaseModel] | None:
    annotation = _strip(annotation)
    if isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType) and isinstance(node, dict):
        for member in get_args(annotation):
            field = getattr(member, "model_fields", {}).get("kind")
            if field is not None and get_origin(field.annotation) is Literal \
                    and node.get("kind") in get_args(field.annotation):
                return member  # type: ignore[no-any-return]
    return None
