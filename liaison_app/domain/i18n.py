"""Messages in the user's language, without Qt.

The UI translates its own widgets with Qt's tools; this module covers the texts that the
domain and the services produce (validation problems, errors caused by the environment),
so that the CLI, the Excel import report and the UI say the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from liaison_app.domain.sync_messages import SYNC_MESSAGES

Lang = Literal["zh_CN", "en"]

_current: Lang = "zh_CN"


def set_language(lang: str) -> None:
    """Choose the language from a locale name ("zh_CN", "zh-CN", "en_US.UTF-8"...).

    Users are Chinese civil servants: anything that is not clearly English falls back to
    Simplified Chinese rather than to English.
    """
    global _current
    norm = lang.strip().replace("-", "_").lower()
    _current = "en" if norm.startswith("en") else "zh_CN"


def current_language() -> Lang:
    """The language messages are rendered in right now."""
    return _current


def label(zh: str, en: str) -> str:
    """Pick the Chinese or English text by the current language."""
    return en if _current == "en" else zh


@dataclass(frozen=True)
class LocalText:
    """A message parameter that itself depends on the language (e.g. a list of labels).

    Errors keep their parameters and render later, possibly after a language switch; this
    keeps such parameters bilingual until they are formatted.
    """

    zh: str
    en: str

    def __str__(self) -> str:
        return label(self.zh, self.en)


class _KeepMissing(dict[str, object]):
    """Leave an unknown placeholder visible instead of failing while showing an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# code -> (zh_CN template, en template). The comment before an entry lists the keyword
# parameters its templates use; a placeholder left unfilled shows as "{name}".
MESSAGES: dict[str, tuple[str, str]] = {
    # --- one value (ParseError) ---------------------------------------------------------
    "required": ("必填", "is required"),
    # max_len, length
    "text_too_long": (
        "内容过长：最多 {max_len} 个字，当前为 {length} 个字",
        "is too long: at most {max_len} characters, got {length}",
    ),
    # text, kind, allowed
    "enum_invalid": (
        "“{text}”不是有效的{kind}，可选：{allowed}",
        '"{text}" is not a valid {kind}; choose one of: {allowed}',
    ),
    # text
    "bool_invalid": (
        "“{text}”无法识别，请填写“是”或“否”",
        '"{text}" is not understood; write yes or no',
    ),
    # text
    "number_invalid": ("“{text}”不是有效的数字", '"{text}" is not a valid number'),
    # text
    "money_invalid": (
        "无法识别的金额“{text}”，请按 5000万、1.2亿 或 1200000000 的格式填写",
        'cannot read the amount "{text}"; write it like 5000万, 1.2亿 or 1200000000',
    ),
    # text
    "money_negative": ("金额不能为负数：“{text}”", 'the amount cannot be negative: "{text}"'),
    # text
    "money_too_large": (
        "金额“{text}”过大，不能超过 10 万亿元",
        'the amount "{text}" is too large; the limit is 10 trillion yuan',
    ),
    # text
    "date_invalid": (
        "无法识别的日期“{text}”，请按 2020-06-11 或 2020年6月11日 的格式填写有效日期",
        'cannot read the date "{text}"; write a real date like 2020-06-11',
    ),
    # text, min_year, max_year
    "date_out_of_range": (
        "日期“{text}”超出范围，年份应在 {min_year} 至 {max_year} 年之间",
        'the date "{text}" is out of range; the year must be between {min_year} and {max_year}',
    ),
    # length (the field's name is not repeated: forms and reports show it beside)
    "uscc_length": (
        "应为 18 位，当前为 {length} 位",
        "must have 18 characters, it has {length}",
    ),
    # char, position
    "uscc_chars": (
        "第 {position} 位“{char}”不是允许的字符（只能是数字和大写字母，不使用 I、O、Z、S、V）",
        'character "{char}" at position {position} is not allowed (digits and capital letters'
        " only; I, O, Z, S and V are not used)",
    ),
    # expected, actual
    "uscc_check_digit": (
        "校验位有误，第 18 位应为“{expected}”，当前为“{actual}”，请核对是否录入有误",
        'wrong check digit: the 18th character should be "{expected}", not "{actual}";'
        " please check for a typing error",
    ),
    # --- rules across fields and records (services) -------------------------------------
    # other (the earlier date, ISO)
    "follow_up_before_visit": (
        "下次跟进日期不能早于拜访日期（{other}）",
        "the next follow-up cannot be before the visit date ({other})",
    ),
    # other
    "groundbreaking_before_signing": (
        "开工日期不能早于签约日期（{other}）",
        "the groundbreaking date cannot be before the signing date ({other})",
    ),
    # other
    "production_before_groundbreaking": (
        "投产日期不能早于开工日期（{other}）",
        "the production start cannot be before the groundbreaking date ({other})",
    ),
    "lost_reason_required": (
        "线索终止时请填写终止原因",
        "give the reason when a lead is dropped",
    ),
    # name (the company already holding the code)
    "uscc_duplicate": (
        "该统一社会信用代码已登记在企业“{name}”名下",
        'this unified social credit code is already registered to "{name}"',
    ),
    "ref_missing": (
        "所选记录不存在或已被删除",
        "the chosen record does not exist or has been deleted",
    ),
    "not_found": (
        "未找到该记录，可能已被删除",
        "the record was not found; it may have been deleted",
    ),
    "permission_denied": ("您没有执行此操作的权限", "you are not allowed to do this"),
    "return_needs_comment": (
        "退回时请填写审核意见，说明需要修改的内容",
        "write a comment saying what to change when returning a visit log",
    ),
    "review_not_manager": (
        "只有联络办负责人或投资促进中心可以审核拜访记录",
        "only an office manager or the head office can review visit logs",
    ),
    "review_other_office": (
        "不能审核其他联络办的拜访记录",
        "you cannot review the visit logs of another office",
    ),
    # name, names (the offices that exist, joined)
    "office_unknown": (
        "没有名为“{name}”的联络办，现有：{names}",
        'there is no office named "{name}"; the offices are: {names}',
    ),
    # --- the environment (KnownError) ---------------------------------------------------
    # path
    "db_locked": (
        "数据库文件 {path} 正被占用，可能已在其他窗口或程序中打开，请关闭后重试",
        "the database file {path} is in use, perhaps by another window or program;"
        " close it and try again",
    ),
    # path
    "db_readonly": (
        "数据库文件 {path} 无法写入，请检查文件权限或换用可写的数据目录",
        "the database file {path} cannot be written; check its permissions or choose a"
        " writable data folder",
    ),
    # path
    "db_corrupt": (
        "数据库文件 {path} 已损坏，可在“文件 > 从备份恢复”或运行 liaison-app restore 恢复备份",
        "the database file {path} is damaged; restore a backup with File > Restore from"
        " backup or by running liaison-app restore",
    ),
    # revision (found in the file), head (the newest this app knows)
    "db_too_new": (
        "该数据库由更新版本的本软件创建（结构版本 {revision}，本软件只支持到 {head}），"
        "请升级软件后再打开",
        "this database was made by a newer version of the app (schema revision {revision};"
        " this version knows up to {head}); update the app to open it",
    ),
    # path
    "db_not_ours": (
        "文件 {path} 不是本软件的数据库",
        "the file {path} is not a Liaison database",
    ),
    # path
    "db_disk_full": (
        "磁盘空间不足，数据未能保存（{path}），请清理磁盘后重试",
        "the disk is full and the data could not be saved ({path}); free some space and try again",
    ),
    # path
    "backup_invalid": (
        "文件 {path} 不是有效的备份文件，无法恢复",
        "the file {path} is not a valid backup and cannot be restored",
    ),
    # path
    "file_locked": (
        "文件 {path} 正被其他程序（如 Excel）占用，请关闭后重试",
        "the file {path} is open in another program (Excel?); close it and try again",
    ),
    # path
    "file_not_found": ("找不到文件 {path}", "the file {path} does not exist"),
    "sync_offline": (
        "无法连接中心数据库，请检查网络；数据已保存在本机，联网后可再同步",
        "cannot reach the central database; check the network. Your data is kept on this"
        " computer and can be synced later",
    ),
    "sync_auth_failed": (
        "用户名或密码错误，无法登录中心数据库",
        "wrong user name or password for the central database",
    ),
    # --- Excel import -------------------------------------------------------------------
    # sheet, row, column, reason
    "import_cell": (
        "工作表“{sheet}”第 {row} 行“{column}”列：{reason}",
        'sheet "{sheet}", row {row}, column "{column}": {reason}',
    ),
    # sheet, row, column, cell (E9), reason
    "import_cell_at": (
        "工作表“{sheet}”第 {row} 行“{column}”列（{cell} 单元格）：{reason}",
        'sheet "{sheet}", row {row}, column "{column}" (cell {cell}): {reason}',
    ),
    "import_formula_no_value": (
        "公式没有计算结果（请在 Excel 或 WPS 中打开该文件、保存后再导入）",
        "the formula has no calculated value (open the file in Excel or WPS, save it, and"
        " import again)",
    ),
    # text, currency
    "money_foreign": (
        "“{text}”是外币金额（{currency}），请折算为人民币后填写",
        '"{text}" is in a foreign currency ({currency}); convert it to yuan (人民币) first',
    ),
    # stored
    "uscc_change_refused": (
        "该企业已登记统一社会信用代码 {stored}，导入不能更改它；如需更正，请在软件中修改该企业",
        "this company's credit code is {stored}; an import cannot change it (edit the company"
        " in the app to correct it)",
    ),
    # path, cells, limit
    "import_too_many_cells": (
        "文件 {path} 的单元格过多（{cells} 个，上限 {limit} 个），无法导入。"
        "请删除多余的行和列，或拆分成几个较小的文件",
        "the file {path} has too many cells ({cells}; the limit is {limit}); delete the extra"
        " rows and columns, or split it into smaller files",
    ),
    # path, rows, limit
    "import_too_many_rows": (
        "文件 {path} 的行数过多（{rows} 行，上限 {limit} 行），无法导入。"
        "请删除多余的空行，或拆分成几个较小的文件",
        "the file {path} has too many rows ({rows}; the limit is {limit}); delete the empty"
        " rows, or split it into smaller files",
    ),
    # sheet, by_id, by_key, new
    "import_sheet_counts": (
        "工作表“{sheet}”：按编号对应已有记录 {by_id} 行，按内容对应已有记录 {by_key} 行，"
        "新记录 {new} 行",
        'sheet "{sheet}": {by_id} rows match records by id, {by_key} by content, {new} are new',
    ),
    # sheet, office
    "import_assumed_office": (
        "假定：工作表“{sheet}”没有“联络办”列，全部按“{office}”导入",
        'assumed: sheet "{sheet}" has no office column; all its rows go to "{office}"',
    ),
    # sheet, count
    "import_lead_date_from_visit": (
        "假定：工作表“{sheet}”中 {count} 条线索没有获取日期，按同一文件中该企业的拜访日期填写",
        'assumed: {count} leads of sheet "{sheet}" have no date; they take the date of'
        " their company's visit in this file",
    ),
    # sheet, count, date
    "import_lead_date_today": (
        "假定：工作表“{sheet}”中 {count} 条线索没有获取日期，按导入日期 {date} 填写",
        'assumed: {count} leads of sheet "{sheet}" have no date; they take the date of'
        " the import, {date}",
    ),
    # names
    "import_new_staff": (
        "将新建人员（文件中的姓名在本机没有）：{names}",
        "people to be created (names in the file that are not on this computer): {names}",
    ),
    # sheet, names
    "import_unrecognised": (
        "工作表“{sheet}”未识别的列：{names}（这些列不会导入）",
        'sheet "{sheet}", columns not recognised: {names} (they are not imported)',
    ),
    # count, cells
    "import_approximate": (
        "{count} 个金额是约数，按所写数值导入：{cells}",
        "{count} amounts are approximate and are imported as the number written: {cells}",
    ),
    # sheet, column
    "import_missing_column": (
        "工作表“{sheet}”缺少“{column}”列",
        'sheet "{sheet}" has no "{column}" column',
    ),
    # path
    "import_not_workbook": (
        "文件 {path} 不是可读取的 Excel 工作簿",
        "the file {path} is not a readable Excel workbook",
    ),
    # count
    "import_failed": (
        "导入未完成：发现 {count} 处问题，未导入任何数据",
        "nothing was imported: {count} problems were found",
    ),
    # path
    "import_csv": (
        "文件 {path} 是文本（CSV）文件，不是 Excel 工作簿。请用 Excel 或 WPS 打开后"
        "另存为“Excel 工作簿（.xlsx）”再导入",
        "the file {path} is a text (CSV) file, not an Excel workbook; open it in Excel or"
        " WPS and save it as an Excel workbook (.xlsx), then import that",
    ),
    # path
    "import_xls": (
        "文件 {path} 是旧版 Excel 97-2003 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 后再导入",
        "the file {path} is in the old Excel 97-2003 format (.xls); save it as .xlsx in Excel"
        " or WPS, then import that",
    ),
    # path
    "import_not_xlsx": (
        "文件 {path} 不是 .xlsx 格式（可能是 .xlsb 或 .ods），请另存为 .xlsx 后再导入",
        "the file {path} is not in .xlsx format (perhaps .xlsb or .ods); save it as .xlsx,"
        " then import that",
    ),
    # path
    "import_encrypted": (
        "工作簿 {path} 设有打开密码（已加密），无法读取。请在 Excel 中取消密码后另存，再导入",
        "the workbook {path} is protected by a password (encrypted) and cannot be read;"
        " remove the password in Excel, save, and import again",
    ),
    # path
    "import_damaged": (
        "文件 {path} 已损坏或不完整（可能未下载或复制完整），无法读取",
        "the file {path} is damaged or incomplete (perhaps not fully downloaded or copied)"
        " and cannot be read",
    ),
    # path, size, limit (MB)
    "import_too_large": (
        "文件 {path} 解压后过大（超过 {limit} MB），无法导入。请拆分成几个较小的文件",
        "the file {path} is too large once unpacked (over {limit} MB); split it into smaller files",
    ),
    # path, ratio
    "import_zip_bomb": (
        "文件 {path} 的压缩比异常（{ratio} 倍），可能是恶意构造的文件，已拒绝读取",
        "the file {path} unpacks to {ratio} times its size: it may be a malicious file and"
        " was not read",
    ),
    # path, sheet, rows, columns
    "import_sheet_too_large": (
        "工作表“{sheet}”的数据区域过大（{rows} 行 × {columns} 列），无法导入。"
        "请删除多余的行和列（如远处的空白格式单元格）后再试",
        'sheet "{sheet}" spans too large an area ({rows} rows x {columns} columns); delete'
        " the extra rows and columns (e.g. stray cells far away) and try again",
    ),
    # path
    "import_empty": (
        "工作簿 {path} 中没有数据",
        "the workbook {path} holds no data",
    ),
    # path
    "import_no_sheet": (
        "工作簿 {path} 中没有可识别的工作表。每张表需要一行表头，例如：企业名称、"
        "拜访日期、洽谈内容",
        "no sheet of the workbook {path} was recognised; each sheet needs a header row such"
        " as: Company, Date, Summary",
    ),
    # text
    "import_bad_id": (
        "“{text}”不是有效的记录编号（这一隐藏列由导出生成，请勿修改）",
        '"{text}" is not a valid record id (this hidden column comes from the export; do not'
        " edit it)",
    ),
    "import_deleted": (
        "该记录已在本机删除，不能再更新；如需恢复请先在软件中恢复该记录",
        "this record was deleted on this computer and cannot be updated; restore it in the"
        " app first",
    ),
    "import_duplicate_id": (
        "同一条记录在文件中出现了两次",
        "the same record appears twice in the file",
    ),
    # row
    "import_duplicate_row": (
        "与第 {row} 行是同一条记录（企业按统一社会信用代码和名称识别），请合并后再导入",
        "this is the same record as row {row} (companies are matched by credit code and"
        " name); merge the two rows and import again",
    ),
    # name
    "import_lead_unknown": (
        "找不到名为“{name}”的项目线索",
        'there is no lead titled "{name}"',
    ),
    "import_visit_unknown": (
        "找不到该拜访记录（请勿修改此列，或清空它）",
        "this visit was not found (do not edit this column, or clear it)",
    ),
    # count
    "import_more_problems": (
        "……另有 {count} 处问题未列出",
        "... and {count} more problems",
    ),
    # entity, created, updated, unchanged
    "import_entity_counts": (
        "{entity}：新增 {created}，更新 {updated}，无变化 {unchanged}",
        "{entity}: {created} new, {updated} updated, {unchanged} unchanged",
    ),
    # path, created, updated
    "import_done": (
        "已导入 {path}：新增 {created} 条，更新 {updated} 条",
        "imported {path}: {created} new records, {updated} updated",
    ),
    # created, updated
    "import_dry_run": (
        "试运行（未写入任何数据）：将新增 {created} 条，更新 {updated} 条",
        "dry run (nothing written): {created} new records and {updated} updates would be made",
    ),
    "import_nothing": (
        "文件中的数据与本机一致，没有需要导入的变化",
        "the file matches this computer's data: there is nothing to import",
    ),
    # names
    "import_skipped_sheets": (
        "未识别、已跳过的工作表：{names}",
        "sheets not recognised and skipped: {names}",
    ),
    # path
    "import_report_saved": (
        "问题清单已保存到 {path}",
        "the list of problems was saved to {path}",
    ),
    "import_changed": (
        "预览之后本机数据已有变化，导入结果会与预览不同，未导入任何数据。请重新检查文件",
        "the data changed after the preview, so the import would differ from it; nothing"
        " was imported. Check the file again",
    ),
    # --- Excel export and report -------------------------------------------------------
    # path, visits, leads, deals, companies, contacts
    "export_done": (
        "已导出到 {path}：拜访记录 {visits} 条，项目线索 {leads} 条，签约项目 {deals} 个，"
        "企业 {companies} 家，联系人 {contacts} 人",
        "exported to {path}: {visits} visits, {leads} leads, {deals} deals, {companies}"
        " companies, {contacts} contacts",
    ),
    # path, offices, months, deals
    "report_done": (
        "统计报表已生成：{path}（{offices} 个联络办，{months} 个月度行，签约项目 {deals} 个）",
        "report written to {path} ({offices} offices, {months} office-months, {deals} deals)",
    ),
    "report_period_required": (
        "请填写统计期间的开始日期和结束日期",
        "give the first and the last day of the period",
    ),
    "period_reversed": (
        "开始日期不能晚于结束日期",
        "the first day cannot be after the last day",
    ),
    # path
    "file_not_writable": (
        "无法写入 {path}，请检查文件夹是否存在、是否有写入权限，或另选保存位置",
        "cannot write {path}; check that the folder exists and can be written, or choose"
        " another place",
    ),
    # path
    "file_disk_full": (
        "磁盘空间不足，文件 {path} 未能写入，请清理磁盘后重试",
        "the disk is full and {path} could not be written; free some space and try again",
    ),
    # --- CLI reports --------------------------------------------------------------------
    "demo_not_empty": (
        "这个数据库里已经有数据，演示数据只能载入空的数据库。想先试用演示数据，"
        "可以用 --data-dir 另指定一个新文件夹",
        "this database already holds data: the sample data goes only into an empty one. To"
        " try the sample data first, give a new folder with --data-dir",
    ),
    # offices, staff, companies, visits, leads, deals (counts)
    "demo_loaded": (
        "已载入演示数据：{offices} 个联络办，{companies} 家企业，{visits} 条拜访记录，"
        "{leads} 条项目线索，{deals} 个签约项目",
        "demo data loaded: {offices} offices, {companies} companies, {visits} visits,"
        " {leads} leads, {deals} deals",
    ),
    # path
    "check_no_database": ("数据库文件 {path} 不存在", "the database file {path} does not exist"),
    # path, integrity, revision, head, size
    "check_report": (
        "数据库：{path}\n完整性检查：{integrity}\n结构版本：{revision}（最新 {head}）\n"
        "文件大小：{size} 字节",
        "database: {path}\nintegrity check: {integrity}\nschema revision: {revision}"
        " (newest {head})\nsize: {size} bytes",
    ),
    # pairs (rows of the visit tallies that disagree with the visits)
    "check_tally_wrong": (
        "拜访统计表有 {pairs} 项计数与拜访记录不符",
        "the visit tallies count {pairs} entries differently from the visits",
    ),
    # path
    "backup_written": ("已备份到 {path}", "backup written to {path}"),
    # path, safety (backup of the database that was replaced)
    "restore_done": (
        "已从 {path} 恢复；恢复前的数据库已另存为 {safety}",
        "restored from {path}; the database it replaced was saved as {safety}",
    ),
    # the desktop app's start
    "no_display": (
        "无法打开窗口：没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）。"
        "请在桌面会话中启动 liaison-app；命令行功能（liaison-app --help）无需显示",
        "cannot open a window: there is no graphical display (neither DISPLAY nor"
        " WAYLAND_DISPLAY is set). Start liaison-app from a desktop session; the command-line"
        " functions (liaison-app --help) need no display",
    ),
    "display_libraries_missing": (
        "无法打开窗口：缺少 Qt 显示所需的系统库 {libraries}。"
        "请由管理员安装，例如在 Debian/Ubuntu 上：sudo apt install {packages}",
        "cannot open a window: the system libraries Qt needs to show it are missing:"
        " {libraries}. Ask an administrator to install them, e.g. on Debian/Ubuntu:"
        " sudo apt install {packages}",
    ),
    "display_unreachable": (
        "无法打开窗口：连接不上图形显示 {display}。请确认桌面会话正在运行，或检查 DISPLAY 设置",
        "cannot open a window: the graphical display {display} does not answer. Check that"
        " the desktop session is running, or the DISPLAY setting",
    ),
    # log
    "internal_error": (
        "程序出现内部错误，操作未完成。详细信息已记录在 {log}，请将该文件发给技术支持",
        "an internal error stopped the operation. The details are in {log}; please send"
        " that file to support",
    ),
}

MESSAGES.update(SYNC_MESSAGES)


def msg(code: str, **params: object) -> str:
    """Render a message in the current language.

    An unknown code renders as the code itself: a missing translation must never turn an
    error message into a traceback.
    """
    templates = MESSAGES.get(code)
    if templates is None:
        extra = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code} ({extra})" if extra else code
    template = templates[1] if _current == "en" else templates[0]
    return template.format_map(_KeepMissing(params))
