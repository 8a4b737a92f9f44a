"""What the bot says on its own (Chinese): the command menu, greeting, help, refusals. Pure data."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "开始使用，查看示例问题"),
    ("help", "帮助：能问什么、怎么上传"),
    ("ask", "提问（也可以直接发文字）"),
    ("draft", "起草材料，如 /draft 上半年燃气安全工作情况"),
    ("brief", "领导简报：关键数字、趋势、逾期隐患、图表"),
    ("facts", "报告中抽取的数字及原文出处"),
    ("ledger", "隐患台账现状与导入方法"),
    ("ingest", "导入报告或法规的方法"),
    ("subscribe", "订阅每周简报、重大隐患逾期提醒"),
    ("whoami", "我的 Telegram ID、角色和单位"),
    ("users", "用户和群组管理（管理员）"),
)

EXAMPLES: tuple[str, ...] = (
    "本季度燃气隐患整改了多少条？",
    "有多少隐患逾期未整改？",
    "重大隐患有哪些没整改？",
    "燃气用户不得有哪些行为？",
    "区城镇燃气上半年排查了多少户？",
)

GREETING = (
    "您好，我是安全生产助手。可以问我：\n"
    "· 隐患台账的统计数字（发现、整改、逾期、整改率，可按领域、单位、时段）\n"
    "· 历年工作总结里的数字和做法，法律法规的条文\n"
    "· 起草材料（/draft）和领导简报（/brief）\n"
    "数字都来自台账记录或报告原句，查不到会直说“无相关数据”。可以接着追问，如“那消防呢？”“上个季度呢？”。\n"
    "点下面的例子试试："
)

HELP = (
    "直接发文字提问，或用命令：\n"
    "/ask 问题 — 提问；追问只改您提到的条件（“那消防呢？”“上个季度呢？”）\n"
    "/draft 要求 — 起草材料，可选章节、领域、时段，可导出 Word\n"
    "/brief — 领导简报（关键数字、趋势、逾期隐患、图表）\n"
    "/facts [单位] [领域] — 报告中抽取的数字及原文（/facts 全部 看所有单位）\n"
    "/ledger — 隐患台账现状；/ingest — 导入报告或法规\n"
    "/subscribe — 订阅每周简报、重大隐患逾期每日提醒\n"
    "/whoami — 我的身份和权限；/users — 用户管理（管理员）\n\n"
    "上传文件（工作人员、管理员）：\n"
    "· .docx/.pdf/.txt 报告直接发送；法规请在说明文字里写“法规”\n"
    "· .csv/.xlsx 隐患台账直接发送，按隐患编号新增或更新，逐行说明未导入的原因\n"
    "文件大小上限 {limit} MB。"
)

USERS_HELP = (
    "用户管理（管理员）：\n"
    "/users list — 列出用户和已开通的群\n"
    "/users add ID 角色 [单位] — 添加或修改用户；角色：admin（管理员）、staff（工作人员）、leader（领导）\n"
    "    例：/users add 12345 staff XX镇\n"
    "/users remove ID — 移除用户\n"
    "/users group add [群ID] — 开通群（在群里发送可省略群ID）；/users group remove [群ID] — 关闭\n"
    "/users log — 最近的审计记录（拒绝、上传、导入、用户变更）\n"
    "/reindex — 按数据库重建检索索引"
)

UNKNOWN_USER = (
    "您好，本助手只为已登记的工作人员服务。\n"
    "您的 Telegram ID 是 {telegram_id}，请把这个号码发给管理员开通；开通后再来找我。"
)
GROUP_NOT_ALLOWED = "本群尚未开通安全生产助手。管理员可在本群发送 /users group add 开通。"
ADMIN_ONLY = "只有管理员可以{what}。"
UPLOAD_DENIED = "只有工作人员和管理员可以上传报告或导入台账；您的角色是{role}，可以提问和查看。"
RATE_LIMITED = "消息太频繁了，请 {seconds} 秒后再试。"
FAILED = "出错了，已记录。请稍后再试；问题一直出现请告诉管理员。"
EMPTY_ASK = "请在 /ask 后面写上问题，例如：/ask 本季度燃气隐患整改了多少条？"
SOURCES_FORGOTTEN = "这条回答的来源已不再保存，请重新提问。"
