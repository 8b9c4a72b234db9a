"""The lowest layer: findings, events, errors, registries, clocks, secrets, HTTP clients.

``core`` imports nothing else from seamwatch.
"""
