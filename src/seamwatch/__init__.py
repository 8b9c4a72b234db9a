"""seamwatch: contract testing and integration monitoring for Shopify <-> ERP integrations."""

__version__ = "0.1.0"

__all__ = ["__version__"]
