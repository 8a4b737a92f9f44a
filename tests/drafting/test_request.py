"""Drafting requests read as section, organisation, domains and period (pure, plain tables)."""

from __future__ import annotations

from datetime import date

import pytest

from drafting.request import SECTION_CHOICES, is_brief_request, is_draft_request, parse_draft_request
from knowledge.errors import InputError

TODAY = date(2023, 11, 30)
ORGS = ("县交通运输局", "XX乡", "XX街道", "县住建局", "XX镇", "区城镇燃气")

PARSE_TABLE = [
    # request, section, org, domains, (start, end), paragraph
    ("起草上半年燃气安全工作开展情况", "工作开展情况", None, ("燃气",), ("2023-01-01", "2023-06-30"), False),
    ("写一段本季度隐患排查治理情况", "工作开展情况", None, (), ("2023-10-01", "2023-11-30"), True),
    ("帮我写存在的问题", "存在的问题", None, (), ("2023-01-01", "2023-11-30"), False),
    ("生成XX镇2023年上半年安全生产工作总结", "全文", "XX镇", (), ("2023-01-01", "2023-06-30"), False),
    ("给住建局起草第三季度消防和危化品工作情况", "工作开展情况", "县住建局", ("消防", "危化品"),
     ("2023-07-01", "2023-09-30"), False),
    ("草拟交通局下一步工作计划", "下一步工作计划", "县交通运输局", (), ("2023-01-01", "2023-11-30"), False),
    ("写一段1-6月份存在问题", "存在的问题", None, (), ("2023-01-01", "2023-06-30"), True),
    ("生成张家镇安全生产工作总结", "全文", "张家镇", (), ("2023-01-01", "2023-11-30"), False),
]


@pytest.mark.parametrize(("text", "section", "org", "domains", "dates", "paragraph"), PARSE_TABLE)
def test_parse(text: str, section: str, org: str | None, domains: tuple[str, ...], dates: tuple[str, str],
               paragraph: bool) -> None:  # fmt: skip
    request = parse_draft_request(text, TODAY, orgs=ORGS)
    assert request.section == section
    assert request.org == org
    assert request.domains == domains
    assert (request.period.start.isoformat(), request.period.end.isoformat()) == dates
    assert request.paragraph is paragraph


def test_unknown_org_keeps_its_name_but_no_candidates() -> None:
    request = parse_draft_request("生成张家镇安全生产工作总结", TODAY, orgs=ORGS)
    assert request.org_candidates == ()


def test_open_choices_and_explicit_arguments() -> None:
    request = parse_draft_request("帮我起草一份材料", TODAY, orgs=ORGS)
    assert request.open_choices == ("period", "org", "domain", "section")
    assert request.section == "全文"  # the default, and said to be open
    chosen = parse_draft_request("帮我起草一份材料", TODAY, orgs=ORGS, section="存在的问题", domain="燃气",
                                 period="本季度", org="住建局")  # fmt: skip
    assert (chosen.section, chosen.domains, chosen.org, chosen.period.label) == (
        "存在的问题", ("燃气",), "县住建局", "2023年第四季度")
    assert chosen.open_choices == ()
    assert "全文" in SECTION_CHOICES


@pytest.mark.parametrize(("argument", "value"), [("section", "结尾"), ("period", "很久以前")])
def test_bad_arguments_say_what_is_allowed(argument: str, value: str) -> None:
    with pytest.raises(InputError) as error:
        parse_draft_request("起草材料", TODAY, **{argument: value})  # type: ignore[arg-type]
    assert value in error.value.message and "（" in error.value.message


@pytest.mark.parametrize(
    ("text", "draft", "brief"),
    [
        ("起草上半年燃气安全工作开展情况", True, False),
        ("写一段本季度隐患排查治理情况", True, False),
        ("帮我写存在的问题", True, False),
        ("生成XX镇2023年上半年安全生产工作总结", True, False),
        ("给领导的简报", False, True),
        ("出一份本季度简报", False, True),
        ("本季度燃气隐患整改了多少条？", False, False),
        ("存在的问题有哪些？", False, False),
        ("燃气用户不得有哪些行为？", False, False),
    ],
)
def test_draft_and_brief_requests(text: str, draft: bool, brief: bool) -> None:
    assert is_draft_request(text) is draft
    assert is_brief_request(text) is brief
