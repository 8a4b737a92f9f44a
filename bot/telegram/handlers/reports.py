"""Drafts, briefings and subscriptions: /draft, /brief, /subscribe."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.constants import ChatAction

from bot.telegram import formatting, keyboards
from bot.telegram.runtime import Context, account, chat_id, runtime, send_html, typing
from bot.telegram.splitting import escape, pack, paragraphs
from knowledge.users.subscriptions import KIND_LABELS, KINDS

if TYPE_CHECKING:
    from bot.assistant import Assistant

NOT_YET = "起草材料和领导简报将在下一版本提供；现在可以直接提问统计数字和报告、法规内容。"


def briefing_available(assistant: Assistant) -> bool:
    return callable(getattr(assistant, "brief", None))


def drafting_available(assistant: Assistant) -> bool:
    return callable(getattr(assistant, "draft", None))


async def send_brief(context: Context, chat: int, *, org: str | None, period: str) -> None:
    """The briefing's text, then its chart as a photo."""
    rt = runtime(context)
    async with typing(context.bot, chat):
        brief: Any = await rt.read(rt.assistant.brief, period=period, org=org)  # type: ignore[attr-defined]
        chart = await rt.read(brief.chart_bytes)
    await send_html(context.bot, chat, pack(paragraphs(brief.text)))
    if chart:
        await context.bot.send_chat_action(chat, ChatAction.UPLOAD_PHOTO)
        await context.bot.send_photo(chat, io.BytesIO(chart), caption=escape(f"{period}隐患情况图"))


async def brief(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    if not briefing_available(rt.assistant):
        await context.bot.send_message(chat, NOT_YET)
        return
    period = " ".join(context.args or []).strip() or "本季度"
    await send_brief(context, chat, org=account(context).org, period=period)


async def subscribe(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    active = await rt.read(rt.assistant.subscriptions.of, chat)
    settings = rt.settings
    weekday = "一二三四五六日"[settings.briefing_weekday - 1]
    text = (f"订阅（点按钮开关）：\n· 每周简报：每周{weekday} {settings.briefing_time:%H:%M} 推送\n"
            f"· 重大隐患逾期每日提醒：每天 {settings.reminder_time:%H:%M}，有逾期才提醒"
            f"{'（按您的单位：' + account(context).org + '）' if account(context).org else ''}")  # type: ignore[operator]
    await context.bot.send_message(chat, text, reply_markup=keyboards.subscriptions(active))


async def subscribe_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    rt, chat, me = runtime(context), chat_id(update), account(context)
    _, args = keyboards.parse(query.data)
    kind = args[0] if args else ""
    if kind not in KINDS:
        await query.answer()
        return
    active = await rt.read(rt.assistant.subscriptions.of, chat)
    on = kind not in active
    await rt.read(rt.assistant.subscriptions.set, chat, me.telegram_id, kind, on)  # type: ignore[arg-type]
    await query.answer(f"已{'订阅' if on else '取消'}：{KIND_LABELS[kind]}")
    await query.edit_message_reply_markup(keyboards.subscriptions((active | {kind}) if on else (active - {kind})))


async def draft(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    if not drafting_available(rt.assistant):
        await context.bot.send_message(chat, NOT_YET)
        return
    await send_html(context.bot, chat, [formatting.escape(NOT_YET)])
