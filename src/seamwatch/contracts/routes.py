"""Matching concrete requests (method + path) to a contract's operations.

Path templates are compiled once to regular expressions. Literal parts are escaped, so
Shopify's ``/orders/{order_id}.json`` and Business Central's
``/v2.0/companies({companyId})/salesOrders`` both match as written; templates with fewer
parameters win over more generic ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from seamwatch.contracts.spec import Contract, Operation

__all__ = ["OperationMatcher", "RouteMatch"]

_PARAM = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class RouteMatch:
    operation: Operation
    path_params: dict[str, str]


class OperationMatcher:
    def __init__(self, contract: Contract) -> None:
        compiled = []
        for op in contract.operations():
            pattern = "".join(
                f"(?P<p{i}>[^/]+?)" if i % 2 else re.escape(part)
                for i, part in enumerate(_PARAM.split(op.path))
            )
            names = _PARAM.findall(op.path)
            compiled.append((len(names), op, re.compile(f"^{pattern}$"), names))
        # Fewer parameters first: /orders/count.json must beat /orders/{order_id}.json.
        self._routes = sorted(compiled, key=lambda r: (r[0], -len(r[1].path)))

    def match(self, method: str, path: str) -> RouteMatch | None:
        method = method.lower()
        for _, op, regex, names in self._routes:
            if op.method != method:
                continue
            found = regex.match(path)
            if found:
                values = [unquote(v) for k, v in sorted(found.groupdict().items(), key=lambda kv: int(kv[0][1:]))]
                return RouteMatch(op, dict(zip(names, values, strict=True)))
        return None
