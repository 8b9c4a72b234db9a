"""python -m tests.benchmarks [--smoke] [name ...]"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    smoke = "--smoke" in args
    wanted = [a for a in args if not a.startswith("--")]
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    for name in names:
        if wanted and not any(w in name for w in wanted):
            continue
        module = importlib.import_module(f"tests.benchmarks.{name}")
        result = module.run(smoke=smoke)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
