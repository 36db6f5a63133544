"""Page setup shared by every workbook the app writes (report, export, error report).

Offices print these sheets and send them on, so each one prints as a form does: A4
landscape, scaled to one page wide (as many pages down as needed), its header rows repeated
at the top of every page (the title rows above them only on page 1) and "第 n 页 / 共 m 页"
in the footer. Works on normal and write-only sheets; on a write-only sheet call it before the
first row is appended (the fit-to-page flag is written with the sheet's first bytes).
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.properties import PageSetupProperties

from liaison_app.domain.i18n import label

A4 = 9  # ECMA-376 paper size code
MARGIN_INCHES = 0.4
FOOTER_FONT_SIZE = 9
TITLE_FONT_SIZE = 12


def page_footer() -> str:
    """The footer text, with Excel's page-number (&P) and page-count (&N) fields."""
    return label("第 &P 页 / 共 &N 页", "Page &P of &N")


def setup_page(
    ws: Any, header_rows: tuple[int, int] | None = None, page_title: str | None = None
) -> None:
    """Landscape A4, one page wide, ``header_rows`` (first, last) repeated on every page.

    ``page_title``: for a sheet without a title row (the export's record sheets, whose first
    row must stay the header), printed in the page header. On every page: a first-page-only
    header (``differentFirst``) is lost in LibreOffice, which prints the others' instead.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.25
    if page_title:
        header = ws.oddHeader.center
        header.text = page_title.replace("&", "&&")
        header.size = TITLE_FONT_SIZE
        header.font = "-,Bold"
        ws.page_margins.top = 0.75
    footer = ws.oddFooter.center
    footer.text = page_footer()
    footer.size = FOOTER_FONT_SIZE
    if header_rows is not None:
        first, last = header_rows
        ws.print_title_rows = f"{first}:{last}"
