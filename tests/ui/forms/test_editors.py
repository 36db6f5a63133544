"""Record editors driven like a user: typing into the widgets, Ctrl+S, Esc."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from liaison_app.db.models import Company, Lead, Visit
from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.fields import (
    CompanyField,
    DateField,
    EnumField,
    LongTextField,
    MoneyField,
    TextField,
    UsccField,
)
from liaison_app.ui.forms import RecordEditor, make_editor
from tests.ui.forms.conftest import answer_box, type_text


def count(services: AppServices, model: type) -> int:
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(~model.deleted))


def show(qtbot: QtBot, editor: RecordEditor) -> RecordEditor:
    # A failed test may leave changes; closing must not wait on the "unsaved" question.
    qtbot.addWidget(editor, before_close_func=lambda w: w.form.snapshot())
    editor.show()
    return activate(qtbot, editor)


def activate(qtbot: QtBot, editor: RecordEditor) -> RecordEditor:
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)  # Ctrl+S acts in the active window only
    return editor


def type_into(qtbot: QtBot, editor: RecordEditor, name: str, text: str) -> None:
    """Click into a field, replace its text by typing, and leave it with Tab."""
    field = editor.form.fields[name]
    widget = field.focus_widget()
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def save_with_keyboard(qtbot: QtBot, editor: RecordEditor) -> None:
    qtbot.keyClick(
        editor.form.fields[next(iter(editor.form.fields))].focus_widget(),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier,
    )


def pick_company(qtbot: QtBot, field: CompanyField, typed: str, name: str) -> None:
    field.edit.setFocus()
    type_text(qtbot, field.edit, typed)
    qtbot.waitUntil(lambda: name in field.completions())
    popup = field.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    row = field.completions().index(name)
    popup.setCurrentIndex(field.completer.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.edit.text() == name


def test_create_visit_by_typing(qtbot: QtBot, services: AppServices, staff: Actor, huawei: str):
    editor = show(qtbot, make_editor(None, services, staff, "visit"))
    assert editor.windowTitle() == "新建拜访记录"
    type_into(qtbot, editor, "visit_date", "2020年6月11日")
    assert editor.form.fields["visit_date"].hint.text() == "= 2020-06-11"
    pick_company(qtbot, editor.form.fields["company_id"], "华为", "华为技术有限公司")
    mode = editor.form.fields["mode"]
    assert isinstance(mode, EnumField)
    qtbot.keyClick(mode.combo, Qt.Key.Key_Down)  # 上门拜访 -> 来访接待
    type_into(qtbot, editor, "people_met", "张总")
    type_into(qtbot, editor, "summary", "介绍新能源电池 pack 产线计划")
    type_into(qtbot, editor, "next_follow_up", "2020/6/20")
    save_with_keyboard(qtbot, editor)

    assert editor.saved_id is not None
    assert not editor.isVisible()
    visit = services.records.get("visit", editor.saved_id)
    assert visit["visit_date"] == date(2020, 6, 11)
    assert visit["company_id"] == huawei
    assert visit["mode"] == "hosted"
    assert visit["people_met"] == "张总"
    assert visit["summary"] == "介绍新能源电池 pack 产线计划"
    assert visit["next_follow_up"] == date(2020, 6, 20)
    assert visit["office_id"] == staff.office_id and visit["staff_id"] == staff.staff_id


def test_wrong_uscc_shows_its_message_and_saves_nothing(
    qtbot: QtBot, services: AppServices, staff: Actor
):
    editor = show(qtbot, make_editor(None, services, staff, "company"))
    before = count(services, Company)
    type_into(qtbot, editor, "name", "上海鼎鑫数据科技股份有限公司")
    good = make_uscc("91310115MA1H7X3K0")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    field = editor.form.fields["uscc"]
    assert isinstance(field, UsccField)
    field.edit.setFocus()
    type_text(qtbot, field.edit, wrong.lower())
    assert field.edit.text() == wrong  # upper-cased as typed
    assert "校验位有误" in field.problem_text  # live, before leaving the field
    save_with_keyboard(qtbot, editor)
    assert editor.isVisible() and editor.saved_id is None
    assert count(services, Company) == before
    assert "校验位有误" in editor.problems.text()
    assert "统一社会信用代码" in editor.problems.text()

    field.edit.selectAll()
    type_text(qtbot, field.edit, good)
    assert field.problem_text == ""
    assert field.hint.text() == "✓ 校验通过"


def test_bad_amounts_show_messages_and_save_nothing(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
):
    editor = show(qtbot, make_editor(None, services, staff, "lead", prefill={"company_id": huawei}))
    type_into(qtbot, editor, "title", "新能源电池 pack 产线")
    money = editor.form.fields["investment_yuan"]
    assert isinstance(money, MoneyField)
    type_into(qtbot, editor, "investment_yuan", "-5亿")
    assert money.problem_text == "金额不能为负数：“-5亿”"
    save_with_keyboard(qtbot, editor)
    assert count(services, Lead) == 0
    assert "金额不能为负数" in editor.problems.text()

    type_into(qtbot, editor, "investment_yuan", "五亿")
    assert "无法识别的金额“五亿”" in money.problem_text
    save_with_keyboard(qtbot, editor)
    assert count(services, Lead) == 0

    type_into(qtbot, editor, "investment_yuan", "５亿")  # full-width digit
    assert money.problem_text == ""
    assert money.hint.text() == "= 50,000.00 万元"
    save_with_keyboard(qtbot, editor)
    assert count(services, Lead) == 1
    lead = services.records.get("lead", editor.saved_id)
    assert lead["investment_yuan"] == 500_000_000


def test_money_and_date_fields_show_the_normalised_value(
    qtbot: QtBot, services: AppServices, staff: Actor
):
    editor = show(qtbot, make_editor(None, services, staff, "deal"))
    money, day = editor.form.fields["investment_yuan"], editor.form.fields["signed_on"]
    assert isinstance(money, MoneyField) and isinstance(day, DateField)
    for typed, shown in [
        ("1.2亿", "= 12,000.00 万元"),  # 1.2 x 10^8 yuan (the example slips a digit)
        ("12亿", "= 120,000.00 万元"),
        ("5000万", "= 5,000.00 万元"),
        ("3,000万元", "= 3,000.00 万元"),
        ("１２００万", "= 1,200.00 万元"),
    ]:
        type_into(qtbot, editor, "investment_yuan", typed)
        assert money.hint.text() == shown
    for typed in ("2020年6月11日", "2020/6/11", "2020.6.11"):
        type_into(qtbot, editor, "signed_on", typed)
        assert day.hint.text() == "= 2020-06-11"
    type_into(qtbot, editor, "signed_on", "2020-02-30")
    assert "无法识别的日期" in day.problem_text


def test_save_lists_every_problem(qtbot: QtBot, services: AppServices, staff: Actor):
    editor = show(qtbot, make_editor(None, services, staff, "visit"))
    type_into(qtbot, editor, "company_id", "不存在的公司")
    type_into(qtbot, editor, "next_follow_up", "2001-01-01")
    save_with_keyboard(qtbot, editor)
    text = editor.problems.text()
    assert "洽谈内容" in text and "必填" in text
    assert "没有名为“不存在的公司”的企业" in text
    assert "下次跟进日期不能早于拜访日期" in text
    assert editor.form.fields["summary"].problem_text == "必填"
    assert QApplication.focusWidget() is editor.form.fields["company_id"].focus_widget()
    assert count(services, Visit) == 0


def test_company_autocomplete_offers_two_character_names(
    qtbot: QtBot, services: AppServices, staff: Actor, companies: dict[str, str]
):
    editor = show(qtbot, make_editor(None, services, staff, "contact"))
    field = editor.form.fields["company_id"]
    assert isinstance(field, CompanyField)
    field.edit.setFocus()
    type_text(qtbot, field.edit, "华为")
    qtbot.waitUntil(lambda: field.completions() == ["华为技术有限公司"])
    qtbot.waitUntil(field.completer.popup().isVisible)
    field.edit.clear()
    type_text(qtbot, field.edit, "有限公司")
    qtbot.waitUntil(lambda: len(field.completions()) == 4)


def test_inline_company_creation(qtbot: QtBot, services: AppServices, staff: Actor):
    editor = show(qtbot, make_editor(None, services, staff, "visit"))
    field = editor.form.fields["company_id"]
    assert isinstance(field, CompanyField)
    field.edit.setFocus()
    type_text(qtbot, field.edit, "星河动力航天科技有限公司")
    qtbot.waitUntil(field.offer.isVisible)
    assert "新建企业“星河动力航天科技有限公司”" in field.offer.text()
    field.new_button.click()
    child = activate(qtbot, next(c for c in editor.findChildren(RecordEditor) if c.isVisible()))
    assert child.entity == "company"
    assert child.form.fields["name"].value() == "星河动力航天科技有限公司"
    type_into(qtbot, child, "uscc", make_uscc("91110108MA01GH7K3"))
    save_with_keyboard(qtbot, child)
    company_id = services.records.find_company(name="星河动力航天科技有限公司")
    assert company_id is not None
    assert field.value() == company_id
    assert field.edit.text() == "星河动力航天科技有限公司"
    assert not field.offer.isVisible()


def test_lead_from_visit_then_mark_as_signed(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
):
    visit_id = services.records.create(
        "visit",
        {
            "visit_date": "2020-05-08",
            "company_id": huawei,
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "mode": "上门拜访",
            "summary": "洽谈储能项目",
        },
        staff,
    )
    visit_editor = show(qtbot, make_editor(None, services, staff, "visit", visit_id))
    assert visit_editor.flow_button is not None
    assert visit_editor.flow_button.text() == "由此拜访创建线索"
    lead_editor = visit_editor.create_lead()
    assert lead_editor is not None and lead_editor.isVisible()
    activate(qtbot, lead_editor)
    form = lead_editor.form
    assert form.fields["company_id"].value() == huawei
    assert form.fields["found_on"].value() == "2020-05-08"
    assert form.fields["industry_chain"].value() == "电子信息"
    type_into(qtbot, lead_editor, "title", "储能电池项目")
    type_into(qtbot, lead_editor, "investment_yuan", "11.2亿元")
    save_with_keyboard(qtbot, lead_editor)
    lead_id = lead_editor.saved_id
    assert lead_id is not None
    lead = services.records.get("lead", lead_id)
    assert (lead["source_visit_id"], lead["company_id"], lead["office_id"], lead["staff_id"]) == (
        visit_id,
        huawei,
        staff.office_id,
        staff.staff_id,
    )
    assert lead["found_on"] == date(2020, 5, 8) and lead["industry_chain"] == "电子信息"
    assert visit_editor.related_view is not None and visit_editor.related_view.count == 1
    assert visit_editor.tabs.tabText(1) == "关联记录（1）"

    lead_view = show(qtbot, make_editor(None, services, staff, "lead", lead_id))
    deal_editor = lead_view.mark_signed()
    assert deal_editor is not None
    activate(qtbot, deal_editor)
    fields = deal_editor.form.fields
    assert fields["title"].value() == "储能电池项目"
    assert fields["investment_yuan"].hint.text() == "= 112,000.00 万元"
    assert fields["lead_id"].value() == lead_id
    save_with_keyboard(qtbot, deal_editor)
    assert deal_editor.saved_id is not None
    deal = services.records.get("deal", deal_editor.saved_id)
    assert deal["lead_id"] == lead_id and deal["company_id"] == huawei
    assert deal["investment_yuan"] == 1_120_000_000 and deal["title"] == "储能电池项目"
    assert deal["industry_chain"] == "电子信息" and deal["office_id"] == staff.office_id
    assert deal["signed_on"] == date(2020, 7, 1)  # today, by the test clock
    assert services.records.get("lead", lead_id)["stage"] == "signed"
    assert lead_view.form.fields["stage"].value() == "signed"
    assert not lead_view.form.is_dirty()
    assert lead_view.flow_button is not None and lead_view.flow_button.text() == "查看签约项目"


def test_close_with_unsaved_changes_asks(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
):
    visit_id = services.records.create(
        "visit",
        {
            "visit_date": "2020-05-08",
            "company_id": huawei,
            "office_id": staff.office_id,
            "summary": "初次接触",
        },
        staff,
    )
    editor = show(qtbot, make_editor(None, services, staff, "visit", visit_id))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert not editor.isVisible()

    editor = show(qtbot, make_editor(None, services, staff, "visit", visit_id))
    type_into(qtbot, editor, "people_met", "李总")
    answer_box(editor, "继续编辑")
    qtbot.keyClick(editor.form.fields["people_met"].focus_widget(), Qt.Key.Key_Escape)
    assert editor.isVisible()
    assert editor.form.fields["people_met"].value() == "李总"

    answer_box(editor, "不保存")
    editor.close()
    assert not editor.isVisible()
    assert services.records.get("visit", visit_id)["people_met"] == ""

    editor = show(qtbot, make_editor(None, services, staff, "visit", visit_id))
    type_into(qtbot, editor, "people_met", "王总")
    answer_box(editor, "保存")
    editor.reject()
    assert not editor.isVisible()
    assert services.records.get("visit", visit_id)["people_met"] == "王总"


def test_existing_record_shows_history_with_labels(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
):
    visit_id = services.records.create(
        "visit",
        {
            "visit_date": "2020-05-08",
            "company_id": huawei,
            "office_id": staff.office_id,
            "summary": "初次接触",
        },
        staff,
    )
    services.records.update("visit", visit_id, {"mode": "视频洽谈"}, staff)
    editor = show(qtbot, make_editor(None, services, staff, "visit", visit_id))
    history = editor.history_view
    assert history is not None and history.rowCount() == 2
    newest = [history.item(0, c).text() for c in range(5)]
    assert newest[1:] == ["王浩然", "拜访方式", "上门拜访", "视频洽谈"]
    assert history.item(1, 2).text() == "创建记录"
    assert "草稿" in editor.banner.text()


def test_company_shows_related_records(
    qtbot: QtBot, services: AppServices, staff: Actor, huawei: str
):
    for day in ("2020-05-08", "2020-06-01"):
        services.records.create(
            "visit",
            {
                "visit_date": day,
                "company_id": huawei,
                "office_id": staff.office_id,
                "summary": "洽谈",
            },
            staff,
        )
    services.records.create("contact", {"company_id": huawei, "name": "徐勇"}, staff)
    editor = show(qtbot, make_editor(None, services, staff, "company", huawei))
    assert editor.tabs.tabText(1) == "关联记录（3）"
    tree = editor.related_view.tree  # type: ignore[union-attr]
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups == ["拜访记录（2）", "项目线索（0）", "签约项目（0）", "联系人（1）"]
    assert tree.topLevelItem(0).child(0).text(0) == "2020-06-01"


def test_tab_order_follows_the_form(qtbot: QtBot, services: AppServices, staff: Actor):
    editor = show(qtbot, make_editor(None, services, staff, "contact"))
    order = []
    widget = editor.form.fields["company_id"].focus_widget()
    widget.setFocus()
    for _ in range(6):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
    names = {f.focus_widget(): n for n, f in editor.form.fields.items()}
    assert [names.get(w) for w in order] == [
        "company_id",
        "name",
        "title",
        "phone",
        "email",
        "office_id",
    ]
    assert isinstance(editor.form.fields["notes"], LongTextField)
    assert isinstance(editor.form.fields["name"], TextField)
