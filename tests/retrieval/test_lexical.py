"""BM25 over the sample corpus: exact phrases find their article, filters, persistence."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from knowledge.errors import InputError
from retrieval.chunking import SOURCE_REGULATION, SOURCE_REPORT, Chunk, chunk_regulation, chunk_report
from retrieval.lexical import MODES, LexicalIndex

SAMPLES = Path(str(resources.files("knowledge").joinpath("samples")))


@pytest.fixture(scope="module")
def corpus() -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted((SAMPLES / "regulations").glob("*.md")):
        if path.name != "SOURCES.md":
            chunks.extend(chunk_regulation(path.read_text(encoding="utf-8"), doc_key=path.stem))
    report = next((SAMPLES / "reports").glob("*.txt"))
    chunks.extend(
        chunk_report(
            report.read_text(encoding="utf-8"),
            doc_key="compilation",
            title="2023年上半年安全生产工作总结汇编",
            org="XX县",
            year=2023,
            period_label="2023年上半年",
        )
    )
    return chunks


@pytest.fixture(scope="module")
def indexes(corpus: list[Chunk]) -> dict[str, LexicalIndex]:
    return {mode: LexicalIndex(corpus, mode=mode) for mode in MODES}


@pytest.fixture(scope="module")
def by_id(corpus: list[Chunk]) -> dict[str, Chunk]:
    return {c.chunk_id: c for c in corpus}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("query", "title", "article"),
    [
        ("不得埋压、圈占、遮挡消火栓", "中华人民共和国消防法", "第二十八条"),
        ("提前48小时予以公告或者书面通知燃气用户", "城镇燃气管理条例", "第二十条"),
        ("剧毒化学品双人收发、双人保管制度", "危险化学品安全管理条例", "第二十四条"),
        ("禁止在下列地点燃放烟花爆竹", "烟花爆竹安全管理条例", "第三十条"),
        (
            "特种设备投入使用前或者投入使用后三十日内办理使用登记",
            "中华人民共和国特种设备安全法",
            "第三十三条",
        ),
    ],
)
def test_exact_phrase_finds_the_article(
    indexes: dict[str, LexicalIndex], by_id: dict[str, Chunk], mode: str, query: str, title: str, article: str
) -> None:
    found = [(by_id[cid].title, by_id[cid].article) for cid, _ in indexes[mode].search(query, 3)]
    assert (title, article) in found
    if mode == "both":
        assert found[0] == (title, article)


def test_scores_are_descending_and_k_is_respected(indexes: dict[str, LexicalIndex]) -> None:
    results = indexes["both"].search("燃气安全隐患排查整治", 7)
    assert len(results) == 7
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_filters_apply_before_top_k(indexes: dict[str, LexicalIndex], by_id: dict[str, Chunk]) -> None:
    index = indexes["both"]
    reports = index.search("燃气用户 消防设施", 5, source_type=SOURCE_REPORT)
    assert reports and all(by_id[cid].source_type == SOURCE_REPORT for cid, _ in reports)
    laws = index.search("燃气用户排查", 5, source_type=SOURCE_REGULATION)
    assert len(laws) == 5 and all(by_id[cid].source_type == SOURCE_REGULATION for cid, _ in laws)
    assert index.search("燃气", 5, year=2023) and all(
        by_id[cid].year == 2023 for cid, _ in index.search("燃气", 5, year=2023)
    )
    assert index.search("燃气", 5, year=1999) == []
    assert index.search("燃气", 5, org="XX县", source_type=SOURCE_REGULATION) == []


@pytest.mark.parametrize("query", ["", "   ", "的了吗？", "zzzz"])
def test_queries_without_indexed_tokens_find_nothing(indexes: dict[str, LexicalIndex], query: str) -> None:
    assert indexes["both"].search(query, 5) == []


def test_empty_index_and_bad_mode() -> None:
    assert LexicalIndex().search("燃气", 5) == []
    with pytest.raises(InputError, match="words、bigrams、both"):
        LexicalIndex(mode="dense")


@pytest.mark.parametrize("mode", MODES)
def test_save_load_round_trip(
    corpus: list[Chunk], indexes: dict[str, LexicalIndex], tmp_path: Path, mode: str
) -> None:
    index = indexes[mode]
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.mode == mode and loaded.chunk_ids == index.chunk_ids
    for query in ["燃气入户排查重点", "酒后驾驶暂扣驾驶证", "消火栓"]:
        assert loaded.search(query, 10) == index.search(query, 10)
        assert loaded.search(query, 10, source_type=SOURCE_REPORT) == index.search(
            query, 10, source_type=SOURCE_REPORT
        )


def test_load_missing_or_stale_index_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="重新建立索引"):
        LexicalIndex.load(tmp_path)
    target = LexicalIndex([_chunk("a:0", "a", "燃气")]).save(tmp_path)
    payload = json.loads(target.read_text(encoding="utf-8"))
    target.write_text(json.dumps({**payload, "tokenizer": "older"}), encoding="utf-8")
    with pytest.raises(InputError, match="分词版本"):
        LexicalIndex.load(tmp_path)


def _chunk(cid: str, doc: str, text: str) -> Chunk:
    return Chunk(cid, doc, SOURCE_REPORT, "总结", (), None, None, None, None, text, 0, len(text))


def test_add_replaces_by_id_and_remove_doc() -> None:
    index = LexicalIndex([_chunk("a:0", "a", "燃气管道检查"), _chunk("b:0", "b", "消防通道堵塞")])
    assert [cid for cid, _ in index.search("燃气", 5)] == ["a:0"]
    index.add([_chunk("a:0", "a", "渡口渡船检查")])
    assert len(index) == 2 and index.search("燃气", 5) == []
    assert [cid for cid, _ in index.search("渡船", 5)] == ["a:0"]
    assert index.remove_doc("a") == 1 and "a:0" not in index
    assert [cid for cid, _ in index.search("消防通道", 5)] == ["b:0"]
    index.rebuild([_chunk("c:0", "c", "燃气")])
    assert index.chunk_ids == ["c:0"]
