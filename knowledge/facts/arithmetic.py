"""Figures computed from stated report figures: rates (a ÷ b), sums of listed items, averages.

Each result carries the facts it used and the formula, so the answer can show every input. The
inputs always come from one sentence of one report: a computation never mixes sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from knowledge.facts.evidence import contradiction, period_conflict
from knowledge.facts.lookup import (
    MIN_COVERAGE,
    FactView,
    asked_unit,
    coverage,
    org_period_ok,
    period_equal,
    rank_facts,
    scope_ok,
    score_fact,
    status_of,
    units_compatible,
)
from knowledge.facts.text import PART_LEADS, is_plan
from knowledge.questions.parse import StatQuery, names_a_fix
from knowledge.questions.words import is_hazard_word, term_variants

_FOUND_WORDS = ("发现", "排查", "查出", "检查出", "查找", "共")
_FIXED_WORDS = ("已整改", "整改完成", "完成整改", "治理完成", "完成治理", "整改完毕", "整改")


@dataclass(frozen=True)
class Computed:
    """A computed figure: value, unit, the facts used (in formula order) and the formula text."""

    value: float | int | None
    unit: str
    inputs: tuple[FactView, ...]
    formula: str
    score: float
    redacted: bool = False


def round_half_up(value: float, places: int = 2) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _by_sentence(facts: Iterable[FactView]) -> dict[tuple[int, str], list[FactView]]:
    groups: dict[tuple[int, str], list[FactView]] = defaultdict(list)
    for fact in facts:
        groups[(fact.document_id, fact.sentence)].append(fact)
    for group in groups.values():
        group.sort(key=lambda f: f.offset)
    return groups


def _by_paragraph(facts: Iterable[FactView]) -> dict[tuple[int, int], list[FactView]]:
    """Facts grouped by paragraph, in reading order: a rate may pair "发现隐患2963条。" with
    "截至目前，已整改隐患2870条" of the next sentence."""
    groups: dict[tuple[int, int], list[FactView]] = defaultdict(list)
    order: dict[str, int] = {}
    for fact in facts:
        order.setdefault(fact.sentence, len(order))
        groups[(fact.document_id, fact.paragraph)].append(fact)
    for group in groups.values():
        group.sort(key=lambda f: (f.position, order[f.sentence], f.offset))
    return groups


def _char_cover(item: str, text: str) -> float:
    chars = [c for c in item if re.match(r"[\u4e00-\u9fff]", c)]
    return sum(1 for c in chars if c in text) / len(chars) if chars else 0.0


def compute_sum(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """"一共多少": the figures of the listed items, all stated in one sentence, added up."""
    unit = asked_unit(q)
    best: Computed | None = None
    facts = [f for f in facts if org_period_ok(q, f) and not period_conflict(q, f)]  # not the year's for 上半年
    for group in _by_sentence(facts).values():
        chosen: list[FactView] = []
        cover = 0.0
        for item in q.items:
            options = [(f, _char_cover(item, f.fine_clause)) for f in group
                       if f not in chosen and (not unit or units_compatible(unit, f.unit) > 0)]
            options = [(f, c) for f, c in options if c >= 0.75]
            if not options:
                break
            fact, c = max(options, key=lambda fc: (fc[1], -len(fc[0].fine_clause)))
            chosen.append(fact)
            cover += c
        if len(chosen) != len(q.items):
            continue
        units = {f.unit for f in chosen}
        if len(units) != 1:
            continue
        score = cover / len(q.items) + sum(score_fact(q, f) for f in chosen) / len(chosen) / 10
        if any(f.value is None for f in chosen):
            result = Computed(None, chosen[0].unit, tuple(chosen), "", score, redacted=True)
        else:
            total = sum(float(f.value or 0) for f in chosen)
            formula = " + ".join(f"{_fmt(f.value)}" for f in chosen) + f" = {_fmt(total)}{chosen[0].unit}"
            result = Computed(number(round_half_up(total, 4)), chosen[0].unit, tuple(chosen), formula, score)
        if best is None or result.score > best.score:
            best = result
    return best


def compute_average(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """"平均每起…罚了多少钱": an amount divided by a count stated in the same sentence."""
    per = re.search(r"每(起|家|户|个|次|人|辆|艘|条|件|处)", q.text)
    per_unit = per.group(1) if per else None
    unit = asked_unit(q) or "元"
    count_q = StatQuery(text=q.text, org=q.org, org_candidates=q.org_candidates, period=q.period,
                        about_hazards=False, metric="figure", unit=per_unit, terms=q.terms)  # fmt: skip
    best: Computed | None = None
    for group in _by_sentence(f for f in facts if org_period_ok(q, f)).values():
        amounts = [f for f in group if units_compatible(unit, f.unit) == 1.0]
        counts = [f for f in group if f.unit != unit and (not per_unit or units_compatible(per_unit, f.unit) > 0)]
        for amount in amounts:
            for count in counts:
                if count.value in (None, 0) or amount.value is None:
                    continue
                score = score_fact(count_q, count) + 0.5 * score_fact(q, amount)
                value = round_half_up(float(amount.value) / float(count.value), 2)
                formula = (f"{_fmt(amount.value)}{amount.unit} ÷ {_fmt(count.value)}{count.unit}"
                           f" ≈ {_fmt(value)}{amount.unit}")  # fmt: skip
                result = Computed(number(value), amount.unit, (amount, count), formula, score)
                if best is None or result.score > best.score:
                    best = result
    return best


def rate_phrase(text: str) -> str:
    """The rate a question names ("治理完成率"), 整改率 when it names none."""
    match = re.search(r"[\u4e00-\u9fff]{2}率", text)
    return match.group() if match else "整改率"


def without_rate_word(q: StatQuery) -> StatQuery:
    """`q` without its X率 words: what a rate is about, the rate itself being what is stated or computed."""
    return replace(q, terms=tuple(t for t in q.terms if "率" not in t))


def stated_rate(q: StatQuery, facts: Iterable[FactView]) -> FactView | None:
    """A rate the report states as a percentage ("签订率达100%"), for the rate word asked."""
    word = q.rate_word or rate_phrase(q.text)
    stem = word[-3:] if len(word) > 3 else word
    candidates = [f for f in facts if f.unit == "%" and scope_ok(q, f) and (stem in f.clause or word in f.metric)]
    if not candidates:
        return None
    pct_q = StatQuery(text=q.text, org=q.org, org_candidates=q.org_candidates, period=q.period,
                      about_hazards=False, metric="figure", unit="%", terms=q.terms, domain=q.domain)  # fmt: skip
    pct_q = replace(without_rate_word(pct_q), level=q.level, today=q.today)
    # the rate word is the gate; the evidence model's contradictions hold here too (a planned 98% is no result)
    candidates = [f for f in candidates if contradiction(pct_q, f) is None]
    ranked = rank_facts(pct_q, candidates)
    if not ranked or ranked[0].score < 0.5 or ranked[0].coverage < MIN_COVERAGE:
        return None  # "工商业用户…整改率" is not the 居民 one stated elsewhere
    return ranked[0].fact


_APPROXIMATE = frozenset({"余", "约", "近", "以上", "以内", "至少"})


def _numerator_words(q: StatQuery) -> tuple[str, ...]:
    if q.rate_word:
        stem = q.rate_word.removesuffix("率")
        words = [stem, stem[-2:]] if len(stem) > 2 else [stem]
        return tuple(dict.fromkeys([*words, *(_FIXED_WORDS if "整改" in stem or "治理" in stem else ())]))
    return _FIXED_WORDS


def compute_rate(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """A rate from two figures of one sentence: the numerator (整改/完成 …) over the total before it.
    None for a share that names no such pair ("占比" of two other things is not guessed)."""
    if not q.rate_word and not re.search(r"整改|治理|完成|销号|闭环", q.text) and not names_a_fix(q.text):
        return None  # "改好了的占百分之多少" asks the rectified share too
    numerator_words = _numerator_words(q)
    any_total = q.rate_word is not None and "整改" not in q.rate_word  # "考核合格率": any total of the sentence
    results: list[Computed] = []
    for group in _by_paragraph(f for f in facts if scope_ok(q, f)).values():
        for i, numerator in enumerate(group):
            if not any(w in numerator.fine_clause or w in numerator.metric for w in numerator_words):
                continue
            if status_of(numerator) == "open" or numerator.qualifier in _APPROXIMATE:
                continue  # a rate of "400余条" would be a precision the report does not state
            denominator = _denominator(numerator, group[:i], any_total=any_total)
            if denominator is None:
                continue
            result = _rate_result(q, numerator, denominator)
            if result is not None:
                results.append(result)
    best = _whole_of(q, results)
    if best is not None and any(_rival(q, best, r) for r in results):
        return None  # "其中当场整改150处，限期整改63处": which is the rate's numerator is not said
    return best


def _rival(q: StatQuery, best: Computed, other: Computed) -> bool:
    """Another numerator over the same total, not a part of the best one, that the question's words
    fit as well: the rate asked cannot be told from it."""
    mine, theirs = best.inputs[0], other.inputs[0]
    if other.inputs[1].id != best.inputs[1].id or theirs.value == mine.value:
        return False
    if theirs.aside or theirs.clause.startswith(PART_LEADS):
        return False
    return abs(coverage(q, theirs) - coverage(q, mine)) < 0.05


def _whole_of(q: StatQuery, results: list[Computed]) -> Computed | None:
    """The best rate; among near-equal ones of one report (score within 0.3, words no less covered)
    the one over the largest total - the whole, not a campaign's part ("危大工程…395条" of 2963)."""
    if not results:
        return None

    def covered(result: Computed) -> float:
        return min(coverage(q, f) for f in result.inputs)

    top = max(results, key=lambda r: (round(r.score, 1), float(r.inputs[1].value or 0)))
    near = [r for r in results if r.inputs[1].document_id == top.inputs[1].document_id
            and r.score >= top.score - 0.3 and covered(r) >= covered(top) - 1e-9]  # fmt: skip
    return max(near, key=lambda r: (float(r.inputs[1].value or 0), r.score))


def _alike_units(a: str, b: str) -> bool:
    """Units a rate may divide: of one kind (条/处), or a count and its visits (人/人次, 家/家次)."""
    return units_compatible(a, b) > 0.0 or a.removesuffix("次") == b.removesuffix("次")


def _denominator(numerator: FactView, before: list[FactView], *, any_total: bool = False) -> FactView | None:
    """The total a numerator is a part of: the nearest earlier figure of the same kind of unit, no
    smaller, that counts what was found (an aside in brackets is a part, not the total); for another rate than
    整改率 ("考核合格率"), else the nearest earlier such figure of its sentence ("参加考试1863人次")."""
    options = [f for f in before if not f.aside and _alike_units(numerator.unit, f.unit)
               and f.qualifier not in _APPROXIMATE
               and (f.value is None or numerator.value is None or f.value >= numerator.value)]  # fmt: skip
    for fact in reversed(options):
        if fact.metric == "发现隐患数" or is_hazard_word(fact.clause) and status_of(fact) == "found":
            return fact
    for fact in reversed(options):
        if any(w in fact.fine_clause for w in _FOUND_WORDS):
            return fact
    if any_total:
        return next((f for f in reversed(options) if f.sentence == numerator.sentence), None)
    return None


def _rate_result(q: StatQuery, numerator: FactView, denominator: FactView) -> Computed | None:
    word = q.rate_word or rate_phrase(q.text)
    score = score_fact(q, denominator) + score_fact(q, numerator)
    if period_equal(q, denominator):
        score += 0.2
    if denominator.sentence != numerator.sentence:
        score -= 0.1  # a pair of adjacent sentences: a pair within one sentence is surer
    if numerator.value is None or denominator.value is None:
        return Computed(None, "%", (numerator, denominator), "", score, redacted=True)
    if not denominator.value or numerator.value > denominator.value:
        return None
    value = round_half_up(float(numerator.value) * 100 / float(denominator.value), 2)
    formula = (f"{word} = {_fmt(numerator.value)}{numerator.unit} ÷ {_fmt(denominator.value)}{denominator.unit}"
               f" × 100% ≈ {_fmt(value)}%")  # fmt: skip
    return Computed(number(value), "%", (numerator, denominator), formula, score)


def compute_difference(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """"还剩多少没整改" when only 发现 and 已整改 are stated: their difference."""
    # the pair of the rectification rate, whatever words ask what is left ("还剩几项没改")
    found_q = StatQuery(text=q.text, metric="found", org=q.org, org_candidates=q.org_candidates,
                        period=q.period, terms=q.terms, domain=q.domain, unit=q.unit, level=q.level,
                        rate_word="整改率")  # fmt: skip
    rate = compute_rate(found_q, facts)
    if rate is None or rate.redacted:
        return None
    fixed, found = rate.inputs
    value = float(found.value or 0) - float(fixed.value or 0)
    formula = f"{_fmt(found.value)}{found.unit} − {_fmt(fixed.value)}{fixed.unit} = {_fmt(value)}{found.unit}"
    return Computed(number(value), found.unit, (found, fixed), formula, rate.score)


def _fmt(value: float | None) -> str:
    if value is None:
        return "XX"
    return f"{number(value):,}".replace(",", "") if isinstance(number(value), int) else f"{value:g}"


_NOT_DONE = re.compile(r"(?:没有|没|未)([\u4e00-\u9fff]{1,2}?)(?:完|好|到位)?(?:的|[？?，,。]|$)")


def compute_remainder(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """"还有几家没装": a total less the part done, both stated in one paragraph ("发现未安装燃气报警器
    的餐饮店63家，已督促安装58家" -> 5). None when the question names no undone action."""
    match = None
    for match in _NOT_DONE.finditer(q.text):
        pass
    if match is None:
        return None
    forms = term_variants(match.group(1))
    best: Computed | None = None
    for group in _by_paragraph(f for f in facts if scope_ok(q, f) and f.value is not None).values():
        for i, done in enumerate(group):
            if "已" not in done.fine_clause or not any(f in done.fine_clause for f in forms):
                continue
            totals = [f for f in group[:i] if _alike_units(done.unit, f.unit)
                      and (f.value or 0) >= (done.value or 0) and _counts_undone(f, forms)]  # fmt: skip
            if not totals:
                continue
            result = _less(q, totals[-1], done)
            if best is None or result.score > best.score:
                best = result
    return best


def _less(q: StatQuery, whole: FactView, part: FactView) -> Computed:
    """`whole` less `part`, scored by how well the question's words cover both."""
    value = float(whole.value or 0) - float(part.value or 0)
    formula = f"{_fmt(whole.value)}{whole.unit} − {_fmt(part.value)}{part.unit} = {_fmt(value)}{whole.unit}"
    return Computed(number(value), whole.unit, (whole, part), formula, coverage(q, whole) + coverage(q, part))


# "离年度任务还差几家", "年度任务还剩多少户" (what is left of a task is its shortfall)
SHORTFALL_QUESTION = re.compile(r"还差|差多少|差几|(?:任务|目标)[^，,。？?]{0,8}(?:还剩|剩下|剩余|还有)")
_TARGET = re.compile(r"(?:任务|目标)(?:数|为|是)?$")
_PROGRESS = re.compile(r"累计|完成|已")


def compute_shortfall(q: StatQuery, facts: Iterable[FactView]) -> Computed | None:
    """"离年度任务还差几家": a target less the progress made toward it, both stated in one paragraph
    ("累计完成41家，年度任务为60家" -> 19; "任务600户，1-7月已完成412户" -> 188). The progress is the
    largest figure of done work stated with the target in its unit (the cumulative one, not this month's)."""
    if not SHORTFALL_QUESTION.search(q.text):
        return None
    best: Computed | None = None
    unit = asked_unit(q)
    for group in _by_paragraph(f for f in facts if scope_ok(q, f) and f.value is not None).values():
        for i, target in enumerate(group):
            if not _TARGET.search(target.words_before) or unit and units_compatible(unit, target.unit) == 0.0:
                continue  # not a target, or a target counted in another kind of unit than the one asked
            done = [f for f in (*group[:i], *group[i + 1:]) if _alike_units(target.unit, f.unit) and (f.value or 0) <= (target.value or 0)
                    and _PROGRESS.search(f.fine_clause) and not _TARGET.search(f.words_before)
                    and not is_plan(f.fine_clause, f.clause)]  # fmt: skip
            if not done:
                continue
            result = _less(q, target, max(done, key=lambda f: (f.value or 0, f.position)))
            if best is None or result.score > best.score:
                best = result
    return best


def _counts_undone(fact: FactView, forms: tuple[str, ...]) -> bool:
    """"发现未安装燃气报警器的餐饮店63家": a total of what was found, or of what is not done."""
    undone = any(neg + form in fact.fine_clause for neg in ("未", "没", "没有") for form in forms)
    return undone or any(w in fact.fine_clause for w in _FOUND_WORDS)
