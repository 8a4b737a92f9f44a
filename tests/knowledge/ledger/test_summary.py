"""Ledger summaries on a real database with hand-made hazards (knowledge/ledger/summary.py), and the
periods a briefing compares with (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.db import Database
from knowledge.ledger.stats import LedgerFilter
from knowledge.ledger.summary import (
    backlog,
    comparisons,
    figures_by,
    ledger_figures,
    monthly_series,
    months_between,
    overdue_major,
    previous_period,
    recurring_descriptions,
    same_period_last_year,
)
from knowledge.models import Hazard
from knowledge.periods.parse import Period

D = date
TODAY = D(2023, 6, 30)
Q2 = LedgerFilter(today=TODAY, start=D(2023, 4, 1), end=D(2023, 6, 30))

# code, unit, domain, description, level, found, deadline, status, fixed
HAZARDS = [
    ("H1", "县住建局", "消防", "灭火器过期", "一般", D(2023, 4, 2), D(2023, 4, 20), "已整改", D(2023, 4, 10)),
    ("H2", "县住建局", "消防", "灭火器过期", "重大", D(2023, 4, 15), D(2023, 5, 1), "未整改", None),
    ("H3", "XX镇", "燃气", "软管老化", "一般", D(2023, 3, 20), D(2023, 4, 30), "已整改", D(2023, 4, 5)),
    ("H4", "XX镇", "燃气", "软管老化", "一般", D(2023, 5, 10), D(2023, 7, 10), "整改中", None),
    ("H5", "XX镇", "消防", "灭火器过期", "一般", D(2023, 6, 1), D(2023, 6, 20), "已整改", D(2023, 6, 18)),
    ("H6", "XX镇", "燃气", "软管老化", "重大", D(2023, 5, 20), D(2023, 6, 10), "已整改", D(2023, 7, 2)),
    ("H7", "XX镇", "燃气", "阀门锈蚀", "重大", D(2023, 4, 25), D(2023, 5, 5), "未整改", None),
]


@pytest.fixture
def summary_db(db: Database) -> Database:
    with db.session() as session:
        for code, unit, domain, desc, level, found, deadline, status, fixed in HAZARDS:
            session.add(Hazard(code=code, responsible_unit=unit, domain=domain, description=desc, level=level,
                               found_date=found, deadline=deadline, status=status, fixed_date=fixed))  # fmt: skip
    return db


def test_key_figures_keep_their_codes(summary_db: Database) -> None:
    with summary_db.session() as session:
        f = ledger_figures(session, Q2)
    assert f.found.codes == ("H1", "H2", "H4", "H5", "H6", "H7")
    assert f.fixed.codes == ("H1", "H3", "H5")  # by 整改完成日期: H3 was found in Q1, H6 fixed in July
    assert f.fixed_among_found.codes == ("H1", "H5")
    assert f.open.codes == ("H2", "H4", "H6", "H7")
    assert f.overdue.codes == ("H2", "H6", "H7")
    assert (f.major_found.value, f.major_open.value, f.major_overdue.value) == (3, 3, 3)
    assert f.rate == 33.3


def test_figures_by_domain_and_unit(summary_db: Database) -> None:
    with summary_db.session() as session:
        by_domain = figures_by(session, Q2, "domain")
        by_unit = figures_by(session, Q2, "org")
        with pytest.raises(ValueError, match="domain、org"):
            figures_by(session, Q2, "level")
    assert list(by_domain) == ["燃气", "消防"]  # 3 found each: then the most open first (3 against 1)
    assert by_domain["燃气"].open.codes == ("H4", "H6", "H7")
    assert by_unit["XX镇"].found.value == 4 and by_unit["县住建局"].rate == 50.0


def test_recurring_and_overdue_major(summary_db: Database) -> None:
    with summary_db.session() as session:
        recurring = recurring_descriptions(session, Q2)
        major = overdue_major(session, backlog(Q2))
    assert [(r.description, r.count) for r in recurring] == [("灭火器过期", 3), ("软管老化", 2)]
    assert recurring[0].units == ("县住建局", "XX镇")
    assert [h.code for h in major] == ["H2", "H7", "H6"]  # earliest 整改期限 first
    assert major[0].days_overdue(TODAY) == 60


def test_monthly_series(summary_db: Database) -> None:
    with summary_db.session() as session:
        points = monthly_series(session, Q2, months_between(D(2023, 3, 1), D(2023, 7, 31)))
    assert [(p.label, p.found.value, p.fixed.value) for p in points] == [
        ("3月", 1, 0), ("4月", 3, 2), ("5月", 2, 0), ("6月", 1, 1), ("7月", 0, 0),  # H6's July fix is after today
    ]


@pytest.mark.parametrize(
    ("period", "previous", "name"),
    [
        (Period(D(2023, 10, 1), D(2023, 11, 30), "2023年第四季度"), (D(2023, 7, 1), D(2023, 8, 31)), "上季度同期"),
        (Period(D(2023, 7, 1), D(2023, 9, 30), "2023年第三季度"), (D(2023, 4, 1), D(2023, 6, 30)), "上季度"),
        (Period(D(2023, 1, 1), D(2023, 3, 31), "2023年第一季度"), (D(2022, 10, 1), D(2022, 12, 31)), "上季度"),
        (Period(D(2023, 11, 1), D(2023, 11, 30), "2023年11月"), (D(2023, 10, 1), D(2023, 10, 31)), "上月"),
        (Period(D(2023, 3, 1), D(2023, 3, 15), "2023年3月"), (D(2023, 2, 1), D(2023, 2, 15)), "上月同期"),
        (Period(D(2023, 7, 1), D(2023, 12, 31), "2023年下半年"), (D(2023, 1, 1), D(2023, 6, 30)), "2023年上半年"),
        (Period(D(2023, 1, 1), D(2023, 11, 30), "2023年以来"), (D(2022, 1, 1), D(2022, 11, 30)), "上年同期"),
        (Period(D(2023, 5, 10), D(2023, 5, 19), "5月10日至19日"), (D(2023, 4, 30), D(2023, 5, 9)), "上一时段"),
    ],
)
def test_previous_period(period: Period, previous: tuple[date, date], name: str) -> None:
    found, found_name = previous_period(period)
    assert (found.start, found.end) == previous and found_name == name


def test_comparisons_say_whether_the_ledger_reaches_back() -> None:
    q4 = Period(D(2023, 10, 1), D(2023, 11, 30), "2023年第四季度")
    ring, year = comparisons(q4, first=D(2023, 1, 3))
    assert ring.covered and not year.covered
    assert (year.period.start, year.period.end) == (D(2022, 10, 1), D(2022, 11, 30))
    assert same_period_last_year(Period(D(2024, 2, 29), D(2024, 2, 29), "")).start == D(2023, 2, 28)
    assert not comparisons(q4, first=None)[0].covered
