"""Uploads: a report or regulation (.docx/.pdf/.txt/.md) is ingested, a ledger (.csv/.xlsx) imported.
One status message shows progress and ends as the result; every upload is in the audit log."""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from pathlib import Path
from typing import Literal

from telegram import Update
from telegram.constants import ChatAction

from bot.telegram import formatting, texts
from bot.telegram.progress import StatusMessage, count_progress_text, ingest_progress_text
from bot.telegram.runtime import Context, account, chat_id, runtime, send_html, typing
from bot.telegram.splitting import escape
from knowledge.errors import SafetybotError

log = logging.getLogger(__name__)

Kind = Literal["report", "regulation", "auto", "ledger"]
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
LEDGER_SUFFIXES = (".csv", ".xlsx")
_REGULATION_WORDS = re.compile(r"法规|法律|条例|规章|regulation", re.IGNORECASE)
_REPORT_WORDS = re.compile(r"报告|总结|report", re.IGNORECASE)


def upload_kind(filename: str, caption: str | None) -> Kind | None:
    """Pure: what an uploaded file is, from its suffix and the caption; None for an unsupported type."""
    suffix = Path(filename).suffix.lower()
    if suffix in LEDGER_SUFFIXES:
        return "ledger"
    if suffix not in DOCUMENT_SUFFIXES:
        return None
    if caption and _REGULATION_WORDS.search(caption):
        return "regulation"
    if caption and _REPORT_WORDS.search(caption):
        return "report"
    return "auto"  # the service recognises a regulation by its 第X条 structure, else a report


def safe_filename(name: str | None, fallback: str) -> str:
    """The file's own name without any folder part (it becomes the source file of what is stored)."""
    base = Path((name or "").replace("\\", "/")).name.strip().lstrip(".")
    return base[:200] or fallback


async def document(update: Update, context: Context) -> None:
    rt, chat, user = runtime(context), chat_id(update), account(context)
    message = update.effective_message
    assert message is not None and message.document is not None
    doc = message.document
    name = safe_filename(doc.file_name, f"upload-{doc.file_unique_id}")
    audit = rt.assistant.audit

    kind = upload_kind(name, message.caption)

    async def log_upload(result: str) -> None:
        action = {"ledger": "import", None: "upload"}.get(kind, "ingest")
        await rt.read(audit.record, action, telegram_id=user.telegram_id, chat_id=chat,
                      detail=f"{name}（{doc.file_size or 0} 字节）", result=result)  # fmt: skip

    if not user.may_upload:
        await rt.read(audit.record, "denied", telegram_id=user.telegram_id, chat_id=chat,
                      detail=f"上传文件：{name}", result=f"角色{user.role_label}不能上传")  # fmt: skip
        await context.bot.send_message(chat, texts.UPLOAD_DENIED.format(role=user.role_label))
        return
    if kind is None:
        await log_upload("拒收：不支持的文件类型")
        await context.bot.send_message(
            chat, f"不支持这种文件：{name}。报告或法规请发 .docx、.pdf、.txt，隐患台账请发 .csv 或 .xlsx。"
        )
        return
    limit = rt.settings.upload_limit_bytes
    if doc.file_size and doc.file_size > limit:
        size_mb = doc.file_size / 1024 / 1024
        await log_upload(f"拒收：文件 {size_mb:.1f} MB 超过上限")
        await context.bot.send_message(
            chat, f"文件《{name}》有 {size_mb:.1f} MB，超过上限 {rt.settings.upload_limit_mb:g} MB，未处理。"
            "请拆分后再发，或由管理员在服务器上用命令行导入。",
        )
        return
    status_msg = await context.bot.send_message(chat, f"已收到《{name}》，正在下载……")
    status = StatusMessage(status_msg, asyncio.get_running_loop())
    with tempfile.TemporaryDirectory(prefix="safetybot-upload-") as folder:
        path = Path(folder) / name
        try:
            async with typing(context.bot, chat, ChatAction.UPLOAD_DOCUMENT):
                telegram_file = await doc.get_file()
                await telegram_file.download_to_drive(path)
                if kind == "ledger":
                    result = await rt.write(rt.assistant.import_ledger, path,
                                            on_progress=status.callback(count_progress_text("正在导入台账，已写入行")))
                    messages = formatting.import_summary(result, name)
                    outcome = (f"台账导入：新增 {result.imported}，更新 {result.updated}，未变 {result.unchanged}，"
                               f"拒收 {result.rejected_rows} 行")  # fmt: skip
                else:
                    regulation = {"regulation": True, "report": False, "auto": None}[kind]
                    report = await rt.write(rt.assistant.ingest, [path], regulation=regulation,
                                            on_progress=status.callback(ingest_progress_text))
                    messages = formatting.ingest_summary(report)
                    d = report.to_dict()
                    outcome = (f"入库：新增 {d['added']}，近似重复 {d['near_duplicate']}，重复 {d['duplicate']}，"
                               f"拒收 {d['refused']}")  # fmt: skip
        except SafetybotError as exc:
            await log_upload(f"失败：{exc.message}")
            await status.finish(escape(f"《{name}》未能处理：{exc.message}"))
            return
        except Exception:
            await log_upload("失败：内部错误")
            raise
    await log_upload(outcome)
    await status.finish(messages[0])
    await send_html(context.bot, chat, messages[1:])
