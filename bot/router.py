"""The router: one function decides where each question goes and returns the answer.

statistics (ledger + report facts) → hazard records (“有哪些”) → documents/regulations (retrieval with
citations) → otherwise
"not understood" with a hint. Drafting and briefings are announced but belong to a later release.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from knowledge.answer import Answer

if TYPE_CHECKING:
    from bot.assistant import Assistant


class Route(Enum):
    EMPTY = "empty"
    GREETING = "greeting"
    DRAFTING = "drafting"
    QUESTION = "question"  # statistics first, then documents


HINT = (
    "可以这样问：\n"
    "  · 统计：本季度燃气隐患整改了多少条？ / 今年各领域发现隐患情况 / 有多少隐患逾期未整改？\n"
    "  · 报告：区城镇燃气上半年排查了多少户？ / 街道在安全监管上遇到哪些难处？\n"
    "  · 法规：城镇燃气管理条例第二十八条 / 燃气用户不得有哪些行为？"
)
NOT_UNDERSTOOD = "没有理解这个问题。" + HINT
GREETING_TEXT = "您好，我是安全生产助手，可以查询隐患台账统计、历年工作总结和安全生产法律法规。\n" + HINT
DRAFTING_TEXT = (
    "起草材料和领导简报功能将在后续版本提供。目前可以查询统计数字和报告、法规原文，"
    "例如“上半年燃气隐患发现了多少条？”。"
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GREETING = re.compile(r"^(?:你好|您好|嗨|哈喽|hello|hi|在吗|早上好|下午好|晚上好|谢谢|多谢|辛苦了)[呀啊！!。.？?～~\s]*$",
                       re.IGNORECASE)
_DRAFTING = re.compile(r"起草|草拟|拟写|拟一份|写一份|写个|撰写|代写|帮我写|生成.{0,6}(?:报告|材料|总结|简报)|简报|汇报材料")


def classify(question: str) -> Route:
    """Pure: which path a question takes before any lookup."""
    text = question.strip()
    if len(_CJK.findall(text)) < 2:
        return Route.GREETING if _GREETING.match(text) else Route.EMPTY
    if _GREETING.match(text):
        return Route.GREETING
    if _DRAFTING.search(text):
        return Route.DRAFTING
    return Route.QUESTION


def answer_question(bot: Assistant, question: str, *, today: date, previous: Any = None) -> Answer:
    """Route one question and answer it; never raises for odd input."""
    route = classify(question)
    if route is Route.EMPTY:
        return Answer(text=NOT_UNDERSTOOD, kind="none")
    if route is Route.GREETING:
        return Answer(text=GREETING_TEXT, kind="none")
    if route is Route.DRAFTING:
        return Answer(text=DRAFTING_TEXT, kind="none")

    from knowledge.questions.stat_answers import answer_stat_question

    stat = answer_stat_question(bot.db, question, today=today, previous=previous)
    if stat is not None:
        return stat
    from knowledge.ledger.records import answer_hazard_list

    listed = answer_hazard_list(bot.db, question, today=today)
    if listed is not None:
        return listed
    return answer_from_documents(bot, question)


def answer_from_documents(bot: Assistant, question: str) -> Answer:
    """Retrieval with citations: extractive by default, generated when an LLM is configured."""
    from retrieval.answering import answer_from_hits
    from retrieval.index import DENSE_RELEVANCE_FLOOR

    index = bot.search_index
    if index.count() == 0:
        return Answer(text="还没有载入任何报告或法规，无法检索。请先用 safetybot ingest 导入文件。", kind="none")
    hits = index.search(question, k=5)
    floor = DENSE_RELEVANCE_FLOOR.get(index.embedder.name)
    if bot.settings.llm_enabled:
        from retrieval.llm import answer_with_llm, make_chat_model

        return answer_with_llm(question, hits, make_chat_model(bot.settings), min_score=floor)
    return answer_from_hits(question, hits, min_score=floor)
