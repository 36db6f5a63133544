"""From one record to the next: what a new lead copies from its visit, and what a new
deal copies from its lead, so nobody types the same company twice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from liaison_app.services.related import RelatedService


def lead_from_visit(
    visit_id: str, visit: Mapping[str, Any], related: RelatedService
) -> dict[str, Any]:
    """A new lead's values: the visit's company, office and staff, found on the visit day."""
    return {
        "company_id": visit.get("company_id"),
        "office_id": visit.get("office_id"),
        "staff_id": visit.get("staff_id"),
        "source_visit_id": visit_id,
        "industry_chain": related.company_chain(visit.get("company_id")),
        "found_on": visit.get("visit_date"),
    }


def deal_from_lead(lead_id: str, lead: Mapping[str, Any], today: date) -> dict[str, Any]:
    """A new deal's values: the lead's company, people, title, investment and chain."""
    return {
        "company_id": lead.get("company_id"),
        "office_id": lead.get("office_id"),
        "staff_id": lead.get("staff_id"),
        "lead_id": lead_id,
        "title": lead.get("title"),
        "investment_yuan": lead.get("investment_yuan"),
        "industry_chain": lead.get("industry_chain"),
        "signed_on": today,
    }


def new_record_defaults(
    entity: str, office_id: str | None, staff_id: str | None, today: date
) -> dict[str, Any]:
    """What a blank form starts with: the user's office and name, today's date."""
    from liaison_app.domain.fields import DATE_FIELDS, DEFAULTS

    values: dict[str, Any] = dict(DEFAULTS.get(entity, {}))
    if entity in ("visit", "lead", "deal", "contact"):
        values["office_id"] = office_id
    if entity in ("visit", "lead", "deal"):
        values["staff_id"] = staff_id
    day_field = DATE_FIELDS.get(entity)
    if day_field:
        values[day_field] = today
    return values
