"""Drafting and briefing as services over the database: parse → fact sheet → template draft → optional
LLM rewrite (checked) — the functions `bot.assistant.Assistant.draft/brief` call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from drafting.factsheet import build_fact_sheet
from drafting.report import Draft, assemble
from drafting.request import parse_draft_request
from knowledge.db import Database
from knowledge.directory import known_orgs
from knowledge.ledger.stats import ledger_coverage
from knowledge.models import Fact

if TYPE_CHECKING:
    from drafting.briefing import Briefing
    from retrieval.llm import ChatModel

logger = logging.getLogger(__name__)

Exemplars = Callable[[str], list[str]]


def draft(
    db: Database,
    request: str,
    *,
    today: date,
    org: str | None = None,
    section: str | None = None,
    domain: str | None = None,
    period: str | None = None,
    model: ChatModel | None = None,
    exemplars: Exemplars | None = None,
) -> Draft:
    """The draft `request` asks for, as of `today`. With a `model`, the template draft is rewritten and
    every figure of the rewrite checked (see drafting.rewrite); `exemplars` gives past-report passages
    of the same kind as style examples."""
    with db.session() as session:
        orgs = known_orgs(session)
    parsed = parse_draft_request(request, today, orgs=orgs, section=section, domain=domain, period=period, org=org)
    sheet = build_fact_sheet(db, parsed, today)
    result = assemble(sheet)
    if model is None:
        return result
    from drafting.rewrite import rewrite_draft

    examples: list[str] = []
    if exemplars is not None:
        try:
            examples = exemplars(f"{parsed.section} {'、'.join(parsed.domains)} 隐患排查整治 工作总结")
        except Exception:  # the index is optional here: a draft without style examples is still a draft
            logger.warning("style exemplars unavailable", exc_info=True)
    return rewrite_draft(result, model, exemplars=examples)


def draft_domains(db: Database) -> tuple[str, ...]:
    """The domains the data holds (ledger 行业领域, then report fact domains), for a choice of domain."""
    from sqlalchemy import select

    with db.session() as session:
        ledger = ledger_coverage(session).domains
        reported = sorted(d for d in session.scalars(select(Fact.domain).distinct()) if d and d != "综合")
    return tuple(dict.fromkeys([*ledger, *reported]))


def brief(db: Database, *, today: date, period: str = "本季度", org: str | None = None) -> Briefing:
    from drafting.briefing import build_briefing

    with db.session() as session:
        orgs = known_orgs(session)
    return build_briefing(db, today=today, period=period, org=org, orgs=orgs)
