"""Understanding one chat message (pure): its path, its structured query, and whether it continues
the previous question.

A message inherits from the previous question only when it is elliptical (`parse.is_elliptical`:
"那消防呢？", "上个季度呢？", "整改率呢？"); a complete question starts afresh, whatever came before.
A rule question never inherits: "燃气用户不得有哪些行为？" after a hazard count is about the law.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from knowledge.questions.orgs import find_org
from knowledge.questions.parse import (
    StatQuery,
    follow_up,
    is_elliptical,
    parse_filters,
    parse_question,
    parse_slots,
)
from knowledge.questions.route import Route, normalise, org_makes_figure, route

_MAX_LENGTH = 200


@dataclass(frozen=True)
class Understanding:
    route: Route
    query: StatQuery | None = None  # the slots of a figure or records question
    inherited: bool = False  # the query continues the previous one

    @property
    def path(self) -> str:
        return self.route.path


def understand(
    text: str, today: date, *, orgs: Sequence[str] = (), previous: object | None = None
) -> Understanding:
    """Where `text` goes and what it asks (see the module docstring)."""
    first = route(text)
    if first.path in ("empty", "greeting", "draft", "brief"):
        return Understanding(first)
    question = normalise(text)
    if first.path == "rule" and org_makes_figure(question) and _names_known_org(question, orgs):
        first = Route("figure", (*first.reasons, "点名了单位"))
    elliptical = (isinstance(previous, StatQuery) and first.path != "rule" and len(question) <= _MAX_LENGTH
                  and is_elliptical(question, parse_slots(question, today, orgs)))
    if elliptical and isinstance(previous, StatQuery):
        continued = follow_up(question, today, orgs, previous)
        if continued is not None:
            follow = Route("records" if continued.records else "figure", ("追问",))
            return Understanding(follow, continued, inherited=True)
    if first.path == "records":
        return Understanding(first, parse_filters(question, today, orgs=orgs))
    if first.path == "figure":
        query = parse_question(question, today, orgs=orgs)
        if query is None:
            return Understanding(Route("document", (*first.reasons, "没有可查的数字")))
        return Understanding(first, query)
    return Understanding(first)


def _names_known_org(question: str, orgs: Sequence[str]) -> bool:
    """One known organisation, named (not "燃气公司" or "县交通局" that several may be)."""
    mention = find_org(question, orgs)
    return mention is not None and len(mention.candidates) == 1 and not mention.generic
