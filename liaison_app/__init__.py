"""Liaison: the desktop workbench of resident investment-promotion liaison offices."""

__version__ = "0.1.0"
