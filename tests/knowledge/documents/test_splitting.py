"""knowledge/documents/splitting.py: compilations into reports, single reports left whole."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

import knowledge
from knowledge.documents.splitting import ReportSection, looks_like_title, split_reports, strip_numbering

SAMPLE = next((Path(knowledge.__file__).parent / "samples" / "reports").glob("*.txt"))
SAMPLE_TITLES = [
    "2023年上半年安全生产工作总结",
    "XX市XX区城镇燃气2023年上半年安全生产工作总结",
    "街道2023年上半年安全生产工作总结",
    "县交通运输2023年度上半年安全生产工作总结",
    "镇2023年安全生产上半年工作总结",
    "2023年上半年某矿山班组安全生产工作总结",
    "镇2023年安全生产上半年工作总结和下半年工作计划",
    "某镇2023上半年安全生产工作总结",
    "区城镇燃气2023年上半年安全生产工作总结",
]
BODY = "按照上级部署，我镇认真开展安全生产大检查，共检查企业12家，发现隐患31处，已整改21处。" * 3


def _assert_spans(text: str, sections: list[ReportSection]) -> None:
    for section in sections:
        assert text[section.start : section.end] == section.text
    assert all(a.end <= b.start for a, b in pairwise(sections))


def test_sample_compilation_splits_into_its_nine_reports() -> None:
    text = SAMPLE.read_text("utf-8")
    sections = split_reports(text)
    assert [s.title for s in sections] == SAMPLE_TITLES
    _assert_spans(text, sections)
    # the cover title and the table of contents are not a report
    assert sections[0].start > text.index("9.区城镇燃气")
    # each section starts with its own title line (the watermark stays in the raw text)
    assert sections[2].text.startswith("街道2023年上半年安全生产工作总结【更 多免费素材")
    assert sections[0].text.endswith("XX县自然资源局\n2023年6月19日")
    assert sections[-1].text.endswith("勒令其停业整顿。")
    assert "汪某刚" in sections[1].text and "宁波奉化" in sections[-1].text


def test_sample_without_its_table_of_contents() -> None:
    text = SAMPLE.read_text("utf-8")
    body = text[text.index("\n\n\n") + 3 :]
    sections = split_reports(body)
    assert [s.title for s in sections] == SAMPLE_TITLES
    _assert_spans(body, sections)


@pytest.mark.parametrize(
    "toc",
    [
        "目 录\n一、甲镇2023年上半年安全生产工作总结\n二、乙街道2023年安全生产工作情况报告\n",
        "目录\n1、甲镇2023年上半年安全生产工作总结……………3\n2、乙街道2023年安全生产工作情况报告……9\n",
        "目录\n甲镇2023年上半年安全生产工作总结\n乙街道2023年安全生产工作情况报告\n",
    ],
)
def test_table_of_contents_with_variant_body_titles(toc: str) -> None:
    text = (
        "安全生产材料汇编\n" + toc + "\n"
        "1.甲镇2023年上半年安全生产工作总结【更多免费素材，微信：abc123】\n" + BODY + "\n\n"
        "乙街道2023年度安全生产工作情况报告\n" + BODY + "\n"
    )
    sections = split_reports(text)
    assert [s.title for s in sections] == [
        "甲镇2023年上半年安全生产工作总结",
        "乙街道2023年度安全生产工作情况报告",  # a small edit against the table of contents
    ]
    _assert_spans(text, sections)
    assert sections[0].text.startswith("1.甲镇")
    assert sections[1].text.endswith(BODY)


def test_chapter_list_of_one_report_is_not_a_compilation() -> None:
    text = (
        "XX县2023年安全生产工作总结\n目录\n一、基本情况\n二、主要做法\n三、存在问题\n\n"
        "一、基本情况\n" + BODY + "\n二、主要做法\n" + BODY + "\n三、存在问题\n" + BODY
    )
    sections = split_reports(text)
    assert len(sections) == 1
    assert sections[0].title == "XX县2023年安全生产工作总结"


@pytest.mark.parametrize(
    ("text", "filename", "title"),
    [
        ("\n\n甲镇2023年安全生产工作总结\n" + BODY + "\n\n", None, "甲镇2023年安全生产工作总结"),
        (BODY + "\n" + BODY, "乙街道汇报材料.docx", "乙街道汇报材料"),
        (BODY, None, "未命名报告"),
        # a year-bearing sub-heading inside one report does not start another report
        (
            "甲镇2023年上半年安全生产工作总结\n" + BODY + "\n2023年下半年工作计划\n" + BODY,
            None,
            "甲镇2023年上半年安全生产工作总结",
        ),
    ],
)
def test_single_report(text: str, filename: str | None, title: str) -> None:
    sections = split_reports(text, filename=filename)
    assert len(sections) == 1
    assert sections[0].title == title
    assert sections[0].text == text.strip("\n")
    _assert_spans(text, sections)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # titles separated by blank lines: two reports
        ("甲镇2023年安全生产工作总结\n" + BODY + "\n\n乙镇2023年安全生产工作总结\n" + BODY, 2),
        # no blank lines, but a dated signature closes the first report
        (
            "甲镇2023年安全生产工作总结\n"
            + BODY
            + "\n甲镇人民政府\n2023年6月19日\n乙镇2023年安全生产工作总结\n"
            + BODY,
            2,
        ),
        # a long preamble before the first title: ambiguous, left whole
        (BODY + "\n\n甲镇2023年安全生产工作总结\n" + BODY + "\n\n乙镇2023年安全生产工作总结\n" + BODY, 1),
        # a title with almost no body is a heading, not a report
        ("甲镇2023年安全生产工作总结\n" + BODY + "\n\n乙镇2023年安全生产工作总结\n短。", 1),
    ],
)
def test_split_without_table_of_contents(text: str, count: int) -> None:
    assert len(split_reports(text)) == count


def test_empty_text() -> None:
    assert split_reports("\n  \n") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1.2023年上半年安全生产工作总结", "2023年上半年安全生产工作总结"),
        ("1、标题", "标题"),
        ("一、标题", "标题"),
        ("（一）标题", "标题"),
        ("12. 标题", "标题"),
        ("2023年上半年安全生产工作总结", "2023年上半年安全生产工作总结"),
        ("一是加强领导", "一是加强领导"),
    ],
)
def test_strip_numbering(line: str, expected: str) -> None:
    assert strip_numbering(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("街道2023年上半年安全生产工作总结", True),
        ("现将工作总结汇报如下：", False),
        ("共检查企业429家。", False),
        ("", False),
        ("长" * 61, False),
    ],
)
def test_looks_like_title(line: str, expected: bool) -> None:
    assert looks_like_title(line) is expected
