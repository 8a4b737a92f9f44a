"""Hazard questions the ledger answers exactly: a parsed query → SQL aggregate → Answer.

The ledger claims a question when its columns can express it: about hazards, a count, rate or
breakdown, no qualifier the ledger cannot filter on ("农村公路"), units and domains it holds, and a
period it covers. Otherwise it says why not (`ledger_gap`), and the cascade goes on to the reports.
Every figure keeps the 隐患编号 it counted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from knowledge.answer import Answer, Source
from knowledge.ledger.stats import SEMANTICS, LedgerCoverage, LedgerFilter, ledger_coverage, ledger_statistic
from knowledge.questions.format import amount, breakdown_phrase, code_list, filters_phrase, until_period
from knowledge.questions.parse import METRIC_LABELS, StatQuery, domain_list

METRIC_PHRASES: dict[str, str] = {
    "found": "发现的隐患", "fixed": "整改完成的隐患", "fixed_among_found": "已整改的隐患",
    "open": "尚未整改的隐患", "overdue": "逾期未整改的隐患", "status": "状态为{status}的隐患",
}  # fmt: skip


def ledger_orgs(query: StatQuery, coverage: LedgerCoverage) -> tuple[str, ...] | None:
    """The ledger units the question means; () for all; None when it names units the ledger lacks."""
    if not query.org:
        return ()
    units = tuple(o for o in query.org_candidates if o in coverage.orgs)
    return units or None


def ledger_filter(query: StatQuery, today: date, units: tuple[str, ...] | None) -> LedgerFilter:
    """The ledger rows a parsed question is about."""
    return LedgerFilter(
        today=today, start=query.period.start if query.period else None,
        end=query.period.end if query.period else None, domains=domain_list(query), orgs=units or (),
        level=query.level, status=query.status,
    )  # fmt: skip


def ledger_gap(query: StatQuery, coverage: LedgerCoverage, today: date) -> str | None:
    """Why the ledger cannot answer a hazard question it otherwise could: its records do not reach
    the period asked, or it holds no records of that domain or unit. None when nothing is missing."""
    if not query.about_hazards or coverage.records == 0:
        return None
    if query.period and coverage.first and query.period.end < coverage.first:
        return (f"隐患台账记录从{coverage.first.year}年{coverage.first.month}月{coverage.first.day}日开始，"
                f"没有{query.period.label}的数据")  # fmt: skip
    last = min(coverage.last, today) if coverage.last else today
    if query.period and query.period.start > last:
        return f"隐患台账记录截至{last.year}年{last.month}月{last.day}日，没有{query.period.label}的数据"
    missing = [d for d in domain_list(query) if d not in coverage.domains]
    if missing:
        return f"隐患台账中没有{'、'.join(missing)}领域的记录"
    if query.org and ledger_orgs(query, coverage) is None:
        return f"隐患台账中没有“{query.org}”的记录"
    return None


def ledger_applicable(query: StatQuery, coverage: LedgerCoverage, today: date) -> bool:
    return (query.ledger_answerable and coverage.records > 0 and ledger_orgs(query, coverage) is not None
            and ledger_gap(query, coverage, today) is None)  # fmt: skip


def answer_from_ledger(session: Session, query: StatQuery, *, today: date) -> Answer | None:
    """The exact ledger answer, or None when the ledger cannot express the question."""
    coverage = ledger_coverage(session)
    if not ledger_applicable(query, coverage, today):
        return None
    units = ledger_orgs(query, coverage)
    period = query.period or until_period(coverage.first, today)
    flt = ledger_filter(query, today, units)
    metric = "status" if query.status else query.metric
    result = ledger_statistic(session, metric, flt, group_by=query.group_by)
    filters = query.to_filters()
    if units:
        filters["org"] = "、".join(units)
    scope = filters_phrase(filters)
    scope_text = f"（{scope}）" if scope else ""
    when = period.describe() if query.period else f"{period.label}（未指定时间，统计台账全部记录）"
    semantics = SEMANTICS[metric].format(status=query.status)
    unit = "%" if metric == "rate" else "条"
    phrase = METRIC_PHRASES.get(metric, "").format(status=query.status)
    value: float | int | dict[str, float | int] | None
    if query.group_by:
        group_name = {"domain": "各领域", "org": "各单位", "level": "各等级"}[query.group_by]
        value = dict(result.breakdown)
        label = METRIC_LABELS[metric] if metric == "rate" else phrase
        body = f"{group_name}{label}：{breakdown_phrase(result.breakdown, unit) or '无记录'}"
        if metric != "rate":
            body += f"，合计 {sum(result.breakdown.values())} 条"
    elif metric == "rate":
        value = result.value
        if result.value is None:
            body = "期内没有发现隐患，无法计算整改率"
        else:
            body = (f"隐患整改率为 {amount(result.value, '%')}：期内发现 {result.denominator} 条，"
                    f"其中已整改 {result.numerator} 条")  # fmt: skip
    else:
        value = result.value
        body = f"{phrase}共 {result.value} 条"
    text = (f"{when}{scope_text}，{body}。统计口径：{semantics}。"
            f"依据隐患台账（共{result.total_records}条记录）。")  # fmt: skip
    quote = f"{scope or '全部单位和领域'}；{when}；隐患编号：{code_list(result.codes)}"
    return Answer(
        text=text, kind="stat", value=value, unit=unit, period=period, filters=filters,
        sources=(Source(type="ledger", title="隐患台账", quote=quote),), context=query,
    )  # fmt: skip
