"""Questions in chat: /start, /help, /ask, free text, example buttons, and the 来源 button."""

from __future__ import annotations

import re
import uuid

from telegram import Update
from telegram.constants import ParseMode

from bot.telegram import formatting, keyboards, texts
from bot.telegram.access import is_group
from bot.telegram.handlers import reports
from bot.telegram.runtime import Context, account, chat_id, reply_target, runtime, send_html, typing
from bot.telegram.splitting import escape


async def start(update: Update, context: Context) -> None:
    await context.bot.send_message(chat_id(update), texts.GREETING, reply_markup=keyboards.examples(texts.EXAMPLES))


async def help_command(update: Update, context: Context) -> None:
    limit = f"{runtime(context).settings.upload_limit_mb:g}"
    await context.bot.send_message(chat_id(update), texts.HELP.format(limit=limit))


async def ask_command(update: Update, context: Context) -> None:
    question = " ".join(context.args or []).strip()
    if not question:
        await context.bot.send_message(chat_id(update), texts.EMPTY_ASK)
        return
    await answer(update, context, question)


async def text_message(update: Update, context: Context) -> None:
    """Free text is a question; in a group only when it mentions the bot or replies to it."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    if update.effective_chat is not None and is_group(update.effective_chat):
        username = context.bot.username
        mentioned = bool(username) and f"@{username}".lower() in text.lower()
        replied = bool(message.reply_to_message and message.reply_to_message.from_user
                       and message.reply_to_message.from_user.id == context.bot.id)  # fmt: skip
        if not (mentioned or replied):
            return
        if username:
            text = re.sub(rf"@{re.escape(username)}", "", text, flags=re.IGNORECASE)
    if text.strip():
        await answer(update, context, text.strip())


async def answer(update: Update, context: Context, question: str) -> None:
    """Answer with the chat's follow-up context, "typing…" while working, sources behind a button."""
    rt, chat, user = runtime(context), chat_id(update), account(context)
    key = uuid.uuid4().hex[:12]
    async with typing(context.bot, chat):
        reply = await rt.read(rt.assistant.chat_ask, chat, question, org=user.org, key=key)
    markup = keyboards.sources(key, len(reply.sources)) if reply.sources else None
    if reply.kind == "draft" and reply.attachment is not None:  # "帮我起草…" typed as a message
        markup = reports.docx_button(reports.remember_draft(context, question, open_choices=[], result=reply.attachment))
    await send_html(context.bot, chat, formatting.answer_messages(reply), markup=markup, reply_to=reply_target(update))
    if reply.kind == "brief" and reply.attachment is not None:
        await reports.send_chart(context, chat, reply.attachment)


async def example_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    _, args = keyboards.parse(query.data)
    index = int(args[0]) if args and args[0].isdigit() else -1
    if 0 <= index < len(texts.EXAMPLES):
        await context.bot.send_message(chat_id(update), escape(f"问：{texts.EXAMPLES[index]}"),
                                       parse_mode=ParseMode.HTML)
        await answer(update, context, texts.EXAMPLES[index])


async def sources_button(update: Update, context: Context) -> None:
    """Expand an answer's sources: under the answer when they fit, else as messages of their own."""
    query = update.callback_query
    assert query is not None and query.message is not None
    rt, chat = runtime(context), chat_id(update)
    _, args = keyboards.parse(query.data)
    kept = await rt.read(rt.assistant.recall_answer, chat, args[0]) if args else None
    if kept is None:
        await query.answer(texts.SOURCES_FORGOTTEN, show_alert=True)
        return
    await query.answer()
    shown = formatting.answer_messages(kept)[-1]
    parts = formatting.expanded_messages(shown, kept.sources)
    if len(parts) == 1 and parts[0].startswith(shown):
        await query.edit_message_text(parts[0], parse_mode=ParseMode.HTML, reply_markup=None)
        return
    await query.edit_message_reply_markup(reply_markup=None)
    await send_html(context.bot, chat, parts, reply_to=query.message.message_id)
