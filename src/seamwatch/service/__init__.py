"""The probe service: composition root for ``probe run --once`` and ``probe serve``."""
