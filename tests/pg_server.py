"""A real PostgreSQL server for the tests of the central store.

`open_test_server()` starts a private, throwaway cluster (initdb in a temporary folder,
password authentication over TCP, durability switched off for speed) or, when no PostgreSQL
binaries are installed or the cluster does not start, uses the server named by the
environment variable LIAISON_TEST_PG. Either way the result has the same small interface:
`admin_url`, `host`, `port`, `checks_passwords`, `create_database()`, `drop_database()`,
`drop_roles()` and `stop()`.

This is a plain module (no tests); tests/conftest.py wraps it in fixtures.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

ADMIN_USER = "postgres"
ADMIN_PASSWORD = "liaison-test-admin"
DATABASE_PREFIX = "liaison_t_"
PG_BIN_ENV = "LIAISON_PG_BIN"
EXTERNAL_URL_ENV = "LIAISON_TEST_PG"
START_TIMEOUT_S = 60
CONNECT_TIMEOUT_S = 10

_TOOLS = ("initdb", "pg_ctl")


class PgUnavailable(RuntimeError):
    """No PostgreSQL server could be started or reached; the message says why."""


# --- URLs ---------------------------------------------------------------------------------


def make_url(
    host: str,
    port: int,
    dbname: str,
    user: str | None = None,
    password: str | None = None,
    driver: str | None = None,
) -> str:
    """`postgresql://user:password@host:port/dbname` (`postgresql+driver://` if driver)."""
    scheme = f"postgresql+{driver}" if driver else "postgresql"
    auth = ""
    if user:
        auth = quote(user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        auth += "@"
    netloc_host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{auth}{netloc_host}:{port}/{quote(dbname, safe='')}"


def _libpq_url(url: str) -> str:
    """Drop a SQLAlchemy driver suffix (`postgresql+psycopg://`) so libpq accepts the URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme == "postgres":
        scheme = "postgresql"
    return urlunsplit(parts._replace(scheme=scheme))


def _replace_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(dbname, safe="")))


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(_libpq_url(url), autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)


# --- finding the binaries -----------------------------------------------------------------


def _has_tools(folder: Path) -> bool:
    return all((folder / name).is_file() and os.access(folder / name, os.X_OK) for name in _TOOLS)


def _version_key(folder: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin
    return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name)) or (0,)


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None.

    Looked for in: $LIAISON_PG_BIN, `pg_config --bindir`, the highest
    /usr/lib/postgresql/*/bin, then the folders on PATH.
    """
    candidates: list[Path] = []
    if os.environ.get(PG_BIN_ENV):
        candidates.append(Path(os.environ[PG_BIN_ENV]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [pg_config, "--bindir"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            if done.returncode == 0 and done.stdout.strip():
                candidates.append(Path(done.stdout.strip()))
    candidates.extend(
        sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    )
    for name in _TOOLS:
        found = shutil.which(name)
        if found:
            candidates.append(Path(found).parent)
    return next((folder for folder in candidates if _has_tools(folder)), None)


# --- the shared admin helpers -------------------------------------------------------------


class _Server:
    """What both kinds of server offer; subclasses set the attributes."""

    admin_url: str  # postgresql://… to the maintenance database, as a superuser
    host: str
    port: int
    checks_passwords: bool

    @property
    def admin_dbname(self) -> str:
        return unquote(urlsplit(self.admin_url).path.lstrip("/")) or "postgres"

    def database_url(self, dbname: str) -> str:
        """The admin URL pointed at another database."""
        return _replace_database(self.admin_url, dbname)

    def create_database(self, name: str | None = None) -> str:
        """Create a database (named `liaison_t_<8 hex>` unless given); returns its name."""
        name = name or f"{DATABASE_PREFIX}{uuid.uuid4().hex[:8]}"
        with _connect(self.admin_url) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        with _connect(self.admin_url) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def drop_roles(self, prefix: str) -> list[str]:
        """Drop every role whose name starts with `prefix`; returns their names.

        Databases those roles own are dropped first; drop the test database (which holds
        most of what they own) before calling this.
        """
        if not prefix:
            raise ValueError("refusing to drop roles with an empty prefix")
        with _connect(self.admin_url) as conn:
            roles = [
                row[0]
                for row in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE left(rolname, length(%s)) = %s"
                    " ORDER BY rolname",
                    (prefix, prefix),
                )
            ]
            if not roles:
                return []
            owned_dbs = [
                row[0]
                for row in conn.execute(
                    "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba"
                    " WHERE r.rolname = ANY(%s)",
                    (roles,),
                )
            ]
            for dbname in owned_dbs:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(dbname)
                    )
                )
            for role in roles:
                # What they own or were granted in this (maintenance) database.
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            for role in roles:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        return roles

    def stop(self) -> None:  # pragma: no cover - overridden
        pass


# --- a private cluster --------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PrivateCluster(_Server):
    """A throwaway cluster: initdb in a temporary folder, started on a free port.

    Local (socket) connections are trusted, TCP connections need a SCRAM password, so
    `checks_passwords` is True. When running as root the server runs as the OS user
    `postgres` (initdb and postgres refuse to run as root).
    """

    host = "127.0.0.1"
    checks_passwords = True
    # Connections to this database name are refused by pg_hba.conf (the message a laptop
    # gets from a server whose access rules leave it out, e.g. one that requires TLS).
    refused_database: str | None = "liaison_refused_by_hba"

    def __init__(self, bin_dir: Path, os_user: str = "postgres") -> None:
        self.bin_dir = bin_dir
        self.os_user = os_user
        self.port = 0
        self.base: Path | None = None
        self.data: Path | None = None
        self.log: Path | None = None
        self.running = False

    @property
    def admin_url(self) -> str:  # type: ignore[override]
        return make_url(self.host, self.port, "postgres", ADMIN_USER, ADMIN_PASSWORD)

    # -- running the tools --

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / tool), *args]
        if _running_as_root():
            runuser = shutil.which("runuser")
            if not runuser:
                raise PgUnavailable("running as root and runuser is missing")
            command = [runuser, "-u", self.os_user, "--", *command]
        return command

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        return subprocess.run(
            self._command(tool, *args),
            cwd=self.base,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def _give_to_os_user(self, path: Path) -> None:
        if _running_as_root():
            import pwd

            entry = pwd.getpwnam(self.os_user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # -- life cycle --

    def start(self) -> PrivateCluster:
        """initdb and start; raises PgUnavailable (after cleaning up) on failure."""
        try:
            self._start()
        except PgUnavailable:
            self.stop()
            raise
        except (OSError, KeyError, subprocess.SubprocessError, psycopg.Error) as exc:
            self.stop()
            raise PgUnavailable(f"private cluster did not start: {exc}") from exc
        atexit.register(self.stop)
        return self

    def _start(self) -> None:
        self.base = Path(
            tempfile.mkdtemp(prefix="liaison-pg-", dir="/tmp" if os.path.isdir("/tmp") else None)
        )
        self._give_to_os_user(self.base)
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        pwfile = self.base / "pwfile"
        pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
        self._give_to_os_user(pwfile)

        common = [
            "-D",
            str(self.data),
            "-U",
            ADMIN_USER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
        ]
        done = self._run("initdb", *common, "--locale=C.UTF-8")
        if done.returncode != 0:
            # The C.UTF-8 locale is missing on some systems.
            shutil.rmtree(self.data, ignore_errors=True)
            done = self._run("initdb", *common, "--no-locale")
        pwfile.unlink()
        if done.returncode != 0:
            raise PgUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()}")

        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": "'{}'".format(str(self.data).replace("'", "''")),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "100",
        }
        hba = self.data / "pg_hba.conf"
        rules = hba.read_text(encoding="utf-8")
        hba.write_text(f"host {self.refused_database} all all reject\n{rules}", encoding="utf-8")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# liaison tests\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

        # The port is chosen before the server binds it; retry if someone took it meanwhile.
        for _attempt in range(3):
            self.port = free_port(self.host)
            done = self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                f"-p {self.port}",
                timeout=START_TIMEOUT_S + 30,
            )
            if done.returncode == 0:
                self.running = True
                break
            if "could not bind" not in self._log_tail():
                break
        if not self.running:
            raise PgUnavailable(
                f"pg_ctl start failed: {(done.stderr or done.stdout).strip()}\n{self._log_tail()}"
            )
        with _connect(self.admin_url) as conn:
            conn.execute("SELECT 1")

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace") if self.log else ""
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server at once (no checkpoint) and delete its folder; idempotent."""
        if self.running and self.data is not None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
            self.running = False
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)


# --- a server given by URL ----------------------------------------------------------------


class ExternalServer(_Server):
    """A server named by a URL (LIAISON_TEST_PG); its user must be able to create
    databases and roles. Whether it really checks passwords is found out, not assumed."""

    def __init__(self, url: str) -> None:
        self.admin_url = _libpq_url(url)
        parts = urlsplit(self.admin_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.checks_passwords = False

    def start(self) -> ExternalServer:
        try:
            with _connect(self.admin_url) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise PgUnavailable(f"{EXTERNAL_URL_ENV} server not reachable: {exc}") from exc
        self.checks_passwords = self._probe_passwords()
        return self

    def _probe_passwords(self) -> bool:
        """Log in as a fresh role with a wrong and a right password over TCP."""
        role = f"liaison_probe_{uuid.uuid4().hex[:8]}"
        right = uuid.uuid4().hex
        with _connect(self.admin_url) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(right)
                )
            )
        try:

            def logs_in(password: str) -> bool:
                url = make_url(self.host, self.port, self.admin_dbname, role, password)
                try:
                    with _connect(url) as conn:
                        conn.execute("SELECT 1")
                except psycopg.OperationalError:
                    return False
                return True

            return not logs_in("wrong-" + right) and logs_in(right)
        finally:
            with _connect(self.admin_url) as conn:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))

    def stop(self) -> None:
        pass


# --- choosing ------------------------------------------------------------------------------


def open_test_server() -> PrivateCluster | ExternalServer:
    """A private cluster if PostgreSQL is installed, else the LIAISON_TEST_PG server.

    Raises PgUnavailable explaining what was tried. The caller must `stop()` the result.
    """
    reasons: list[str] = []
    bin_dir = find_pg_bin()
    if bin_dir is None:
        reasons.append(f"no initdb/pg_ctl found (set {PG_BIN_ENV} to their folder)")
    else:
        try:
            return PrivateCluster(bin_dir).start()
        except PgUnavailable as exc:
            reasons.append(f"private cluster from {bin_dir}: {exc}")
    url = os.environ.get(EXTERNAL_URL_ENV)
    if not url:
        reasons.append(f"{EXTERNAL_URL_ENV} is not set")
    else:
        try:
            return ExternalServer(url).start()
        except PgUnavailable as exc:
            reasons.append(str(exc))
        except psycopg.Error as exc:
            reasons.append(f"{EXTERNAL_URL_ENV} server: {exc}")
    raise PgUnavailable("; ".join(reasons))
