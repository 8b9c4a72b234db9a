"""One module per lint rule. Every module here is imported by ``seamwatch.contracts.lint``."""
