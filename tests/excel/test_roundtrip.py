"""Our own export comes back: unchanged, into an empty database, and after edits in Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from liaison_app.db.models import ChangeLog, Company, Contact, Deal, Lead, Outbox, Visit
from liaison_app.domain.enums import DealStatus, LeadStage, ReviewState
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.stats import Period
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import all_values, header_index


def counts(services: AppServices) -> tuple[int, int]:
    with services.store.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Outbox)),
            session.scalar(select(func.count()).select_from(ChangeLog)),
        )


def test_export_import_export_is_identical(
    demo: AppServices, demo_export: Path, tmp_path: Path
) -> None:
    before = counts(demo)
    outcome = TransferService(demo).import_file(demo_export)
    assert outcome.ok and outcome.plan.created == 0 and outcome.plan.updated == 0
    assert outcome.plan.counts()["visit"] == (0, 0, 351)
    assert outcome.plan.skipped == []  # our own summary sheet is not reported as skipped
    assert counts(demo) == before  # nothing written: no history, no outbox
    again = tmp_path / "again.xlsx"
    TransferService(demo).export(again)
    assert all_values(again) == all_values(demo_export)


def test_import_into_an_empty_database_reproduces_the_statistics(
    demo: AppServices, demo_export: Path, other: AppServices, tmp_path: Path
) -> None:
    outcome = TransferService(other).import_file(demo_export)
    assert outcome.ok and outcome.written
    assert outcome.plan.counts() == {
        "office": (3, 0, 0),
        "staff": (13, 0, 0),
        "company": (240, 0, 0),
        "contact": (292, 0, 0),
        "visit": (351, 0, 0),
        "lead": (67, 0, 0),
        "deal": (17, 0, 0),
    }
    periods = [Period(), Period(date(2020, 1, 1), date(2020, 3, 31)), Period(date(2020, 6, 1))]
    for period in periods:
        assert other.stats.compute(period) == demo.stats.compute(period)
    shanghai = demo.stats.office_id("上海联络办")
    assert other.stats.compute(Period(), [shanghai]) == demo.stats.compute(Period(), [shanghai])
    assert other.records.pending_changes() == 3 + 13 + 240 + 292 + 351 + 67 + 17
    # Exported again, it is the same workbook; only the review state of the visits differs
    # (imported visits start as drafts: a review is a manager's act in this database).
    again = tmp_path / "again.xlsx"
    TransferService(other).export(again)
    first, second = all_values(demo_export), all_values(again)
    for sheet in first:
        if sheet != "拜访记录":
            assert first[sheet] == second[sheet], sheet
    review = first["拜访记录"][0].index("审核状态")

    def without_review(rows: list[tuple]) -> list[tuple]:
        return [r[:review] + r[review + 1 :] for r in rows]

    assert without_review(first["拜访记录"]) == without_review(second["拜访记录"])
    assert {r[review] for r in second["拜访记录"][1:]} == {ReviewState.draft.label}


def test_edited_cells_change_exactly_those_fields(
    demo: AppServices, demo_export: Path, tmp_path: Path
) -> None:
    wb = load_workbook(demo_export)
    edits: dict[str, tuple[str, set[str]]] = {}

    def edit(sheet: str, header: str, value: object, pick=lambda row, cols: True) -> str:
        ws = wb[sheet]
        cols = header_index(ws)
        row = next(r for r in ws.iter_rows(min_row=2) if pick(r, cols))
        row[cols[header]].value = value
        return row[cols["_id"]].value

    with demo.store.read() as session:
        approved = session.scalar(
            select(Visit.id).where(Visit.review_state == ReviewState.approved.value)
        )
    visit_id = edit(
        "拜访记录",
        "洽谈内容",
        "与企业董事长座谈，确定二期用地方案。",
        lambda r, c: r[c["_id"]].value == approved,
    )
    edits["visit"] = (visit_id, {"summary", "review_state"})
    lead_id = edit(
        "项目线索", "预计投资额（万元）", 12345.6789, lambda r, c: r[c["阶段"]].value != "洽谈"
    )
    edit("项目线索", "阶段", "洽谈", lambda r, c: r[c["_id"]].value == lead_id)
    edits["lead"] = (lead_id, {"investment_yuan", "stage"})
    company_id = edit("企业", "上市企业", "是", lambda r, c: r[c["上市企业"]].value == "否")
    edits["company"] = (company_id, {"listed"})
    deal_id = edit("签约项目", "项目状态", DealStatus.stalled.label)
    edits["deal"] = (deal_id, {"status"})
    contact_id = edit("联系人", "电话", 13900001111)  # typed in Excel: a number
    edits["contact"] = (contact_id, {"phone"})
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    with demo.store.read() as session:
        last_seq = session.scalar(select(func.max(ChangeLog.seq)))
    outcome = TransferService(demo).import_file(edited)
    assert outcome.ok and outcome.written
    assert outcome.plan.updated == 5 and outcome.plan.created == 0
    with demo.store.read() as session:
        changed: dict[tuple[str, str], set[str]] = {}
        for entry in session.scalars(select(ChangeLog).where(ChangeLog.seq > last_seq)):
            changed.setdefault((entry.entity, entry.row_id), set()).add(entry.field)
        assert changed == {(entity, row_id): fields for entity, (row_id, fields) in edits.items()}
        assert session.get(Lead, lead_id).investment_yuan == 123_456_789
        assert session.get(Lead, lead_id).stage == LeadStage.negotiation.value
        assert session.get(Contact, contact_id).phone == "13900001111"
        assert session.get(Company, company_id).listed is True
        assert session.get(Deal, deal_id).status == DealStatus.stalled.value
        assert session.get(Visit, visit_id).review_state == ReviewState.submitted.value
    history = demo.records.history("lead", lead_id)
    assert {h.field for h in history[:2]} == {"investment_yuan", "stage"}


def test_a_renamed_reference_follows_the_name(
    demo: AppServices, demo_export: Path, tmp_path: Path
) -> None:
    wb = load_workbook(demo_export)
    ws = wb["拜访记录"]
    cols = header_index(ws)
    rows = list(ws.iter_rows(min_row=2))
    other_company = next(
        r[cols["企业"]].value for r in rows if r[cols["企业"]].value != rows[0][cols["企业"]].value
    )
    rows[0][cols["企业"]].value = other_company  # hidden id still names the old one
    rows[1][cols["企业"]].value = "全新（苏州）智能科技有限公司"
    moved, new = rows[0][cols["_id"]].value, rows[1][cols["_id"]].value
    edited = tmp_path / "renamed.xlsx"
    wb.save(edited)
    outcome = TransferService(demo).import_file(edited)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    assert outcome.plan.counts()["company"] == (1, 0, 240)
    with demo.store.read() as session:
        target = session.scalar(select(Company.id).where(Company.name == other_company))
        assert session.get(Visit, moved).company_id == target
        created = session.get(Company, session.get(Visit, new).company_id)
        assert created.name == "全新（苏州）智能科技有限公司"


def test_rows_left_out_are_not_deleted(demo: AppServices, demo_export: Path, tmp_path: Path):
    wb = load_workbook(demo_export)
    wb["拜访记录"].delete_rows(2, 10)
    edited = tmp_path / "fewer.xlsx"
    wb.save(edited)
    outcome = TransferService(demo).import_file(edited)
    assert outcome.plan.counts()["visit"] == (0, 0, 341)
    assert demo.stats.compute()["visits"] == 351


def test_a_record_deleted_since_the_export_is_refused(demo: AppServices, demo_export: Path):
    with demo.store.read() as session:
        visit_id = session.scalar(select(Visit.id).order_by(Visit.visit_date, Visit.id))
    demo.records.delete("visit", visit_id, SYSTEM)
    before = counts(demo)
    outcome = TransferService(demo).import_file(demo_export)
    assert not outcome.ok and not outcome.written
    assert outcome.plan.problem_count == 1
    problem = outcome.plan.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("拜访记录", 2, "_id")
    assert "已在本机删除" in problem.reason
    assert counts(demo) == before
    assert outcome.errors_file is not None and outcome.errors_file.exists()


def test_companies_already_here_under_other_ids_are_not_duplicated(
    demo: AppServices, demo_export: Path, other: AppServices
) -> None:
    with demo.store.read() as session:
        known = session.scalars(select(Company).where(Company.uscc.is_not(None))).first()
        plain = session.scalars(select(Company).where(Company.uscc.is_(None))).first()
    by_code = other.records.create(
        "company", {"name": "旧名称有限公司", "uscc": known.uscc}, SYSTEM
    )
    by_name = other.records.create("company", {"name": f" {plain.name} "}, SYSTEM)
    outcome = TransferService(other).import_file(demo_export)
    assert outcome.ok, [p.message for p in outcome.plan.problems[:5]]
    created, updated, _ = outcome.plan.counts()["company"]
    assert (created, updated) == (238, 2)
    with other.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Company)) == 240
        assert session.get(Company, by_code).name == known.name  # renamed as in the file
        visits = session.scalars(select(Visit.company_id).where(Visit.company_id == by_name))
        assert list(visits)  # the visits of that company point to the one already here
    assert other.stats.compute() == demo.stats.compute()


def test_import_refuses_when_the_data_changed_after_the_preview(
    demo: AppServices, demo_export: Path, other: AppServices
) -> None:
    import pytest

    from liaison_app.domain.errors import KnownError

    preview = TransferService(other).preview(demo_export)
    assert preview.ok and not preview.written
    other.records.create("office", {"name": "上海联络办"}, SYSTEM)  # meanwhile, elsewhere
    with pytest.raises(KnownError) as caught:
        TransferService(other).import_file(demo_export, expected=preview.plan.counts())
    assert caught.value.code == "import_changed"
    assert other.stats.compute()["visits"] == 0
