"""The access gate: runs before every handler. Unknown users get one polite refusal with their Telegram ID;
group chats need an admin's approval; every refused attempt is logged; a per-user rate limit applies."""

from __future__ import annotations

import logging
import math

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.telegram import texts
from bot.telegram.runtime import Context, runtime

log = logging.getLogger(__name__)


def attempt(update: Update) -> str:
    """What the update tried, for the audit log."""
    message = update.effective_message
    if update.callback_query is not None:
        return f"按钮：{update.callback_query.data or ''}"
    if message is None:
        return "其他更新"
    if message.document is not None:
        return f"上传文件：{message.document.file_name or ''}"
    return (message.text or message.caption or "（非文字消息）")[:300]


def is_group(chat: Chat) -> bool:
    return chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def _is_users_command(update: Update) -> bool:
    text = update.effective_message.text if update.effective_message else None
    return bool(text) and text.split(maxsplit=1)[0].split("@")[0] == "/users"  # type: ignore[union-attr]


async def gate(update: Update, context: Context) -> None:
    """Let the update through with its account in user_data, or stop it here."""
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        raise ApplicationHandlerStop
    account = await rt.read(rt.assistant.users.get, user.id)
    if account is None:
        await _refuse_unknown(update, context, user.id, chat.id)
        raise ApplicationHandlerStop
    opening = account.is_admin and _is_users_command(update)  # an admin may open a group from inside it
    if is_group(chat) and not opening and not await rt.read(rt.assistant.users.chat_allowed, chat.id):
        await _refuse_group(update, context, user.id, chat.id)
        raise ApplicationHandlerStop
    decision = rt.limiter.check(user.id)
    if decision.verdict != "ok":
        log.info("rate limit: user %s (%s)", user.id, decision.verdict)
        if decision.verdict == "refuse":
            await _tell(update, context, texts.RATE_LIMITED.format(seconds=max(1, math.ceil(decision.retry_after))))
        raise ApplicationHandlerStop
    assert context.user_data is not None
    context.user_data["account"] = account


async def _tell(update: Update, context: Context, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text[:190], show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)


async def _refuse_unknown(update: Update, context: Context, telegram_id: int, chat_id: int) -> None:
    rt = runtime(context)
    told_before = await rt.read(rt.assistant.audit.seen, "refused", telegram_id=telegram_id)
    await rt.read(rt.assistant.audit.record, "refused", telegram_id=telegram_id, chat_id=chat_id,
                  detail=attempt(update), result="未登记用户：已拒绝" + ("" if told_before else "并告知其 ID"))
    log.info("refused unknown user %s in chat %s", telegram_id, chat_id)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if not told_before:
        await context.bot.send_message(chat_id, texts.UNKNOWN_USER.format(telegram_id=telegram_id))


async def _refuse_group(update: Update, context: Context, telegram_id: int, chat_id: int) -> None:
    rt = runtime(context)
    told_before = await rt.read(rt.assistant.audit.seen, "refused_group", chat_id=chat_id)
    await rt.read(rt.assistant.audit.record, "refused_group", telegram_id=telegram_id, chat_id=chat_id,
                  detail=attempt(update), result="群组未开通：已拒绝")
    log.info("refused group %s (user %s)", chat_id, telegram_id)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if not told_before:
        await context.bot.send_message(chat_id, texts.GROUP_NOT_ALLOWED)
