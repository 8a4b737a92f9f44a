"""A draft as a .docx in the layout of Chinese official documents (GB/T 9704-2012).

A4; margins top 37 mm (天头), left 28 mm (订口), right 26 mm and bottom 35 mm, so the type area is
156 × 225 mm; a grid of 22 lines of 28 characters; title 2号 (22 pt) 小标宋, centred; body 3号 (16 pt)
仿宋_GB2312 with a first-line indent of two characters; 一、 headings 黑体, （一） headings 楷体, 1. and
（1） 仿宋; nothing bold. Page numbers 4号 (14 pt) 半角宋体 as "— 1 —", odd pages on the right and even
pages on the left, one character in. python-docx does not set the East Asian font of a run
(`w:eastAsia`), so every run gets all four font slots; the footer's PAGE field is raw XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafting.document import Block
from drafting.export import fonts

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.section import Section
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_DISTANCE_MM = 22  # the page number's dash sits about 7 mm below the type area
LINES, CHARS = 22, 28
TITLE_PT, BODY_PT, PAGE_NUMBER_PT = 22, 16, 14
TYPE_AREA_HEIGHT_PT = (PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 72
TYPE_AREA_WIDTH_PT = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
LINE_PITCH_TWIPS = int(TYPE_AREA_HEIGHT_PT / LINES * 20)  # 579: 22 lines fill the 225 mm
# 28 characters of 16 pt need 448 pt, the type area is 442 pt wide: body runs are condensed by a quarter
# point (w:spacing, in twentieths of a point). A character grid (w:docGrid linesAndChars) would do the
# same in Word, but LibreOffice then gives each 16 pt character two cells (14 per line).
CONDENSE_TWIPS = -5
assert CHARS * (BODY_PT + CONDENSE_TWIPS / 20) <= TYPE_AREA_WIDTH_PT
TITLE_LINE_PT = 36
SIGNATURE_RIGHT_CHARS = 4  # 成文日期右空四字

_ROLE_FONTS = {
    "title": fonts.TITLE_FONT, "heading1": fonts.HEADING1_FONT, "heading2": fonts.HEADING2_FONT,
    "heading3": fonts.BODY_FONT, "body": fonts.BODY_FONT, "signature": fonts.BODY_FONT,
    "page": fonts.PAGE_NUMBER_FONT,
}  # fmt: skip
_ROLE_NAMES = {"title": "标题", "heading1": "一级标题", "heading2": "二级标题", "heading3": "三级标题",
               "body": "正文", "signature": "落款", "page": "页码"}  # fmt: skip


def _fonts_for(official: bool) -> tuple[dict[str, str], list[str]]:
    """Font per role, and the substitutions made (none when the official names are kept)."""
    if official:
        return dict(_ROLE_FONTS), []
    installed = fonts.installed_families()
    chosen, notes = {}, []
    for role, name in _ROLE_FONTS.items():
        chosen[role] = fonts.resolve_font(name, installed)
        if chosen[role] != name:
            notes.append(f"{_ROLE_NAMES[role]}字体“{name}”未安装，已用“{chosen[role]}”代替")
        elif name not in installed:
            notes.append(f"{_ROLE_NAMES[role]}字体“{name}”未安装，也未找到同类字体，保留原字体名")
    return chosen, list(dict.fromkeys(notes))


def _set_run(run: Run, font: str, size_pt: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    if size_pt == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        run._element.get_or_add_rPr().append(spacing)
    run.font.bold = False
    run.font.name = font
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), font)
    r_fonts.set(qn("w:hint"), "eastAsia")


def _exact_lines(paragraph: Paragraph, line_pt: float) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _indent_chars(paragraph: Paragraph, *, first: float = 0, right: float = 0) -> None:
    """Indents in characters (w:firstLineChars / w:rightChars, in 1/100 character) with the same in points."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    if first:
        fmt.first_line_indent = Pt(first * BODY_PT)
    if right:
        fmt.right_indent = Pt(right * BODY_PT)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        if first:
            ind.set(qn("w:firstLineChars"), str(int(first * 100)))
        if right:
            ind.set(qn("w:rightChars"), str(int(right * 100)))


def _width_chars(text: str) -> float:
    """Width in characters: ASCII (half-width) counts a little over half."""
    return sum(0.6 if ord(c) < 128 else 1.0 for c in text)


TITLE_CAPACITY = TYPE_AREA_WIDTH_PT / TITLE_PT - 1  # 20 characters of 2号, less a margin for proportional digits
_TITLE_BREAK_AFTER = "年度来月季镇乡道局"  # a line may end after a period or an organisation …
_TITLE_NO_BREAK_BEFORE = "度上下第以来初底末季半"  # … but not inside one ("2023年|上半年", "第四季|度")


def title_lines(title: str) -> list[str]:
    """The title in lines that keep words whole and look balanced ("XX街道2023年上半年" / "燃气安全工作开展情况")."""
    if _width_chars(title) <= TITLE_CAPACITY:
        return [title]
    best: tuple[float, int] | None = None
    for i in range(1, len(title)):
        if title[i - 1] not in _TITLE_BREAK_AFTER or title[i].isdigit() or title[i] in _TITLE_NO_BREAK_BEFORE:
            continue
        widths = (_width_chars(title[:i]), _width_chars(title[i:]))
        if max(widths) <= TITLE_CAPACITY and (best is None or max(widths) < best[0]):
            best = (max(widths), i)
    return [title[: best[1]], title[best[1]:]] if best else [title]


def _page_setup(document: DocumentObject) -> Section:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        from docx.oxml import OxmlElement

        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    return section


def _normal_style(document: DocumentObject, font: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    style.font.name = font
    r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), font)
    lang = style.element.get_or_add_rPr().find(qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        style.element.get_or_add_rPr().append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _field_run(paragraph: Paragraph, font: str, kind: str, instruction: str = "") -> None:
    """One run of a complex field: a w:fldChar (begin / separate / end) or its w:instrText."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    _set_run(run, font, PAGE_NUMBER_PT)
    if instruction:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
    else:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
    run._element.append(element)


def _page_number(paragraph: Paragraph, font: str, *, odd: bool) -> None:
    """"— N —" (PAGE field), odd pages right and even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if odd:
        fmt.right_indent = Pt(BODY_PT)
    else:
        fmt.left_indent = Pt(BODY_PT)
    _set_run(paragraph.add_run("— "), font, PAGE_NUMBER_PT)
    _field_run(paragraph, font, "begin")
    _field_run(paragraph, font, "instr", " PAGE ")
    _field_run(paragraph, font, "separate")
    _set_run(paragraph.add_run("1"), font, PAGE_NUMBER_PT)  # shown until the field is updated
    _field_run(paragraph, font, "end")
    _set_run(paragraph.add_run(" —"), font, PAGE_NUMBER_PT)


def _footers(document: DocumentObject, section: Section, font: str) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], font, odd=True)
    _page_number(section.even_page_footer.paragraphs[0], font, odd=False)


def _add_block(document: DocumentObject, block: Block, chosen: dict[str, str], *, first_signature: bool,
               centring: float) -> None:  # fmt: skip
    """One paragraph; a signature line is right-aligned four characters in, the organisation centred
    over the date (`centring`: the extra right indent, in characters)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    _exact_lines(paragraph, LINE_PITCH_TWIPS / 20)
    text = block.text
    if block.kind == "signature":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(paragraph, right=SIGNATURE_RIGHT_CHARS + centring)
        if first_signature:
            paragraph.paragraph_format.space_before = Pt(2 * LINE_PITCH_TWIPS / 20)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(paragraph, first=2)
    _set_run(paragraph.add_run(text), chosen[block.kind], BODY_PT)


def write_docx(title: str, blocks: Sequence[Block], path: Path, *, official_fonts: bool = False) -> list[str]:
    """Write `title` and `blocks` to `path`; returns the font substitutions made (empty with
    `official_fonts`, which keeps the official names for machines that have them)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    chosen, notes = _fonts_for(official_fonts)
    document = Document()
    section = _page_setup(document)
    _normal_style(document, chosen["body"])
    _footers(document, section, chosen["page"])

    heading = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(heading, TITLE_LINE_PT)
    heading.paragraph_format.space_after = Pt(LINE_PITCH_TWIPS / 20)
    for i, line in enumerate(title_lines(title)):
        run = heading.add_run(line)
        if i:
            run.add_break()
            run._element.remove(run._element[-1])  # the break goes before the text
            run._element.insert(0, run._element.makeelement(qn("w:br"), {}))
        _set_run(run, chosen["title"], TITLE_PT)

    signatures = [b for b in blocks if b.kind == "signature"]
    widest = max((_width_chars(b.text) for b in signatures), default=0.0)
    seen_signature = False
    for block in blocks:
        signature = block.kind == "signature"
        centring = (widest - _width_chars(block.text)) / 2 if signature else 0.0
        _add_block(document, block, chosen, first_signature=signature and not seen_signature, centring=centring)
        seen_signature = seen_signature or signature
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return notes
