"""Chinese phrasing of figures (knowledge/questions/format.py)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.questions.format import (
    amount,
    breakdown_phrase,
    code_list,
    filters_phrase,
    plain_number,
    until_period,
)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (18, "条", "", "18条"),
        (18.0, "条", "", "18条"),
        (20.509, "公里", "", "20.509公里"),
        (66.4, "%", "", "66.4%"),
        (344670, "元", "", "344670元（34.467万元）"),
        (4949.14, "元", "", "4949.14元"),
        (40000, "份", "余", "40000余份"),
        (70.68, "吨", "约", "约70.68吨"),
    ],
)
def test_amount(value: float, unit: str, qualifier: str, expected: str) -> None:
    assert amount(value, unit, qualifier=qualifier) == expected


def test_plain_number_drops_trailing_zeros() -> None:
    assert (plain_number(63.6800), plain_number(100.0), plain_number(0.5)) == ("63.68", "100", "0.5")


def test_phrases() -> None:
    assert filters_phrase({"metric": "发现隐患数", "domain": "消防", "org": "县住建局"}) == "领域：消防；单位：县住建局"
    assert breakdown_phrase({"燃气": 132, "消防": 113}, "条") == "燃气 132条、消防 113条"
    assert code_list(("A", "B")) == "A、B"
    assert code_list(tuple(f"Y{i}" for i in range(12)), limit=2) == "Y0、Y1 等12条"
    period = until_period(date(2023, 1, 3), date(2023, 11, 30))
    assert period.describe() == "截至2023年11月30日（1月3日至11月30日）"
