"""How each editor arranges its fields: sections (group boxes) of rows of one or two
fields. Long texts take a whole row; short ones pair up so long forms fit a laptop screen.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from liaison_app.domain.enums import LeadStage

Row = tuple[str, ...]
Section = tuple[str, tuple[Row, ...]]

BASIC = QT_TRANSLATE_NOOP("Sections", "Basic information")

LAYOUTS: dict[str, tuple[Section, ...]] = {
    "visit": (
        (
            BASIC,
            (
                ("visit_date", "mode"),
                ("company_id",),
                ("office_id", "staff_id"),
                ("people_met",),
            ),
        ),
        (QT_TRANSLATE_NOOP("Sections", "Discussion"), (("summary",), ("outcome",))),
        (
            QT_TRANSLATE_NOOP("Sections", "Follow-up"),
            (("next_step",), ("next_follow_up", "")),
        ),
    ),
    "lead": (
        (
            BASIC,
            (
                ("title",),
                ("company_id",),
                ("office_id", "staff_id"),
                ("found_on", "source_visit_id"),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("Sections", "Project"),
            (
                ("industry_chain", "chain_role"),
                ("investment_yuan", "intended_park"),
                ("description",),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("Sections", "Progress"),
            (("stage", "is_valid"), ("lost_reason",)),
        ),
    ),
    "deal": (
        (
            BASIC,
            (
                ("title",),
                ("company_id",),
                ("office_id", "staff_id"),
                ("signed_on", "signing_mode"),
                ("lead_id",),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("Sections", "Investment and location"),
            (
                ("investment_yuan", "funds_in_place_yuan"),
                ("industry_chain", "carrier_park"),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("Sections", "Advancement"),
            (
                ("status", ""),
                ("groundbreaking_on", "production_on"),
                ("responsible_unit", "task_force"),
                ("advancement_plan",),
            ),
        ),
    ),
    "company": (
        (
            BASIC,
            (
                ("name",),
                ("uscc",),
                ("industry_chain", "region"),
                ("address",),
                ("listed", "foreign_funded"),
            ),
        ),
        (QT_TRANSLATE_NOOP("Sections", "Other"), (("notes",),)),
    ),
    "contact": (
        (
            BASIC,
            (
                ("company_id",),
                ("name", "title"),
                ("phone", "email"),
                ("office_id", ""),
            ),
        ),
        (QT_TRANSLATE_NOOP("Sections", "Other"), (("notes",),)),
    ),
}
"""entity -> sections; "" leaves the right half of a row empty."""

SHOWN_WHEN: dict[str, dict[str, tuple[str, str]]] = {
    "lead": {"lost_reason": ("stage", LeadStage.lost.value)},
}
"""entity -> {field: (other field, value)}: a field shown only while the other field has
that value (a live lead has no reason it was dropped)."""
