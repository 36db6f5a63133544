"""Messages of the sync and the central store (merged into ``i18n.MESSAGES``).

Kept apart from i18n.py so that module stays about the records. Each says what happened
and what to do next; the comment before an entry lists its parameters.
"""

from __future__ import annotations

SYNC_MESSAGES: dict[str, tuple[str, str]] = {
    # url
    "central_unreachable": (
        "无法连接中心服务器（{url}）。请检查网络连接和服务器地址，稍后再同步；本机数据未受影响",
        "cannot reach the central server ({url}). Check the network and the server address,"
        " then sync again; nothing on this laptop changed",
    ),
    # url
    "central_connection_lost": (
        "与中心服务器的连接中断（{url}）。已完成的部分已保存，请稍后再次同步以继续",
        "the connection to the central server was lost ({url}). What was done is kept;"
        " sync again later to continue",
    ),
    # login
    "central_auth_failed": (
        "用户名或密码错误（{login}）。请核对后重新输入；忘记密码请联系投资促进中心管理员",
        "wrong user name or password ({login}). Check them and try again; if you forgot the"
        " password, ask the investment promotion centre's administrator",
    ),
    # url
    "central_tls": (
        "服务器证书未通过验证（{url}）。请确认服务器地址和根证书是否正确，并联系管理员",
        "the server's certificate was refused ({url}). Check the server address and the root"
        " certificate, and contact the administrator",
    ),
    # url
    "central_refused": (
        "中心服务器拒绝了本机的连接（{url}）：服务器的访问规则不接受这个用户、这台电脑的地址或未加密的连接。"
        "请确认地址中的 sslmode 与服务器要求一致（总部通常要求 sslmode=verify-full），或联系管理员",
        "the central server refused this laptop ({url}): its access rules do not accept this"
        " user, this computer's address or an unencrypted connection. Check that the sslmode in"
        " the address matches what the server requires (usually sslmode=verify-full), or ask"
        " the administrator",
    ),
    # url
    "central_no_database": (
        "中心服务器上没有这个数据库（{url}）。请核对服务器地址中的数据库名",
        "the central server has no such database ({url}). Check the database name in the address",
    ),
    # path
    "central_file_missing": (
        "找不到中心数据文件：{path}。请确认共享文件夹或U盘已连接",
        "the central store file was not found: {path}. Check that the shared folder or USB"
        " stick is connected",
    ),
    # url
    "central_not_initialised": (
        "该中心库尚未初始化（{url}）。请管理员先运行 liaison-app central init",
        "this central store is not set up yet ({url}). The administrator must first run"
        " liaison-app central init",
    ),
    # version, supported
    "central_too_new": (
        "中心库的结构版本（{version}）比本软件新（支持 {supported}）。请升级本软件后再同步；"
        "未同步的修改已保留在本机",
        "the central store's schema ({version}) is newer than this app supports ({supported})."
        " Update the app, then sync; your unsynced changes are kept on this laptop",
    ),
    # version, supported
    "central_too_old": (
        "中心库的结构版本（{version}）比本软件旧（需要 {supported}）。请管理员运行"
        " liaison-app central init 升级中心库",
        "the central store's schema ({version}) is older than this app needs ({supported})."
        " The administrator must run liaison-app central init to upgrade it",
    ),
    # login
    "central_not_member": (
        "中心库中没有登录名 {login} 的人员信息。请管理员用 central add-user 添加",
        "the central store has no person with login {login}. The administrator must add them"
        " with central add-user",
    ),
    "sync_sample_data": (
        "这是示例数据库（由 demo 生成），不能上传到中心库。请在新的数据文件夹中使用真实数据再同步",
        "this is a sample database (made by demo) and cannot be pushed to the central store."
        " Use a new data folder for real data, then sync",
    ),
    "sync_not_connected": (
        "尚未连接中心库。请先运行 liaison-app connect URL --user 登录名",
        "not connected to a central store yet. Run liaison-app connect URL --user LOGIN first",
    ),
    "sync_password_needed": (
        "需要密码：系统密钥环不可用，密码不会保存。请用 --password-stdin 输入密码",
        "a password is needed: no keyring is available here, so it is not stored. Give it"
        " with --password-stdin",
    ),
    "conflict_not_editable": (
        "该项（如审核结论）不能在这里修改：请保留当前值，或由负责人重新审核",
        "this value (such as a review decision) cannot be changed here: keep the current"
        " value, or have a manager review the visit again",
    ),
    "sync_cancelled": ("同步已取消；已完成的部分已保存", "sync cancelled; what was done is kept"),
    "central_managed": (
        "已连接中心库：联络办和人员信息由中心库统一管理，不能在本机修改",
        "connected to a central store: offices and staff are managed there and cannot be"
        " changed on this laptop",
    ),
    # login, office, role, store
    "connect_done": (
        "已连接中心库 {store}：{login}（{office}，{role}）",
        "connected to central store {store}: {login} ({office}, {role})",
    ),
    "connect_password_saved": (
        "密码已保存在系统密钥环中",
        "the password is saved in the system keyring",
    ),
    # backend
    "connect_no_keyring": (
        "系统密钥环不可用（{backend}），密码未保存；每次同步时需要输入密码",
        "no usable keyring ({backend}): the password was not saved; each sync will ask for it",
    ),
    # things (a list of sync_count_* texts)
    "sync_received": ("收到 {things}", "received {things}"),
    # count
    "sync_sent": ("上传 {count} 条修改", "sent {count} changes"),
    # count
    "sync_conflicts": ("{count} 处冲突待处理", "{count} conflicts to settle"),
    # count
    "sync_rejected": (
        "{count} 条修改被中心库拒绝（已保留在本机，详见日志）",
        "{count} changes refused by the central store (kept on this laptop; see the log)",
    ),
    # count
    "sync_merged_companies": ("{count} 家重复企业已合并", "{count} duplicate companies merged"),
    "sync_count_office": ("{count} 个联络办", "{count} offices"),
    "sync_count_staff": ("{count} 位人员", "{count} staff"),
    "sync_count_company": ("{count} 家企业", "{count} companies"),
    "sync_count_contact": ("{count} 位联系人", "{count} contacts"),
    "sync_count_visit": ("{count} 条拜访记录", "{count} visits"),
    "sync_count_lead": ("{count} 条项目线索", "{count} leads"),
    "sync_count_deal": ("{count} 个签约项目", "{count} deals"),
    "sync_nothing": ("已是最新，无需同步", "already up to date: nothing to sync"),
    # minutes
    "sync_clock_skew": (
        "本机时钟与服务器相差约 {minutes} 分钟，请校准系统时间",
        "this laptop's clock is about {minutes} minutes off the server's; please set the time",
    ),
    # count
    "sync_clamped": (
        "有 {count} 个时间戳超前服务器时间 5 分钟以上，已按服务器时间处理",
        "{count} stamps were more than 5 minutes ahead of the server's time and were clamped",
    ),
    # pushed, total
    "sync_progress_push": ("正在上传 {pushed}/{total}", "pushing {pushed}/{total}"),
    # pulled
    "sync_progress_pull": ("正在接收 {pulled} 条", "pulling {pulled}"),
    # store, version
    "central_init_done": (
        "中心库已就绪：编号 {store}，结构版本 {version}",
        "central store ready: id {store}, schema version {version}",
    ),
    # login, office, role
    "central_restored": (
        "中心库已换发新编号 {store}。各台电脑下次同步时将重新发送全部记录，并从头读取中心库；"
        "备份之后发送的记录不会丢失",
        "the central store now has the new id {store}. At its next sync every laptop sends"
        " all its records again and reads the store from the start: nothing sent after the"
        " backup is lost",
    ),
    "central_user_added": (
        "已添加人员 {login}（{office}，{role}）",
        "added {login} ({office}, {role})",
    ),
    # role
    "central_bad_role": (
        "角色必须是 staff、manager 或 hq，而不是 {role}",
        "the role must be staff, manager or hq, not {role}",
    ),
    "central_office_required": (
        "工作人员和负责人必须属于一个联络办（--office）",
        "staff and managers must belong to an office (--office)",
    ),
}
