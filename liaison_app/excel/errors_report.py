"""The import's error report as a workbook beside the imported file (``*.errors.xlsx``).

Users fix their spreadsheet with the report open next to it: one row per problem with the
sheet, the row number, the column, the value found and the reason, in their language.
Values are the user's own text: they are written as text, never as formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import label, msg
from liaison_app.excel.cells import display_width, fit_width, set_text
from liaison_app.excel.files import atomic_target, os_error
from liaison_app.excel.outcome import ImportProblem
from liaison_app.excel.print_setup import setup_page


def errors_path(source: Path) -> Path:
    """``visits.xlsx`` -> ``visits.errors.xlsx`` in the same folder."""
    source = Path(source)
    return source.with_name(f"{source.stem}.errors.xlsx")


def write_errors_report(
    source: Path, problems: Sequence[ImportProblem], total: int, target: Path | None = None
) -> Path:
    """Write the report; returns its path. KnownError if the folder cannot be written."""
    target = target or errors_path(source)
    wb = Workbook()
    ws = wb.active
    ws.title = label("导入问题", "Import problems")
    set_text(
        ws.cell(row=1, column=1), label(f"导入检查：{source.name}", f"Import check: {source.name}")
    )
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    set_text(ws.cell(row=2, column=1), msg("import_failed", count=total))
    headers = [
        label("工作表", "Sheet"),
        label("行号", "Row"),
        label("列", "Column"),
        label("内容", "Value"),
        label("问题", "Problem"),
    ]
    fill = PatternFill("solid", fgColor="FCE4D6")
    for col, header in enumerate(headers, 1):
        cell = ws.cell(row=4, column=col)
        set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = fill
    widths = [[display_width(h)] for h in headers]
    for row, problem in enumerate(problems, 5):
        values = [
            problem.sheet,
            problem.row or "",
            problem.located_column,
            problem.value,
            problem.reason,
        ]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            if col == 5:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[col - 1].append(display_width(value))
    if total > len(problems):
        set_text(
            ws.cell(row=5 + len(problems), column=1),
            msg("import_more_problems", count=total - len(problems)),
        )
    for col, letter in enumerate("ABCDE"):
        ws.column_dimensions[letter].width = fit_width(widths[col], 6, 70 if col == 4 else 30)
    ws.freeze_panes = "A5"
    setup_page(ws, header_rows=(4, 4))
    ws.auto_filter.ref = f"A4:E{4 + max(len(problems), 1)}"
    try:
        with atomic_target(target) as temp:
            wb.save(temp)
    except OSError as exc:
        raise os_error(exc, target) from exc
    except KnownError:
        raise
    return target
