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
from liaison_app.excel.cells import DATE_FORMAT
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
    """Column index of each figure's 本月 cell (累计 is the next one)."""
    columns = {}
    for key in REPORT_FIGURES:
        zh = FIGURE_LABELS[key][0]
        columns[key] = next(i for i, h in enumerate(header) if h and h.startswith(zh))
    return columns


def month_blocks(rows: list[tuple]) -> dict[str, list[tuple]]:
    """The form's blocks: month heading -> its rows (offices, then 合计)."""
    blocks: dict[str, list[tuple]] = {}
    current: list[tuple] | None = None
    for row in rows[4:]:
        first = row[0]
        if isinstance(first, str) and first.startswith("2020年") and row[1] is None:
            current = blocks.setdefault(first, [])
        elif current is not None and isinstance(row[1], int | float):
            current.append(row)
        elif current is not None:
            current = None  # the notes and the foot follow the last block
    return blocks


def test_monthly_form_equals_stats_this_month_and_year_to_date(
    demo: AppServices, report: Path
) -> None:
    wb = load_workbook(report)
    assert wb.sheetnames == ["分月统计", "签约项目", "亿元以上项目"]
    ws = wb["分月统计"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "驻外联络办招商工作统计表"
    assert "2020年1月1日至2020年6月30日" in rows[1][0]
    columns = figure_columns(rows[2])
    assert rows[2][columns["valid_lead_investment_yuan"]] == "有效线索涉及投资\n（亿元）"
    for col in columns.values():
        assert rows[3][col : col + 2] == ("本月", "累计")
    blocks = month_blocks(rows)
    assert list(blocks) == [f"2020年{m}月" for m in range(1, 7)]

    def check(row: tuple, month: dict, year: dict) -> None:
        for key, col in columns.items():
            for value, figures in ((row[col], month), (row[col + 1], year)):
                if key.endswith("_yuan"):
                    assert yuan(value) == figures[key], key
                else:
                    assert value == figures[key], key

    for (title, block), (_, period) in zip(blocks.items(), months_of(START, END), strict=True):
        month = demo.stats.compute(period)
        year = demo.stats.compute(Period(date(2020, 1, 1), period.end))
        # Offices by pinyin: 北京, 上海, 深圳 (not the code-point order 上海, 北京, 深圳).
        assert [r[0] for r in block] == ["北京联络办", "上海联络办", "深圳联络办", "合计"], title
        for row in block[:-1]:
            check(row, month["by_office"][row[0]], year["by_office"][row[0]])
        check(block[-1], month, year)
    # The year to date of June, from 1 January, is the period: the sample data's totals.
    june = blocks["2020年6月"][-1]
    assert june[columns["companies_visited"] + 1] == 219
    assert june[columns["valid_leads"] + 1] == 52
    assert yuan(june[columns["valid_lead_investment_yuan"] + 1]) == 131 * YUAN_PER_YI
    assert june[columns["signed_deals"] + 1] == 17
    # additive figures: the months add up to the year to date
    for office in ("北京联络办", "上海联络办", "深圳联络办", "合计"):
        lines = [next(r for r in block if r[0] == office) for block in blocks.values()]
        visits = columns["visits"]
        assert sum(r[visits] for r in lines) == lines[-1][visits + 1]
        money = columns["signed_investment_yuan"]
        assert sum(yuan(r[money]) for r in lines) == yuan(lines[-1][money + 1])
    money_cells = [
        ws.cell(row=i + 1, column=col + 1 + offset)
        for i, row in enumerate(rows)
        if row in blocks["2020年3月"]
        for key, col in columns.items()
        if key.endswith("_yuan")
        for offset in (0, 1)
    ]
    assert {c.number_format for c in money_cells} == {"#,##0.00"}
    assert ws.freeze_panes == "B5"
    foot = " ".join(str(v) for v in rows[-1] if v)
    for needed in ("填报单位（盖章）：", "填表人：", "审核人：", "填报日期：2020年7月1日"):
        assert needed in foot


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
    blocks = month_blocks(rows)
    assert list(blocks) == ["2020年2月", "2020年3月"]
    february, march = (block[-1] for block in blocks.values())
    visits = columns["visits"]
    stats = demo.stats.compute
    assert february[visits] == stats(Period(start, date(2020, 2, 29)))["visits"]
    assert march[visits] == stats(Period(date(2020, 3, 1), end))["visits"]
    # 累计 counts from 1 January, before the period, up to its end at most
    assert march[visits + 1] == stats(Period(date(2020, 1, 1), end))["visits"]
    assert march[visits + 1] > february[visits] + march[visits]
    assert months_of(date(2020, 5, 31), date(2020, 5, 31)) == [
        ("2020-05", Period(date(2020, 5, 31), date(2020, 5, 31)))
    ]
    assert [m for m, _ in months_of(date(2019, 12, 5), date(2020, 2, 1))] == [
        "2019-12",
        "2020-01",
        "2020-02",
    ]


def test_one_office(demo: AppServices, tmp_path: Path) -> None:
    office_id = demo.stats.office_id("上海联络办")
    assert office_id is not None
    target = tmp_path / "sh.xlsx"
    result = TransferService(demo).report(target, start=START, end=END, office_ids=[office_id])
    assert (result.offices, result.months) == (1, 6)
    wb = load_workbook(target)
    rows = [tuple(r) for r in wb["分月统计"].iter_rows(values_only=True)]
    columns = figure_columns(rows[2])
    june = month_blocks(rows)["2020年6月"]
    assert [r[0] for r in june] == ["上海联络办", "合计"]
    figures = demo.stats.compute(Period(START, END), [office_id])
    assert june[-1][columns["signed_deals"] + 1] == figures["signed_deals"]
    deals = [
        r for r in wb["签约项目"].iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)
    ]
    assert len(deals) == figures["signed_deals"] > 0
    assert {r[1] for r in deals} == {"上海联络办"}


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
    ws = wb["By office and month"]
    assert [c.value for c in ws[3]][:3] == ["Office", "Visits", None]
    assert [c.value for c in ws[4]][1:3] == ["Month", "Year to date"]
    assert "Signed investment\n(亿元)" in [c.value for c in ws[3]]
    assert ws.cell(row=5, column=1).value == "2020-01"
    assert ws.oddFooter.center.text == "Page &P of &N"
