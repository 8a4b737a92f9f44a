"""knowledge/documents/cleaning.py: watermarks, normalisation, offsets back to the original, placeholders."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import knowledge
from knowledge.documents.cleaning import (
    PLACEHOLDER_RE,
    CleanText,
    clean_text,
    find_placeholders,
    is_placeholder,
    original_quote,
    original_span,
)

SAMPLE = next((Path(knowledge.__file__).parent / "samples" / "reports").glob("*.txt"))


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # the sample's watermark, with spaces slipped in anywhere
        (
            "街道2023年上半年安全生产工作总结【更 多免费素材，微信：dadawk01】",
            "街道2023年上半年安全生产工作总结",
        ),
        ("一、严格落实工作要求【更多免费素材，微信：dadaw k01】", "一、严格落实工作要求"),
        (
            "（四）加强农村公路安全隐患排查整治【更多免费 素材，微信：dadawk01】",
            "（四）加强农村公路安全隐患排查整治",
        ),
        ("切实强化安全生产宣传教育【更多免费素材，微信 ：dadawk01】", "切实强化安全生产宣传教育"),
        ("全面系统排查整治。【更多免费素材，微信：dadawk0 1】", "全面系统排查整治。"),
        ("提升企业安全意识。【更多免费素材，微信：dad awk01】\n下一行", "提升企业安全意识。\n下一行"),
        # other ad forms, other ids
        ("正文【更多资料请关注公众号：anquan2023】正文", "正文正文"),
        ("正文【免费下载范文，加QQ群：123456789】", "正文"),
        ("正文【QQ：987654321】", "正文"),
        ("正文【微信：safety_docs】", "正文"),
        ("正文。更多免费素材，微信：abcd1234", "正文。"),
        ("正文。更多资料请关注微信公众号安全文库", "正文。"),
        ("正文。免费下载更多范文请访问网址www.example.com", "正文。"),
        ("下载地址：http://example.com/a.docx\n正文", "正文"),
        # look alike, but genuine content: kept
        ("利用短信、QQ、微信等平台及时发布航行预警预报", "利用短信、QQ、微信等平台及时发布航行预警预报"),
        (
            "通过微信工作群、悬挂横幅、发放宣传资料等多种形式",
            "通过微信工作群、悬挂横幅、发放宣传资料等多种形式",
        ),
        ("【重要提示】请注意用气安全", "【重要提示】请注意用气安全"),
        ("【资料来源：县应急管理局工作群】", "【资料来源：县应急管理局工作群】"),
        ("让更多群众关注安全生产", "让更多群众关注安全生产"),
    ],
)
def test_watermarks(original: str, expected: str) -> None:
    assert clean_text(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("共检查企业４２９家，整改率１００％", "共检查企业429家，整改率100%"),
        ("ＬＥＤ屏滚动播放，Ｓ２１５线", "LED屏滚动播放，S215线"),
        ("保持“红线”意识；（一）加强领导：", "保持“红线”意识；（一）加强领导："),
        ("同时 在辖区内", "同时在辖区内"),
        ("落到实处 。", "落到实处。"),
        ("整改 5艘", "整改5艘"),
        ("“6. 5”世界环境日", "“6. 5”世界环境日"),
        ("Safety   Bot  v2", "Safety Bot v2"),
        ("# 中华人民共和国安全生产法\n- 第一条", "# 中华人民共和国安全生产法\n- 第一条"),
        ("领域\t\t检查 \t隐患", "领域\t检查\t隐患"),
        ("\u3000\u3000开头缩进   \n", "开头缩进"),
        ("第一段\n\n\n\n\n第二段", "第一段\n\n第二段"),
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("\n\n标题\n正文\n\n", "标题\n正文"),
        ("零\u200b宽\ufeff字符", "零宽字符"),
        ("\u2f00\u2f08\u2f2f", "一人工"),  # Kangxi radicals from PDF text layers
        ("安全\u00a0生产", "安全生产"),
    ],
)
def test_normalisation(original: str, expected: str) -> None:
    assert clean_text(original).text == expected


def _assert_offsets_consistent(ct: CleanText) -> None:
    assert len(ct.offsets) == len(ct.text)
    assert list(ct.offsets) == sorted(set(ct.offsets))  # strictly increasing
    for ch, off in zip(ct.text, ct.offsets, strict=True):
        source = ct.original[off]
        assert ch == source or ch == unicodedata.normalize("NFKC", source) or ch in " \t\n"


@pytest.mark.parametrize(
    "original",
    [
        "共检查企业４２９家【更多免费素材，微信：dadawk01】，发现\u3000隐患 31处\r\n\n\n\n第二段",
        SAMPLE.read_text("utf-8"),
    ],
)
def test_offsets_map_back(original: str) -> None:
    _assert_offsets_consistent(clean_text(original))


@pytest.mark.parametrize(
    ("original", "needle", "quote"),
    [
        ("共检查企业４２９家，发现隐患", "429家", "４２９家"),
        ("共检查 企业 12家", "企业12家", "企业 12家"),
        ("隐患【更多免费素材，微信：dadawk01】整改", "隐患整改", "隐患【更多免费素材，微信：dadawk01】整改"),
        ("第一行\r\n第二行", "第一行\n第二行", "第一行\r\n第二行"),
    ],
)
def test_original_quote(original: str, needle: str, quote: str) -> None:
    ct = clean_text(original)
    start = ct.text.index(needle)
    assert original_quote(ct, start, start + len(needle)) == quote
    o_start, o_end = original_span(ct, start, start + len(needle))
    assert original[o_start:o_end] == quote


@pytest.mark.parametrize(("start", "end"), [(0, 0), (-1, 2), (3, 2), (0, 99)])
def test_original_span_rejects_bad_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        original_span(clean_text("安全生产"), start, end)


def test_sample_compilation_loses_only_watermarks() -> None:
    original = SAMPLE.read_text("utf-8")
    ct = clean_text(original)
    assert original.count("【") == 6
    assert "【" not in ct.text and "dadaw" not in ct.text and "素材" not in ct.text
    for figure in ["发现隐患1272条", "罚款34.467万元", "同时在辖区内", "“6. 5”世界环境日", "共排查XX户"]:
        assert figure in ct.text
    start = ct.text.index("发现隐患1272条")
    assert original_quote(ct, start, start + len("发现隐患1272条")) == "发现隐患1272条"


# --- placeholders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("XX", True),
        ("xx", True),
        ("××", True),
        ("XXXX", True),
        ("ＸＸ", True),
        ("*", True),
        ("**", True),
        ("＊", True),
        (" XX ", True),
        ("□□", True),
        ("X", False),
        ("QQ", False),
        ("LED", False),
        ("XXL", False),
        ("12", False),
        ("", False),
        ("某", False),
    ],
)
def test_is_placeholder(token: str, expected: bool) -> None:
    assert is_placeholder(token) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("XX县XX街道召开党委会*次，排查XX户", ["XX", "XX", "*", "XX"]),
        ("累计检查xx次，罚款××万元", ["xx", "××"]),
        ("**矿山班组；《**县镇级考核方案》", ["**", "**"]),
        ("对XXXX下陈液化气储备站", ["XXXX"]),
        ("由镇长*任组长，分管安全的*委员任副组长", ["*", "*"]),
        ("*镇党委、政府", ["*"]),
        ("X县自然资源局", ["X"]),
        ("LED屏、QQ群、S215线、X射线探伤", []),
        ("* 列表项\n  * 另一项", []),  # Markdown bullets are not placeholders
        ("3 * 4", []),
    ],
)
def test_find_placeholders(text: str, found: list[str]) -> None:
    spans = find_placeholders(text)
    assert [text[s:e] for s, e in spans] == found
    assert [m.group() for m in PLACEHOLDER_RE.finditer(text)] == found
