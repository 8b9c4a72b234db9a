"""Resolving ``$ref`` across files, with file:line and JSON-pointer errors.

Written here rather than taken from a library because a broken reference must be reported
as *the file and line that wrote it, plus the pointer that failed*, and because drift needs
to walk references lazily (recursive schemas) instead of inlining them. Remote (http) refs
are refused on purpose: contracts are vendored so that runs are reproducible offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from seamwatch.core.documents import Document, join_pointer, load_document
from seamwatch.core.errors import ContractError

__all__ = ["Located", "RefResolver"]

Located = tuple[Any, Document, str]
"""A node, the document it lives in, and its JSON pointer there."""


def _walk_pointer(data: Any, pointer: str) -> Any:
    node = data
    for raw in pointer.split("/")[1:] if pointer else []:
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


class RefResolver:
    """Loads and caches the documents a contract refers to and resolves references."""

    def __init__(self) -> None:
        self._docs: dict[Path, Document] = {}

    def load(self, path: str | Path) -> Document:
        path = Path(path).resolve()
        if path not in self._docs:
            self._docs[path] = load_document(path, ContractError)
        return self._docs[path]

    def resolve(self, ref: str, doc: Document, at: str) -> Located:
        """Resolve one ``$ref`` written at pointer ``at`` of ``doc``."""
        where = join_pointer(at, "$ref")
        file_part, _, fragment = ref.partition("#")
        if file_part.startswith(("http://", "https://")):
            raise ContractError(
                f"remote $ref {ref!r} is not fetched", file=doc.path, line=doc.line_of(where),
                field=where, fix="vendor the referenced file next to the contract",
            )
        target = doc
        if file_part:
            target_path = (doc.path.parent / unquote(file_part)).resolve()
            if not target_path.is_file():
                raise ContractError(
                    f"$ref {ref!r} names a missing file", file=doc.path,
                    line=doc.line_of(where), field=where, fix="correct the file name in the $ref",
                )
            target = self.load(target_path)
        try:
            node = _walk_pointer(target.data, fragment)
        except KeyError:
            raise ContractError(
                f"$ref {ref!r} does not resolve ('{fragment or '#'}' missing in {target.path.name})",
                file=doc.path, line=doc.line_of(where), field=where,
                fix="point the $ref at an existing component",
            ) from None
        return node, target, fragment

    def deref(self, node: Any, doc: Document, pointer: str) -> Located:
        """Follow a chain of ``$ref`` until a non-reference node (cycles are an error)."""
        seen: set[tuple[Path, str]] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            key = (doc.path, pointer)
            if key in seen:
                raise ContractError("circular $ref chain", file=doc.path,
                                    line=doc.line_of(pointer), field=pointer,
                                    fix="make one of the references point at a real schema")
            seen.add(key)
            node, doc, pointer = self.resolve(node["$ref"], doc, pointer)
        return node, doc, pointer

    def check_all(self, doc: Document) -> None:
        """Resolve every ``$ref`` in ``doc`` and in the files it refers to, or raise."""
        pending = [doc]
        done: set[Path] = set()
        while pending:
            current = pending.pop()
            if current.path in done:
                continue
            done.add(current.path)
            for ref, at in _iter_refs(current.data):
                _, target, _ = self.resolve(ref, current, at)
                if target.path not in done:
                    pending.append(target)


def _iter_refs(data: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append((ref, pointer))
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    stack.append((value, join_pointer(pointer, key)))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, join_pointer(pointer, i)))
    return found
