"""Extractive answers over real chunks and search hits: cited sentences, sources, "未找到", articles."""

from __future__ import annotations

import re

import pytest

from retrieval.answering import (
    DEFAULT_MIN_SCORE,
    NOT_FOUND_TEXT,
    answer_from_article,
    answer_from_hits,
    not_found,
    relevant_hits,
)
from retrieval.chunking import Chunk, chunk_regulation, chunk_report
from retrieval.index import SearchHit

REPORT_TITLE = "某区应急管理局2024年上半年安全生产工作总结"
REPORT = """某区应急管理局2024年上半年安全生产工作总结
一、开展燃气安全检查
今年以来，我局组织开展燃气安全专项检查。共检查餐饮场所215家，发现隐患64处，已全部整改。检查中发现部分商户软管老化、未安装报警器等问题。
二、防汛准备工作
入汛前，我局修订了防汛应急预案。组织防汛演练3次，参演人员240人次。各村储备沙袋和救生衣等物资。
三、存在的不足
一是基层监管力量薄弱；二是部分企业主体责任落实不到位。
"""
# The redacted copy of the same report, as compilations carry them.
REDACTED = REPORT.replace("某区", "XX区").replace("215家", "XX家")

REGULATION = """# 示例燃气安全条例
## 第一章 总则
第一条 为了加强燃气安全管理，制定本条例。
第二条 燃气用户应当安全用气。
燃气用户不得擅自改装燃气设施。
第三条 燃气经营者应当每年至少对用户进行一次入户安全检查。
"""


def report_chunks(text: str = REPORT, doc_key: str = "r1") -> list[Chunk]:
    title = text.splitlines()[0]
    return chunk_report(text, doc_key=doc_key, title=title, org=None, year=2024, period_label="上半年")


def regulation_chunks() -> list[Chunk]:
    return chunk_regulation(REGULATION, doc_key="g1")


def hits_of(chunks: list[Chunk], *, dense: float = 0.9, agree: bool = True, article: bool = False) -> list[SearchHit]:
    """Hits as the hybrid index returns them: rank-ordered, cosine and both sides' ranks."""
    return [
        SearchHit(
            chunk=c,
            score=1.0 / (60 + i),
            dense_rank=i,
            lexical_rank=i if agree else None,
            dense_score=dense - 0.01 * i,
            lexical_score=10.0 - i if agree else None,
            article_match=article,
        )
        for i, c in enumerate(chunks, start=1)
    ]


def body(text: str) -> str:
    return text.split("\n\n来源：")[0]


# --- choosing sentences ----------------------------------------------------------------------------

SENTENCE_TABLE = [
    # question, passage order (indexes into report_chunks()), must be quoted, must not be quoted
    ("燃气检查发现了哪些问题？", [0, 1, 2], "检查中发现部分商户软管老化、未安装报警器等问题。", "沙袋"),
    ("燃气安全检查一共查了多少家餐饮场所？", [0, 1, 2], "共检查餐饮场所215家，发现隐患64处，已全部整改。", "防汛"),
    ("防汛演练搞了几次？", [1, 0, 2], "组织防汛演练3次，参演人员240人次。", "餐饮场所"),
    ("工作中还有哪些不足？", [2, 0, 1], "一是基层监管力量薄弱；二是部分企业主体责任落实不到位。", "防汛"),
]


@pytest.mark.parametrize(("question", "order", "quoted", "absent"), SENTENCE_TABLE)
def test_best_sentences_are_quoted_with_their_citation(
    question: str, order: list[int], quoted: str, absent: str
) -> None:
    chunks = report_chunks()
    ranked = [chunks[i] for i in order]
    answer = answer_from_hits(question, hits_of(ranked))
    assert answer.kind == "passage"
    text = body(answer.text)
    assert quoted in text
    assert absent not in text
    # the quoted sentence is followed (within its group) by its own passage's citation
    owner = next(c for c in chunks if quoted in c.text)
    assert text.index(owner.citation()) > text.index(quoted)


def test_every_line_is_verbatim_and_ends_with_a_citation() -> None:
    chunks = report_chunks()
    answer = answer_from_hits("燃气检查和防汛演练情况", hits_of(chunks))
    lines = body(answer.text).splitlines()
    assert lines
    for line in lines:
        m = re.fullmatch(r"(.+?)(〔[^〔〕]+〕)", line)
        assert m, line
        quote, citation = m.groups()
        chunk = next(c for c in chunks if c.citation() == citation)
        for piece in quote.split("……"):
            assert piece in chunk.text  # whole sentences, never rewritten
            assert piece.endswith(("。", "；", "！", "？"))  # never cut inside a sentence


def test_document_order_within_a_passage() -> None:
    chunk = report_chunks()[0]
    answer = answer_from_hits("检查餐饮场所多少家，发现软管老化等问题", hits_of([chunk]), max_sentences=3)
    text = body(answer.text)
    assert text.index("共检查餐饮场所") < text.index("检查中发现部分商户")


def test_max_sentences_is_respected() -> None:
    answer = answer_from_hits("燃气检查餐饮场所发现隐患软管老化报警器", hits_of(report_chunks()), max_sentences=1)
    assert body(answer.text).count("。") == 1


def test_sources_list_one_per_passage() -> None:
    chunks = report_chunks()
    answer = answer_from_hits("燃气检查和防汛演练情况", hits_of(chunks))
    assert answer.text.count("\n\n来源：\n") == 1
    titles = [(s.title, s.location) for s in answer.sources]
    assert len(titles) == len(set(titles))
    first = answer.sources[0].to_dict()
    assert first["type"] == "report"
    assert first["title"] == REPORT_TITLE
    assert first["location"] == "一、开展燃气安全检查"
    assert first["quote"] in chunks[0].text
    assert "1. 某区应急管理局2024年上半年安全生产工作总结 · 一、开展燃气安全检查" in answer.text


def test_same_sentence_of_a_redacted_copy_is_not_repeated() -> None:
    original, copy = report_chunks()[0], report_chunks(REDACTED, "r2")[0]
    answer = answer_from_hits("燃气检查发现了哪些问题？", hits_of([original, copy]))
    sentences = re.findall(r"[^。；〕\n]+[。；]", body(answer.text))
    assert sentences
    assert len(sentences) == len(set(sentences))


AMOUNT_REPORT = """某镇2024年上半年安全生产工作总结
一、燃气安全检查
我镇高度重视燃气安全检查工作。燃气安全检查由镇安监办牵头组织。全镇共检查经营户37家。燃气安全检查结果及时通报各村。
"""


@pytest.mark.parametrize(
    ("question", "figure_shown"),
    [("燃气安全检查查了多少家？", True), ("燃气安全检查由谁牵头？", False)],
)
def test_amount_question_prefers_the_sentence_with_the_figure(question: str, figure_shown: bool) -> None:
    answer = answer_from_hits(question, hits_of(report_chunks(AMOUNT_REPORT)), max_sentences=2)
    assert ("全镇共检查经营户37家。" in answer.text) is figure_shown


def test_regulation_passage_is_quoted_whole() -> None:
    chunks = regulation_chunks()
    answer = answer_from_hits("燃气用户能不能自己改装燃气设施？", hits_of([chunks[1], chunks[2]]))
    assert "第二条 燃气用户应当安全用气。\n燃气用户不得擅自改装燃气设施。〔《示例燃气安全条例》第二条〕" in answer.text
    assert answer.sources[0].type == "regulation"
    assert answer.sources[0].location == "第二条"
    assert "1. 《示例燃气安全条例》第二条" in answer.text


# --- nothing relevant ------------------------------------------------------------------------------

NONE_TABLE = [
    # description, hits
    ("no hits", []),
    ("low cosine", hits_of(report_chunks(), dense=0.80)),
    ("dense and lexical disagree", hits_of(report_chunks(), agree=False)),
]


@pytest.mark.parametrize(("case", "hits"), NONE_TABLE, ids=[row[0] for row in NONE_TABLE])
def test_nothing_relevant_says_so(case: str, hits: list[SearchHit]) -> None:
    answer = answer_from_hits("燃气检查发现了哪些问题？", hits)
    assert answer.kind == "none"
    assert answer.text.startswith(NOT_FOUND_TEXT)
    assert "换个说法" in answer.text
    assert answer.sources == ()
    assert "软管" not in answer.text  # never the nearest noise


def test_relevance_threshold_is_a_parameter() -> None:
    hits = hits_of(report_chunks(), dense=0.80)
    assert relevant_hits(hits) == []
    assert DEFAULT_MIN_SCORE is not None and DEFAULT_MIN_SCORE > 0.80
    assert relevant_hits(hits, min_score=0.75) == hits
    assert answer_from_hits("燃气检查发现了哪些问题？", hits, min_score=0.75).kind == "passage"


def test_not_found_hint_can_be_given() -> None:
    answer = not_found("目前只载入了法规。")
    assert answer.text == f"{NOT_FOUND_TEXT}目前只载入了法规。"
    assert answer.kind == "none"


# --- articles --------------------------------------------------------------------------------------


def test_named_article_is_quoted_whole_and_alone() -> None:
    chunks = regulation_chunks()
    named = hits_of([chunks[1]], dense=0.5, article=True)
    others = hits_of([chunks[2], chunks[0]], dense=0.95)
    answer = answer_from_hits("示例燃气安全条例第二条是什么", named + others)
    assert answer.kind == "passage"
    assert [s.location for s in answer.sources] == ["第二条"]
    assert body(answer.text) == "第二条 燃气用户应当安全用气。\n燃气用户不得擅自改装燃气设施。〔《示例燃气安全条例》第二条〕"


def test_answer_from_article_joins_the_parts_of_a_long_article() -> None:
    text = "# 示例条例\n第五条 " + "应当加强管理。" * 40 + "\n" + "不得擅自施工。" * 40 + "\n"
    parts = chunk_regulation(text, doc_key="g9", max_chars=300)
    assert len(parts) > 1
    answer = answer_from_article(list(reversed(parts)))
    assert body(answer.text).count("〔《示例条例》第五条〕") == 1
    quote = answer.sources[0].quote
    assert quote.startswith("第五条 ") and quote.endswith("不得擅自施工。")
    assert quote.replace("\n", "") == "".join(p.text.strip() for p in parts).replace("\n", "")


def test_answer_from_article_keeps_two_articles_apart() -> None:
    chunks = regulation_chunks()
    answer = answer_from_article([chunks[2], chunks[1]])
    assert [s.location for s in answer.sources] == ["第二条", "第三条"]
    assert "〔《示例燃气安全条例》第二条〕\n第三条 " in answer.text


def test_answer_from_article_without_chunks() -> None:
    answer = answer_from_article([])
    assert answer.kind == "none"
    assert "条号" in answer.text


def test_max_sentences_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_sentences"):
        answer_from_hits("问题", hits_of(report_chunks()), max_sentences=0)


def test_parts_of_one_article_are_merged_and_cited_once() -> None:
    from retrieval.answering import merge_article_parts
    from retrieval.chunking import Chunk

    def part(i: int, text: str, start: int) -> Chunk:
        return Chunk(chunk_id=f"law:{i}", doc_key="law", source_type="regulation", title="某法",
                     heading_path=("第一章 总则",), article="第九十一条" if i < 2 else "第九十二条", org=None,
                     year=None, period_label=None, text=text, start=start, end=start + len(text))

    first, second, other = part(0, "饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证。", 0), \
        part(1, "醉酒驾驶机动车的，吊销机动车驾驶证。", 30), part(2, "第九十二条 超载的，处罚款。", 60)
    merged = merge_article_parts([second, other, first])
    assert [c.article for c in merged] == ["第九十一条", "第九十二条"]
    assert merged[0].text.startswith("饮酒后") and merged[0].text.endswith("吊销机动车驾驶证。")
