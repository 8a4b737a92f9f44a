"""Report-figure answers: a parsed query and the candidate figures → one of three honest forms.

- confident: the figure, its clause and its whole sentence quoted, with the report;
- ambiguous: "原文中有以下几个相关数字：…" — each close figure with its clause and source, `value` None;
- unsure: the nearest figure is not sure enough: its sentence is quoted, no value is given;
- None: nothing near; the caller answers with the cited passage instead.

Computed figures (a rate, sum, average or difference of stated figures) show their formula and every
input. A figure is never given unless it is stated in a source or computed from stated ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from knowledge.answer import Answer, Source
from knowledge.facts.arithmetic import (
    Computed,
    compute_average,
    compute_difference,
    compute_rate,
    compute_remainder,
    compute_shortfall,
    compute_sum,
    number,
    rate_phrase,
    stated_rate,
    without_rate_word,
)
from knowledge.facts.evidence import (
    NO_RARITY,
    Candidate,
    Model,
    Rarity,
    Resolution,
    Scored,
    decide,
    default_model,
    rare_missing,
    score_candidates,
)
from knowledge.facts.lookup import status_of
from knowledge.facts.text import REMAINDER_QUESTION
from knowledge.facts.views import FactView
from knowledge.periods.parse import Period
from knowledge.questions.format import amount, searched_scope
from knowledge.questions.parse import StatQuery


def resolve_value(
    query: StatQuery, candidates: Sequence[Candidate], model: Model | None = None, rarity: Rarity = NO_RARITY
) -> Resolution:
    """The evidence decision over the candidates for a question asking one stated figure."""
    return decide(score_candidates(query, candidates, model, rarity), model)


Picker = Callable[[Sequence[Scored]], Scored | None]


def answer_from_facts(
    query: StatQuery, candidates: Sequence[Candidate], model: Model | None = None, *, rarity: Rarity = NO_RARITY,
    pick: Picker | None = None,
) -> Answer | None:
    """The answer from report figures, or None when no figure answers the question surely enough.
    `pick` (an LLM choosing among the candidates by id, knowledge.facts.choice) is asked only when the
    evidence model is not confident; its choice is a candidate's stated figure, never its own."""
    views = [c.fact for c in candidates]
    if not views or query.group_by:
        return None
    resolution = resolve_value(query, candidates, model, rarity) if query.operation == "average" else None
    stated = resolution.best if resolution is not None and resolution.decision == "confident" else None
    if stated is not None and "平均" in stated.fact.clause:
        return fact_answer(query, stated.fact)  # a stated average ("平均到达现场时间18分钟") is not recomputed
    computed = _computed(query, views, rarity)
    if computed is not None or query.operation == "rate":
        return computed  # a rate is never a stated count
    # a sum, average or difference that cannot be computed may still be stated ("一共搞了几次")
    resolution = resolution or resolve_value(query, candidates, model, rarity)
    sure = resolution.best if resolution.decision == "confident" else None
    stated_left = _stated_remainder(resolution, model)
    if sure is not None and (stated_left or not _asks_remainder(query)):
        return fact_answer(query, sure.fact)
    if query.org_candidates and not stated_left:
        # "还有几家没装": a total less the part done, when no figure of what is left is stated
        # ("仍有27处正在跟踪督办" is: it is shown with its sentence, not replaced by a computed one);
        # computed within a named organisation's report only
        remainder = _computed_remainder(query, views, rarity)
        if remainder is not None:
            return remainder
    if sure is not None:
        return fact_answer(query, sure.fact)
    if pick is not None and resolution.ranked:
        chosen = pick(resolution.ranked)
        if chosen is not None:
            return fact_answer(query, chosen.fact)
    return _unsure_or_none(query, resolution, model)


def _asks_remainder(query: StatQuery) -> bool:
    """What is left is asked: open hazards, or "还有几家没装" of anything else."""
    if query.about_hazards:
        return query.metric == "open"
    return bool(REMAINDER_QUESTION.search(query.text))


def _computed_remainder(query: StatQuery, views: Sequence[FactView], rarity: Rarity) -> Answer | None:
    """Hazards found less fixed, or a total less the part done; None when no remainder is asked."""
    if not _asks_remainder(query):
        return None
    about = _about(_done_part(query), views, rarity)
    if query.about_hazards:
        return computed_answer(query, compute_difference(query, about), "剩余")
    left = compute_remainder(query, about)
    if left is None:  # "年度任务还剩多少户": what is left of a task (None unless a shortfall is asked)
        return computed_answer(query, compute_shortfall(query, about), "距任务尚差")
    return computed_answer(query, left, "剩余")


def _stated_remainder(resolution: Resolution, model: Model | None) -> bool:
    """The best candidate states what is left ("剩余…", "仍有…") and is not ruled out."""
    best = resolution.best
    floor = (model or default_model()).floor
    return best is not None and best.probability >= floor and status_of(best.fact) == "open"


def _unsure_or_none(query: StatQuery, resolution: Resolution, model: Model | None) -> Answer | None:
    if resolution.decision == "ambiguous":
        return ambiguous_answer(query, [s.fact for s in resolution.alternatives])
    model = model or default_model()
    if resolution.best is not None and resolution.best.probability >= model.floor:
        return unsure_answer(query, resolution.best.fact)
    return None


def _computed(query: StatQuery, views: Sequence[FactView], rarity: Rarity = NO_RARITY) -> Answer | None:
    """A rate, sum, average or difference the question asks, computed from stated figures."""
    if query.operation == "sum" and query.items:
        return computed_answer(query, compute_sum(query, views), "合计")
    if query.operation == "average":
        return computed_answer(query, compute_average(query, views), "平均")
    if query.operation == "difference" and query.about_hazards:
        return computed_answer(query, compute_difference(query, views), "差额（未整改数）")
    if query.operation == "difference":
        return computed_answer(query, compute_shortfall(query, _about(_done_part(query), views, rarity)), "距任务尚差")
    if query.operation == "rate":
        about = without_rate_word(query)
        stated = stated_rate(query, views)
        if stated is not None and _about(about, [stated], rarity):
            return fact_answer(query, stated)
        # "专家服务团…整改完成率" is not the rate of the whole county's hazards: only figures about
        # what is asked are paired ("高层住宅小区…发现问题47处，已整改39处", not the district's 489 of 527)
        rate = compute_rate(query, _about(about, views, rarity))
        return computed_answer(query, rate, query.rate_word or rate_phrase(query.text))
    return None


def _done_part(query: StatQuery) -> StatQuery:
    """The question without its words of what is not done or is left ("还差多少台没装": 没装; "还剩几项没改":
    还剩): what is left is computed, no report states it in those words."""
    return replace(query, terms=tuple(t for t in query.terms
                                      if not t.startswith(("没", "未")) and not REMAINDER_QUESTION.fullmatch(t)))


def _about(query: StatQuery, views: Sequence[FactView], rarity: Rarity) -> list[FactView]:
    """The figures around which the question's most telling word is found (with the corpus's word
    rarity; without it, all): the only ones a computed answer may use."""
    return [v for v in views if rarity is NO_RARITY or rare_missing(query, v, rarity) < 1.0]


def fact_period(fact: FactView) -> Period | None:
    if fact.period_start and fact.period_end:
        return Period(fact.period_start, fact.period_end, fact.period_label or "", "")
    return None


def _filters(query: StatQuery, fact: FactView) -> dict[str, str]:
    filters = query.to_filters()
    if fact.org:
        filters["org"] = fact.org
    filters["metric"] = fact.metric if query.operation == "value" else filters["metric"]
    return filters


def source_of(fact: FactView) -> Source:
    return Source(type="report", title=fact.title, quote=fact.sentence)


def fact_answer(query: StatQuery, fact: FactView) -> Answer:
    """A stated figure with its clause and sentence; a redacted one (XX) said to be redacted."""
    period = fact_period(fact)
    when = f"{period.describe()}，" if period else ""
    org = f"（{fact.org}）" if fact.org else ""
    if fact.value is None:
        text = (f"《{fact.title}》{org}中“{fact.metric}”这一数据已脱敏（原文以XX等占位符代替），"
                f"无法给出具体数字。原文：“{fact.sentence}”")  # fmt: skip
        return Answer(text=text, kind="none", value=None, unit=fact.unit, period=period,
                      filters=_filters(query, fact), sources=(source_of(fact),), context=query)  # fmt: skip
    stated = amount(fact.value, fact.unit, qualifier=fact.qualifier)
    implied = "（由“已全部完成整改”等表述推得）" if fact.implied else ""
    text = (f"据《{fact.title}》{org}，{when}{fact.metric}为 {stated}{implied}"
            f"（相应表述：“{fact.clause}”）。原文：“{fact.sentence}”")  # fmt: skip
    return Answer(text=text, kind="stat", value=number(fact.value), unit=fact.unit, period=period,
                  filters=_filters(query, fact), sources=(source_of(fact),), context=query)  # fmt: skip


def unsure_answer(query: StatQuery, fact: FactView) -> Answer:
    """The nearest figure is not sure enough to be given: its sentence is shown for the reader to
    judge, no value is given (the passage form, pointed at the right sentence)."""
    if fact.value is None:
        return fact_answer(query, fact)  # the nearest is redacted: said so, no figure either way
    org = f"，{fact.org}" if fact.org else ""
    scope = "；".join(searched_scope(query))
    text = (f"没有找到能确认与问题完全对应的统计数字（{scope}）。最接近的原文表述（口径请核对）：\n“{fact.sentence}”"
            f"〔《{fact.title}》{org}〕")  # fmt: skip
    if fact.clause and len(fact.clause) < len(fact.sentence.strip("。；;，, ")):
        text += f"\n句中最接近所问的一处：“{fact.clause}”（未经确认，仅供核对）"  # a long sentence: which of its figures
    return Answer(text=text, kind="passage", value=None, unit=None, period=query.period,
                  filters=query.to_filters(), sources=(source_of(fact),), context=query)  # fmt: skip


def ambiguous_answer(query: StatQuery, facts: Sequence[FactView]) -> Answer:
    """Several close figures that differ: each with its clause and source; no value is chosen."""
    lines = []
    for i, fact in enumerate(facts, 1):
        stated = "XX（已脱敏）" if fact.value is None else amount(fact.value, fact.unit, qualifier=fact.qualifier)
        org = f"，{fact.org}" if fact.org else ""
        lines.append(f"  {i}. {stated}：“{fact.clause}”（《{fact.title}》{org}）")
    text = ("未能确定问的是哪一个数字，原文中有以下几个相关数字：\n" + "\n".join(lines)
            + "\n请说明具体指哪一项（例如写明单位、时间或统计口径）。")  # fmt: skip
    sources = tuple(dict.fromkeys(source_of(f) for f in facts))
    return Answer(text=text, kind="none", value=None, unit=None, period=query.period,
                  filters=query.to_filters(), sources=sources, context=query)  # fmt: skip


def computed_answer(query: StatQuery, computed: Computed | None, what: str) -> Answer | None:
    """A figure computed from stated ones, with the formula and every input; None when none was."""
    if computed is None:
        return None
    first = computed.inputs[0]
    period = fact_period(first)
    org = f"（{first.org}）" if first.org else ""
    sources = tuple(dict.fromkeys(source_of(f) for f in computed.inputs))
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
