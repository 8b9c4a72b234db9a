"""Benchmarks: run all with `python -m tests.benchmarks` (add `--smoke` for the CI scale).

Each module exposes ``run(smoke: bool) -> dict`` and reports ratios against a baseline
measured in the same run. Timings are never asserted in tests; the smoke test only checks
that every benchmark runs and reports what it promises.
"""
