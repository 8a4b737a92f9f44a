"""Parsing laws and regulations into articles: every sample file, plus synthetic edge cases."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from knowledge.errors import InputError
from retrieval.regulations import article_text, parse_article_number, parse_regulation

REGULATIONS = Path(str(resources.files("knowledge").joinpath("samples", "regulations")))


def _sources_table() -> list[tuple[str, date, int]]:
    """(file, version date, article count) rows of SOURCES.md's table."""
    rows = []
    for line in (REGULATIONS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith(".md"):
            rows.append((cells[0], date.fromisoformat(cells[4]), int(cells[5])))
    return rows


SOURCES = _sources_table()


def test_sources_table_lists_every_sample() -> None:
    assert len(SOURCES) == 11
    assert sorted(f for f, _, _ in SOURCES) == sorted(
        p.name for p in REGULATIONS.glob("*.md") if p.name != "SOURCES.md"
    )
    assert [n for _, _, n in SOURCES] == [119, 74, 124, 101, 106, 55, 102, 46, 46, 35, 95]


@pytest.mark.parametrize(("filename", "version", "count"), SOURCES, ids=[f for f, _, _ in SOURCES])
def test_sample_regulation_parses(filename: str, version: date, count: int) -> None:
    text = (REGULATIONS / filename).read_text(encoding="utf-8")
    reg = parse_regulation(text)
    assert reg.title == filename.removesuffix(".md")
    assert reg.version_date == version
    assert len(reg.articles) == count
    assert [a.number for a in reg.articles] == list(range(1, count + 1))
    assert [a.number_text for a in reg.articles] == [article_text(n) for n in range(1, count + 1)]
    for art in reg.articles:
        assert art.text == text[art.start : art.end]
        assert art.text.startswith(art.number_text)
        assert art.chapter is not None and art.chapter.startswith("第")


def test_continuation_paragraphs_and_items_belong_to_the_article() -> None:
    reg = parse_regulation((REGULATIONS / "城镇燃气管理条例.md").read_text(encoding="utf-8"))
    art = reg.article(28)
    assert art is not None
    assert art.chapter == "第四章 燃气使用"
    assert art.text.startswith("第二十八条 燃气用户及相关单位和个人不得有下列行为：")
    assert art.text.endswith("(七)改变燃气用途或者转供燃气。")
    assert "第二十九条" not in art.text
    second = reg.article(2)
    assert second is not None and second.text.endswith("包括天然气(含煤层气)、液化石油气和人工煤气等。")


def test_chapter_names_are_normalised() -> None:
    reg = parse_regulation((REGULATIONS / "中华人民共和国消防法.md").read_text(encoding="utf-8"))
    first = reg.article(1)
    assert first is not None and first.chapter == "第一章 总则"  # source writes "总 则"


PLAIN = """危险物品管理办法
第一章 总则
第1条 为了加强管理，制定本办法。
第2条 本办法适用于本市。
第一条规定的管理，由应急管理部门负责。
第二章 管理
第一节 储存
第三条 储存单位应当：
（一）专库存放；
（二）双人保管。
第四条规定的事项不在此列。
"""


def test_plain_text_regulation() -> None:
    reg = parse_regulation(PLAIN)
    assert reg.title == "危险物品管理办法"
    assert reg.version_date is None
    assert [(a.number_text, a.chapter, a.section) for a in reg.articles] == [
        ("第一条", "第一章 总则", None),
        ("第二条", "第一章 总则", None),
        ("第三条", "第二章 管理", "第一节 储存"),
    ]
    # a paragraph opening with a cross-reference ("第一条规定的…") stays in the article above it
    assert reg.articles[1].text.endswith("由应急管理部门负责。")
    assert reg.articles[2].text.endswith("第四条规定的事项不在此列。")


def test_title_argument_overrides_and_missing_title_raises() -> None:
    body = "第一条 为了安全，制定本规定。\n第二条 本规定自公布之日起施行。\n"
    assert parse_regulation(body, title="《某某安全规定》").title == "某某安全规定"
    with pytest.raises(InputError, match="法规名称"):
        parse_regulation(body)


@pytest.mark.parametrize(
    ("token", "number"),
    [
        ("一", 1),
        ("十", 10),
        ("十四", 14),
        ("二十一", 21),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十四", 114),
        ("一百一十九", 119),
        ("两百", 200),
        ("28", 28),
    ],
)
def test_parse_article_number(token: str, number: int) -> None:
    assert parse_article_number(token) == number


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "第一条"), (10, "第十条"), (21, "第二十一条"), (101, "第一百零一条"), (119, "第一百一十九条")],
)
def test_article_text(number: int, text: str) -> None:
    assert article_text(number) == text
