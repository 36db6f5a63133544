"""The export workbook: a summary sheet, then one sheet per kind of record.

Written in openpyxl's write-only mode straight from a streamed query, so memory stays flat
however many rows there are. Every sheet has a bold, frozen header row, an autofilter,
widths fitted to the first rows, real dates and money as numbers in 万元. A reference shows
the name of what it points to (company, office, staff...) and keeps the id in a hidden
column, with the record's own id: the import uses them to bring the workbook back exactly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from liaison_app.db.store import Store
from liaison_app.domain.enums import ReviewState
from liaison_app.domain.fields import FIELDS, FieldSpec
from liaison_app.domain.i18n import label, msg
from liaison_app.excel import Tick
from liaison_app.excel.cells import (
    COUNT_FORMAT,
    WAN_FORMAT,
    YI_FORMAT,
    display_width,
    fit_width,
    text_value,
)
from liaison_app.excel.export_query import ExportScope, count_rows, entity_query, streaming
from liaison_app.excel.files import atomic_target, os_error
from liaison_app.excel.headers import (
    EXPORT_ENTITIES,
    ID_HEADER,
    REVIEW_STATE_HEADER,
    SUMMARY_SHEET,
    hidden_header,
    money_header,
    sheet_name,
)
from liaison_app.excel.print_setup import setup_page

log = logging.getLogger("liaison.excel.export")

SAMPLE_ROWS = 500  # rows measured for the column widths (write-only: widths come first)
TICK_EVERY = 500
FETCH = 1000  # rows per query while streaming
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TITLE_FONT = Font(bold=True, size=14)
HEADER_STYLE = {"font": HEADER_FONT, "fill": HEADER_FILL}
EXPORT_TITLE = ("联络办工作数据导出", "Liaison office data export")
SUMMARY_HEADER_ROW = 6  # after the title, period, offices, time and a blank row


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    money: bool


@dataclass(frozen=True)
class Summary:
    """The statistics of the summary sheet (``StatsService.compute`` output) and context."""

    stats: dict[str, Any]
    figures: Sequence[Figure]
    period_text: str
    offices_text: str
    generated_at: str
    notes: Sequence[str] = ()


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    def done_text(self) -> str:
        """What the export wrote, for the user (the dialog and the command line)."""
        return msg(
            "export_done",
            path=str(self.path),
            visits=self.counts.get("visit", 0),
            leads=self.counts.get("lead", 0),
            deals=self.counts.get("deal", 0),
            companies=self.counts.get("company", 0),
            contacts=self.counts.get("contact", 0),
        )


# --- the columns of an entity sheet -----------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    convert: Callable[[Any], Any]  # stored value -> what the cell gets
    hidden: bool = False
    number_format: str | None = None
    measure: Callable[[Any], int] = display_width


def _text(ws: WriteOnlyWorksheet) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return text_value(ws, value) if value else None

    return convert


def _money_column(ws: WriteOnlyWorksheet) -> Callable[[Any], Any]:
    """Money in 万元. One styled cell per column is reused: write-only mode writes a row's
    cells before the next row is built, so each row sees its own value."""
    cell = WriteOnlyCell(ws)
    cell.number_format = WAN_FORMAT

    def convert(yuan: int | None) -> Any:
        if yuan is None:
            return None
        wan, rest = divmod(yuan, 10_000)
        cell.value = wan if rest == 0 else yuan / 10_000
        return cell

    return convert


def _money_width(value: Any) -> int:
    number = value.value if isinstance(value, Cell) else value
    return len(f"{number:,.2f}") if isinstance(number, int | float) else 0


def _field_column(ws: WriteOnlyWorksheet, spec: FieldSpec) -> tuple[str, Callable[[Any], Any]]:
    if spec.kind == "money":
        return money_header(spec.label), _money_column(ws)
    if spec.kind == "date":
        return spec.label, lambda value: value
    if spec.kind == "bool":
        yes, no = label("是", "Yes"), label("否", "No")
        return spec.label, lambda value: yes if value else no
    if spec.kind == "enum":
        assert spec.enum is not None
        labels = {member.value: member.label for member in spec.enum}  # type: ignore[attr-defined]
        return spec.label, lambda value: labels.get(value, value) if value else None
    return spec.label, _text(ws)


def sheet_columns(
    ws: WriteOnlyWorksheet, entity: str, names: list[str]
) -> tuple[list[Column], list[int]]:
    """The sheet's columns and, for each, the index of the result column it shows."""
    index = {name: i for i, name in enumerate(names)}
    visible: list[Column] = []
    sources: list[int] = []
    hidden: list[tuple[Column, int]] = []
    text = _text(ws)
    for spec in FIELDS[entity]:
        if spec.kind == "ref":
            if spec.ref == "visit":
                visible.append(Column(spec.label, text))
                sources.append(index[spec.name])  # replaced by the joined display below
            else:
                visible.append(Column(spec.label, text))
                sources.append(index[f"{spec.name}:display"])
            hidden.append((Column(hidden_header(spec.name), _plain, hidden=True), index[spec.name]))
            continue
        header, convert = _field_column(ws, spec)
        number_format = WAN_FORMAT if spec.kind == "money" else None
        measure = _money_width if spec.kind == "money" else display_width
        if spec.kind == "date":
            visible.append(Column(header, convert, measure=_date_width))
        else:
            visible.append(Column(header, convert, number_format=number_format, measure=measure))
        sources.append(index[spec.name])
    if entity == "visit":
        labels = {m.value: m.label for m in ReviewState}
        visible.append(Column(label(*REVIEW_STATE_HEADER), lambda v: labels.get(v, v)))
        sources.append(index["review_state"])
    columns = [*visible, Column(ID_HEADER, _plain, hidden=True)]
    sources.append(index["id"])
    for column, source in hidden:
        columns.append(column)
        sources.append(source)
    return columns, sources


def _plain(value: Any) -> Any:
    return value


def _date_width(value: Any) -> int:
    return 10 if value else 0


def visit_display(day: date | None, company: str | None) -> str | None:
    """How a visit is named in a cell: its date and company ("2020-03-02 某某公司")."""
    if day is None:
        return None
    return f"{day.isoformat()} {company or ''}".strip()


# --- writing ------------------------------------------------------------------------------


def header_cells(ws: WriteOnlyWorksheet, headers: Sequence[str]) -> list[Any]:
    return [text_value(ws, h, HEADER_STYLE) for h in headers]


def write_entity_sheet(
    ws: WriteOnlyWorksheet,
    entity: str,
    rows: Iterator[Sequence[Any]],
    names: list[str],
    on_row: Callable[[], None],
) -> int:
    """Stream ``rows`` into ``ws``; returns the number of data rows."""
    columns, sources = sheet_columns(ws, entity, names)
    index = {name: i for i, name in enumerate(names)}
    # Visible columns follow the fields one to one, so a field's position is its column.
    visit_refs = [
        (position, index[f"{spec.name}:date"], index[f"{spec.name}:company"])
        for position, spec in enumerate(FIELDS[entity])
        if spec.kind == "ref" and spec.ref == "visit"
    ]
    plan = list(zip(sources, (c.convert for c in columns), strict=True))

    def values(row: Sequence[Any]) -> list[Any]:
        out = [convert(row[source]) for source, convert in plan]
        for position, day_at, company_at in visit_refs:
            display = visit_display(row[day_at], row[company_at])
            out[position] = text_value(ws, display) if display else None
        return out

    # Widths must be written before the first row: measure a first batch, then stream.
    sample: list[list[Any]] = []
    widths = [[display_width(c.header)] for c in columns]
    for row in rows:
        out = values(row)
        for i, column in enumerate(columns):
            widths[i].append(column.measure(out[i]))
        sample.append(_detach(ws, out))
        if len(sample) >= SAMPLE_ROWS:
            break
    for i, column in enumerate(columns, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = fit_width(widths[i - 1])
        if column.hidden:
            dim.hidden = True
    ws.freeze_panes = "A2"
    setup_page(ws, header_rows=(1, 1), page_title=f"{label(*EXPORT_TITLE)} · {ws.title}")
    ws.append(header_cells(ws, [c.header for c in columns]))
    count = 0
    for out in sample:
        ws.append(out)
        count += 1
        on_row()
    for row in rows:
        ws.append(values(row))
        count += 1
        on_row()
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def _detach(ws: WriteOnlyWorksheet, out: list[Any]) -> list[Any]:
    """A buffered row must not share the reused money cells with the rows after it."""
    detached = []
    for value in out:
        if isinstance(value, Cell) and value.data_type == "n":
            cell = WriteOnlyCell(ws, value=value.value)
            cell.number_format = value.number_format
            value = cell
        detached.append(value)
    return detached


def write_summary(ws: WriteOnlyWorksheet, summary: Summary) -> None:
    """Figures of the period, overall and per office, with the period and the export time."""
    figures = list(summary.figures)
    headers = [label("联络办", "Office")] + [
        money_header(f.label, "yi") if f.money else f.label for f in figures
    ]
    ws.column_dimensions["A"].width = 18
    for i, header in enumerate(headers[1:], 2):
        ws.column_dimensions[get_column_letter(i)].width = fit_width([display_width(header)], 10)
    setup_page(ws, header_rows=(SUMMARY_HEADER_ROW, SUMMARY_HEADER_ROW))
    title = WriteOnlyCell(ws, value=label(*EXPORT_TITLE))
    title.font = TITLE_FONT
    ws.append([title])
    ws.append([label("统计期间", "Period"), text_value(ws, summary.period_text)])
    ws.append([label("联络办", "Offices"), text_value(ws, summary.offices_text)])
    ws.append([label("导出时间", "Exported at"), summary.generated_at])
    ws.append([])
    ws.append(header_cells(ws, headers))
    bold = Font(bold=True)

    def figure_row(name: str, figures_of: dict[str, Any], strong: bool = False) -> list[Any]:
        out: list[Any] = [text_value(ws, name, {"font": bold} if strong else None)]
        for f in figures:
            value = figures_of.get(f.key, 0)
            cell = WriteOnlyCell(ws, value=value / 100_000_000 if f.money else value)
            cell.number_format = YI_FORMAT if f.money else COUNT_FORMAT
            if strong:
                cell.font = bold
            out.append(cell)
        return out

    for office, figures_of in summary.stats.get("by_office", {}).items():
        ws.append(figure_row(office, figures_of))
    ws.append(figure_row(label("合计", "Total"), summary.stats, strong=True))
    ws.append([])
    for note in summary.notes:
        ws.append([text_value(ws, note)])


def write_export(
    store: Store,
    target: Path,
    scope: ExportScope,
    summary: Summary,
    tick: Tick,
    entities: Sequence[str] = EXPORT_ENTITIES,
) -> ExportResult:
    """Write the workbook to ``target`` (whole or not at all); ``tick`` may cancel."""
    counts = {entity: count_rows(store, entity, scope) for entity in entities}
    total = sum(counts.values())
    done = 0
    tick(0, total)

    def on_row() -> None:
        nonlocal done
        done += 1
        if done % TICK_EVERY == 0:
            tick(done, total)

    with atomic_target(target) as temp:
        wb = Workbook(write_only=True)
        try:
            write_summary(wb.create_sheet(label(*SUMMARY_SHEET)), summary)
            for entity in entities:
                ws = wb.create_sheet(sheet_name(entity))
                query, names = entity_query(entity, scope)
                with store.read() as session, streaming(session):
                    result = session.execute(query.execution_options(yield_per=FETCH))
                    counts[entity] = write_entity_sheet(ws, entity, iter(result), names, on_row)
            tick(total, total)
            wb.save(temp)
        except OSError as exc:
            _discard(wb)
            raise os_error(exc, target) from exc
        except BaseException:
            _discard(wb)
            raise
    return ExportResult(Path(target), counts)


def _discard(wb: Workbook) -> None:
    """Remove the temporary sheet files openpyxl keeps for an unsaved write-only workbook."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()  # ends the row generator now, not at garbage collection
        except Exception:  # a row broke the stream: the file is discarded anyway
            log.debug("closing a discarded sheet", exc_info=True)
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            try:
                writer.cleanup()
            except OSError:
                log.debug("temporary sheet file already removed", exc_info=True)


def generated_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
