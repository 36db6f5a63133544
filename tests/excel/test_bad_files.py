"""Files that are not what they claim: a clear message, in bounded time and memory."""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import msg
from liaison_app.excel.file_check import ExtentScanner, check_file
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def refused(services: AppServices, path: Path) -> KnownError:
    with pytest.raises(KnownError) as caught:
        TransferService(services).import_file(path)
    assert str(path) in caught.value.message or caught.value.code == "import_sheet_too_large"
    return caught.value


def workbook_with_sheet(path: Path, sheet_xml: bytes | str, *, level: int = 6) -> Path:
    """A real .xlsx whose first sheet's XML is replaced."""
    source = path.with_suffix(".base.xlsx")
    wb = Workbook()
    wb.active["A1"] = "企业名称"
    wb.save(source)
    with (
        zipfile.ZipFile(source) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode() if isinstance(sheet_xml, str) else sheet_xml
            out.writestr(info.filename, data)
    source.unlink()
    return path


def test_csv_renamed(services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "visits.xlsx"
    path.write_text("企业名称,拜访日期\n华为,2020-06-11\n", encoding="utf-8")
    assert refused(services, path).code == "import_csv"
    gbk = tmp_path / "gbk.xlsx"
    gbk.write_bytes("企业名称,拜访日期\n比亚迪,2020-06-11\n".encode("gb18030"))
    error = refused(services, gbk)
    assert error.code == "import_csv" and "另存为" in error.message


def test_legacy_xls(services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE + bytes(512) + "Workbook".encode("utf-16-le") + bytes(2048))
    error = refused(services, path)
    assert error.code == "import_xls" and ".xls" in error.message


def test_password_protected_workbook(services: AppServices, tmp_path: Path) -> None:
    # Excel saves an encrypted workbook as an OLE file with these two streams.
    body = bytes(1024) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    body += "EncryptedPackage".encode("utf-16-le") + bytes(4096)
    path = tmp_path / "secret.xlsx"
    path.write_bytes(OLE + body)
    error = refused(services, path)
    assert error.code == "import_encrypted" and "密码" in error.message


def test_empty_file_and_empty_workbook(services: AppServices, tmp_path: Path) -> None:
    zero = tmp_path / "zero.xlsx"
    zero.write_bytes(b"")
    assert refused(services, zero).code == "import_empty"
    blank = tmp_path / "blank.xlsx"
    Workbook().save(blank)
    assert refused(services, blank).code == "import_empty"


def test_no_recognisable_sheet(services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    wb = Workbook()
    wb.active.append(["随手记", "内容"])
    wb.active.append(["a", "b"])
    wb.save(path)
    error = refused(services, path)
    assert error.code == "import_no_sheet" and "企业名称" in error.message


def test_truncated_zip(demo: AppServices, demo_export: Path, tmp_path: Path) -> None:
    data = demo_export.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 100):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        assert refused(demo, path).code == "import_damaged", cut


def test_garbage_and_other_zips(services: AppServices, tmp_path: Path) -> None:
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 40)
    assert refused(services, noise).code == "import_not_workbook"
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    assert refused(services, docx).code == "import_not_workbook"
    xlsb = tmp_path / "binary.xlsx"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("xl/workbook.bin", b"\x00\x01")
    assert refused(services, xlsb).code == "import_not_xlsx"
    missing = tmp_path / "nowhere.xlsx"
    assert refused(services, missing).code == "file_not_found"


def test_broken_sheet_xml(services: AppServices, tmp_path: Path) -> None:
    path = workbook_with_sheet(tmp_path / "xml.xlsx", b"<worksheet><sheetData><row r='1'><c")
    assert refused(services, path).code == "import_damaged"


def test_zip_bomb_by_declared_sizes(services: AppServices, tmp_path: Path) -> None:
    path = workbook_with_sheet(tmp_path / "bomb.xlsx", b" " * (40 * 1024 * 1024), level=9)
    error = refused(services, path)
    assert error.code == "import_zip_bomb"


def test_zip_bomb_that_lies_about_its_size(services: AppServices, tmp_path: Path) -> None:
    path = workbook_with_sheet(tmp_path / "liar.xlsx", b" " * (40 * 1024 * 1024), level=9)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_len = struct.unpack_from("<H", data, start + (26 if name_at == 30 else 28))[0]
            if data[start + name_at : start + name_at + name_len] == name:
                struct.pack_into("<I", data, start + size_at, 1000)  # "1000 bytes, honest"
            start += 4
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(name.decode()).file_size == 1000
    assert refused(services, path).code in ("import_zip_bomb", "import_damaged")


def test_a_million_empty_rows(services: AppServices, staff: Actor, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{i}" ht="15" customHeight="1"/>' for i in range(2, 1_048_577))
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    )
    path = workbook_with_sheet(tmp_path / "tall.xlsx", xml)
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.ok and outcome.plan.created == 0
    assert outcome.plan.sheets == [("Sheet", "company", 0)]


FAR_CELL = (
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    "</sheetData></worksheet>"
)


@pytest.mark.slow
def test_two_far_apart_cells_do_not_take_the_process_down(tmp_path: Path) -> None:
    """calamine would allocate the whole rectangle between them (hundreds of GB) and abort:
    run in a child process so that a regression cannot kill the test session."""
    path = workbook_with_sheet(tmp_path / "far.xlsx", FAR_CELL)
    data = tmp_path / "data"
    code = (
        "import sys; from liaison_app.cli import run; "
        f"sys.exit(run(['--data-dir', {str(data)!r}, '--lang', 'en', 'import', {str(path)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "spans too large an area (1048576 rows x 16384 columns)" in done.stderr


def test_far_cells_refused_before_calamine(tmp_path: Path) -> None:
    path = workbook_with_sheet(tmp_path / "far.xlsx", FAR_CELL)
    with pytest.raises(KnownError) as caught:
        check_file(path)
    assert caught.value.code == "import_sheet_too_large"
    assert caught.value.message == msg(
        "import_sheet_too_large", path=str(path), sheet="Sheet", rows=1048576, columns=16384
    )


@pytest.mark.parametrize(
    ("xml", "rows", "columns"),
    [
        (b'<row r="1"><c r="A1"/><c r="C1"><v>1</v></c></row><row r="7"><c r="B7"/></row>', 7, 3),
        (b"<row><c><v>1</v></c><c/><c><v>2</v></c></row><row><c/></row>", 2, 3),
        (b'<x:row r="3"><x:c r="AA3"><x:v>1</x:v></x:c></x:row>', 3, 27),
        (b'<row r="2"><c s="1" r="D9"><v>1</v></c></row>', 9, 4),
        (b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lt;c r="ZZZ99"</t></is></c></row>', 1, 1),
    ],
)
def test_extent_scanner(xml: bytes, rows: int, columns: int) -> None:
    whole = ExtentScanner()
    whole.feed(b"<sheetData>" + xml + b"</sheetData>")
    whole.finish()
    assert (whole.max_row, whole.max_col) == (rows, columns)
    bytewise = ExtentScanner()
    for i in range(len(xml)):
        bytewise.feed(xml[i : i + 1])
    bytewise.finish()
    assert (bytewise.max_row, bytewise.max_col) == (rows, columns)


def test_cells_without_references_are_read(services: AppServices, staff: Actor, tmp_path: Path):
    xml = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>企业名称</x:t></x:is></x:c>'
        '<x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>无引用有限公司</x:t></x:is></x:c>'
        '<x:c t="inlineStr"><x:is><x:t>好</x:t></x:is></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    path = workbook_with_sheet(tmp_path / "plain.xlsx", xml)
    assert check_file(path).extents["Sheet"].rows == 2
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.ok and outcome.plan.counts()["company"] == (1, 0, 0)
