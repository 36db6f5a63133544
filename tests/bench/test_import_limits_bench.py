"""Peak memory of imports at the edge of the limits (issue 9). Run:

    uv run pytest tests/bench/test_import_limits_bench.py --benchmark-enable --benchmark-only -s

Each file is written as raw sheet XML (fast) and imported in a child process whose peak RSS
is read from /proc's VmHWM (the forking pytest would count in ru_maxrss):

- wide: as many visit rows as the row limit allows, 14 columns (4 of them unrecognised):
  about the unpacked-size limit, every row planned and written;
- text: long summaries up to the limit of the unpacked size (128 MB);
- empty: a million rows of empty strings (refused by the row limit before calamine reads).

Target: under 500 MB each. Figures are printed and kept in extra_info.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[2]
VISIT_HEADER = (
    "拜访日期",
    "企业名称",
    "联络办",
    "拜访人",
    "拜访方式",
    "会见人员",
    "洽谈内容",
    "拜访成效",
    "下步计划",
    "下次跟进日期",
)
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="走访台账" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def ledger(path: Path, rows: int, *, extra: int = 0, summary: int = 0, empty: bool = False) -> Path:
    """A visit ledger of ``rows`` rows; ``extra`` unrecognised columns; summaries padded to
    ``summary`` characters; ``empty``: rows of empty strings instead."""
    letters = [get_column_letter(i) for i in range(1, 11 + extra)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, xml in _PARTS.items():
            z.writestr(name, xml)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            )
            header = [*VISIT_HEADER, *(f"附加{k}" for k in range(extra))]
            f.write(
                "".join(_text(f"{c}1", h) for c, h in zip(letters, header, strict=True)).encode()
            )
            f.write(b"</row>")
            for r in range(2, rows + 2):
                if empty:
                    cells = [_text(f"A{r}", ""), _text(f"B{r}", "")]
                else:
                    day = 43831 + r % 180
                    cells = [
                        f'<c r="A{r}"><v>{day}</v></c>',
                        _text(f"B{r}", f"测试{r % 5000}号科技有限公司"),
                        _text(f"C{r}", "上海联络办"),
                        _text(f"D{r}", "王浩然"),
                        _text(f"E{r}", "上门拜访"),
                        _text(f"F{r}", f"张{r % 100}总"),
                        _text(f"G{r}", f"第{r}次座谈，企业拟布局产能" + "详" * summary),
                        _text(f"H{r}", "达成初步意向"),
                        _text(f"I{r}", "持续跟踪"),
                        f'<c r="J{r}"><v>{day + 30}</v></c>',
                        *(_text(f"{letters[10 + k]}{r}", f"附加{r}") for k in range(extra)),
                    ]
                f.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            f.write(b"</sheetData></worksheet>")
    return path


MEASURE = """
import json, sys, time
from datetime import datetime
from pathlib import Path
from liaison_app.db.store import Store
from liaison_app.domain.errors import KnownError
from liaison_app.services.actor import SYSTEM
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

services = AppServices(Store.open(Path(sys.argv[2])), FixedClock(datetime(2020, 7, 1)))
office = services.records.create("office", {"name": "上海联络办"}, SYSTEM)
services.records.create("staff", {"name": "王浩然", "office_id": office, "role": "staff"}, SYSTEM)
started = time.perf_counter()
try:
    outcome = TransferService(services).import_file(Path(sys.argv[1]))
    result = {"created": outcome.plan.created, "problems": outcome.plan.problem_count}
except KnownError as exc:
    result = {"refused": exc.code}
seconds = time.perf_counter() - started
print(json.dumps({**result, "peak_mb": peak_mb(), "seconds": seconds}))
"""

CASES = {
    "wide": {"rows": 149_000, "extra": 4},
    "text": {"rows": 13_800, "summary": 3000},  # just under 128 MB unpacked
    "empty": {"rows": 1_000_000, "empty": True},
}


@pytest.mark.parametrize("case", list(CASES))
def test_import_memory_at_the_limits(case: str, tmp_path: Path, benchmark) -> None:
    path = ledger(tmp_path / f"{case}.xlsx", **CASES[case])
    with zipfile.ZipFile(path) as z:
        unpacked_mb = sum(i.file_size for i in z.infolist()) / 2**20
    results: list[dict[str, Any]] = []

    def measure() -> None:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(path), str(tmp_path / f"{case}.db")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
            check=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    benchmark.pedantic(measure, rounds=1, iterations=1)
    result = results[0]
    benchmark.extra_info.update(case=case, unpacked_mb=round(unpacked_mb), **result)
    print(
        f"\n{case}: {path.stat().st_size / 2**20:.0f} MB file ({unpacked_mb:.0f} MB unpacked):"
        f" {result}; peak {result['peak_mb']:.0f} MB (target < 500 MB)"
    )
