"""Table tests of what the words around a figure say (knowledge/facts/text.py)."""

from __future__ import annotations

import pytest

from knowledge.facts.text import (
    bare_lead,
    clause_parts,
    grades_in,
    hazard_status,
    is_change,
    is_plan,
    own_words,
)

# sentence, the figure as written (first occurrence), expected (clause, list item, words before)
CLAUSES = [
    ("共检查生产经营单位1,286家次，排查一般隐患2347项、重大隐患12项，已整改一般隐患2105项。", "12项",
     ("排查一般隐患2347项、重大隐患12项", "重大隐患12项", "重大隐患")),
    ("截至目前，已整改隐患2870条，17条重大事故隐患已全部整改销号。", "17条",
     ("17条重大事故隐患已全部整改销号", "17条重大事故隐患已全部整改销号", "")),
    ("培训4期，培训1360人次（含“三类人员”）。", "1360",
     ("培训1360人次", "培训1360人次", "培训")),
    # a 、 that lists who or what, not figures, does not cut the list item
    ("组织培训六场次，培训企业负责人、安全管理人员和网格员四百二十人次。", "四百二十",
     ("培训企业负责人、安全管理人员和网格员四百二十人次", "培训企业负责人、安全管理人员和网格员四百二十人次",
      "培训企业负责人、安全管理人员和网格员")),
    ("共检查商铺、农家乐等场所105处，发现隐患47处。", "105",
     ("共检查商铺、农家乐等场所105处", "共检查商铺、农家乐等场所105处", "共检查商铺、农家乐等场所")),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "figure", "expected"), CLAUSES, ids=[c[1] for c in CLAUSES])
def test_clause_parts(sentence: str, figure: str, expected: tuple[str, str, str]) -> None:
    assert clause_parts(sentence, sentence.index(figure)) == expected


# list item, clause, metric, implied, expected status
STATUSES = [
    ("已整改隐患2870条", "已整改隐患2870条", "", False, "fixed"),
    ("17条重大事故隐患已全部整改销号", "17条重大事故隐患已全部整改销号", "重大隐患数", False, "fixed"),
    ("重大隐患已整改10项", "重大隐患已整改10项", "重大隐患数", False, "fixed"),  # the metric name is wrong
    ("督促整改3985处", "督促整改3985处", "剩余未整改隐患数", False, "fixed"),
    ("其余13条已落实整改责任人和整改时限", "其余13条已落实整改责任人和整改时限", "", False, "open"),
    ("剩余462条隐患正在督促整改中", "剩余462条隐患正在督促整改中", "", False, "open"),
    ("余1处", "余1处", "", False, "open"),
    ("对拒不整改的511户", "对拒不整改的511户", "整改户数", False, "open"),
    ("重大隐患12项", "排查一般隐患2347项、重大隐患12项", "重大隐患数", False, "found"),  # the clause's verb
    ("发现问题隐患214条", "发现问题隐患214条", "已整改隐患数", True, "fixed"),  # "全部完成整改": implied
    ("下发隐患整改通知书428份", "下发隐患整改通知书428份", "", False, "found"),  # a notice, not a fix
    ("其中重大事故隐患2条", "其中重大事故隐患2条", "", False, "found"),
    ("逾期未整改5条", "逾期未整改5条", "", False, "open"),
    ("超期3条", "超期3条", "", False, "overdue"),
]  # fmt: skip


@pytest.mark.parametrize(("fine", "clause", "metric", "implied", "expected"), STATUSES, ids=[s[0] for s in STATUSES])
def test_hazard_status(fine: str, clause: str, metric: str, implied: bool, expected: str) -> None:
    assert hazard_status(fine, clause, metric, implied=implied) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("重大隐患已整改10项", {"重大"}), ("排查一般隐患2347项", {"一般"}), ("未发生较大及以上生产安全事故", {"较大"}),
     ("发生较大火灾1起", {"较大"}), ("一般来说检查了12家", set()), ("特别重大事故0起", {"特别重大"}),
     ("发现隐患685条", set())],
)  # fmt: skip
def test_grades_in(text: str, expected: set[str]) -> None:
    assert grades_in(text) == expected


@pytest.mark.parametrize(
    ("lead", "fine", "expected"),
    [("死亡人数减少", "死亡人数减少1人", True), ("同比分别下降", "同比分别下降25%", True), ("死亡", "死亡1人", False),
     ("火灾起数下降", "火灾起数下降8.6%", True), ("新增电动自行车充电桩", "新增电动自行车充电桩420个", False)],
)  # fmt: skip
def test_is_change(lead: str, fine: str, expected: bool) -> None:
    assert is_change(lead, fine) is expected


@pytest.mark.parametrize(
    ("fine", "clause", "expected"),
    [("计划入户安检居民用户68420户", "计划入户安检居民用户68420户", True),
     ("计划二季度组织应急演练15场次", "计划二季度组织应急演练15场次", True),
     ("86家生产经营单位签订了安全生产目标责任书", "86家生产经营单位签订了安全生产目标责任书", False),
     ("组织模拟演练3次", "组织模拟演练3次", False), ("组织开展宣传活动不少于10场", "不少于10场", True),
     ("实际完成入户安检61385户", "实际完成入户安检61385户", False)],
)  # fmt: skip
def test_is_plan(fine: str, clause: str, expected: bool) -> None:
    assert is_plan(fine, clause) is expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [("其余", True), ("已整改", True), ("对拒不整改的", True), ("共治理完成", True), ("", True), ("剩余", True),
     ("排查危大工程", False), ("其中未戴安全头盔", False), ("检查社会单位", False)],
)  # fmt: skip
def test_bare_lead(lead: str, expected: bool) -> None:
    assert bare_lead(lead) is expected


# sentence, the figure as written (first occurrence), the words about it
OWN_WORDS = [
    ("查处违法行为637起，其中超限超载214起、非法营运（“黑车”）58起；累计罚款196万元。", "196",
     "查处违法行为637起，累计罚款196万元。"),
    ("查处违法行为637起，其中超限超载214起、非法营运（“黑车”）58起；累计罚款196万元。", "214",
     "查处违法行为637起，其中超限超载214起、非法营运（“黑车”）58起；累计罚款196万元。"),
    ("构成重大危险源的企业19家、重大危险源31个（一级3个、二级7个）。", "19", "构成重大危险源的企业19家、重大危险源31个。"),
    ("构成重大危险源的企业19家、重大危险源31个（一级3个、二级7个）。", "7个",
     "构成重大危险源的企业19家、重大危险源31个（一级3个、二级7个）。"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "figure", "expected"), OWN_WORDS, ids=[f"{i}-{c[1]}" for i, c in enumerate(OWN_WORDS)])
def test_own_words_leave_out_other_figures_parts(sentence: str, figure: str, expected: str) -> None:
    assert own_words(sentence, sentence.index(figure)) == expected
