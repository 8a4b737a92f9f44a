"""Replies as Telegram HTML (pure): answers with compact citations, their sources expanded, tables as lists.

Everything that comes from a user or a document is escaped (splitting.escape); only our own tags remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.excerpt import fact_excerpt
from bot.telegram.splitting import TELEGRAM_LIMIT, Block, escape, pack, paragraphs
from knowledge.answer import Answer, Source

if TYPE_CHECKING:
    from knowledge.documents.ingest import IngestReport
    from knowledge.ledger.importer import ImportResult
    from knowledge.users.roles import Account

_SOURCE_LIST = "\n\n来源：\n"
FACTS_SHOWN = 30
REJECTS_SHOWN = 30


def compact_text(answer: Answer) -> str:
    """The answer without what the 来源 button shows anyway: the trailing numbered source list and a
    closing 原文：“…” that repeats a source's quote. Inline citations (〔…〕, 据《…》) stay."""
    text = answer.text
    if _SOURCE_LIST in text and answer.sources:
        text = text[: text.index(_SOURCE_LIST)]
    for source in answer.sources:
        tail = f"原文：“{source.quote}”"
        if source.quote and text.endswith(tail):
            text = text[: -len(tail)].rstrip()
    return text.rstrip()


def answer_messages(answer: Answer, *, note: str | None = None, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The answer as HTML messages split at paragraph boundaries; `note` (e.g. the org default) in italics."""
    blocks = list(paragraphs(compact_text(answer)))
    if note:
        blocks.append(Block(note, "italic"))
    return pack(blocks, limit) or [escape("无相关数据。")]


def source_title(source: Source) -> str:
    if source.type == "regulation":
        return f"《{source.title}》{source.location or ''}"
    if source.type == "report":
        return f"《{source.title}》" + (f" · {source.location}" if source.location else "")
    return source.title


def source_blocks(sources: Sequence[Source]) -> list[Block]:
    blocks = [Block("来源", "bold")]
    for number, source in enumerate(sources, 1):
        blocks.append(Block(f"{number}. {source_title(source)}"))
        if source.quote:
            blocks.append(Block(source.quote, "quote"))
    return blocks


def expanded_messages(shown_html: str, sources: Sequence[Source], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The shown answer with its sources below; when that does not fit one message, the sources alone
    in as many messages as needed (the answer stays as it is)."""
    parts = pack(source_blocks(sources), limit)
    if len(parts) == 1 and len(shown_html) + 2 + len(parts[0]) <= limit:
        return [f"{shown_html}\n\n{parts[0]}"]
    return parts


# -- facts, imports, ingests ----------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{int(value)}" if value == int(value) else f"{value:g}"


def fact_line(row: dict[str, Any]) -> str:
    value = "已脱敏" if row["value"] is None else f"{_num(row['value'])}{row['unit']}"
    if row.get("qualifier"):
        value += f"（{row['qualifier']}）"
    where = " · ".join(p for p in (row.get("org"), row.get("domain"), row.get("period")) if p)
    return f"{row['metric']}：{value}（{where}）\n“{fact_excerpt(row, 30)}”《{row['report_title']}》"


def facts_messages(rows: Sequence[dict[str, Any]], *, scope: str = "") -> list[str]:
    if not rows:
        return [escape(f"无相关数据{f'（{scope}）' if scope else ''}。")]
    head = f"报告中抽取的数字{f'（{scope}）' if scope else ''}共 {len(rows)} 条"
    if len(rows) > FACTS_SHOWN:
        head += f"，列出前 {FACTS_SHOWN} 条；可用 /facts 单位 领域 缩小范围，如 /facts 区城镇燃气 燃气"
    blocks = [Block(head + "：", "bold")]
    blocks += [Block(f"{i}. {fact_line(row)}") for i, row in enumerate(rows[:FACTS_SHOWN], 1)]
    return pack(blocks)


def import_summary(result: ImportResult, filename: str) -> list[str]:
    head = (f"台账《{filename}》导入完成：新增 {result.imported} 条，更新 {result.updated} 条，"
            f"未变 {result.unchanged} 条，拒收 {result.rejected_rows} 行。")  # fmt: skip
    blocks = [Block(head)]
    if result.rejected:
        lines = [f"第 {e.row} 行［{e.column}］：{e.reason}" for e in result.rejected[:REJECTS_SHOWN]]
        if len(result.rejected) > REJECTS_SHOWN:
            lines.append(f"……另有 {len(result.rejected) - REJECTS_SHOWN} 处问题未列出。")
        blocks += [Block("未导入的行（其余行已导入）：", "bold"), Block("\n".join(lines))]
    return pack(blocks)


_INGEST_LABELS = {"added": "已入库", "near_duplicate": "已入库（与已有文档近似重复）", "duplicate": "跳过（重复）",
                  "refused": "拒收"}  # fmt: skip
_KINDS = {"report": "报告", "regulation": "法规"}


def ingest_summary(report: IngestReport) -> list[str]:
    lines = []
    for item in report.items:
        title = f"《{item.title}》" if item.title else item.file
        kind = f"（{_KINDS[item.kind]}）" if item.kind in _KINDS and item.status != "refused" else ""
        facts = f"，抽取数字 {item.facts} 个" if item.status in ("added", "near_duplicate") else ""
        reason = f"：{item.reason}" if item.reason else ""
        lines.append(f"{_INGEST_LABELS[item.status]} {title}{kind}{facts}{reason}")
    d = report.to_dict()
    head = f"入库完成：新增 {d['added']}，近似重复 {d['near_duplicate']}，重复 {d['duplicate']}，拒收 {d['refused']}。"
    return pack([Block(head), Block("\n".join(lines))])


def account_text(account: Account) -> str:
    rights = "提问、查看统计与材料；上传报告和台账" if account.may_upload else "提问、查看统计与材料（不能上传或导入）"
    if account.is_admin:
        rights += "；管理用户和群组（/users）"
    org = account.org or "未指定（统计和起草默认全部单位）"
    return f"您的 Telegram ID：{account.telegram_id}\n角色：{account.role_label}\n单位：{org}\n可以：{rights}"
