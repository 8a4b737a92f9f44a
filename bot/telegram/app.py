"""Building and running the Telegram application: handlers wired here and nowhere else (PTB's examples
keep all wiring in main()); long polling by default, a webhook when SAFETYBOT_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import jobs, keyboards, texts
from bot.telegram.access import gate
from bot.telegram.handlers import admin, conversation, data, files, reports
from bot.telegram.network import FloodControl, RetryingRequest
from bot.telegram.ratelimit import RateLimiter
from bot.telegram.runtime import Context, Runtime
from knowledge.errors import ConfigError, SafetybotError

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from knowledge.settings import Settings

log = logging.getLogger(__name__)
BotApp = Application[Any, Any, Any, Any, Any, Any]
MAX_CONCURRENT_UPDATES = 64
CONNECTIONS = 16  # httpcore checks every pooled connection on each request: a big pool costs CPU


class PerChatOrder(BaseUpdateProcessor):
    """Updates of different chats run concurrently; those of one chat in the order they came, so that a
    follow-up question always sees the context its predecessor stored."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._waiting[chat] = self._waiting.get(chat, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat] -= 1
            if not self._waiting[chat]:
                del self._waiting[chat], self._locks[chat]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


async def on_error(update: object, context: Context) -> None:
    """The one error handler: a SafetybotError's Chinese message, else "出错了，已记录" and the traceback in
    the log. Users never see internals."""
    error = context.error
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    if isinstance(error, SafetybotError):
        log.info("request refused with a message: %s", error.message)
        text = error.message
    else:
        log.error("update %s failed", getattr(update, "update_id", None), exc_info=error)
        text = texts.FAILED
    if chat is None:
        return
    try:
        await context.bot.send_message(chat, text)
    except TelegramError as exc:
        log.warning("could not tell chat %s about the error: %s", chat, exc)


def register(application: BotApp) -> None:
    application.add_handler(TypeHandler(Update, gate), group=-1)
    commands = {
        "start": conversation.start, "help": conversation.help_command, "ask": conversation.ask_command,
        "draft": reports.draft, "brief": reports.brief, "subscribe": reports.subscribe,
        "facts": data.facts, "ledger": data.ledger, "ingest": data.ingest, "reindex": data.reindex,
        "whoami": admin.whoami, "users": admin.users,
    }  # fmt: skip
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(conversation.example_button, pattern=rf"^{keyboards.EXAMPLE}:"))
    application.add_handler(CallbackQueryHandler(conversation.sources_button, pattern=rf"^{keyboards.SOURCES}:"))
    application.add_handler(CallbackQueryHandler(reports.subscribe_button, pattern=rf"^{keyboards.SUBSCRIBE}:"))
    application.add_handler(CallbackQueryHandler(reports.draft_button, pattern=rf"^{keyboards.DRAFT}:"))
    new_message = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(new_message & filters.Document.ALL, files.document))
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND, conversation.text_message))
    application.add_handler(MessageHandler(new_message & filters.COMMAND & filters.ChatType.PRIVATE, unknown_command))
    application.add_error_handler(on_error)


async def unknown_command(update: Update, context: Context) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "没有这个命令。发 /help 查看能做什么。")


async def set_commands(application: BotApp) -> None:
    """The command menu with Chinese descriptions (post_init)."""
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])


def build_application(assistant: Assistant, settings: Settings) -> BotApp:
    """The Application with every handler, the retrying request, flood control and the scheduled pushes."""
    if not settings.telegram_bot_token:
        raise ConfigError("未设置 TELEGRAM_BOT_TOKEN：请先向 @BotFather 申请机器人令牌并写入环境变量或 .env。")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .request(RetryingRequest(connection_pool_size=CONNECTIONS, read_timeout=30.0,
                                 write_timeout=60.0, media_write_timeout=120.0))
        .rate_limiter(FloodControl())
        .concurrent_updates(PerChatOrder(MAX_CONCURRENT_UPDATES))
        .post_init(set_commands)
    )
    if settings.telegram_base_url:
        base = settings.telegram_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if settings.telegram_local_mode:
        builder = builder.local_mode(True)
    application = builder.build()
    limiter = RateLimiter(settings.rate_limit, settings.rate_window)
    application.bot_data["runtime"] = Runtime(assistant, settings, limiter)
    register(application)
    jobs.schedule(application, settings)
    return application


def run_bot(assistant: Assistant, settings: Settings) -> None:
    """Run until stopped (Ctrl-C): admins from SAFETYBOT_ADMIN_IDS first, then polling or the webhook."""
    added = assistant.users.bootstrap_admins(settings.admin_ids)
    if added:
        log.info("admins from SAFETYBOT_ADMIN_IDS: %d added or promoted", added)
    application = build_application(assistant, settings)
    runtime: Runtime = application.bot_data["runtime"]
    try:
        if settings.webhook_url:
            path = urlparse(settings.webhook_url).path.strip("/")
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port, url_path=path,
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1,
            )  # fmt: skip
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    finally:
        runtime.shutdown()
