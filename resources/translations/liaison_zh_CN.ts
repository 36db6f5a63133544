<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Liaison</source>
        <translation>联络办招商工作台</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Liaison backups (*.db)</source>
        <translation>联络办招商工作台备份 (*.db)</translation>
    </message>
    <message>
        <source>The first-run dialog is not available.</source>
        <translation>无法打开首次使用设置。</translation>
    </message>
</context>
<context>
    <name>BoolField</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未指定）</translation>
    </message>
</context>
<context>
    <name>CompaniesPage</name>
    <message>
        <source>Select a company to see its records</source>
        <translation>选择一家企业，查看其相关记录</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>项目线索</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>签约项目</translation>
    </message>
</context>
<context>
    <name>CompanyField</name>
    <message>
        <source>Type part of the company name</source>
        <translation>输入企业名称中的字词，如“华为”</translation>
    </message>
    <message>
        <source>New company…</source>
        <translation>新建企业…</translation>
    </message>
    <message>
        <source>No company matches. &lt;a href=&quot;new&quot;&gt;Create “{name}”…&lt;/a&gt;</source>
        <translation>没有匹配的企业。&lt;a href=&quot;new&quot;&gt;新建企业“{name}”…&lt;/a&gt;</translation>
    </message>
    <message>
        <source>No company is named “{name}”: choose one from the list, or click “New company…” to add it.</source>
        <translation>没有名为“{name}”的企业：请从下拉列表中选择，或点击“新建企业…”添加。</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Overwritten</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <source>Overwritten by</source>
        <translation>被覆盖者</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>When two people changed the same field, the later change was kept and the other is shown here. Keep the current value, take the overwritten one, or type a new one.</source>
        <translation>两人修改了同一字段时，保留较晚的修改，另一处修改显示在这里。可以保留当前值、采用被覆盖的值，或输入新值。</translation>
    </message>
    <message>
        <source>No conflicts: every change merged cleanly.</source>
        <translation>没有冲突：所有修改都已顺利合并。</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>保留当前值</translation>
    </message>
    <message>
        <source>Take overwritten value</source>
        <translation>采用被覆盖的值</translation>
    </message>
    <message>
        <source>Type a new value…</source>
        <translation>输入新值…</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>All offices</source>
        <translation>全部联络办</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Visits per month</source>
        <translation>每月拜访次数</translation>
    </message>
    <message>
        <source>Leads by stage</source>
        <translation>各阶段项目线索</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>线索数</translation>
    </message>
    <message>
        <source>Valid leads</source>
        <translation>有效线索</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>逾期未跟进</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>应跟进日期</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>联络办</translation>
    </message>
    <message>
        <source>Visited by</source>
        <translation>拜访人</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>拜访日期</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>次</translation>
    </message>
    <message>
        <source>companies</source>
        <translation>家</translation>
    </message>
    <message>
        <source>leads</source>
        <translation>条</translation>
    </message>
    <message>
        <source>deals</source>
        <translation>个</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Overdue follow-ups ({0})</source>
        <translation>逾期未跟进（{0}）</translation>
    </message>
    <message>
        <source>Visits per quarter</source>
        <translation>每季度拜访次数</translation>
    </message>
    <message>
        <source>Visits per year</source>
        <translation>每年拜访次数</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>自定义日期…</translation>
    </message>
    <message>
        <source>No records in this period.</source>
        <translation>此期间没有记录。</translation>
    </message>
    <message>
        <source>Show all dates</source>
        <translation>显示全部日期</translation>
    </message>
    <message>
        <source>Overdue by</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Showing {0} to {1}</source>
        <translation>显示 {0} 至 {1}</translation>
    </message>
    <message>
        <source>Showing all dates</source>
        <translation>显示全部日期</translation>
    </message>
    <message>
        <source>the {0} most recently due</source>
        <translation>最近到期的 {0} 条</translation>
    </message>
    <message>
        <source>Show all {0} in Visits</source>
        <translation>在拜访记录中查看全部 {0} 条</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <source>{0} months</source>
        <translation>{0} 个月</translation>
    </message>
    <message>
        <source>{0} years</source>
        <translation>{0} 年</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Pick the date on a calendar</source>
        <translation>在日历上选择日期</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <source>Company</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>First: credit code</source>
        <translation>第一家：统一社会信用代码</translation>
    </message>
    <message>
        <source>First: region</source>
        <translation>第一家：地区</translation>
    </message>
    <message>
        <source>Second: credit code</source>
        <translation>第二家：统一社会信用代码</translation>
    </message>
    <message>
        <source>Second: region</source>
        <translation>第二家：地区</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>Companies with the same name where at least one has no credit code are kept apart until someone decides. Merging keeps one and moves the other&apos;s visits, leads, deals and contacts to it, for every office.</source>
        <translation>名称相同、且至少一家没有统一社会信用代码的企业会分开保存，由人来判断。合并后保留其中一家，另一家的拜访记录、项目线索、签约项目和联系人都转到保留的企业名下，对所有联络办生效。</translation>
    </message>
    <message>
        <source>Keep the first, merge the second</source>
        <translation>保留第一家，合并第二家</translation>
    </message>
    <message>
        <source>Keep the second, merge the first</source>
        <translation>保留第二家，合并第一家</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Connect to the central store (Settings, Sync) to see them.</source>
        <translation>连接中心库（设置 → 同步）后可查看。</translation>
    </message>
    <message>
        <source>Asking the central store…</source>
        <translation>正在查询中心库…</translation>
    </message>
    <message>
        <source>No possible duplicates.</source>
        <translation>没有疑似重复的企业。</translation>
    </message>
    <message>
        <source>Merge companies</source>
        <translation>合并企业</translation>
    </message>
    <message>
        <source>Keep {0} and move everything of the other to it? This cannot be undone.</source>
        <translation>保留“{0}”，并把另一家的全部记录转到它名下？合并后不能撤销。</translation>
    </message>
    <message>
        <source>Merged: every laptop gets it with its next sync.</source>
        <translation>已合并：各台电脑下次同步后生效。</translation>
    </message>
</context>
<context>
    <name>EnumField</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>One workbook: a summary of the period, then visits, leads, deals, companies and contacts. It can be edited in Excel and imported back.</source>
        <translation>导出为一个工作簿：先是所选期间的汇总，然后是拜访记录、项目线索、签约项目、企业和联系人。可在 Excel 中修改后再导入。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>All offices</source>
        <translation>全部联络办</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>联络办</translation>
    </message>
    <message>
        <source>Liaison data</source>
        <translation>招商工作数据</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled. No file was written.</source>
        <translation>已取消导出，未生成文件。</translation>
    </message>
</context>
<context>
    <name>FilePicker</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search company, people, text…</source>
        <translation>搜索企业、人员、内容…</translation>
    </message>
    <message>
        <source>All offices</source>
        <translation>全部联络办</translation>
    </message>
    <message>
        <source>All staff</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>自定义日期…</translation>
    </message>
    <message>
        <source>All review states</source>
        <translation>全部审核状态</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>Valid or not</source>
        <translation>是否有效</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效线索</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>非有效线索</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All chains</source>
        <translation>全部产业链</translation>
    </message>
    <message>
        <source>Clear the search and every filter</source>
        <translation>清除搜索和所有筛选条件</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{0} rows</source>
        <translation>共 {0} 条</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>{0} rows (filtered)</source>
        <translation>共 {0} 条（已筛选）</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>Before you start, tell us who you are. This is asked only once and kept on this computer; your name and office appear on the records you enter.</source>
        <translation>开始使用前，请填写您的基本信息。这些信息只需填写一次，保存在本机；您录入的记录将署上您的姓名和所属联络办。</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>所属联络办</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation>如：王浩然</translation>
    </message>
    <message>
        <source>Choose, or type a new office</source>
        <translation>请选择，或输入新的联络办名称</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Please enter your name.</source>
        <translation>请填写姓名。</translation>
    </message>
    <message>
        <source>Please choose or type your office.</source>
        <translation>请选择或填写所属联络办。</translation>
    </message>
    <message>
        <source>Welcome to Liaison</source>
        <translation>欢迎使用联络办招商工作台</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Reviewed at</source>
        <translation>审核时间</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建记录</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>修改项</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>A workbook exported by this app, or your own sheets of visits, leads, deals, companies or contacts with a header row. Nothing is written until you confirm, and a file with any problem imports nothing.</source>
        <translation>可导入本软件导出的工作簿，或您自己整理的拜访记录、项目线索、签约项目、企业、联系人表格（第一行为表头）。确认之前不会写入任何数据；文件中只要有一处问题，就不会导入任何内容。</translation>
    </message>
    <message>
        <source>Workbook</source>
        <translation>工作簿</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变化</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Choose the workbook to import.</source>
        <translation>请选择要导入的工作簿。</translation>
    </message>
    <message>
        <source>%1 new records and %2 updates. Import them?</source>
        <translation>将新增 %1 条记录、更新 %2 条记录，确定导入吗？</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was imported.</source>
        <translation>已取消，未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>LeadsPage</name>
    <message>
        <source>Change stage</source>
        <translation>更改阶段</translation>
    </message>
    <message>
        <source>Stage changed for {0} lead(s)</source>
        <translation>已更改 {0} 条线索的阶段</translation>
    </message>
    <message>
        <source>Changing stage…</source>
        <translation>正在更改阶段…</translation>
    </message>
</context>
<context>
    <name>LinkField</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>ListColumns</name>
    <message>
        <source>Review</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访次数</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近拜访</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新建拜访记录</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>新建项目线索</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建签约项目</translation>
    </message>
    <message>
        <source>New company</source>
        <translation>新建企业</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Delete {0} selected {1} record(s)?</source>
        <translation>确定删除选中的 {0} 条{1}吗？</translation>
    </message>
    <message>
        <source>Deleted records leave the lists; the deletion syncs like any change.</source>
        <translation>删除的记录将不再显示在列表中；删除操作会像其他修改一样同步。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>No records match the filters</source>
        <translation>没有符合筛选条件的记录</translation>
    </message>
    <message>
        <source>Check the words searched for, or clear the search and filters to see every record.</source>
        <translation>请检查搜索词，或清除搜索和筛选条件以查看全部记录。</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>No visits wait for review</source>
        <translation>暂无待审核的拜访记录</translation>
    </message>
    <message>
        <source>Visits appear here when staff submit them for review.</source>
        <translation>招商人员提交审核后，拜访记录会显示在这里。</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation>还没有拜访记录</translation>
    </message>
    <message>
        <source>No leads yet</source>
        <translation>还没有项目线索</translation>
    </message>
    <message>
        <source>No deals yet</source>
        <translation>还没有签约项目</translation>
    </message>
    <message>
        <source>No companies yet</source>
        <translation>企业库中还没有企业</translation>
    </message>
    <message>
        <source>No records yet</source>
        <translation>还没有记录</translation>
    </message>
    <message>
        <source>Create the first one, or import existing records from an Excel workbook.</source>
        <translation>新建第一条记录，或从 Excel 工作簿导入已有记录。</translation>
    </message>
    <message>
        <source>Nothing matches &quot;{0}&quot;</source>
        <translation>没有找到与“{0}”相符的记录</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>Not available</source>
        <translation>暂不可用</translation>
    </message>
    <message>
        <source>This function is not available in this version of the app.</source>
        <translation>此版本暂不提供该功能。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The new language applies the next time the app starts.</source>
        <translation>新的语言将在下次启动本软件时生效。</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Liaison backups (*.db)</source>
        <translation>联络办招商工作台备份 (*.db)</translation>
    </message>
    <message>
        <source>Replace the current data with the backup {0}? The current data is saved as a backup first.</source>
        <translation>确定用备份 {0} 替换当前数据吗？替换前会先将当前数据另存为备份。</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>项目线索</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>签约项目</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>企业库</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>HQ report…</source>
        <translation>报送统计报表…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Back up…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>About Liaison</source>
        <translation>关于联络办招商工作台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Liaison {0}
Visits, leads and deals of resident liaison offices, offline first.
Data folder: {1}</source>
        <translation>联络办招商工作台 {0}
驻外联络办的拜访记录、项目线索和签约项目管理，离线也能使用。
数据目录：{1}</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>{0} conflicts to settle</source>
        <translation>{0} 处冲突待处理</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>疑似重复企业</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MoneyField</name>
    <message>
        <source>e.g. 120,000,000</source>
        <translation>如 5000万、1.2亿</translation>
    </message>
</context>
<context>
    <name>PagedTableModel</name>
    <message>
        <source>Returned: {0}</source>
        <translation>已退回：{0}</translation>
    </message>
    <message>
        <source>Conflicts to settle: see Conflicts</source>
        <translation>有冲突待处理，请在“冲突”中处理</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Liaison</source>
        <translation>联络办招商工作台</translation>
    </message>
    <message>
        <source>The record editor is not available in this build.</source>
        <translation>此版本无法打开记录编辑窗口。</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Chosen dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Create lead from this visit</source>
        <translation>由此拜访创建线索</translation>
    </message>
    <message>
        <source>Mark as signed…</source>
        <translation>标记为已签约…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save and close (Ctrl+S)</source>
        <translation>保存并关闭（Ctrl+S）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>不保存，关闭（Esc）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Related records ({count})</source>
        <translation>关联记录（{count}）</translation>
    </message>
    <message>
        <source>Review: {state}</source>
        <translation>审核状态：{state}</translation>
    </message>
    <message>
        <source>Comment: {comment}</source>
        <translation>审核意见：{comment}</translation>
    </message>
    <message>
        <source>Saving a change sends it back for review.</source>
        <translation>修改并保存后将重新提交审核。</translation>
    </message>
    <message>
        <source>New {kind}</source>
        <translation>新建{kind}</translation>
    </message>
    <message>
        <source>Open signed deal</source>
        <translation>查看签约项目</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <source>Not saved. Please correct the following:</source>
        <translation>未能保存，请修改以下问题：</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>This record has changes that are not saved.</source>
        <translation>此记录有尚未保存的修改。</translation>
    </message>
    <message>
        <source>Save them before closing?</source>
        <translation>关闭前是否保存？</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <source>{count} conflicts on this record: see Conflicts.</source>
        <translation>此记录有 {count} 处冲突待处理，请在“冲突”中处理。</translation>
    </message>
</context>
<context>
    <name>RecordTable</name>
    <message>
        <source>Reset columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>RelatedTable</name>
    <message>
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新建拜访记录</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>新建项目线索</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建签约项目</translation>
    </message>
</context>
<context>
    <name>RelatedView</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新建拜访记录</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>新建项目线索</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
    <message>
        <source>Visits ({count})</source>
        <translation>拜访记录（{count}）</translation>
    </message>
    <message>
        <source>Leads ({count})</source>
        <translation>项目线索（{count}）</translation>
    </message>
    <message>
        <source>Deals ({count})</source>
        <translation>签约项目（{count}）</translation>
    </message>
    <message>
        <source>Contacts ({count})</source>
        <translation>联系人（{count}）</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Statistics report for headquarters</source>
        <translation>报送投资促进中心的统计报表</translation>
    </message>
    <message>
        <source>Per office and month: visits, companies visited, valid leads and their investment, signed deals, deals of 1亿元 and above, groundbreakings and funds in place; with the list of signed deals.</source>
        <translation>按联络办和月份统计：拜访次数、拜访企业数、有效线索及涉及投资额、签约项目及投资额、亿元以上项目、开工项目和实际到位资金，并附签约项目清单。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Make report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <source>Statistics report</source>
        <translation>统计报表</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return for revision</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Return {0} visit(s) to their authors. Why?</source>
        <translation>将 {0} 条拜访记录退回录入人修改，请填写退回原因：</translation>
    </message>
    <message>
        <source>e.g. add the investment size and next step</source>
        <translation>如：请补充投资规模和下步计划</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Select a visit to read it here</source>
        <translation>选择一条拜访记录，在此查看详情</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Return with comment…</source>
        <translation>退回并填写意见…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>{0} visit(s) approved</source>
        <translation>已通过 {0} 条拜访记录</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>正在审核…</translation>
    </message>
    <message>
        <source>{0} visit(s) returned</source>
        <translation>已退回 {0} 条拜访记录</translation>
    </message>
    <message>
        <source>Returning…</source>
        <translation>正在退回…</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Discussion</source>
        <translation>洽谈情况</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目情况</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进展</translation>
    </message>
    <message>
        <source>Investment and location</source>
        <translation>投资与落地</translation>
    </message>
    <message>
        <source>Advancement</source>
        <translation>推进情况</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A new language applies after restarting the app.</source>
        <translation>更改语言后，重新启动本软件即生效。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>To use another folder, start the app with --data-dir FOLDER or set the LIAISON_HOME environment variable. Backups and logs are kept inside it.</source>
        <translation>如需使用其他目录，请在启动时加参数 --data-dir 目录，或设置环境变量 LIAISON_HOME。备份和日志也保存在该目录中。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sync with the central store</source>
        <translation>与中心库同步</translation>
    </message>
    <message>
        <source>You</source>
        <translation>本人信息</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>联络办</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>all offices</source>
        <translation>全部联络办</translation>
    </message>
    <message>
        <source>As the central store knows you; it changes there, not here.</source>
        <translation>以中心库登记的信息为准；如需更改，请联系中心库管理员。</translation>
    </message>
    <message>
        <source>As chosen at the first start; connecting takes them from the central store.</source>
        <translation>首次启动时填写；连接中心库后以中心库登记的信息为准。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Automatic sync</source>
        <translation>自动同步</translation>
    </message>
    <message>
        <source>Sync when the app starts</source>
        <translation>启动软件时同步</translation>
    </message>
    <message>
        <source>never</source>
        <translation>不自动同步</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>同步间隔</translation>
    </message>
    <message>
        <source>Only with a saved password, and never while a dialog is open; what happened shows in the status bar.</source>
        <translation>仅在已保存密码时进行，有对话框打开时不会同步；结果显示在状态栏。</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Unsynced changes: {0}</source>
        <translation>未同步的修改：{0}</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>上次同步：从未同步</translation>
    </message>
    <message>
        <source>Last sync: {0}</source>
        <translation>上次同步：{0}</translation>
    </message>
    <message>
        <source>Not connected: {0} changes kept on this computer</source>
        <translation>未连接中心库：{0} 条修改保存在本机</translation>
    </message>
</context>
<context>
    <name>SyncRun</name>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Password of {0} for {1}:</source>
        <translation>请输入 {0} 在 {1} 的密码：</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
<context>
    <name>SyncSettings</name>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL 服务器</translation>
    </message>
    <message>
        <source>Shared file (one office, shared folder, USB stick)</source>
        <translation>共享文件（单个联络办、共享文件夹或U盘）</translation>
    </message>
    <message>
        <source>Central store</source>
        <translation>中心库</translation>
    </message>
    <message>
        <source>e.g. db.tzcj.gov.cn</source>
        <translation>例如 10.0.0.5 或服务器域名</translation>
    </message>
    <message>
        <source>Encrypted, server certificate checked (recommended)</source>
        <translation>加密并验证服务器证书（推荐）</translation>
    </message>
    <message>
        <source>Encrypted, certificate not checked</source>
        <translation>加密，不验证证书</translation>
    </message>
    <message>
        <source>Encrypted if the server offers it</source>
        <translation>服务器支持时加密</translation>
    </message>
    <message>
        <source>Not encrypted (trusted network only)</source>
        <translation>不加密（仅限可信网络）</translation>
    </message>
    <message>
        <source>root certificate from the administrator</source>
        <translation>管理员提供的根证书</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <source>Root certificate</source>
        <translation>根证书</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>A shared file keeps offices apart only in this app: anyone who can open the file can read all of it. Use a PostgreSQL server between offices.</source>
        <translation>共享文件只在本软件内区分各联络办的数据：能打开该文件的人可以看到全部内容。多个联络办之间请使用 PostgreSQL 服务器。</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The password is kept in the system&apos;s password store, never in a file.</source>
        <translation>密码保存在系统的密码保管服务中，不会写入任何文件。</translation>
    </message>
    <message>
        <source>This computer has no password store: the password is not saved anywhere and is asked for at each sync.</source>
        <translation>本机没有可用的密码保管服务：密码不会保存，每次同步时需要输入。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connected as {0}.</source>
        <translation>已以 {0} 的身份连接。</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer)</source>
        <translation>证书文件 (*.crt *.pem *.cer)</translation>
    </message>
    <message>
        <source>Central store file</source>
        <translation>中心库文件</translation>
    </message>
    <message>
        <source>Liaison central store (*.db)</source>
        <translation>中心库文件 (*.db)</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>请填写服务器地址。</translation>
    </message>
    <message>
        <source>Choose the central store file.</source>
        <translation>请选择中心库文件。</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>请填写登录名。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connection works: {0}</source>
        <translation>连接正常：{0}</translation>
    </message>
    <message>
        <source>Connected: {0}</source>
        <translation>已连接：{0}</translation>
    </message>
    <message>
        <source>The password was not saved (no password store): each sync will ask.</source>
        <translation>密码未保存（本机没有密码保管服务）：每次同步时需要输入。</translation>
    </message>
    <message>
        <source>all offices</source>
        <translation>全部联络办</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Choose where to save the workbook.</source>
        <translation>请选择工作簿的保存位置。</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>UsccField</name>
    <message>
        <source>18 characters, e.g. 91440300708461136T</source>
        <translation>18 位，如 91440300708461136T</translation>
    </message>
    <message>
        <source>Check digit correct</source>
        <translation>校验通过</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>{0} visit(s) submitted for review</source>
        <translation>已提交 {0} 条拜访记录待审核</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>{0} of your visits were returned</source>
        <translation>您有 {0} 条拜访记录被退回</translation>
    </message>
    <message>
        <source>Overdue follow-ups only  ✕</source>
        <translation>仅逾期未跟进  ✕</translation>
    </message>
    <message>
        <source>Show all visits again</source>
        <translation>显示全部拜访记录</translation>
    </message>
</context>
</TS>
