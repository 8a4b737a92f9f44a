"""Questions that ask for the hazard records themselves: "重大隐患有哪些没整改？", "列出逾期的燃气隐患"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.answer import Answer, Source
from knowledge.ledger.answers import ledger_filter, ledger_orgs
from knowledge.ledger.stats import COUNT_METRICS, SEMANTICS, ledger_coverage, metric_condition
from knowledge.models import Hazard
from knowledge.questions.format import filters_phrase, until_period
from knowledge.questions.parse import StatQuery

MAX_ROWS = 20


def hazard_line(h: Hazard) -> str:
    deadline = f"，期限{h.deadline:%Y-%m-%d}" if h.deadline else ""
    fixed = f"，{h.fixed_date:%Y-%m-%d}完成" if h.fixed_date else ""
    return (f"{h.code}｜{h.responsible_unit}｜{h.inspected_unit or '—'}｜{h.domain}｜{h.description}"
            f"｜{h.level}｜发现{h.found_date:%Y-%m-%d}{deadline}｜{h.status}{fixed}")


def answer_hazard_list(session: Session, query: StatQuery, *, today: date) -> Answer | None:
    """The matching ledger rows (at most MAX_ROWS shown, the count always exact); None when the ledger
    cannot list them (no records, or units it does not hold)."""
    coverage = ledger_coverage(session)
    if coverage.records == 0:
        return None
    units = ledger_orgs(query, coverage)
    if units is None:
        return None
    metric = "status" if query.status else query.metric if query.metric in COUNT_METRICS else "found"
    condition = metric_condition(metric, ledger_filter(query, today, units))
    total = session.scalar(select(func.count()).select_from(Hazard).where(condition)) or 0
    rows = list(session.scalars(
        select(Hazard).where(condition).order_by(Hazard.found_date, Hazard.code).limit(MAX_ROWS)
    ))
    lines = [hazard_line(h) for h in rows]
    filters = query.to_filters()
    if units:
        filters["org"] = "、".join(units)
    scope = filters_phrase(filters)
    period = query.period or until_period(coverage.first, today)
    when = period.describe() if query.period else f"{period.label}（未指定时间，查询台账全部记录）"
    head = f"{when}{f'（{scope}）' if scope else ''}，符合条件的隐患共 {total} 条"
    semantics = SEMANTICS[metric].format(status=query.status)
    if total == 0:
        text = f"{head}。统计口径：{semantics}。依据隐患台账。"
    else:
        shown = f"（按发现日期列出前 {MAX_ROWS} 条）" if total > MAX_ROWS else ""
        table = "\n".join(f"  {i}. {line}" for i, line in enumerate(lines, 1))
        text = (f"{head}{shown}：\n{table}\n统计口径：{semantics}。"
                "各列：编号｜责任单位｜被检查单位｜领域｜隐患描述｜等级｜日期｜状态。依据隐患台账。")
    return Answer(
        text=text, kind="stat", value=total, unit="条", period=period, filters=filters,
        sources=(Source(type="ledger", title="隐患台账", quote="\n".join(lines)),), context=query,
    )
