"""All-time statistics (read from ``visit_tally``) equal those of a period covering everything
(read from the visits' index): the same figures both ways, after edits too."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from liaison_app.db.models import Visit
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.stats import Period

EVERYTHING = Period(date(1900, 1, 1), date(2999, 12, 31))


def assert_same_both_ways(services: AppServices) -> None:
    offices = [office_id for office_id, _ in services.stats.offices()]
    for chosen in (None, offices[:1], offices[:2], offices):
        all_time = services.stats.compute(Period(), chosen)
        assert Period().all_time and not EVERYTHING.all_time
        assert all_time == services.stats.compute(EVERYTHING, chosen)
        assert all_time["visits"] > 0 and all_time["companies_visited"] > 0


def test_all_time_figures_equal_a_period_covering_everything(demo: AppServices) -> None:
    assert_same_both_ways(demo)


def test_they_stay_equal_after_edits(demo: AppServices) -> None:
    offices = [office_id for office_id, _ in demo.stats.offices()]
    before = demo.stats.compute()
    with demo.store.read() as session:
        visits = session.execute(
            select(Visit.id, Visit.office_id, Visit.company_id).limit(4).order_by(Visit.id)
        ).all()
        other_company = session.scalars(
            select(Visit.company_id).where(Visit.office_id != visits[1].office_id).limit(1)
        ).one()
    demo.records.delete("visit", visits[0].id, SYSTEM)
    moved_to = next(o for o in offices if o != visits[1].office_id)
    demo.records.update("visit", visits[1].id, {"office_id": moved_to}, SYSTEM)
    demo.records.update("visit", visits[2].id, {"company_id": other_company}, SYSTEM)
    demo.records.delete("visit", visits[3].id, SYSTEM)
    demo.records.restore("visit", visits[3].id, SYSTEM)
    after = demo.stats.compute()
    assert after["visits"] == before["visits"] - 1
    assert_same_both_ways(demo)
