"""Admin commands: /users (add, remove, list, group add/remove, log); /whoami for everyone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.telegram import formatting, texts
from bot.telegram.access import is_group
from bot.telegram.runtime import Context, account, chat_id, runtime, send_html
from bot.telegram.splitting import Block, pack
from knowledge.errors import InputError, SafetybotError
from knowledge.users.roles import parse_role


async def whoami(update: Update, context: Context) -> None:
    await context.bot.send_message(chat_id(update), formatting.account_text(account(context)))


def _telegram_id(text: str) -> int:
    value = text.strip()
    if not value.lstrip("-").isdigit():
        raise InputError(f"“{value}”不是 Telegram ID（应为数字，用户可发 /whoami 或问我查看自己的 ID）。")
    return int(value)


async def users(update: Update, context: Context) -> None:
    rt, chat, me = runtime(context), chat_id(update), account(context)
    args = list(context.args or [])
    if not me.is_admin:
        await rt.read(rt.assistant.audit.record, "denied", telegram_id=me.telegram_id, chat_id=chat,
                      detail="/users " + " ".join(args), result="非管理员")  # fmt: skip
        await context.bot.send_message(chat, texts.ADMIN_ONLY.format(what="管理用户和群组"))
        return
    action = args[0].lower() if args else "list"
    try:
        reply = await _users_action(update, context, action, args[1:])
    except SafetybotError as exc:
        reply = [formatting.escape(exc.message)]
    await send_html(context.bot, chat, reply)


async def _users_action(update: Update, context: Context, action: str, args: list[str]) -> list[str]:
    rt, chat, me = runtime(context), chat_id(update), account(context)
    directory, audit = rt.assistant.users, rt.assistant.audit

    async def log(detail: str, result: str) -> None:
        await rt.read(audit.record, "users", telegram_id=me.telegram_id, chat_id=chat, detail=detail, result=result)

    if action == "list":
        people = await rt.read(directory.all)
        groups = await rt.read(directory.allowed_chats)
        blocks = [Block(f"用户 {len(people)} 人：", "bold"), Block("\n".join(a.describe() for a in people) or "（无）")]
        blocks += [Block(f"已开通的群 {len(groups)} 个：", "bold"),
                   Block("\n".join(f"{g.chat_id} {g.title}" for g in groups) or "（无）")]  # fmt: skip
        return pack(blocks)
    if action == "add":
        if len(args) < 2:
            raise InputError("用法：/users add ID 角色 [单位]，例如 /users add 12345 staff XX镇")
        telegram_id, role, org = _telegram_id(args[0]), parse_role(args[1]), " ".join(args[2:]) or None
        added, created = await rt.read(directory.add, telegram_id, role, org, by=me.telegram_id)
        verb = "已添加" if created else "已更新"
        await log(f"/users add {telegram_id} {role} {org or ''}".strip(), f"{verb}：{added.describe()}")
        return [formatting.escape(f"{verb}用户 {added.describe()}。")]
    if action == "remove":
        if len(args) != 1:
            raise InputError("用法：/users remove ID")
        telegram_id = _telegram_id(args[0])
        removed = await rt.read(directory.remove, telegram_id)
        await log(f"/users remove {telegram_id}", "已移除" if removed else "无此用户")
        return [formatting.escape(f"已移除用户 {telegram_id}。" if removed else f"没有 ID 为 {telegram_id} 的用户。")]
    if action == "group":
        return [formatting.escape(await _group_action(update, context, args, log))]
    if action == "log":
        records = await rt.read(audit.recent, 20)
        lines = [f"{r.at:%m-%d %H:%M} {r.telegram_id or '-'} {r.action} {r.detail} → {r.result}" for r in records]
        return pack([Block("最近的审计记录：", "bold"), Block("\n".join(lines) or "（无）")])
    return [formatting.escape(texts.USERS_HELP)]


async def _group_action(
    update: Update, context: Context, args: list[str], log: Callable[[str, str], Awaitable[None]]
) -> str:
    rt, me = runtime(context), account(context)
    directory = rt.assistant.users
    sub = args[0].lower() if args else ""
    here = update.effective_chat
    if len(args) >= 2:
        target, title = _telegram_id(args[1]), " ".join(args[2:])
    elif here is not None and is_group(here):
        target, title = here.id, here.title or ""
    else:
        raise InputError("请在要开通的群里发送 /users group add，或写明群 ID：/users group add -100123456789")
    if sub == "add":
        done = await rt.read(directory.allow_chat, target, title, by=me.telegram_id)
        result = f"已开通群 {target} {title}".strip() if done else f"群 {target} 早已开通"
    elif sub == "remove":
        done = await rt.read(directory.disallow_chat, target)
        result = f"已关闭群 {target}" if done else f"群 {target} 本来就没有开通"
    else:
        raise InputError("用法：/users group add [群ID] 或 /users group remove [群ID]")
    await log(f"/users group {sub} {target}", result)
    return result + "。"
