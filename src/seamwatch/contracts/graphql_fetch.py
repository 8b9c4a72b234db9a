"""Fetching a GraphQL contract: Shopify's Admin API schema for one version, by introspection.

Shopify publishes the GraphQL Admin schema of every version through introspection at
``/admin/api/{version}/graphql.json``; that is its one official, machine-readable contract.
The result is saved as SDL so that `seamwatch drift` can compare two versions.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from graphql import GraphQLError, build_client_schema, get_introspection_query, print_schema

from seamwatch.core.errors import ConnectionFailure, ContractError
from seamwatch.core.http import connection_failure

__all__ = ["fetch_graphql_sdl", "graphql_endpoint", "save_sdl", "sdl_filename"]


def graphql_endpoint(base_url: str, api_version: str) -> str:
    return f"{base_url.rstrip('/')}/admin/api/{api_version}/graphql.json"


def sdl_filename(api_version: str) -> str:
    return f"admin-graphql-{api_version}.graphql"


def fetch_graphql_sdl(client: httpx.Client, base_url: str, api_version: str, token: str) -> str:
    """POST the introspection query and return the schema as SDL.

    Transport errors become ``ConnectionFailure``; a refused or malformed answer becomes
    ``ContractError``. Both are one-line harness errors (exit 2). The token never appears
    in a message.
    """
    url = graphql_endpoint(base_url, api_version)
    try:
        response = client.post(url, json={"query": get_introspection_query(descriptions=True)},
                                headers={"X-Shopify-Access-Token": token})
    except httpx.TransportError as exc:
        raise connection_failure(exc, url) from None
    if response.status_code != 200:
        raise ConnectionFailure(f"{url} answered HTTP {response.status_code}", field="base_url",
                                fix="check the access token, its scopes and --api-version")
    try:
        payload = response.json()
    except ValueError:
        raise ContractError(f"{url} did not answer JSON", fix="check --base-url points at the shop") from None
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if errors or not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        detail = errors[0].get("message", errors[0]) if isinstance(errors, list) and errors else "no data"
        raise ContractError(f"introspection failed: {detail}", fix="check the token has Admin API access")
    try:
        schema = build_client_schema(payload["data"])
    except (GraphQLError, TypeError, KeyError) as exc:
        raise ContractError(f"introspection result is not a schema: {exc}",
                            fix="check --base-url points at a GraphQL Admin API") from None
    return print_schema(schema) + "\n"


def save_sdl(sdl: str, directory: Path, api_version: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / sdl_filename(api_version)
    path.write_text(sdl, encoding="utf-8")
    return path
