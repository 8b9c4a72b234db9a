"""`seamwatch contract validate`: structure (openapi-spec-validator), lint rules, mappings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seamwatch.contracts.lint import lint_contract
from seamwatch.contracts.mappings import check_mapping_paths, load_mapping, load_mapping_contracts
from seamwatch.contracts.refs import RefResolver
from seamwatch.contracts.spec import Contract, load_contract
from seamwatch.contracts.structure import first_structure_error
from seamwatch.core.documents import join_pointer
from seamwatch.core.errors import ContractError, SeamwatchError
from seamwatch.core.findings import Finding

__all__ = ["FileReport", "discover", "validate_paths"]

CONTRACT_SUFFIXES = (".yaml", ".yml", ".json", ".graphql", ".graphqls")


@dataclass
class FileReport:
    path: Path
    kind: str
    error: SeamwatchError | None = None
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.error is not None:
            return "invalid"
        return "findings" if self.findings else "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "kind": self.kind, "status": self.status,
            "error": self.error.one_line() if self.error else None,
            "findings": [f.to_dict() for f in self.findings], "summary": self.summary,
        }


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    """Files to validate, each with whether the user named it (rather than its directory)."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((p, False) for p in sorted(path.rglob("*"))
                         if p.suffix in CONTRACT_SUFFIXES and p.is_file())
        else:
            found.append((path, True))
    return found


def validate_paths(paths: Iterable[str | Path]) -> list[FileReport]:
    resolver = RefResolver()
    return [_validate_one(path, resolver, named) for path, named in discover(paths)]


def _validate_one(path: Path, resolver: RefResolver, named: bool) -> FileReport:
    if path.suffix in (".graphql", ".graphqls"):
        return _validate_graphql(path)
    try:
        document = resolver.load(path)
    except ContractError as exc:
        return FileReport(path, "unknown", error=exc)
    if isinstance(document.data, dict) and "mapping" in document.data:
        return _validate_mapping(path, resolver)
    if not named and isinstance(document.data, dict) and "openapi" not in document.data:
        # A shared fragment found in a directory is checked through the contracts that use it.
        return FileReport(path, "fragment", summary={"title": "referenced fragment"})
    return _validate_openapi(path, resolver)


def _validate_openapi(path: Path, resolver: RefResolver) -> FileReport:
    try:
        contract = load_contract(path, resolver)
        _check_structure(contract)
    except ContractError as exc:
        return FileReport(path, "openapi", error=exc)
    findings = lint_contract(contract)
    return FileReport(path, "openapi", findings=findings, summary=_summary(contract))


def _check_structure(contract: Contract) -> None:
    try:
        error = first_structure_error(contract)
    except Exception as exc:  # the validator's own resolver failing is still an invalid file
        raise ContractError(f"OpenAPI structure check failed: {exc}", file=contract.path,
                            fix="correct the contract") from None
    if error is None:
        return
    pointer = join_pointer("", *getattr(error, "absolute_path", []) or [])
    message = str(getattr(error, "message", error)).splitlines()[0][:300]
    raise ContractError(f"not valid OpenAPI {contract.openapi_version}: {message}",
                        file=contract.path, line=contract.document.line_of(pointer),
                        field=pointer or "/", fix="correct the contract so it follows the OpenAPI schema")


def _summary(contract: Contract) -> dict[str, Any]:
    info = contract.data.get("info") or {}
    return {
        "title": info.get("title", ""),
        "version": str(info.get("version", "")),
        "openapi": contract.openapi_version,
        "operations": sum(1 for _ in contract.operations()),
        "schemas": len((contract.data.get("components") or {}).get("schemas") or {}),
        "webhooks": len(contract.data.get("webhooks") or {}),
    }


def _validate_mapping(path: Path, resolver: RefResolver) -> FileReport:
    try:
        mapping, document = load_mapping(path)
        contracts = load_mapping_contracts(mapping, document, resolver)
    except ContractError as exc:
        return FileReport(path, "mapping", error=exc)
    findings = check_mapping_paths(mapping, document, contracts)
    summary = {"title": f"mapping {mapping.mapping}", "version": mapping.canonical,
               "fields": len(mapping.fields), "systems": ", ".join(mapping.systems)}
    return FileReport(path, "mapping", findings=findings, summary=summary)


def _validate_graphql(path: Path) -> FileReport:
    from graphql import GraphQLError, build_schema

    try:
        schema = build_schema(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return FileReport(path, "graphql", error=ContractError(f"cannot read file: {exc}", file=path))
    except GraphQLError as exc:
        line = exc.locations[0].line if exc.locations else None
        return FileReport(path, "graphql", error=ContractError(
            f"invalid GraphQL SDL: {exc.message}", file=path, line=line, fix="fix the SDL at that line"))
    types = [t for t in schema.type_map if not t.startswith("__")]
    return FileReport(path, "graphql", summary={"title": "GraphQL schema", "types": len(types)})
