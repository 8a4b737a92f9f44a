"""The statistics service: a Chinese question -> StatQuery -> ledger aggregate or report fact -> Answer.

Order of sources:
1. a hazard question the ledger's columns can express (no unexplained qualifier, known units and
   domains, a period the ledger covers) is answered from the ledger - except when it names one
   organisation whose own report of the question's time (its period ends within a month before
   "today") states that very figure for that very period: the organisation's stated figure is given;
2. otherwise the report facts (a stated figure, or a rate, sum or average of stated figures);
3. otherwise "无相关数据", saying what was searched. A figure is never guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.answer import Answer, Source
from knowledge.db import Database
from knowledge.facts.arithmetic import (
    Computed,
    compute_average,
    compute_difference,
    compute_rate,
    compute_remainder,
    compute_sum,
    number,
    rate_phrase,
    stated_rate,
)
from knowledge.facts.lookup import FactView, best_fact, intent_agreement, load_fact_views, period_equal
from knowledge.facts.text import REMAINDER_QUESTION
from knowledge.ledger.stats import SEMANTICS, LedgerCoverage, LedgerFilter, ledger_coverage, ledger_statistic
from knowledge.models import Document, Fact, Hazard
from knowledge.periods.parse import Period
from knowledge.questions.format import amount, breakdown_phrase, code_list, filters_phrase, until_period
from knowledge.questions.parse import METRIC_LABELS, StatQuery, domain_list, parse_question

logger = logging.getLogger(__name__)

_METRIC_PHRASES: dict[str, str] = {
    "found": "发现的隐患", "fixed": "整改完成的隐患", "fixed_among_found": "已整改的隐患",
    "open": "尚未整改的隐患", "overdue": "逾期未整改的隐患",
}  # fmt: skip


def known_orgs(session: Session) -> tuple[str, ...]:
    """Every organisation the database knows: ledger 责任单位 values and report organisations."""
    names = set(session.scalars(select(Hazard.responsible_unit).distinct()))
    names |= set(session.scalars(select(Document.org).where(Document.kind == "report").distinct()))
    names |= set(session.scalars(select(Fact.org).distinct()))
    return tuple(sorted(n for n in names if n and n.strip()))


def answer_stat_question(
    db: Database, question: str, *, today: date, previous: object | None = None
) -> Answer | None:
    """The answer to a statistics question; None when `question` is not one (the router then searches
    documents). `previous` is the last answer's context, for follow-ups."""
    if not isinstance(previous, StatQuery):
        previous = None  # the context of another kind of answer (a passage) has no filters to keep
    with db.session() as session:
        orgs = known_orgs(session)
        query = parse_question(question, today, orgs=orgs, previous=previous)
        if query is None:
            return None
        return answer_query(session, query, today=today)


def answer_query(session: Session, query: StatQuery, *, today: date) -> Answer:
    """Answer a parsed query (see the module docstring for the order of sources)."""
    coverage = ledger_coverage(session)
    units = ledger_orgs(query, coverage)
    if _ledger_applicable(query, coverage, units, today):
        if _report_may_state_it(query):
            views = [v for v in load_fact_views(session, query.org_candidates) if _report_current(query, v, today)]
            stated = _answer_from_facts(query, views, strict_hazard=True)
            if stated is not None and stated.kind == "stat":
                return stated
        return _ledger_answer(session, query, coverage, units, today)
    views = load_fact_views(session, query.org_candidates)
    answer = _answer_from_facts(query, views)
    return answer if answer is not None else _none_answer(query, coverage)


def _report_current(query: StatQuery, view: FactView, today: date) -> bool:
    """A report figure the organisation states for the period asked (any, when none is asked) in a
    report of the time of the question: its period ends within a month before `today`. Later on,
    the live ledger is the reference."""
    end = view.period_end
    if end is None or not today - timedelta(days=31) <= end <= today:
        return False
    return query.period is None or period_equal(query, view)


# ------------------------------------------------------------------------------------------- ledger


def ledger_orgs(query: StatQuery, coverage: LedgerCoverage) -> tuple[str, ...] | None:
    """The ledger units the question means; () for all; None when it names units the ledger lacks."""
    if not query.org:
        return ()
    units = tuple(o for o in query.org_candidates if o in coverage.orgs)
    return units or None


def _ledger_applicable(
    query: StatQuery, coverage: LedgerCoverage, units: tuple[str, ...] | None, today: date
) -> bool:
    if not query.ledger_answerable or coverage.records == 0 or units is None:
        return False
    if any(domain not in coverage.domains for domain in domain_list(query)):
        return False
    return not (
        query.period and coverage.first and coverage.last
        and (query.period.end < coverage.first or query.period.start > min(coverage.last, today))
    )


def _report_may_state_it(query: StatQuery) -> bool:
    """One named organisation: its own report may state that very figure."""
    return len(query.org_candidates) == 1 and query.group_by is None


def ledger_filter(query: StatQuery, today: date, units: tuple[str, ...] | None) -> LedgerFilter:
    """The ledger rows a parsed question is about."""
    return LedgerFilter(
        today=today, start=query.period.start if query.period else None,
        end=query.period.end if query.period else None, domains=domain_list(query), orgs=units or (),
        level=query.level,
    )  # fmt: skip


def _ledger_answer(
    session: Session, query: StatQuery, coverage: LedgerCoverage, units: tuple[str, ...] | None, today: date
) -> Answer:
    period = query.period or until_period(coverage.first, today)
    flt = ledger_filter(query, today, units)
    result = ledger_statistic(session, query.metric, flt, group_by=query.group_by)
    filters = query.to_filters()
    if units:
        filters["org"] = "、".join(units)
    scope = filters_phrase(filters)
    scope_text = f"（{scope}）" if scope else ""
    when = period.describe() if query.period else f"{period.label}（未指定时间，统计台账全部记录）"
    semantics = SEMANTICS[query.metric]
    unit = "%" if query.metric == "rate" else "条"
    if query.group_by:
        group_name = "各领域" if query.group_by == "domain" else "各单位"
        value: float | int | dict[str, float | int] | None = dict(result.breakdown)
        label = METRIC_LABELS[query.metric] if query.metric == "rate" else _METRIC_PHRASES[query.metric]
        body = f"{group_name}{label}：{breakdown_phrase(result.breakdown, unit) or '无记录'}"
        if query.metric != "rate":
            body += f"，合计 {sum(result.breakdown.values())} 条"
    elif query.metric == "rate":
        value = result.value
        if result.value is None:
            body = "期内没有发现隐患，无法计算整改率"
        else:
            body = (f"隐患整改率为 {amount(result.value, '%')}：期内发现 {result.denominator} 条，"
                    f"其中已整改 {result.numerator} 条")  # fmt: skip
    else:
        value = result.value
        body = f"{_METRIC_PHRASES[query.metric]}共 {result.value} 条"
    text = (f"{when}{scope_text}，{body}。统计口径：{semantics}。"
            f"依据隐患台账（共{result.total_records}条记录）。")  # fmt: skip
    quote = f"{scope or '全部单位和领域'}；{when}；隐患编号：{code_list(result.codes)}"
    return Answer(
        text=text, kind="stat", value=value, unit=unit, period=period, filters=filters,
        sources=(Source(type="ledger", title="隐患台账", quote=quote),), context=query,
    )  # fmt: skip


# ------------------------------------------------------------------------------------------- reports


def _answer_from_facts(query: StatQuery, views: Sequence[FactView], *, strict_hazard: bool = False) -> Answer | None:
    """The answer from report facts, or None when no fact answers the question."""
    if not views or query.group_by:
        return None
    if query.operation == "sum" and query.items:
        return _computed_answer(query, compute_sum(query, views), "合计")
    if query.operation == "average":
        return _computed_answer(query, compute_average(query, views), "平均")
    if query.operation == "difference":
        if not query.about_hazards:
            return None
        return _computed_answer(query, compute_difference(query, views), "差额（未整改数）")
    if query.operation == "rate":
        stated = stated_rate(query, views)
        if stated is not None:
            return _fact_answer(query, stated)
        return _computed_answer(query, compute_rate(query, views), query.rate_word or rate_phrase(query.text))
    if strict_hazard:
        views = [v for v in views if _strict_match(query, v)]
    match = best_fact(query, views)
    if match is not None:
        return _fact_answer(query, match.fact)
    if query.metric == "open" and query.about_hazards:
        return _computed_answer(query, compute_difference(query, views), "剩余")
    if not query.about_hazards and REMAINDER_QUESTION.search(query.text):
        return _computed_answer(query, compute_remainder(query, views), "剩余")
    return None


def _strict_match(query: StatQuery, view: FactView) -> bool:
    """A report figure that is the very hazard count asked: same intent and the same domain (or an
    all-domain figure when none is asked)."""
    if query.domain != (view.domain if view.domain != "综合" else None):
        return False
    return intent_agreement(query, view) > 0


def _fact_period(fact: FactView) -> Period | None:
    if fact.period_start and fact.period_end:
        return Period(fact.period_start, fact.period_end, fact.period_label or "", "")
    return None


def _fact_filters(query: StatQuery, fact: FactView) -> dict[str, str]:
    filters = query.to_filters()
    if fact.org:
        filters["org"] = fact.org
    filters["metric"] = fact.metric if query.operation == "value" else filters["metric"]
    return filters


def _source(fact: FactView) -> Source:
    return Source(type="report", title=fact.title, quote=fact.sentence)


def _fact_answer(query: StatQuery, fact: FactView) -> Answer:
    period = _fact_period(fact)
    when = f"{period.describe()}，" if period else ""
    org = f"（{fact.org}）" if fact.org else ""
    if fact.value is None:
        text = (f"《{fact.title}》{org}中“{fact.metric}”这一数据已脱敏（原文以XX等占位符代替），"
                f"无法给出具体数字。原文：“{fact.sentence}”")  # fmt: skip
        return Answer(text=text, kind="none", value=None, unit=fact.unit, period=period,
                      filters=_fact_filters(query, fact), sources=(_source(fact),), context=query)  # fmt: skip
    stated = amount(fact.value, fact.unit, qualifier=fact.qualifier)
    implied = "（由“已全部完成整改”等表述推得）" if fact.implied else ""
    text = (f"据《{fact.title}》{org}，{when}{fact.metric}为 {stated}{implied}"
            f"（相应表述：“{fact.clause}”）。原文：“{fact.sentence}”")  # fmt: skip
    return Answer(text=text, kind="stat", value=number(fact.value), unit=fact.unit, period=period,
                  filters=_fact_filters(query, fact), sources=(_source(fact),), context=query)  # fmt: skip


def _computed_answer(query: StatQuery, computed: Computed | None, what: str) -> Answer | None:
    if computed is None:
        return None
    first = computed.inputs[0]
    period = _fact_period(first)
    org = f"（{first.org}）" if first.org else ""
    sources = tuple(dict.fromkeys(_source(f) for f in computed.inputs))
    filters = query.to_filters()
    if first.org:
        filters["org"] = first.org
    quote = "”“".join(dict.fromkeys(f.sentence for f in computed.inputs))
    if computed.redacted or computed.value is None:
        text = f"《{first.title}》{org}中计算{what}所需的数据已脱敏（原文以XX等占位符代替），无法计算。原文：“{quote}”"
        return Answer(text=text, kind="none", value=None, unit=computed.unit, period=period, filters=filters,
                      sources=sources, context=query)  # fmt: skip
    inputs = "；".join(f"{f.metric} {amount(f.value, f.unit)}" for f in computed.inputs if f.value is not None)
    when = f"{period.describe()}，" if period else ""
    text = (f"据《{first.title}》{org}，{when}{what}为 {amount(computed.value, computed.unit)}"
            f"（计算：{computed.formula}；所用数据：{inputs}）。原文：“{quote}”")  # fmt: skip
    return Answer(text=text, kind="stat", value=computed.value, unit=computed.unit, period=period,
                  filters=filters, sources=sources, context=query)  # fmt: skip


# --------------------------------------------------------------------------------------------- none


def _none_answer(query: StatQuery, coverage: LedgerCoverage) -> Answer:
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
    why = ""
    if query.org and not query.org_candidates:
        why = f"数据库中没有名为“{query.org}”的单位。"
    elif query.about_hazards and coverage.records and (
        missing := [d for d in domain_list(query) if d not in coverage.domains]
    ):
        why = f"隐患台账中没有{'、'.join(missing)}领域的记录。"
    text = (f"无相关数据：在隐患台账和已入库的报告中都没有找到这一数据（{'；'.join(searched)}）。{why}"
            "为避免误导，不作估算。")  # fmt: skip
    return Answer(text=text, kind="none", value=None, unit=None, period=query.period,
                  filters=query.to_filters(), context=query)  # fmt: skip
