"""Drafts, briefings and subscriptions: /draft (buttons for what the request leaves open, the draft as
messages and, on request, as .docx), /brief (text, then the chart as a photo), /subscribe.

Drafting and briefings come from bot.assistant.Assistant.draft/brief (the drafting package); where a
release lacks them the commands say so instead of failing.
"""

from __future__ import annotations

import io
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode

from bot.telegram import keyboards
from bot.telegram.runtime import Context, account, chat_id, runtime, send_html, typing
from bot.telegram.splitting import Block, escape, pack, paragraphs
from knowledge.users.subscriptions import KIND_LABELS, KINDS

if TYPE_CHECKING:
    from bot.assistant import Assistant

NOT_YET = "起草材料和领导简报还没有在这个版本中提供；现在可以直接提问统计数字和报告、法规内容。"
DRAFT_USAGE = ("请在 /draft 后写明要起草什么，例如：\n/draft 上半年燃气安全工作开展情况\n/draft 本季度隐患排查治理存在的问题\n"
               "/draft XX镇2023年上半年安全生产工作总结")  # fmt: skip
PERIODS = ("本月", "本季度", "上季度", "上半年", "今年以来", "去年")
ASKED = ("section", "domain", "period")  # the open choices offered as buttons ("org": the user's own or all)
QUESTIONS = {"section": "起草哪一部分？", "domain": "哪个领域？", "period": "哪个时段？"}
ANY = "不限"


def briefing_available(assistant: Assistant) -> bool:
    return callable(getattr(assistant, "brief", None))


def drafting_available(assistant: Assistant) -> bool:
    return callable(getattr(assistant, "draft", None))


# -- /brief ----------------------------------------------------------------------------------------


async def send_brief(context: Context, chat: int, *, org: str | None, period: str) -> None:
    """The briefing's text, then its chart as a photo."""
    rt = runtime(context)
    async with typing(context.bot, chat):
        briefing: Any = await rt.read(rt.assistant.brief, period=period, org=org)
    await send_html(context.bot, chat, pack(paragraphs(briefing.text)))
    await send_chart(context, chat, briefing)


async def send_chart(context: Context, chat: int, briefing: Any) -> None:
    """A briefing's chart as a photo (after its text)."""
    chart: bytes = await runtime(context).read(briefing.chart_bytes)
    if not chart:
        return
    await context.bot.send_chat_action(chat, ChatAction.UPLOAD_PHOTO)
    title = getattr(briefing, "title", "") or "隐患情况"
    await context.bot.send_photo(chat, io.BytesIO(chart), caption=escape(f"{title}：各月发现与整改、各领域未整改"),
                                 parse_mode=ParseMode.HTML)  # fmt: skip


async def brief(update: Update, context: Context) -> None:
    rt, chat = runtime(context), chat_id(update)
    if not briefing_available(rt.assistant):
        await context.bot.send_message(chat, NOT_YET)
        return
    period = " ".join(context.args or []).strip() or "本季度"
    await send_brief(context, chat, org=account(context).org, period=period)


# -- /subscribe ------------------------------------------------------------------------------------


async def subscribe(update: Update, context: Context) -> None:
    rt, chat, me = runtime(context), chat_id(update), account(context)
    active = await rt.read(rt.assistant.subscriptions.of, chat)
    settings = rt.settings
    weekday = "一二三四五六日"[settings.briefing_weekday - 1]
    scope = f"（按您的单位：{me.org}）" if me.org else ""
    text = (f"订阅（点按钮开关）：\n· 每周简报：每周{weekday} {settings.briefing_time:%H:%M} 推送{scope}\n"
            f"· 重大隐患逾期每日提醒：每天 {settings.reminder_time:%H:%M}，有逾期才提醒{scope}")  # fmt: skip
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


# -- /draft ----------------------------------------------------------------------------------------


def _pending(context: Context) -> dict[str, dict[str, Any]]:
    assert context.chat_data is not None
    drafts: dict[str, dict[str, Any]] = context.chat_data.setdefault("drafts", {})
    return drafts


def _choice_keyboard(draft_id: str, field: str, options: tuple[str, ...]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(o, callback_data=f"{keyboards.DRAFT}:{draft_id}:{field}:{i}")
               for i, o in enumerate(options)]  # fmt: skip
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup(rows)


async def draft(update: Update, context: Context) -> None:
    """/draft 请求: ask for what the request leaves open, then draft."""
    rt, chat, me = runtime(context), chat_id(update), account(context)
    if not drafting_available(rt.assistant):
        await context.bot.send_message(chat, NOT_YET)
        return
    request = " ".join(context.args or []).strip()
    if not request:
        await context.bot.send_message(chat, DRAFT_USAGE)
        return
    open_choices = await rt.read(rt.assistant.draft_choices, request, org=me.org)
    draft_id = remember_draft(context, request, open_choices=[c for c in ASKED if c in open_choices])
    await _next_step(update, context, draft_id)


def remember_draft(context: Context, request: str, *, open_choices: list[str], result: Any = None) -> str:
    """Keep a draft request (and, once drafted, the draft) for its buttons; a chat keeps its last few."""
    draft_id = uuid.uuid4().hex[:8]
    drafts = _pending(context)
    drafts[draft_id] = {"request": request, "open": open_choices, "chosen": {}, "draft": result}
    while len(drafts) > 10:
        drafts.pop(next(iter(drafts)))
    return draft_id


def docx_button(draft_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("导出 Word（.docx）",
                                                       callback_data=f"{keyboards.DRAFT}:{draft_id}:docx")]])


async def _options(context: Context, field: str) -> tuple[str, ...]:
    if field == "section":
        from drafting.request import SECTION_CHOICES

        return tuple(SECTION_CHOICES)
    if field == "period":
        return PERIODS
    rt = runtime(context)
    domains = getattr(rt.assistant, "draft_domains", None)
    found: tuple[str, ...] = tuple(await rt.read(domains)) if callable(domains) else ()
    return (*found[:8], ANY)


async def _next_step(update: Update, context: Context, draft_id: str) -> None:
    state = _pending(context)[draft_id]
    chat = chat_id(update)
    if state["open"]:
        field = state["open"][0]
        options = await _options(context, field)
        state["options"] = options
        await context.bot.send_message(chat, f"“{state['request']}”：{QUESTIONS[field]}",
                                       reply_markup=_choice_keyboard(draft_id, field, options))  # fmt: skip
        return
    await _deliver(update, context, draft_id)


async def _deliver(update: Update, context: Context, draft_id: str) -> None:
    rt, chat, me = runtime(context), chat_id(update), account(context)
    state = _pending(context)[draft_id]
    chosen = state["chosen"]
    async with typing(context.bot, chat):
        result: Any = await rt.read(rt.assistant.draft, state["request"], org=me.org,
                                    section=chosen.get("section"), domain=chosen.get("domain"),
                                    period=chosen.get("period"))  # fmt: skip
    state["draft"] = result
    blocks = [Block(result.title, "bold"), *paragraphs(result.text)]
    notes = [*getattr(result, "notices", ()), *(f"【待补充：{m}】" for m in getattr(result, "missing", ()))]
    if notes:
        blocks.append(Block("\n".join(notes), "italic"))
    await send_html(context.bot, chat, pack(blocks), markup=docx_button(draft_id))


async def draft_button(update: Update, context: Context) -> None:
    """A choice for an open draft request, or the .docx export of a delivered draft."""
    query = update.callback_query
    assert query is not None
    _, args = keyboards.parse(query.data)
    state = _pending(context).get(args[0]) if args else None
    if state is None:
        await query.answer("这个起草请求已过期，请重新发送 /draft。", show_alert=True)
        return
    await query.answer()
    if args[1:] == ["docx"] and state.get("draft") is not None:
        await _send_docx(update, context, state["draft"])
        return
    if len(args) != 3 or not state["open"] or args[1] != state["open"][0] or not args[2].isdigit():
        return  # a button of a step already answered
    field, options = args[1], state["options"]
    value = options[int(args[2])] if int(args[2]) < len(options) else ANY
    if value != ANY:
        state["chosen"][field] = value
    state["open"].pop(0)
    await query.edit_message_text(escape(f"“{state['request']}”：{QUESTIONS[field]}{value}"), parse_mode=ParseMode.HTML)
    await _next_step(update, context, args[0])


async def _send_docx(update: Update, context: Context, result: Any) -> None:
    rt, chat = runtime(context), chat_id(update)
    name = "".join(ch for ch in result.title if ch not in '\\/:*?"<>|')[:60] or "材料"
    with tempfile.TemporaryDirectory(prefix="safetybot-draft-") as folder:
        path = Path(folder) / f"{name}.docx"
        async with typing(context.bot, chat, ChatAction.UPLOAD_DOCUMENT):
            substituted: list[str] = await rt.read(result.write_docx, path)
            caption = "公文格式（GB/T 9704）。" + (f"本机缺少的字体已替换：{'、'.join(substituted)}。" if substituted else "")
            await context.bot.send_document(chat, path.read_bytes(), filename=path.name, caption=caption)
