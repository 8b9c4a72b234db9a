"""One way for validators to say "this value is wrong, and here is the fix".

Pydantic errors carry a type, a message and a context dict. Validators in this package raise
:func:`invalid`, which stores the fix in the context, so the loader can turn every error into
a :class:`~seamwatch.core.errors.ConfigError` with a specific fix instead of a generic one.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic_core import PydanticCustomError

__all__ = ["INVALID", "Problem", "invalid"]

INVALID = "seamwatch_invalid"

# (location relative to the model that raised, message, fix)
Problem = tuple[tuple[str | int, ...], str, str]


def invalid(message: str, fix: str, *, problems: Sequence[Problem] = ()) -> PydanticCustomError:
    """An error whose message is ``message`` and whose context carries ``fix``.

    ``problems`` lets a model-level validator report several errors at deeper locations
    (for example every probe naming an unknown system); the loader expands them.
    """
    # The template is "{message}" rather than the message itself: pydantic substitutes
    # "{name}" placeholders, and messages legitimately contain "${ENV_VAR}".
    return PydanticCustomError(
        INVALID, "{message}", {"message": message, "fix": fix, "problems": tuple(problems)}
    )
