"""Every workbook the app writes prints as a form, and is readable by others like any new file.

Page setup is checked on the saved files (openpyxl reads it back); the HQ report is also
printed to PDF by LibreOffice, when it is installed, and its pages counted and measured.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liaison_app.excel.errors_report import write_errors_report
from liaison_app.excel.outcome import ImportProblem
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

START, END = date(2020, 1, 1), date(2020, 6, 30)
PROBLEMS = [
    ImportProblem("拜访记录", 9 + i, "拜访日期", f"2020-13-{i:02d}", "日期无效") for i in range(80)
]


def workbooks(services: AppServices, folder: Path) -> dict[str, Path]:
    transfer = TransferService(services)
    paths = {name: folder / f"{name}.xlsx" for name in ("report", "export", "errors")}
    transfer.report(paths["report"], start=START, end=END)
    transfer.export(paths["export"])
    write_errors_report(folder / "ledger.xlsx", PROBLEMS, len(PROBLEMS), paths["errors"])
    return paths


def test_every_sheet_prints_landscape_one_page_wide_with_repeated_headers(
    demo: AppServices, tmp_path: Path
) -> None:
    paths = workbooks(demo, tmp_path)
    expected_titles = {
        "report": {"分月统计": "$3:$4", "签约项目": "$3:$3", "亿元以上项目": "$3:$3"},
        "export": {"统计汇总": "$6:$6", "拜访记录": "$1:$1", "企业": "$1:$1"},
        "errors": {"导入问题": "$4:$4"},
    }
    for name, path in paths.items():
        wb = load_workbook(path)
        for ws in wb.worksheets:
            setup = ws.page_setup
            assert (setup.orientation, setup.paperSize) == ("landscape", 9), (name, ws.title)
            assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage is True
            assert ws.oddFooter.center.text == "第 &P 页 / 共 &N 页"
            assert ws.print_title_rows is not None, (name, ws.title)
            if ws.title in expected_titles[name]:
                assert ws.print_title_rows == expected_titles[name][ws.title], (name, ws.title)
        assert set(expected_titles[name]) <= set(wb.sheetnames)
        if name == "export":
            # Record sheets start with their header row: the title is in the page header.
            assert wb["拜访记录"].oddHeader.center.text == "联络办工作数据导出 · 拜访记录"
        else:  # the title rows are on the sheet, above the repeated header rows
            assert all(ws.oddHeader.center.text is None for ws in wb.worksheets)


@pytest.mark.parametrize("umask", [0o022, 0o002])
@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_files_get_the_usual_permissions(
    demo: AppServices, tmp_path: Path, umask: int
) -> None:
    """Not 0600 (a temporary file's mode): colleagues and a shared folder can read them."""
    previous = os.umask(umask)
    try:
        paths = workbooks(demo, tmp_path)
    finally:
        os.umask(previous)
    for path in paths.values():
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page, from the page objects' MediaBox.

    LibreOffice writes page objects uncompressed, each with its own MediaBox.
    """
    pages = re.findall(rb"/Type\s*/Page(?!s)(.*?)>>", pdf, re.S)
    sizes = []
    for page in pages:
        box = re.search(rb"/MediaBox\s*\[\s*([-\d.\s]+)\]", page)
        assert box is not None, page[:200]
        x0, y0, x1, y1 = (float(v) for v in box[1].split())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: cannot print the report to PDF",
)
def test_report_prints_on_three_landscape_a4_pages(demo: AppServices, tmp_path: Path) -> None:
    """Six months of three offices: one page per sheet (it printed on 13 pages before)."""
    target = tmp_path / "report.xlsx"
    TransferService(demo).report(target, start=START, end=END)
    profile = (tmp_path / "lo-profile").as_uri()  # no clash with another soffice running
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sizes = pdf_pages((tmp_path / "report.pdf").read_bytes())
    assert len(sizes) == 3
    for width, height in sizes:
        assert width > height  # landscape
        assert (round(width), round(height)) == (842, 595)  # A4
