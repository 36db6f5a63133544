"""What the database itself enforces on the central store: sequence stamps, company merges,
and on PostgreSQL the roles, grants and row-level security.

Sequence numbers: on PostgreSQL each write takes a transaction-level advisory lock, then
``nextval``; the lock is held to commit, so numbers commit in order (a per-row counter
UPDATE did the same at four times the cost). On SQLite, whose writers are serialised by
the database lock, a counter row does it.

Every statement here is idempotent, so ``central init`` can run again after an upgrade.
PostgreSQL: the tables belong to a NOLOGIN owner role; each person logs in as a role of
their own, a member of one NOLOGIN client group; nobody has BYPASSRLS. The office and role
of a connection come from ``membership`` keyed by ``session_user`` (which SET ROLE cannot
change), read through SECURITY DEFINER functions. SQLite has no roles: the same triggers
stamp sequences and merge companies, and the office filter is applied by the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_app.sync.central.schema import OFFICE_SCOPED, SEQUENCED, TABLES

CHILD_TABLES = tuple(TABLES[e].name for e in OFFICE_SCOPED)
"""Tables whose rows point at a company (repointed when two companies are merged)."""

REPOINT = " ".join(
    f"UPDATE {t} SET company_id = NEW.kept_id WHERE company_id = NEW.alias_id;"
    for t in CHILD_TABLES
)
"""What merging company NEW.alias_id into NEW.kept_id does to the records pointing at it."""
PUSH_LOCK_KEY = 7_245_901
"""pg_advisory_xact_lock key every push takes: merges of concurrent pushes never interleave."""


@dataclass(frozen=True)
class Roles:
    """The two NOLOGIN roles of one central database (named after it: roles are global)."""

    owner: str
    client: str

    @classmethod
    def for_database(cls, name: str) -> Roles:
        return cls(owner=f"{name}_owner", client=f"{name}_client")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_statements() -> list[str]:
    """Triggers of the SQLite central: sequence stamps and company merges."""
    out = []
    for table in SEQUENCED:
        t = table.name
        stamp = (
            "UPDATE sync_counter SET high = high + 1 WHERE id = 1; "
            f"UPDATE {t} SET server_seq = (SELECT high FROM sync_counter WHERE id = 1) "
            "WHERE rowid = NEW.rowid;"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {t}_seq_insert AFTER INSERT ON {t} BEGIN {stamp} END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {t}_seq_update AFTER UPDATE ON {t} "
            f"WHEN NEW.server_seq = OLD.server_seq BEGIN {stamp} END"
        )
    out.append(
        "CREATE TRIGGER IF NOT EXISTS company_alias_merge AFTER INSERT ON company_alias BEGIN "
        f"{REPOINT} "
        "UPDATE company_alias SET kept_id = NEW.kept_id WHERE kept_id = NEW.alias_id; "
        "UPDATE companies SET deleted = 1 WHERE id = NEW.alias_id AND deleted = 0; END"
    )
    return out


def postgres_setup_statements(roles: Roles, database: str) -> list[str]:
    """Roles and ownership; run by an administrator before the tables exist."""
    owner, client = _q(roles.owner), _q(roles.client)
    return [
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{roles.owner}') THEN
                CREATE ROLE {owner} NOLOGIN NOBYPASSRLS;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{roles.client}') THEN
                CREATE ROLE {client} NOLOGIN NOBYPASSRLS;
            END IF;
        END $$""",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {owner}",
        f"GRANT USAGE ON SCHEMA public TO {client}",
        f"GRANT CONNECT ON DATABASE {_q(database)} TO {client}",
    ]


def _office_rule(owner: str) -> str:
    # (SELECT f()) runs the function once per statement, not once per row.
    return (
        f"(current_user = '{owner}' OR (SELECT my_role()) = 'hq' "
        "OR office_id = (SELECT my_office()))"
    )


def postgres_security_statements(roles: Roles) -> list[str]:
    """Functions, triggers, grants and policies; run as the owner role after the tables."""
    owner, client = roles.owner, _q(roles.client)
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    out = [
        f"""CREATE OR REPLACE FUNCTION my_office() RETURNS text LANGUAGE sql STABLE {definer}
            AS $$ SELECT office_id FROM membership WHERE login = session_user $$""",
        f"""CREATE OR REPLACE FUNCTION my_role() RETURNS text LANGUAGE sql STABLE {definer}
            AS $$ SELECT role FROM membership WHERE login = session_user $$""",
        "CREATE SEQUENCE IF NOT EXISTS liaison_server_seq",
        # Every write takes the push lock first (held to commit), then a number: writers
        # commit in the order of their numbers, so no pull can skip one.
        f"""CREATE OR REPLACE FUNCTION liaison_stamp() RETURNS trigger LANGUAGE plpgsql {definer}
            AS $$ BEGIN
                PERFORM pg_advisory_xact_lock({PUSH_LOCK_KEY});
                NEW.server_seq := nextval('liaison_server_seq');
                IF TG_TABLE_NAME NOT IN ('conflicts', 'company_alias') THEN
                    NEW.updated_login := session_user;
                END IF;
                RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION liaison_guard_review() RETURNS trigger LANGUAGE plpgsql
            {definer} AS $$ BEGIN
                IF coalesce(my_role(), 'staff') <> 'staff' THEN RETURN NEW; END IF;
                IF TG_OP = 'INSERT' THEN
                    IF NEW.review_state NOT IN ('draft', 'submitted')
                       OR NEW.reviewer_id IS NOT NULL OR NEW.reviewed_at IS NOT NULL THEN
                        RAISE EXCEPTION 'staff cannot review visits' USING ERRCODE = '42501';
                    END IF;
                ELSIF (NEW.reviewer_id, NEW.review_comment, NEW.reviewed_at)
                        IS DISTINCT FROM (OLD.reviewer_id, OLD.review_comment, OLD.reviewed_at)
                      OR (NEW.review_state IS DISTINCT FROM OLD.review_state
                          AND NEW.review_state NOT IN ('draft', 'submitted')) THEN
                    RAISE EXCEPTION 'staff cannot review visits' USING ERRCODE = '42501';
                END IF;
                RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION liaison_merge_company() RETURNS trigger LANGUAGE plpgsql
            {definer} AS $$ BEGIN
                {REPOINT}
                UPDATE company_alias SET kept_id = NEW.kept_id WHERE kept_id = NEW.alias_id;
                UPDATE companies SET deleted = true WHERE id = NEW.alias_id AND NOT deleted;
                RETURN NULL;
            END $$""",
        "REVOKE ALL ON SEQUENCE liaison_server_seq FROM PUBLIC",
        "REVOKE ALL ON FUNCTION my_office(), my_role(), liaison_stamp(), "
        "liaison_guard_review(), liaison_merge_company() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION my_office(), my_role() TO {client}",
    ]
    for table in SEQUENCED:
        t = table.name
        out += [
            f"DROP TRIGGER IF EXISTS {t}_stamp ON {t}",
            f"CREATE TRIGGER {t}_stamp BEFORE INSERT OR UPDATE ON {t} "
            "FOR EACH ROW EXECUTE FUNCTION liaison_stamp()",
        ]
    out += [
        "DROP TRIGGER IF EXISTS visits_guard_review ON visits",
        "CREATE TRIGGER visits_guard_review BEFORE INSERT OR UPDATE ON visits "
        "FOR EACH ROW EXECUTE FUNCTION liaison_guard_review()",
        "DROP TRIGGER IF EXISTS company_alias_merge ON company_alias",
        "CREATE TRIGGER company_alias_merge AFTER INSERT ON company_alias "
        "FOR EACH ROW EXECUTE FUNCTION liaison_merge_company()",
    ]
    # Grants: read-only reference tables; no DELETE anywhere (tombstones only).
    read_only = ["offices", "staff", "membership", "store_info", "sync_counter"]
    out.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {client}")
    out += [f"GRANT SELECT ON {t} TO {client}" for t in read_only]
    writable = ["companies", *CHILD_TABLES, "conflicts", "company_alias", "applied_ops", "devices"]
    out += [f"GRANT SELECT, INSERT, UPDATE ON {t} TO {client}" for t in writable]

    rule = _office_rule(owner)
    policies: dict[str, list[tuple[str, str, str]]] = {
        t: [
            ("read", "SELECT", f"USING {rule}"),
            ("add", "INSERT", f"WITH CHECK {rule}"),
            ("change", "UPDATE", f"USING {rule} WITH CHECK {rule}"),
        ]
        for t in CHILD_TABLES
    }
    conflict_rule = f"(office_id IS NULL OR {rule})"
    policies["conflicts"] = [
        ("read", "SELECT", f"USING {conflict_rule}"),
        ("add", "INSERT", f"WITH CHECK {conflict_rule}"),
        ("change", "UPDATE", f"USING {conflict_rule} WITH CHECK {conflict_rule}"),
    ]
    # Any laptop may record that a company id it made is another's (a USCC collision: the
    # alias has no row here); merging two existing companies is for managers and hq.
    policies["company_alias"] = [
        ("read", "SELECT", "USING (true)"),
        (
            "add",
            "INSERT",
            "WITH CHECK ((SELECT my_role()) IN ('manager', 'hq') "
            "OR NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = alias_id))",
        ),
    ]
    own = f"(current_user = '{owner}' OR login = session_user)"
    for t in ("applied_ops", "devices"):
        policies[t] = [
            ("read", "SELECT", f"USING {own}"),
            ("add", "INSERT", f"WITH CHECK {own}"),
            ("change", "UPDATE", f"USING {own} WITH CHECK {own}"),
        ]
    for t, rules in policies.items():
        out += [
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        ]
        for name, command, clause in rules:
            out += [
                f"DROP POLICY IF EXISTS {t}_{name} ON {t}",
                f"CREATE POLICY {t}_{name} ON {t} FOR {command} TO PUBLIC {clause}",
            ]
    return out
