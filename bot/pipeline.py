"""The question path: understand → resolve → one Answer, as a cascade that never dead-ends.

1. Understand (knowledge.questions.understand, pure): the path a message starts on, its slots, and
   whether it continues the previous question.
2. Resolve, handing over whenever a step finds nothing:
   - figure: hazard ledger (exact counts) → report figures found through their evidence (the hybrid
     index's passages and each figure's own words, knowledge.facts.evidence) → cited passages;
   - records: the matching ledger rows → as a figure question;
   - rule: regulation passages → any passage;
   - document: passages (a report's plan or problem section when that is what is asked).
3. "无相关数据" only after every source was tried, saying what was searched.

Data flows one way: this module calls knowledge/ and retrieval/, and is called by bot.assistant
through the small `Services` protocol (it never imports the Assistant).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from knowledge.answer import Answer
from knowledge.directory import known_orgs
from knowledge.facts.answers import Picker, answer_from_facts
from knowledge.facts.evidence import Candidate, Rarity, Scored
from knowledge.facts.views import FactView, load_fact_views
from knowledge.ledger.answers import answer_from_ledger, ledger_gap, ledger_orgs
from knowledge.ledger.records import answer_hazard_list
from knowledge.ledger.stats import ledger_coverage
from knowledge.models import Document
from knowledge.questions.format import searched_scope
from knowledge.questions.orgs import find_org
from knowledge.questions.parse import METRIC_LABELS, StatQuery
from knowledge.questions.understand import Understanding, understand

if TYPE_CHECKING:
    from knowledge.db import Database
    from knowledge.settings import Settings
    from retrieval.index import SearchHit, SearchIndex

logger = logging.getLogger(__name__)

HINT = (
    "可以这样问：\n"
    "  · 统计：本季度燃气隐患整改了多少条？ / 今年各领域发现隐患情况 / 有多少隐患逾期未整改？\n"
    "  · 报告：区城镇燃气上半年排查了多少户？ / 街道在安全监管上遇到哪些难处？\n"
    "  · 法规：城镇燃气管理条例第二十八条 / 燃气用户不得有哪些行为？"
)
NOT_UNDERSTOOD = "没有理解这个问题。" + HINT
GREETING_TEXT = "您好，我是安全生产助手，可以查询隐患台账统计、历年工作总结和安全生产法律法规。\n" + HINT
NO_FIGURE_LEAD = "没有找到与问题直接对应的统计数字（{searched}），以下是相关原文，供参考：\n"
PASSAGES_FOR_FIGURES = 8
FACTS_FOR_FIGURES = 12
_PLAN = re.compile(r"下一步|打算|计划|怎么抓|如何抓|思路|安排|重点工作|要做什么|准备做")
_PROBLEM = re.compile(r"问题|不足|短板|困难|难处|难点|薄弱|差距|隐忧")
_PLAN_HEADING = re.compile(r"下一步|计划|打算|思路|安排|要点|设想|方向")
_PROBLEM_HEADING = re.compile(r"问题|不足|短板|困难|薄弱|差距")


class Services(Protocol):
    """What the question path needs from its caller (bot.assistant.Assistant provides it)."""

    settings: Settings
    db: Database

    @property
    def search_index(self) -> SearchIndex: ...

    def draft(self, request: str, *, today: date | None = None) -> Any: ...

    def brief(self, *, period: str = "本季度", today: date | None = None) -> Any: ...


def answer_question(
    services: Services, question: str, *, today: date, previous: object | None = None, floating: bool = False
) -> Answer:
    """Route one message and answer it; never raises for odd input. `floating`: nobody fixed "today"
    (no --today), so a report question's relative words (上半年, 本季度) are read against the period of
    the report that answers it rather than against the calendar."""
    with services.db.session() as session:
        orgs = known_orgs(session)
    understood = understand(question, today, orgs=orgs, previous=previous)
    path = understood.path
    if path == "empty":
        return Answer(text=NOT_UNDERSTOOD, kind="none")
    if path == "greeting":
        return Answer(text=GREETING_TEXT, kind="none")
    if path == "draft":
        drafted = services.draft(question, today=today)
        notices = "".join(f"\n（{n}）" for n in drafted.notices)
        return Answer(text=drafted.text + notices, kind="draft", attachment=drafted)
    if path == "brief":
        from knowledge.periods.parse import find_period

        named = find_period(question, today)
        briefing = services.brief(period=named[0].expression if named else "本季度", today=today)
        return Answer(text=briefing.text, kind="brief", attachment=briefing)
    if path == "rule":
        return answer_rule(services, question)
    if understood.query is not None and path in ("figure", "records"):
        return answer_figure(services, question, understood, today=today, floating=floating)
    return answer_document(services, question, orgs)


# --------------------------------------------------------------------------------------- figures


def answer_figure(
    services: Services, question: str, understood: Understanding, *, today: date, floating: bool = False
) -> Answer:
    """Ledger → report figures → passages → 无相关数据 (saying what was searched)."""
    query = understood.query
    assert query is not None
    notes: list[str] = []
    with services.db.session() as session:
        if understood.path == "records" and query.records:
            listed = answer_hazard_list(session, query, today=today)
            if listed is not None:
                return listed
            query = replace(query, records=False)
        coverage = ledger_coverage(session)
        ledger = answer_from_ledger(session, query, today=today)
        text = _search_text(question, understood)
        if ledger is not None:
            stated = _own_current_report(services, session, query, text, today)
            return stated if stated is not None else ledger
        gap = ledger_gap(query, coverage, today)
        if gap:
            notes.append(gap)
        # an organisation the ledger holds no records of ("芩江化工园区" with a report of its own): its
        # reports are its source, their passage may stand in
        ledger_scope = ledger_orgs(query, coverage) is not None
        if floating and not understood.inherited:
            query = _read_against_report(services, session, query, question, today)
        query = _as_part_of_a_report(session, query)  # the ledger was asked of the unit itself, above
        candidates = figure_candidates(services, session, query, text)
        stated = answer_from_facts(query, candidates, rarity=corpus_rarity(session), pick=_llm_picker(services, text))
    if notes and query.ledger_answerable and ledger_scope and (stated is None or stated.kind == "passage"):
        return none_answer(query, notes)  # a ledger count the ledger cannot give: no passage stands in
    if stated is not None:
        return stated
    passages = _passages(services, text, source_type="report", orgs=_family_orgs(services, query))
    if passages is not None:
        lead = NO_FIGURE_LEAD.format(searched="；".join(searched_scope(query)))
        return _with_lead(passages, lead, query)
    return none_answer(query, notes)


def _as_part_of_a_report(session: Session, query: StatQuery) -> StatQuery:
    """A place or unit no report is by, but which reports name ("芷岗镇" in a 区安委办 通报's table of its
    towns): the question is about those reports' figures that name it — its name becomes a word the
    figure's words must hold, the reports' organisations its scope."""
    if not query.org or query.org_candidates or len(query.org) < 2:
        return query
    named = select(Document.org).where(Document.kind == "report", Document.org.is_not(None),
                                       Document.text.contains(query.org)).distinct()  # fmt: skip
    orgs = tuple(sorted(o for o in session.scalars(named) if o))
    if not orgs:
        return query
    words = tuple(dict.fromkeys((*query.terms, query.org)))
    topic = tuple(dict.fromkeys((*query.topic_terms, query.org)))
    return replace(query, org_candidates=orgs, terms=words, topic_terms=topic)


def _read_against_report(
    services: Services, session: Session, query: StatQuery, question: str, today: date
) -> StatQuery:
    """The query with its relative period ("上半年") read against the period of the report that best
    answers it, when no year is written and nobody fixed "today"."""
    from knowledge.periods.parse import names_year
    from knowledge.questions.parse import parse_question

    if query.period is None or names_year(query.period.expression) or services.search_index.count() == 0:
        return query
    hits = services.search_index.search(question, k=1, source_type="report", org=_family_orgs(services, query))
    if not hits:
        return query
    doc = session.scalar(select(Document).where(func.substr(Document.content_hash, 1, 16) == hits[0].chunk.doc_key))
    reference = (doc.period_end or doc.doc_date) if doc is not None else None
    if reference is None or reference >= today:
        return query
    orgs = known_orgs(session)
    reread = parse_question(question, reference, orgs=orgs)
    return reread if reread is not None else query


def _search_text(question: str, understood: Understanding) -> str:
    """What to search for: the message itself, or for a follow-up the question it continues with the
    slots as they are now ("那消防呢？" after a 燃气 question searches for the 消防 figure)."""
    if not understood.inherited or understood.query is None:
        return question
    query = understood.query
    parts = [query.org or "", query.domain or "", query.period.label if query.period else "", query.level or "",
             query.subject or METRIC_LABELS.get(query.metric, "")]  # fmt: skip
    return "".join(p for p in parts if p) or question


def _own_current_report(
    services: Services, session: Session, query: StatQuery, text: str, today: date
) -> Answer | None:
    """One named organisation whose own report of the question's time (its period ends within a month
    before `today`) states the very hazard figure asked: the organisation's stated figure is given
    rather than the ledger's count. Later on, the live ledger is the reference."""
    if len(query.org_candidates) != 1 or query.group_by:
        return None
    recent = select(Document.id).where(
        Document.org.in_(list(_family_orgs(services, query) or ())),
        Document.period_end.is_(None) | Document.period_end.between(today - timedelta(days=31), today),
    ).limit(1)  # fmt: skip
    if session.scalar(recent) is None:
        return None  # no report of the question's time: the ledger is the reference, no search needed
    candidates = [c for c in figure_candidates(services, session, query, text) if _report_current(query, c.fact, today)
                  and (query.operation != "value" or _same_scope(query, c.fact))]  # fmt: skip
    answer = answer_from_facts(query, candidates, rarity=corpus_rarity(session))
    return answer if answer is not None and answer.kind == "stat" else None


def _report_current(query: StatQuery, fact: FactView, today: date) -> bool:
    end = fact.period_end
    if fact.org not in query.org_candidates or end is None or not today - timedelta(days=31) <= end <= today:
        return False
    return query.period is None or (fact.period_start == query.period.start and end == query.period.end)


def _same_scope(query: StatQuery, fact: FactView) -> bool:
    """A hazard figure of the domain asked (or of all domains when none is asked)."""
    from knowledge.facts.lookup import intent_agreement

    return query.domain == (fact.domain if fact.domain != "综合" else None) and intent_agreement(query, fact) > 0


def figure_candidates(services: Services, session: Session, query: StatQuery, text: str) -> list[Candidate]:
    """The figures of the passages the index finds for the question (restricted to the organisation it
    names, when it names a known one), plus the figures whose own words are nearest to it; each with
    its passage rank and its similarity to the question. Without an index: every figure of the
    organisation's reports (or of all reports), ranked on their words alone."""
    index = services.search_index
    orgs = _family_orgs(services, query)
    if index.count() == 0:
        views = load_fact_views(session, orgs or ())
        return [Candidate(v) for v in views]
    hits = index.search(text, k=PASSAGES_FOR_FIGURES, source_type="report", org=orgs)
    if not hits and orgs:
        hits = index.search(text, k=PASSAGES_FOR_FIGURES, source_type="report")
    keys = list(dict.fromkeys(h.chunk.doc_key for h in hits))
    unit_ids = _nearest_facts(index, text, orgs)
    fact_ids = [int(u.removeprefix("fact:")) for u in unit_ids]
    documents = _documents(session, keys, fact_ids)
    views = load_fact_views(session, document_ids=documents)
    by_id = {v.id: v for v in views}
    ranks: dict[int, int] = {}
    for rank, hit in enumerate(hits, 1):
        for view in views:
            if view.doc_key == hit.chunk.doc_key and hit.chunk.start <= view.position < hit.chunk.end:
                ranks.setdefault(view.id, rank)
    chosen = [by_id[i] for i in dict.fromkeys([*ranks, *(f for f in fact_ids if f in by_id)])]
    similarity = index.fact_similarity(text, [f"fact:{v.id}" for v in chosen])
    return [Candidate(v, similarity.get(f"fact:{v.id}"), ranks.get(v.id)) for v in chosen]


def _llm_picker(services: Services, question: str) -> Picker | None:
    """With an LLM configured: the model picks a candidate by id when the evidence is not conclusive."""
    if not services.settings.llm_enabled:
        return None
    from knowledge.facts.choice import choice_messages, parse_choice
    from retrieval.llm import LLMUnavailable, make_chat_model

    model = make_chat_model(services.settings)

    def pick(scored: Sequence[Scored]) -> Scored | None:
        if model is None:
            return None
        system, user, options = choice_messages(question, scored)
        try:
            return parse_choice(model.complete(system, user), options)
        except LLMUnavailable:
            return None

    return pick


_rarities: dict[tuple[str, int, int], Rarity] = {}


def corpus_rarity(session: Session) -> Rarity:
    """Word rarity over every stated figure's sentence, rebuilt when the facts change."""
    from knowledge.models import Fact

    count, last = session.execute(select(func.count(Fact.id), func.max(Fact.id))).one()
    key = (str(session.get_bind().engine.url), int(count or 0), int(last or 0))
    rarity = _rarities.get(key)
    if rarity is None:
        rarity = Rarity(list(session.scalars(select(Fact.sentence).distinct())))
        _rarities.clear()
        _rarities[key] = rarity
    return rarity


def _nearest_facts(index: SearchIndex, text: str, orgs: tuple[str, ...] | None) -> list[str]:
    if index.facts is None:
        return []
    from retrieval.store import build_where

    vector = index.query_vector(text)
    found = index.facts.query(vector, FACTS_FOR_FIGURES, build_where(org=orgs) if orgs else None)
    return [cid for cid, _, _ in found]


def _documents(session: Session, keys: Sequence[str], fact_ids: Sequence[int]) -> list[int]:
    from knowledge.models import Fact

    conditions = []
    if keys:
        conditions.append(func.substr(Document.content_hash, 1, 16).in_(list(keys)))
    if fact_ids:
        conditions.append(Document.id.in_(select(Fact.document_id).where(Fact.id.in_(list(fact_ids)))))
    if not conditions:
        return []
    return list(session.scalars(select(Document.id).where(or_(*conditions))))


def _family_orgs(services: Services, query: StatQuery) -> tuple[str, ...] | None:
    """The organisations a question names, with those of near-duplicate copies of their reports (the
    redacted "XX市XX区城镇燃气" and the full "区城镇燃气"); None when it names none."""
    if not query.org_candidates:
        return None
    names = set(query.org_candidates)
    with services.db.session() as session:
        docs = list(session.scalars(select(Document).where(Document.org.in_(list(names)))))
        family = {d.duplicate_of_id or d.id for d in docs}
        if family:
            twins = session.scalars(select(Document.org).where(
                Document.id.in_(family) | Document.duplicate_of_id.in_(family)))  # fmt: skip
            names |= {o for o in twins if o}
    return tuple(sorted(names))


# -------------------------------------------------------------------------------------- passages


# A rule question searched among the regulations alone: the dense and lexical sides may agree deeper
# than in an open search ("老百姓把楼道里的安全出口堵了，罚多少钱" finds 消防法第六十条 at dense rank 8,
# lexical rank 1; the open-search bar of 5 was measured on off-topic chit-chat, which never routes here).
RULE_AGREEMENT_RANK = 10


def _passages(
    services: Services, text: str, *, source_type: str | None = None, orgs: Sequence[str] | None = None,
    section: re.Pattern[str] | None = None, agreement_rank: int | None = None,
) -> Answer | None:
    """Cited passages for `text`, or None when nothing relevant is found (or nothing is indexed)."""
    from retrieval.answering import answer_from_hits
    from retrieval.index import AGREEMENT_RANK, DENSE_RELEVANCE_FLOOR

    index = services.search_index
    if index.count() == 0:
        return None
    hits = index.whole_articles(index.search(text, k=10 if section else 5, source_type=source_type, org=orgs or None))
    if section is not None:
        hits = _section_first(hits, section)
    floor = DENSE_RELEVANCE_FLOOR.get(index.embedder.name)
    agreement_rank = agreement_rank or AGREEMENT_RANK
    if services.settings.llm_enabled:
        from retrieval.llm import answer_with_llm, make_chat_model

        answer = answer_with_llm(text, hits, make_chat_model(services.settings), min_score=floor,
                                 agreement_rank=agreement_rank)  # fmt: skip
    else:
        answer = answer_from_hits(text, hits, min_score=floor, agreement_rank=agreement_rank)
    return answer if answer.kind == "passage" else None


def _section_first(hits: Sequence[SearchHit], section: re.Pattern[str]) -> list[SearchHit]:
    """Passages under a heading of the section asked (下一步工作计划, 存在的问题) first."""
    inside = [h for h in hits if any(section.search(head) for head in h.chunk.heading_path)]
    return [*inside, *(h for h in hits if h not in inside)][:5]


def _with_lead(answer: Answer, lead: str, query: StatQuery | None) -> Answer:
    return replace(answer, text=lead + answer.text, context=query)


def answer_rule(services: Services, question: str) -> Answer:
    """What a law requires: regulation passages first, then any passage."""
    if services.search_index.count() == 0:
        return _nothing_indexed()
    for source_type in ("regulation", None):
        deeper = RULE_AGREEMENT_RANK if source_type == "regulation" else None
        answer = _passages(services, question, source_type=source_type, agreement_rank=deeper)
        if answer is not None:
            return answer
    return _not_found()


def answer_document(services: Services, question: str, orgs: Sequence[str]) -> Answer:
    """Passages; for a report's plan or problems ("下一步打算", "存在哪些问题") that section first."""
    if services.search_index.count() == 0:
        return _nothing_indexed()
    section = _PLAN_HEADING if _PLAN.search(question) else _PROBLEM_HEADING if _PROBLEM.search(question) else None
    named = find_org(question, orgs) if section is not None else None
    scope = named.candidates if named is not None and named.candidates else None
    answer = _passages(services, question, orgs=scope, section=section)
    if answer is None and scope:
        answer = _passages(services, question, section=section)
    return answer if answer is not None else _not_found()


def _nothing_indexed() -> Answer:
    return Answer(text="还没有载入任何报告或法规，无法检索。请先导入报告或法规文件（在对话中直接发送文件，或由管理员导入）。",
                  kind="none")


def _not_found() -> Answer:
    from retrieval.answering import NOT_FOUND_HINT, not_found

    return not_found(NOT_FOUND_HINT)


# ------------------------------------------------------------------------------------------ none


def none_answer(query: StatQuery, notes: Sequence[str] = ()) -> Answer:
    """"无相关数据", after every source was tried: what was searched, and why the ledger could not say."""
    searched = searched_scope(query)
    why = "".join(f"{note}。" for note in notes)
    if query.org and not query.org_candidates:
        why += f"数据库中没有能对应“{query.org}”的单位。"
    text = (f"无相关数据：在隐患台账、已入库的报告和法规中都没有找到这一数据（{'；'.join(searched)}）。{why}"
            "为避免误导，不作估算。")  # fmt: skip
    return Answer(text=text, kind="none", value=None, unit=None, period=query.period,
                  filters=query.to_filters(), context=query)  # fmt: skip
