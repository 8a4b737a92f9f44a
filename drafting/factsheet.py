"""The fact sheet of a draft: every figure it may write, each with its source.

Ledger figures (found, rectified, rate, open, overdue, major; in total, by domain and by unit; the
recurring 隐患描述; the overdue major hazards by name) come from knowledge.ledger.summary; report
facts (the organisation's own stated figures of that period, each with its sentence) from the facts
table. A figure the sheet lacks is never estimated: the section builders write a 【待补充：…】 marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from drafting.number_check import Figure
from drafting.request import DraftRequest
from knowledge.db import Database
from knowledge.facts.listing import list_facts
from knowledge.ledger.stats import SEMANTICS, LedgerFilter, ledger_coverage
from knowledge.ledger.summary import (
    EMPTY_FIGURES,
    HazardRow,
    LedgerFigures,
    Recurring,
    Tally,
    figures_by,
    ledger_figures,
    overdue_major,
    recurring_descriptions,
)
from knowledge.periods.parse import Period

MISSING_TEMPLATE = "【待补充：{}】"
HAZARD_UNITS = ("处", "条", "项", "个")
LEDGER_TITLE = "隐患台账"
_BEFORE_QUALIFIERS = ("约", "近")
_AFTER_QUALIFIERS = ("余", "多", "以上")


# --- sources and data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a figure comes from: ledger rows (codes), a report sentence, or the request itself."""

    kind: Literal["ledger", "report", "request"]
    title: str
    detail: str = ""
    codes: tuple[str, ...] = ()
    quote: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind, "title": self.title, "detail": self.detail}
        if self.kind == "ledger":
            data["codes"] = list(self.codes)
        if self.quote:
            data["quote"] = self.quote
        return data

    def describe(self) -> str:
        """One line for a 数据来源 list."""
        if self.kind == "ledger":
            shown = "、".join(self.codes[:8]) + (f" 等{len(self.codes)}条" if len(self.codes) > 8 else "")
            return f"{self.title}（{self.detail}）：{shown or '无记录'}"
        if self.kind == "report":
            return f"《{self.title}》：“{self.quote}”"
        return f"{self.title}：{self.detail}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Datum:
    """One figure a draft may state: a count, a percentage, an amount or a date, with its source.

    Rendered by `format()`: counts as written in reports ("457处", "4万余份", "34.467万元"),
    percentages to one decimal ("69.8%", "100%"), dates as "6月30日" (spec "full": "2023年6月30日").
    """

    label: str
    source: Source
    value: float | None = None
    unit: str = ""
    day: date | None = None
    qualifier: str = ""

    def __format__(self, spec: str) -> str:
        if self.day is not None:
            prefix = f"{self.day.year}年" if spec == "full" else ""
            return f"{prefix}{self.day.month}月{self.day.day}日"
        assert self.value is not None
        before = self.qualifier if self.qualifier in _BEFORE_QUALIFIERS else ""
        after = self.qualifier if self.qualifier in _AFTER_QUALIFIERS else ""
        value = Decimal(str(self.value))
        if self.unit in ("%", "个百分点"):
            return f"{before}{_plain(value.quantize(Decimal('0.1')))}{after}{self.unit}"
        if abs(value) >= 10000 and (self.unit == "元" or value % 10000 == 0):
            return f"{before}{_plain(value / 10000)}万{after}{self.unit}"
        return f"{before}{_plain(value)}{after}{self.unit}"

    def __str__(self) -> str:
        return format(self, "")

    def figures(self) -> list[Figure]:
        """The figures that restate this datum, for the number check (a hazard count in any of the
        units reports use for hazards)."""
        if self.day is not None:
            d = self.day
            return [Figure(float(d.day), "", kind="date", date=(d.year, d.month, d.day))]
        assert self.value is not None
        units = HAZARD_UNITS if self.unit in HAZARD_UNITS else (self.unit,)
        return [Figure(self.value, unit, qualifier=self.qualifier) for unit in units]

    def to_dict(self) -> dict[str, Any]:
        value: Any = self.day.isoformat() if self.day else self.value
        return {"label": self.label, "value": value, "unit": self.unit, "text": str(self),
                "source": self.source.to_dict()}  # fmt: skip


@dataclass(frozen=True)
class Missing:
    """A figure the draft needs but the data lacks: written as a visible 【待补充：…】 marker."""

    label: str

    def __format__(self, spec: str) -> str:
        return MISSING_TEMPLATE.format(self.label)

    def __str__(self) -> str:
        return format(self, "")


Value = Datum | Missing


# --- ledger figures as data ------------------------------------------------------------------------

_COUNT_LABELS = {
    "found": "发现隐患数", "fixed": "期内完成整改数", "fixed_among_found": "已整改隐患数",
    "open": "未整改隐患数", "overdue": "逾期未整改隐患数", "major_found": "发现重大隐患数",
    "major_open": "未整改重大隐患数", "major_overdue": "逾期未整改重大隐患数",
}  # fmt: skip
_COUNT_SEMANTICS = {
    "found": SEMANTICS["found"], "fixed": SEMANTICS["fixed"], "fixed_among_found": SEMANTICS["fixed_among_found"],
    "open": "期内发现的隐患中截至今天未整改的", "overdue": "期内发现的隐患中截至今天未整改且已过整改期限的",
    "major_found": "期内发现的重大隐患", "major_open": "期内发现的重大隐患中截至今天未整改的",
    "major_overdue": "期内发现的重大隐患中截至今天未整改且已过整改期限的",
}  # fmt: skip


@dataclass(frozen=True)
class ScopeData:
    """The ledger figures of one scope (all, a domain, a unit) as data a sentence can state."""

    name: str  # as the text names it: "燃气", "XX镇"
    figures: LedgerFigures
    period_label: str
    scope: str = ""  # as the source names it: "县住建局·燃气" (default: `name`)

    @property
    def where(self) -> str:
        return self.scope or self.name

    def count(self, metric: str) -> Datum:
        tally: Tally = getattr(self.figures, metric)
        source = Source("ledger", LEDGER_TITLE, f"{self.where}；{self.period_label}；{_COUNT_SEMANTICS[metric]}",
                        tally.codes)  # fmt: skip
        return Datum(f"{_COUNT_LABELS[metric]}（{self.where}）", source, value=float(tally.value), unit="处")

    def __getattr__(self, metric: str) -> Datum:
        if metric in _COUNT_LABELS:
            return self.count(metric)
        raise AttributeError(metric)

    @property
    def rate(self) -> Value:
        rate = self.figures.rate
        if rate is None:
            return Missing(f"{self.name}整改率（期内未发现隐患）")
        f = self.figures
        detail = (f"{self.where}；{self.period_label}；已整改{f.fixed_among_found.value}处÷发现{f.found.value}处；"
                  f"{SEMANTICS['rate']}；列出的是已整改隐患编号")  # fmt: skip
        return Datum(f"整改率（{self.where}）", Source("ledger", LEDGER_TITLE, detail, f.fixed_among_found.codes),
                     value=rate, unit="%")  # fmt: skip


# --- report facts ----------------------------------------------------------------------------------

# Canonical hazard metrics of report facts (knowledge.facts.lexicon); the ledger is the reference for
# them when it covers the scope.
REPORT_HAZARD_METRICS = {"发现隐患数": "found", "已整改隐患数": "fixed", "剩余未整改隐患数": "open", "整改率": "rate"}
_METRIC_SUFFIX = re.compile(r"(?:的)?(?:数量|金额|数)$")


@dataclass(frozen=True)
class ReportFact:
    """A figure an organisation's report states, with its sentence; `value` None: redacted (XX)."""

    title: str
    org: str
    domain: str
    metric: str
    value: float | None
    unit: str
    qualifier: str
    sentence: str
    start: date | None
    end: date | None

    @property
    def value_datum(self) -> Value:
        if self.value is None:
            return Missing(f"{self.metric}（原报告中为XX）")
        source = Source("report", self.title, self.metric, quote=self.sentence)
        return Datum(self.metric, source, value=self.value, unit=self.unit, qualifier=self.qualifier)

    def date_datum(self, day: date) -> Datum:
        source = Source("report", self.title, "报告所述时段", quote=self.sentence)
        return Datum("报告所述时段", source, day=day)

    @property
    def phrase(self) -> str:
        """The metric as an action: "检查企业数" → "检查企业", "罚款金额" → "罚款", "培训人数" → "培训",
        "检查道路运输企业家次" → "检查道路运输企业" (the unit follows with the figure)."""
        text = _METRIC_SUFFIX.sub("", self.metric)
        for tail in (self.unit + "次", self.unit):
            if self.unit and text.endswith(tail) and len(text) > len(tail):
                text = text[: -len(tail)]
                break
        return text or self.metric

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "org": self.org, "domain": self.domain, "metric": self.metric,
                "value": self.value, "unit": self.unit, "qualifier": self.qualifier, "sentence": self.sentence,
                "period": [d.isoformat() if d else None for d in (self.start, self.end)]}  # fmt: skip


# --- the sheet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactSheet:
    """Every figure a draft for `request` may state."""

    request: DraftRequest
    today: date
    units: tuple[str, ...]  # ledger 责任单位 in scope; () = all
    ledger_applies: bool
    total: ScopeData
    by_domain: dict[str, ScopeData]
    by_unit: dict[str, ScopeData]
    recurring: tuple[Recurring, ...]
    overdue_major: tuple[HazardRow, ...]
    report_facts: tuple[ReportFact, ...]
    gaps: tuple[str, ...] = field(default=())

    @property
    def period(self) -> Period:
        return self.request.period

    def request_date(self, day: date, what: str) -> Datum:
        detail = f"所选时间为{self.period.describe()}，统计截至{self.today:%Y-%m-%d}"
        return Datum(what, Source("request", "起草请求", detail), day=day)

    @property
    def start(self) -> Datum:
        return self.request_date(self.period.start, "起始日期")

    @property
    def end(self) -> Datum:
        return self.request_date(self.period.end, "截止日期")

    @property
    def as_of(self) -> Datum:
        return self.request_date(self.today, "统计截至日期")

    def hazard_datum(self, row: HazardRow, what: Literal["found", "deadline"]) -> Datum:
        day = row.found if what == "found" else row.deadline
        assert day is not None
        label = "发现日期" if what == "found" else "整改期限"
        return Datum(f"{row.code}{label}", Source("ledger", LEDGER_TITLE, f"{row.code}的{label}", (row.code,)),
                     day=day)  # fmt: skip

    def recurring_datum(self, item: Recurring) -> Datum:
        source = Source("ledger", LEDGER_TITLE, f"隐患描述为“{item.description}”的隐患", item.codes)
        return Datum(f"“{item.description}”出现次数", source, value=float(item.count), unit="处")

    def to_dict(self) -> dict[str, Any]:
        return {
            "request": self.request.to_dict(), "today": self.today.isoformat(), "units": list(self.units),
            "ledger_applies": self.ledger_applies, "gaps": list(self.gaps),
            "total": self.total.figures.to_dict(),
            "by_domain": {k: v.figures.to_dict() for k, v in self.by_domain.items()},
            "by_unit": {k: v.figures.to_dict() for k, v in self.by_unit.items()},
            "recurring": [{"description": r.description, "domain": r.domain, "count": r.count,
                           "codes": list(r.codes)} for r in self.recurring],
            "overdue_major": [h.to_dict(self.today) for h in self.overdue_major],
            "report_facts": [f.to_dict() for f in self.report_facts],
        }  # fmt: skip


def _report_facts(db: Database, request: DraftRequest) -> list[ReportFact]:
    """The requested organisation's stated figures whose period lies within the requested one (implied
    ones included: "已全部完成整改" states the rectified count)."""
    if not request.org_candidates:
        return []
    period = request.period
    # the name as written when it is a known one ("区城镇燃气", not also "XX市XX区城镇燃气")
    wanted = {request.org} if request.org in request.org_candidates else set(request.org_candidates)
    facts = []
    for row in list_facts(db):
        if row["org"] not in wanted or row["qualifier"] == "各":  # "各处罚款10万元" is per case, not a total
            continue
        start = date.fromisoformat(row["period_start"]) if row["period_start"] else None
        end = date.fromisoformat(row["period_end"]) if row["period_end"] else None
        if start is None or end is None or start < period.start or end > period.end:
            continue
        if request.domains and row["domain"] not in request.domains:
            continue
        facts.append(ReportFact(row["report_title"], row["org"], row["domain"], row["metric"], row["value"],
                                row["unit"], row["qualifier"], row["sentence"], start, end))  # fmt: skip
    return facts


def build_fact_sheet(db: Database, request: DraftRequest, today: date) -> FactSheet:
    """The fact sheet of `request` as of `today`: ledger figures for its units, domains and period, and
    the organisation's report facts of that period."""
    period = request.period
    gaps: list[str] = []
    with db.session() as session:
        coverage = ledger_coverage(session)
        units: tuple[str, ...] = ()
        applies = coverage.records > 0
        if not applies:
            gaps.append("数据库中还没有隐患台账记录")
        if applies and request.org:
            units = tuple(o for o in request.org_candidates if o in coverage.orgs)
            if not units:
                applies = False
                gaps.append(f"隐患台账中没有“{request.org}”的记录")
        missing_domains = [d for d in request.domains if d not in coverage.domains]
        if applies and missing_domains:
            gaps.append(f"隐患台账中没有{'、'.join(missing_domains)}领域的记录")
            applies = len(missing_domains) < len(request.domains)
        if applies and coverage.first and coverage.last and (
            period.end < coverage.first or period.start > min(coverage.last, today)
        ):
            applies = False
            gaps.append(f"隐患台账的记录自{coverage.first:%Y年%m月%d日}至{coverage.last:%Y年%m月%d日}，"
                        f"不含{period.label}")  # fmt: skip
        domains = tuple(d for d in request.domains if d in coverage.domains)
        flt = LedgerFilter(today=today, start=period.start, end=period.end, domains=domains, orgs=units)
        if applies:
            total = ledger_figures(session, flt)
            by_domain = figures_by(session, flt, "domain")
            by_unit = figures_by(session, flt, "org")
            recurring = tuple(recurring_descriptions(session, flt, limit=30))
            major = tuple(overdue_major(session, flt))
        else:
            total, by_domain, by_unit, recurring, major = EMPTY_FIGURES, {}, {}, (), ()
    label = period.label
    scope = request.org or "全部单位"
    return FactSheet(
        request=request, today=today, units=units, ledger_applies=applies,
        total=ScopeData(scope if not domains else f"{scope}·{'、'.join(domains)}", total, label),
        by_domain={k: ScopeData(k, v, label, f"{request.org}·{k}" if request.org else k) for k, v in by_domain.items()},
        by_unit={k: ScopeData(k, v, label, f"{k}·{'、'.join(domains)}" if domains else k) for k, v in by_unit.items()},
        recurring=recurring, overdue_major=major, report_facts=tuple(_report_facts(db, request)),
        gaps=tuple(gaps),
    )  # fmt: skip
