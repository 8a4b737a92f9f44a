"""Word and bigram tokenizers: domain terms, article numbers and law names stay whole."""

from __future__ import annotations

import pytest

from retrieval.tokenize import stopwords, tokenize_bigrams, tokenize_words


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("安全生产法第二十四条规定了什么", ["安全生产法", "第二十四条"], ["第二", "十四", "什么", "了"]),
        ("依据第24条处理", ["第二十四条"], ["24", "第"]),
        ("第 一百一十九 条", ["第一百一十九条"], []),
        ("开展隐患排查，督促整改", ["隐患排查", "整改"], ["隐患", "排查"]),
        ("严格落实三管三必须、一岗双责、党政同责", ["三管三必须", "一岗双责", "党政同责"], ["，", "、"]),
        ("有限空间作业和自建房安全排查", ["有限空间", "自建房"], ["和"]),
        ("烟花爆竹、危险化学品、液化石油气", ["烟花爆竹", "危险化学品", "液化石油气"], []),
        ("《中华人民共和国消防法》第二十八条", ["消防法", "第二十八条"], ["中华人民共和国消防法"]),
        ("道交法第91条", ["道路交通安全法", "第九十一条"], ["道交法"]),
        ("燃气管理条例第28条", ["城镇燃气管理条例", "第二十八条"], []),
        ("推动安全生产法律法规的贯彻落实", ["安全生产", "法律法规"], ["安全生产法"]),
        ("共排查73128户，隐患6534个", ["73128", "6534"], ["，"]),
        ("LED屏滚动播放", ["led"], ["LED"]),
    ],
)
def test_tokenize_words(text: str, present: list[str], absent: list[str]) -> None:
    tokens = tokenize_words(text)
    for token in present:
        assert token in tokens, (token, tokens)
    for token in absent:
        assert token not in tokens, (token, tokens)


def test_tokenize_words_drops_stopwords_and_punctuation() -> None:
    tokens = tokenize_words("哪些地方是不准放鞭炮的？！")
    assert not set(tokens) & stopwords()
    assert all(any(ch.isalnum() for ch in t) for t in tokens)
    assert tokenize_words("。，！？") == []
    assert tokenize_words("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("燃气安全", ["燃气", "气安", "安全"]),
        ("车", ["车"]),
        ("LED屏 2023年", ["led", "屏", "2023", "年"]),
        ("消防法第28条", ["消防法", "第二十八条", "消防", "防法", "第二", "二十", "十八", "八条"]),
        ("卸载约70.68吨", ["卸载", "载约", "70.68", "吨"]),
        ("哪些", []),
    ],
)
def test_tokenize_bigrams(text: str, expected: list[str]) -> None:
    assert tokenize_bigrams(text) == expected
