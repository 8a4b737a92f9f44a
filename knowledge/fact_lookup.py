"""Find the report fact(s) a statistics question asks for.

Report facts have open-ended metric names, so a question is matched against each candidate fact's
own clause (the words around its figure), its metric name, its sentence and its heading, after hard
gates: the organisation (strict when the question names one), the period (must overlap), the unit
(compatible with the measure word asked: 家, 户, 起 ...) and the counted noun ("几起道路交通事故"
needs 事故 next to the figure, so "处罚81起" is not an answer). Matching is pure over `FactView`s;
`load_fact_views` is the only database read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.models import Document, Fact
from knowledge.question_words import EXPLAINED_WORDS, tokens
from knowledge.questions import StatQuery, domain_list

logger = logging.getLogger(__name__)

MIN_SCORE = 0.5
MIN_COVERAGE = 0.5
HAZARD_METRICS: dict[str, str] = {
    "found": "发现隐患数", "fixed": "已整改隐患数", "fixed_among_found": "已整改隐患数",
    "open": "剩余未整改隐患数", "rate": "整改率",
}  # fmt: skip
_INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "found": ("发现", "排查", "查出", "检查出", "查找"),
    "fixed": ("已整改", "整改完成", "完成整改", "治理完成", "完成治理", "整改完毕", "整改"),
    "fixed_among_found": ("已整改", "整改完成", "完成整改", "治理完成", "完成治理", "整改完毕", "整改"),
    "open": ("剩余", "余", "尚未", "未整改", "正在督促整改", "正在整改", "未治理"),
    "overdue": ("逾期", "超期"),
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "查": ("查", "检查", "排查", "检验", "摸排", "抽查"), "罚": ("罚", "处罚", "罚款"),
    "钱": ("罚款", "金额", "元"), "办": ("办理", "查办", "办"), "治理": ("治理", "整改"),
    "没": ("未", "尚未", "没"), "剩": ("剩余", "余", "剩"), "车": ("车",), "签": ("签订", "签"),
}  # fmt: skip
_GENERIC_TERMS = frozenset({"隐患", "安全隐患", "还有", "还", "没", "未", "有"})
_WEAK = frozenset({"领域", "安全", "生产", "工作", "情况", "全面", "专项", "行动", "开展", "组织", "进行"})
_UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"个", "条", "处", "项", "件", "起", "宗"}), frozenset({"家", "家次", "户", "所", "户次"}),
    frozenset({"人", "名", "人次", "位"}), frozenset({"次", "场", "场次", "期", "轮", "回"}),
    frozenset({"辆", "辆次", "台", "台次", "车次"}), frozenset({"艘", "艘次"}), frozenset({"元", "万元", "亿元"}),
    frozenset({"公里", "千米"}), frozenset({"份"}), frozenset({"%"}),
)  # fmt: skip
_BRACKETS = {"（": "）", "(": ")", "“": "”", "《": "》", "【": "】"}
_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])")


@dataclass(frozen=True)
class FactView:
    """A stored fact with the text around it, ready for matching (no database objects)."""

    id: int
    document_id: int
    family: int  # the id shared by near-duplicate copies of one report
    title: str
    specificity: int
    org: str | None
    domain: str
    metric: str
    value: float | None
    unit: str
    qualifier: str
    period_start: date | None
    period_end: date | None
    period_label: str | None
    sentence: str
    clause: str  # the words around the figure, bracketed asides removed
    fine_clause: str  # the same, also split at 、 (one item of a list)
    context: str  # the headings above the sentence and its paragraph's opening
    offset: int  # the figure's position in `sentence`
    implied: bool = False
    aside: bool = False  # stated inside brackets: a part of a figure before it

    @property
    def redacted(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class FactMatch:
    fact: FactView
    score: float  # coverage plus unit, period, domain and intent agreement
    coverage: float  # the share of the question's words found around the figure


def load_fact_views(session: Session, orgs: Sequence[str] = ()) -> list[FactView]:
    """Facts of reports (of `orgs` when given), each with its clause and heading context."""
    stmt = select(Document).where(Document.kind == "report").options(selectinload(Document.facts))
    if orgs:
        stmt = stmt.where(Document.org.in_(list(orgs)) | Document.facts.any(Fact.org.in_(list(orgs))))
    views: list[FactView] = []
    for doc in session.scalars(stmt):
        family = doc.duplicate_of_id or doc.id
        for fact in doc.facts:
            org = fact.org or doc.org
            if orgs and org not in orgs:
                continue
            offset = max(0, fact.value_start - fact.sentence_start)
            clause, fine = clause_around(fact.sentence, offset)
            views.append(FactView(
                id=fact.id, document_id=doc.id, family=family, title=doc.title, specificity=doc.specificity,
                org=org, domain=fact.domain, metric=fact.metric, value=fact.value, unit=fact.unit,
                qualifier=fact.qualifier or "", period_start=fact.period_start or doc.period_start,
                period_end=fact.period_end or doc.period_end,
                period_label=fact.period_label or doc.period_label, sentence=fact.sentence, clause=clause,
                fine_clause=fine, context=heading_context(doc.text, fact.sentence_start), offset=offset,
                implied=fact.implied, aside=_inside_brackets(fact.sentence, offset) is not None,
            ))  # fmt: skip
    return views


def _top_level_segments(text: str, breaks: str) -> list[tuple[int, int]]:
    """Spans of `text` split at `breaks` outside brackets and quotes."""
    spans, depth, start, closing = [], 0, 0, []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            closing.append(_BRACKETS[ch])
            depth += 1
        elif closing and ch == closing[-1]:
            closing.pop()
            depth -= 1
        elif depth == 0 and ch in breaks:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def _strip_asides(text: str) -> str:
    return re.sub(r"（[^（）]*）|\([^()]*\)", "", text)


def clause_around(sentence: str, offset: int) -> tuple[str, str]:
    """The clause holding the figure at `offset` (split at ，；：) and its list item (also at 、).

    A figure inside brackets ("（其中州级…10处、…）") gets the bracketed clause around it."""
    inner = _inside_brackets(sentence, offset)
    if inner is not None:
        start, end = inner
        text, local = sentence[start:end], offset - start
    else:
        text, local = sentence, offset
    clause = next((text[a:b] for a, b in _top_level_segments(text, "，,；;：:。") if a <= local <= b), text)
    fine = next((text[a:b] for a, b in _top_level_segments(text, "，,；;：:。、") if a <= local <= b), clause)
    return _strip_asides(clause).strip(), _strip_asides(fine).strip()


def _inside_brackets(sentence: str, offset: int) -> tuple[int, int] | None:
    for match in re.finditer(r"（[^（）]*）|\([^()]*\)", sentence):
        if match.start() < offset < match.end():
            return match.start() + 1, match.end() - 1
    return None


def _marker_kind(marker: str) -> str:
    """"一、" -> "C、", "（三）" -> "（C）", "2、" -> "D、": the outline level a heading marker opens."""
    return re.sub(r"\d+", "D", re.sub(r"[一二三四五六七八九十]+", "C", marker.strip()))


def heading_context(text: str, position: int) -> str:
    """The words around a sentence that say what it is about: its paragraph up to it (the opening
    of "（二）“打非治违”：…" or an earlier sentence naming the campaign) and the nearest heading of
    each outline level above it ("（四）加强农村公路安全隐患排查整治")."""
    line_start = text.rfind("\n", 0, position) + 1
    parts = [text[max(line_start, position - 400):position]]
    line = text[line_start:position + 1]
    own = _HEADING_RE.match(line)
    seen = {_marker_kind(own.group())} if own else set()
    for previous in reversed(text[max(0, line_start - 4000):line_start].splitlines()):
        match = _HEADING_RE.match(previous)
        if not match:
            continue
        kind = _marker_kind(match.group())
        if kind in seen:
            continue
        seen.add(kind)
        parts.append(previous.strip()[:40])
        if kind == "C、":
            break
    return " ".join(p for p in parts if p)


# ----------------------------------------------------------------------------------------- matching


def units_compatible(asked: str | None, stated: str) -> float:
    """1 for the same unit, 0.5 for one of the same kind (条/处, 家/户, 辆/辆次), 0 otherwise."""
    if not asked:
        return 0.5
    if asked == stated:
        return 1.0
    if any(asked in group and stated in group for group in _UNIT_GROUPS):
        return 0.5
    return 0.0


def asked_unit(q: StatQuery) -> str | None:
    if q.unit:
        return q.unit
    if re.search(r"罚款|金额|钱|资金|经费|投入", q.text):
        return "元"
    return None


def _variants(term: str) -> tuple[str, ...]:
    return _SYNONYMS.get(term, (term,))


def _present(term: str, text: str) -> bool:
    return any(v in text for v in _variants(term))


def head_noun(subject: str) -> str:
    """The word a figure must be stated about: the last word of the counted noun phrase."""
    words = [t for t in tokens(subject) if re.search(r"[\u4e00-\u9fff]", t)]
    if not words:
        return ""
    head = words[-1]
    return head if len(head) >= 2 or len(words) == 1 else words[-2][-1:] + head


def _period_ok(q: StatQuery, fact: FactView) -> bool:
    if q.period is None or fact.period_start is None or fact.period_end is None:
        return True
    return fact.period_start <= q.period.end and q.period.start <= fact.period_end


def period_equal(q: StatQuery, fact: FactView) -> bool:
    return bool(q.period and fact.period_start == q.period.start and fact.period_end == q.period.end)


def _domain_ok(domain: str, fact: FactView) -> bool:
    """The fact is of the domain asked, or its text names the domain (fact domains are inferred)."""
    from knowledge.lexicon import DOMAIN_KEYWORDS

    if fact.domain == domain:
        return True
    text = fact.sentence + fact.context
    return domain in text or any(word in text for word in DOMAIN_KEYWORDS.get(domain, ()))


def _is_hazard_fact(fact: FactView) -> bool:
    return fact.metric in HAZARD_METRICS.values() or "隐患" in fact.metric or "隐患" in fact.clause


def org_period_ok(q: StatQuery, fact: FactView) -> bool:
    """The organisation (strict when one is named) and period (must overlap) gates."""
    if q.org_candidates and fact.org not in q.org_candidates:
        return False
    if q.org and not q.org_candidates:
        return False  # an organisation the database does not know
    return _period_ok(q, fact)


def passes_gates(q: StatQuery, fact: FactView) -> bool:
    """Organisation, period, unit and counted-noun gates (see the module docstring)."""
    if not org_period_ok(q, fact):
        return False
    unit = asked_unit(q)
    if unit and units_compatible(unit, fact.unit) == 0.0:
        return False
    if q.domain and not any(_domain_ok(domain, fact) for domain in domain_list(q)):
        return False
    if q.about_hazards:
        if any(len(w) >= 2 and not _present(w, fact.sentence + fact.context) for w in q.residual):
            return False
        return _is_hazard_fact(fact) or "隐患" in fact.sentence and len(fact.clause) <= 12
    head = head_noun(q.subject) if q.subject and q.subject != "金额" else ""
    return not head or _present(head, fact.clause) or head in fact.metric


def coverage(q: StatQuery, fact: FactView) -> float:
    """The weighted share of the question's words found in the figure's own list item or metric (full
    weight), its clause (0.8), its sentence (0.6) or its paragraph and headings (0.5). A hazard question's intent words (发现, 整改)
    are left to `intent_agreement`."""
    terms = [t for t in q.terms if not (q.about_hazards and t in EXPLAINED_WORDS) and t not in _GENERIC_TERMS]
    sentence = fact.sentence if fact.aside else _strip_asides(fact.sentence)  # an aside is about its parts
    total = matched = 0.0
    for term in terms:
        weight = 0.3 if term in _WEAK else (1.0 if len(term) >= 2 else 0.6)
        total += weight
        if _present(term, fact.fine_clause) or term in fact.metric:
            matched += weight
        elif _present(term, fact.clause):
            matched += 0.8 * weight
        elif _present(term, sentence):
            matched += 0.6 * weight
        elif _present(term, fact.context):
            matched += 0.5 * weight
    return matched / total if total else 0.5


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
    return score


def intent_agreement(q: StatQuery, fact: FactView) -> float:
    """+ for a hazard figure of the kind asked (发现, 已整改, 剩余), - for another kind."""
    if q.metric == "rate":
        return 0.0
    wanted = HAZARD_METRICS.get(q.metric)
    if wanted and fact.metric == wanted:
        return 0.4
    if fact.metric in HAZARD_METRICS.values():
        return -0.6  # a hazard figure of another kind (发现 when 剩余 is asked)
    words = _INTENT_WORDS.get(q.metric, ())
    if any(w in fact.clause for w in words):
        return 0.2
    return -0.2 if q.metric in ("fixed", "fixed_among_found", "open", "overdue") else 0.0


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
            and m.coverage >= top.coverage - 1e-9 and m.fact.metric == top.fact.metric
            and m.fact.value is not None]
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


def best_fact(q: StatQuery, facts: Iterable[FactView], min_score: float = MIN_SCORE) -> FactMatch | None:
    """The fact answering `q`, or None when none is close enough: at least half the question's words
    must be found around the figure and the whole score must reach `min_score`."""
    ranked = rank_facts(q, facts)
    if not ranked or ranked[0].score < min_score or ranked[0].coverage < MIN_COVERAGE:
        return None
    return ranked[0]
