"""What the words around a stated figure say about a question: the pieces the evidence model
(knowledge.facts.evidence) reads as soft features, and the scope checks computed figures use.

A question is matched on the words of the report itself: each candidate figure's list item and clause,
its sentence and its headings (knowledge.facts.text), with the metric name as a weaker hint — the
share of the question's words found there (`coverage`), unit agreement (家 ≈ 家次, 条 ≈ 处 ≈ 项 for
hazards, 人 ≈ 人次), the question's own verb and counted noun standing by the figure, the hazard status
its words state (发现 / 已整改 / 剩余). Computed figures (knowledge.facts.arithmetic) keep stricter
scope checks (`scope_ok`, `rank_facts`): every input of a formula must be of the organisation, period,
domain and grade asked. Pure over `FactView`s (knowledge.facts.views reads the database).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from knowledge.facts.lexicon import action_classes
from knowledge.facts.text import (
    CHANGE_QUESTION,
    PART_LEADS,
    REMAINDER_QUESTION,
    bare_lead,
    clause_around,
    grades_in,
    hazard_status,
    heading_context,
    is_change,
    is_plan,
    own_words,
    strip_asides,
    top_level_segments,
)
from knowledge.facts.views import FactView, load_fact_views
from knowledge.questions.parse import StatQuery, domain_list
from knowledge.questions.words import (
    EXPLAINED_WORDS,
    PLAN_QUESTION,
    is_hazard_word,
    term_parts,
    term_variants,
    tokens,
)

__all__ = [
    "MEASURES", "FactMatch", "FactView", "asked_unit", "clause_around", "coverage", "heading_context",
    "intent_agreement", "load_fact_views", "org_period_ok", "passes_gates", "period_equal", "rank_facts",
    "scope_ok", "score_fact", "status_of", "units_compatible",
]  # fmt: skip

logger = logging.getLogger(__name__)

MIN_COVERAGE = 0.5
# The hazard status each hazard metric of a question asks for.
WANTED_STATUS: dict[str, str] = {
    "found": "found", "fixed": "fixed", "fixed_among_found": "fixed", "open": "open", "overdue": "overdue",
}  # fmt: skip
_GENERIC_TERMS = frozenset({"隐患", "安全隐患", "还有", "还", "没", "未", "有"})
# Hazard words that single out one figure among several of a status ("已销号151处" vs "现场整改986处").
_SPECIFIC_INTENTS = frozenset({"销号", "闭环", "整治", "处置", "新增", "新发现", "督促", "上报", "登记"})
_WEAK = frozenset({"领域", "安全", "生产", "工作", "情况", "全面", "专项", "行动", "开展", "组织", "进行"})
# Classifiers one thing may be counted in (a classifier may be in several: 条 of hazards and of
# boats, 只 of boats and of cylinders); 个 counts anything that is not a measure.
_UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"个", "条", "处", "项", "件", "起", "宗", "例"}), frozenset({"家", "家次", "户", "所", "户次"}),
    frozenset({"人", "名", "位"}), frozenset({"次", "场", "场次", "期", "轮", "回"}),
    frozenset({"辆", "辆次", "台", "台次", "车次", "部"}), frozenset({"艘", "艘次", "条", "只"}),
    frozenset({"份", "张", "幅", "本", "册", "件"}), frozenset({"只", "瓶", "罐", "件"}),
    frozenset({"元", "万元", "亿元"}), frozenset({"公里", "千米", "米"}), frozenset({"%"}), frozenset({"项", "项次"}),
    frozenset({"分钟", "小时", "天", "日"}), frozenset({"学时", "课时"}),
)  # fmt: skip
_OWN_KIND = frozenset({"家", "户", "所"})  # organisations and households: never counted in 个
# Units of measure: never what a spoken "几个" counts.
MEASURES = frozenset({"元", "万元", "亿元", "公里", "千米", "米", "平方米", "立方米", "%", "吨", "小时", "天"})
_NOT_COUNTED = MEASURES | {"分钟", "日"}
# A duration asked ("平均多长时间能赶到", "多少分钟"): not a length (多长) nor a count of days' events.
_DURATION = re.compile(r"多长时间|多少时间|多久|多少分钟|几分钟|多少(?:个)?小时|几个?小时")


@dataclass(frozen=True)
class FactMatch:
    fact: FactView
    score: float  # coverage plus unit, period, domain and intent agreement
    coverage: float  # the share of the question's words found around the figure


# ----------------------------------------------------------------------------------------- matching


def units_compatible(asked: str | None, stated: str) -> float:
    """1 for the same unit, 0.5 for one of the same kind (条/处, 家/户, 条/艘, 张/份, an asked 个 and a count
    of things or people, a count and its visits: 人/人次, 辆/辆次 — people say "多少人" of 人次), 0 otherwise.
    A stated 个 is of its group only (隐患6534个 is no answer to 多少户)."""
    if not asked:
        return 0.5
    if asked == stated:
        return 1.0
    if any(asked in group and stated in group for group in _UNIT_GROUPS):
        return 0.5
    if asked == "个" and stated not in _NOT_COUNTED and stated not in _OWN_KIND and not stated.endswith("次"):
        return 0.5  # "几个罐子" of 钢瓶17只, "几个干部" of 6人; not 326家 (organisations) nor 5次 (events)
    if asked.removesuffix("次") == stated.removesuffix("次") or "次" in (asked, stated) and asked[-1] == stated[-1]:
        return 0.5  # 辆/辆次; 次/个次
    return 0.0


def asked_unit(q: StatQuery) -> str | None:
    if q.unit == "个" and not q.subject:
        return None  # a bare spoken 个 counts anything ("拘留了几个"): no unit is asked
    if q.unit:
        return q.unit
    if re.search(r"罚款|金额|钱|资金|经费|投入|投资|费用|补助|奖金|经济损失|财产损失", q.text):
        return "元"
    if _DURATION.search(q.text):
        return "小时"
    if re.search(r"多长|多远|里程|长度", q.text):
        return "公里"
    return None


def _present(term: str, text: str) -> bool:
    return any(v in text for v in term_variants(term))


def _found_in(term: str, text: str) -> bool:
    """A question word in `text`: itself, a written form of it (死 -> 死亡), or all of its parts
    ("考试合格" in "参加考试…考核合格")."""
    if _present(term, text):
        return True
    parts = term_parts(term)
    return bool(parts) and all(_present(p, text) for p in parts)


def head_noun(subject: str) -> str:
    """The word a figure must be stated about: the last word of the counted noun phrase."""
    words = [t for t in tokens(subject) if re.search(r"[\u4e00-\u9fff]", t)]
    if not words:
        return ""
    head = words[-1]
    return head if len(head) >= 2 or len(words) == 1 else words[-2][-1:] + head


def _period_ok(q: StatQuery, fact: FactView) -> bool:
    """The fact's period overlaps the one asked and does not start before it: a first-quarter total
    is no answer for March ("上个月"), but is for "今年" asked in April."""
    if q.period is None or fact.period_start is None or fact.period_end is None:
        return True
    if fact.period_start < q.period.start - timedelta(days=1):
        return False
    return fact.period_start <= q.period.end and q.period.start <= fact.period_end


def period_equal(q: StatQuery, fact: FactView) -> bool:
    return bool(q.period and fact.period_start == q.period.start and fact.period_end == q.period.end)


def _domain_ok(domain: str, fact: FactView) -> bool:
    """The fact is of the domain asked, or its text names the domain (fact domains are inferred)."""
    from knowledge.facts.lexicon import DOMAIN_KEYWORDS

    if fact.domain == domain:
        return True
    text = fact.sentence + fact.context
    return domain in text or any(word in text for word in DOMAIN_KEYWORDS.get(domain, ()))


def _is_hazard_fact(fact: FactView) -> bool:
    """A count of hazards: 隐患 named in its clause or metric, or a bare status figure ("其余13条",
    "已整改672条") in a sentence or paragraph about hazards."""
    if is_hazard_word(fact.clause) or "隐患" in fact.metric:
        return True
    about_hazards = is_hazard_word(fact.sentence) or is_hazard_word(fact.context[-200:])
    return bare_lead(fact.words_before) and about_hazards


def status_of(fact: FactView) -> str:
    """The hazard status a figure's own words state (see knowledge.facts.text.hazard_status)."""
    return hazard_status(fact.fine_clause, fact.clause, fact.metric, implied=fact.implied)


def _grade_ok(q: StatQuery, fact: FactView) -> bool:
    """A grade asked (重大隐患, 较大火灾) must be the grade of the figure's own list item; a graded
    hazard figure ("一般隐患2347项") is a part, no answer to a question about all hazards."""
    grades = grades_in(fact.fine_clause) | grades_in(fact.metric)
    if q.level:
        return q.level in (grades or _grades_carried(fact))
    return not (q.about_hazards and grades_in(fact.fine_clause))


def _grades_carried(fact: FactView) -> set[str]:
    """The grades of the clause right before a figure that states nothing but a status, in its sentence:
    "发现一般隐患五十二项，已整改四十六项" - the 46 are 一般 hazards too."""
    if not bare_lead(fact.words_before):
        return set()
    before = strip_asides(fact.sentence[: fact.offset])
    clauses = [before[a:b] for a, b in top_level_segments(before, "，,；;")][:-1]
    return grades_in(clauses[-1]) if clauses else set()


def _action_ok(q: StatQuery, fact: FactView) -> bool:
    """Each of the question's verbs ("罚", "停用") is a verb of the figure's clause, or of the clause
    its list continues ("劝导纠正…2460起，其中未戴安全头盔1820起")."""
    for action in q.actions:
        def found(text: str, action: str = action) -> bool:
            return _present(action, text)

        if not (found(fact.clause) or _continued_from(fact, found)):
            return False
    return True


def _continued_from(fact: FactView, found: Callable[[str], bool], *, verb: bool = True) -> bool:
    """Whether the nearest earlier clause for which `found` holds states a figure of the same kind
    of unit: the figure's clause continues its list ("共排查加油站7家、…，烟花爆竹店16家"; "检查建筑
    起重机械241台次，责令停止使用11台"), so that clause's verb and noun are its own. A sentence opening
    with 其中 continues the sentence before it ("…接处各类警情1126起。其中：…抢险救援512起"). A sibling
    item's own name ("火灾扑救387起") is no verb of the list."""
    before = strip_asides(fact.sentence[: fact.offset])
    siblings = [before[a:b] for a, b in top_level_segments(before, "，,；;：:、。")][:-1]
    parents: list[str] = []
    if before.lstrip().startswith("其中"):
        text = strip_asides(fact.preceding)
        parents = [text[a:b] for a, b in top_level_segments(text, "，,；;：:、。")]
    for clause in [*reversed(siblings), *reversed(parents)]:
        if not found(clause):
            continue
        if verb and clause not in parents and _names_item(clause, found):
            return False
        units = re.findall(r"(?:\d+(?:\.\d+)?|[XxＸｘ]{1,4})[万亿]?[余多]?([^\d\s，、；。（）]{1,2})", clause)
        return any(units_compatible(fact.unit, u) > 0 or units_compatible(fact.unit, u[:1]) > 0
                   for u in units)  # fmt: skip
    return False


def _names_item(clause: str, found: Callable[[str], bool]) -> bool:
    """"火灾扑救387起": the word found ends right before the clause's number - the item's name."""
    number = re.search(r"\d", clause)
    if number is None:
        return False
    cut = max(0, number.start() - 3)
    return found(clause[cut:number.start()]) and not found(clause[:cut])


def org_period_ok(q: StatQuery, fact: FactView) -> bool:
    """The organisation (strict when one is named) and period (must overlap) gates."""
    if q.org_candidates and fact.org not in q.org_candidates:
        return False
    if q.org and not q.org_candidates:
        return False  # an organisation the database does not know
    return _period_ok(q, fact)


def scope_ok(q: StatQuery, fact: FactView) -> bool:
    """Organisation, period, domain and grade: the gates every input of a computed figure passes too.
    A hazard count of one domain section ("危化品…发现问题隐患214条") is a part, no answer to a question
    about all hazards, when the report states hazard figures for all domains (or its own) too."""
    if not org_period_ok(q, fact):
        return False
    if q.domain and not any(_domain_ok(domain, fact) for domain in domain_list(q)):
        return False
    if (not q.domain and q.about_hazards and fact.general_hazards and fact.domain not in ("综合", fact.doc_domain)
            and not _names_its_subject(q, fact)):
        return False
    return _grade_ok(q, fact)


def _names_its_subject(q: StatQuery, fact: FactView) -> bool:
    """The question names what the figure's sentence is about ("高层住宅小区…发现问题47处"): a
    section's hazards asked by its subject, not all hazards."""
    return any(len(t) >= 2 and t not in EXPLAINED_WORDS and t not in _GENERIC_TERMS and not action_classes(t)
               and "率" not in t and _found_in(t, strip_asides(fact.sentence)) for t in q.terms)  # fmt: skip


def passes_gates(q: StatQuery, fact: FactView) -> bool:
    """Scope, unit, verb, counted-noun, change and plan gates (see the module docstring)."""
    if not scope_ok(q, fact):
        return False
    unit = asked_unit(q)
    if unit and units_compatible(unit, fact.unit) == 0.0:
        return False
    if not _action_ok(q, fact):
        return False
    if is_change(fact.words_before, fact.fine_clause) and not CHANGE_QUESTION.search(q.text):
        return False
    if is_plan(fact.fine_clause, fact.clause) and not PLAN_QUESTION.search(q.text):
        return False
    topic = fact.sentence + fact.context + fact.metric
    if any(len(w) >= 2 and w not in q.actions and not _found_in(w, topic) for w in q.residual):
        return False  # "锅炉检查了多少台": 锅炉 is nowhere near "检查特种设备3920台"
    if q.about_hazards:
        return _is_hazard_fact(fact)
    if REMAINDER_QUESTION.search(q.text) and status_of(fact) != "open":
        return False  # "还有几家没装" is not answered by "发现未安装…63家"
    head = head_noun(q.subject) if q.subject and q.subject != "金额" else ""
    if not head or _present(head, fact.clause):
        return True
    return _continued_from(fact, lambda text: _present(head, text), verb=False)


def coverage(q: StatQuery, fact: FactView, weight_of: Callable[[str], float] | None = None) -> float:
    """The weighted share of the question's words found in the figure's own list item (full weight),
    its clause (0.8), its metric name (0.7), its sentence (0.6) or its paragraph, headings and asides
    (0.5). A hazard question's intent words (发现, 整改) are left to `intent_agreement`. Words weigh
    by `weight_of` (e.g. their rarity in the corpus) when given, else by length."""
    explained = EXPLAINED_WORDS - _SPECIFIC_INTENTS if q.about_hazards else frozenset()
    terms = [t for t in q.terms if t not in explained and t not in _GENERIC_TERMS]
    sentence = own_words(fact.sentence, fact.offset)  # not the words of other figures' parts
    places = ((fact.fine_clause, 1.0), (fact.clause, 0.8), (whole_of_part(fact), 0.8), (fact.metric, 0.7),
              (sentence, 0.6), (fact.context, 0.5))
    total = matched = 0.0
    for term in terms:
        if weight_of is not None:
            weight = weight_of(term)
        else:
            weight = 0.3 if term in _WEAK else (1.0 if len(term) >= 2 else 0.6)
            if term in q.actions:
                weight *= 0.6  # the verb is gated apart; the counted thing tells list items apart
        total += weight
        for text, share in places:
            if _found_in(term, text):
                matched += share * weight * (1.0 if term in text else VARIANT_CREDIT)
                break
    return matched / total if total else 0.5


def whole_of_part(fact: FactView) -> str:
    """The clause a part opening with 其中 belongs to: "检查餐饮场所1,204家次，其中7月份438家次" — the
    438 are 检查餐饮场所 too, in July. Empty for a figure that is no such part."""
    return _whole_of_part(fact.fine_clause, fact.sentence, fact.preceding)


@lru_cache(maxsize=4096)
def _whole_of_part(fine_clause: str, sentence: str, preceding: str) -> str:
    if not fine_clause.lstrip().startswith(PART_LEADS):
        return ""
    head = sentence[: max(0, sentence.find(fine_clause))] if fine_clause in sentence else ""
    text = strip_asides(head) if head.strip("，,；;：: ") else strip_asides(preceding)
    segments = [text[a:b] for a, b in top_level_segments(text, "，,；;。") if text[a:b].strip()]
    return segments[-1] if segments else ""


# A question word found only in another written form ("培训" as "教育", "逮到" as "查处") counts for
# less than the word itself: of two figures, the one stated in the asker's own word is the nearer.
VARIANT_CREDIT = 0.8


def score_fact(q: StatQuery, fact: FactView) -> float:
    """How well `fact` answers `q`: coverage plus unit, period, domain and intent agreement."""
    score = coverage(q, fact)
    score += 0.3 * units_compatible(asked_unit(q), fact.unit)
    if period_equal(q, fact):
        score += 0.15
    if q.period and q.period.expression and q.period.expression in fact.sentence:
        score += 0.15
    if q.domain and fact.domain in domain_list(q):
        score += 0.1
    elif not q.domain and fact.domain == "综合":
        score += 0.05
    elif q.domain and fact.domain not in (*domain_list(q), "综合"):
        score -= 0.15
    if q.about_hazards:
        score += intent_agreement(q, fact)
    if fact.sentence.startswith("其中") or fact.qualifier == "各":
        score -= 0.1
    if not q.level and grades_in(fact.fine_clause):
        score -= 0.15  # a graded part ("重大隐患12项") when no grade is asked
    named = [t for t in q.terms if _present(t, fact.fine_clause)]
    if len(named) >= 2 and len("".join(named)) >= 4 and "".join(named) in fact.fine_clause:
        score += 0.1  # the words asked, as one phrase: "房屋建筑工程71个", not "房屋建筑和…工程项目93个"
    return score


def intent_agreement(q: StatQuery, fact: FactView) -> float:
    """+ for a hazard figure of the status asked (发现, 已整改, 剩余), - for another status."""
    wanted = WANTED_STATUS.get(q.metric)
    if wanted is None:
        return 0.0
    return 0.4 if status_of(fact) == wanted else -0.6


def rank_facts(q: StatQuery, facts: Iterable[FactView]) -> list[FactMatch]:
    """Facts passing the gates, best first; near-duplicate copies resolved to the stated figure."""
    matches = [FactMatch(f, score_fact(q, f), coverage(q, f)) for f in facts if passes_gates(q, f)]
    matches.sort(key=lambda m: (-m.score, m.fact.value is None, -m.fact.specificity, m.fact.id))
    return prefer_stated(prefer_total(q, matches))


def prefer_total(q: StatQuery, matches: list[FactMatch]) -> list[FactMatch]:
    """Among near-equal hazard counts of one report, the largest is the total (the others are parts:
    "其中专家检查发现隐患136条" within "发现隐患1272条")."""
    if not matches or not q.about_hazards or matches[0].fact.value is None:
        return matches
    top = matches[0]
    near = [m for m in matches if m.fact.document_id == top.fact.document_id and m.score >= top.score - 0.2
            and m.coverage >= top.coverage - 1e-9 and status_of(m.fact) == status_of(top.fact)
            and grades_in(m.fact.fine_clause) == grades_in(top.fact.fine_clause) and m.fact.value is not None]
    best = max(near, key=lambda m: (m.fact.value or 0, m.score))
    return [best, *[m for m in matches if m is not best]]


def prefer_stated(matches: list[FactMatch]) -> list[FactMatch]:
    """A redacted figure (XX) yields to the same fact stated with a number in a near-duplicate copy."""
    if not matches or matches[0].fact.value is not None:
        return matches
    best = matches[0]
    for other in matches[1:]:
        same_family = other.fact.family == best.fact.family or other.fact.document_id == best.fact.family
        if (same_family and other.fact.value is not None and other.fact.metric == best.fact.metric
                and other.score >= best.score - 0.2):
            return [other, *[m for m in matches if m is not other]]
    return matches
