"""Scheduled pushes (JobQueue): the weekly briefing and the daily overdue-major-hazard reminder.

Each subscriber gets what their current role and organisation allow; one failed chat (the user blocked
the bot, say) is logged and the others still get theirs.
"""

from __future__ import annotations

import logging
from datetime import time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram.runtime import Context, runtime, send_html
from bot.telegram.splitting import Block, pack

if TYPE_CHECKING:
    from knowledge.settings import Settings

log = logging.getLogger(__name__)


def overdue_messages(count: int, lines: tuple[str, ...], org: str | None, today_text: str) -> list[str]:
    scope = f"（{org}）" if org else ""
    head = f"重大隐患逾期提醒{scope}：截至{today_text}，已过整改期限仍未整改的重大隐患 {count} 条"
    rows = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    return pack([Block(head, "bold"), Block(rows), Block("请督促责任单位尽快整改。/subscribe 可取消提醒。", "italic")])


async def overdue_reminder(context: Context) -> None:
    rt = runtime(context)
    for sub in await rt.read(rt.assistant.subscriptions.subscribers, "overdue"):
        try:
            found = await rt.read(rt.assistant.overdue_major, org=sub.account.org)
            if found.count:
                messages = overdue_messages(found.count, found.lines, sub.account.org, f"{found.today:%Y年%-m月%-d日}")
                await send_html(context.bot, sub.chat_id, messages)
        except TelegramError as exc:
            log.warning("overdue reminder to chat %s failed: %s", sub.chat_id, exc)


async def weekly_brief(context: Context) -> None:
    from bot.telegram.handlers.reports import briefing_available, send_brief

    rt = runtime(context)
    if not briefing_available(rt.assistant):
        log.info("weekly briefing skipped: this release has no briefings")
        return
    for sub in await rt.read(rt.assistant.subscriptions.subscribers, "brief"):
        try:
            await send_brief(context, sub.chat_id, org=sub.account.org, period="本周")
        except TelegramError as exc:
            log.warning("weekly briefing to chat %s failed: %s", sub.chat_id, exc)


def schedule(application: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """Register both pushes at the configured times (settings: timezone, briefing_weekday/time, reminder_time)."""
    zone = ZoneInfo(settings.timezone)
    queue = application.job_queue
    if queue is None:
        log.warning("no JobQueue (python-telegram-bot[job-queue] missing): scheduled pushes are off")
        return
    brief_at = time(settings.briefing_time.hour, settings.briefing_time.minute, tzinfo=zone)
    remind_at = time(settings.reminder_time.hour, settings.reminder_time.minute, tzinfo=zone)
    queue.run_daily(weekly_brief, brief_at, days=(settings.briefing_weekday % 7,), name="weekly-brief")
    queue.run_daily(overdue_reminder, remind_at, name="overdue-reminder")
