"""Article references in questions, law-name resolution and exact article lookup."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from retrieval.articles import ArticleRef, lookup_article, parse_article_ref, resolve_law_title
from retrieval.chunking import Chunk, chunk_regulation

REGULATIONS = Path(str(resources.files("knowledge").joinpath("samples", "regulations")))
KNOWN = sorted(p.stem for p in REGULATIONS.glob("*.md") if p.name != "SOURCES.md")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("安全生产法第二十一条是什么", ArticleRef("安全生产法", 21)),
        ("燃气管理条例第28条", ArticleRef("燃气管理条例", 28)),
        ("《消防法》第二十八条规定了什么", ArticleRef("消防法", 28)),
        ("《中华人民共和国消防法》第二十八条", ArticleRef("消防法", 28)),
        ("城镇燃气管理条例第二十八条第一款", ArticleRef("城镇燃气管理条例", 28, 1)),
        ("道交法第91条", ArticleRef("道交法", 91)),
        ("请问安全生产法第一百一十四条怎么规定的", ArticleRef("请问安全生产法", 114)),
        ("危化品条例 第 24 条", ArticleRef("危化品条例", 24)),
        ("燃气条例28条说的啥", ArticleRef("燃气条例", 28)),
        ("第二十一条讲的是什么", ArticleRef(None, 21)),
        ("落实安全生产“十五条”硬措施", None),
        ("燃气入户排查重点看哪些东西？", None),
        ("有一条规定不太明白", None),
    ],
)
def test_parse_article_ref(question: str, expected: ArticleRef | None) -> None:
    assert parse_article_ref(question) == expected


def test_article_ref_text() -> None:
    assert ArticleRef("安全生产法", 114).article == "第一百一十四条"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("安全生产法", "中华人民共和国安全生产法"),
        ("中华人民共和国安全生产法", "中华人民共和国安全生产法"),
        ("《安全生产法》", "中华人民共和国安全生产法"),
        ("新安法", "中华人民共和国安全生产法"),
        ("燃气条例", "城镇燃气管理条例"),
        ("燃气管理条例", "城镇燃气管理条例"),
        ("道交法", "中华人民共和国道路交通安全法"),
        ("道路交通安全法", "中华人民共和国道路交通安全法"),
        ("危化品条例", "危险化学品安全管理条例"),
        ("危化品安全管理条例", "危险化学品安全管理条例"),
        ("特种设备法", "中华人民共和国特种设备安全法"),
        ("消防法", "中华人民共和国消防法"),
        ("内河交通安全管理条例", "中华人民共和国内河交通安全管理条例"),
        ("事故报告条例", "生产安全事故报告和调查处理条例"),
        ("应急条例", "生产安全事故应急条例"),
        ("烟花爆竹条例", "烟花爆竹安全管理条例"),
        ("突发事件应对法", "中华人民共和国突发事件应对法"),
        ("根据安全生产法", "中华人民共和国安全生产法"),
        ("安全法", None),  # 特种设备安全法 or 道路交通安全法: ambiguous
        ("消防条例", None),
        ("刑法", None),
        ("条例", None),
        ("", None),
    ],
)
def test_resolve_law_title(name: str, title: str | None) -> None:
    assert resolve_law_title(name, KNOWN) == title


@pytest.fixture(scope="module")
def regulation_chunks() -> list[Chunk]:
    chunks: list[Chunk] = []
    for name in KNOWN:
        text = (REGULATIONS / f"{name}.md").read_text(encoding="utf-8")
        chunks.extend(chunk_regulation(text, doc_key=name))
    return chunks


@pytest.mark.parametrize(
    ("question", "title", "article", "parts", "phrase"),
    [
        ("安全生产法第二十一条是什么", "中华人民共和国安全生产法", "第二十一条", 1, "负有下列职责"),
        ("《消防法》第二十八条规定了什么", "中华人民共和国消防法", "第二十八条", 1, "遮挡消火栓"),
        ("燃气管理条例第20条", "城镇燃气管理条例", "第二十条", 1, "提前48小时"),
        ("道交法第91条", "中华人民共和国道路交通安全法", "第九十一条", 2, "处暂扣六个月机动车驾驶证"),
        ("安全生产法第九十九条", "中华人民共和国安全生产法", "第九十九条", 2, "可燃气体报警装置"),
    ],
)
def test_lookup_article_returns_exactly_that_article(
    regulation_chunks: list[Chunk], question: str, title: str, article: str, parts: int, phrase: str
) -> None:
    ref = parse_article_ref(question)
    assert ref is not None
    found = lookup_article(ref, regulation_chunks)
    assert len(found) == parts
    assert all(c.title == title and c.article == article for c in found)
    assert any(phrase in c.text for c in found)
    assert [c.start for c in found] == sorted(c.start for c in found)


def test_lookup_article_without_a_usable_law(regulation_chunks: list[Chunk]) -> None:
    assert lookup_article(ArticleRef("刑法", 134), regulation_chunks) == []
    assert lookup_article(ArticleRef("安全生产法", 500), regulation_chunks) == []
    assert lookup_article(ArticleRef(None, 21), regulation_chunks) == []  # every law has a 第二十一条
    only = [c for c in regulation_chunks if c.title == "城镇燃气管理条例"]
    found = lookup_article(ArticleRef(None, 28), only)
    assert [c.article for c in found] == ["第二十八条"]
