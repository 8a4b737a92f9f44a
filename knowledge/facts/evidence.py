"""Which stated figure a question asks for, decided from soft evidence (pure).

The candidates are the figures of the passages the hybrid index retrieved for the question (see
bot.pipeline). Each is described by a few features, none of them a gate on its own:

- semantic similarity between the question and what the figure is about (its headings and clause,
  embedded once at indexing; `similarity`), and the rank of the passage that holds it;
- the share of the question's words found around the figure (list item, clause, sentence, headings),
  and of its topic words with the domain and grade words kept ("道路交通事故" is not "生产安全事故");
  how telling the most telling word found nowhere around it is, of either set ("几起火灾" beside
  "发生生产安全事故2起": 火灾 is missing; a one-character verb counts: "罚了几家");
- agreement of unit (项 ≠ 处 when the sentence states both), hazard status (发现/整改/剩余), grade,
  organisation, period and domain; whether the figure is a part (其中…, an aside in brackets), and
  whether the question's verb and counted noun stand by it (a clause's own verb: it borrows none from
  the clause before unless it is a part, "其中…"); whether the figure's report period ends well after
  the day asked (a whole-year total asked in June).

A conditional-logit model over those features (weights fitted by `safetybot eval calibrate` on
development questions, see `knowledge/facts/weights.json`) gives each candidate the probability that
it is the figure asked, against the others and against "none of them" (a score of its own, so that
a question whose figure is not stated can say so). Only explicit
contradictions exclude a candidate: a unit of another kind than the one asked, a plan when a result
is asked (or the reverse), a change ("减少1人") when a count is asked, what was added ("新增…9处")
when a running total (累计) is asked or the reverse, a period that cannot hold the one asked or is
only a part of it ("5月当月" when 1-5月 is asked; also when only the figure's report dates it, save a running
total, a plan, or words naming the time asked), something other than hazards counted when hazards
are asked, a grade asked that the figure's text does not name, the very figure the question states ("那63家…还有几家没装"), one of
the things a sum asks to add ("州级加县级一共多少处": the 县级 figure). The decision has three honest forms: confident (one figure, shown with its sentence),
ambiguous (the best figures are close and differ: all are shown, none is given as the answer) and
none (not confident: the caller shows the passage instead).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

from knowledge.facts.lexicon import action_classes, action_pattern
from knowledge.facts.lookup import (
    MEASURES,
    FactView,
    _action_ok,
    _continued_from,
    _domain_ok,
    _found_in,
    _is_hazard_fact,
    _present,
    asked_unit,
    coverage,
    head_noun,
    period_equal,
    status_of,
    units_compatible,
)
from knowledge.facts.numbers import parse_quantities
from knowledge.facts.text import (
    CHANGE_QUESTION,
    PART_LEADS,
    REMAINDER_QUESTION,
    grades_in,
    is_change,
    is_plan,
    own_words,
)
from knowledge.questions.parse import StatQuery, domain_list
from knowledge.questions.words import EXPLAINED_WORDS, FUNCTION_WORDS, PLAN_QUESTION, pos_tags, term_variants

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
FEATURES: tuple[str, ...] = (
    "similarity", "similarity_gap", "passage", "coverage", "coverage_gap", "unit", "status", "grade", "org",
    "period", "domain", "part", "hazard", "verb", "noun", "residual", "action", "rare_coverage", "rare_missing",
    "period_stated", "largest", "topic_coverage", "future", "topic_missing", "sole_best", "rare_extra",
)  # fmt: skip
Decision = Literal["confident", "ambiguous", "none"]
_ACTIONS = action_pattern()
_HAZARD_UNITS = frozenset({"条", "处", "项", "个", "件"})
# e5-small cosines of a question and a figure's words crowd into 0.78-0.92: features are centred here,
# and a candidate without a vector (no index) counts as exactly this.
NEUTRAL_SIMILARITY = 0.85
_ACTUAL = re.compile(r"实际")  # "实际完成…" after a plan states what was done
# A figure whose own words date it to a period holding the one asked and this much longer is the
# longer time's total ("1-11月累计" when 11月 is asked, "三季度" when 7-8月 is asked), not the answer.
LONGER_PERIOD = timedelta(days=28)
# ... and one dated to a part of the time asked, at most this share of it ("5月当月" when 1-5月 is
# asked, "3月份" when 一季度 is asked; not "1-11月" when the year is asked in December).
SHORTER_SHARE = 0.6


# A word no figure's sentence uses ("逮到", "那阵子"): a paraphrase or a filler more often than the
# name of something unstated, so it tells little either way (rarity would otherwise rank it first).
UNSEEN_WEIGHT = 0.3


class Rarity:
    """How telling a question word is: rare in the figures' sentences, telling; frequent, not
    ("报警器" says more than "检查"); found in none of them, hardly at all (UNSEEN_WEIGHT). Built from
    the corpus texts, looked up per word (cached)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = tuple(texts)
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        weight = self._cache.get(term)
        if weight is None:
            forms = term_variants(term)
            df = sum(1 for t in self._texts if any(f in t for f in forms))
            weight = math.log((len(self._texts) + 1) / (df + 1)) + 0.5 if df else UNSEEN_WEIGHT
            self._cache[term] = weight
        return weight


NO_RARITY = Rarity(())


@dataclass(frozen=True)
class Candidate:
    """A stated figure that may answer the question, with the retrieval evidence about it."""

    fact: FactView
    similarity: float | None = None  # cosine question / the figure's headings and clause
    passage_rank: int | None = None  # best 1-based rank of a retrieved passage that holds it


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    probability: float
    features: Mapping[str, float]

    @property
    def fact(self) -> FactView:
        return self.candidate.fact


@dataclass(frozen=True)
class Model:
    """Weights over FEATURES, the score of "none of them", the acceptance threshold and the margin."""

    weights: Mapping[str, float]
    bias: float  # the score of the "none of the candidates" option
    accept: float = 0.5  # a figure is given when its probability reaches this
    margin: float = 0.15  # ... and no differing figure comes within this of it
    floor: float = 0.2  # figures below this are not even listed as alternatives
    notes: str = ""

    def score(self, features: Mapping[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """P(candidate i is the figure asked) among the candidates and "none of them"."""
        scores = [self.score(r) for r in rows]
        top = max([self.bias, *scores])
        exps = [math.exp(z - top) for z in scores]
        total = math.exp(self.bias - top) + sum(exps)
        return [e / total for e in exps]

    def to_dict(self) -> dict[str, object]:
        return {"weights": dict(self.weights), "bias": self.bias, "accept": self.accept, "margin": self.margin,
                "floor": self.floor, "notes": self.notes}  # fmt: skip


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The fitted model shipped with the code (weights.json)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Model(weights=data["weights"], bias=float(data["bias"]), accept=float(data["accept"]),
                 margin=float(data["margin"]), floor=float(data.get("floor", 0.2)), notes=data.get("notes", ""))


@dataclass(frozen=True)
class Resolution:
    """The decision over the candidates: the answer figure (confident) or the close ones (ambiguous)."""

    decision: Decision
    ranked: tuple[Scored, ...] = ()
    alternatives: tuple[Scored, ...] = field(default=())

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


# ------------------------------------------------------------------------------------------ features


def contradiction(q: StatQuery, fact: FactView) -> str | None:
    """Why `fact` cannot answer `q` whatever else agrees; None when nothing contradicts it."""
    unit = asked_unit(q)
    if unit and units_compatible(unit, fact.unit) == 0.0 or q.unit == "个" and fact.unit in MEASURES:
        return "unit"
    planned = (is_plan(fact.fine_clause, fact.clause) or fact.metric.startswith("计划")) and not _ACTUAL.search(
        fact.fine_clause)  # the extractor's reading; "实际完成…" after a plan is what was done
    if planned != bool(PLAN_QUESTION.search(q.text)):
        return "plan"
    if is_change(fact.words_before, fact.fine_clause) and not CHANGE_QUESTION.search(q.text):
        return "change"
    if _stock_or_flow(q.text) * _stock_or_flow(fact.fine_clause) < 0:
        return "change"  # "累计登记的点位" asked, "新增登记…点位9处" stated (or the reverse)
    if period_conflict(q, fact, planned=planned):
        return "period"
    if q.about_hazards and (unit is None or unit in _HAZARD_UNITS) and not _is_hazard_fact(fact):
        return "subject"  # hazards asked, something else counted (measured: 1% of right figures, 10% of others)
    if q.level and q.level not in grades_in(fact.sentence + fact.context + fact.metric):
        return "grade"  # "较大火灾" asked, the figure's text names no such grade
    if q.operation == "sum" and len(q.items) >= 2:
        named = [item for item in q.items if _found_in(item, fact.fine_clause) or _found_in(head_noun(item), fact.fine_clause)]
        if len(named) == 1:
            return "addend"  # "州级加县级一共多少处": the 县级 figure alone is one of the things to add
    if fact.value is not None and (fact.value, fact.unit) in figures_in(q.text):
        return "given"  # "那63家没装报警器的饭店，还有几家没装": the asker already knows the 63
    return None


def period_conflict(q: StatQuery, fact: FactView, *, planned: bool = False) -> bool:
    """The figure's period cannot be the one asked: it lies outside it (a plan may lie after it), it
    is a longer time's total, or it is a part of the time asked ("1-7月" asked of a campaign bulletin
    dated 5月6日 to 7月31日)."""
    if not (q.period and q.period.expression and fact.period_start and fact.period_end):
        return False
    asked, start, end = q.period, fact.period_start, fact.period_end
    if end < asked.start and not planned or start > asked.end:
        return True  # a plan is for a time after the report's ("2024年工作打算" in the 2023 summary)
    if not planned and _longer(q, fact, start, min(end, q.today or end)):
        return True  # "11月" asked, "1-11月累计…" (or a campaign's total, dated by its report): not the month's
    if not fact.own_period and _stock_or_flow(fact.fine_clause) > 0:
        return False  # a running total ("累计登记点位73处") is as of its report's end, whatever its period
    return (asked.start <= start and end <= asked.end
            and (asked.end - asked.start) - (end - start) >= LONGER_PERIOD
            and (end - start) <= SHORTER_SHARE * (asked.end - asked.start))  # "1-5月" asked, "5月当月…" stated


def _longer(q: StatQuery, fact: FactView, start: date, end: date) -> bool:
    """The figure's time (up to the day asked) holds the one asked and is much longer. A figure dated
    only by its report is not, when its words name the time asked ("安全生产月" in its heading)."""
    asked = q.period
    assert asked is not None
    if not (start <= asked.start and asked.end <= end and (end - start) - (asked.end - asked.start) >= LONGER_PERIOD):
        return False
    return fact.own_period or not _names_period(asked.expression, own_words(fact.sentence, fact.offset) + fact.context)


def _names_period(expression: str, text: str) -> bool:
    """`text` states the period expression itself: "11月" stands in "11月份共…", not inside "1-11月"."""
    return re.search(rf"(?<![\d\-—~～至到]){re.escape(expression)}", text) is not None


_STOCK = re.compile(r"累计|总计")
_FLOW = re.compile(r"新增|新登记|新排查|新发现|新建")


def _stock_or_flow(text: str) -> int:
    """+1 when `text` speaks of a running total (累计), -1 of what was added (新增), 0 of neither or both."""
    return bool(_STOCK.search(text)) - bool(_FLOW.search(text))


@lru_cache(maxsize=1024)
def figures_in(text: str) -> frozenset[tuple[float, str]]:
    """The figures a question itself states (value, unit)."""
    return frozenset((q.value, q.unit) for q in parse_quantities(text) if q.value is not None)


def _status(q: StatQuery, fact: FactView) -> float:
    wanted = {"found": "found", "fixed": "fixed", "fixed_among_found": "fixed", "open": "open",
              "overdue": "overdue"}.get(q.metric) if q.about_hazards else None  # fmt: skip
    if wanted is None:
        if REMAINDER_QUESTION.search(q.text):
            return 1.0 if status_of(fact) == "open" else -1.0
        return 0.0
    return 1.0 if status_of(fact) == wanted else -1.0


def _grade(q: StatQuery, fact: FactView) -> float:
    grades = grades_in(fact.fine_clause) | grades_in(fact.metric)
    if q.level:
        if q.level in grades:
            return 1.0
        return -0.5 if q.level in grades_in(fact.sentence) else -1.0
    own = grades_in(fact.fine_clause)
    if not own and fact.fine_clause.startswith(PART_LEADS):
        own = grades_in(fact.sentence[: fact.offset])  # "3处重大事故隐患…，其中芷岗镇2处": a part of a grade
    return -1.0 if own else 0.0


def _action(q: StatQuery, fact: FactView) -> float:
    """+1 when the figure's own words report the kind of act asked (检查, 发现, 整改, 处罚, 签订 …),
    -1 when they report only acts of other kinds, 0 when either side names none."""
    asked = _asked_actions(q)
    stated = action_classes(fact.fine_clause) or action_classes(fact.clause)
    if not stated and fact.clause.startswith(PART_LEADS):
        # a part ("其中餐饮企业20家") is of the act before it: the nearest verb before the figure
        # in its sentence, else the nearest after it; a clause of its own borrows no other's verb
        before = list(_ACTIONS.finditer(fact.sentence[: fact.offset]))
        after = _ACTIONS.search(fact.sentence, fact.offset)
        nearest = before[-1] if before else after
        stated = action_classes(nearest.group()) if nearest else frozenset()
    if not asked or not stated:
        return 0.0
    return 1.0 if asked & stated else -1.0


_QUANTITY_WORD = re.compile(r"多少|(?<![那这好十])几")


def _asked_actions(q: StatQuery) -> frozenset[str]:
    """The kinds of act the count asked is of: the verbs of the clause that holds 多少/几 ("查九小场所，
    罚了多少家": 罚), else all the question's verbs."""
    clause = next((c for c in re.split(r"[，,；;。？?！!]", q.text) if _QUANTITY_WORD.search(c)), q.text)
    near = [a for a in q.actions if a in clause]
    return action_classes(" ".join(near or q.actions)) or action_classes(clause) or action_classes(q.text)


def _org(q: StatQuery, fact: FactView) -> float:
    if not q.org:
        return 0.0
    if not q.org_candidates:
        return -0.5  # an organisation the database does not know
    return 1.0 if fact.org in q.org_candidates else -1.0


def _period(q: StatQuery, fact: FactView) -> float:
    if q.period is None or fact.period_start is None or fact.period_end is None:
        return 0.0
    if period_equal(q, fact):
        return 1.0
    if fact.period_start <= q.period.end and q.period.start <= fact.period_end:
        return 0.5
    return -1.0


def _domain(q: StatQuery, fact: FactView) -> float:
    if not q.domain:
        return 0.0
    if fact.domain in domain_list(q):
        return 1.0
    if any(_domain_ok(d, fact) for d in domain_list(q)):
        return 0.5
    return -1.0 if fact.domain != "综合" else 0.0


def _noun(q: StatQuery, fact: FactView) -> float:
    head = head_noun(q.subject) if q.subject and q.subject != "金额" else ""
    if not head or q.about_hazards:
        return 0.0
    if _present(head, fact.clause) or _continued_from(fact, lambda text: _present(head, text), verb=False):
        return 1.0
    return 0.0 if _present(head, fact.sentence + fact.context) else -1.0


def _residual(q: StatQuery, fact: FactView) -> float:
    words = [w for w in q.residual if len(w) >= 2 and w not in q.actions]
    if not words:
        return 0.0
    topic = _own_sentence(fact) + fact.context + fact.metric
    return sum(1.0 for w in words if _found_in(w, topic)) / len(words) * 2 - 1


def _own_sentence(fact: FactView) -> str:
    """The figure's sentence without other figures' parts (knowledge.facts.text.own_words)."""
    return own_words(fact.sentence, fact.offset)


def rare_missing(q: StatQuery, fact: FactView, rarity: Rarity) -> float:
    """The rarity of the most telling question word found nowhere around the figure, against the
    most telling word of the question (0: every telling word is there; 1: the most telling is not)."""
    explained = EXPLAINED_WORDS if q.about_hazards else frozenset()
    # a one-character word counts when it is the question's verb ("罚了几家", "伤了几个")
    words = [t for t in q.terms if t not in explained and (len(t) >= 2 or t in q.actions)]
    if not words:
        return 0.0
    topic = _own_sentence(fact) + fact.context + fact.metric
    top = max(rarity(w) for w in words)
    missing = [rarity(w) for w in words if not _found_in(w, topic)]
    return max(missing) / top if missing and top > 0 else 0.0


# A scope word ("全县", "本镇", "辖区") narrows nothing: every figure of the report is of it.
_SCOPE = re.compile(r"^[全各本我该]?(?:省|市|州|县|区|镇|乡|街道|村|社区|辖区|大队|系统|行业)$|^辖区$")


_NOUNISH = ("n", "vn", "j", "i", "l")
# nouns of time ("其中7月份438家次"): they date a figure (the period features weigh that), they do not
# name what it counts
_TIME_NOUN = re.compile(r"^(?:[年月]份|年度|季度|月度|当月|当年|同期|期间|以来)$")


@lru_cache(maxsize=4096)
def _qualifiers(item: str) -> tuple[str, ...]:
    """The nouns that run up to the figure in its own words ("居民住宅火灾" -> 居民, 住宅, 火灾;
    "全县共接报火灾" -> 火灾; "组织专人对辖区内" -> none: the counted thing follows the figure)."""
    run: list[str] = []
    for word, flag in reversed(pos_tags(item)):
        if not flag.startswith(_NOUNISH) or flag == "ns":
            break
        run.append(word)
    return tuple(w for w in run if len(w) >= 2 and w not in FUNCTION_WORDS and not _SCOPE.match(w)
                 and not _TIME_NOUN.match(w) and not action_classes(w))  # fmt: skip


def rare_extra(q: StatQuery, fact: FactView, rarity: Rarity) -> float:
    """How telling the most telling noun of the figure's own words is that the question does not ask,
    against the question's most telling word (0: the figure names nothing more than asked; 1: it
    names something as telling as what was asked — "居民住宅火灾21起" when 火灾起数 is asked)."""
    words = [t for t in (q.topic_terms or q.terms) if len(t) >= 2 or t in q.actions]  # domain words too ("火灾")
    if not words:
        return 0.0
    top = max(rarity(w) for w in words)
    own = (*_qualifiers(fact.words_before), *_row_qualifier(fact.row_label))
    extra = [rarity(w) for w in own
             if not _found_in(w, q.text) and not any(t in w for t in words) and not (fact.org and w in fact.org)]  # fmt: skip
    return min(1.0, max(extra) / top) if extra and top > 0 else 0.0


_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|全部|总数|共计|全[县区市镇乡]|全园区?)$")


def _row_qualifier(label: str) -> tuple[str, ...]:
    """A table row's label is what its cells are of ("生产企业": not all enterprises), unless it is
    the total row ("合计"), which is of everything the table counts."""
    if not label or _TOTAL_ROW.match(label):
        return ()
    return tuple(w for w, _ in pos_tags(label) if len(w) >= 2 and w not in FUNCTION_WORDS)


def _period_stated(q: StatQuery, fact: FactView) -> float:
    """The question's own period words ("1-6月份", "一季度") stand in the figure's sentence."""
    if q.period is None or not q.period.expression:
        return 0.0
    # "11月" stands in "11月份共…", not inside "1-11月", before the figure or in its own clause
    dating = fact.sentence[: fact.offset] + fact.fine_clause  # not "其中9月份…" after the figure
    return 1.0 if _names_period(q.period.expression, dating) else 0.0


def _future(q: StatQuery, fact: FactView) -> float:
    """-1 when the figure's period ends well after the day the question is asked (a year's total
    asked about in June), 0 otherwise: a report cannot yet state it."""
    if q.today is None or fact.period_end is None:
        return 0.0
    return -1.0 if (fact.period_end - q.today).days > 20 else 0.0


def largest_values(candidates: Sequence[Candidate]) -> set[int]:
    """Ids of the candidates stating the largest figure of their unit in their report: the total
    among its parts ("共检查企业429家" beside "专家检查企业15家")."""
    best: dict[tuple[int, str], float] = {}
    for c in candidates:
        if c.fact.value is not None:
            key = (c.fact.document_id, c.fact.unit)
            best[key] = max(best.get(key, float("-inf")), c.fact.value)
    return {c.fact.id for c in candidates if c.fact.value is not None
            and c.fact.value == best[(c.fact.document_id, c.fact.unit)]}  # fmt: skip


def features(
    q: StatQuery, candidate: Candidate, best_similarity: float, best_coverage: float, rarity: Rarity = NO_RARITY,
    largest: frozenset[int] | set[int] = frozenset(),
) -> dict[str, float]:
    """The evidence about one candidate (see the module docstring)."""
    fact = candidate.fact
    cover = coverage(q, fact)
    similarity = candidate.similarity if candidate.similarity is not None else best_similarity
    part = fact.aside or fact.sentence.startswith("其中") or fact.qualifier == "各"
    return {
        "similarity": (similarity - NEUTRAL_SIMILARITY) * 10,
        "similarity_gap": (similarity - best_similarity) * 10,
        "passage": 1.0 / candidate.passage_rank if candidate.passage_rank else 0.0,
        "coverage": cover,
        "coverage_gap": cover - best_coverage,
        "unit": units_compatible(asked_unit(q), fact.unit) * 2 - 1 if asked_unit(q) else 0.0,
        "status": _status(q, fact),
        "grade": _grade(q, fact),
        "org": _org(q, fact),
        "period": _period(q, fact),
        "domain": _domain(q, fact),
        "part": -1.0 if part else 0.0,
        "hazard": (1.0 if _is_hazard_fact(fact) else -1.0) if q.about_hazards else 0.0,
        "verb": (1.0 if _action_ok(q, fact) else -1.0) if q.actions else 0.0,
        "noun": _noun(q, fact),
        "residual": _residual(q, fact),
        "action": _action(q, fact),
        "rare_coverage": coverage(q, fact, rarity) if rarity is not NO_RARITY else cover,
        "rare_missing": -rare_missing(q, fact, rarity) if rarity is not NO_RARITY else 0.0,
        "period_stated": _period_stated(q, fact),
        "largest": 1.0 if fact.id in largest else 0.0,
        "topic_coverage": coverage(replace(q, terms=q.topic_terms), fact, rarity if rarity is not NO_RARITY else None)
        if q.topic_terms else cover,
        "future": _future(q, fact),
        "topic_missing": -rare_missing(replace(q, terms=q.topic_terms), fact, rarity)
        if q.topic_terms and rarity is not NO_RARITY else 0.0,
        "sole_best": 0.0,  # set over all the candidates by `mark_sole_best`
        "rare_extra": -rare_extra(q, fact, rarity) if rarity is not NO_RARITY else 0.0,
    }


SOLE_COVERAGE = 0.999


def mark_sole_best(rows: Sequence[dict[str, float]], figures: Sequence[tuple[float | None, str]]) -> None:
    """Set `sole_best` in place: 1 for the candidates covering the question's topic words best when
    all of them state one figure ("规上工业企业四十三家" alone names all three words), 0 otherwise
    ("火灾64起" beside "居民住宅火灾21起": both name 火灾, neither leads)."""
    if not rows:
        return
    best = max(r["topic_coverage"] for r in rows)
    leaders = [i for i, r in enumerate(rows) if r["topic_coverage"] >= best - 1e-9]
    sole = best >= SOLE_COVERAGE and len({figures[i] for i in leaders}) == 1
    for i, row in enumerate(rows):
        row["sole_best"] = 1.0 if sole and i in leaders else 0.0


def candidate_features(q: StatQuery, allowed: Sequence[Candidate], rarity: Rarity = NO_RARITY) -> list[dict[str, float]]:
    """The features of each candidate (free of contradictions), those relative to the others included."""
    sims = [c.similarity for c in allowed if c.similarity is not None]
    best_similarity = max(sims) if sims else NEUTRAL_SIMILARITY
    best_coverage = max((coverage(q, c.fact) for c in allowed), default=0.0)
    top = largest_values(allowed)
    rows = [features(q, c, best_similarity, best_coverage, rarity, top) for c in allowed]
    mark_sole_best(rows, [_figure(c.fact) for c in allowed])
    return rows


def score_candidates(
    q: StatQuery, candidates: Sequence[Candidate], model: Model | None = None, rarity: Rarity = NO_RARITY
) -> list[Scored]:
    """Candidates free of contradictions, each with its probability, best first (ties: the stated
    figure over a redacted one, then the more specific copy of a report)."""
    model = model or default_model()
    allowed = [c for c in candidates if contradiction(q, c.fact) is None]
    if not allowed:
        return []
    rows = candidate_features(q, allowed, rarity)
    scored = [Scored(c, p, f) for c, p, f in zip(allowed, model.probabilities(rows), rows, strict=True)]
    scored.sort(key=lambda s: (-s.probability, s.fact.value is None, -s.fact.specificity, s.fact.id))
    return scored


def _figure(fact: FactView) -> tuple[float | None, str]:
    return fact.value, fact.unit


def by_figure(scored: Sequence[Scored]) -> list[tuple[Scored, float]]:
    """Candidates grouped by the figure they state (value and unit; two copies of a report, or one
    figure stated twice, are one answer): each group's best candidate and summed probability, best first."""
    groups: dict[tuple[float | None, str], list[Scored]] = {}
    for s in scored:
        groups.setdefault(_figure(s.fact), []).append(s)
    merged = [(members[0], sum(m.probability for m in members)) for members in groups.values()]
    merged.sort(key=lambda pair: -pair[1])
    return merged


def decide(scored: Sequence[Scored], model: Model | None = None) -> Resolution:
    """Confident (one figure reaches `accept`, no other within `margin`), ambiguous (the close ones,
    none chosen) or none (see the module docstring)."""
    model = model or default_model()
    ranked = tuple(scored)
    figures = by_figure(ranked)
    if not figures or figures[0][1] < model.floor:
        return Resolution("none", ranked)
    best, p_best = figures[0]
    close = [(s, p) for s, p in figures[1:] if p >= p_best - model.margin and p >= model.floor]
    if p_best >= model.accept and not close:
        return Resolution("confident", (best, *(s for s in ranked if s is not best)))
    if p_best >= model.accept or close:
        alternatives = [best, *(s for s, p in figures[1:4] if p >= model.floor)]
        if len(alternatives) >= 2:
            return Resolution("ambiguous", ranked, tuple(alternatives))
    return Resolution("none", ranked)
