"""The command line's sync commands: connect, sync, central (``cli.py`` dispatches).

Imports are made inside the commands, as in ``cli.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from liaison_app.paths import DataPaths


def read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return None


def cmd_connect(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.enums import Role
    from liaison_app.domain.i18n import msg
    from liaison_app.services.context import AppServices
    from liaison_app.sync.connect import connect
    from liaison_app.sync.credentials import default_keyring

    services = AppServices.open(paths)
    password = read_password(args)
    result = connect(services, args.url, args.user, password, default_keyring())
    member = result.member
    print(
        msg(
            "connect_done",
            store=result.store_id,
            login=member.login,
            office=result.office_name or "-",
            role=Role(member.role).label,
        )
    )
    if result.password_saved:
        print(msg("connect_password_saved"))
    elif password:
        print(msg("connect_no_keyring", backend=result.keyring_backend))
    return 0


def cmd_sync(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.errors import KnownError
    from liaison_app.services.context import AppServices
    from liaison_app.sync.connect import open_central, require_connection
    from liaison_app.sync.credentials import default_keyring, load_password
    from liaison_app.sync.session import SyncSession

    services = AppServices.open(paths)
    connection = require_connection(services)
    password = read_password(args)
    if password is None:
        password = load_password(default_keyring(), connection.url, connection.login)
    if password is None and not connection.url.startswith("sqlite"):
        if not sys.stdin.isatty():
            raise KnownError("sync_password_needed")
        import getpass

        password = getpass.getpass(f"{connection.login}@{connection.url}: ")
    central = open_central(services, connection.url, connection.login, password)

    def show(progress: Any) -> None:
        if not args.json:
            print(progress.text(), file=sys.stderr, flush=True)

    try:
        summary = SyncSession(services, central, connection.url, progress=show).run()
    finally:
        central.close()
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        for line in summary.lines():
            print(line)
    return 0


def cmd_central(args: argparse.Namespace, paths: DataPaths) -> int:
    from liaison_app.domain.i18n import msg
    from liaison_app.services.clock import SystemClock
    from liaison_app.sync.central import admin
    from liaison_app.sync.central.connection import CentralAddress

    address = CentralAddress.parse(args.url)
    if args.central_command == "init":
        result = admin.init_central(address, SystemClock())
        print(msg("central_init_done", store=result.store_id, version=result.schema_version))
        return 0
    if args.central_command == "add-user":
        added = admin.add_user(
            address,
            args.login,
            name=args.name,
            office=args.office,
            role=args.role,
            password=read_password(args),
            clock=SystemClock(),
        )
        print(
            msg(
                "central_user_added",
                login=added["login"],
                office=args.office or "-",
                role=args.role,
            )
        )
        return 0
    if args.central_command == "restored":
        print(msg("central_restored", store=admin.mark_restored(address)))
        return 0
    report = admin.status(address)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(
        f"store {report['store_id']}  schema {report['schema_version']}  seq {report['server_seq']}"
    )
    print("offices: " + "、".join(report["offices"]))
    for user in report["users"]:
        print(f"  {user['login']}\t{user['name']}\t{user['office'] or '-'}\t{user['role']}")
    print("rows: " + ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
    print(f"open conflicts: {report['open_conflicts']}")
    for device in report["devices"]:
        print(f"  {device['device_id']}\t{device['login']}\t{device['last_sync_at'] or '-'}")
    return 0
