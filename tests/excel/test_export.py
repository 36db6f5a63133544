"""The export workbook read back with openpyxl: layout, formats, values, safety, atomicity."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl.worksheet._writer as openpyxl_writer
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from liaison_app.db.models import Company, Contact, Deal, Lead, Visit
from liaison_app.domain.enums import DealStatus, LeadStage
from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import set_language
from liaison_app.excel.cells import DATE_FORMAT, WAN_FORMAT, YI_FORMAT
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.progress import Cancelled
from liaison_app.services.stats import FIGURES, Period
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import header_index

SHEETS_ZH = ["统计汇总", "拜访记录", "项目线索", "签约项目", "企业", "联系人", "联络办", "人员"]


def hidden_letters(ws) -> set[str]:
    hidden = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            for index in range(dim.min, dim.max + 1):
                hidden.add(get_column_letter(index))
    return hidden


def test_sheets_headers_frozen_row_filter_and_hidden_ids(demo_export: Path) -> None:
    wb = load_workbook(demo_export)
    assert wb.sheetnames == SHEETS_ZH
    for name in SHEETS_ZH[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        last = get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        headers = [c.value for c in ws[1]]
        assert all(c.font.bold for c in ws[1])
        assert "_id" in headers
        hidden = hidden_letters(ws)
        for i, header in enumerate(headers, 1):
            letter = get_column_letter(i)
            assert (letter in hidden) == header.startswith("_"), (name, header)
            if not header.startswith("_"):
                assert ws.column_dimensions[letter].width >= 6
    visits = [c.value for c in wb["拜访记录"][1]]
    assert visits[:4] == ["拜访日期", "企业", "联络办", "拜访人"]
    assert {"_company_id", "_office_id", "_staff_id"} <= set(visits)
    assert "预计投资额（万元）" in [c.value for c in wb["项目线索"][1]]
    deal_headers = [c.value for c in wb["签约项目"][1]]
    assert "总投资（万元）" in deal_headers and "实际到位资金（万元）" in deal_headers
    assert {"责任主体", "工作专班", "推进计划"} <= set(deal_headers)


def test_columns_fit_their_content(demo_export: Path) -> None:
    ws = load_workbook(demo_export)["拜访记录"]
    cols = header_index(ws)
    summary_width = ws.column_dimensions[get_column_letter(cols["洽谈内容"] + 1)].width
    date_width = ws.column_dimensions[get_column_letter(cols["拜访日期"] + 1)].width
    assert summary_width == 60  # long text: capped
    assert 10 <= date_width < 20


def test_values_dates_money_booleans_enums_and_references(
    demo: AppServices, demo_export: Path
) -> None:
    wb = load_workbook(demo_export)
    with demo.store.read() as session:
        deal = session.scalars(select(Deal).order_by(Deal.signed_on, Deal.id)).first()
        assert deal is not None
        company = session.get(Company, deal.company_id)
        lead_rows = session.scalars(select(Lead)).all()
        sources = {
            v.id: f"{v.visit_date.isoformat()} {session.get(Company, v.company_id).name}"
            for v in session.scalars(select(Visit))
        }
    ws = wb["签约项目"]
    cols = header_index(ws)
    row = next(r for r in ws.iter_rows(min_row=2) if r[cols["_id"]].value == deal.id)
    signed = row[cols["签约日期"]]
    assert signed.value == datetime.combine(deal.signed_on, datetime.min.time())
    assert signed.number_format == DATE_FORMAT
    money = row[cols["总投资（万元）"]]
    assert isinstance(money.value, int | float) and money.number_format == WAN_FORMAT
    assert round(money.value * 10_000) == deal.investment_yuan
    assert row[cols["企业"]].value == company.name
    assert row[cols["_company_id"]].value == deal.company_id
    assert row[cols["项目状态"]].value == DealStatus(deal.status).label
    assert row[cols["责任主体"]].value == deal.responsible_unit

    ws = wb["项目线索"]
    cols = header_index(ws)
    by_id = {r[cols["_id"]].value: r for r in ws.iter_rows(min_row=2)}
    assert len(by_id) == len(lead_rows)
    for lead in lead_rows:
        cells = by_id[lead.id]
        assert cells[cols["有效线索"]].value == ("是" if lead.is_valid else "否")
        assert cells[cols["阶段"]].value == LeadStage(lead.stage).label
        assert round(cells[cols["预计投资额（万元）"]].value * 10_000) == lead.investment_yuan
        assert cells[cols["_source_visit_id"]].value == lead.source_visit_id
        assert cells[cols["来源拜访"]].value == sources[lead.source_visit_id]

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_summary_first_with_period_time_and_the_statistics(
    demo: AppServices, tmp_path: Path
) -> None:
    target = tmp_path / "q2.xlsx"
    period = Period(date(2020, 4, 1), date(2020, 6, 30))
    TransferService(demo).export(target, period=period)
    ws = load_workbook(target).worksheets[0]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "联络办工作数据导出"
    assert rows[1][:2] == ("统计期间", "2020年4月1日至2020年6月30日")
    assert rows[3][0] == "导出时间" and rows[3][1] == "2020-07-01 09:30"
    header = rows[5]
    stats = demo.stats.compute(period)
    total = next(r for r in rows if r[0] == "合计")
    for i, key in enumerate(FIGURES, 1):
        if key.endswith("_yuan"):
            assert "（亿元）" in header[i]
            assert round(total[i] * 100_000_000) == stats[key]
        else:
            assert total[i] == stats[key]
    for office, figures in stats["by_office"].items():
        row = next(r for r in rows if r[0] == office)
        assert row[1] == figures["visits"]
    money_cell = ws.cell(
        row=rows.index(total) + 1, column=FIGURES.index("signed_investment_yuan") + 2
    )
    assert money_cell.number_format == YI_FORMAT


def test_period_and_office_choose_the_records(demo: AppServices, tmp_path: Path) -> None:
    office_id = demo.stats.office_id("上海联络办")
    assert office_id is not None
    start, end = date(2020, 3, 1), date(2020, 4, 30)
    target = tmp_path / "sh.xlsx"
    result = TransferService(demo).export(target, period=Period(start, end), office_ids=[office_id])
    with demo.store.read() as session:

        def count(model, column) -> int:
            return session.scalar(
                select(func.count()).where(
                    model.deleted.is_(False),
                    model.office_id == office_id,
                    column >= start,
                    column <= end,
                )
            )

        expected = {
            "visit": count(Visit, Visit.visit_date),
            "lead": count(Lead, Lead.found_on),
            "deal": count(Deal, Deal.signed_on),
            "company": session.scalar(select(func.count()).select_from(Company)),
            "contact": session.scalar(
                select(func.count()).where(
                    (Contact.office_id == office_id) | Contact.office_id.is_(None)
                )
            ),
        }
    for entity, n in expected.items():
        assert result.counts[entity] == n, entity
    wb = load_workbook(target)
    assert wb["拜访记录"].max_row == expected["visit"] + 1
    offices = {r[2] for r in wb["拜访记录"].iter_rows(min_row=2, values_only=True)}
    assert offices == {"上海联络办"}


def test_english_workbook(demo: AppServices, tmp_path: Path) -> None:
    set_language("en")
    target = tmp_path / "en.xlsx"
    TransferService(demo).export(target)
    wb = load_workbook(target)
    assert wb.sheetnames[:6] == ["Summary", "Visits", "Leads", "Deals", "Companies", "Contacts"]
    headers = [c.value for c in wb["Leads"][1]]
    assert "Estimated investment (万元)" in headers
    values = {
        r[headers.index("Valid lead")] for r in wb["Leads"].iter_rows(min_row=2, values_only=True)
    }
    assert values == {"Yes", "No"}
    stages = {r[headers.index("Stage")] for r in wb["Leads"].iter_rows(min_row=2, values_only=True)}
    assert stages <= {s.label_en for s in LeadStage}


RISKY = ["=1+2", '=HYPERLINK("http://x.example","点我")', "+86 138", "-5%", "@SUM(A1)", "#N/A"]


def test_text_that_looks_like_a_formula_stays_text(services: AppServices, tmp_path: Path) -> None:
    for i, text in enumerate(RISKY):
        services.records.create(
            "company", {"name": f"企业{i}", "notes": text, "address": text}, SYSTEM
        )
    target = tmp_path / "risky.xlsx"
    TransferService(services).export(target)
    ws = load_workbook(target)["企业"]
    cols = header_index(ws)
    seen = {}
    for row in ws.iter_rows(min_row=2):
        cell = row[cols["备注"]]
        assert cell.data_type == "s"
        assert cell.quotePrefix
        seen[row[cols["企业名称"]].value] = cell.value
    assert seen == {f"企业{i}": text for i, text in enumerate(RISKY)}
    for row in load_workbook(target).worksheets[1].iter_rows():
        assert all(c.data_type != "f" for c in row)


def test_characters_xml_cannot_hold_are_removed(services: AppServices, tmp_path: Path) -> None:
    services.records.create(
        "company",
        {"name": "控制字符有限公司", "notes": "第一行\x01\x02\x0b\x0c第二\x1f行\ufffe"},
        SYSTEM,
    )
    target = tmp_path / "ctl.xlsx"
    TransferService(services).export(target)
    ws = load_workbook(target)["企业"]
    cols = header_index(ws)
    assert [r[cols["备注"]] for r in ws.iter_rows(min_row=2, values_only=True)] == ["第一行第二行"]


def test_progress_reaches_the_total(demo: AppServices, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    class Recorder:
        cancelled = False

        def report(self, done: int, total: int) -> None:
            seen.append((done, total))

        def say(self, text: str) -> None:
            pass

    TransferService(demo).export(tmp_path / "p.xlsx", progress=Recorder())
    total = seen[-1][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


class CancelAfter:
    def __init__(self, reports: int) -> None:
        self.left = reports
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        self.left -= 1
        if self.left <= 0:
            self.cancelled = True

    def say(self, text: str) -> None:
        pass


@pytest.mark.parametrize("reports", [1, 2])
def test_cancelled_export_leaves_no_file(demo: AppServices, tmp_path: Path, reports: int) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    temp_files = len(openpyxl_writer.ALL_TEMP_FILES)
    with pytest.raises(Cancelled):
        TransferService(demo).export(folder / "x.xlsx", progress=CancelAfter(reports))
    assert list(folder.iterdir()) == []
    assert len(openpyxl_writer.ALL_TEMP_FILES) == temp_files  # sheet temp files removed


def test_failed_export_keeps_the_previous_file(demo: AppServices, tmp_path: Path) -> None:
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"the workbook from last month")
    with pytest.raises(Cancelled):
        TransferService(demo).export(target, progress=CancelAfter(2))
    assert target.read_bytes() == b"the workbook from last month"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["keep.xlsx"]


def test_missing_folder_is_a_message_not_a_traceback(demo: AppServices, tmp_path: Path) -> None:
    with pytest.raises(KnownError) as caught:
        TransferService(demo).export(tmp_path / "no" / "such" / "x.xlsx")
    assert caught.value.code == "file_not_writable"
    assert "无法写入" in caught.value.message
