"""knowledge.documents.outline: headings, the domains they name and sections of plans."""

from __future__ import annotations

import pytest

from knowledge.documents.outline import Outline, find_period_exprs


def _outline(lines: list[str]) -> Outline:
    outline = Outline()
    for line in lines:
        outline.new_line()
        outline.see(line, at_line_start=True)
    return outline


@pytest.mark.parametrize(
    ("lines", "domain", "weak_domain", "plans"),
    [
        (["二、重点领域整治", "2.燃气安全。会同住建部门检查"], "燃气", "燃气", False),
        (["一、主要工作", "三是处置抢险。上半年共接报"], None, "防汛减灾", False),  # 抢险 is a weak keyword
        (["三、下一步工作打算", "一是持续深化"], None, None, True),
        (["五、2024年工作计划", "（一）持续深化隐患排查治理。"], None, None, True),
        (["四、2024年工作思路"], None, None, True),
        (["五、下一步工作安排"], None, None, True),
        (["三、下一步工作打算", "一是加强燃气安全"], "燃气", "燃气", True),
        (["一、压紧压实安全生产责任", "（一）健全责任体系。"], None, None, False),
        (["三、下一步工作打算", "四、存在的问题"], None, None, False),  # a heading of the same level closes it
    ],
)
def test_sections(lines: list[str], domain: str | None, weak_domain: str | None, plans: bool) -> None:
    outline = _outline(lines)
    assert outline.domain() == domain
    assert outline.domain(weak=True) == weak_domain
    assert outline.in_plans() is plans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("春运、国庆期间累计发送旅客", ["春运、国庆期间"]),
        ("汛期期间", ["汛期期间"]),
        ("计划二季度组织应急演练", ["二季度"]),
        # a month standing alone as a clause's time is a period; a date is not
        ("5月当月，共检查营运车辆2,047辆次", ["5月"]),
        ("1-5月，全县共查处637起；5月，查处149起", ["1-5月", "5月"]),
        ("6月4日，记者从县交通运输局获悉", []),
    ],
)
def test_find_period_exprs(text: str, expected: list[str]) -> None:
    assert [expr for _, _, expr in find_period_exprs(text)] == expected
