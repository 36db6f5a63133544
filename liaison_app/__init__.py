"""Liaison: the desktop workbench of resident investment-promotion liaison offices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("liaison-app")  # one copy of the version: pyproject.toml's
except PackageNotFoundError:  # run from a bare source tree, never installed
    __version__ = "0+unknown"
