"""Bounded resources: files beyond the cell or row limits are refused before calamine reads
them, and a refused giant stays far below 500 MB (peak RSS measured in a child process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_app.domain.errors import KnownError
from liaison_app.excel.file_check import ExtentScanner, check_file
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import save_workbook
from tests.excel.test_bad_files import MAIN, workbook_with_sheet

ROOT = Path(__file__).resolve().parents[2]


def companies(count: int, width: int = 10) -> list[list[str]]:
    header = ["企业名称", *(f"列{i}" for i in range(1, width))]
    return [header, *([f"企业{r}", *(f"值{r}-{i}" for i in range(1, width))] for r in range(count))]


def test_cells_beyond_the_limit_are_refused(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = save_workbook(tmp_path / "c.xlsx", {"企业": companies(59)})  # 60 x 10
    outcome = TransferService(services).import_file(path, staff, dry_run=True, max_cells=600)
    assert outcome.ok
    with pytest.raises(KnownError) as caught:
        TransferService(services).import_file(path, staff, max_cells=599)
    assert caught.value.code == "import_sheet_too_large"
    # two sheets each under the limit, together over it
    two = save_workbook(tmp_path / "two.xlsx", {"企业": companies(29), "企业二": companies(29)})
    with pytest.raises(KnownError) as caught:
        TransferService(services).import_file(two, staff, max_cells=500)
    assert caught.value.code == "import_too_many_cells"
    assert caught.value.message == (
        f"文件 {two} 的单元格过多（600 个，上限 500 个），无法导入。"
        "请删除多余的行和列，或拆分成几个较小的文件"
    )


def test_rows_beyond_the_limit_are_refused(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = save_workbook(tmp_path / "r.xlsx", {"企业": companies(59, width=2)})
    assert TransferService(services).import_file(path, staff, dry_run=True, max_rows=60).ok
    with pytest.raises(KnownError) as caught:
        TransferService(services).import_file(path, staff, max_rows=59)
    assert caught.value.code == "import_too_many_rows"
    assert "行数过多（60 行，上限 59 行）" in caught.value.message


def test_rows_without_cells_take_no_room(tmp_path: Path) -> None:
    """Formatting down to the last row of the sheet is common and costs calamine nothing."""
    rows = "".join(f'<row r="{i}" ht="15" customHeight="1"/>' for i in range(2, 300_001))
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    )
    extent = check_file(workbook_with_sheet(tmp_path / "tall.xlsx", xml)).extents["Sheet"]
    assert (extent.rows, extent.cell_rows) == (300_000, 1)


MEASURE = """
import json, sys
from pathlib import Path
from liaison_app.domain.errors import KnownError
from liaison_app.services.actor import SYSTEM
from liaison_app.db.store import Store
from liaison_app.services.clock import SystemClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

services = AppServices(Store.open(Path(sys.argv[2])), SystemClock())
office = services.records.create("office", {"name": "上海联络办"}, SYSTEM)
try:
    outcome = TransferService(services).import_file(Path(sys.argv[1]), office_id=office)
    result = {"created": outcome.plan.created, "problems": outcome.plan.problem_count}
except KnownError as exc:
    result = {"refused": exc.code}
print(json.dumps({**result, "peak_mb": peak_mb()}))
"""


def empty_strings(path: Path, rows: int) -> Path:
    """A header, then ``rows`` rows of empty strings (what some tools export)."""
    body = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t></t></is></c>'
        f'<c r="B{i}" t="inlineStr"><is><t></t></is></c></row>'
        for i in range(2, rows + 2)
    )
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip("AB", ("企业名称", "备注"), strict=True)
    )
    xml = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row>'
    return workbook_with_sheet(path, f"{xml}{body}</sheetData></worksheet>")


@pytest.mark.slow
def test_a_million_rows_of_empty_strings_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = empty_strings(tmp_path / "empty.xlsx", 1_000_000)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(tmp_path / "m.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["refused"] == "import_too_many_rows"
    assert result["peak_mb"] < 500, result


def test_empty_string_rows_within_the_limit_are_skipped(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    outcome = TransferService(services).import_file(
        empty_strings(tmp_path / "empty.xlsx", 5_000), staff
    )
    assert outcome.ok and outcome.plan.created == 0


@pytest.mark.parametrize(
    ("xml", "formulas"),
    [
        (b'<c r="E9"><f>SUM(A1:A3)</f></c>', {"E9"}),
        (b'<c r="E9"><f>SUM(A1:A3)</f><v></v></c>', {"E9"}),
        (b'<c r="E9" t="str"><f t="shared" si="0"/><v/></c>', {"E9"}),
        (b'<c r="E9"><f>SUM(A1:A3)</f><v>6</v></c>', set()),
        (b'<c r="E9"><v>6</v></c>', set()),
    ],
)
def test_formulas_without_a_value_are_found(xml: bytes, formulas: set[str]) -> None:
    scanner = ExtentScanner()
    scanner.feed(b'<sheetData><row r="9">' + xml + b"</row></sheetData>")
    scanner.finish()
    assert scanner.extent().formulas == formulas
