"""What every handler shares: the Assistant and settings, worker threads for the service layer, the current
user's account, sending split HTML replies, and the "typing…" indicator."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.ratelimit import RateLimiter

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from knowledge.settings import Settings
    from knowledge.users.roles import Account

log = logging.getLogger(__name__)
T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE
TYPING_EVERY = 4.5  # Telegram shows "typing…" for 5 seconds


@dataclass
class Runtime:
    """Built once per Application (bot_data["runtime"]).

    Questions run in a small thread pool (the search index and embedder are thread-safe); uploads,
    imports and reindexing run one at a time in their own thread, so a long ingest never blocks questions.
    """

    assistant: Assistant
    settings: Settings
    limiter: RateLimiter
    readers: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "safetybot-read"))
    writer: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "safetybot-write"))

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.readers, partial(fn, *args, **kwargs))

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.writer, partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        self.readers.shutdown(wait=True, cancel_futures=True)
        self.writer.shutdown(wait=True, cancel_futures=True)


def runtime(context: Context) -> Runtime:
    rt = context.application.bot_data["runtime"]
    assert isinstance(rt, Runtime)
    return rt


def account(context: Context) -> Account:
    """The sender's account, put there by the access gate for this update."""
    from knowledge.users.roles import Account

    current = (context.user_data or {}).get("account")
    assert isinstance(current, Account), "access gate did not run"
    return current


def chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def reply_target(update: Update) -> int | None:
    """In a group, replies quote the message they answer; in a private chat they need not."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or chat.type == ChatType.PRIVATE or update.callback_query is not None:
        return None
    return message.message_id


async def send_html(
    bot: Bot,
    chat: int,
    messages: Sequence[str],
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> Message | None:
    """Send HTML messages in order; the keyboard goes on the last one. Returns the last message."""
    last: Message | None = None
    for i, text in enumerate(messages):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        last = await bot.send_message(
            chat, text, parse_mode=ParseMode.HTML, reply_markup=markup if i == len(messages) - 1 else None,
            reply_parameters=reply,
        )
    return last


async def _keep_typing(bot: Bot, chat: int) -> None:
    while True:
        await asyncio.sleep(TYPING_EVERY)
        try:
            await bot.send_chat_action(chat, ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("typing indicator failed: %s", exc)


@asynccontextmanager
async def typing(bot: Bot, chat: int, action: str = ChatAction.TYPING) -> AsyncIterator[None]:
    """Show "typing…" (sent before the work starts, renewed while it lasts)."""
    try:
        await bot.send_chat_action(chat, action)
    except TelegramError as exc:
        log.debug("typing indicator failed: %s", exc)
    task = asyncio.create_task(_keep_typing(bot, chat))
    try:
        yield
    finally:
        task.cancel()
