"""The .docx export reopened with python-docx: page, margins, fonts and sizes of every run, indents,
page-number footers; fonts substituted by installed ones and reported, or kept with official_fonts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafting.export import docx as export
from drafting.export import fonts
from drafting.service import draft
from knowledge.db import Database

TODAY = date(2023, 11, 30)
OFFICIAL = {"title": "方正小标宋简体", "heading1": "黑体", "heading2": "楷体_GB2312", "body": "仿宋_GB2312"}


@pytest.fixture
def report(sqlite_ledger_db: Database) -> object:
    return draft(sqlite_ledger_db, "生成XX镇2023年上半年安全生产工作总结", today=TODAY)


def _east_asia(run: object) -> str | None:
    r_fonts = run._element.rPr.rFonts  # type: ignore[attr-defined]
    return r_fonts.get(qn("w:eastAsia"))


def _role(text: str, index: int) -> str:
    if index == 0:
        return "title"
    if text.startswith(("一、", "二、", "三、")):
        return "heading1"
    if text.startswith("（"):
        return "heading2"
    return "body"


def test_layout_and_fonts_per_gb_t_9704(report: object, tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    notes = report.write_docx(path, official_fonts=True)  # type: ignore[attr-defined]
    assert notes == []
    document = Document(str(path))
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.left_margin,
                section.right_margin, section.bottom_margin]  # fmt: skip
    for value, mm in zip(measured, (210, 297, 37, 28, 26, 35), strict=True):
        assert value is not None and abs(value - Mm(mm)) < Mm(0.1)  # stored in twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in the 225 mm type area
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].text == "XX镇2023年上半年安全生产工作总结"
    for index, paragraph in enumerate(paragraphs):
        role = _role(paragraph.text, index)
        signature = paragraph.text in ("XX镇", "2023年11月30日")
        for run in paragraph.runs:
            assert run.font.bold is False
            assert run.font.size == Pt(22 if role == "title" else 16)
            assert _east_asia(run) == OFFICIAL[role]
            assert run.font.name == OFFICIAL[role]
        if role == "body" and not signature:
            assert paragraph.paragraph_format.first_line_indent == Pt(32)  # two characters
            ind = paragraph._p.pPr.find(qn("w:ind"))
            assert ind.get(qn("w:firstLineChars")) == "200"
            assert paragraph.paragraph_format.line_spacing == Pt(28.95)
    # 28 characters a line: 16 pt condensed to fit the 156 mm width
    body_run = paragraphs[1].runs[0]._element
    spacing = int(body_run.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + spacing / 20) <= 156 / 25.4 * 72


def test_page_numbers_odd_right_even_left(report: object, tmp_path: Path) -> None:
    path = tmp_path / "out.docx"
    report.write_docx(path, official_fonts=True)  # type: ignore[attr-defined]
    document = Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment is not None and paragraph.alignment.name.lower() == alignment
        indent = paragraph.paragraph_format.right_indent if alignment == "right" else paragraph.paragraph_format.left_indent
        assert indent == Pt(16)  # one character in
        for run in paragraph.runs:
            assert run.font.size == Pt(14) and _east_asia(run) == "宋体"


def test_missing_fonts_are_substituted_and_reported(report: object, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    installed = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"})
    monkeypatch.setattr(fonts, "installed_families", lambda: installed)
    path = tmp_path / "sub.docx"
    notes = report.write_docx(path)  # type: ignore[attr-defined]
    assert "正文字体“仿宋_GB2312”未安装，已用“Noto Serif CJK SC”代替" in notes
    assert "一级标题字体“黑体”未安装，已用“Noto Sans CJK SC”代替" in notes
    assert "二级标题字体“楷体_GB2312”未安装，已用“AR PL UKai CN”代替" in notes
    document = Document(str(path))
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert _east_asia(heading.runs[0]) == "Noto Sans CJK SC"


def test_an_installed_official_font_is_used_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"仿宋_GB2312", "SimHei"}))
    chosen, notes = export._fonts_for(official=False)
    assert chosen["body"] == "仿宋_GB2312" and chosen["heading1"] == "SimHei"
    assert any("楷体_GB2312" in n for n in notes)  # none of its stand-ins is installed either


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("XX镇2023年上半年安全生产工作总结", ["XX镇2023年上半年安全生产工作总结"]),
        ("XX街道2023年上半年燃气安全工作开展情况", ["XX街道2023年上半年", "燃气安全工作开展情况"]),
        ("县交通运输局2023年第四季度安全生产工作存在的问题", ["县交通运输局2023年第四季度", "安全生产工作存在的问题"]),
    ],
)
def test_long_titles_break_between_words(title: str, lines: list[str]) -> None:
    assert export.title_lines(title) == lines


def test_a_long_title_gets_a_line_break(sqlite_ledger_db: Database, tmp_path: Path) -> None:
    d = draft(sqlite_ledger_db, "起草上半年燃气安全工作开展情况", today=TODAY, org="XX街道")
    path = tmp_path / "gas.docx"
    d.write_docx(path)
    title = Document(str(path)).paragraphs[0]
    assert title.text == "XX街道2023年上半年\n燃气安全工作开展情况"
