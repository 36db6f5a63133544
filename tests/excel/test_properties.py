"""Property tests: any text, amount and date goes out to Excel and comes back unchanged.

The one documented change: characters XML 1.0 cannot hold (most C0 controls, U+FFFE,
U+FFFF) are removed on export.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from liaison_app.domain.fields import field_spec
from liaison_app.domain.money import MAX_YUAN
from liaison_app.excel.cells import text_value, unescape, xml_safe
from liaison_app.excel.export import Summary, write_export
from liaison_app.excel.export_query import ExportScope
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
RISKY_START = st.sampled_from(["=", "+", "-", "@", "\t", "#", "_x0041_", "\x01", " "])
TEXT = st.one_of(
    st.text(max_size=120),
    st.builds(lambda start, rest: start + rest, RISKY_START, st.text(max_size=60)),
    st.sampled_from(["#N/A", "#DIV/0!", "=", "-", "_x005F_", "a_x0041_b", "\ufffe", "\r\n"]),
)
counter = itertools.count()


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_is_written_as_text_and_read_back(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("cells") / "t.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(["start", text_value(ws, text), "end"])
    wb.save(path)
    expected = xml_safe(text)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert sheet.to_python(skip_empty_area=False)[0] == ["start", expected, "end"]
    cell = load_workbook(path)["s"]["B1"]
    if expected:
        assert cell.data_type == "s"
        assert unescape(cell.value) == expected  # openpyxl leaves _xHHHH_ escapes as stored


def export_sheets(services: AppServices, target: Path, entities: tuple[str, ...]) -> None:
    summary = Summary({}, [], "", "", "")
    write_export(services.store, target, ExportScope(), summary, lambda d, t: None, entities)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(text=TEXT)
def test_text_fields_survive_export_and_import(
    services: AppServices, tmp_path: Path, text: str
) -> None:
    notes = field_spec("company", "notes").parse(text)
    company_id = services.records.create(
        "company",
        {"name": f"属性测试{next(counter)}有限公司", "notes": text, "address": text[:300]},
        SYSTEM,
    )
    target = tmp_path / "companies.xlsx"
    export_sheets(services, target, ("company",))
    outcome = TransferService(services).import_file(target, dry_run=True)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    changes = dict(outcome.plan.entities["company"].updates).get(company_id, {})
    if xml_safe(notes) == notes:
        assert "notes" not in changes
    else:
        assert changes["notes"] == xml_safe(notes).strip()


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(
    amount=st.one_of(
        st.integers(min_value=0, max_value=MAX_YUAN),
        st.integers(min_value=0, max_value=10**10),
        st.sampled_from([0, 1, 9_999, 10_000, 10_001, 123_456_789, MAX_YUAN]),
    ),
    funds=st.integers(min_value=0, max_value=MAX_YUAN),
    signed=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
)
def test_amounts_and_dates_survive_export_and_import(
    services: AppServices, tmp_path: Path, amount: int, funds: int, signed: date
) -> None:
    office = services.stats.office_id("属性测试联络办") or services.records.create(
        "office", {"name": "属性测试联络办"}, SYSTEM
    )
    company = services.records.find_company(name="属性测试企业") or services.records.create(
        "company", {"name": "属性测试企业"}, SYSTEM
    )
    deal_id = services.records.create(
        "deal",
        {
            "title": f"项目{next(counter)}",
            "company_id": company,
            "office_id": office,
            "signed_on": signed,
            "investment_yuan": amount,
            "funds_in_place_yuan": funds,
        },
        SYSTEM,
    )
    target = tmp_path / "deals.xlsx"
    export_sheets(services, target, ("deal",))
    outcome = TransferService(services).import_file(target, dry_run=True)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    assert deal_id not in dict(outcome.plan.entities["deal"].updates)
    assert outcome.plan.created == 0 and outcome.plan.updated == 0
