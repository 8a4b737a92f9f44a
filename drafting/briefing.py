"""A leader's one-screen briefing: key figures, 环比 and 同比 when the ledger has them, where the open
hazards are, the oldest overdue major hazards by name, and one judgement derived from the figures;
with a chart (drafting.export.chart). Every count keeps its 隐患编号 (`to_dict`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.ledger.stats import SEMANTICS, LedgerFilter, ledger_coverage
from knowledge.ledger.summary import (
    Comparison,
    HazardRow,
    LedgerFigures,
    MonthPoint,
    backlog,
    comparisons,
    figures_by,
    ledger_figures,
    monthly_series,
    months_between,
    overdue_major,
)
from knowledge.periods import grammar
from knowledge.periods.parse import Period, parse_period
from knowledge.questions.orgs import find_org

TOP_N = 3
CHART_MONTHS = 12
RATE_DROP_POINTS = 5.0  # a fall in 整改率 worth a leader's attention


@dataclass(frozen=True)
class KeyFigures:
    """A period's figures as of a day: found and fixed in the period, the rate of those found, and the
    backlog on that day (all hazards found by then and not fixed by then)."""

    period: LedgerFigures
    backlog: LedgerFigures

    @property
    def values(self) -> dict[str, int | float | None]:
        p, b = self.period, self.backlog
        return {"found": p.found.value, "fixed": p.fixed.value, "rate": p.rate, "open": b.open.value,
                "overdue": b.overdue.value, "major_open": b.major_open.value}  # fmt: skip

    def codes(self) -> dict[str, list[str]]:
        p, b = self.period, self.backlog
        return {"found": list(p.found.codes), "fixed": list(p.fixed.codes), "open": list(b.open.codes),
                "overdue": list(b.overdue.codes), "major_open": list(b.major_open.codes)}  # fmt: skip


@dataclass(frozen=True)
class Compared:
    """A comparison period and its figures (None when the ledger does not reach back to it)."""

    comparison: Comparison
    figures: KeyFigures | None


@dataclass(frozen=True)
class Briefing:
    """The briefing of `period` as of `today`; `text` fits one screen."""

    title: str
    period: Period
    today: date
    org: str | None
    current: KeyFigures
    previous: Compared
    last_year: Compared
    open_by_domain: dict[str, int]
    open_by_unit: dict[str, int]
    overdue_major: tuple[HazardRow, ...]
    monthly: tuple[MonthPoint, ...]
    judgement: str
    records: int
    text: str = ""
    notices: tuple[str, ...] = field(default=())

    @property
    def figures(self) -> dict[str, Any]:
        return {
            "current": self.current.values,
            "previous": self.previous.figures.values if self.previous.figures else None,
            "last_year": self.last_year.figures.values if self.last_year.figures else None,
            "open_by_domain": self.open_by_domain, "open_by_unit": self.open_by_unit,
            "monthly": [{"month": f"{p.year}-{p.month:02d}", "found": p.found.value, "fixed": p.fixed.value}
                        for p in self.monthly],
        }  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        def period_dict(c: Compared) -> dict[str, Any]:
            return {"name": c.comparison.name, "covered": c.comparison.covered, **c.comparison.period.to_dict()}

        return {
            "title": self.title, "text": self.text, "period": self.period.to_dict(), "today": self.today.isoformat(),
            "org": self.org, "figures": self.figures, "codes": self.current.codes(),
            "previous_period": period_dict(self.previous), "last_year_period": period_dict(self.last_year),
            "overdue_major": [h.to_dict(self.today) for h in self.overdue_major],
            "judgement": self.judgement, "semantics": SEMANTICS, "notices": list(self.notices),
        }  # fmt: skip

    def chart_bytes(self) -> bytes:
        from drafting.export.chart import briefing_chart

        return briefing_chart(self)

    def chart_png(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.chart_bytes())
        return path


# --- wording ---------------------------------------------------------------------------------------


def _span(period: Period, today: date | None = None) -> str:
    """"10月1日至11月30日"; with the years when they differ from each other or from `today`'s."""
    if period.start.year != period.end.year:
        return f"{period.start.year}年{grammar.md(period.start)}至{period.end.year}年{grammar.md(period.end)}"
    year = f"{period.start.year}年" if today is not None and period.start.year != today.year else ""
    return f"{year}{grammar.md(period.start)}至{grammar.md(period.end)}"


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0") + "%"


def _delta(now: int, before: int, unit: str = "处") -> str:
    """"增加8处（增长7.0%）", "减少3处", "持平"."""
    diff = now - before
    if diff == 0:
        return "持平"
    word = "增加" if diff > 0 else "减少"
    growth = f"（{'增长' if diff > 0 else '下降'}{abs(diff) / before * 100:.1f}%）" if before else ""
    return f"{word}{abs(diff)}{unit}{growth}"


def _rate_delta(now: float | None, before: float | None) -> str | None:
    if now is None or before is None:
        return None
    diff = round(now - before, 1)
    if diff == 0:
        return "整改率持平"
    return f"整改率{'上升' if diff > 0 else '下降'}{abs(diff):.1f}个百分点".replace(".0个", "个")


def change_text(name: str, current: KeyFigures, other: KeyFigures, period: Period, today: date) -> str:
    c, o = current.values, other.values
    parts = [f"发现隐患{_delta(int(c['found'] or 0), int(o['found'] or 0))}",
             f"完成整改{_delta(int(c['fixed'] or 0), int(o['fixed'] or 0))}",
             f"逾期未整改{_delta(int(c['overdue'] or 0), int(o['overdue'] or 0))}"]  # fmt: skip
    rate = _rate_delta(current.period.rate, other.period.rate)
    if rate:
        parts.append(rate)
    return f"较{name}（{_span(period, today)}）：" + "，".join(parts) + "。"


def judgement(current: KeyFigures, previous: KeyFigures | None, previous_name: str) -> str:
    """One sentence of judgement from the figures: rising overdue, a falling rate, major hazards open."""
    c = current.values
    overdue, major = int(c["overdue"] or 0), int(c["major_open"] or 0)
    clauses = []
    if previous is not None:
        before = int(previous.values["overdue"] or 0)
        if overdue > before:
            clauses.append(f"逾期未整改隐患较{previous_name}增加{overdue - before}处")
        rate_now, rate_before = current.period.rate, previous.period.rate
        if rate_now is not None and rate_before is not None and rate_before - rate_now >= RATE_DROP_POINTS:
            clauses.append(f"整改率下降{rate_before - rate_now:.1f}个百分点".replace(".0个", "个"))
    if major:
        clauses.append(f"{major}处重大隐患仍未整改")
    if clauses:
        return "，".join(clauses) + "，需重点督办。"
    if overdue:
        return f"仍有{overdue}处隐患逾期未整改，需督促责任单位限期整改。"
    return "隐患整改总体及时，未见逾期积压，需持续巩固。"


def _top(counts: dict[str, int]) -> str:
    top = [(k, v) for k, v in counts.items() if v][:TOP_N]
    return "、".join(f"{k}{v}处" for k, v in top) or "无"


def _hazard_line(row: HazardRow, today: date) -> str:
    where = f"·{row.inspected}" if row.inspected else ""
    deadline = f"期限{grammar.md(row.deadline)}，已逾期{row.days_overdue(today)}天" if row.deadline else ""
    return f"{row.code} {row.unit}{where}“{row.description}”（{row.domain}），{deadline}"


def render(b: Briefing) -> str:
    c = b.current.values
    scope = f"{b.org}" if b.org else ""
    lines = [
        b.title,
        (f"【主要数据】{_span(b.period)}，发现隐患{c['found']}处，完成整改{c['fixed']}处，期内发现隐患整改率"
         f"{_pct(b.current.period.rate)}；截至{grammar.md(b.today)}，{scope}全部未整改隐患{c['open']}处，"
         f"其中逾期{c['overdue']}处，重大隐患未整改{c['major_open']}处。"),
    ]
    for label, compared in (("环比", b.previous), ("同比", b.last_year)):
        if compared.figures is not None:
            lines.append(f"【{label}】" + change_text(compared.comparison.name, b.current, compared.figures,
                                                       compared.comparison.period, b.today))  # fmt: skip
        else:
            lines.append(f"【{label}】台账中没有{compared.comparison.name}（{_span(compared.comparison.period, b.today)}）的记录，"
                         f"无法计算{label}。")  # fmt: skip
    lines.append(f"【未整改最多】领域：{_top(b.open_by_domain)}；单位：{_top(b.open_by_unit)}。")
    if b.overdue_major:
        lines.append("【逾期重大隐患】" + "；".join(f"{i}. {_hazard_line(h, b.today)}"
                                                  for i, h in enumerate(b.overdue_major, 1)) + "。")  # fmt: skip
    else:
        lines.append("【逾期重大隐患】无。")
    lines.append(f"【研判】{b.judgement}")
    lines.append(f"数据来源：隐患台账（共{b.records}条记录）；整改率 = 期内发现的隐患中已整改数 ÷ 期内发现数。")
    return "\n".join(lines)


# --- building --------------------------------------------------------------------------------------


def _key_figures(session: Any, flt: LedgerFilter) -> KeyFigures:
    return KeyFigures(ledger_figures(session, flt), ledger_figures(session, backlog(flt)))


def _open_counts(session: Any, flt: LedgerFilter, group_by: str) -> dict[str, int]:
    groups = figures_by(session, backlog(flt), group_by)
    counts = {k: v.open.value for k, v in groups.items() if v.open.value}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _resolve_units(org: str | None, orgs: Sequence[str], ledger_orgs: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    if not org:
        return None, ()
    mention = find_org(org, orgs)
    units = tuple(c for c in (mention.candidates if mention else ()) if c in ledger_orgs)
    if not units:
        known = "、".join(ledger_orgs[:12])
        raise InputError(f"隐患台账中没有“{org}”的记录，无法生成简报（台账中的单位：{known}）。")
    return (mention.name if mention else org), units


def build_briefing(db: Database, *, today: date, period: str = "本季度", org: str | None = None,
                   orgs: Sequence[str] = ()) -> Briefing:  # fmt: skip
    """The briefing of `period` (a Chinese period expression) as of `today`, for `org` or everyone."""
    parsed = parse_period(period, today)
    if parsed is None:
        raise InputError(f"无法识别的时间：{period}（例如：本季度、上个月、今年以来、2023年第三季度）")
    with db.session() as session:
        coverage = ledger_coverage(session)
        if coverage.records == 0:
            raise InputError("数据库中还没有隐患台账记录：请先导入台账（safetybot import-ledger 台账.xlsx）。")
        name, units = _resolve_units(org, orgs or coverage.orgs, coverage.orgs)
        flt = LedgerFilter(today=today, start=parsed.start, end=parsed.end, orgs=units)
        current = _key_figures(session, flt)
        previous, last_year = comparisons(parsed, coverage.first)
        compared = []
        for comparison in (previous, last_year):
            figures = None
            if comparison.covered:
                p = comparison.period
                figures = _key_figures(session, LedgerFilter(today=p.end, start=p.start, end=p.end, orgs=units))
            compared.append(Compared(comparison, figures))
        first_month = grammar.add_months(date(today.year, today.month, 1), -(CHART_MONTHS - 1))
        if coverage.first and coverage.first > first_month:
            first_month = date(coverage.first.year, coverage.first.month, 1)
        monthly = monthly_series(session, flt, months_between(first_month, today))
        briefing = Briefing(
            title=f"{name or ''}{parsed.label}隐患排查治理简报（截至{today.year}年{grammar.md(today)}）",
            period=parsed, today=today, org=name, current=current, previous=compared[0], last_year=compared[1],
            open_by_domain=_open_counts(session, flt, "domain"), open_by_unit=_open_counts(session, flt, "org"),
            overdue_major=tuple(overdue_major(session, backlog(flt), limit=TOP_N)), monthly=tuple(monthly),
            judgement=judgement(current, compared[0].figures, previous.name), records=coverage.records,
        )  # fmt: skip
    return replace(briefing, text=render(briefing))
