"""Table tests of organisation matching in questions (knowledge/questions/orgs.py)."""

from __future__ import annotations

import pytest

from knowledge.questions.orgs import find_org, org_aliases, org_level, place_names

ORGS = (
    "县交通运输局", "XX乡", "XX街道", "县住建局", "XX镇", "XX县自然资源局", "XX市XX区城镇燃气", "区城镇燃气",
    "*镇", "某镇",
)  # fmt: skip

# text, expected (written text, candidates, generic) or None
CASES: list[tuple[str, tuple[str, tuple[str, ...], bool] | None]] = [
    ("县住建局建筑施工隐患有多少条", ("县住建局", ("县住建局",), False)),
    ("住建局发现多少隐患", ("住建局", ("县住建局",), False)),
    ("交通局今年整改了多少", ("交通局", ("县交通运输局",), False)),
    ("县交通局一共查了多少辆次车", ("县交通局", ("县交通运输局",), False)),
    ("XX镇发现隐患多少条", ("XX镇", ("XX镇",), False)),
    ("xx镇发现隐患多少条", ("xx镇", ("XX镇",), False)),
    ("某镇上半年累计排查出多少条隐患", ("某镇", ("某镇",), False)),
    ("XX街道辖区里有多少家小微企业", ("XX街道", ("XX街道",), False)),
    # a known name written in full is that organisation (its near-duplicate twin is added where figures are looked up)
    ("区城镇燃气一共排查了多少户", ("区城镇燃气", ("区城镇燃气",), False)),
    ("县自然资源局检查了多少家企业", ("县自然资源局", ("XX县自然资源局",), False)),
    ("自然资源局检查了多少家企业", ("自然资源局", ("XX县自然资源局",), False)),
    ("区里燃气领域办了多少起案件", ("区里", ("XX市XX区城镇燃气", "区城镇燃气"), True)),
    ("县里水上交通检验了多少艘船舶", ("县里", ("XX县自然资源局", "县交通运输局", "县住建局"), True)),
    ("镇里一共检查了多少处有限空间", ("镇里", ("*镇", "XX镇", "某镇"), True)),
    ("街道易燃易爆企业专项检查查了几家", ("街道", ("XX街道",), True)),
    ("张家镇今年发现多少隐患", ("张家镇", (), False)),
    ("全县今年发现多少隐患", None),
    ("城镇燃气隐患有多少", None),
    ("加油站、加气站一共查了多少家", None),
    ("今年各乡镇发现多少隐患", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_find_org(text: str, expected: tuple[str, tuple[str, ...], bool] | None) -> None:
    mention = find_org(text, ORGS)
    if expected is None:
        assert mention is None
        return
    assert mention is not None
    written, candidates, generic = expected
    assert (mention.text, mention.candidates, mention.generic) == (written, candidates, generic)
    assert text[mention.span[0]:mention.span[1]] == written


@pytest.mark.parametrize(
    ("name", "level"),
    [("XX街道", "街道"), ("XX镇", "镇"), ("XX乡", "乡"), ("县住建局", "县"), ("XX市XX区城镇燃气", "区"),
     ("XX县自然资源局", "县"), ("某矿山班组", None)],
)  # fmt: skip
def test_org_level(name: str, level: str | None) -> None:
    assert org_level(name) == level


def test_aliases_of_an_agency_include_its_usual_abbreviation() -> None:
    assert {"县交通运输局", "交通运输局", "交通局", "县交通局"} <= org_aliases("县交通运输局")
    assert "城镇燃气" not in org_aliases("XX市XX区城镇燃气")  # a domain word, not a name


def test_mention_name_is_the_single_candidate_or_the_words_written() -> None:
    single = find_org("交通局今年整改了多少", ORGS)
    several = find_org("镇里还有几个隐患没整改", ORGS)
    assert single is not None and single.name == "县交通运输局"
    assert several is not None and several.name == "镇里"


NAMED_ORGS = (
    "青山县应急管理局", "平山县住房和城乡建设局", "江北区消防救援大队", "柳溪镇人民政府", "安源燃气有限公司",
    "云岭县市场监督管理局", "县住建局", "芩江化工园区管理委员会",
)  # fmt: skip

NAMED_CASES: list[tuple[str, tuple[str, tuple[str, ...]] | None]] = [
    ("青山县应急局一季度罚了多少钱", ("青山县应急局", ("青山县应急管理局",))),
    ("应急局一季度罚了多少钱", ("应急局", ("青山县应急管理局",))),
    ("平山县住建局上半年罚了多少钱", ("平山县住建局", ("平山县住房和城乡建设局",))),
    ("住建局上半年罚了多少钱", ("住建局", ("县住建局", "平山县住房和城乡建设局"))),
    ("江北区消防大队接了多少起警情", ("江北区消防大队", ("江北区消防救援大队",))),
    ("消防大队出动了多少辆次", ("消防大队", ("江北区消防救援大队",))),
    ("柳溪镇去年死了几个人", ("柳溪镇", ("柳溪镇人民政府",))),
    ("燃气公司去年巡线巡了多少公里", ("燃气公司", ("安源燃气有限公司",))),
    ("安源燃气去年换了多少根波纹管", ("安源燃气", ("安源燃气有限公司",))),
    ("云岭县市监局去年发现多少隐患", ("云岭县市监局", ("云岭县市场监督管理局",))),
    ("青山县一季度死了几个人", ("青山县", ("青山县应急管理局",))),  # the place the agency is named after
    ("江北区一季度发生了几起火灾", ("江北区", ("江北区消防救援大队",))),
    ("青山县住建局罚了多少钱", ("青山县住建局", ())),  # another agency of that place: unknown
    ("平山县应急局罚了多少钱", ("平山县应急局", ())),
    ("平山应急局罚了多少钱", ("平山应急局", ())),  # the place shortened
    ("安源那边去年换了多少根波纹管", ("安源", ("安源燃气有限公司",))),  # a firm by its own name
    # a park by the place it is named after, with or without its kind of zone
    ("芩江二级重大危险源企业几家", ("芩江", ("芩江化工园区管理委员会",))),
    ("芩江化工园区桌面推演开展了多少次", ("芩江化工园区", ("芩江化工园区管理委员会",))),
]


@pytest.mark.parametrize(("text", "expected"), NAMED_CASES, ids=[c[0][:12] for c in NAMED_CASES])
def test_find_org_by_short_form_or_place(text: str, expected: tuple[str, tuple[str, ...]] | None) -> None:
    mention = find_org(text, NAMED_ORGS)
    assert mention is not None
    assert (mention.text, mention.candidates) == expected


@pytest.mark.parametrize(
    ("name", "included", "excluded"),
    [("平山县住房和城乡建设局", {"平山县住建局", "县住建局", "住建局"}, {"平山局", "住房局"}),
     ("柳溪镇人民政府", {"柳溪镇", "柳溪镇政府"}, {"人民政府", "政府"}),
     ("安源燃气有限公司", {"安源燃气", "安源燃气公司", "燃气公司", "安源", "安源公司"}, {"公司", "有限公司"}),
     ("平山县城市管理局", {"平山县城管局", "城管局"}, {"管理局", "市管理局"}),
     ("XX镇人民政府", {"XX镇"}, {"XX镇政府", "镇政府"})],
)  # fmt: skip
def test_org_aliases(name: str, included: set[str], excluded: set[str]) -> None:
    aliases = org_aliases(name)
    assert included <= aliases and not excluded & aliases


@pytest.mark.parametrize(
    ("name", "places"),
    [("青山县应急管理局", ("青山县",)), ("江北区消防救援大队", ("江北区",)), ("A市B区应急管理局", ("A市B区", "B区")),
     ("XX县自然资源局", ()), ("区城镇燃气", ()), ("安源燃气有限公司", ())],
)  # fmt: skip
def test_place_names(name: str, places: tuple[str, ...]) -> None:
    assert place_names(name) == places
