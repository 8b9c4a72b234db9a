"""Run one contract through Schemathesis 4 and translate its events into a ``ContractRun``."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import Status, events
from schemathesis.generation import GenerationMode
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

from seamwatch.checks import CHECKS, RunContext
from seamwatch.contracts.spec import Contract, load_contract
from seamwatch.core.http import is_loopback
from seamwatch.runner.adapter import ST_NAME_PREFIX, registered_checks
from seamwatch.runner.events import (
    EventHandler,
    RunFinished,
    RunProblem,
    RunStarted,
    ScenarioChecked,
)
from seamwatch.runner.hints import ContractHints, read_hints
from seamwatch.runner.model import CheckTally, ContractFailure, ContractRun, RunOptions
from seamwatch.runner.references import References, discover_references
from seamwatch.runner.synthetic import SyntheticLedger

__all__ = ["run_contract", "system_of"]

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def system_of(contract: Contract) -> str:
    """``shopify`` or ``erp``, from the contract's declared security."""
    schemes = ((contract.data.get("components") or {}).get("securitySchemes") or {}).values()
    if any(str(s.get("name", "")).lower() == "x-shopify-access-token" for s in schemes if isinstance(s, dict)):
        return "shopify"
    return "erp"


def _list_operations(contract: Contract) -> frozenset[str]:
    ids = set()
    for op in contract.operations():
        ok = (op.spec.get("responses") or {}).get("200") or {}
        ok = contract.deref(ok, op.pointer)
        if op.method == "get" and "Link" in (ok.get("headers") or {}):
            ids.add(op.operation_id or "")
    return frozenset(ids)


def _build_schema(options: RunOptions, writes: bool, hints: ContractHints) -> Any:
    config = SchemathesisConfig.from_str(hints.schemathesis_config())
    config.update(seed=options.seed, max_failures=options.max_failures)
    schema = schemathesis.openapi.from_path(str(options.contract), config=config)
    schema.config.update(base_url=options.base_url, headers=dict(options.headers),
                         workers=options.workers, request_timeout=options.request_timeout,
                         parameters=dict(options.parameters) or None)
    phases = [p for p in options.phases if writes or p != "stateful"]
    schema.config.phases.update(phases=phases)
    schema.config.generation.update(max_examples=options.max_examples,
                                    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    if options.exclude_checks:
        schema.config.checks.update(excluded_check_names=[c for c in options.exclude_checks
                                                          if not c.startswith("seamwatch")])
    if not writes:
        schema = schema.exclude(method=WRITE_METHODS)
    return schema


def _is_positive(case: Any, location: ParameterLocation) -> bool:
    # Per component: a case may be negative only in, say, a header; and Schemathesis re-labels
    # a negative case as positive when its mutation turns out to be valid.
    meta = case.meta
    if meta is None:
        return True
    info = meta.components.get(location)
    return (info.mode if info is not None else meta.generation.mode) == GenerationMode.POSITIVE


@contextmanager
def _installed_hooks(ledger: SyntheticLedger, hints: ContractHints, refs: References) -> Iterator[None]:
    """Register the synthetic-data and pacing hooks for one run (Schemathesis only offers
    these hooks process-wide, so they are removed again when the run ends)."""

    def before_call(ctx: Any, case: Any, kwargs: Any) -> None:
        # Every phase passes through here (map_case does not see the coverage phase).
        op_id = (case.operation.definition.raw or {}).get("operationId")
        positive_body = _is_positive(case, ParameterLocation.BODY)
        hints.strip(op_id, case.query, case.body if positive_body else None)
        # Repairs happen at call time, not as a `map_case` hook: Hypothesis describes mapped
        # strategies by parsing their source with `ast`, which is not thread-safe on CPython
        # 3.11 and broke `--workers 2` ("AST constructor recursion depth mismatch").
        if positive_body:
            refs.repair_body(op_id, case.body)
            ledger.mark(op_id, case)
        if _is_positive(case, ParameterLocation.HEADER):
            refs.repair_headers(case.headers)

    def after_call(ctx: Any, case: Any, response: Any) -> None:
        ledger.record((case.operation.definition.raw or {}).get("operationId"),
                      str(response.request.url), response)
        ledger.pace(response)

    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(before_call, "before_call")
    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(after_call, "after_call")
    try:
        yield
    finally:
        GLOBAL_HOOK_DISPATCHER.unregister(before_call)
        GLOBAL_HOOK_DISPATCHER.unregister(after_call)


def run_contract(options: RunOptions, handlers: Iterable[EventHandler] = (),
                 contract: Contract | None = None) -> ContractRun:
    """Run the contract; never raises for what the API does wrong (that is in the result).

    ``contract`` is ``options.contract`` already loaded, when the caller has it."""
    contract = contract or load_contract(options.contract)
    system = system_of(contract)
    pinned = str((contract.data.get("info") or {}).get("version", ""))
    writes = options.allow_writes or is_loopback(options.base_url)
    run = ContractRun(contract=str(options.contract), base_url=options.base_url, system=system,
                      pinned_version=pinned, seed=options.seed, phases=options.phases,
                      started_at=datetime.now(UTC).isoformat(timespec="seconds"))
    handlers = list(handlers)
    ledger = SyntheticLedger(options.base_url, options.reference_prefix, options.bucket_share)
    selected = {c for c in CHECKS.names() if c not in options.exclude_checks}
    if options.include_checks:
        selected &= set(options.include_checks)
    context = RunContext(system, pinned, _list_operations(contract))  # type: ignore[arg-type]
    started = time.monotonic()
    try:
        hints = read_hints(contract)
        schema = _build_schema(options, writes, hints)
        refs = discover_references(system, options.base_url, options.headers, options.parameters,
                                   options.request_timeout)
        _emit(handlers, RunStarted(run, sum(1 for _ in contract.operations())))
        with _installed_hooks(ledger, hints, refs), registered_checks(context, selected, options.request_timeout):
            for event in schemathesis.engine.from_schema(schema).execute():
                _translate(event, run, handlers)
    finally:
        run.cleanup = ledger.cleanup(options.headers, options.request_timeout)
        run.duration_seconds = round(time.monotonic() - started, 3)
    _emit(handlers, RunFinished(run))
    return run


def _emit(handlers: list[EventHandler], event: Any) -> None:
    for handler in handlers:
        handler.handle(event)


def _translate(event: Any, run: ContractRun, handlers: list[EventHandler]) -> None:
    if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
        _scenario(event, run, handlers)
    elif isinstance(event, events.NonFatalError):
        message = f"{event.label}: {type(event.value).__name__}: {str(event.value).splitlines()[0][:300]}"
        run.errors.append(message)
        _emit(handlers, RunProblem(message, event.label))
    elif isinstance(event, events.FatalError):
        message = f"fatal: {type(event.exception).__name__}: {event.exception}"
        run.errors.append(message)
        _emit(handlers, RunProblem(message))


def _scenario(event: Any, run: ContractRun, handlers: list[EventHandler]) -> None:
    recorder = event.recorder
    phase = str(getattr(event.phase, "value", event.phase))
    passed = failed = 0
    for case_id, nodes in recorder.checks.items():
        case = recorder.cases.get(case_id)
        operation = case.value.operation if case else None
        label = operation.label if operation else recorder.label
        op_id = (operation.definition.raw or {}).get("operationId") if operation else None
        result = run.operation(label, op_id)
        for node in nodes:
            name = _check_id(node.name)
            tally = result.checks.setdefault(name, CheckTally())
            if node.status == Status.SUCCESS:
                tally.passed += 1
                passed += 1
            elif node.status == Status.FAILURE and node.failure_info is not None:
                tally.failed += 1
                failed += 1
                _add_failure(result.failures, label, op_id, name, node, phase, recorder, case_id)
            else:
                tally.errored += 1
    for case in recorder.cases.values():
        if case.value.operation is not None:
            run.operation(case.value.operation.label).cases += 1
    _emit(handlers, ScenarioChecked(recorder.label, phase, passed, failed))


def _excerpt(response: Any, limit: int = 1000) -> str:
    content = getattr(response, "content", None) or b""
    return content[:limit].decode("utf-8", "replace")


def _check_id(name: str) -> str:
    if name.startswith(ST_NAME_PREFIX):
        return name[len(ST_NAME_PREFIX):].replace("_", "-")
    return name


def _add_failure(failures: list[ContractFailure], label: str, op_id: str | None, check: str,
                 node: Any, phase: str, recorder: Any, case_id: str) -> None:
    failure = node.failure_info.failure
    title = str(failure.title or check)
    if check != node.name:  # our checks: the message is the finding, the title is generic
        title = str(failure.message).splitlines()[0][:200] if failure.message else check
    if any(f.operation == label and f.check == check and f.title == title for f in failures):
        return
    response = recorder.find_response(case_id=case_id)
    failures.append(ContractFailure(
        operation=label, operation_id=op_id, check=check, title=title,
        message=str(failure.message or "").strip()[:2000],
        status_code=getattr(response, "status_code", None),
        curl=node.failure_info.code_sample, phase=phase,
        response_excerpt=_excerpt(response),
    ))
