from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seamwatch.contracts.validate import validate_paths
from seamwatch.core.errors import ContractError
from tests.unit.contracts.specs import good_spec, write


def test_clean_spec_is_ok(tmp_path: Path) -> None:
    [report] = validate_paths([write(tmp_path, good_spec())])
    assert report.status == "ok"
    assert report.summary["operations"] == 1 and report.summary["version"] == "2026-01"


def test_broken_ref_names_file_line_and_pointer(tmp_path: Path) -> None:
    spec = good_spec()
    spec["components"]["schemas"]["Order"]["properties"]["line_items"]["items"]["$ref"] = "#/components/schemas/LineItm"
    [report] = validate_paths([write(tmp_path, spec)])
    assert report.status == "invalid"
    err = report.error
    assert isinstance(err, ContractError)
    assert err.file and err.file.endswith("spec.yaml")
    assert err.line and err.line > 1
    assert err.field == "/components/schemas/Order/properties/line_items/items/$ref"
    assert "LineItm" in err.message


def test_ref_to_other_file_resolves_and_missing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text("Errors: {type: object, properties: {errors: {}}}\n")
    spec = good_spec()
    spec["components"]["schemas"]["Errors"] = {"$ref": "shared.yaml#/Errors"}
    assert validate_paths([write(tmp_path, spec)])[0].status == "ok"
    spec["components"]["schemas"]["Errors"] = {"$ref": "gone.yaml#/Errors"}
    [report] = validate_paths([write(tmp_path, spec)])
    assert report.status == "invalid" and "missing file" in report.error.message


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n")
    [report] = validate_paths([path])
    assert report.status == "invalid"
    assert report.error.line is not None and "invalid YAML" in report.error.message


def test_structurally_invalid_openapi_is_invalid(tmp_path: Path) -> None:
    spec = good_spec()
    spec["paths"]["/orders/{order_id}.json"]["get"]["responses"]["200"] = {"content": "nope"}
    [report] = validate_paths([write(tmp_path, spec)])
    assert report.status == "invalid" and "not valid OpenAPI" in report.error.message


def test_swagger_2_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"swagger": "2.0", "info": {}, "paths": {}}))
    [report] = validate_paths([path])
    assert report.status == "invalid" and "openapi" in report.error.one_line()


def test_directory_skips_fragments_but_named_fragment_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "frag.yaml").write_text("Thing: {type: string}\n")
    write(tmp_path, good_spec())
    reports = validate_paths([tmp_path])
    assert {r.kind for r in reports} == {"fragment", "openapi"}
    assert validate_paths([tmp_path / "frag.yaml"])[0].status == "invalid"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
openapi_keys = st.sampled_from(["openapi", "info", "paths", "components", "$ref", "servers", "security"])
spec_like = st.dictionaries(openapi_keys | st.text(max_size=8), json_values, max_size=6)


@given(data=spec_like)
def test_validator_never_crashes_on_arbitrary_json(tmp_path_factory: pytest.TempPathFactory, data: dict) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "spec.json"
    path.write_text(json.dumps(data))
    [report] = validate_paths([path])
    assert report.status in {"ok", "findings", "invalid"}
    if report.error:
        assert report.error.one_line()


@given(text=st.text(max_size=200))
def test_validator_never_crashes_on_arbitrary_yaml_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    [report] = validate_paths([path])
    assert report.status in {"ok", "findings", "invalid"}


def _nodes(value: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_nodes(v, (*path, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_nodes(v, (*path, i)))
    return out


@given(st.data())
def test_validator_never_crashes_on_a_mutated_contract(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    spec = good_spec()
    target = data.draw(st.sampled_from(_nodes(spec)[1:]))
    parent = spec
    for key in target[:-1]:
        parent = parent[key]
    parent[target[-1]] = data.draw(json_values)
    path = tmp_path_factory.mktemp("mut") / "spec.json"
    path.write_text(json.dumps(spec))
    [report] = validate_paths([path])
    assert report.status in {"ok", "findings", "invalid"}
