"""The HQ statistics report: the workbook the investment centre sends headquarters.

Three sheets: the municipal monthly form (per month of the period, one row per office and a
total, each figure for the month (本月) beside the year to date (累计), the 填报单位 / 填表人 /
审核人 / 填报日期 lines at the foot); the deals signed in the period with 责任主体, 工作专班 and
推进计划; the deals of 1 亿元 and above. The figures come in computed (``StatsService``, one
definition); this module only lays them out. Money is in 亿元 as exact cell values
(yuan / 10^8), shown with two decimals. Every sheet prints as a form: see ``print_setup``.
The report is small, so it is written in openpyxl's normal mode (merged titles, styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import DEFAULT_FONT, Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from liaison_app.domain.i18n import label, msg
from liaison_app.domain.money import YUAN_PER_YI
from liaison_app.excel import Tick
from liaison_app.excel.cells import (
    COUNT_FORMAT,
    DATE_FORMAT,
    YI_FORMAT,
    display_width,
    fit_width,
    set_text,
)
from liaison_app.excel.export import Figure
from liaison_app.excel.files import atomic_target, os_error
from liaison_app.excel.headers import money_header
from liaison_app.excel.print_setup import setup_page

BOLD = Font(name=DEFAULT_FONT.name, bold=True)
TITLE = Font(name=DEFAULT_FONT.name, bold=True, size=14)
LINE_HEIGHT = 15  # points per line of 11-point text
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="B0B0B0")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")

MONTH_SHEET = ("分月统计", "By office and month")
DEALS_SHEET = ("签约项目", "Signed deals")
BIG_DEALS_SHEET = ("亿元以上项目", "Deals of 1亿 and above")


@dataclass(frozen=True)
class FormRow:
    """One line of the monthly form: an office (or the total) this month and year to date."""

    name: str
    month: dict[str, int]
    year_to_date: dict[str, int]


@dataclass(frozen=True)
class MonthBlock:
    title: str  # "2020年1月"
    offices: Sequence[FormRow]
    total: FormRow


@dataclass(frozen=True)
class DealLine:
    office: str
    title: str
    company: str
    signed_on: date
    signing_mode: str
    investment_yuan: int
    industry_chain: str
    responsible_unit: str
    task_force: str
    advancement_plan: str
    carrier_park: str
    groundbreaking_on: date | None
    production_on: date | None
    funds_in_place_yuan: int
    status: str


@dataclass(frozen=True)
class ReportData:
    title: str
    period_text: str
    generated_at: str
    figures: Sequence[Figure]
    months: Sequence[MonthBlock]
    deals: Sequence[DealLine]
    filled_on: str  # the 填报日期 of the foot, as written
    notes: Sequence[str] = field(default_factory=tuple)


@dataclass
class ReportResult:
    path: Path
    offices: int
    months: int
    deals: int

    def done_text(self) -> str:
        """What the report holds, for the user (the dialog and the command line)."""
        return msg(
            "report_done",
            path=str(self.path),
            offices=self.offices,
            months=self.months,
            deals=self.deals,
        )


def yi(yuan: int) -> float | int:
    """亿元 as a cell value: exact to the yuan within a double's 15 digits."""
    whole, rest = divmod(yuan, YUAN_PER_YI)
    return whole if rest == 0 else yuan / YUAN_PER_YI


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    cell.border = BOX
    return cell


def _title(ws: Worksheet, title: str, subtitle: str, width: int) -> None:
    set_text(ws.cell(row=1, column=1), title)
    ws.cell(row=1, column=1).font = TITLE
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    set_text(ws.cell(row=2, column=1), subtitle)
    ws.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.row_dimensions[1].height = 24


def _headers(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, header in enumerate(headers, 1):
        cell = _put(ws, row, col, header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
    ws.row_dimensions[row].height = 32


def _figure_cells(
    ws: Worksheet, row: int, col: int, figures: Sequence[Figure], values: dict[str, int]
) -> None:
    for offset, figure in enumerate(figures):
        value = values.get(figure.key, 0)
        if figure.money:
            _put(ws, row, col + offset, yi(value), YI_FORMAT)
        else:
            _put(ws, row, col + offset, value, COUNT_FORMAT)


def _style_row(ws: Worksheet, row: int, width: int, fill: PatternFill | None) -> None:
    for col in range(1, width + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = BOLD
        if fill is not None:
            cell.fill = fill


def _form_header(ws: Worksheet, figures: Sequence[Figure], width: int) -> None:
    """Rows 3-4: 联络办, then per figure its label over 本月 | 累计."""
    for col in range(1, width + 1):
        for row in (3, 4):
            cell = _put(ws, row, col, None)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
    set_text(ws.cell(row=3, column=1), label("联络办", "Office"))
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for i, figure in enumerate(figures):
        col = 2 + 2 * i
        text = figure.label
        if figure.money:  # the unit on a line of its own: "有效线索涉及投资\n（亿元）"
            text += "\n" + money_header(figure.label, "yi")[len(figure.label) :].strip()
        set_text(ws.cell(row=3, column=col), text)
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 1)
        set_text(ws.cell(row=4, column=col), label("本月", "Month"))
        set_text(ws.cell(row=4, column=col + 1), label("累计", "Year to date"))
    ws.row_dimensions[3].height = 44
    ws.row_dimensions[4].height = 18


def _form_row(ws: Worksheet, row: int, figures: Sequence[Figure], line: FormRow) -> None:
    _put(ws, row, 1, line.name)
    for i, figure in enumerate(figures):
        for offset, values in ((0, line.month), (1, line.year_to_date)):
            value = values.get(figure.key, 0)
            if figure.money:
                _put(ws, row, 2 + 2 * i + offset, yi(value), YI_FORMAT)
            else:
                _put(ws, row, 2 + 2 * i + offset, value, COUNT_FORMAT)


def _foot(ws: Worksheet, row: int, width: int, filled_on: str) -> None:
    """The signature lines of a municipal form, spread over the width of the table."""
    parts = [
        label("填报单位（盖章）：", "Reporting unit (seal): "),
        label("填表人：", "Filled in by: "),
        label("审核人：", "Checked by: "),
        label("填报日期：", "Date: ") + filled_on,
    ]
    bounds = [1 + (width * i) // len(parts) for i in range(len(parts) + 1)]
    for part, start, end in zip(parts, bounds, bounds[1:], strict=False):
        set_text(ws.cell(row=row, column=start), part)
        ws.cell(row=row, column=start).alignment = Alignment(vertical="center")
        if end - 1 > start:
            ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end - 1)
    ws.row_dimensions[row].height = 28


def write_month_sheet(ws: Worksheet, data: ReportData) -> int:
    """The municipal form, a block per month. Returns the office-month rows written."""
    figures = list(data.figures)
    width = 1 + 2 * len(figures)
    _title(ws, data.title, data.period_text + "    " + data.generated_at, width)
    _form_header(ws, figures, width)
    row = 5
    lines = 0
    for block in data.months:
        _put(ws, row, 1, block.title)
        _style_row(ws, row, width, SUBTOTAL_FILL)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        for line in block.offices:
            _form_row(ws, row, figures, line)
            row += 1
            lines += 1
        _form_row(ws, row, figures, block.total)
        _style_row(ws, row, width, HEADER_FILL)
        row += 1
    row += 1
    for note in data.notes:
        set_text(ws.cell(row=row, column=1), note)
        ws.cell(row=row, column=1).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 30
        row += 1
    _foot(ws, row + 1, width, data.filled_on)
    ws.column_dimensions["A"].width = fit_width(
        [display_width(line.name) for block in data.months for line in block.offices], 12, 24
    )
    for col in range(2, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 9.5
    ws.freeze_panes = "B5"
    setup_page(ws, header_rows=(3, 4))
    return lines


def wrapped_height(cells: Sequence[tuple[int, str]], widths: Sequence[float]) -> float:
    """Row height (points) that shows every line of the row's wrapped texts.

    Spreadsheets do not all grow a row for wrapped text on opening (LibreOffice keeps the
    default height), so the report sets it: lines of the longest cell at 15 points a line.
    """
    lines = 1
    for col, text in cells:
        room = max(int(widths[col - 1]) - 1, 2)
        needed = sum(max(1, -(-display_width(part) // room)) for part in text.split("\n"))
        lines = max(lines, needed)
    return LINE_HEIGHT * lines + 2


def write_deals_sheet(ws: Worksheet, title: str, subtitle: str, deals: Sequence[DealLine]) -> None:
    headers = [
        label("序号", "No."),
        label("联络办", "Office"),
        label("项目名称", "Project"),
        label("签约企业", "Company"),
        label("签约日期", "Signed on"),
        label("签约方式", "Signing mode"),
        money_header(label("总投资", "Total investment"), "yi"),
        label("产业链", "Industry chain"),
        label("责任主体", "Responsible unit"),
        label("工作专班", "Task force"),
        label("推进计划", "Advancement plan"),
        label("承载园区", "Carrier park"),
        label("开工日期", "Groundbreaking"),
        label("投产日期", "Production start"),
        money_header(label("实际到位资金", "Funds in place"), "yi"),
        label("项目状态", "Status"),
    ]
    width = len(headers)
    _title(ws, title, subtitle, width)
    _headers(ws, 3, headers)
    row = 4
    widths = [[display_width(h)] for h in headers]
    texts: list[list[tuple[int, str]]] = []  # per row: (column, text) of the wrapped cells
    for number, deal in enumerate(deals, 1):
        values: list[tuple[Any, str | None]] = [
            (number, None),
            (deal.office, None),
            (deal.title, None),
            (deal.company, None),
            (deal.signed_on, DATE_FORMAT),
            (deal.signing_mode, None),
            (yi(deal.investment_yuan), YI_FORMAT),
            (deal.industry_chain, None),
            (deal.responsible_unit, None),
            (deal.task_force, None),
            (deal.advancement_plan, None),
            (deal.carrier_park, None),
            (deal.groundbreaking_on, DATE_FORMAT),
            (deal.production_on, DATE_FORMAT),
            (yi(deal.funds_in_place_yuan), YI_FORMAT),
            (deal.status, None),
        ]
        texts.append([])
        for col, (value, number_format) in enumerate(values, 1):
            cell = _put(ws, row, col, value, number_format)
            cell.alignment = WRAP if isinstance(value, str) else TOP
            if isinstance(value, str):
                texts[-1].append((col, value))
            widths[col - 1].append(10 if isinstance(value, date) else display_width(value))
        row += 1
    _put(ws, row, 1, label("合计", "Total"))
    _put(ws, row, 2, label(f"{len(deals)} 个项目", f"{len(deals)} deals"))
    _put(ws, row, 7, yi(sum(d.investment_yuan for d in deals)), YI_FORMAT)
    _put(ws, row, 15, yi(sum(d.funds_in_place_yuan for d in deals)), YI_FORMAT)
    _style_row(ws, row, width, HEADER_FILL)
    columns = []
    for col in range(1, width + 1):
        # Long texts wrap: a printed page holds the table at a readable scale.
        cap = 30 if col == 11 else 20
        columns.append(fit_width(widths[col - 1], 6, cap))
        ws.column_dimensions[get_column_letter(col)].width = columns[-1]
    for offset, cells in enumerate(texts):
        ws.row_dimensions[4 + offset].height = wrapped_height(cells, columns)
    ws.freeze_panes = "D4"
    if deals:
        ws.auto_filter.ref = f"A3:{get_column_letter(width)}{row - 1}"
    setup_page(ws, header_rows=(3, 3))


def write_report(target: Path, data: ReportData, tick: Tick) -> ReportResult:
    """Write the report to ``target``, whole or not at all."""
    tick(0, 3)
    wb = Workbook()
    months = write_month_sheet(wb.active, data)
    wb.active.title = label(*MONTH_SHEET)
    tick(1, 3)
    subtitle = data.period_text + "    " + data.generated_at
    write_deals_sheet(
        wb.create_sheet(label(*DEALS_SHEET)),
        label("签约项目明细", "Signed deals"),
        subtitle,
        data.deals,
    )
    big = [d for d in data.deals if d.investment_yuan >= YUAN_PER_YI]
    write_deals_sheet(
        wb.create_sheet(label(*BIG_DEALS_SHEET)),
        label("亿元以上签约项目", "Deals of 1亿元 and above"),
        subtitle,
        big,
    )
    tick(2, 3)
    with atomic_target(target) as temp:
        try:
            wb.save(temp)
        except OSError as exc:
            raise os_error(exc, target) from exc
    tick(3, 3)
    offices = len(data.months[0].offices) if data.months else 0
    return ReportResult(Path(target), offices, months, len(data.deals))
