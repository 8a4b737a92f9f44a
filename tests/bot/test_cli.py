"""The CLI end to end: JSON shapes, errors in Chinese, the chat loop with follow-ups."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli
from bot.assistant import Assistant
from bot.chat import run_chat

runner = CliRunner()
EVAL = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


@pytest.fixture
def use_bot(sample_bot: Assistant) -> Iterator[Assistant]:
    """Point the CLI at the session's Assistant (real SQLite, Chroma and e5)."""
    cli._state.settings, cli._state.assistant = sample_bot.settings, sample_bot
    yield sample_bot
    cli._state.settings, cli._state.assistant = None, None


@pytest.fixture
def empty_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI on an empty data folder chosen through the environment, as a user would."""
    monkeypatch.setenv("SAFETYBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SAFETYBOT_DATABASE_URL", raising=False)
    cli._state.settings, cli._state.assistant = None, None
    yield tmp_path
    if cli._state.assistant is not None:
        cli._state.assistant.db.dispose()
    cli._state.settings, cli._state.assistant = None, None


@pytest.mark.slow
def test_ask_json_has_the_documented_shape(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["ask", "本季度共排查出多少隐患？", "--today", "2023-11-30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "kind", "value", "unit", "period", "filters", "sources"}
    assert data["kind"] == "stat" and data["value"] == 122
    assert data["period"] == {"start": "2023-10-01", "end": "2023-11-30", "label": "2023年第四季度"}
    assert data["sources"][0]["type"] == "ledger"


@pytest.mark.slow
def test_ask_passage_json_carries_citations(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["ask", "家里用燃气的，有哪些做法是条例明令不许的？", "--json"])
    data = json.loads(result.stdout)
    assert data["kind"] == "passage" and data["value"] is None
    assert any(s["type"] == "regulation" and s["location"] == "第二十八条" for s in data["sources"])


@pytest.mark.slow
def test_facts_json_lists_sources(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["facts", "--org", "区城镇燃气", "--domain", "燃气", "--json"])
    rows = json.loads(result.stdout)
    keys = {"report_title", "org", "domain", "metric", "value", "unit", "qualifier", "period", "sentence",
            "span", "implied"}
    assert rows and all(keys <= set(row) for row in rows)
    fine = next(r for r in rows if r["value"] == 344670)
    assert fine["unit"] == "元" and "罚款34.467万元" in fine["sentence"]
    implied = {r["value"] for r in rows if r["implied"]}
    assert 6534 in implied and None in implied  # the redacted twin's "已全部完成整改" stays redacted


@pytest.mark.slow
def test_search_json_returns_ranked_passages(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["search", "燃气用户不得有下列行为", "--k", "3", "--source", "regulation",
                                     "--json"])
    hits = json.loads(result.stdout)
    assert len(hits) == 3 and all(h["source_type"] == "regulation" for h in hits)
    assert hits[0]["article"] == "第二十八条" and hits[0]["score"] >= hits[1]["score"]


@pytest.mark.slow
def test_eval_stats_on_the_ledger_dev_set(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["eval", "stats", str(EVAL / "ledger_dev.jsonl"), "--json"])
    data = json.loads(result.stdout)
    assert data["n"] == 15 and data["overall"] == 1.0
    assert all("expected" in item and "given" in item for item in data["items"])


def test_a_frozen_set_is_scored_without_its_items(tmp_path: Path) -> None:
    result = {"n": 2, "overall": 0.5, "items": [{"q": "问题", "expected": 1, "given": 2}]}
    frozen = tmp_path / "frozen2" / "ledger.jsonl"
    kept = cli.scores_only(result, frozen)
    assert kept["overall"] == 0.5 and "items" not in kept and "items_withheld" in kept
    assert cli.scores_only(result, tmp_path / "tune2" / "ledger.jsonl") == result


@pytest.mark.slow
def test_eval_facts_on_the_dev_set(use_bot: Assistant) -> None:
    result = runner.invoke(cli.app, ["eval", "facts", str(EVAL / "facts_dev.jsonl"), "--json"])
    data = json.loads(result.stdout)
    assert data["recall"] >= 0.95 and data["precision"] >= 0.95


def test_import_ledger_reports_bad_rows_in_json(empty_cli: Path) -> None:
    ledger = empty_cli / "bad.csv"
    ledger.write_text(
        "隐患编号,责任单位,被检查单位,行业领域,隐患描述,隐患等级,发现日期,整改期限,整改状态,整改完成日期\n"
        "A1,县住建局,甲厂,消防,消火栓无水,一般,2023-01-03,2023-01-10,已整改,2023-01-05\n"
        "A2,县住建局,乙厂,消防,通道堵塞,一般,2023-01-03,2023-01-10,已整改,\n"
        "A3,县住建局,丙厂,燃气,软管老化,一般,2023-13-45,2023-01-10,未整改,\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli.app, ["import-ledger", str(ledger), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["imported"], data["updated"], data["unchanged"]) == (1, 0, 0)
    rows = {e["row"]: e for e in data["rejected"]}
    assert set(rows) == {3, 4}
    assert rows[3]["column"] == "整改完成日期" and "已整改" in rows[3]["reason"]
    assert rows[4]["column"] == "发现日期"
    again = json.loads(runner.invoke(cli.app, ["import-ledger", str(ledger), "--json"]).stdout)
    assert (again["imported"], again["unchanged"]) == (0, 1)


def test_missing_file_is_a_chinese_error(empty_cli: Path) -> None:
    result = runner.invoke(cli.app, ["import-ledger", str(empty_cli / "nope.xlsx")])
    assert result.exit_code == 1
    assert "错误" in result.output and "Traceback" not in result.output


def test_bad_today_is_rejected(empty_cli: Path) -> None:
    result = runner.invoke(cli.app, ["ask", "本季度发现多少隐患", "--today", "2023/11/30"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


@pytest.mark.slow
def test_chat_keeps_filters_for_follow_ups(sample_bot: Assistant, capsys: pytest.CaptureFixture[str]) -> None:
    lines = iter(["这个季度消防隐患整改了多少？", "那燃气呢？", "上个季度呢？", "退出"])
    bot = Assistant(sample_bot.settings.model_copy(update={"today": None}), db=sample_bot.db,
                    search_index=sample_bot.search_index)
    answers = []
    original = bot.ask

    def recording_ask(*args: object, **kwargs: object) -> object:
        answer = original(*args, **kwargs)  # type: ignore[arg-type]
        answers.append(answer)
        return answer

    bot.ask = recording_ask  # type: ignore[method-assign]
    run_chat(bot, read=lambda: next(lines))
    out = capsys.readouterr().out
    assert "样例数据截至 2023年11月30日" in out
    fire, gas, last_quarter = answers
    assert fire.value == 18 and fire.filters.get("domain") == "消防"
    assert gas.filters.get("domain") == "燃气" and gas.period == fire.period
    assert last_quarter.filters.get("domain") == "燃气"
    assert last_quarter.period is not None and last_quarter.period.label == "2023年第三季度"


def test_start_re_reads_the_reports_an_older_reader_stored(tmp_path: Path, fake_embedder: object) -> None:
    """After an upgrade of the report reader, the next start re-reads the stored reports from their
    text (a lost figure comes back, the index stays complete); a second start has nothing to do."""
    from sqlalchemy import func, select

    from knowledge.models import Document, Fact
    from retrieval.index import open_search_index
    from retrieval.sync import missing_documents
    from tests.bot.conftest import make_settings

    report = tmp_path / "r.txt"
    report.write_text("XX区城镇燃气2023年上半年安全生产工作总结\n共排查73128户，排查出隐患6534个，已全部完成整改。\n"
                      "XX区城镇燃气办公室\n2023年6月20日\n", "utf-8")  # fmt: skip
    settings = make_settings(tmp_path / "data")
    bot = Assistant(settings, search_index=open_search_index(settings, embedder=fake_embedder))  # type: ignore[arg-type]
    bot.ingest([report], regulation=False)
    with bot.db.session() as session:
        facts = session.scalar(select(func.count(Fact.id)))
        document = session.scalars(select(Document)).one()
        document.extraction_version = 0  # as a database written by an older reader
        document.facts.pop()
    cli.prepare(bot)
    with bot.db.sessions() as session:
        assert session.scalar(select(func.count(Fact.id))) == facts
    assert bot.outdated_reports() == [] and missing_documents(bot.db, bot.search_index) == []
    assert bot.reread_outdated() == []
    bot.db.dispose()
