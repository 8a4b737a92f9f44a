"""二、存在的问题 and 三、下一步工作计划, derived from the fact sheet (pure).

Problems: hazards not rectified in time (with the units or domains whose 整改率 lags), overdue major
hazards by name, recurring 隐患描述, the domain with most overdue hazards or the lowest rate. Plans
answer them one by one. What the data cannot show is left as a 【待补充：…】 item for staff to write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafting import phrasebook as pb
from drafting.document import Block, Section, Sentence, concat, heading, join, paragraph, sentence
from drafting.factsheet import Datum, FactSheet, Missing, ScopeData
from drafting.sections import MAX_NAMED_HAZARDS, MIN_FOUND_FOR_RANKING, as_of, hazard_figures
from knowledge.ledger.summary import HazardRow

MAX_RECURRING = 3


@dataclass(frozen=True)
class Item:
    """One numbered point: a short title and the sentences that bear it out."""

    title: str
    body: tuple[Sentence, ...] = ()
    title_sentence: Sentence | None = None  # a title holding a marker or data

    def head(self) -> Sentence:
        return self.title_sentence or Sentence(self.title)


def period_name(sheet: FactSheet) -> Sentence:
    """The period's label ("2023年上半年") with the dates that state its year and months."""
    return Sentence(sheet.period.label, (sheet.start, sheet.end))


def lagging(groups: dict[str, ScopeData], total_rate: float | None, n: int = 2) -> list[ScopeData]:
    """The groups whose 整改率 is lowest and below the overall rate (enough hazards found to tell)."""
    ranked = [g for g in groups.values() if g.figures.found.value >= MIN_FOUND_FOR_RANKING
              and g.figures.rate is not None and (total_rate is None or g.figures.rate < total_rate)]  # fmt: skip
    ranked.sort(key=lambda g: (g.figures.rate, g.name))
    return ranked[:n]


def _most_overdue(groups: dict[str, ScopeData]) -> ScopeData | None:
    """The group with most overdue hazards, when that is more than one ("最多，达1处" says nothing)."""
    ranked = [g for g in groups.values() if g.figures.overdue.value > 1]
    return max(ranked, key=lambda g: (g.figures.overdue.value, g.name), default=None)


def _rates(groups: Sequence[ScopeData]) -> Sentence:
    """"XX乡整改率为61.2%、县住建局为64.3%"."""
    parts = [sentence("{name}整改率为{rate}" if i == 0 else "{name}为{rate}", name=g.name, rate=g.rate)
             for i, g in enumerate(groups)]  # fmt: skip
    return join(parts, sep="、", end="")


# --- problems --------------------------------------------------------------------------------------


def _late_item(sheet: FactSheet) -> Item | None:
    h = hazard_figures(sheet)
    if isinstance(h.open, Datum) and not h.open.value:
        return None
    clause = concat(h.as_of or as_of(sheet), Sentence("，"), period_name(sheet),
                    sentence("发现的隐患中尚有{open}未完成整改", open=h.open))  # fmt: skip
    if isinstance(h.overdue, Datum) and isinstance(h.open, Datum) and h.overdue.value == h.open.value:
        clause = concat(clause, Sentence(f"，{pb.all_of(h.open)}已超过整改期限"))
    elif isinstance(h.overdue, Datum) and h.overdue.value:
        clause = concat(clause, sentence("，其中{overdue}已超过整改期限", overdue=h.overdue))
    body = [concat(clause, Sentence("。"))]
    lows = lagging(sheet.by_unit, sheet.total.figures.rate) if len(sheet.by_unit) > 1 else []
    if lows:
        body.append(concat(_rates(lows), sentence("，低于总体水平（{rate}），整改进度明显滞后。", rate=sheet.total.rate)))
    return Item("部分隐患整改不够及时", tuple(body))


def _hazard_name(sheet: FactSheet, row: HazardRow) -> Sentence:
    where = f"负责的{row.inspected}" if row.inspected else ""
    return sentence("{unit}{where}“{desc}”（{code}，整改期限{deadline}）", unit=row.unit, where=where,
                    desc=row.description, code=row.code, deadline=sheet.hazard_datum(row, "deadline"))  # fmt: skip


def _major_item(sheet: FactSheet) -> Item | None:
    t = sheet.total
    if not sheet.ledger_applies or not t.figures.major_open.value:
        return None
    first = sentence("期内发现重大隐患{found}，尚有{open}未整改", found=t.major_found, open=t.major_open)
    if t.figures.major_overdue.value == t.figures.major_open.value:
        first = concat(first, Sentence(f"，{pb.all_of(t.major_open)}已逾期"))
    elif t.figures.major_overdue.value:
        first = concat(first, sentence("，其中{overdue}已逾期", overdue=t.major_overdue))
    rows = sheet.overdue_major[:MAX_NAMED_HAZARDS]
    if rows:
        names = join([_hazard_name(sheet, r) for r in rows], sep="；", end="")
        first = concat(first, Sentence("。如"), names, Sentence("，至今仍未整改到位，存在较大安全风险。"))
    else:
        first = concat(first, Sentence("，重大风险管控压力较大。"))
    return Item("重大隐患整改滞后", (first,))


def _recurring_item(sheet: FactSheet) -> Item | None:
    items = sheet.recurring[:MAX_RECURRING]
    if not items:
        return None
    listed = join([sentence("“{d}”{n}", d=r.description, n=sheet.recurring_datum(r)) for r in items], sep="、", end="")
    body = concat(listed, Sentence("等问题多次出现，屡查屡犯现象较为突出，反映出部分生产经营单位主体责任落实不到位、"
                                   "隐患整改不够彻底。"))  # fmt: skip
    return Item("同类隐患反复出现", (body,))


def _domain_item(sheet: FactSheet) -> Item | None:
    if len(sheet.by_domain) < 2:
        return None
    worst = _most_overdue(sheet.by_domain)
    lows = lagging(sheet.by_domain, None, n=1)
    low = lows[0] if lows else None
    if worst is None and low is None:
        return None
    if worst is not None and (low is None or low.name == worst.name):
        text = sentence("{name}领域逾期未整改隐患最多，达{n}", name=worst.name, n=worst.overdue)
        if low is not None:
            text = concat(text, sentence("，整改率也最低，为{rate}", rate=low.rate))
    elif worst is not None and low is not None:
        text = concat(sentence("{name}领域逾期未整改隐患最多，达{n}；", name=worst.name, n=worst.overdue),
                      sentence("{name}领域整改率最低，为{rate}", name=low.name, rate=low.rate))  # fmt: skip
    else:
        assert low is not None
        text = sentence("{name}领域整改率最低，为{rate}", name=low.name, rate=low.rate)
    return Item("部分领域隐患治理相对滞后", (concat(text, Sentence("，行业监管和督促整改力度仍需加大。")),))


def _other_item() -> Item:
    marker = Missing("其他需要说明的问题，如基层监管力量、执法检查、宣传培训等方面")
    return Item(str(marker), (), Sentence(str(marker), (), (str(marker),)))


def problem_items(sheet: FactSheet) -> list[Item]:
    found = [_late_item(sheet), _major_item(sheet), _recurring_item(sheet), _domain_item(sheet)]
    items = [i for i in found if i is not None]
    if not sheet.ledger_applies and not items:
        marker = Missing("隐患排查整改方面存在的问题")
        items.append(Item(str(marker), (), Sentence(str(marker), (), (str(marker),))))
    return [*items, _other_item()]


# --- plans -----------------------------------------------------------------------------------------


def _units_with_major(sheet: FactSheet) -> str:
    units = [name for name, data in sheet.by_unit.items() if data.figures.major_open.value]
    return "、".join(units) if len(units) > 1 or not sheet.request.org else ""


def plan_items(sheet: FactSheet) -> list[Item]:
    h, t = hazard_figures(sheet), sheet.total
    items = []
    if isinstance(h.open, Datum) and not h.open.value:
        items.append(Item("巩固隐患整改成果", (Sentence("对已整改隐患开展“回头看”，逐项复核整改质量，坚决防止问题反弹。"),)))
    else:
        body = sentence("对尚未整改的{open}隐患逐一建立整改清单，明确责任单位、整改措施和完成时限，实行销号管理", open=h.open)
        if isinstance(h.overdue, Datum) and h.overdue.value:
            body = concat(body, sentence("；对{overdue}逾期未整改隐患逐项督办，确保按期整改到位", overdue=h.overdue))
        items.append(Item("紧盯隐患整改销号", (concat(body, Sentence("。")),)))
    if sheet.ledger_applies and t.figures.major_open.value:
        units = _units_with_major(sheet)
        who = f"督促{units}" if units else "督促责任单位"
        items.append(Item("强化重大隐患挂牌督办", (sentence(
            "对{n}未整改重大隐患实行挂牌督办，{who}逐项落实整改责任、措施、资金、时限和预案，整改完成前落实管控措施，"
            "确保风险可控。", n=t.major_open, who=who),)))  # fmt: skip
    if sheet.recurring:
        names = "".join(f"“{r.description}”" for r in sheet.recurring[:MAX_RECURRING])
        items.append(Item("聚焦突出问题开展专项整治", (Sentence(
            f"针对{names}等反复出现的问题，组织开展专项整治和“回头看”，举一反三、标本兼治，坚决防止屡查屡犯。"),)))
    lows = lagging(sheet.by_unit, t.figures.rate) if len(sheet.by_unit) > 1 else []
    if lows:
        named = join([sentence("{name}（{rate}）", name=g.name, rate=g.rate) for g in lows], sep="、", end="")
        body = concat(Sentence("对整改率偏低的"), named, Sentence(
            "加强督导检查，必要时约谈提醒，推动属地管理责任、行业监管责任和企业主体责任落实到位。"))
    else:
        body = Sentence("进一步压实属地管理责任、行业监管责任和企业主体责任，将隐患整改情况纳入安全生产考核。")
    items.append(Item("压紧压实安全生产责任", (body,)))
    focus = sorted((d for d in sheet.by_domain.values() if d.figures.open.value),
                   key=lambda d: (-d.figures.open.value, d.name))[:2]  # fmt: skip
    if focus:
        parts = [sentence("{name}领域尚有未整改隐患{n}，要{plan}", name=d.name, n=d.open,
                          plan=pb.domain_words(d.name).plan) for d in focus]  # fmt: skip
        items.append(Item("抓好重点领域安全监管", (join(parts, sep="；"),)))
    items.append(Item("加强宣传教育培训", (Sentence(
        "结合“安全生产月”、消防宣传月等活动，深入企业、社区、学校开展安全宣传教育，组织企业负责人和安全管理人员培训，"
        "不断提升全员安全意识和应急处置能力。"),)))  # fmt: skip
    return items


# --- rendering -------------------------------------------------------------------------------------


def _item_blocks(items: Sequence[Item]) -> list[Block]:
    blocks = []
    for n, item in enumerate(items, 1):
        head = item.head()
        title = Sentence(f"{n}.{head.text}" + ("" if head.text.endswith("】") else "。"), head.data, head.missing)
        blocks.append(paragraph(title, *item.body))
    return blocks


def _one_paragraph(intro: str, items: Sequence[Item]) -> Block:
    """"…：一是…；二是…。" as the shorter summaries write it."""
    parts = []
    for n, item in enumerate(items, 1):
        body = [Sentence(s.text.rstrip("。"), s.data, s.missing) for s in item.body]
        head = item.head()
        lead = Sentence(f"{pb.ordinal(n)}是{head.text}", head.data, head.missing)
        parts.append(join([lead, *body], sep="，", end="；" if n < len(items) else "。"))
    return paragraph(Sentence(intro), *parts)


def problems_section(sheet: FactSheet, *, number: str | None = "二", one_paragraph: bool = False) -> Section:
    items = problem_items(sheet)
    if one_paragraph:
        return Section(pb.PROBLEMS_HEADING, (_one_paragraph(
            f"当前，{pb.area_name(sheet.request.org)}安全生产工作仍存在一些问题和不足：", items),))  # fmt: skip
    blocks: list[Block] = [heading("heading1", f"{number}、{pb.PROBLEMS_HEADING}")] if number else []
    blocks.append(paragraph(Sentence("在取得一定成效的同时，我们也清醒地看到，当前工作中还存在一些问题和不足：")))
    return Section(pb.PROBLEMS_HEADING, tuple(blocks + _item_blocks(items)))


def plans_section(sheet: FactSheet, *, number: str | None = "三", one_paragraph: bool = False) -> Section:
    items = plan_items(sheet)
    who = pb.self_name(sheet.request.org)
    if one_paragraph:
        return Section(pb.PLANS_HEADING, (_one_paragraph(f"下一步，{who}将重点抓好以下工作：", items),))
    blocks: list[Block] = [heading("heading1", f"{number}、{pb.PLANS_HEADING}")] if number else []
    blocks.append(paragraph(Sentence(f"下一步，{who}将坚持问题导向，针对排查发现的突出问题，重点抓好以下工作：")))
    return Section(pb.PLANS_HEADING, tuple(blocks + _item_blocks(items)))
