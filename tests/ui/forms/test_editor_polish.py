"""Editor details a new user trips over: the USCC message names the field once and its
placeholder fits, a fixed field leaves the problem list at once, the lead editor shows
终止原因 only for a dropped lead and its source visit on one line, English amounts."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_app.domain.i18n import set_language
from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.fields import EnumField, LinkField, MoneyField, UsccField
from liaison_app.ui.forms import make_editor
from liaison_app.ui.translations import install_translators
from tests.ui.forms.conftest import type_text
from tests.ui.forms.test_editors import pick_company, save_with_keyboard, show, type_into


def test_uscc_message_names_the_field_once_and_the_placeholder_fits(
    qtbot: QtBot, services: AppServices, staff: Actor
) -> None:
    editor = show(qtbot, make_editor(None, services, staff, "company"))
    field = editor.form.fields["uscc"]
    assert isinstance(field, UsccField)
    edit = field.edit
    needed = QFontMetrics(edit.font()).horizontalAdvance(edit.placeholderText())
    assert edit.width() >= needed + 16  # the style's padding and frame
    type_into(qtbot, editor, "name", "上海鼎鑫数据科技股份有限公司")
    good = make_uscc("91310115MA1H7X3K0")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    edit.setFocus()
    type_text(qtbot, edit, wrong)
    assert field.problem_text.startswith("校验位有误，第 18 位应为")
    assert "统一社会信用代码" not in field.problem_text  # its label is beside it
    save_with_keyboard(qtbot, editor)
    listed = editor.problems.text()
    assert listed.count("统一社会信用代码") == 1 and "校验位有误" in listed

    edit.selectAll()
    type_text(qtbot, edit, good)  # fixed: it leaves the list as soon as it is valid
    assert editor.problems.isHidden()


def test_an_editor_is_as_tall_as_its_form(
    qtbot: QtBot, services: AppServices, staff: Actor
) -> None:
    """No empty band between the last section and the buttons (when the screen has room)."""
    editor = show(qtbot, make_editor(None, services, staff, "company"))
    form = editor.form
    assert editor.height() < editor.screen().availableGeometry().height() * 0.9
    assert editor.scroll.viewport().height() >= form.sizeHint().height()
    assert form.height() - form.sizeHint().height() <= 4
    height = editor.height()
    uscc = form.fields["uscc"]
    assert isinstance(uscc, UsccField)
    uscc.edit.setFocus()
    type_text(qtbot, uscc.edit, "91440300708461136A")  # a problem line appears: it grows
    assert uscc.problem_text
    qtbot.waitUntil(lambda: editor.scroll.viewport().height() >= form.sizeHint().height())
    assert editor.height() > height


def test_a_required_field_leaves_the_problem_list_once_filled(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
) -> None:
    editor = show(qtbot, make_editor(None, services, staff, "visit"))
    save_with_keyboard(qtbot, editor)
    assert editor.saved_id is None
    listed = editor.problems.text()
    assert 'href="company_id"' in listed and 'href="summary"' in listed and "必填" in listed

    company = editor.form.fields["company_id"]
    company.edit.setFocus()
    type_text(qtbot, company.edit, "华为")  # still no company: what is wrong now
    assert "没有名为“华为”的企业" in editor.problems.text()
    company.edit.clear()
    pick_company(qtbot, company, "华为", "华为技术有限公司")
    listed = editor.problems.text()
    assert 'href="company_id"' not in listed and 'href="summary"' in listed

    type_into(qtbot, editor, "summary", "介绍新能源电池产线计划")
    assert editor.problems.isHidden()  # nothing left to correct
    save_with_keyboard(qtbot, editor)
    assert editor.saved_id is not None


def test_lead_editor_shows_the_reason_only_when_dropped_and_the_source_on_one_line(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
) -> None:
    visit = services.records.create(
        "visit",
        {
            "company_id": huawei,
            "visit_date": "2020-05-08",
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "mode": "video",
            "summary": "洽谈储能项目",
        },
        staff,
    )
    lead = services.records.create(
        "lead",
        {
            "title": "储能电池项目",
            "company_id": huawei,
            "office_id": staff.office_id,
            "found_on": "2020-05-09",
            "source_visit_id": visit,
            "stage": "negotiation",
        },
        staff,
    )
    editor = show(qtbot, make_editor(None, services, staff, "lead", lead))
    form = editor.form
    reason, label = form.fields["lost_reason"], form.labels["lost_reason"]
    assert not reason.isVisible() and not label.isVisible()  # a live lead
    stage = form.fields["stage"]
    assert isinstance(stage, EnumField)
    stage.combo.setCurrentIndex(stage.combo.findData("lost"))
    assert reason.isVisible() and label.isVisible()
    save_with_keyboard(qtbot, editor)  # dropped without a reason: it is asked for
    assert "终止原因" in editor.problems.text()
    stage.combo.setCurrentIndex(stage.combo.findData("inspection"))
    assert not reason.isVisible() and editor.problems.isHidden()

    source = form.fields["source_visit_id"]
    assert isinstance(source, LinkField)
    title = source.label.full_text()
    assert title.startswith("2020-05-08 华为技术有限公司")
    assert not source.label.wordWrap()
    source.label.resize(120, source.label.height())
    assert source.label.text().endswith("…") and source.label.toolTip() == title


def test_amounts_read_in_english_words(
    qtbot: QtBot, qapp: QApplication, services: AppServices, staff: Actor, huawei: str
) -> None:
    install_translators(qapp, "en")
    editor = show(qtbot, make_editor(None, services, staff, "lead", prefill={"company_id": huawei}))
    money = editor.form.fields["investment_yuan"]
    assert isinstance(money, MoneyField)
    money.set_value(553_000_000)
    assert money.edit.text() == "553,000,000"
    assert money.hint.text() == "= 55,300.00 × 10k yuan"
    assert money.yuan() == 553_000_000  # reads back as typed
    type_into(qtbot, editor, "investment_yuan", "5.53亿")  # 亿 still works when typed
    assert money.hint.text() == "= 55,300.00 × 10k yuan"
    assert "亿" not in money.edit.placeholderText()

    set_language("zh_CN")
    money.set_value(553_000_000)
    assert money.edit.text() == "5.53亿"
    assert money.hint.text() == "= 55,300.00 万元"


def test_figure_labels_in_english_have_no_chinese_units(qapp: QApplication) -> None:
    from liaison_app.services.report_text import FIGURE_LABELS

    install_translators(qapp, "en")
    for _zh, en in FIGURE_LABELS.values():
        assert "亿" not in en and "万" not in en
    assert FIGURE_LABELS["deals_100m_plus"][1] == "Deals of 100 million yuan and above"
