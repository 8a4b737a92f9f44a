"""Exact hazard-ledger statistics: counts, 整改率 and breakdowns, built from SQLAlchemy expressions only.

Semantics (the answers state them):
- found: hazards whose 发现日期 is in the period;
- fixed: hazards whose 整改完成日期 is in the period (status 已整改);
- fixed_among_found: of the hazards found in the period, those 已整改 as of today;
- open: hazards found (in the period, else ever) up to today and not 已整改 as of today;
- overdue: open hazards whose 整改期限 is before today;
- status: hazards found (in the period, else ever) whose current 整改状态 is the one asked (整改中);
- rate: fixed_among_found / found, in percent with one decimal.
Every result keeps the 隐患编号 it counted, so each figure can be traced to ledger rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from knowledge.models import Hazard

logger = logging.getLogger(__name__)

FIXED_STATUS = "已整改"
COUNT_METRICS = ("found", "fixed", "fixed_among_found", "open", "overdue", "status")
SEMANTICS: dict[str, str] = {
    "found": "按发现日期统计期内发现的隐患",
    "fixed": "按整改完成日期统计期内完成整改的隐患",
    "fixed_among_found": "期内发现的隐患中截至今天状态为已整改的",
    "open": "截至今天整改状态不是已整改的隐患",
    "overdue": "截至今天未整改且整改期限早于今天的隐患",
    "status": "按发现日期统计、当前整改状态为{status}的隐患",
    "rate": "整改率 = 期内发现的隐患中已整改数 ÷ 期内发现数 × 100%，保留一位小数",
}


@dataclass(frozen=True)
class LedgerFilter:
    """Which hazards a statistic looks at. `start`/`end` None: no bound (end is capped at today)."""

    today: date
    start: date | None = None
    end: date | None = None
    domains: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    level: str | None = None
    status: str | None = None  # the 整改状态 value the "status" metric counts


@dataclass(frozen=True)
class LedgerResult:
    """A ledger figure with the rows behind it. For a rate, numerator/denominator are the counts."""

    metric: str
    value: int | float | None
    codes: tuple[str, ...] = ()
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict[str, int | float] = field(default_factory=dict)
    total_records: int = 0


@dataclass(frozen=True)
class LedgerCoverage:
    """What the ledger holds: record count, date range, and its distinct units and domains."""

    records: int
    first: date | None
    last: date | None
    orgs: tuple[str, ...]
    domains: tuple[str, ...]


def ledger_coverage(session: Session) -> LedgerCoverage:
    """What the ledger holds (read again only when the data changed: knowledge.directory.cached)."""
    from knowledge.directory import cached

    return cached(session, "ledger_coverage", _ledger_coverage)


def _ledger_coverage(session: Session) -> LedgerCoverage:
    records = session.scalar(select(func.count()).select_from(Hazard)) or 0
    first = session.scalar(select(func.min(Hazard.found_date)))
    last_found = session.scalar(select(func.max(Hazard.found_date)))
    last_fixed = session.scalar(select(func.max(Hazard.fixed_date)))
    lasts = [d for d in (last_found, last_fixed) if d is not None]
    orgs = tuple(sorted(session.scalars(select(Hazard.responsible_unit).distinct())))
    domains = tuple(sorted(session.scalars(select(Hazard.domain).distinct())))
    return LedgerCoverage(records, first, max(lasts) if lasts else None, orgs, domains)


def _in_range(column: InstrumentedAttribute[date] | InstrumentedAttribute[date | None],
              start: date | None, end: date) -> ColumnElement[bool]:
    lower = column >= start if start is not None else true()
    return and_(lower, column <= end)


def _scope(flt: LedgerFilter) -> list[ColumnElement[bool]]:
    """Conditions every metric shares: domains, units, level."""
    conditions: list[ColumnElement[bool]] = []
    if flt.domains:
        conditions.append(Hazard.domain.in_(flt.domains))
    if flt.orgs:
        conditions.append(Hazard.responsible_unit.in_(flt.orgs))
    if flt.level:
        conditions.append(Hazard.level == flt.level)
    return conditions


def _fixed_by(day: date) -> ColumnElement[bool]:
    """Status 已整改 with a completion date no later than `day`."""
    return and_(Hazard.status == FIXED_STATUS, Hazard.fixed_date.is_not(None), Hazard.fixed_date <= day)


def metric_condition(metric: str, flt: LedgerFilter) -> ColumnElement[bool]:
    """The WHERE clause of a count metric (see the module docstring)."""
    end = min(flt.end, flt.today) if flt.end else flt.today
    found_in_period = _in_range(Hazard.found_date, flt.start, end)
    if metric == "found":
        condition = found_in_period
    elif metric == "fixed":
        condition = and_(Hazard.status == FIXED_STATUS, _in_range(Hazard.fixed_date, flt.start, end))
    elif metric == "fixed_among_found":
        condition = and_(found_in_period, _fixed_by(flt.today))
    elif metric == "open":
        condition = and_(found_in_period, ~_fixed_by(flt.today))
    elif metric == "status":
        condition = and_(found_in_period, Hazard.status == (flt.status or ""))
    elif metric == "overdue":
        condition = and_(
            found_in_period, ~_fixed_by(flt.today), Hazard.deadline.is_not(None), Hazard.deadline < flt.today
        )
    else:
        raise ValueError(f"未知的统计口径：{metric}（可选：{'、'.join(COUNT_METRICS)}、rate）")
    return and_(condition, *_scope(flt)) if _scope(flt) else condition


def _codes(session: Session, condition: ColumnElement[bool]) -> tuple[str, ...]:
    return tuple(session.scalars(select(Hazard.code).where(condition).order_by(Hazard.code)))


def _total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Hazard)) or 0


def count_hazards(session: Session, metric: str, flt: LedgerFilter) -> LedgerResult:
    """How many hazards `metric` counts under `flt`, with their codes."""
    codes = _codes(session, metric_condition(metric, flt))
    return LedgerResult(metric, len(codes), codes, total_records=_total(session))


def percent(numerator: int, denominator: int, places: int = 1) -> float | None:
    """numerator/denominator in percent, rounded half up; None when the denominator is zero."""
    if denominator <= 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def hazard_rate(session: Session, flt: LedgerFilter) -> LedgerResult:
    """整改率 among hazards found in the period."""
    found = _codes(session, metric_condition("found", flt))
    fixed = _codes(session, metric_condition("fixed_among_found", flt))
    return LedgerResult(
        "rate", percent(len(fixed), len(found)), fixed, numerator=len(fixed), denominator=len(found),
        total_records=_total(session),
    )  # fmt: skip


def hazard_breakdown(session: Session, metric: str, flt: LedgerFilter, group_by: str) -> LedgerResult:
    """`metric` per 行业领域 (group_by="domain"), 责任单位 ("org") or 隐患等级 ("level"), largest first."""
    column = {"domain": Hazard.domain, "org": Hazard.responsible_unit, "level": Hazard.level}.get(group_by)
    if column is None:
        raise ValueError(f"未知的分组方式：{group_by}（可选：domain、org、level）")
    base = "found" if metric == "rate" else metric
    rows = session.execute(
        select(column, func.count()).where(metric_condition(base, flt)).group_by(column)
    ).all()
    counts: dict[str, int] = {str(key): int(n) for key, n in rows}
    breakdown: dict[str, int | float] = {}
    if metric == "rate":
        fixed_rows = session.execute(
            select(column, func.count()).where(metric_condition("fixed_among_found", flt)).group_by(column)
        ).all()
        fixed = {str(key): int(n) for key, n in fixed_rows}
        for key, found in counts.items():
            value = percent(fixed.get(key, 0), found)
            if value is not None:
                breakdown[key] = value
    else:
        breakdown = dict(counts)
    ordered = dict(sorted(breakdown.items(), key=lambda kv: (-kv[1], kv[0])))
    codes = _codes(session, metric_condition(base, flt))
    return LedgerResult(metric, None, codes, breakdown=ordered, total_records=_total(session))


def ledger_statistic(
    session: Session, metric: str, flt: LedgerFilter, *, group_by: str | None = None
) -> LedgerResult:
    """One entry point: a count, a rate, or a breakdown of either."""
    if group_by:
        return hazard_breakdown(session, metric, flt, group_by)
    if metric == "rate":
        return hazard_rate(session, flt)
    return count_hazards(session, metric, flt)

