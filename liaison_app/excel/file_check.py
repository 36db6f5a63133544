"""Refuse what is not a readable .xlsx before calamine sees it (``reading.Workbook``).

calamine is fast, but it trusts the file: a few bytes of XML naming cells A1 and XFD1048576
make it allocate the whole rectangle between them (hundreds of GB: the process aborts),
and a zip bomb inflates without limit. So the file is checked first, in bounded time and
memory: its signature (CSV or other text renamed .xlsx, legacy .xls, a password-protected
workbook, which is an OLE file holding an encrypted package), the zip directory (truncated
file, declared sizes and compression ratio), then every member is inflated once with a cap
on the real output (a zip can lie about its sizes) while worksheets are scanned for the
rows and columns their cells span, and the formula cells saved without a calculated value
(calamine reads them as empty; the import must say so, not skip them).

Memory: calamine holds every sheet's rectangle of cells (about 70 bytes a cell), and the
import plans every row (about 1 KB a row) before it writes. So a workbook is refused before
calamine reads it when its sheets' rectangles together pass ``max_cells`` or their rows pass
``max_rows`` (a million rows of empty strings included): with the defaults an import stays
under 500 MB whatever the file (tests/excel/test_limits.py measures it).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from liaison_app.domain.errors import KnownError

# All members together, really inflated (the export of 100k visits: 110 MB).
MAX_UNCOMPRESSED = 128 * 1024 * 1024
MAX_RATIO = 200  # a member inflating more than this (and over 1 MB) is a zip bomb
RATIO_FROM = 1024 * 1024
MAX_CELLS = 3_000_000  # the rectangles calamine allocates, all sheets together
MAX_IMPORT_ROWS = 150_000  # rows of all sheets together (each becomes a planned record)
MAX_FORMULAS_NAMED = 10_000  # formula cells without a value remembered per sheet
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
CHUNK = 4 * 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAMES = ("EncryptionInfo", "EncryptedPackage")

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Fast path: cells and rows written as Excel, openpyxl, WPS and LibreOffice write them.
_CELL_COL = re.compile(rb'<c r="([A-Z]{1,3})')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,7})"')
# Anything else (no r, r not first, a namespace prefix) takes the exact path.
_IRREGULAR = re.compile(rb'<(?:c(?! r="[A-Z])|row(?! r="[0-9])|\w+:(?:c|row))[\s>/]')
_TOKEN = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s>/])([^>]*)>")
# A formula cell saved without its result: <c r="E9"><f>...</f></c> or with an empty <v>.
_FORMULA_NO_VALUE = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<(?:\w+:)?f(?:\s[^>]*)?'
    rb"(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*"
    rb"</(?:\w+:)?c>"
)
_REF = re.compile(rb'\br="([A-Z]{1,3})?([0-9]{1,7})?"')


def refuse(code: str, path: Path, **params: object) -> KnownError:
    return KnownError(code, path=str(path), **params)


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(ch) - 64
    return number


# --- the file's signature -----------------------------------------------------------------


def check_signature(path: Path) -> None:
    """Refuse anything that is not a zip (an .xlsx is one) with the reason users understand."""
    if not path.is_file():
        raise refuse("file_not_found", path)
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise refuse("file_locked", path) from exc
    if not head:
        raise refuse("import_empty", path)
    if head.startswith(ZIP_MAGIC):
        return
    if head.startswith(OLE_MAGIC):
        if _ole_is_encrypted(path):
            raise refuse("import_encrypted", path)
        raise refuse("import_xls", path)
    if _looks_like_text(head):
        raise refuse("import_csv", path)
    raise refuse("import_not_workbook", path)


def _ole_is_encrypted(path: Path, limit: int = 64 * 1024 * 1024) -> bool:
    """An OLE file holding an encrypted OOXML package names these streams (UTF-16)."""
    needles = [name.encode("utf-16-le") for name in _ENCRYPTED_NAMES]
    keep = max(len(n) for n in needles)
    tail = b""
    read = 0
    with path.open("rb") as f:
        while read < limit:
            block = f.read(CHUNK)
            if not block:
                return False
            read += len(block)
            data = tail + block
            if any(n in data for n in needles):
                return True
            tail = data[-keep:]
    return False


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # The 4 KB cut may split a character: retry without the last bytes.
            try:
                head[:-4].decode(encoding)
            except UnicodeDecodeError:
                continue
        return True
    return False


# --- the zip ------------------------------------------------------------------------------


@dataclass
class SheetExtent:
    rows: int = 0
    columns: int = 0
    cell_rows: int = 0  # the last row holding a cell (rows of no cell take no memory)
    formulas: frozenset[str] = frozenset()  # formula cells without a value ("E9")


@dataclass
class CheckedFile:
    """What the checks learnt: sheet name -> the rows and columns its cells span."""

    path: Path
    extents: dict[str, SheetExtent] = field(default_factory=dict)


def check_file(
    path: Path, max_cells: int = MAX_CELLS, max_rows: int = MAX_IMPORT_ROWS
) -> CheckedFile:
    """Run every check; raise KnownError with the user's message when the file is refused.

    ``max_cells`` bounds the cells of all sheets' rectangles, ``max_rows`` their rows.
    """
    path = Path(path)
    check_signature(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise refuse("import_damaged", path) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename.lower(): info for info in infos}
        if "xl/workbook.xml" not in names:
            if "xl/workbook.bin" in names or "content.xml" in names:
                raise refuse("import_not_xlsx", path)
            raise refuse("import_not_workbook", path)
        if any(info.flag_bits & 0x1 for info in infos):
            raise refuse("import_encrypted", path)
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNCOMPRESSED:
            raise refuse(
                "import_too_large", path, size=declared >> 20, limit=MAX_UNCOMPRESSED >> 20
            )
        for info in infos:
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise refuse("import_zip_bomb", path, ratio=ratio)
        sheet_paths = _sheet_paths(archive, path)
        checked = CheckedFile(path)
        budget = [MAX_UNCOMPRESSED]
        cells_total = rows_total = 0
        for info in infos:
            sheet = sheet_paths.get(info.filename)
            scanner = ExtentScanner() if sheet is not None else None
            _inflate(path, info, budget, scanner)
            if sheet is not None and scanner is not None:
                extent = scanner.extent()
                checked.extents[sheet] = extent
                cells = extent.cell_rows * extent.columns  # what calamine allocates
                if cells > max_cells or extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS:
                    raise refuse(
                        "import_sheet_too_large",
                        path,
                        sheet=sheet,
                        rows=extent.cell_rows,
                        columns=extent.columns,
                    )
                cells_total += cells
                rows_total += extent.cell_rows
                if cells_total > max_cells:
                    raise refuse("import_too_many_cells", path, cells=cells_total, limit=max_cells)
                if rows_total > max_rows:
                    raise refuse("import_too_many_rows", path, rows=rows_total, limit=max_rows)
    return checked


def _sheet_paths(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Zip member of each worksheet -> the sheet's name (from workbook.xml and its rels)."""
    try:
        book = ElementTree.fromstring(_small(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(_small(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise refuse("import_damaged", path) from exc
    targets = {}
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = _normalize_member(member)
    found: dict[str, str] = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        member = targets.get(sheet.get(f"{_NS_REL}id"))
        if member:
            found[member] = sheet.get("name", "")
    real = {info.filename.lower(): info.filename for info in archive.infolist()}
    return {real[m.lower()]: name for m, name in found.items() if m.lower() in real}


def _normalize_member(member: str) -> str:
    parts: list[str] = []
    for part in member.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _small(archive: zipfile.ZipFile, name: str, limit: int = 16 * 1024 * 1024) -> bytes:
    info = next(i for i in archive.infolist() if i.filename.lower() == name.lower())
    if info.file_size > limit:
        raise zipfile.BadZipFile(f"{name} too large")
    with archive.open(info) as f:
        return f.read(limit + 1)[:limit]


def _inflate(
    path: Path, info: zipfile.ZipInfo, budget: list[int], scanner: ExtentScanner | None
) -> None:
    """Inflate a member from its raw bytes, counting what really comes out."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse("import_damaged", path)
    out_total = 0
    with path.open("rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise refuse("import_damaged", path)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        while left > 0:
            raw = f.read(min(CHUNK, left))
            if not raw:
                raise refuse("import_damaged", path)
            left -= len(raw)
            pending = raw
            while pending:
                if inflater is None:
                    out, pending = pending, b""
                else:
                    try:
                        out = inflater.decompress(pending, CHUNK)
                    except zlib.error as exc:
                        raise refuse("import_damaged", path) from exc
                    pending = inflater.unconsumed_tail
                out_total += len(out)
                budget[0] -= len(out)
                if budget[0] < 0:
                    raise refuse(
                        "import_too_large",
                        path,
                        size=(MAX_UNCOMPRESSED - budget[0]) >> 20,
                        limit=MAX_UNCOMPRESSED >> 20,
                    )
                if out_total > RATIO_FROM and out_total > MAX_RATIO * max(info.compress_size, 1):
                    raise refuse(
                        "import_zip_bomb", path, ratio=out_total // max(info.compress_size, 1)
                    )
                if scanner is not None and out:
                    scanner.feed(out)
                if inflater is not None and inflater.eof:
                    pending = b""
    if scanner is not None:
        scanner.finish()


class ExtentScanner:
    """The rows and columns a worksheet's cells span, from its XML in pieces.

    Fast path: regular expressions over each piece (C speed). Cells or rows without an
    ``r`` attribute (allowed; calamine then counts positions) switch to an exact tokenizer.
    """

    def __init__(self) -> None:
        self.carry = b""
        self.max_row = 0
        self.max_cell_row = 0
        self.max_col = 0
        self.formulas: set[str] = set()
        self.exact = False
        self._row = 0
        self._col = 0

    def feed(self, data: bytes) -> None:
        buffer = self.carry + data
        lt = buffer.rfind(b"<")
        if lt == -1 or buffer.find(b">", lt) != -1:
            self.carry = b""
        else:  # an unfinished tag: keep it for the next piece
            buffer, self.carry = buffer[:lt], buffer[lt:]
            if len(self.carry) > 1024 * 1024:
                self.carry = b""
        self._scan(buffer)

    def finish(self) -> None:
        if self.carry:
            self._scan(self.carry)
            self.carry = b""

    def extent(self) -> SheetExtent:
        return SheetExtent(self.max_row, self.max_col, self.max_cell_row, frozenset(self.formulas))

    def _scan(self, data: bytes) -> None:
        if b"</f>" in data or b"<f " in data:
            for ref in _FORMULA_NO_VALUE.findall(data):
                if len(self.formulas) < MAX_FORMULAS_NAMED:
                    self.formulas.add(ref.decode())
        if not self.exact and _IRREGULAR.search(data) is None:
            cols = set(_CELL_COL.findall(data))
            if cols:
                self.max_col = max(self.max_col, *map(column_number, cols))
                self.max_cell_row = max(self.max_cell_row, *map(int, set(_CELL_ROW.findall(data))))
                self.max_row = max(self.max_row, self.max_cell_row)
            rows = _ROW_NUMBER.findall(data)
            if rows:
                self.max_row = max(self.max_row, *map(int, rows))
                self._row = int(rows[-1])
            return
        self.exact = True
        self._scan_exact(data)

    def _scan_exact(self, data: bytes) -> None:
        for match in _TOKEN.finditer(data):
            tag, attrs = match[1], match[2]
            ref = _REF.search(attrs)
            if tag == b"row":
                self._row = int(ref[2]) if ref and ref[2] else self._row + 1
                self._col = 0
                self.max_row = max(self.max_row, self._row)
                continue
            self._col = column_number(ref[1]) if ref and ref[1] else self._col + 1
            row = int(ref[2]) if ref and ref[2] else self._row
            self.max_row = max(self.max_row, row)
            self.max_cell_row = max(self.max_cell_row, row)
            self.max_col = max(self.max_col, self._col)
