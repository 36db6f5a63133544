"""Office boundaries held by PostgreSQL itself: each person's own login, raw SQL, no app.

A laptop could be tampered with, so nothing here goes through the sync code: the tests
connect with psycopg as the person and try what the policy must refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.sync.conftest import PASSWORD, Central, Device, make_central

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Any) -> Central:
    return make_central("postgres", request, tmp_path)


@pytest.fixture
def world(pg: Central, tmp_path: Any) -> Iterator[dict[str, Any]]:
    """Shanghai's visit (wang) and Shenzhen's visit (zhao), pushed; chen manages Shanghai."""
    devices = []
    for name, office, role in (
        ("wang", "上海联络办", "staff"),
        ("zhao", "深圳联络办", "staff"),
        ("chen", "上海联络办", "manager"),
        ("hq", None, "hq"),
    ):
        login = pg.add_user(name, office, role)
        devices.append(Device(tmp_path / name, pg, login))
    wang, zhao, chen, hq = devices
    sh = wang.visit(wang.company("华为技术有限公司"), "上海的拜访")
    wang.services.review.submit([sh], wang.actor)
    sz = zhao.visit(zhao.company("比亚迪股份有限公司", None), "深圳的拜访")
    wang.sync()
    zhao.sync()
    yield {
        "central": pg,
        "sh": sh,
        "sz": sz,
        "wang": wang,
        "zhao": zhao,
        "chen": chen,
        "hq": hq,
        "sh_office": wang.actor.office_id,
        "sz_office": zhao.actor.office_id,
    }
    for device in devices:
        device.close()


def as_user(world: dict[str, Any], name: str) -> psycopg.Connection[Any]:
    central: Central = world["central"]
    return psycopg.connect(
        host=central.host,
        port=central.port,
        dbname=central.name,
        user=central.login(name),
        password=PASSWORD,
        autocommit=True,
    )


def refused(conn: psycopg.Connection[Any], sql: str, params: Any = None) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(sql, params)
    return str(caught.value)


def test_staff_read_only_their_office(world: dict[str, Any]) -> None:
    with as_user(world, "zhao") as conn:
        seen = {r[0] for r in conn.execute("SELECT id FROM visits")}
    assert seen == {world["sz"]}
    with as_user(world, "hq") as conn:
        assert {r[0] for r in conn.execute("SELECT id FROM visits")} == {world["sh"], world["sz"]}


def test_staff_cannot_write_or_move_another_office_s_rows(world: dict[str, Any]) -> None:
    with as_user(world, "zhao") as conn:
        changed = conn.execute(
            "UPDATE visits SET summary = 'hacked' WHERE id = %s", (world["sh"],)
        ).rowcount
        assert changed == 0  # invisible, so untouchable
        refused(
            conn,
            "UPDATE visits SET office_id = %s WHERE id = %s",
            (world["sh_office"], world["sz"]),
        )
        refused(
            conn,
            "INSERT INTO visits (id, office_id, company_id, visit_date, mode, people_met,"
            " summary, outcome, next_step, review_state, review_comment, created_at,"
            " updated_at, hlc, field_clocks, deleted) VALUES ('x', %s, 'c', '2026-11-02',"
            " 'onsite', '', '', '', '', 'draft', '', now(), now(), '', '{}', false)",
            (world["sh_office"],),
        )
    rows = {r["id"]: r for r in world["central"].rows("visit")}
    assert rows[world["sh"]]["summary"] == "上海的拜访"


def test_no_delete_and_read_only_reference_tables(world: dict[str, Any]) -> None:
    with as_user(world, "wang") as conn:
        refused(conn, "DELETE FROM visits WHERE id = %s", (world["sh"],))
        refused(conn, "UPDATE membership SET role = 'hq'")
        refused(conn, "INSERT INTO membership VALUES ('x', 'y', NULL, 'hq')")
        refused(conn, "UPDATE offices SET name = '假联络办'")
        refused(conn, "UPDATE staff SET role = 'manager'")
        refused(conn, "SELECT setval('liaison_server_seq', 1)")


def test_staff_cannot_review(world: dict[str, Any]) -> None:
    with as_user(world, "wang") as conn:
        refused(conn, "UPDATE visits SET review_state = 'approved' WHERE id = %s", (world["sh"],))
        refused(conn, "UPDATE visits SET review_comment = 'ok' WHERE id = %s", (world["sh"],))
        # Their own edits are fine.
        assert (
            conn.execute(
                "UPDATE visits SET summary = '补充' WHERE id = %s", (world["sh"],)
            ).rowcount
            == 1
        )


def test_managers_review_their_office_only(world: dict[str, Any]) -> None:
    with as_user(world, "chen") as conn:
        assert (
            conn.execute(
                "UPDATE visits SET review_state = 'approved' WHERE id = %s", (world["sh"],)
            ).rowcount
            == 1
        )
        assert (
            conn.execute(
                "UPDATE visits SET review_state = 'approved' WHERE id = %s", (world["sz"],)
            ).rowcount
            == 0
        )


def test_set_role_and_settings_do_not_widen_the_policy(world: dict[str, Any]) -> None:
    central: Central = world["central"]
    owner = central.prefix + "owner"
    with as_user(world, "zhao") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'SET ROLE "{owner}"')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute('SET SESSION AUTHORIZATION "postgres"')
        conn.execute(f'SET ROLE "{central.prefix}client"')  # allowed: still zhao's session
        conn.execute("SET application_name = 'hq'")
        conn.execute("SELECT set_config('liaison.office', %s, false)", (world["sh_office"],))
        assert {r[0] for r in conn.execute("SELECT id FROM visits")} == {world["sz"]}
        assert conn.execute("SELECT my_office()").fetchone()[0] == world["sz_office"]


def test_server_sequence_and_login_cannot_be_forged(world: dict[str, Any]) -> None:
    with as_user(world, "wang") as conn:
        conn.execute(
            "UPDATE visits SET server_seq = 1, updated_login = 'chen' WHERE id = %s",
            (world["sh"],),
        )
        seq, login = conn.execute(
            "SELECT server_seq, updated_login FROM visits WHERE id = %s", (world["sh"],)
        ).fetchone()
    assert seq == world["central"].high() and login == world["central"].login("wang")


def test_staff_cannot_merge_existing_companies(world: dict[str, Any]) -> None:
    companies = world["central"].rows("company")
    a, b = companies[0]["id"], companies[1]["id"]
    with as_user(world, "wang") as conn:
        refused(
            conn,
            "INSERT INTO company_alias VALUES (%s, %s, 'wang', now(), 0)",
            (a, b),
        )


def test_no_role_bypasses_row_level_security(world: dict[str, Any]) -> None:
    central: Central = world["central"]
    with psycopg.connect(central.admin_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT rolname, rolbypassrls, rolcanlogin FROM pg_roles WHERE left(rolname, %s) = %s",
            (len(central.prefix), central.prefix),
        ).fetchall()
        owner = conn.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'visits'"
        ).fetchone()[0]
        forced = conn.execute(
            "SELECT relname FROM pg_class WHERE relforcerowsecurity AND relrowsecurity"
            " AND relname IN ('contacts', 'visits', 'leads', 'deals')"
        ).fetchall()
    assert rows and not any(bypass for _, bypass, _ in rows)
    assert owner == central.prefix + "owner"
    assert dict((name, login) for name, _, login in rows)[owner] is False
    assert len(forced) == 4


def test_a_wrong_password_is_refused(world: dict[str, Any]) -> None:
    central: Central = world["central"]
    if not central.checks_passwords:
        pytest.skip("this PostgreSQL trusts every connection (no password check to test)")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(
            host=central.host,
            port=central.port,
            dbname=central.name,
            user=central.login("wang"),
            password="wrong",
        )
