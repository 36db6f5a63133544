"""Command line: ``liaison-app`` opens the app; sub-commands give the same services a shell.

Imports are made inside the commands: the window's start-up pays only for what it shows.
Errors the environment causes are printed in the user's language (exit 2); bugs are logged
with their traceback and reported in one line (exit 1).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_app.cli_excel import cmd_export, cmd_import, cmd_report, date_option
from liaison_app.cli_sync import cmd_central, cmd_connect, cmd_sync
from liaison_app.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    pass

log = logging.getLogger("liaison.cli")


def default_language() -> str:
    """The system locale's language: Chinese for any zh locale, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "zh_CN"


class ShowVersion(argparse.Action):
    """``--version``: the version is read only when asked for (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from liaison_app import __version__

        print(f"liaison-app {__version__}")  # on stdout, as argparse's own version action
        parser.exit()


GLOBAL_VALUED = ("--data-dir", "--lang")  # the options before a command that take a value


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without ``commands``, only the options of the app's window (the
    sub-commands' parsers cost the window's start-up a few milliseconds)."""
    parser = argparse.ArgumentParser(
        prog="liaison-app",
        description="Liaison: visits, leads and deals of resident liaison offices.",
    )
    parser.add_argument("--version", action=ShowVersion)
    parser.add_argument(
        "--data-dir", help="folder of the database (default: $LIAISON_HOME or the user data folder)"
    )
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="language of messages")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="fill an empty database with the sample data set")
    demo.add_argument("--seed", type=int, default=2020)

    stats = sub.add_parser("stats", help="statistics for a period and office")
    stats.add_argument("--from", dest="date_from", metavar="DATE")
    stats.add_argument("--to", dest="date_to", metavar="DATE")
    stats.add_argument("--office", metavar="NAME")
    stats.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help="the app's search box, from the shell")
    search.add_argument("text")
    search.add_argument("--kind", choices=["visits", "leads", "deals", "companies"])
    search.add_argument("--limit", type=int, default=200)
    search.add_argument("--json", action="store_true")

    sub.add_parser("check", help="SQLite integrity and schema version")
    sub.add_parser("self-test", help="prove this installation is complete (no screen needed)")

    backup = sub.add_parser("backup", help="copy the database to PATH (default: backups folder)")
    backup.add_argument("path", nargs="?")

    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path")

    export = sub.add_parser("export", help="write the data to an Excel workbook")
    export.add_argument("out", metavar="OUT.xlsx")
    export.add_argument("--from", dest="date_from", metavar="DATE")
    export.add_argument("--to", dest="date_to", metavar="DATE")
    export.add_argument("--office", metavar="NAME")

    report = sub.add_parser("report", help="the HQ statistics report for a period (Excel)")
    report.add_argument("out", metavar="OUT.xlsx")
    report.add_argument("--from", dest="date_from", metavar="DATE", required=True)
    report.add_argument("--to", dest="date_to", metavar="DATE", required=True)
    report.add_argument("--office", metavar="NAME", help="one office only")

    import_ = sub.add_parser("import", help="import an Excel workbook, all or nothing")
    import_.add_argument("path", metavar="IN.xlsx")
    import_.add_argument(
        "--dry-run", action="store_true", help="check and show what would change; write nothing"
    )
    import_.add_argument("--office", metavar="NAME", help="office of sheets without one")

    connect = sub.add_parser("connect", help="connect this laptop to the central store")
    connect.add_argument("url", metavar="URL", help="postgresql://host/db or sqlite:////path.db")
    connect.add_argument("--user", required=True, metavar="LOGIN")
    connect.add_argument("--password-stdin", action="store_true", help="read the password")

    sync = sub.add_parser("sync", help="push local changes and pull the central store's")
    sync.add_argument("--password-stdin", action="store_true", help="read the password")
    sync.add_argument("--json", action="store_true")

    central = sub.add_parser("central", help="administer the central store (headquarters)")
    central_sub = central.add_subparsers(dest="central_command", required=True)
    init = central_sub.add_parser("init", help="create or upgrade the central store")
    init.add_argument("url", metavar="URL")
    add_user = central_sub.add_parser("add-user", help="add or update a person")
    add_user.add_argument("url", metavar="URL")
    add_user.add_argument("login", metavar="LOGIN")
    add_user.add_argument("--name", required=True)
    add_user.add_argument("--office", metavar="OFFICE")
    add_user.add_argument("--role", required=True, choices=["staff", "manager", "hq"])
    add_user.add_argument("--password-stdin", action="store_true")
    restored = central_sub.add_parser(
        "restored",
        help="after restoring the central store from a backup: every laptop sends all its"
        " records again at its next sync",
    )
    restored.add_argument("url", metavar="URL")
    central_status = central_sub.add_parser("status", help="what the central store holds")
    central_status.add_argument("url", metavar="URL")
    central_status.add_argument("--json", action="store_true")
    return parser


def cmd_demo(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.services.context import AppServices
    from liaison_app.services.demo import load_demo

    services = AppServices.open(paths)
    counts = load_demo(services, seed=args.seed)
    print(msg("demo_loaded", **counts))
    return 0


def cmd_stats(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.errors import Problem, ValidationError
    from liaison_app.domain.i18n import msg
    from liaison_app.services.context import AppServices
    from liaison_app.services.report_text import format_stats
    from liaison_app.services.stats import Period

    period = Period(date_option(args.date_from, "from"), date_option(args.date_to, "to"))
    services = AppServices.open(paths)
    office_ids = None
    if args.office:
        office_id = services.stats.office_id(args.office)
        if office_id is None:
            names = "、".join(name for _, name in services.stats.offices())
            raise ValidationError(
                [Problem("office", msg("office_unknown", name=args.office, names=names))]
            )
        office_ids = [office_id]
    result = services.stats.compute(period, office_ids)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_stats(result, period))
    return 0


def cmd_search(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.fields import entity_label
    from liaison_app.services.context import AppServices
    from liaison_app.services.search import KIND_ENTITY

    services = AppServices.open(paths)
    hits = services.search.search(args.text, args.kind, args.limit)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "kind": h.kind,
                        "id": h.id,
                        "title": h.title,
                        "company": h.company,
                        "date": h.date.isoformat() if h.date else None,
                    }
                    for h in hits
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for h in hits:
        day = h.date.isoformat() if h.date else ""
        title = h.title.replace("\n", " ")[:60]
        print(f"{entity_label(KIND_ENTITY[h.kind])}\t{day}\t{h.company}\t{title}")
    return 0


def cmd_check(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.services.backup import check_file

    if not paths.database.exists():
        print(msg("check_no_database", path=str(paths.database)))
        return 1
    report = check_file(paths.database)
    print(
        msg(
            "check_report",
            path=str(report.path),
            integrity=report.integrity,
            revision=report.revision or "-",
            head=report.head,
            size=report.size_bytes,
        )
    )
    if report.tally_differences:
        print(msg("check_tally_wrong", pairs=report.tally_differences))
    return 0 if report.ok else 1


def cmd_self_test(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.selftest import run_self_test

    return run_self_test(paths)


def cmd_backup(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.services.backup import create_backup
    from liaison_app.services.clock import SystemClock
    from liaison_app.services.context import AppServices

    services = AppServices.open(paths)
    target = create_backup(
        services.store.path,
        Path(args.path) if args.path else None,
        paths.backups,
        SystemClock().now(),
    )
    print(msg("backup_written", path=str(target)))
    return 0


def cmd_restore(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.services.backup import restore_backup
    from liaison_app.services.clock import SystemClock

    paths.ensure()
    safety = restore_backup(Path(args.path), paths.database, paths.backups, SystemClock().now())
    print(msg("restore_done", path=args.path, safety=str(safety)))
    return 0


def cmd_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    # No garbage collection until the window has painted: start-up only makes objects
    # that live on, and the collector would walk them again and again (ui.app.run_app
    # turns it back on).
    gc.disable()
    from liaison_app.ui.app import run_app

    return run_app(paths, args.lang)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, DataPaths], int]] = {
    None: cmd_gui,
    "demo": cmd_demo,
    "stats": cmd_stats,
    "search": cmd_search,
    "check": cmd_check,
    "self-test": cmd_self_test,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "export": cmd_export,
    "report": cmd_report,
    "import": cmd_import,
    "connect": cmd_connect,
    "sync": cmd_sync,
    "central": cmd_central,
}


def opens_the_window(argv: Sequence[str]) -> bool:
    """True when ``argv`` holds only the window's options (``--data-dir``, ``--lang``)."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in GLOBAL_VALUED and rest:
            rest.pop(0)
        elif not (arg.split("=", 1)[0] in GLOBAL_VALUED and "=" in arg):
            return False
    return True


def run(argv: Sequence[str] | None, parser: argparse.ArgumentParser | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = parser or build_parser(commands=not opens_the_window(argv))
    args = parser.parse_args(argv)
    from liaison_app.domain.i18n import set_language

    set_language(args.lang or default_language())
    paths = resolve_data_dir(args.data_dir)
    return dispatch(args, paths)


def dispatch(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.errors import KnownError, ValidationError
    from liaison_app.domain.i18n import msg
    from liaison_app.logs import setup_logging

    log_file = setup_logging(paths.logs)
    try:
        return COMMANDS[args.command](args, paths)
    except KnownError as exc:
        log.warning("%s: %s", args.command, exc.code)
        print(exc.message, file=sys.stderr)
        return 2
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"{problem.field}: {problem.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``stats --json | head``): not a bug. Point stdout at devnull
        # so the interpreter's final flush cannot raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception:
        log.exception("bug in %s", args.command)
        print(msg("internal_error", log=str(log_file)), file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> Any:
    code = run(argv)
    if "liaison_app.ui.app" in sys.modules:  # the desktop app ran and closed everything
        from liaison_app.ui.app import quit_process

        quit_process(code)
    sys.exit(code)
