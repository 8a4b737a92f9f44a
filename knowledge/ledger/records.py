"""Questions that ask for the hazard records themselves: "重大隐患有哪些没整改？", "列出逾期的燃气隐患"."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from knowledge.answer import Answer, Source
from knowledge.db import Database
from knowledge.ledger.stats import COUNT_METRICS, SEMANTICS, ledger_coverage, metric_condition
from knowledge.models import Hazard
from knowledge.questions.format import filters_phrase, until_period
from knowledge.questions.parse import parse_filters
from knowledge.questions.stat_answers import known_orgs, ledger_filter, ledger_orgs
from knowledge.questions.words import is_hazard_word

MAX_ROWS = 20
_LIST = re.compile(r"哪些|哪几|列出|列一下|列举|清单|明细|名单|列表|分别是|具体是|是哪")


def is_list_question(question: str) -> bool:
    """Pure: asks for hazard records, not a number."""
    return bool(_LIST.search(question)) and is_hazard_word(question)


def hazard_line(h: Hazard) -> str:
    deadline = f"，期限{h.deadline:%Y-%m-%d}" if h.deadline else ""
    fixed = f"，{h.fixed_date:%Y-%m-%d}完成" if h.fixed_date else ""
    return (f"{h.code}｜{h.responsible_unit}｜{h.inspected_unit or '—'}｜{h.domain}｜{h.description}"
            f"｜{h.level}｜发现{h.found_date:%Y-%m-%d}{deadline}｜{h.status}{fixed}")


def answer_hazard_list(db: Database, question: str, *, today: date) -> Answer | None:
    """The matching ledger rows (at most MAX_ROWS shown, the count always exact); None if not such a question."""
    if not is_list_question(question):
        return None
    with db.session() as session:
        query = parse_filters(question, today, orgs=known_orgs(session))
        coverage = ledger_coverage(session)
        if query is None or coverage.records == 0:
            return None
        units = ledger_orgs(query, coverage)
        if units is None:
            return None
        metric = query.metric if query.metric in COUNT_METRICS else "found"
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
    if total == 0:
        text = f"{head}。统计口径：{SEMANTICS[metric]}。依据隐患台账。"
    else:
        shown = f"（按发现日期列出前 {MAX_ROWS} 条）" if total > MAX_ROWS else ""
        table = "\n".join(f"  {i}. {line}" for i, line in enumerate(lines, 1))
        text = (f"{head}{shown}：\n{table}\n统计口径：{SEMANTICS[metric]}。"
                "各列：编号｜责任单位｜被检查单位｜领域｜隐患描述｜等级｜日期｜状态。依据隐患台账。")
    return Answer(
        text=text, kind="stat", value=total, unit="条", period=period, filters=filters,
        sources=(Source(type="ledger", title="隐患台账", quote="\n".join(lines)),), context=query,
    )
