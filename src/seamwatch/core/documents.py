"""Loading YAML/JSON documents with enough position information for one-line errors.

Data is parsed with libyaml's C loader when available (specs of several MB must stay fast).
Line numbers are only needed when something is wrong, so the pointer-to-line index is built
lazily from a second, node-level parse and cached on the document.
"""

from __future__ import annotations

import difflib
import gc
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seamwatch.core.errors import SeamwatchError

__all__ = ["Document", "did_you_mean", "escape_token", "join_pointer", "load_document"]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def escape_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape_token(t) for t in tokens)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass
class Document:
    """A parsed file plus a lazily built JSON-pointer -> line index."""

    path: Path
    data: Any
    text: str
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """1-based line of ``pointer`` (or of its nearest existing parent)."""
        if self._lines is None:
            self._lines = _index_lines(self.text)
        while True:
            if pointer in self._lines:
                return self._lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


def load_document(path: str | Path, error: type[SeamwatchError]) -> Document:
    """Parse ``path`` as YAML (JSON is a subset); raise ``error`` with file:line on failure."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", file=path, fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read file: {exc}", file=path, fix="make it a readable UTF-8 file") from None
    try:
        data = _parse(text, path.suffix)
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", file=path, line=exc.lineno,
                    fix="fix the JSON syntax at that line") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"invalid YAML: {problem}", file=path,
                    line=(mark.line + 1) if mark else None,
                    fix="fix the YAML syntax at that line") from None
    return Document(path=path, data=data, text=text)


def _parse(text: str, suffix: str) -> Any:
    # Parsing builds hundreds of thousands of containers; the cyclic garbage collector would
    # rescan them again and again (measured: ~30% of load time for a 3 MB spec). They are
    # acyclic, so it is paused for the parse and restored after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text) if suffix == ".json" else yaml.load(text, Loader=_Loader)
    finally:
        if enabled:
            gc.enable()


def _index_lines(text: str) -> dict[str, int]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, pointer = stack.pop()
        lines.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = join_pointer(pointer, key.value)
                lines.setdefault(child, key.start_mark.line + 1)
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, join_pointer(pointer, i)))
    return lines
