"""Typed inputs of the record editors: each parses what people type the way the services
will, and shows the stored value and any problem beside it."""

from __future__ import annotations

from liaison_app.ui.fields.base import FieldEditor
from liaison_app.ui.fields.choice import BoolField, ChoiceField, EnumField, LinkField
from liaison_app.ui.fields.company import CompanyField
from liaison_app.ui.fields.date import DateField
from liaison_app.ui.fields.money import MoneyField, money_input_text
from liaison_app.ui.fields.text import ChainField, LongTextField, TextField
from liaison_app.ui.fields.uscc import UsccField

__all__ = [
    "BoolField",
    "ChainField",
    "ChoiceField",
    "CompanyField",
    "DateField",
    "EnumField",
    "FieldEditor",
    "LinkField",
    "LongTextField",
    "MoneyField",
    "TextField",
    "UsccField",
    "money_input_text",
]
