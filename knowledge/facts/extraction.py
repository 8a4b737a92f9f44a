"""Every figure a report states, as a fact with its domain, metric, period and source sentence.

Pure: text in, frozen dataclasses out. The figures themselves come from `knowledge.facts.numbers`, their
names from `knowledge.facts.metric_names`; this module places each one in its sentence and section:
- domain: a keyword in the figure's own clause, unless it is only a weak one (`lexicon.WEAK_KEYWORDS`:
  餐饮, 抢险 …) or the clause names several domains; then the enclosing heading ("（五）燃气安全。"
  rules until the next heading of the same or a higher level); then `default_domain` (the report's
  own field); then a weak keyword of the clause; then the keywords of the sentence's other figure
  clauses (the nearest first); else 综合;
- metric: see `knowledge.facts.metric_names`; a planned figure ("计划新建微型消防站30个", or any figure in a
  "下一步工作打算" section) is named "计划…";
- period: the period expression stated before the figure in its sentence, else the one carried from
  earlier in the same paragraph: the last one an earlier sentence states before its first figure
  ("" when none: the caller uses the report's period);
- implied facts: "排查出隐患6534个，已全部完成整改" also states 已整改隐患数 6534.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from knowledge.documents.outline import Outline, find_period_exprs, sentence_spans
from knowledge.facts import lexicon
from knowledge.facts.metric_names import FigureWords, Neighbour, name_figure
from knowledge.facts.metric_words import first_verb
from knowledge.facts.numbers import Quantity, parse_quantities, shielded_spans
from knowledge.facts.tables import TableCell, table_cells
from knowledge.facts.text import inside_brackets

logger = logging.getLogger(__name__)

__all__ = ["ExtractedFact", "extract_facts", "find_period_exprs", "sentence_spans"]


@dataclass(frozen=True)
class ExtractedFact:
    """One stated figure with its provenance; spans index the text given to `extract_facts`."""

    domain: str
    metric: str
    value: float | None
    unit: str
    qualifier: str
    period_expr: str
    sentence: str
    sentence_span: tuple[int, int]
    value_span: tuple[int, int]
    implied: bool
    redacted: bool


# --- domain ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SentenceContext:
    line_period: str
    heading_domain: str | None
    weak_heading_domain: str | None
    default_domain: str | None
    in_plans: bool


@dataclass(frozen=True)
class _ClauseDomain:
    strong: str | None  # the nearest strong keyword's domain
    weak: str | None  # the nearest weak keyword's domain
    mixed: bool  # strong keywords of several domains ("防汛、森林防火、消防等应急演练")


def _clause_domain(text: str, pos: int) -> _ClauseDomain:
    hits = lexicon.domain_hits(text)

    def nearest(found: list[tuple[int, int, str]]) -> str | None:
        if not found:
            return None
        return min(found, key=lambda h: (min(abs(h[0] - pos), abs(h[1] - pos)), -(h[1] - h[0])))[2]

    strong = [h for h in hits if not lexicon.is_weak_keyword(text[h[0]:h[1]])]
    weak = [h for h in hits if lexicon.is_weak_keyword(text[h[0]:h[1]])]
    return _ClauseDomain(nearest(strong), nearest(weak), len({h[2] for h in strong}) > 1)


def _choose_domain(own: _ClauseDomain, others: list[_ClauseDomain], context: _SentenceContext) -> str:
    heading, weak_heading, default = context.heading_domain, context.weak_heading_domain, context.default_domain
    if own.mixed:
        return heading or weak_heading or default or lexicon.GENERAL_DOMAIN
    for candidate in (
        own.strong, heading, default, own.weak,
        next((o.strong for o in others if o.strong and not o.mixed), None),
        weak_heading,
        next((o.weak for o in others if o.weak), None),
    ):
        if candidate:
            return candidate
    return lexicon.GENERAL_DOMAIN


# --- clauses ---------------------------------------------------------------------------------------

_PRE_BREAK = "，,；;。！？!?：:（）()\n"
_POST_BREAK = _PRE_BREAK + "、"
_LIGHT_END_RE = re.compile(rf"(?:{lexicon.LIGHT_WORDS})$")
_PLAN_RE = re.compile(lexicon.PLAN_WORDS)
_YEAR_BACK_RE = re.compile(lexicon.YEAR_BACK)
_CLAUSE_BREAK_RE = re.compile(r"[，,；;。：:]")
_NOT_PLANNED_RE = re.compile(r"已|现有|目前|截[至止]|累计|实际")
_DONE_AFTER_PLAN_RE = re.compile(r"实际|已")
# In a section of plans these still state what exists ("通过规范化我镇3家规模企业", "将有4大…项目").
_STOCK_RE = re.compile(r"[我本该全][镇局县区市乡]|街道|将有|共有|现有|^有")
_CONJUNCTIONS = frozenset("和、及与 ")
_ALL_DONE_RE = re.compile(
    r"(?:已|均已|现已)?全部(?:完成)?(?:整改|治理)(?:完成|完毕|到位)?|均已(?:整改|治理)(?:完成|完毕|到位)?"
)
_HAZARD_UNITS = frozenset({"处", "条", "个", "项"})


def _clause_start(sentence: str, pos: int) -> int:
    """Back from `pos` to the clause break, stepping over a gloss in brackets ("隐患（缺陷）船舶")."""
    i = pos
    while i > 0:
        ch = sentence[i - 1]
        if ch in "）)":
            j = max(sentence.rfind("（", 0, i - 1), sentence.rfind("(", 0, i - 1))
            if j != -1 and not re.search(r"[0-9]|XX|xx|\*", sentence[j:i]):
                i = j
                continue
            break
        if ch in _PRE_BREAK:
            break
        i -= 1
    return i


def _clauses(sentence: str, offset: int, qs: list[Quantity]) -> list[tuple[int, int]]:
    """For each figure, the span (in the text) of the words that describe it: back to the clause break
    or the previous figure, forward to the next break or figure. Words between two figures of one
    clause belong to the earlier one ("20家单位30处有限空间") unless they carry a verb of their own."""
    out = []
    for i, q in enumerate(qs):
        a, b = q.span[0] - offset, q.span[1] - offset
        start = _clause_start(sentence, a)
        end = b
        while end < len(sentence) and sentence[end] not in _POST_BREAK:
            end += 1
        if i > 0 and qs[i - 1].span[1] - offset > start:
            start = qs[i - 1].span[1] - offset
            between = sentence[start:a]
            if "、" in between[1:]:  # "造成2人死亡、5人受伤": 死亡 is the earlier figure's
                start += between.rindex("、")
                between = sentence[start:a]
            if (between and not between.startswith(("、", "，")) and first_verb(between) is None
                    and not _LIGHT_END_RE.search(between)):
                start = a
        if i + 1 < len(qs):
            end = min(end, qs[i + 1].span[0] - offset)
        out.append((start + offset, end + offset))
    return out


def extract_facts(text: str, *, default_domain: str | None = None, original: str | None = None) -> list[ExtractedFact]:
    """All figures stated in `text` (one report's body), in reading order, with implied ones after
    the figure that implies them. With the `original` (uncleaned) text, the cells of plain-text tables
    too (`knowledge.facts.tables`), each read as the clause it stands for."""
    cells = table_cells(text, original) if original else []
    rows = {cell.row_span for cell in cells}
    facts = _prose_facts(text, default_domain, rows)
    if cells:
        facts = sorted([*facts, *_cell_facts(cells, default_domain)], key=lambda f: f.value_span[0])
    return facts


def _cell_facts(cells: list[TableCell], default_domain: str | None) -> list[ExtractedFact]:
    """A table cell's fact: its clause read as a sentence, its number placed in the text."""
    out: list[ExtractedFact] = []
    for cell in cells:
        read = [f for f in extract_facts(cell.sentence, default_domain=default_domain) if f.value_span[0] == cell.offset]
        if not read:
            continue
        start = cell.span[0] - cell.offset
        out.append(replace(read[0], sentence_span=(start, start + len(cell.sentence)), value_span=cell.span))
    return out


def _prose_facts(text: str, default_domain: str | None, skipped: set[tuple[int, int]]) -> list[ExtractedFact]:
    quantities = parse_quantities(text)
    periods = find_period_exprs(text)
    outline = Outline()
    facts: list[ExtractedFact] = []
    line_period = ""
    prev_end = 0
    first_figure: int | None = None  # where the first figure of the full sentence (up to 。) stands
    for s_start, s_end in sentence_spans(text):
        at_line_start = s_start == 0 or "\n" in text[prev_end:s_start]
        if at_line_start or text[prev_end - 1:prev_end] in "。！？":
            first_figure = None
        prev_end = s_end
        sentence = text[s_start:s_end]
        if at_line_start:
            outline.new_line()
            line_period = ""
        if outline.see(sentence, at_line_start) and not at_line_start:
            line_period = ""
        inside_row = any(a <= s_start and s_end <= b for a, b in skipped)
        qs = [] if inside_row else [q for q in quantities if s_start <= q.span[0] < s_end]
        s_periods = [p for p in periods if s_start <= p[0] < s_end]
        if qs:
            context = _SentenceContext(
                line_period, outline.domain(), outline.domain(weak=True), default_domain, outline.in_plans()
            )
            facts.extend(_sentence_facts(text, (s_start, s_end), qs, s_periods, context))
        outside = [p for p in s_periods if inside_brackets(sentence, p[0] - s_start) is None
                   and not _YEAR_BACK_RE.fullmatch(p[2])]  # fmt: skip
        # "（其中9月份163辆）" dates its aside, not what follows; so does a period stated after the
        # first figure of its sentence (up to 。, though ； ends a span) date only the clauses it leads:
        # "…入户检查18,736户次，其中7月份…；今年1-7月累计…2.71万户次。检查餐饮场所1,204家次" - the 1,204
        # are not of January to July; "全年共检查企业50家，一季度12家。新增隐患3处" - the 3 not of the quarter
        if first_figure is None and qs:
            first_figure = min(q.span[0] for q in qs)
        opening = [p for p in outside if first_figure is None or p[0] < first_figure]
        later = [p for p in outside if p not in opening]
        if opening and not any(_period_kind(p[2]) == _period_kind(opening[-1][2]) for p in later):
            line_period = opening[-1][2]  # not the first of a breakdown: "分季度看，一季度2起、二季度3起…"
    return facts


def _period_kind(expr: str) -> str:
    """What a period names, to tell a breakdown ("一季度…、二季度…", "7月…、8月…") from a period and its
    part ("三季度…，其中9月份…"): a quarter, a single month, or the expression itself."""
    if re.fullmatch(r"(?:第?[一二三四1-4])季度", expr):
        return "quarter"
    if re.fullmatch(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?", expr):
        return "month"
    return expr


def _runs(text: str, qs: list[Quantity]) -> list[tuple[int, int]]:
    """(index, length) of each figure in its run of same-unit figures joined by 和/、 ("25%和33.3%")."""
    groups: list[list[int]] = []
    for i, q in enumerate(qs):
        between = text[qs[i - 1].span[1]:q.span[0]] if i else "，"
        if i and qs[i - 1].unit == q.unit and between and set(between) <= _CONJUNCTIONS:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = [(0, 1)] * len(qs)
    for group in groups:
        for k, i in enumerate(group):
            out[i] = (k, len(group))
    return out


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _planned(text: str, s_start: int, c_start: int, q: Quantity, in_plans: bool) -> bool:
    """A target, not a result: a plan word earlier in the sentence, or (less surely) a section of
    plans, unless the figure's own clause states what exists or was done (已, 现有, 我镇…)."""
    if _NOT_PLANNED_RE.search(text, c_start, q.span[0]):
        return False
    before = text[s_start:q.span[0]]
    for a, b in reversed(shielded_spans(before)):
        before = before[:a] + "\0" * (b - a) + before[b:]
    plans = list(_PLAN_RE.finditer(before))
    if plans:
        # "全年计划入户安检68420户，实际完成61385户，安检率89.7%": what follows 实际/已 is done
        return _DONE_AFTER_PLAN_RE.search(before, plans[-1].end()) is None
    return in_plans and _STOCK_RE.search(text[c_start:q.span[0]]) is None


def _sentence_facts(
    text: str,
    span: tuple[int, int],
    qs: list[Quantity],
    periods: list[tuple[int, int, str]],
    context: _SentenceContext,
) -> list[ExtractedFact]:
    s_start, s_end = span
    sentence = text[s_start:s_end]
    clauses = _clauses(sentence, s_start, qs)
    domains = [_clause_domain(text[a:b], q.span[0] - a) for q, (a, b) in zip(qs, clauses, strict=True)]
    runs = _runs(text, qs)
    facts: list[ExtractedFact] = []
    prev: Neighbour | None = None
    earlier: list[str] = []
    hazard_parent = False
    period_asides = [inside_brackets(sentence, p[0] - s_start) for p in periods]
    for i, (q, (c_start, c_end)) in enumerate(zip(qs, clauses, strict=True)):
        aside = inside_brackets(sentence, q.span[0] - s_start)
        # a period in brackets dates only the figures of those brackets
        # ... and "上年为2,517家次" only the figures of its own clause
        stated = [p for p, p_aside in zip(periods, period_asides, strict=True)
                  if p[1] <= q.span[0] and p_aside in (None, aside)
                  and (not _YEAR_BACK_RE.fullmatch(p[2]) or not _CLAUSE_BREAK_RE.search(text, p[1], q.span[0]))]  # fmt: skip
        period = stated[-1][2] if stated else context.line_period
        pre = text[c_start:q.span[0]]
        for p_start, p_end, _ in periods:
            if c_start <= p_start and p_end <= q.span[0]:
                pre = pre.replace(text[p_start:p_end], "")
        pre = re.sub(r"（[^）]*）|\([^)]*\)", "", pre) if "（" in pre or "(" in pre else pre
        between = text[qs[i - 1].span[1]:q.span[0]] if i else ""
        hazard_parent = hazard_parent or (
            "其中" in between and prev is not None and re.search("隐患|问题", prev.metric) is not None
        )
        naming = name_figure(FigureWords(
            pre=pre, post=text[q.span[1]:c_end], after=text[q.span[1]:s_end], unit=q.unit, prev=prev,
            listed=between.startswith("、"), run=runs[i], earlier=tuple(earlier),
            hazard_context=re.search("隐患|问题", text[_line_start(text, q.span[0]):q.span[0]]) is not None,
            parent_hazard=hazard_parent,
        ))
        prev = Neighbour(
            naming.phrase, naming.verb, naming.metric, q.unit, rate=naming.rate, change=naming.change,
            list_verb=naming.list_verb, items=naming.items,
        )
        if not naming.change:
            earlier.append(naming.metric)
        metric = naming.metric
        if _planned(text, s_start, c_start, q, context.in_plans) and not metric.startswith("计划"):
            metric = "计划" + metric
        others = [d for j, d in sorted(enumerate(domains), key=lambda jd: abs(jd[0] - i)) if j != i]
        facts.append(
            ExtractedFact(
                domain=_choose_domain(domains[i], others, context),
                metric=metric,
                value=q.value,
                unit=q.unit,
                qualifier=q.qualifier,
                period_expr=period,
                sentence=sentence,
                sentence_span=span,
                value_span=q.span,
                implied=False,
                redacted=q.redacted,
            )
        )
    return _with_implied(facts, text)


def _with_implied(facts: list[ExtractedFact], text: str) -> list[ExtractedFact]:
    """Add 已整改隐患数 for "发现隐患N处，已全部整改" when the sentence states no rectified figure."""
    if not facts:
        return facts
    s_start, s_end = facts[0].sentence_span
    done = _ALL_DONE_RE.search(text, s_start, s_end)
    if done is None or any(f.metric.startswith("已整改") for f in facts):
        return facts
    found = [
        f for f in facts
        if f.value_span[1] <= done.start() and f.unit in _HAZARD_UNITS and "隐患" in f.metric
        and not re.search(r"整改|治理", f.metric)
    ]
    if not found:
        return facts
    source = found[-1]
    implied = ExtractedFact(
        domain=source.domain, metric="已整改隐患数", value=source.value, unit=source.unit, qualifier="",
        period_expr=source.period_expr, sentence=source.sentence, sentence_span=source.sentence_span,
        value_span=source.value_span, implied=True, redacted=source.redacted,
    )
    index = facts.index(source) + 1
    return [*facts[:index], implied, *facts[index:]]
