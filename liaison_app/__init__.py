"""Liaison: the desktop workbench of resident investment-promotion liaison offices."""

from __future__ import annotations

from functools import cache


def __getattr__(name: str) -> str:
    """``__version__`` is read from the installed metadata when first asked for: importing
    ``importlib.metadata`` costs 20-70 ms of every start-up otherwise."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("liaison-app")  # one copy of the version: pyproject.toml's
    except PackageNotFoundError:  # run from a bare source tree, never installed
        return "0+unknown"
