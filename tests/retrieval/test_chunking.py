"""Chunking of the real sample reports and regulations, plus small synthetic tables."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from retrieval.chunking import SOURCE_REGULATION, SOURCE_REPORT, Chunk, chunk_regulation, chunk_report
from retrieval.report_structure import sentence_spans

SAMPLES = Path(str(resources.files("knowledge").joinpath("samples")))
MAX = 350
_SENTENCE_END = "。！？；!?;"
_CLOSERS = '”’"』」'


def split_compilation(text: str) -> list[tuple[str, str]]:
    """(title, text) of each report in the compilation, found by its table-of-contents titles."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, ln in enumerate(lines) if ln.strip() == "目录") + 1
    titles = []
    while lines[first].strip():
        titles.append(re.sub(r"^\d+\.", "", lines[first].strip()))
        first += 1
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln))
    starts, j = [], first
    for title in titles:
        while re.sub(r"【[^】]*】", "", lines[j]).strip() != title:
            j += 1
        starts.append(offsets[j])
        j += 1
    starts.append(len(text))
    return [(t, text[starts[k] : starts[k + 1]]) for k, t in enumerate(titles)]


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, str, list[Chunk]]]:
    path = next((SAMPLES / "reports").glob("*.txt"))
    out = []
    for k, (title, body) in enumerate(split_compilation(path.read_text(encoding="utf-8"))):
        chunks = chunk_report(
            body, doc_key=f"r{k}", title=title, org=None, year=2023, period_label="2023年上半年"
        )
        out.append((title, body, chunks))
    return out


def test_compilation_splits_into_nine_reports(reports: list[tuple[str, str, list[Chunk]]]) -> None:
    assert len(reports) == 9
    assert all(chunks for _, _, chunks in reports)


def test_chunks_are_verbatim_spans_with_stable_ids(reports: list[tuple[str, str, list[Chunk]]]) -> None:
    for _, body, chunks in reports:
        for i, c in enumerate(chunks):
            assert c.text == body[c.start : c.end]
            assert c.chunk_id == f"{c.doc_key}:{i}"
            assert c.text == c.text.strip()
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)


def test_chunks_respect_the_size_limit_unless_one_sentence(
    reports: list[tuple[str, str, list[Chunk]]],
) -> None:
    for _, body, chunks in reports:
        for c in chunks:
            assert len(c.text) <= MAX or len(sentence_spans(body, c.start, c.end)) == 1, c.text


def test_no_chunk_cuts_a_sentence(reports: list[tuple[str, str, list[Chunk]]]) -> None:
    for _, body, chunks in reports:
        for c in chunks:
            after = body[c.end : c.end + 1]
            # a lead-in ending in ： may close a chunk when a list item starts the next one
            assert c.text.rstrip(_CLOSERS)[-1] in _SENTENCE_END + "：" or after in ("", "\n"), c.text[-20:]
            before = body[: c.start].rstrip(" \t")
            assert not before or before[-1] in _SENTENCE_END + _CLOSERS + "：\n", c.text[:20]


def test_every_body_sentence_is_in_some_chunk(reports: list[tuple[str, str, list[Chunk]]]) -> None:
    covered = {(title, s) for title, _, chunks in reports for c in chunks for s in _sentences(c.text)}
    for probe, title in [
        ("因土地协调不下且无资金尚未治理", "县交通运输2023年度上半年安全生产工作总结"),
        ("隐患排查治理进展情况报送不及时", "县交通运输2023年度上半年安全生产工作总结"),
        ("建议成立片区安全监察执法中队", "镇2023年安全生产上半年工作总结和下半年工作计划"),
    ]:
        assert any(t == title and probe in s for t, s in covered), probe


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, 0, len(text))]


@pytest.mark.parametrize(
    ("probe", "title", "path_start"),
    [
        (
            "重点排查瓶装燃气钢瓶、减压阀",
            "XX市XX区城镇燃气2023年上半年安全生产工作总结",
            ("二、聚焦重点领域，动态整治各类隐患", "一是集中力量开展燃气安全专项整治"),
        ),
        (
            "共计检查20家单位30处有限空间",
            "镇2023年安全生产上半年工作总结和下半年工作计划",
            ("三、安全隐患治理", "1、健全组织机构", "（3）有限空间隐患排查工作"),
        ),
        (
            "因土地协调不下且无资金尚未治理",
            "县交通运输2023年度上半年安全生产工作总结",
            ("一、工作开展情况", "（四）加强农村公路安全隐患排查整治"),
        ),
        (
            "卸载违规装载货约70.68吨",
            "县交通运输2023年度上半年安全生产工作总结",
            ("一、工作开展情况", "（二）“打非治违”"),
        ),
        (
            "有效地抵制了班组“三违”现象的发生",
            "2023年上半年某矿山班组安全生产工作总结",
            ("一、主要工作开展情况", "（四）完善制度，强化机制，在“严”字上出实招", "三是传导压力，抓好问责"),
        ),
        (
            "在嘉利家宾馆组织了消防演练",
            "某镇2023上半年安全生产工作总结",
            ("一、2023上半年安全生产工作执行情况", "（四）强化队伍，切实提升应急救助能力水平"),
        ),
        (
            "各小区、散居点要有一处微型消防站",
            "街道2023年上半年安全生产工作总结",
            ("五、下一步工作计划",),
        ),
    ],
)
def test_heading_paths_of_known_passages(
    reports: list[tuple[str, str, list[Chunk]]], probe: str, title: str, path_start: tuple[str, ...]
) -> None:
    chunks = next(chunks for t, _, chunks in reports if t == title)
    hits = [c for c in chunks if probe in c.text]
    assert hits
    assert all(c.heading_path[: len(path_start)] == path_start for c in hits)


@pytest.mark.parametrize(
    "heading_line",
    [
        "一、基本情况",
        "三、下阶段工作打算",
        "（三）加强水上交通安全监管",
        "XX县自然资源局",
        "2023年6月19日",
        "目录",
    ],
)
def test_headings_and_signatures_are_not_chunk_text(
    reports: list[tuple[str, str, list[Chunk]]], heading_line: str
) -> None:
    for _, _, chunks in reports:
        assert all(heading_line not in c.text.splitlines() for c in chunks)


def test_citations_and_index_text(reports: list[tuple[str, str, list[Chunk]]]) -> None:
    title, _, chunks = reports[2]
    c = next(c for c in chunks if "隐患突出或反复反弹的13家企业" in c.text)
    assert c.citation() == f"〔{title} · 二、持续开展安全生产检查〕"
    assert c.index_text().startswith(f"{title}｜二、持续开展安全生产检查，推进隐患闭环管理")
    assert c.index_text().endswith(c.text)


# -- synthetic reports ---------------------------------------------------------------------------

LONG_ITEMS = (
    "标题\n"
    "一、强化隐患治理\n"
    "（一）开展燃气专项整治。为落实要求，我们部署了整治。"
    "一是排查燃气用户。"
    + "对辖区燃气用户逐户检查。" * 12
    + "二是整治餐饮场所。"
    + "对餐饮场所开展检查。" * 12
    + "三是查处违法行为。共查处案件5起。\n"
)


def test_long_paragraph_splits_at_list_items_with_paths() -> None:
    chunks = chunk_report(
        LONG_ITEMS, doc_key="d", title="标题", org="XX镇", year=2023, period_label=None, max_chars=120
    )
    paths = [c.heading_path for c in chunks]
    base = ("一、强化隐患治理", "（一）开展燃气专项整治")
    assert all(p[:2] == base for p in paths)
    assert {p[2] for p in paths if len(p) > 2} == {"一是排查燃气用户", "二是整治餐饮场所", "三是查处违法行为"}
    assert chunks[0].text.startswith("（一）开展燃气专项整治。")  # the short preamble joins item 1
    assert chunks[-1].text == "三是查处违法行为。共查处案件5起。"
    assert all(len(c.text) <= 120 for c in chunks)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # run-in heading: first clause up to 。 is the label, the paragraph stays one chunk
        (
            "一、总体情况\n（三）加强监管力度，排查安全隐患。结合专项行动检查企业24家。\n",
            [
                (
                    ("一、总体情况", "（三）加强监管力度，排查安全隐患"),
                    "（三）加强监管力度，排查安全隐患。结合专项行动检查企业24家。",
                )
            ],
        ),
        # colon run-in heading
        (
            "（一）道路运输：共出动检查组35个。\n",
            [(("（一）道路运输",), "（一）道路运输：共出动检查组35个。")],
        ),
        # a long numbered sentence is body, not a heading
        (
            "二、存在问题\n3、其他隐患点88处已完成治理87处，余1处因土地协调不下且无资金尚未治理的问题仍待解决。\n",
            [
                (
                    ("二、存在问题", "3、其他隐患点88处已完成治理87处"),
                    "3、其他隐患点88处已完成治理87处，余1处因土地协调不下且无资金尚未治理的问题仍待解决。",
                )
            ],
        ),
        # adjacent short paragraphs under one heading are packed together
        (
            "四、存在的问题\n一是力量薄弱。\n二是资金短缺。\n",
            [(("四、存在的问题",), "一是力量薄弱。\n二是资金短缺。")],
        ),
        # an unnumbered heading line followed by body text opens a section; the signature does not
        (
            "某镇工作总结\n前言部分，现汇报如下。\n存在的问题\n一是资金短缺。二是人手不足。\n某镇人民政府\n2023年6月19日\n",
            [((), "前言部分，现汇报如下。"), (("存在的问题",), "一是资金短缺。二是人手不足。")],
        ),
        # a numbered item line is labelled once; a list may be entered at any number
        (
            "二、问题\n（1）防溺水工作：开展巡查3次。\n",
            [(("二、问题", "（1）防溺水工作"), "（1）防溺水工作：开展巡查3次。")],
        ),
        (
            "三、计划\n三是拓宽宣传渠道。进一步拓宽宣传渠道。\n",
            [(("三、计划", "三是拓宽宣传渠道"), "三是拓宽宣传渠道。进一步拓宽宣传渠道。")],
        ),
        # "统一是" is not a list item
        ("一、总则\n坚持标准统一是基础。\n", [(("一、总则",), "坚持标准统一是基础。")]),
        # titles, dates and signatures alone produce nothing
        ("某某单位2023年工作总结\n2023年6月19日\n", []),
    ],
)
def test_report_structure_table(text: str, expected: list[tuple[tuple[str, ...], str]]) -> None:
    chunks = chunk_report(text, doc_key="d", title="t", org=None, year=None, period_label=None)
    assert [(c.heading_path, c.text) for c in chunks] == expected


def test_single_long_sentence_stays_whole() -> None:
    sentence = "我们" + "，持续开展检查" * 30 + "。"
    text = f"一、工作\n{sentence}短句一。短句二。\n"
    chunks = chunk_report(text, doc_key="d", title="t", org=None, year=None, period_label=None, max_chars=60)
    assert chunks[0].text == sentence
    assert [c.text for c in chunks[1:]] == ["短句一。短句二。"]


def test_metadata_round_trip_has_no_none() -> None:
    chunk = chunk_report(
        "一、工作\n检查企业5家。\n", doc_key="abc", title="总结", org=None, year=None, period_label=None
    )[0]
    md = chunk.to_metadata()
    assert all(v is not None for v in md.values())
    assert "org" not in md and "year" not in md
    assert Chunk.from_metadata(chunk.chunk_id, chunk.text, md) == chunk
    full = Chunk(
        "k:1",
        "k",
        SOURCE_REPORT,
        "总结",
        ("一、a", "1、b"),
        None,
        "XX镇",
        2023,
        "2023年上半年",
        "正文。",
        3,
        6,
    )
    assert Chunk.from_metadata(full.chunk_id, full.text, full.to_metadata()) == full


# -- regulations --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def safety_law() -> tuple[str, list[Chunk]]:
    text = (SAMPLES / "regulations" / "中华人民共和国安全生产法.md").read_text(encoding="utf-8")
    return text, chunk_regulation(text, doc_key="aqf")


def test_regulation_chunks_follow_articles(safety_law: tuple[str, list[Chunk]]) -> None:
    text, chunks = safety_law
    assert {c.article for c in chunks} == {f"第{n}条" for n in _cn_numbers(119)}
    assert all(c.source_type == SOURCE_REGULATION and c.title == "中华人民共和国安全生产法" for c in chunks)
    assert all(c.text == text[c.start : c.end] for c in chunks)
    art21 = [c for c in chunks if c.article == "第二十一条"]
    assert len(art21) == 1 and art21[0].heading_path == ("第二章 生产经营单位的安全生产保障",)
    assert art21[0].citation() == "〔《中华人民共和国安全生产法》第二十一条〕"


def test_long_articles_split_at_items_keeping_the_number(safety_law: tuple[str, list[Chunk]]) -> None:
    _, chunks = safety_law
    parts = [c for c in chunks if c.article == "第九十九条"]
    assert len(parts) == 2
    assert parts[0].text.startswith("第九十九条 生产经营单位有下列行为之一的")
    assert parts[0].text.endswith("（三）未对安全设备进行经常性维护、保养和定期检测的；")
    assert parts[1].text.startswith("（四）")
    assert parts[0].end < parts[1].start
    assert all(len(p.text) <= MAX for p in parts)
    assert parts[1].index_text().splitlines()[0].endswith("｜第九十九条")
    assert parts[1].citation() == "〔《中华人民共和国安全生产法》第九十九条〕"
    whole = [c for c in chunks if c.article == "第一百一十四条"]
    assert len(whole) == 1 and "处一百万元以上二百万元以下的罚款" in whole[0].text


def test_regulation_sections_go_into_the_path() -> None:
    text = (SAMPLES / "regulations" / "中华人民共和国特种设备安全法.md").read_text(encoding="utf-8")
    chunk = next(c for c in chunk_regulation(text, doc_key="tz") if c.article == "第三十三条")
    assert chunk.heading_path == ("第二章 生产、经营、使用", "第四节 使用")


def _cn_numbers(n: int) -> list[str]:
    import cn2an

    return [cn2an.an2cn(i) for i in range(1, n + 1)]


def test_item_units_split_multi_item_articles_and_point_back() -> None:
    from retrieval.chunking import item_units, parent_id

    law = ("# 中华人民共和国消防法\n\n第十六条 机关、团体、企业、事业等单位应当履行下列消防安全职责：\n"
           "（一）落实消防安全责任制，制定本单位的消防安全制度；\n"
           "（三）对建筑消防设施每年至少进行一次全面检测，确保完好有效；\n\n"
           "第十七条 县级以上地方人民政府消防救援机构应当将消防安全重点单位报本级人民政府备案。\n")
    chunks = chunk_regulation(law, doc_key="fire")
    units = item_units(chunks)
    assert {parent_id(u.chunk_id) for u in units} == {chunks[0].chunk_id}  # one article has items, one not
    assert any("每年至少进行一次全面检测" in u.text and u.article == "第十六条" for u in units)
    assert all(u.text in chunks[0].text for u in units)
