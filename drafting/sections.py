"""Section builders: 工作开展情况 (by domain), 存在的问题 and 下一步工作计划 from a fact sheet (pure).

Each sentence carries the figures it states; what the sheet lacks is a 【待补充：…】 marker. The
problems and plans are derived from the data: units and domains with the lowest 整改率 or most
overdue hazards, overdue major hazards by name, the 隐患描述 that recur most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafting import phrasebook as pb
from drafting.document import Block, Section, Sentence, concat, heading, join, paragraph, sentence
from drafting.factsheet import (
    REPORT_HAZARD_METRICS,
    Datum,
    FactSheet,
    Missing,
    ReportFact,
    ScopeData,
    Source,
    Value,
)
from knowledge.ledger.stats import percent
from knowledge.ledger.summary import Recurring

MAX_FACT_PHRASES = 6
MIN_FOUND_FOR_RANKING = 3  # a unit with fewer hazards found says little by its rate
MAX_NAMED_HAZARDS = 3


# --- shared fragments ------------------------------------------------------------------------------


def when(sheet: FactSheet) -> Sentence:
    """"2023年1月1日至6月30日" (both years written when they differ)."""
    same_year = sheet.period.start.year == sheet.period.end.year
    return sentence("{start:full}至{end:full}" if not same_year else "{start:full}至{end}",
                    start=sheet.start, end=sheet.end)  # fmt: skip


def as_of(sheet: FactSheet) -> Sentence:
    """"截至目前" when the period runs to today, else "截至2023年11月30日"."""
    if sheet.period.end >= sheet.today:
        return Sentence("截至目前")
    return sentence("截至{day:full}", day=sheet.as_of)


def _nonzero(value: Value) -> bool:
    return isinstance(value, Missing) or bool(value.value)


def _counts(items: Sequence[tuple[str, Datum]], suffix: str = "") -> Sentence:
    """"燃气领域45处、消防领域38处"."""
    parts = [sentence("{name}{suffix}{n}", name=name, suffix=suffix, n=n) for name, n in items]
    return join(parts, sep="、", end="")


# --- report facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HazardFigures:
    """The hazard figures of the overview: from the ledger, else from the organisation's report."""

    found: Value
    fixed: Value
    rate: Value
    open: Value
    overdue: Value | None
    major_found: Value | None
    as_of: Sentence | None = None  # "截至6月30日" for a report's figures (the ledger's: the draft's day)


def _report_hazards(facts: Sequence[ReportFact]) -> HazardFigures:
    """The largest stated 发现隐患数 and the figures stated with it; markers for the rest."""
    by_metric: dict[str, list[ReportFact]] = {}
    for fact in facts:
        if fact.value is not None and fact.metric in REPORT_HAZARD_METRICS:
            by_metric.setdefault(REPORT_HAZARD_METRICS[fact.metric], []).append(fact)
    found = max(by_metric.get("found", []), key=lambda f: f.value or 0, default=None)
    if found is None:
        return HazardFigures(Missing("发现隐患数"), Missing("已整改隐患数"), Missing("整改率"),
                             Missing("未整改隐患数"), None, None)  # fmt: skip

    def stated_with(metric: str) -> ReportFact | None:
        return next((f for f in by_metric.get(metric, []) if f.sentence == found.sentence), None)

    fixed, remaining, rate = stated_with("fixed"), stated_with("open"), stated_with("rate")
    fixed_value: Value = fixed.value_datum if fixed else Missing("已整改隐患数")
    rate_value: Value = rate.value_datum if rate else Missing("整改率")
    open_value: Value = remaining.value_datum if remaining else Missing("未整改隐患数")
    if fixed and not rate and found.value:
        computed = percent(int(fixed.value or 0), int(found.value))
        source = Source("report", found.title, "整改率 = 已整改隐患数 ÷ 发现隐患数（按报告数字计算）",
                        quote=found.sentence)  # fmt: skip
        rate_value = Datum("整改率（按报告数字计算）", source, value=computed, unit="%")
    if fixed and not remaining and found.value is not None and fixed.value is not None:
        source = Source("report", found.title, "未整改隐患数 = 发现隐患数 − 已整改隐患数（按报告数字计算）",
                        quote=found.sentence)  # fmt: skip
        open_value = Datum("未整改隐患数（按报告数字计算）", source, value=found.value - fixed.value,
                           unit=found.unit)  # fmt: skip
    assert found.end is not None
    stated_on = sentence("截至{day}", day=found.date_datum(found.end))
    return HazardFigures(found.value_datum, fixed_value, rate_value, open_value, None, None, stated_on)


def hazard_figures(sheet: FactSheet) -> HazardFigures:
    if sheet.ledger_applies:
        t = sheet.total
        return HazardFigures(t.found, t.fixed_among_found, t.rate, t.open, t.overdue, t.major_found)
    return _report_hazards(sheet.report_facts)


@dataclass(frozen=True)
class FactGroups:
    """The organisation's report facts by where a draft states them."""

    inspection: ReportFact | None
    training: tuple[ReportFact, ...]
    by_domain: dict[str, tuple[ReportFact, ...]]
    other: tuple[ReportFact, ...]


def group_facts(sheet: FactSheet) -> FactGroups:
    """Facts that read as work done, grouped; hazard counts are left to the ledger (or the overview)."""
    usable = [f for f in sheet.report_facts
              if f.metric not in REPORT_HAZARD_METRICS and pb.ACTION_START.search(f.metric)]  # fmt: skip
    inspections = [f for f in usable if f.value and pb.INSPECTION_WORDS.search(f.metric) and f.unit.startswith("家")
                   and f.domain == "综合"]  # fmt: skip
    inspection = max(inspections, key=lambda f: f.value or 0, default=None)
    rest = [f for f in usable if f is not inspection]
    training = tuple(f for f in rest if pb.TRAINING_WORDS.search(f.metric))
    by_domain: dict[str, list[ReportFact]] = {}
    other = []
    for fact in rest:
        if fact in training:
            continue
        if fact.domain == "综合":
            other.append(fact)
        else:
            by_domain.setdefault(fact.domain, []).append(fact)
    return FactGroups(inspection, training, {k: tuple(v) for k, v in by_domain.items()}, tuple(other))


def _fact_sentence(sheet: FactSheet, facts: Sequence[ReportFact], lead: str) -> Sentence | None:
    """"同时，检查企业89家，上报企业13家。"; facts of another period than the draft's say when."""
    facts = list(dict.fromkeys(facts))[:MAX_FACT_PHRASES]
    if not facts:
        return None
    groups: dict[tuple[object, object], list[ReportFact]] = {}
    for fact in facts:
        groups.setdefault((fact.start, fact.end), []).append(fact)
    parts = []
    for (start, end), members in groups.items():
        phrases = [sentence("{what}{n}", what=f.phrase, n=f.value_datum) for f in members]
        if (start, end) == (sheet.period.start, sheet.period.end):
            parts.append(join(phrases, end=""))
            continue
        first = members[0]
        assert first.start is not None and first.end is not None
        if first.start == sheet.period.start:
            prefix = sentence("截至{end}，", end=first.date_datum(first.end))
        else:
            prefix = sentence("{start}至{end}，", start=first.date_datum(first.start), end=first.date_datum(first.end))
        parts.append(concat(prefix, join(phrases, end="")))
    return concat(Sentence(lead), join(parts, sep="；"))


# --- 工作开展情况 -----------------------------------------------------------------------------------


def _hazard_kind(sheet: FactSheet) -> str:
    """"各类安全", or the domains asked ("燃气安全", "危化品、烟花爆竹安全")."""
    domains = "、".join(sheet.request.domains)
    return f"{domains}安全" if domains and not domains.endswith("安全") else (domains or "各类安全")


def _overview(sheet: FactSheet, groups: FactGroups) -> list[Sentence]:
    h = hazard_figures(sheet)
    inspected: Value = groups.inspection.value_datum if groups.inspection else Missing("检查生产经营单位数（家次）")
    major = (sentence("，其中重大隐患{major}", major=h.major_found)
             if h.major_found is not None and _nonzero(h.major_found) else Sentence(""))  # fmt: skip
    first = concat(
        when(sheet), sentence("，共检查生产经营单位{inspected}，发现{kind}隐患{found}", inspected=inspected,
                              kind=_hazard_kind(sheet), found=h.found),
        major, sentence("；已整改{fixed}，整改率{rate}。", fixed=h.fixed, rate=h.rate),
    )  # fmt: skip
    after = "上述隐患中" if sheet.period.end < sheet.today and sheet.ledger_applies else ""
    on = h.as_of or as_of(sheet)
    if isinstance(h.open, Datum) and not h.open.value:
        second = concat(on, Sentence(f"，{after}已全部完成整改。" if after else "，已全部完成整改。"))
    elif isinstance(h.overdue, Datum) and isinstance(h.open, Datum) and h.overdue.value == h.open.value:
        second = concat(on, sentence("，{after}尚有{open}未完成整改，{all}已超过整改期限。",
                                               after=after, open=h.open, all=pb.all_of(h.open)))  # fmt: skip
    elif h.overdue is not None and _nonzero(h.overdue):
        second = concat(on, sentence("，{after}尚有{open}未完成整改，其中逾期未整改{overdue}。",
                                               after=after, open=h.open, overdue=h.overdue))  # fmt: skip
    else:
        second = concat(on, sentence("，{after}尚有{open}正在督促整改。", after=after, open=h.open))
    sentences = [first, second]
    domains = [(name, data.found) for name, data in sheet.by_domain.items() if data.figures.found.value]
    if len(domains) > 1:
        sentences.append(concat(Sentence("从领域看，"), _counts(domains, "领域"), Sentence("。")))
    units = [(name, data.found) for name, data in sheet.by_unit.items() if data.figures.found.value]
    if len(units) > 1:
        sentences.append(concat(Sentence("从责任单位看，"), _counts(units), Sentence("。")))
    return sentences


def _domain_recurring(sheet: FactSheet, domain: str) -> list[Recurring]:
    return [r for r in sheet.recurring if r.domain == domain][:2]


def _domain_paragraph(sheet: FactSheet, data: ScopeData, facts: Sequence[ReportFact], *, counts: bool) -> Block:
    """One domain's work; without `counts` (the overview already gives them) its focus and problems only."""
    words = pb.domain_words(data.name)
    recurring = _domain_recurring(sheet, data.name)
    problems = None
    if recurring:
        items = [sentence("“{d}”{n}", d=r.description, n=sheet.recurring_datum(r)) for r in recurring]
        problems = concat(Sentence("发现的问题主要集中在"), join(items, sep="、", end=""), Sentence("等方面。"))
    if not counts:
        return paragraph(Sentence(f"{words.focus}。"), problems, _fact_sentence(sheet, facts, "同时，"))
    first = sentence("{focus}，共发现隐患{found}，已整改{fixed}，整改率{rate}", focus=words.focus,
                     found=data.found, fixed=data.fixed_among_found, rate=data.rate)  # fmt: skip
    if data.figures.open.value:
        if data.figures.overdue.value == data.figures.open.value:
            tail = sentence("；尚有{open}未整改，{all}已逾期。", open=data.open, all=pb.all_of(data.open))
        elif data.figures.overdue.value:
            tail = sentence("；尚有{open}未整改，其中逾期{overdue}。", open=data.open, overdue=data.overdue)
        else:
            tail = sentence("；尚有{open}正在整改。", open=data.open)
    else:
        tail = Sentence("，发现的隐患已全部整改。")
    return paragraph(concat(first, tail), problems, _fact_sentence(sheet, facts, "同时，"))


def work_section(sheet: FactSheet, *, numbered: bool = True, one_paragraph: bool = False) -> Section:
    """一、工作开展情况: the overview, then one （n） per domain, other work, and training."""
    groups = group_facts(sheet)
    overview = _overview(sheet, groups)
    if one_paragraph:
        extra = _fact_sentence(sheet, groups.other + groups.training, "此外，")
        return Section(pb.WORK_HEADING, (paragraph(*overview, Sentence(pb.MEASURE_SENTENCE), extra),))
    blocks: list[Block] = [heading("heading1", f"一、{pb.WORK_HEADING}")] if numbered else []
    count = 0

    def sub(title: str) -> Block:
        nonlocal count
        count += 1
        return heading("heading2", f"（{pb.ordinal(count)}）{title}")

    blocks += [sub(pb.OVERVIEW_HEADING), paragraph(*overview, Sentence(pb.MEASURE_SENTENCE))]
    for name, data in sheet.by_domain.items():
        facts = groups.by_domain.get(name, ())
        blocks += [sub(pb.domain_words(name).heading),
                   _domain_paragraph(sheet, data, facts, counts=len(sheet.by_domain) > 1)]  # fmt: skip
    for name, facts in groups.by_domain.items():
        if name not in sheet.by_domain:
            words = pb.domain_words(name)
            blocks += [sub(words.heading), paragraph(_fact_sentence(sheet, facts, f"{words.focus}，"))]
    if groups.other:
        blocks += [sub(pb.OTHER_WORK_HEADING), paragraph(_fact_sentence(sheet, groups.other, "扎实做好日常安全监管工作，"))]
    training = _fact_sentence(sheet, groups.training, "广泛开展安全生产宣传教育，组织")
    if training is None:
        training = concat(when(sheet), sentence("，组织开展安全生产宣传教育培训{n}，发放宣传资料{m}。",
                                                n=Missing("宣传培训场次及参训人数"), m=Missing("宣传资料份数")))
    blocks += [sub(pb.TRAINING_HEADING), paragraph(training)]
    return Section(pb.WORK_HEADING, tuple(blocks))
