from tests.integration.storage.conftest import clock, pg_url, store, store_url  # noqa: F401
