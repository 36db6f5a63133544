"""An office's own monthly ledger (台账), imported again and again: natural keys, USCC before
names, the assumptions the import makes, the columns it leaves out, amounts as written."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from liaison_app.db.models import Company, Contact, Deal, Lead, Visit
from liaison_app.domain.money import YUAN_PER_WAN, YUAN_PER_YI
from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import save_workbook

HUAWEI = make_uscc("91440300" + "192203821")
OTHER = make_uscc("91310000" + "MA1FL1234")
VISIT_HEADER = ["序号", "走访日期", "企业名称", "走访人", "走访内容", "备注", "所属园区"]
LEAD_HEADER = ["项目名称", "企业名称", "计划投资（万元）", "阶段"]
DEAL_HEADER = ["项目名称", "签约企业", "签约日期", "签约金额（亿元）"]
CONTACT_HEADER = ["联系人", "企业名称", "职务", "手机"]


def visit_rows(count: int) -> list[list[Any]]:
    """``count`` visits: ten companies, a day each, two of them on one day by one person."""
    rows = []
    for i in range(count):
        rows.append(
            [
                i + 1,
                datetime(2020, 5, 1 + i % 28),
                f"测试{i % 10}号科技有限公司",
                "王浩然",
                f"第 {i + 1} 次走访",
                "x",
                "经开区",
            ]
        )
    rows.append(
        [count + 1, datetime(2020, 5, 1), "测试0号科技有限公司", "王浩然", "同日再访", "", ""]
    )
    return rows


def ledger(path: Path, visits: int = 12, leads: int = 4) -> Path:
    """A cumulative ledger as an office keeps it: no ids, no 联络办 column, leads undated."""
    return save_workbook(
        path,
        {
            "走访台账": [["上海联络办走访台账"], VISIT_HEADER, *visit_rows(visits)],
            "项目线索": [
                LEAD_HEADER,
                *[
                    [f"项目{i}", f"测试{i}号科技有限公司", 1000 * (i + 1), "洽谈"]
                    for i in range(leads)
                ],
            ],
            "签约项目": [
                DEAL_HEADER,
                ["电池项目", "测试1号科技有限公司", "2020-05-20", 1.5],
                ["电池项目", "测试1号科技有限公司", "2020-06-20", 2],
            ],
            "联系人": [CONTACT_HEADER, ["张伟", "测试2号科技有限公司", "总经理", "13800000000"]],
        },
    )


def count(services: AppServices, model) -> int:
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(~model.deleted))


def imported(services: AppServices, path: Path, actor: Actor | None, **kw: Any):
    outcome = TransferService(services).import_file(path, actor, **kw)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    return outcome.plan


def test_the_same_ledger_twice_counts_once(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = ledger(tmp_path / "台账.xlsx")
    first = imported(services, path, staff)
    assert first.counts()["visit"] == (13, 0, 0)
    assert first.counts()["deal"] == (2, 0, 0)  # same title, another signing date
    stats = services.stats.compute()
    preview = TransferService(services).preview(path, staff).plan
    assert preview.created == 0 and preview.updated == 0
    assert preview.counts() == {
        "visit": (0, 0, 13),
        "lead": (0, 0, 4),
        "deal": (0, 0, 2),
        "contact": (0, 0, 1),
    }
    assert preview.matches["走访台账"].by_key == 13 and preview.matches["走访台账"].new == 0
    again = imported(services, path, staff)
    assert again.created == 0 and again.updated == 0
    assert services.stats.compute() == stats
    assert count(services, Visit) == 13 and count(services, Company) == 10
    assert count(services, Lead) == 4 and count(services, Deal) == 2
    assert count(services, Contact) == 1


def test_a_grown_ledger_creates_only_its_new_rows(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    imported(services, ledger(tmp_path / "五月.xlsx", visits=12), staff)
    grown = ledger(tmp_path / "六月.xlsx", visits=15)
    wb = load_workbook(grown)
    wb["走访台账"]["E4"] = "第 2 次走访（补记）"  # one earlier row corrected
    wb.save(grown)
    plan = TransferService(services).preview(grown, staff).plan
    assert plan.ok
    # rows 13..15 are new; the extra same-day visit keeps matching its record
    assert plan.counts()["visit"] == (3, 1, 12)
    sheet = plan.matches["走访台账"]
    assert (sheet.by_id, sheet.by_key, sheet.new) == (0, 13, 3)
    assert "工作表“走访台账”：按编号对应已有记录 0 行，按内容对应已有记录 13 行，新记录 3 行" in (
        plan.details()
    )
    imported(services, grown, staff)
    assert count(services, Visit) == 16
    with services.store.read() as session:
        summaries = set(session.scalars(select(Visit.summary)))
    assert "第 2 次走访（补记）" in summaries and "第 2 次走访" not in summaries


def test_a_visit_by_another_person_is_another_visit(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    rows = [
        ["走访日期", "企业名称", "走访人", "走访内容"],
        ["2020-05-01", "某科技有限公司", "王浩然", "a"],
    ]
    imported(services, save_workbook(tmp_path / "a.xlsx", {"走访": rows}), staff)
    rows[1][2] = "李娜"
    plan = imported(services, save_workbook(tmp_path / "b.xlsx", {"走访": rows}), staff)
    assert plan.counts()["visit"] == (1, 0, 0)
    assert plan.new_staff == ["李娜（上海联络办）"]
    assert "将新建人员（文件中的姓名在本机没有）：李娜（上海联络办）" in plan.details()
    rows[1][2] = None  # no staff named: the company, date and office are the key
    plan = imported(services, save_workbook(tmp_path / "c.xlsx", {"走访": rows}), staff)
    assert plan.counts()["visit"] == (0, 0, 1)


def test_our_export_still_matches_by_id(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    imported(services, ledger(tmp_path / "台账.xlsx"), staff)
    exported = tmp_path / "export.xlsx"
    TransferService(services).export(exported)
    plan = TransferService(services).preview(exported, staff).plan
    assert plan.ok and plan.created == 0 and plan.updated == 0
    assert plan.matches["拜访记录"].by_id == 13 and plan.matches["拜访记录"].by_key == 0


# --- USCC before names ----------------------------------------------------------------------


def test_a_uscc_that_contradicts_the_name_is_another_company(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    huawei = services.records.create(
        "company", {"name": "华为技术有限公司", "uscc": HUAWEI}, SYSTEM
    )
    path = save_workbook(
        tmp_path / "v.xlsx",
        {
            "拜访记录": [
                ["拜访日期", "企业名称", "统一社会信用代码", "洽谈内容"],
                ["2020-06-01", "华为技术有限公司", OTHER, "同名的另一家企业"],
                ["2020-06-02", "华为技术有限公司", None, "没有代码：按名称"],
                ["2020-06-03", "华为上海公司", HUAWEI, "代码一致：就是华为"],
            ]
        },
    )
    plan = imported(services, path, staff)
    assert plan.counts()["company"] == (1, 0, 0)
    with services.store.read() as session:
        visits = session.execute(
            select(Visit.summary, Company.id, Company.uscc)
            .join(Company, Company.id == Visit.company_id)
            .order_by(Visit.visit_date)
        ).all()
    assert visits[0].uscc == OTHER and visits[0].id != huawei
    assert visits[1].id == huawei and visits[2].id == huawei


def test_a_company_list_cannot_change_a_stored_uscc(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    services.records.create("company", {"name": "华为技术有限公司", "uscc": HUAWEI}, SYSTEM)
    exported = tmp_path / "export.xlsx"
    TransferService(services).export(exported)
    wb = load_workbook(exported)
    ws = wb["企业"]
    column = next(c.column for c in ws[1] if c.value == "统一社会信用代码")
    ws.cell(row=2, column=column).value = OTHER
    wb.save(exported)
    outcome = TransferService(services).import_file(exported, staff)
    assert not outcome.ok
    [problem] = outcome.plan.problems
    assert problem.row == 2 and problem.column == "统一社会信用代码"
    assert problem.cell == f"{ws.cell(row=2, column=column).column_letter}2"
    assert problem.reason.startswith(f"该企业已登记统一社会信用代码 {HUAWEI}，导入不能更改它")
    with services.store.read() as session:
        assert session.scalar(select(Company.uscc)) == HUAWEI


def test_an_export_of_two_namesakes_imports_into_an_empty_database(
    services: AppServices, other: AppServices, tmp_path: Path
) -> None:
    services.records.create("company", {"name": "华为技术有限公司", "uscc": HUAWEI}, SYSTEM)
    services.records.create("company", {"name": "华为技术有限责任公司", "uscc": OTHER}, SYSTEM)
    services.records.create("company", {"name": "华为技术（有限公司）"}, SYSTEM)
    exported = tmp_path / "export.xlsx"
    TransferService(services).export(exported)
    plan = imported(other, exported, None)
    assert plan.counts()["company"] == (3, 0, 0)
    again = imported(other, exported, None)
    assert again.created == 0 and again.updated == 0


# --- assumptions: the office, lead dates, new staff -----------------------------------------


def test_a_sheet_without_an_office_takes_the_users(
    services: AppServices, staff: Actor, office: str, tmp_path: Path
) -> None:
    plan = imported(services, ledger(tmp_path / "台账.xlsx"), staff)
    assert "假定：工作表“走访台账”没有“联络办”列，全部按“上海联络办”导入" in plan.details()
    with services.store.read() as session:
        assert set(session.scalars(select(Visit.office_id))) == {office}
        assert set(session.scalars(select(Visit.staff_id))) == {staff.staff_id}


def test_without_a_user_the_office_must_be_given(
    services: AppServices, office: str, tmp_path: Path
) -> None:
    path = ledger(tmp_path / "台账.xlsx")
    outcome = TransferService(services).import_file(path, None, dry_run=True)
    assert "工作表“走访台账”缺少“联络办”列" in [p.message for p in outcome.plan.problems]
    beijing = services.records.create("office", {"name": "北京联络办"}, SYSTEM)
    plan = imported(services, path, None, office_id=beijing)
    assert "假定：工作表“项目线索”没有“联络办”列，全部按“北京联络办”导入" in plan.details()
    with services.store.read() as session:
        assert set(session.scalars(select(Lead.office_id))) == {beijing}
        assert set(session.scalars(select(Visit.office_id))) == {beijing}


def test_undated_leads_take_their_visit_date_else_today(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = save_workbook(
        tmp_path / "l.xlsx",
        {
            "走访": [
                ["走访日期", "企业名称", "走访内容"],
                ["2020-05-03", "甲科技有限公司", "a"],
                ["2020-05-01", "甲科技有限公司", "b"],
            ],
            "线索": [
                LEAD_HEADER,
                ["甲项目", "甲科技有限公司", 100, "洽谈"],
                ["乙项目", "乙科技有限公司", 200, "洽谈"],
            ],
        },
    )
    plan = imported(services, path, staff)
    details = plan.details()
    assert "假定：工作表“线索”中 1 条线索没有获取日期，按同一文件中该企业的拜访日期填写" in details
    assert "假定：工作表“线索”中 1 条线索没有获取日期，按导入日期 2020-07-01 填写" in details
    with services.store.read() as session:
        dates = {title: day for title, day in session.execute(select(Lead.title, Lead.found_on))}
    assert dates == {"甲项目": date(2020, 5, 1), "乙项目": date(2020, 7, 1)}
    again = imported(services, path, staff)
    assert again.created == 0 and again.updated == 0


# --- columns left out, amounts as written -----------------------------------------------------


def test_unrecognised_columns_are_listed(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    plan = TransferService(services).preview(ledger(tmp_path / "台账.xlsx"), staff).plan
    assert "工作表“走访台账”未识别的列：备注、所属园区（这些列不会导入）" in plan.details()
    leads = save_workbook(
        tmp_path / "l.xlsx",
        {
            "线索": [
                ["项目", "企业名称", "获取日期", "所属园区", "说明", "自定义"],
                ["甲项目", "甲公司", "2020-05-01", "临港", "注", "?"],
            ]
        },
    )
    plan = imported(services, leads, staff)
    assert "工作表“线索”未识别的列：自定义（这些列不会导入）" in plan.details()
    with services.store.read() as session:
        lead = session.scalars(select(Lead)).one()
    assert lead.intended_park == "临港" and lead.description == "注"


@pytest.mark.parametrize(
    ("written", "yuan", "approximate"),
    [
        ("1.2亿元人民币", 12 * YUAN_PER_YI // 10, False),
        ("人民币5000万元", 5000 * YUAN_PER_WAN, False),
        ("约3亿", 3 * YUAN_PER_YI, True),
        ("3亿左右", 3 * YUAN_PER_YI, True),
        ("大约 8000 万", 8000 * YUAN_PER_WAN, True),
        (2.5, 2.5 * YUAN_PER_YI, False),
    ],
)
def test_amounts_as_ledgers_write_them(
    services: AppServices, staff: Actor, tmp_path: Path, written: Any, yuan: int, approximate: bool
) -> None:
    path = save_workbook(
        tmp_path / "d.xlsx", {"签约": [DEAL_HEADER, ["项目", "甲公司", "2020-05-01", written]]}
    )
    plan = imported(services, path, staff)
    with services.store.read() as session:
        assert session.scalar(select(Deal.investment_yuan)) == yuan
    note = f"1 个金额是约数，按所写数值导入：签约 D2“{written}”"
    assert (note in plan.details()) is approximate


def test_a_foreign_currency_is_a_problem_naming_the_cell(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = save_workbook(
        tmp_path / "d.xlsx",
        {"签约": [DEAL_HEADER, ["项目", "甲公司", "2020-05-01", "0.5亿美元"]]},
    )
    outcome = TransferService(services).import_file(path, staff)
    assert [p.message for p in outcome.plan.problems] == [
        "工作表“签约”第 2 行“签约金额（亿元）”列（D2 单元格）："
        "“0.5亿美元”是外币金额（美元），请折算为人民币后填写"
    ]
    assert count(services, Deal) == 0


# --- the error report: cells, sheet order, formulas -------------------------------------------


def test_problems_name_cells_in_the_workbooks_sheet_order(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    deals = wb.active
    deals.title = "签约"  # first in the workbook, planned after the visits
    deals.append(DEAL_HEADER)
    deals.append(["项目", "甲公司", "2020-05-01", "=D3*2"])  # no cached value: openpyxl
    deals.append(["项目二", "甲公司", "2020-13-01", 1])
    visits = wb.create_sheet("走访")
    visits.append(["序号", "走访日期", "企业名称", "走访内容"])
    visits.append([1, "2020-02-30", "甲公司", "x"])
    wb.save(tmp_path / "f.xlsx")
    outcome = TransferService(services).import_file(tmp_path / "f.xlsx", staff)
    assert [(p.sheet, p.cell) for p in outcome.plan.problems] == [
        ("签约", "D2"),
        ("签约", "C3"),
        ("走访", "B2"),
    ]
    assert outcome.plan.problems[0].reason.startswith("公式没有计算结果")
    report = load_workbook(outcome.errors_file).active
    assert [c.value for c in report[5]][:3] == ["签约", 2, "签约金额（亿元）（D2）"]


def test_a_row_matched_by_key_and_again_by_id_is_a_duplicate(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    imported(services, ledger(tmp_path / "台账.xlsx", visits=2), staff)
    with services.store.read() as session:
        first = session.scalar(select(Visit.id).where(Visit.summary == "第 1 次走访"))
    rows = [
        ["走访日期", "企业名称", "走访人", "走访内容", "_id"],
        [datetime(2020, 5, 1), "测试0号科技有限公司", "王浩然", "第 1 次走访", None],
        [datetime(2020, 5, 1), "测试0号科技有限公司", "王浩然", "第 1 次走访", first],
    ]
    outcome = TransferService(services).import_file(
        save_workbook(tmp_path / "dup.xlsx", {"走访": rows}), staff
    )
    assert [(p.row, p.reason) for p in outcome.plan.problems] == [
        (3, "同一条记录在文件中出现了两次")
    ]
