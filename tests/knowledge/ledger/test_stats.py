"""Ledger statistics against a real database with a handful of hand-made hazards (knowledge/ledger/stats.py)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.db import Database
from knowledge.ledger.stats import LedgerFilter, ledger_coverage, ledger_statistic, percent
from knowledge.models import Hazard

TODAY = date(2023, 6, 30)
Q1 = (date(2023, 1, 1), date(2023, 3, 31))
Q2 = (date(2023, 4, 1), date(2023, 6, 30))
D = date

# code, unit, domain, level, found, deadline, status, fixed
HAZARDS = [
    ("H1", "县住建局", "消防", "一般", D(2023, 4, 2), D(2023, 4, 20), "已整改", D(2023, 4, 10)),
    ("H2", "县住建局", "消防", "重大", D(2023, 4, 15), D(2023, 5, 1), "未整改", None),
    ("H3", "XX镇", "燃气", "一般", D(2023, 3, 20), D(2023, 4, 30), "已整改", D(2023, 4, 5)),
    ("H4", "XX镇", "燃气", "一般", D(2023, 5, 10), D(2023, 7, 10), "整改中", None),
    ("H5", "XX镇", "消防", "一般", D(2023, 6, 1), D(2023, 6, 20), "已整改", D(2023, 6, 18)),
    ("H6", "县住建局", "燃气", "一般", D(2023, 1, 5), D(2023, 1, 20), "已整改", D(2023, 2, 1)),
    ("H7", "XX镇", "消防", "一般", D(2023, 6, 28), None, "未整改", None),
    ("H8", "县住建局", "消防", "一般", D(2023, 7, 5), D(2023, 7, 20), "已整改", D(2023, 7, 6)),  # after today
    ("H9", "XX镇", "燃气", "重大", D(2023, 5, 20), D(2023, 6, 10), "已整改", D(2023, 7, 2)),  # fixed after today
]


@pytest.fixture
def ledger_db(db: Database) -> Database:
    with db.session() as session:
        for code, unit, domain, level, found, deadline, status, fixed in HAZARDS:
            session.add(Hazard(code=code, responsible_unit=unit, domain=domain, level=level, found_date=found,
                               deadline=deadline, status=status, fixed_date=fixed))  # fmt: skip
    return db


def _flt(period: tuple[date, date] | None = None, **kwargs: object) -> LedgerFilter:
    start, end = period if period else (None, None)
    return LedgerFilter(today=TODAY, start=start, end=end, **kwargs)  # type: ignore[arg-type]


# metric, filter, expected codes
COUNTS: list[tuple[str, LedgerFilter, set[str]]] = [
    ("found", _flt(Q2), {"H1", "H2", "H4", "H5", "H7", "H9"}),
    ("found", _flt(Q1), {"H3", "H6"}),
    ("found", _flt(), {"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H9"}),  # no period: up to today
    ("fixed", _flt(Q2), {"H1", "H3", "H5"}),  # by 整改完成日期: H3 was found in Q1; H9 fixed after Q2
    ("fixed", _flt(Q1), {"H6"}),
    ("fixed_among_found", _flt(Q2), {"H1", "H5"}),  # H9 is 已整改 only after today
    ("open", _flt(), {"H2", "H4", "H7", "H9"}),
    ("open", _flt(Q1), set()),
    ("overdue", _flt(), {"H2", "H9"}),  # H4's deadline is later, H7 has none
    ("found", _flt(Q2, level="重大"), {"H2", "H9"}),
    ("found", _flt(Q2, domains=("燃气",), orgs=("XX镇",)), {"H4", "H9"}),
    ("found", _flt(Q2, orgs=("县住建局", "XX镇")), {"H1", "H2", "H4", "H5", "H7", "H9"}),
    ("open", _flt(domains=("消防",)), {"H2", "H7"}),
    ("found", _flt(Q2, domains=("危化品",)), set()),
    ("found", _flt(Q2, domains=("消防", "燃气")), {"H1", "H2", "H4", "H5", "H7", "H9"}),
    ("overdue", _flt(domains=("燃气",), level="重大"), {"H9"}),
]


@pytest.mark.parametrize(("metric", "flt", "codes"), COUNTS)
def test_counts_follow_the_stated_semantics(ledger_db: Database, metric: str, flt: LedgerFilter, codes: set[str]) -> None:
    with ledger_db.session() as session:
        result = ledger_statistic(session, metric, flt)
    assert result.value == len(codes)
    assert set(result.codes) == codes
    assert result.total_records == len(HAZARDS)


@pytest.mark.parametrize(
    ("flt", "value", "numerator", "denominator"),
    [(_flt(Q2), 33.3, 2, 6), (_flt(), 50.0, 4, 8), (_flt(Q2, domains=("危化品",)), None, 0, 0)],
)
def test_rate_is_fixed_among_found_in_percent(
    ledger_db: Database, flt: LedgerFilter, value: float | None, numerator: int, denominator: int
) -> None:
    with ledger_db.session() as session:
        result = ledger_statistic(session, "rate", flt)
    assert (result.value, result.numerator, result.denominator) == (value, numerator, denominator)


@pytest.mark.parametrize(
    ("metric", "group_by", "expected"),
    [
        ("found", "domain", {"消防": 4, "燃气": 2}),
        ("found", "org", {"XX镇": 4, "县住建局": 2}),
        ("open", "domain", {"消防": 2, "燃气": 2}),
        ("rate", "org", {"县住建局": 50.0, "XX镇": 25.0}),
        ("found", "level", {"一般": 4, "重大": 2}),
    ],
)
def test_breakdowns(ledger_db: Database, metric: str, group_by: str, expected: dict[str, float]) -> None:
    with ledger_db.session() as session:
        result = ledger_statistic(session, metric, _flt(Q2), group_by=group_by)
    assert result.breakdown == expected
    assert list(result.breakdown.values()) == sorted(result.breakdown.values(), reverse=True)


def test_coverage_lists_units_domains_and_dates(ledger_db: Database) -> None:
    with ledger_db.session() as session:
        coverage = ledger_coverage(session)
    assert coverage.records == len(HAZARDS)
    assert coverage.orgs == ("XX镇", "县住建局")
    assert coverage.domains == ("消防", "燃气")
    assert (coverage.first, coverage.last) == (date(2023, 1, 5), date(2023, 7, 6))  # found or fixed


def test_unknown_metric_and_grouping_are_refused(ledger_db: Database) -> None:
    with ledger_db.session() as session, pytest.raises(ValueError, match="未知的统计口径"):
        ledger_statistic(session, "deleted", _flt())
    with ledger_db.session() as session, pytest.raises(ValueError, match="未知的分组方式"):
        ledger_statistic(session, "found", _flt(), group_by="inspector")


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(75, 113, 66.4), (2, 3, 66.7), (1, 16, 6.3), (1, 8, 12.5), (0, 5, 0.0), (5, 5, 100.0), (1, 0, None)],
)
def test_percent_rounds_half_up_to_one_decimal(numerator: int, denominator: int, expected: float | None) -> None:
    assert percent(numerator, denominator) == expected
