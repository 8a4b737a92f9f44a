"""Chinese phrasing of statistics answers: numbers with units, percentages, periods and filters (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from knowledge.periods.parse import Period

if TYPE_CHECKING:
    from knowledge.questions.parse import StatQuery


def plain_number(value: float) -> str:
    """12.0 -> "12", 20.509 -> "20.509", 63.68 -> "63.68" (at most four decimals, no trailing zeros)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def amount(value: float, unit: str, *, qualifier: str = "") -> str:
    """A figure with its unit and stated qualifier ("40000余份", "约70.68吨"); money above 10000 元
    also in 万元 ("344670元（34.467万元）")."""
    before = qualifier if qualifier in ("约", "近", "累计", "各", "至少") else ""
    after = qualifier if qualifier in ("余", "多", "以上") else ""
    if unit == "%":
        return f"{before}{plain_number(value)}{after}%"
    if unit == "元" and abs(value) >= 10000:
        return f"{before}{plain_number(value)}{after}元（{plain_number(round(value / 10000, 6))}万元）"
    return f"{before}{plain_number(value)}{after}{unit}"


def period_phrase(period: Period | None) -> str:
    return period.describe() if period else ""


def until_period(first: date | None, today: date) -> Period:
    """The whole ledger up to today, for questions that name no period."""
    start = first if first and first <= today else today
    label = f"截至{today.year}年{today.month}月{today.day}日"
    return Period(start, today, label, "")


def filters_phrase(filters: Mapping[str, str], *, skip: tuple[str, ...] = ("metric", "group_by")) -> str:
    """"领域：消防；单位：县住建局；等级：重大" (empty when there are none)."""
    names = {"domain": "领域", "org": "单位", "level": "等级", "status": "状态"}
    parts = [f"{names.get(k, k)}：{v}" for k, v in filters.items() if k not in skip and v]
    return "；".join(parts)


def breakdown_phrase(breakdown: Mapping[str, int | float], unit: str) -> str:
    return "、".join(f"{key} {amount(value, unit)}" for key, value in breakdown.items())


def code_list(codes: tuple[str, ...], limit: int = 10) -> str:
    """"YH1、YH2 … 等N条" for the provenance quote."""
    if not codes:
        return "无"
    shown = "、".join(codes[:limit])
    return shown if len(codes) <= limit else f"{shown} 等{len(codes)}条"


def searched_scope(query: StatQuery) -> list[str]:
    """What was looked for: "单位：…；领域：…；时间：…；内容：…"."""
    from knowledge.questions.parse import METRIC_LABELS

    searched = []
    if query.org:
        searched.append(f"单位：{query.org}")
    if query.domain:
        searched.append(f"领域：{query.domain}")
    if query.level:
        searched.append(f"等级：{query.level}")
    if query.period:
        searched.append(f"时间：{query.period.describe()}")
    asked = query.subject or query.rate_word or (
        METRIC_LABELS[query.metric] if query.about_hazards else "".join(query.terms[:4]) or "所问数据"
    )
    searched.append(f"内容：{asked}")
    return searched
