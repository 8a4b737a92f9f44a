"""Ledger summaries for drafts and briefings: the key figures of a scope, by domain and by unit, the
hazards that recur, the oldest overdue major hazards, a monthly series, and the periods to compare with.

Every count keeps the 隐患编号 it counted (a `Tally`), with the semantics of knowledge.ledger.stats:
found by 发现日期, fixed by 整改完成日期, fixed_among_found / open / overdue as of `LedgerFilter.today`.
Figures "as of" an earlier day (the end of the previous quarter) use that day as `today`, so a hazard
fixed later still counts as open then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.ledger.stats import LedgerFilter, metric_condition, percent
from knowledge.models import Hazard
from knowledge.periods import grammar
from knowledge.periods.parse import Period

MAJOR_LEVEL = "重大"
_GROUP_COLUMNS = {"domain": Hazard.domain, "org": Hazard.responsible_unit}


@dataclass(frozen=True)
class Tally:
    """A count and the ledger rows behind it."""

    codes: tuple[str, ...] = ()

    @property
    def value(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class LedgerFigures:
    """The key figures of one scope. `fixed` counts completions in the period (by 整改完成日期);
    the rate is fixed_among_found / found."""

    found: Tally
    fixed: Tally
    fixed_among_found: Tally
    open: Tally
    overdue: Tally
    major_found: Tally
    major_open: Tally
    major_overdue: Tally

    @property
    def rate(self) -> float | None:
        return percent(self.fixed_among_found.value, self.found.value)

    def to_dict(self) -> dict[str, object]:
        counts = {name: getattr(self, name).value for name in _FIGURE_METRICS}
        return {**counts, "rate": self.rate}


# attribute -> (metric of knowledge.ledger.stats, major hazards only)
_FIGURE_METRICS: dict[str, tuple[str, bool]] = {
    "found": ("found", False), "fixed": ("fixed", False), "fixed_among_found": ("fixed_among_found", False),
    "open": ("open", False), "overdue": ("overdue", False), "major_found": ("found", True),
    "major_open": ("open", True), "major_overdue": ("overdue", True),
}  # fmt: skip
EMPTY_FIGURES = LedgerFigures(*(Tally() for _ in _FIGURE_METRICS))


def _filter_for(flt: LedgerFilter, major: bool) -> LedgerFilter:
    return replace(flt, level=MAJOR_LEVEL) if major else flt


def _codes(session: Session, metric: str, flt: LedgerFilter) -> tuple[str, ...]:
    condition = metric_condition(metric, flt)
    return tuple(session.scalars(select(Hazard.code).where(condition).order_by(Hazard.code)))


def ledger_figures(session: Session, flt: LedgerFilter) -> LedgerFigures:
    """The key figures of `flt`."""
    return LedgerFigures(**{
        name: Tally(_codes(session, metric, _filter_for(flt, major)))
        for name, (metric, major) in _FIGURE_METRICS.items()
    })  # fmt: skip


def figures_by(session: Session, flt: LedgerFilter, group_by: str) -> dict[str, LedgerFigures]:
    """The key figures per 行业领域 ("domain") or 责任单位 ("org"), for every group with a hazard found in
    the period or still open; ordered by hazards found, most first."""
    column = _GROUP_COLUMNS.get(group_by)
    if column is None:
        raise ValueError(f"未知的分组方式：{group_by}（可选：domain、org）")
    per_metric: dict[str, dict[str, list[str]]] = {}
    for name, (metric, major) in _FIGURE_METRICS.items():
        condition = metric_condition(metric, _filter_for(flt, major))
        rows = session.execute(select(column, Hazard.code).where(condition).order_by(Hazard.code)).all()
        grouped: dict[str, list[str]] = {}
        for key, code in rows:
            grouped.setdefault(str(key), []).append(code)
        per_metric[name] = grouped
    keys = set(per_metric["found"]) | set(per_metric["open"])
    figures = {
        key: LedgerFigures(**{name: Tally(tuple(per_metric[name].get(key, ()))) for name in _FIGURE_METRICS})
        for key in keys
    }
    return dict(sorted(figures.items(), key=lambda kv: (-kv[1].found.value, -kv[1].open.value, kv[0])))


def backlog(flt: LedgerFilter) -> LedgerFilter:
    """The same scope without a start date: everything found up to `today` (the open backlog)."""
    return replace(flt, start=None, end=None)


# --- the hazards themselves ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurring:
    """A 隐患描述 found more than once in the scope."""

    description: str
    domain: str
    codes: tuple[str, ...]
    units: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.codes)


def recurring_descriptions(
    session: Session, flt: LedgerFilter, *, limit: int = 5, min_count: int = 2
) -> list[Recurring]:
    """The 隐患描述 that recur most among the hazards found in the period (ties: by name)."""
    rows = session.execute(
        select(Hazard.description, Hazard.domain, Hazard.responsible_unit, Hazard.code)
        .where(metric_condition("found", flt), Hazard.description != "")
        .order_by(Hazard.code)
    ).all()
    grouped: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for description, domain, unit, code in rows:
        codes, units = grouped.setdefault((description.strip(), domain), ([], []))
        codes.append(code)
        if unit not in units:
            units.append(unit)
    found = [Recurring(d, dom, tuple(c), tuple(u)) for (d, dom), (c, u) in grouped.items() if len(c) >= min_count]
    found.sort(key=lambda r: (-r.count, r.description))
    return found[:limit]


@dataclass(frozen=True)
class HazardRow:
    """One ledger row, as drafts and briefings name it."""

    code: str
    unit: str
    inspected: str
    domain: str
    description: str
    level: str
    found: date
    deadline: date | None
    status: str

    def days_overdue(self, today: date) -> int:
        return (today - self.deadline).days if self.deadline else 0

    def to_dict(self, today: date | None = None) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code, "unit": self.unit, "inspected": self.inspected, "domain": self.domain,
            "description": self.description, "level": self.level, "found": self.found.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None, "status": self.status,
        }  # fmt: skip
        if today is not None:
            data["days_overdue"] = self.days_overdue(today)
        return data


def _row(h: Hazard) -> HazardRow:
    return HazardRow(h.code, h.responsible_unit, h.inspected_unit or "", h.domain, h.description, h.level,
                     h.found_date, h.deadline, h.status)  # fmt: skip


def overdue_major(session: Session, flt: LedgerFilter, *, limit: int = 5) -> list[HazardRow]:
    """Overdue major hazards of the scope, the longest overdue first (earliest 整改期限)."""
    condition = metric_condition("overdue", _filter_for(flt, True))
    rows = session.scalars(
        select(Hazard).where(condition).order_by(Hazard.deadline, Hazard.found_date, Hazard.code).limit(limit)
    )
    return [_row(h) for h in rows]


# --- monthly series ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthPoint:
    """Hazards found in a month (by 发现日期) and fixed in it (by 整改完成日期)."""

    year: int
    month: int
    found: Tally
    fixed: Tally

    @property
    def label(self) -> str:
        return f"{self.month}月"


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month from `start`'s to `end`'s, inclusive."""
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append((current.year, current.month))
        current = grammar.add_months(current, 1)
    return months


def monthly_series(session: Session, flt: LedgerFilter, months: Sequence[tuple[int, int]]) -> list[MonthPoint]:
    """Found and fixed per month of `months`, within the scope (domains, units, level) of `flt`; no
    day after `flt.today` is counted."""
    points = []
    for year, month in months:
        start = date(year, month, 1)
        end = min(grammar.month_end(year, month), flt.today)
        month_flt = replace(flt, start=start, end=end)
        found = _codes(session, "found", month_flt) if start <= flt.today else ()
        fixed = _codes(session, "fixed", month_flt) if start <= flt.today else ()
        points.append(MonthPoint(year, month, Tally(found), Tally(fixed)))
    return points


# --- periods to compare with -----------------------------------------------------------------------

_KIND_NAMES = {1: "上月", 3: "上季度", 12: "上年"}


@dataclass(frozen=True)
class Comparison:
    """A period to compare with: its dates, how a sentence names it ("上季度同期", "去年同期"), and
    whether the ledger reaches back to it."""

    period: Period
    name: str
    covered: bool


def _months_long(period: Period) -> int | None:
    """The nominal length in months of a calendar period (month, quarter, half year, year), else None."""
    label = period.label
    if period.start.day != 1:
        return None
    if "季度" in label and "前" not in label:
        return 3
    if "半年" in label:
        return 6
    if label.endswith("月") and period.start.month == period.end.month and "-" not in label:
        return 1
    if label.endswith(("年", "年度", "年以来")) and period.start.month == 1:
        return 12
    return None


def _calendar_label(start: date, months: int) -> str:
    if months == 1:
        return f"{start.year}年{start.month}月"
    if months == 3:
        return f"{start.year}年第{grammar.cn((start.month - 1) // 3 + 1)}季度"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def _shift_end(end: date, months: int) -> date:
    """`end` moved back by whole months; a month's last day stays a month's last day."""
    moved = grammar.add_months(end, -months)
    if end == grammar.month_end(end.year, end.month):
        return grammar.month_end(moved.year, moved.month)
    return moved


def previous_period(period: Period) -> tuple[Period, str]:
    """The period just before (环比) and its name: the previous month/quarter/half/year — only as far
    into it as `period` has run, when `period` is still running ("上季度同期") — else the same number of
    days just before ("上一时段")."""
    months = _months_long(period)
    day_before = period.start - timedelta(days=1)
    if months is None:
        return Period(day_before - (period.end - period.start), day_before, "上一时段"), "上一时段"
    start = grammar.add_months(period.start, -months)
    label = _calendar_label(start, months)
    last_month = grammar.add_months(period.start, months - 1)
    name = label if months == 6 else _KIND_NAMES[months]
    if period.end >= grammar.month_end(last_month.year, last_month.month):
        return Period(start, day_before, label), name
    end = min(_shift_end(period.end, months), day_before)
    return Period(start, end, f"{label}同期"), f"{name}同期"


def same_period_last_year(period: Period) -> Period:
    """The same dates one year earlier (同比)."""
    return Period(grammar.same_day_in(period.start.year - 1, period.start),
                  grammar.same_day_in(period.end.year - 1, period.end), "去年同期")  # fmt: skip


def first_found(session: Session) -> date | None:
    """The earliest 发现日期 in the ledger."""
    return session.scalar(select(func.min(Hazard.found_date)))


def comparisons(period: Period, first: date | None) -> tuple[Comparison, Comparison]:
    """(环比, 同比) for `period`; each is covered when the ledger starts in or before the month it starts."""

    def covered(p: Period) -> bool:
        return first is not None and date(first.year, first.month, 1) <= p.start

    previous, name = previous_period(period)
    last_year = same_period_last_year(period)
    return Comparison(previous, name, covered(previous)), Comparison(last_year, "去年同期", covered(last_year))
