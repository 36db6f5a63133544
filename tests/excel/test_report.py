"""The HQ report adds up: every figure equals ``stats`` for the same period, to the yuan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liaison_app.domain.errors import ValidationError
from liaison_app.domain.i18n import set_language
from liaison_app.domain.money import YUAN_PER_YI
from liaison_app.excel.cells import DATE_FORMAT, YI_FORMAT
from liaison_app.services.context import AppServices
from liaison_app.services.report_text import FIGURE_LABELS
from liaison_app.services.stats import Period
from liaison_app.services.transfer import REPORT_FIGURES, TransferService, months_of

START, END = date(2020, 1, 1), date(2020, 6, 30)


def yuan(value: float | int) -> int:
    """A 亿元 cell back to yuan: the value is exact to the yuan (15 significant digits)."""
    return int((Decimal(repr(value)) * YUAN_PER_YI).to_integral_value())


@pytest.fixture
def report(demo: AppServices, tmp_path: Path) -> Path:
    target = tmp_path / "report.xlsx"
    TransferService(demo).report(target, start=START, end=END)
    return target


def figure_columns(header: tuple) -> dict[str, int]:
    columns = {}
    for key in REPORT_FIGURES:
        zh = FIGURE_LABELS[key][0]
        columns[key] = next(i for i, h in enumerate(header) if h and h.startswith(zh))
    return columns


def test_totals_and_subtotals_equal_stats(demo: AppServices, report: Path) -> None:
    wb = load_workbook(report)
    assert wb.sheetnames == ["分月统计", "签约项目", "亿元以上项目"]
    ws = wb["分月统计"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "驻外联络办招商工作统计表"
    assert "2020年1月1日至2020年6月30日" in rows[1][0]
    header = rows[2]
    columns = figure_columns(header)
    assert header[columns["valid_lead_investment_yuan"]].endswith("（亿元）")
    overall = demo.stats.compute(Period(START, END))

    def check(row: tuple, figures: dict) -> None:
        for key, col in columns.items():
            value = row[col]
            if key.endswith("_yuan"):
                assert yuan(value) == figures[key], key
            else:
                assert value == figures[key], key

    total = next(r for r in rows if r[0] == "合计")
    check(total, overall)
    assert total[columns["companies_visited"]] == 219
    assert total[columns["valid_leads"]] == 52
    assert yuan(total[columns["valid_lead_investment_yuan"]]) == 131 * YUAN_PER_YI
    assert total[columns["signed_deals"]] == 17
    for office, figures in overall["by_office"].items():
        subtotal = next(r for r in rows if r[0] == office and r[1] == "小计")
        check(subtotal, figures)
    months = months_of(START, END)
    for name, period in months:
        month = demo.stats.compute(period)
        for office, figures in month["by_office"].items():
            row = next(r for r in rows if r[0] == office and r[1] == name)
            check(row, figures)
    # additive figures: the months add up to the subtotal
    for office, figures in overall["by_office"].items():
        month_rows = [r for r in rows if r[0] == office and r[1] and r[1][:4] == "2020"]
        assert len(month_rows) == 6
        assert sum(r[columns["visits"]] for r in month_rows) == figures["visits"]
        assert (
            sum(yuan(r[columns["signed_investment_yuan"]]) for r in month_rows)
            == figures["signed_investment_yuan"]
        )
    cell = ws.cell(row=rows.index(total) + 1, column=columns["signed_investment_yuan"] + 1)
    assert cell.number_format == YI_FORMAT
    assert ws.freeze_panes == "C4"


def test_deal_sheets_list_the_counted_deals(demo: AppServices, report: Path) -> None:
    overall = demo.stats.compute(Period(START, END))
    wb = load_workbook(report)
    for name, count_key, money_key in (
        ("签约项目", "signed_deals", "signed_investment_yuan"),
        ("亿元以上项目", "deals_100m_plus", None),
    ):
        ws = wb[name]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        header = rows[2]
        for needed in ("责任主体", "工作专班", "推进计划", "签约日期"):
            assert needed in header
        invest = header.index("总投资（亿元）")
        body = [r for r in rows[3:] if isinstance(r[0], int)]
        assert len(body) == overall[count_key]
        total = next(r for r in rows if r[0] == "合计")
        assert yuan(total[invest]) == sum(yuan(r[invest]) for r in body)
        if money_key:
            assert yuan(total[invest]) == overall[money_key]
            funds = header.index("实际到位资金（亿元）")
            assert yuan(total[funds]) == overall["funds_in_place_yuan"]
        else:
            assert all(yuan(r[invest]) >= YUAN_PER_YI for r in body)
        first = ws.cell(row=4, column=header.index("签约日期") + 1)
        assert first.number_format == DATE_FORMAT
        assert all(r[header.index("工作专班")] for r in body)
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_partial_months_and_one_day(demo: AppServices, tmp_path: Path) -> None:
    start, end = date(2020, 2, 15), date(2020, 3, 10)
    target = tmp_path / "short.xlsx"
    result = TransferService(demo).report(target, start=start, end=end)
    assert result.months == 2 * 3
    rows = [tuple(r) for r in load_workbook(target)["分月统计"].iter_rows(values_only=True)]
    columns = figure_columns(rows[2])
    total = next(r for r in rows if r[0] == "合计")
    assert total[columns["visits"]] == demo.stats.compute(Period(start, end))["visits"]
    assert months_of(date(2020, 5, 31), date(2020, 5, 31)) == [
        ("2020-05", Period(date(2020, 5, 31), date(2020, 5, 31)))
    ]
    assert [m for m, _ in months_of(date(2019, 12, 5), date(2020, 2, 1))] == [
        "2019-12",
        "2020-01",
        "2020-02",
    ]


def test_period_is_required_and_ordered(demo: AppServices, tmp_path: Path) -> None:
    service = TransferService(demo)
    with pytest.raises(ValidationError) as caught:
        service.report(tmp_path / "r.xlsx", start=None, end=END)
    assert "开始日期和结束日期" in caught.value.problems[0].message
    with pytest.raises(ValidationError):
        service.report(tmp_path / "r.xlsx", start=END, end=START)
    assert not (tmp_path / "r.xlsx").exists()


def test_english_report(demo: AppServices, tmp_path: Path) -> None:
    set_language("en")
    target = tmp_path / "en.xlsx"
    TransferService(demo).report(target, start=START, end=END)
    wb = load_workbook(target)
    assert wb.sheetnames == ["By office and month", "Signed deals", "Deals of 1亿 and above"]
    header = [c.value for c in wb["By office and month"][3]]
    assert header[:3] == ["Office", "Month", "Visits"]
    assert "Signed investment (亿元)" in header
