"""The review flow with two users: staff submit, the manager approves and returns in the
review queue, the staff member sees the returned visit marked, with the comment."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from liaison_app.domain.enums import Role
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.listing import ListFilter, ListQuery
from liaison_app.ui.models import cells
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.list_page import VisitsPage
from liaison_app.ui.views.review_page import ReturnDialog, ReviewPage
from tests.ui.conftest import load_all, wait_loaded


def select_ids(page, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    selection = page.table.selectionModel()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    selection.clearSelection()
    for row in range(page.model.rowCount()):
        if page.model.row_id(row) in ids:
            selection.select(page.model.index(row, 0), flags)
    assert sorted(page.table.selected_ids()) == sorted(ids)


def test_review_flow_end_to_end(
    qtbot,
    demo: AppServices,
    staff_ctx: PageContext,
    manager_ctx: PageContext,
    demo_staff: Actor,
) -> None:
    some_company = demo.records.get("visit", staff_ctx.listing.ids(ListQuery("visits"), 1)[0])
    demo.records.create(  # a second draft, as if typed in the editor
        "visit",
        {
            "visit_date": "2020-06-30",
            "company_id": some_company["company_id"],
            "office_id": demo_staff.office_id,
            "staff_id": demo_staff.staff_id,
            "summary": "拜访企业，了解扩产计划",
        },
        demo_staff,
    )
    staff_page = VisitsPage(staff_ctx, "visits", "拜访记录")
    qtbot.addWidget(staff_page)
    staff_page.show()
    staff_page.start()
    bar = staff_page.filters
    bar.staff.setCurrentIndex(bar.staff.findData(demo_staff.staff_id))
    bar.review_state.setCurrentIndex(bar.review_state.findData("draft"))
    drafts = load_all(qtbot, staff_page.model)
    assert len(drafts) >= 2
    mine = drafts[:2]
    select_ids(staff_page, mine)
    staff_page.submit_button.click()
    qtbot.waitUntil(
        lambda: {demo.records.get("visit", i)["review_state"] for i in mine} == {"submitted"},
        timeout=5000,
    )

    review = ReviewPage(manager_ctx, "审核")
    qtbot.addWidget(review)
    review.show()
    review.start()
    queue = load_all(qtbot, review.model)
    assert set(mine) <= set(queue)
    expected = manager_ctx.listing.count(
        ListQuery(
            "visits",
            ListFilter(office_id=manager_ctx.actor.office_id, review_state="submitted"),
        )
    )
    assert len(queue) == expected  # submitted visits of the manager's office, no other
    assert not review.filters.office.isVisibleTo(review)

    approved, returned = mine
    select_ids(review, [approved])
    review.approve_button.click()
    qtbot.waitUntil(lambda: approved not in load_all(qtbot, review.model), timeout=5000)
    assert demo.records.get("visit", approved)["review_state"] == "approved"

    select_ids(review, [returned])

    def answer(attempt: list[int]) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReturnDialog):
            QTimer.singleShot(20, lambda: answer(attempt))
            return
        if not attempt:  # an empty comment is refused, with the reason shown
            attempt.append(1)
            assert not dialog.findChildren(QDialogButtonBox)  # the app's flat buttons
            assert dialog.ok.objectName() == "primary" and dialog.ok.icon().isNull()
            dialog.ok.click()
            assert dialog.isVisible() and dialog.problem.isVisible()
        dialog.comment.setPlainText("请补充投资规模")
        dialog.ok.click()

    QTimer.singleShot(0, lambda: answer([]))
    review.return_button.click()
    qtbot.waitUntil(
        lambda: demo.records.get("visit", returned)["review_state"] == "returned", timeout=5000
    )
    assert demo.records.get("visit", returned)["review_comment"] == "请补充投资规模"
    qtbot.waitUntil(lambda: returned not in load_all(qtbot, review.model), timeout=5000)

    # The author sees the returned visit marked, with the comment.
    staff_page.refresh()
    bar.review_state.setCurrentIndex(bar.review_state.findData("returned"))
    ids = load_all(qtbot, staff_page.model)
    row = ids.index(returned)
    model = staff_page.model
    state = model.index(row, model.column_index("review_state"))
    assert state.data() == "已退回"
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == cells.RETURNED_BACKGROUND
    assert "请补充投资规模" in model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: staff_page.notice.isVisibleTo(staff_page), timeout=5000)

    # Another user does not get the author's mark.
    other = Actor("someone-else", demo_staff.office_id, Role.staff, "另一人")
    assert model.actor is not None
    model.actor = other
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_review_queue_of_hq_spans_offices(qtbot, demo: AppServices, settings) -> None:  # type: ignore[no-untyped-def]
    hq = Actor(None, None, Role.hq, "投促中心")
    page = ReviewPage(PageContext(demo, hq, settings), "审核")
    qtbot.addWidget(page)
    page.start()
    wait_loaded(qtbot, page.model)
    offices = {r.extra["office_id"] for r in map(page.model.row, range(page.model.rowCount()))}
    assert len(offices) > 1
    assert page.model.rowCount() == page.ctx.listing.count(
        ListQuery("visits", ListFilter(review_state="submitted"))
    )
