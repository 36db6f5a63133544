"""The command line's Excel commands: export, report, import (``cli.py`` dispatches).

Imports are made inside the commands, as in ``cli.py``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_app.paths import DataPaths

if TYPE_CHECKING:
    from liaison_app.services.context import AppServices


def date_option(value: str | None, field: str) -> date | None:
    """A --from/--to date, or a ValidationError naming the option."""
    from liaison_app.domain.dates import parse_date
    from liaison_app.domain.errors import ParseError, Problem, ValidationError

    try:
        return parse_date(value)
    except ParseError as exc:
        raise ValidationError([Problem(field, exc.message, exc.code)]) from exc


def _office_ids(services: AppServices, name: str | None) -> list[str] | None:
    from liaison_app.domain.errors import Problem, ValidationError
    from liaison_app.domain.i18n import msg

    if not name:
        return None
    office_id = services.stats.office_id(name)
    if office_id is None:
        names = "、".join(office for _, office in services.stats.offices())
        raise ValidationError([Problem("office", msg("office_unknown", name=name, names=names))])
    return [office_id]


def cmd_export(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.services.context import AppServices
    from liaison_app.services.stats import Period
    from liaison_app.services.transfer import TransferService

    period = Period(date_option(args.date_from, "from"), date_option(args.date_to, "to"))
    services = AppServices.open(paths)
    office_ids = _office_ids(services, args.office)
    result = TransferService(services).export(Path(args.out), period=period, office_ids=office_ids)
    print(result.done_text())
    return 0


def cmd_report(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.services.context import AppServices
    from liaison_app.services.transfer import TransferService

    start = date_option(args.date_from, "from")
    end = date_option(args.date_to, "to")
    services = AppServices.open(paths)
    office_ids = _office_ids(services, args.office)
    result = TransferService(services).report(
        Path(args.out), start=start, end=end, office_ids=office_ids
    )
    print(result.done_text())
    return 0


def cmd_import(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.excel.outcome import describe, problem_lines
    from liaison_app.services.context import AppServices
    from liaison_app.services.session_user import current_actor
    from liaison_app.services.transfer import TransferService

    services = AppServices.open(paths)
    actor = current_actor(services)
    office_ids = _office_ids(services, args.office)
    outcome = TransferService(services).import_file(
        Path(args.path),
        actor,
        dry_run=args.dry_run,
        office_id=office_ids[0] if office_ids else None,
    )
    plan = outcome.plan
    if plan.skipped:
        print(msg("import_skipped_sheets", names="、".join(plan.skipped)))
    for line in plan.details():
        print(line)
    if not plan.ok:
        for line in problem_lines(plan, 50):
            print(line, file=sys.stderr)
        print(msg("import_failed", count=plan.problem_count), file=sys.stderr)
        if outcome.errors_file is not None:
            print(msg("import_report_saved", path=str(outcome.errors_file)), file=sys.stderr)
        elif outcome.errors_file_problem:
            print(outcome.errors_file_problem, file=sys.stderr)
        return 2
    for line in describe(plan):
        print(line)
    if args.dry_run:
        print(msg("import_dry_run", created=plan.created, updated=plan.updated))
    elif plan.created or plan.updated:
        print(msg("import_done", path=args.path, created=plan.created, updated=plan.updated))
    else:
        print(msg("import_nothing"))
    return 0
