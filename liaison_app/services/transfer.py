"""Excel use cases: export the data, write the HQ report, import a workbook.

The workbook formats live in ``liaison_app.excel``; this facade supplies what they need
from the services: the statistics (``StatsService``, the one definition of every figure),
validation and writes (``RecordService``: history and sync outbox like any edit), the
signed-in user, and progress with cancellation (``Progress``). The CLI and the UI call
these methods and nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import ENTITY_MODELS, Company, Deal, Office
from liaison_app.domain.dates import format_date_long
from liaison_app.domain.enums import DealStatus, SigningMode
from liaison_app.domain.errors import KnownError, Problem, ValidationError
from liaison_app.domain.i18n import label, msg
from liaison_app.domain.sort_key import sort_key
from liaison_app.excel import Tick
from liaison_app.excel.errors_report import write_errors_report
from liaison_app.excel.export import ExportResult, Figure, Summary, write_export
from liaison_app.excel.export_query import ExportScope, streaming
from liaison_app.excel.file_check import MAX_CELLS, MAX_IMPORT_ROWS
from liaison_app.excel.headers import IMPORT_ORDER
from liaison_app.excel.importer import ParsedWorkbook, detect_sheets
from liaison_app.excel.outcome import ImportPlan
from liaison_app.excel.plan import Planner
from liaison_app.excel.reading import Workbook
from liaison_app.excel.report import (
    DealLine,
    FormRow,
    MonthBlock,
    ReportData,
    ReportResult,
    write_report,
)
from liaison_app.gc_pause import collector_paused
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.clock import local_today
from liaison_app.services.context import AppServices
from liaison_app.services.import_writer import CreateWriter
from liaison_app.services.progress import NullProgress, Progress, check_cancelled
from liaison_app.services.report_text import FIGURE_LABELS
from liaison_app.services.stats import FIGURES, Period

log = logging.getLogger("liaison.transfer")

UPDATE_CHUNK = 500
REPORT_FIGURES = (
    "visits",
    "companies_visited",
    "valid_leads",
    "valid_lead_investment_yuan",
    "signed_deals",
    "signed_investment_yuan",
    "deals_100m_plus",
    "groundbroken_deals",
    "funds_in_place_yuan",
)


def ticker(progress: Progress) -> Tick:
    """A ``Tick`` that reports to ``progress`` and raises ``Cancelled`` when asked to stop."""

    def tick(done: int, total: int) -> None:
        progress.report(done, total)
        check_cancelled(progress)

    return tick


def figures(keys: Sequence[str]) -> list[Figure]:
    return [Figure(key, label(*FIGURE_LABELS[key]), key.endswith("_yuan")) for key in keys]


def period_text(period: Period) -> str:
    if period.start is None and period.end is None:
        return label("全部日期", "All dates")
    start = format_date_long(period.start) if period.start else "…"
    end = format_date_long(period.end) if period.end else "…"
    return label(f"{start}至{end}", f"{start} to {end}")


def month_title(name: str) -> str:
    """A form's month heading for "2020-03": 2020年3月 in Chinese, as it is in English."""
    year, month = name.split("-")
    return label(f"{year}年{int(month)}月", name)


def months_of(start: date, end: date) -> list[tuple[str, Period]]:
    """("2020-01", the part of the period in that month) for each month it touches."""
    months = []
    first = start.replace(day=1)
    while first <= end:
        following = (first + timedelta(days=32)).replace(day=1)
        months.append(
            (f"{first:%Y-%m}", Period(max(first, start), min(following - timedelta(days=1), end)))
        )
        first = following
    return months


@dataclass
class ImportOutcome:
    """What an import did (``written``) or would do, and where its error report went."""

    plan: ImportPlan
    written: bool = False
    errors_file: Path | None = None
    errors_file_problem: str | None = None  # why the report could not be written beside it

    @property
    def ok(self) -> bool:
        return self.plan.ok


class TransferService:
    def __init__(self, services: AppServices) -> None:
        self.services = services
        self.store = services.store

    # -- export ------------------------------------------------------------------------

    def export(
        self,
        target: Path,
        *,
        period: Period | None = None,
        office_ids: list[str] | None = None,
        progress: Progress | None = None,
    ) -> ExportResult:
        """The whole workbook: summary, visits, leads, deals, companies, contacts..."""
        period = period or Period()
        with self.store.read() as session, streaming(session):  # flat memory, as the sheets
            stats = self.services.stats.compute(period, office_ids, session=session)
        summary = Summary(
            stats=stats,
            figures=figures(FIGURES),
            period_text=period_text(period),
            offices_text=self._offices_text(office_ids),
            generated_at=self._now_text(),
            notes=(
                label(
                    "注：合计行的拜访企业数按企业去重；金额单位为亿元，各明细表金额单位为万元。",
                    "Note: companies visited are counted once in the total; amounts in 亿元"
                    " here and in 万元 on the other sheets.",
                ),
            ),
        )
        scope = ExportScope(
            period.start, period.end, tuple(office_ids) if office_ids is not None else None
        )
        return write_export(
            self.store, Path(target), scope, summary, ticker(progress or NullProgress())
        )

    def _offices_text(self, office_ids: list[str] | None) -> str:
        if office_ids is None:
            return label("全部联络办", "All offices")
        names = dict(self.services.stats.offices())
        return "、".join(names.get(i, i) for i in office_ids)

    def _now(self) -> datetime:
        """Now on the user's wall clock (the app's clock is UTC)."""
        return self.services.clock.now().replace(tzinfo=UTC).astimezone()

    def _now_text(self) -> str:
        return self._now().strftime("%Y-%m-%d %H:%M")

    # -- HQ report ---------------------------------------------------------------------

    def report(
        self,
        target: Path,
        *,
        start: date | None,
        end: date | None,
        office_ids: list[str] | None = None,
        progress: Progress | None = None,
    ) -> ReportResult:
        """Figures per office and month, totals, the signed deals and the 1亿+ deals."""
        if start is None or end is None:
            raise ValidationError([Problem("period", msg("report_period_required"))])
        if start > end:
            raise ValidationError([Problem("period", msg("period_reversed"))])
        tick = ticker(progress or NullProgress())
        period = Period(start, end)
        months = months_of(start, end)
        total_steps = len(months) + 2
        tick(0, total_steps)
        stats = self.services.stats
        blocks = []
        for step, (name, month) in enumerate(months, 1):
            assert month.start is not None and month.end is not None
            this_month = stats.compute(month, office_ids)
            year = stats.compute(Period(month.start.replace(month=1, day=1), month.end), office_ids)
            zeros = dict.fromkeys(FIGURES, 0)
            blocks.append(
                MonthBlock(
                    title=month_title(name),
                    offices=[
                        FormRow(office, figures_of, year["by_office"].get(office, zeros))
                        for office, figures_of in this_month["by_office"].items()
                    ],
                    total=FormRow(label("合计", "Total"), this_month, year),
                )
            )
            tick(step, total_steps)
        data = ReportData(
            title=label("驻外联络办招商工作统计表", "Liaison offices: investment promotion report"),
            period_text=label("统计期间：", "Period: ") + period_text(period),
            generated_at=label("制表时间：", "Made on: ") + self._now_text(),
            figures=figures(REPORT_FIGURES),
            months=blocks,
            deals=self._deals(period, office_ids),
            filled_on=format_date_long(self._now().date()),
            notes=(
                label(
                    "注：1. 本月为当月（统计期间内）数据，累计为当年1月1日起至当月末（不超过统计"
                    "截止日）数据；2. 拜访企业数的合计按企业去重，不等于各联络办相加；"
                    "3. 金额单位为亿元；4. 签约项目按签约日期、开工项目按开工日期计入。",
                    "Notes: 1. Month: the month's figures within the period; year to date: from"
                    " 1 January to the month's end (at most the period's end); 2. companies"
                    " visited are counted once in the totals, so they are not the sum of the"
                    " offices; 3. amounts in 亿元; 4. deals count by signing date,"
                    " groundbreakings by groundbreaking date.",
                ),
            ),
        )
        result = write_report(Path(target), data, lambda d, t: tick(len(months) + 1, total_steps))
        tick(total_steps, total_steps)
        return result

    def _deals(self, period: Period, office_ids: list[str] | None) -> list[DealLine]:
        """The deals ``stats`` counts as signed in the period (same filter)."""
        query = (
            select(Deal, Office.name, Company.name)
            .join(Office, Office.id == Deal.office_id)
            .join(Company, Company.id == Deal.company_id)
            .where(Deal.deleted.is_(False), period.clause(Deal.signed_on))
            .order_by(Deal.signed_on, Deal.id)
        )
        if office_ids is not None:
            query = query.where(Deal.office_id.in_(office_ids))
        modes = {m.value: m.label for m in SigningMode}
        statuses = {s.value: s.label for s in DealStatus}
        with self.store.read() as session:
            lines = [
                DealLine(
                    office=office,
                    title=deal.title,
                    company=company,
                    signed_on=deal.signed_on,
                    signing_mode=modes.get(deal.signing_mode, deal.signing_mode),
                    investment_yuan=deal.investment_yuan,
                    industry_chain=deal.industry_chain,
                    responsible_unit=deal.responsible_unit,
                    task_force=deal.task_force,
                    advancement_plan=deal.advancement_plan,
                    carrier_park=deal.carrier_park,
                    groundbreaking_on=deal.groundbreaking_on,
                    production_on=deal.production_on,
                    funds_in_place_yuan=deal.funds_in_place_yuan or 0,
                    status=statuses.get(deal.status, deal.status),
                )
                for deal, office, company in session.execute(query)
            ]
        return sorted(lines, key=lambda line: sort_key(line.office))  # stable: by date

    # -- import ------------------------------------------------------------------------

    def preview(
        self, path: Path, actor: Actor | None = None, progress: Progress | None = None
    ) -> ImportOutcome:
        """What importing ``path`` would create and update, or its problems (nothing written).

        The error report is written beside the file when there are problems.
        """
        return self.import_file(path, actor, dry_run=True, progress=progress)

    def import_file(
        self,
        path: Path,
        actor: Actor | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        expected: dict[str, tuple[int, int, int]] | None = None,
        office_id: str | None = None,
        max_cells: int = MAX_CELLS,
        max_rows: int = MAX_IMPORT_ROWS,
    ) -> ImportOutcome:
        """Import ``path`` all or nothing; ``dry_run`` only plans.

        ``expected`` is the preview's counts: if the database changed since and the import
        would now do something else, nothing is written (KnownError ``import_changed``).
        ``office_id`` is the office of sheets without a 联络办 column (default: the actor's);
        ``max_cells`` and ``max_rows`` bound the file (and so the memory the import takes).
        """
        actor = actor or SYSTEM
        office = office_id or actor.office_id
        path = Path(path)
        progress = progress or NullProgress()
        tick = ticker(progress)
        progress.say(label("正在检查文件…", "Checking the file…"))
        with collector_paused(), Workbook(path, max_cells, max_rows) as book:
            progress.say(label("正在读取工作表…", "Reading the sheets…"))
            parsed = detect_sheets(book)
            if parsed.empty:
                raise KnownError("import_empty", path=str(path))
            if not parsed.sheets:
                raise KnownError("import_no_sheet", path=str(path))
            total = sum(
                book.checked.extents[s.name].rows if s.name in book.checked.extents else 0
                for s in parsed.sheets
            )
            tick(0, total)
            if dry_run:
                progress.say(label("正在核对各行…", "Checking the rows…"))
                with self.store.read() as session:
                    plan = self._planner(session, actor, tick, total, office).run(parsed)
                outcome = ImportOutcome(plan)
            else:
                progress.say(label("正在核对并写入各行…", "Checking and writing the rows…"))
                try:
                    plan = self._write(parsed, actor, progress, total, office, expected)
                except _Refused as refused:
                    plan = refused.plan
                outcome = ImportOutcome(plan, written=plan.ok)
        if not plan.ok:
            try:
                outcome.errors_file = write_errors_report(path, plan.problems, plan.problem_count)
            except KnownError as exc:
                outcome.errors_file_problem = exc.message
        return outcome

    def _planner(
        self, session: Session, actor: Actor, tick: Tick, total: int, office: str | None
    ) -> Planner:
        return Planner(
            session,
            self.services.records.validate,
            default_office_id=office,
            default_staff_id=actor.staff_id if office == actor.office_id else None,
            today=local_today(self.services.clock),
            tick=tick,
            total_rows=total,
        )

    def _write(
        self,
        parsed: ParsedWorkbook,
        actor: Actor,
        progress: Progress,
        total: int,
        office: str | None,
        expected: dict[str, tuple[int, int, int]] | None,
    ) -> ImportPlan:
        """Plan and write in one transaction: new records while the plan goes on
        (``CreateWriter``), then the updates. A plan with a problem is rolled back and
        raised as ``_Refused``."""
        tick = ticker(progress)
        with self.store.write() as session:
            writer = CreateWriter(session, self.services.records, actor)
            with writer.running(), self.store.read() as reading:
                planner = self._planner(reading, actor, tick, total, office)
                planner.hand_off = writer.hand_off
                plan = planner.run(parsed)
                if not plan.ok:
                    raise _Refused(plan)
                if expected is not None and plan.counts() != expected:
                    raise KnownError("import_changed")
                progress.say(label("正在写入数据库…", "Writing to the database…"))
                writer.finish(plan, tick)
            if plan.updated:
                progress.say(label("正在更新已有记录…", "Updating existing records…"))
                self._update(session, plan, actor, tick)
            progress.say(label("正在保存…", "Saving…"))
            tick(0, 0)  # the commit: a busy bar
        return plan

    def _update(self, session: Session, plan: ImportPlan, actor: Actor, tick: Tick) -> None:
        """The plan's updates, after its creates (they may refer to them)."""
        records = self.services.records
        total = plan.updated
        done = 0
        for entity in IMPORT_ORDER:
            model = ENTITY_MODELS[entity]
            updates = plan.entities[entity].updates
            for start in range(0, len(updates), UPDATE_CHUNK):
                part = dict(updates[start : start + UPDATE_CHUNK])
                for row in session.scalars(select(model).where(model.id.in_(list(part)))):
                    records.apply(session, entity, row, part[row.id], actor)
                session.flush()
                session.expunge_all()
                done += len(part)
                tick(done, total)


class _Refused(Exception):
    """A plan with problems: what the import wrote while planning is rolled back."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("import refused")
        self.plan = plan
