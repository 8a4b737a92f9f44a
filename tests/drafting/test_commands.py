"""`safetybot draft` and `safetybot brief` end to end: a data folder chosen through the environment, the
sample ledger imported by the CLI, JSON shapes, the .docx and PNG files, errors in Chinese."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli
from bot.assistant import SAMPLE_LEDGER

runner = CliRunner()


@pytest.fixture
def ledger_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SAFETYBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SAFETYBOT_DATABASE_URL", raising=False)
    monkeypatch.delenv("SAFETYBOT_LLM_BASE_URL", raising=False)
    cli._state.settings, cli._state.assistant = None, None
    assert runner.invoke(cli.app, ["import-ledger", str(SAMPLE_LEDGER)]).exit_code == 0
    yield tmp_path
    if cli._state.assistant is not None:
        cli._state.assistant.db.dispose()
    cli._state.settings, cli._state.assistant = None, None


def test_draft_json_traces_every_figure(ledger_cli: Path) -> None:
    result = runner.invoke(cli.app, ["draft", "写一段本季度隐患排查治理情况", "--today", "2023-11-30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"title", "text", "sections", "facts", "provenance", "missing", "notices", "open_choices"}
    assert "发现各类安全隐患122处" in data["text"]
    assert all(item["source"] is not None for item in data["provenance"])
    found = next(item for item in data["provenance"] if item["figure"] == "122处")
    assert found["source"]["type"] == "ledger" and len(found["source"]["codes"]) == 122
    assert data["facts"]["total"]["found"] == 122


def test_draft_to_docx_with_sources(ledger_cli: Path) -> None:
    out = ledger_cli / "材料" / "总结.docx"
    result = runner.invoke(cli.app, ["draft", "生成XX镇2023年上半年安全生产工作总结", "--today", "2023-11-30",
                                     "--docx", str(out), "--sources"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.exists() and out.read_bytes()[:2] == b"PK"
    assert "一、工作开展情况" in result.stdout and "数据来源：" in result.stdout and f"已保存：{out}" in result.stdout
    assert "待补充" in result.stdout


def test_brief_with_chart(ledger_cli: Path) -> None:
    png = ledger_cli / "brief.png"
    result = runner.invoke(cli.app, ["brief", "--today", "2023-11-30", "--png", str(png), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["figures"]["current"]["found"] == 122 and data["png"] == str(png)
    assert png.read_bytes()[:4] == b"\x89PNG"
    text = runner.invoke(cli.app, ["brief", "--period", "上个月", "--today", "2023-11-30"])
    assert text.exit_code == 0 and "2023年10月隐患排查治理简报" in text.stdout and "【研判】" in text.stdout


def test_errors_are_chinese_and_short(ledger_cli: Path) -> None:
    result = runner.invoke(cli.app, ["brief", "--org", "张家镇", "--today", "2023-11-30"])
    assert result.exit_code == 1 and "隐患台账中没有“张家镇”的记录" in result.output
    assert "Traceback" not in result.output
    bad = runner.invoke(cli.app, ["draft", "起草材料", "--section", "结尾"])
    assert bad.exit_code == 1 and "可选：工作开展情况" in bad.output
