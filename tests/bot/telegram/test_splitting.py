from __future__ import annotations

import pytest

from bot.telegram.splitting import Block, escape, pack, paragraphs, render, split_text


def test_escape_leaves_only_our_own_tags() -> None:
    assert escape('<b>罚款</b> & "引号"') == '&lt;b&gt;罚款&lt;/b&gt; &amp; "引号"'


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("短文本", 100, ["短文本"]),
        ("第一段。\n\n第二段。", 6, ["第一段。", "第二段。"]),  # paragraph boundary first
        ("甲行。\n乙行。\n丙行。", 7, ["甲行。\n乙行。", "丙行。"]),  # then a line end
        ("一句话。两句话。三句话。", 9, ["一句话。两句话。", "三句话。"]),  # then after a sentence
        ("一二三四五六七八九十", 4, ["一二三四", "五六七八", "九十"]),  # only then in the middle
        ("a<b<c<d", 8, ["a<b", "<c", "<d"]),  # the limit counts the escaped form (&lt; is 4)
    ],
)
def test_split_text_cuts_at_the_best_boundary_that_fits(text: str, limit: int, pieces: list[str]) -> None:
    assert split_text(text, limit) == pieces
    assert all(len(escape(p)) <= limit for p in split_text(text, limit))


def test_split_text_keeps_every_character_but_the_cut_whitespace() -> None:
    text = "\n\n".join(f"第{i}段：" + "检查企业429家，发现隐患1272条。" * 9 for i in range(40))
    pieces = split_text(text, 4096)
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
    assert "\n\n".join(pieces) == text


def test_render_puts_tags_around_each_piece_within_the_limit() -> None:
    pieces = render(Block("甲" * 30, "quote"), limit=40)
    assert pieces == ["<blockquote>" + "甲" * 15 + "</blockquote>", "<blockquote>" + "甲" * 15 + "</blockquote>"]
    assert all(len(p) <= 40 for p in pieces)


def test_pack_joins_blocks_until_a_message_is_full() -> None:
    blocks = [Block("甲" * 10), Block("乙" * 10, "bold"), Block("丙" * 10)]
    assert pack(blocks, limit=40) == ["甲" * 10 + "\n\n<b>" + "乙" * 10 + "</b>", "丙" * 10]
    assert pack([], limit=40) == []


def test_paragraphs_split_at_blank_lines() -> None:
    assert paragraphs("一\n二\n\n  \n三") == [Block("一\n二"), Block("三")]
