"""Tests for knowledge/periods/grammar.py: numerals, year prefixes and calendar arithmetic."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.periods import grammar as g


@pytest.mark.parametrize(
    ("token", "value"),
    [("6", 6), ("12", 12), ("六", 6), ("十", 10), ("十二", 12), ("三十一", 31), ("两", 2),
     ("二〇二三", 2023), ("二零二二", 2022), ("百", None)],
)
def test_num(token: str, value: int | None) -> None:
    assert g.num(token) == value


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2023, 11, 30), -1, date(2023, 10, 30)), (date(2023, 3, 31), -1, date(2023, 2, 28)),
     (date(2024, 3, 31), -1, date(2024, 2, 29)), (date(2023, 1, 15), -1, date(2022, 12, 15)),
     (date(2023, 11, 30), -12, date(2022, 11, 30)), (date(2023, 12, 1), 1, date(2024, 1, 1))],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert g.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023年", 2023), ("2023年度", 2023), ("二〇二三年", 2023), ("今年", 2023), ("本年度", 2023),
     ("去年", 2022), ("上年度", 2022), ("前年", 2021), ("明年", 2024), ("2023上半年", 2023),
     ("2023行动", None), ("12023年", None), ("3年", None)],
)
def test_year_prefix(text: str, year: int | None) -> None:
    m = re.match(g.yp("t"), text)
    if year is None:
        assert m is None
    else:
        assert m is not None
        assert g.prefix_year(m, "t", date(2023, 11, 30)) == year


def test_year_prefix_defaults() -> None:
    m = re.match(rf"(?:{g.yp('t')})?6月", "6月")
    assert m is not None
    assert g.prefix_year(m, "t", date(2023, 11, 30)) == 2023
    assert g.prefix_year(m, "t", date(2023, 11, 30), default=2022) == 2022


@pytest.mark.parametrize(
    ("text", "expected", "has_day"),
    [("6月14日", date(2023, 6, 14), True), ("2022年6月14号", date(2022, 6, 14), True),
     ("6月底", date(2023, 6, 30), True), ("6月", date(2023, 6, 1), False),
     ("2023.6.14", date(2023, 6, 14), True), ("2023-06-14", date(2023, 6, 14), True),
     ("2月30日", None, True), ("十三月", None, False)],
)
def test_date_of(text: str, expected: date | None, has_day: bool) -> None:
    m = re.fullmatch(g.date_pattern("t"), text)
    assert m is not None
    assert g.date_of(m, "t", date(2023, 11, 30), 2023) == (expected, has_day)
