"""The review workflow of visit logs.

Staff submit their drafts (or returned visits); a manager of the same office approves or
returns them with a comment. Editing an approved visit sends it back to review (see
``RecordService.update``). Decisions go through ``RecordService.apply``, so they are in the
history and the outbox like any edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from liaison_app.db.models import Visit
from liaison_app.domain.enums import ReviewState, Role
from liaison_app.domain.errors import Problem, ValidationError
from liaison_app.domain.i18n import msg
from liaison_app.services.actor import Actor
from liaison_app.services.records import REVIEWED_VISIT_FIELDS, RecordService

SUBMITTABLE = {ReviewState.draft.value, ReviewState.returned.value}


class ReviewService:
    def __init__(self, records: RecordService) -> None:
        self.records = records

    def submit(self, visit_ids: Iterable[str], actor: Actor) -> int:
        """Submit drafts and returned visits for review; returns how many were submitted."""
        count = 0
        with self.records.store.write() as session:
            for visit_id in visit_ids:
                visit = self._visit(session, visit_id)
                if visit.review_state not in SUBMITTABLE:
                    continue
                self.records.apply(
                    session,
                    "visit",
                    visit,
                    {"review_state": ReviewState.submitted.value},
                    actor,
                )
                count += 1
        return count

    def approve(self, visit_ids: Iterable[str], actor: Actor) -> int:
        return self._decide(visit_ids, actor, ReviewState.approved, "")

    def return_(self, visit_ids: Iterable[str], actor: Actor, comment: str) -> int:
        """Return visits to their authors; a comment saying why is required."""
        if not comment.strip():
            raise ValidationError(
                [Problem("review_comment", msg("return_needs_comment"), "return_needs_comment")]
            )
        return self._decide(visit_ids, actor, ReviewState.returned, comment.strip())

    def _decide(
        self, visit_ids: Iterable[str], actor: Actor, state: ReviewState, comment: str
    ) -> int:
        if actor.role not in (Role.manager, Role.hq):
            raise ValidationError(
                [Problem("review_state", msg("review_not_manager"), "review_not_manager")]
            )
        count = 0
        with self.records.store.write() as session:
            for visit_id in visit_ids:
                visit = self._visit(session, visit_id)
                if visit.review_state != ReviewState.submitted.value:
                    continue
                if actor.role == Role.manager and visit.office_id != actor.office_id:
                    raise ValidationError(
                        [Problem("office_id", msg("review_other_office"), "review_other_office")]
                    )
                changes = {
                    "review_state": state.value,
                    "reviewer_id": actor.staff_id,
                    "review_comment": comment,
                    "reviewed_at": self.records.clock.now(),
                }
                # The decision depends on what was reviewed: the central merge keeps a visit
                # submitted when those fields changed meanwhile on another laptop.
                self.records.apply(
                    session, "visit", visit, changes, actor, seen=REVIEWED_VISIT_FIELDS
                )
                count += 1
        return count

    @staticmethod
    def _visit(session, visit_id: str) -> Visit:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.deleted:
            raise ValidationError([Problem("id", msg("not_found"), "not_found")])
        return visit
