"""Errors that reach the user as a message in their language, never as a traceback.

Three kinds: one value refused (ParseError), a form or row with several problems reported
together (ValidationError), and a failure the environment causes (KnownError).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from liaison_app.domain.i18n import msg

P = ParamSpec("P")
T = TypeVar("T")


class ParseError(ValueError):
    """One value refused. Keeps code and params so the text follows the language."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params: dict[str, object] = dict(params)

    @property
    def message(self) -> str:
        """The message rendered now, in the current language."""
        return msg(self.code, **self.params)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword parameters do not survive the default exception pickling.
        return (functools.partial(type(self), self.code, **self.params), ())


@dataclass(frozen=True)
class Problem:
    """One refused field of a form or row; field is the code name ("uscc")."""

    field: str
    message: str
    code: str = ""


class ValidationError(Exception):
    """Every problem of a form or row at once, so the user fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(f"{p.field}: {p.message}" for p in self.problems)


class KnownError(Exception):
    """A failure the environment causes (locked file, full disk, corrupt database...).

    Shown to the user as its message; the traceback goes to the log only.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params: dict[str, object] = dict(params)

    @property
    def message(self) -> str:
        """The message rendered now, in the current language."""
        return msg(self.code, **self.params)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (functools.partial(type(self), self.code, **self.params), ())


class ProblemCollector:
    """Gathers the problems of a whole form before raising them together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def with_field(
        self, field: str, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """Run a parser; on ParseError record it under field and return None."""
        try:
            return fn(*args, **kwargs)
        except ParseError as e:
            self.problems.append(Problem(field, e.message, e.code))
            return None

    def add(self, field: str, code: str, /, **params: object) -> None:
        """Record a problem found by a rule that is not a parser (e.g. date order)."""
        self.problems.append(Problem(field, msg(code, **params), code))

    def raise_if_any(self) -> None:
        """Raise one ValidationError holding every problem recorded so far."""
        if self.problems:
            raise ValidationError(self.problems)
