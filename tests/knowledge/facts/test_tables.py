"""Plain-text tables (knowledge/facts/tables.py): the header's columns read from the original text, each
cell read as the clause it stands for, its number in its place; and extract_facts using them."""

from __future__ import annotations

from knowledge.documents.cleaning import clean_text
from knowledge.facts.extraction import extract_facts
from knowledge.facts.tables import table_caption, table_cells, table_row_label

ORIGINAL = (
    "各街道（镇）情况如下：\n"
    "排名\u3000单位\u3000\u3000\u3000\u3000检查（家次）\u3000发现隐患（处）\u3000整改率\u3000\u30001-11月累计检查（家次）\n"
    "1\u3000\u3000菱汀街道\u3000\u3000486\u3000\u3000\u3000\u3000812\u3000\u3000\u3000\u300097.3%\u3000\u30005,406\n"
    "2\u3000\u3000芷岗镇\u3000\u3000\u3000470\u3000\u3000\u3000\u3000735\u3000\u3000\u3000\u300076.7%\u3000\u30005,608\n"
    "合计\u3000\u3000\u3000\u3000\u3000\u3000 956\u3000\u3000\u3000 1,547\u3000\u3000\u3000 87.0%\u3000\u3000 11,014\n"
    "\n全区共发生生产安全事故2起。\n"
)


def test_cells_are_read_with_their_row_and_column() -> None:
    text = clean_text(ORIGINAL).text
    assert "排名单位检查" in text  # cleaning drops the gaps: only the original shows the columns
    cells = {c.sentence: text[c.span[0]:c.span[1]] for c in table_cells(text, ORIGINAL)}
    assert cells["芷岗镇发现隐患735处"] == "735"
    assert cells["菱汀街道整改率97.3%"] == "97.3%"
    assert cells["合计1-11月累计检查11,014家次"] == "11,014"
    assert not any(s.startswith(("1", "2")) for s in cells)  # the rank is no figure


def test_extraction_reads_table_cells_and_keeps_prose() -> None:
    text = clean_text(ORIGINAL).text
    facts = extract_facts(text, original=ORIGINAL)
    cell = next(f for f in facts if f.sentence == "芷岗镇1-11月累计检查5,608家次")
    assert (cell.value, cell.unit, cell.period_expr) == (5608, "家次", "1-11月")
    assert text[cell.value_span[0]:cell.value_span[1]] == "5,608"  # the number keeps its place in the text
    assert cell.value_span[0] - cell.sentence_span[0] == cell.sentence.index("5,608")
    assert any(f.sentence == "全区共发生生产安全事故2起。" and f.value == 2 for f in facts)
    # without the original the rows are not read as run-on numbers of one clause
    assert not any("芷岗镇470" in f.metric for f in extract_facts(text, original=ORIGINAL))


def test_a_table_whose_header_names_too_few_columns_gives_no_cells() -> None:
    original = "单位\u3000检查（家）\n城关街道\u3000386\u3000903\n桐湾镇\u3000214\u3000497\n"
    assert table_cells(clean_text(original).text, original) == []


def test_a_table_read_from_a_docx_is_split_at_its_tabs() -> None:
    original = "单位\t检查单位（家）\t发现隐患（处）\t已整改（处）\n城关街道\t386\t903\t851\n桐湾镇\t214\t497\t462\n"
    text = clean_text(original).text
    cells = {c.sentence for c in table_cells(text, original)}
    assert {"桐湾镇检查单位214家", "桐湾镇发现隐患497处", "桐湾镇已整改隐患462处"} <= cells  # 已整改 counts 隐患


def test_a_cell_knows_its_row_and_its_tables_caption() -> None:
    text = clean_text(ORIGINAL).text
    at = text.index("735")
    assert table_row_label(text, at) == "芷岗镇"
    assert table_row_label(text, text.index("11,014")) == "合计"
    assert table_caption(text, at).startswith("各街道（镇）情况如下： 排名单位检查")
    prose = text.index("全区共发生")
    assert (table_row_label(text, prose), table_caption(text, prose)) == ("", "")
