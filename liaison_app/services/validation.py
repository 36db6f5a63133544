"""Validate a record's values: every problem at once, each naming its field.

Each field is parsed by its ``FieldSpec`` (``domain/fields.py``), then the rules across
fields run (``CROSS_CHECKS``) over the whole record; given a session, references must name
live records and a company's USCC must be its own. Forms, the import and the sample data
all come through here, so a value is held to the same rules wherever it is typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import ENTITY_MODELS, Company
from liaison_app.domain.errors import ParseError, Problem, ValidationError
from liaison_app.domain.fields import CROSS_CHECKS, DEFAULTS, FIELDS
from liaison_app.domain.i18n import msg

FIELD_NAMES = {entity: frozenset(spec.name for spec in specs) for entity, specs in FIELDS.items()}


def validate(
    entity: str,
    values: Mapping[str, Any],
    *,
    current: Mapping[str, Any] | None = None,
    session: Session | None = None,
    row_id: str | None = None,
) -> dict[str, Any]:
    """Parse ``values``; raise ValidationError listing every problem.

    ``current`` is the stored record for an update (only the given fields are parsed, but
    cross-field rules see the whole record); ``session`` checks references and the USCC
    against the database, ``row_id`` being the record's own id there.
    """
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    known = FIELD_NAMES[entity]
    for name in values:
        if name not in known:
            raise KeyError(f"{entity} has no field {name!r}")
    for spec in FIELDS[entity]:
        if spec.name in values:
            raw = values[spec.name]
        elif current is None:
            raw = DEFAULTS.get(entity, {}).get(spec.name)
        else:
            continue
        try:
            clean[spec.name] = spec.parse(raw)
        except ParseError as exc:
            problems.append(Problem(spec.name, exc.message, exc.code))
    whole = {**(current or {}), **clean}
    for check in CROSS_CHECKS.get(entity, ()):
        for field, code, params in check(whole):
            if not any(p.field == field for p in problems):
                problems.append(Problem(field, msg(code, **params), code))
    if session is not None:
        problems += _missing_references(session, entity, clean)
        if entity == "company" and clean.get("uscc"):
            problems += _uscc_taken(session, clean["uscc"], row_id)
    if problems:
        raise ValidationError(problems)
    return clean


def _missing_references(session: Session, entity: str, clean: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for spec in FIELDS[entity]:
        target = clean.get(spec.name)
        if spec.kind != "ref" or not target:
            continue
        model = ENTITY_MODELS[spec.ref or ""]
        found = session.scalar(select(model.id).where(model.id == target, model.deleted.is_(False)))
        if found is None:
            problems.append(Problem(spec.name, msg("ref_missing"), "ref_missing"))
    return problems


def _uscc_taken(session: Session, uscc: str, row_id: str | None) -> list[Problem]:
    query = select(Company.name).where(Company.uscc == uscc, Company.deleted.is_(False))
    if row_id:
        query = query.where(Company.id != row_id)
    other = session.scalar(query)
    if other is None:
        return []
    return [Problem("uscc", msg("uscc_duplicate", name=other), "uscc_duplicate")]
