"""The stored data: /facts (figures from reports), /ledger, /ingest (how to add data), /reindex (admin)."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.telegram import formatting, texts
from bot.telegram.progress import StatusMessage, count_progress_text
from bot.telegram.runtime import Context, account, chat_id, runtime, send_html, typing
from knowledge.facts.lexicon import DOMAINS

ALL_WORDS = ("全部", "所有", "全部单位")


def facts_filters(args: list[str], default_org: str | None) -> tuple[str | None, str | None]:
    """Pure: (org, domain) from `/facts [单位] [领域]`; the user's organisation unless 全部 or one is named."""
    org: str | None = default_org
    domain: str | None = None
    words = [a for a in args if a.strip()]
    if any(w in ALL_WORDS for w in words):
        org = None
        words = [w for w in words if w not in ALL_WORDS]
    for word in words:
        if word in DOMAINS:
            domain = word
        else:
            org = word
    return org, domain


async def facts(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    org, domain = facts_filters(list(context.args or []), account(context).org)
    async with typing(context.bot, chat):
        rows = await rt.read(rt.assistant.facts, org=org, domain=domain)
    scope = "；".join(p for p in (f"单位含“{org}”" if org else "", f"领域：{domain}" if domain else "") if p)
    await send_html(context.bot, chat, formatting.facts_messages(rows, scope=scope))


async def ledger(update: Update, context: Context) -> None:
    rt = runtime(context)
    counts = await rt.read(rt.assistant.counts)
    may = "发送 .csv 或 .xlsx 台账文件即可导入：按隐患编号新增或更新，无法导入的行逐行说明原因，其余照常导入。"
    if not account(context).may_upload:
        may = "导入台账需要工作人员或管理员角色。"
    text = (f"隐患台账现有 {counts['hazards']} 条隐患记录；报告 {counts['reports']} 篇（抽取数字 {counts['facts']} 个），"
            f"法规 {counts['regulations']} 部。\n{may}\n可以直接问：“本季度燃气隐患整改了多少条？”“有多少隐患逾期未整改？”")
    await context.bot.send_message(chat_id(update), text)


async def ingest(update: Update, context: Context) -> None:
    limit = f"{runtime(context).settings.upload_limit_mb:g}"
    text = (f"导入报告：直接发送 .docx、.pdf 或 .txt 文件（不超过 {limit} MB）；汇编会自动拆成单篇。\n"
            "导入法规：发送文件时在说明文字里写“法规”。\n"
            "重复发送同一文件不会重复入库；每篇的结果（新增、重复、拒收及原因）会逐一列出。")
    if not account(context).may_upload:
        text += "\n（上传需要工作人员或管理员角色。）"
    await context.bot.send_message(chat_id(update), text)


async def reindex(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    me = account(context)
    if not me.is_admin:
        await context.bot.send_message(chat, texts.ADMIN_ONLY.format(what="重建检索索引"))
        return
    status = StatusMessage(await context.bot.send_message(chat, "正在重建检索索引……"), asyncio.get_running_loop())
    count = await rt.write(rt.assistant.reindex, on_progress=status.callback(count_progress_text("正在重建索引，段落")))
    await rt.read(rt.assistant.audit.record, "reindex", telegram_id=me.telegram_id, chat_id=chat,
                  detail="/reindex", result=f"{count} 个段落")  # fmt: skip
    await status.finish(formatting.escape(f"已重建检索索引：{count} 个段落。"))
