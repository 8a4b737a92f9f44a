"""Number verification: reading figures, normalising them, and flagging/removing the unknown ones."""

from __future__ import annotations

import pytest

from drafting.number_check import Figure, check_numbers, figures_in

# --- reading ---------------------------------------------------------------------------------------

FIGURE_TABLE = [
    # text, [(kind, value, unit)]
    ("罚款34.467万元", [("quantity", 344670.0, "元")]),
    ("共处罚款344670元", [("quantity", 344670.0, "元")]),
    ("发放宣传资料4万余份", [("quantity", 40000.0, "份")]),
    ("共检查企业四百二十九家", [("quantity", 429.0, "家")]),
    ("整改率达到100%", [("quantity", 100.0, "%")]),
    ("同比下降百分之十二点五", [("quantity", 12.5, "%")]),
    ("整改率百分之百", [("quantity", 100.0, "%")]),
    ("同比上升3个百分点", [("quantity", 3.0, "个百分点")]),
    ("检查车辆1810辆（次）", [("quantity", 1810.0, "辆次")]),
    ("依照第二十一条", [("article", 21.0, "条")]),
    ("依照第21条第二款", [("article", 21.0, "条"), ("article", 2.0, "款")]),
    ("2023年6月14日组织宣传", [("date", 14.0, "")]),
    ("2023年上半年", [("date", 2023.0, "")]),
    ("2023上半年安全生产工作", [("date", 2023.0, "")]),
    ("二〇二三年六月十四日", [("date", 14.0, "")]),
    ("6月份开展安全生产月", [("date", 6.0, "")]),
    ("编号为7788的文件", [("number", 7788.0, "")]),
    # not figures: placeholders, ordinals, slogans, list markers, citations, flags
    ("共排查XX家企业", []),
    ("第一批名单", []),
    ("落实“三个必须”要求", []),
    ("1. 加强检查\n2. 落实整改", []),
    ("加强排查；（3）有限空间排查", []),
    ("〔XX街道2023年上半年安全生产工作总结 · 二、持续开展安全生产检查〕", []),
    ("【待核实：50万元】", []),
]


@pytest.mark.parametrize(("text", "expected"), FIGURE_TABLE)
def test_figures_in(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(f.kind, f.value, f.unit) for f in figures_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2023年6月14日", (2023, 6, 14)),
        ("2023-06-14", (2023, 6, 14)),
        ("2023年度", (2023, None, None)),
        ("6月14日", (None, 6, 14)),
        ("十二月三十一日", (None, 12, 31)),
        ("二〇二三年六月十四日", (2023, 6, 14)),
    ],
)
def test_date_parts(text: str, date: tuple[int | None, int | None, int | None]) -> None:
    (fig,) = figures_in(text)
    assert fig.kind == "date"
    assert fig.date == date


def test_spans_index_the_given_text() -> None:
    text = "今年共检查企业４２９家，罚款34.467万元。"
    assert [text[slice(*f.span)] for f in figures_in(text)] == ["４２９家", "34.467万元"]


# --- checking --------------------------------------------------------------------------------------

PASSAGE = (
    "2023年6月14日我局组织宣传活动，发放宣传资料4万余份。共检查企业四百二十九家，罚款34.467万元，"
    "整改率100%。依据《城镇燃气管理条例》第二十一条开展检查。"
)

CHECK_TABLE = [
    # generated, allowed?  (every figure here is a restatement of one in PASSAGE)
    ("罚款344670元", True),
    ("罚款34.467万元", True),
    ("发放宣传资料40000份", True),
    ("发放4万份资料", True),
    ("检查企业429家", True),
    ("检查企业429个", True),  # the generic classifier restates a count
    ("整改率百分之百", True),
    ("依据第21条", True),
    ("2023年开展", True),
    ("6月14日开展", True),
    ("2023年6月开展", True),
    ("检查企业四百余家", True),  # a rounded restatement of 429
    ("检查企业约430家", True),
    ("检查企业近430家", True),
    ("检查企业500余家", False),
    ("检查企业近400家", False),
    ("罚款约34万元", True),
    ("罚款约34.5万元", True),
    ("罚款约36万元", False),
    ("罚款50万元", False),
    ("检查企业430家", False),
    ("罚款429元", False),  # right number, wrong measure
    ("整改率99%", False),
    ("依据第二十二条", False),
    ("2022年开展", False),
    ("6月15日开展", False),
    ("共发现隐患7788处", False),
    ("编号7788", False),
]


@pytest.mark.parametrize(("generated", "ok"), CHECK_TABLE)
def test_check_against_passage_text(generated: str, ok: bool) -> None:
    result = check_numbers(generated, [PASSAGE])
    assert result.ok is ok
    assert (result.unknown == []) is ok


def test_check_against_fact_figures() -> None:
    facts = [Figure(344670, "元"), Figure(429, "家")]
    assert check_numbers("罚款34.467万元，检查429家", facts).ok
    result = check_numbers("罚款34.467万元，检查430家", facts)
    assert [f.raw for f in result.unknown] == ["430家"]


def test_flagged_and_removed_text() -> None:
    generated = "共检查企业429家〔出处甲〕。罚款50万元〔出处甲〕。2024年将继续开展。"
    result = check_numbers(generated, [PASSAGE])
    assert not result.ok
    assert [f.raw for f in result.unknown] == ["50万元", "2024年"]
    assert result.text_flagged == (
        "共检查企业429家〔出处甲〕。罚款【待核实：50万元】〔出处甲〕。【待核实：2024年】将继续开展。"
    )
    assert result.text_removed == "共检查企业429家〔出处甲〕。"


def test_sentence_removal_takes_the_citation_after_it() -> None:
    generated = "罚款50万元。〔出处甲〕检查企业429家。"
    result = check_numbers(generated, [PASSAGE])
    assert result.text_removed == "检查企业429家。"


def test_clean_text_comes_back_unchanged() -> None:
    generated = "检查企业429家，罚款34.467万元〔出处〕。"
    result = check_numbers(generated, [PASSAGE])
    assert result.ok
    assert result.text_flagged == result.text_removed == generated


def test_every_text_is_consistent_with_itself() -> None:
    texts = [PASSAGE, "1-6月共检查3次，2023年度第二季度发现隐患152处，占比12.5%。", "S215省道，编号dadawk01"]
    for text in texts:
        assert check_numbers(text, [text]).ok, text


def test_figure_label() -> None:
    assert Figure(344670.0, "元").label() == "344670元"
    assert Figure(12.5, "%").label() == "12.5%"


# --- drafts: figures checked against a fact sheet ---------------------------------------------------

SHEET = [Figure(6534, "处"), Figure(6534, "个"), Figure(344670, "元"), Figure(69.8, "%"), Figure(3.2, "个百分点"),
         Figure(14.0, "", kind="date", date=(2023, 3, 14))]  # fmt: skip

SHEET_TABLE = [
    ("发现隐患6534处", True),
    ("发现隐患六千五百三十四个", True),  # a correct paraphrase in Chinese numerals
    ("发现隐患0.6534万处", True),
    ("发现隐患6543处", False),  # one altered digit
    ("发现隐患6535处", False),
    ("发现隐患6534万处", False),  # a changed 万 scale
    ("罚款34.467万元", True),
    ("罚款344.67万元", False),
    ("罚款3.4467亿元", False),
    ("整改率69.8%", True),
    ("整改率百分之六十九点八", True),
    ("整改率70%", False),  # a rounded percentage that differs
    ("整改率约70%", False),
    ("整改率69.9%", False),
    ("整改率上升3.2个百分点", True),
    ("整改率上升3.19个百分点", False),  # more precision than stated
    ("整改期限为3月14日", True),
    ("整改期限为3月15日", False),
    ("2024年3月14日前完成", False),
]


@pytest.mark.parametrize(("generated", "ok"), SHEET_TABLE)
def test_check_against_a_fact_sheet(generated: str, ok: bool) -> None:
    assert check_numbers(generated, SHEET).ok is ok


def test_a_rate_stated_with_more_decimals_may_be_written_to_one() -> None:
    assert check_numbers("整改率69.8%", [Figure(69.77, "%")]).ok
    assert not check_numbers("整改率69.7%", [Figure(69.77, "%")]).ok
