"""Which page class shows which navigation entry."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from liaison_app.ui.views.context import PageContext


def make_page(key: str, ctx: PageContext, title: str, parent: QWidget) -> QWidget:
    if key == "dashboard":
        from liaison_app.ui.views.dashboard_page import DashboardPage

        return DashboardPage(ctx, title, parent)
    if key == "review":
        from liaison_app.ui.views.review_page import ReviewPage

        return ReviewPage(ctx, title, parent)
    if key == "duplicates":
        from liaison_app.ui.views.duplicates_page import DuplicatesPage

        return DuplicatesPage(ctx, title, parent)
    if key == "conflicts":
        from liaison_app.ui.views.conflicts_page import ConflictsPage

        return ConflictsPage(ctx, title, parent)
    if key == "companies":
        from liaison_app.ui.views.companies_page import CompaniesPage

        return CompaniesPage(ctx, title, parent)
    from liaison_app.ui.views.list_page import LeadsPage, ListPage, VisitsPage

    cls = {"visits": VisitsPage, "leads": LeadsPage}.get(key, ListPage)
    return cls(ctx, key, title, parent)
