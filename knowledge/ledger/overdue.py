"""Overdue major hazards (重大隐患逾期未整改) of one organisation or of all: the daily reminder's content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from knowledge.db import Database
from knowledge.ledger.records import hazard_line
from knowledge.ledger.stats import LedgerFilter, metric_condition
from knowledge.models import Hazard
from knowledge.questions.orgs import find_org


@dataclass(frozen=True)
class OverdueHazards:
    """The ledger rows behind a reminder; `units` are the 责任单位 matched for `org` (() = all units)."""

    today: date
    org: str | None
    units: tuple[str, ...]
    lines: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.codes)


def overdue_major(db: Database, *, today: date, org: str | None = None) -> OverdueHazards:
    """Major hazards past their deadline and not fixed by `today`, for `org` (matched like a question's
    organisation: "XX镇" finds "XX镇人民政府") or for every unit when `org` is None.

    An organisation the ledger does not know has no rows (never everyone's)."""
    with db.sessions() as session:
        units: tuple[str, ...] = ()
        if org:
            known = tuple(session.scalars(select(Hazard.responsible_unit).distinct()))
            mention = find_org(org, known)
            units = mention.candidates if mention and mention.candidates else ()
            if not units:
                return OverdueHazards(today, org, (), (), ())
        condition = metric_condition("overdue", LedgerFilter(today=today, orgs=units, level="重大"))
        rows = list(session.scalars(select(Hazard).where(condition).order_by(Hazard.deadline, Hazard.code)))
    return OverdueHazards(today, org, units, tuple(hazard_line(h) for h in rows), tuple(h.code for h in rows))
