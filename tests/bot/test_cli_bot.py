"""The CLI side of the chat door: `users`, `bot` without a token, the facts table in 80 columns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli, output
from bot.assistant import Assistant

runner = CliRunner()


@pytest.fixture
def fresh_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SAFETYBOT_DATA_DIR", str(tmp_path))
    for name in ("SAFETYBOT_DATABASE_URL", "TELEGRAM_BOT_TOKEN", "SAFETYBOT_TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    cli._state.settings, cli._state.assistant = None, None
    yield tmp_path
    if cli._state.assistant is not None:
        cli._state.assistant.db.dispose()
    cli._state.settings, cli._state.assistant = None, None


def test_users_are_managed_from_the_terminal_too(fresh_cli: Path) -> None:
    assert runner.invoke(cli.app, ["users", "add", "12345", "admin"]).output == "已添加用户 12345（管理员）。\n"
    assert runner.invoke(cli.app, ["users", "add", "2", "工作人员", "XX镇"]).output == "已添加用户 2（工作人员，单位：XX镇）。\n"
    listed = json.loads(runner.invoke(cli.app, ["users", "list", "--json"]).stdout)
    assert listed == [{"telegram_id": 12345, "role": "admin", "org": None},
                      {"telegram_id": 2, "role": "staff", "org": "XX镇"}]  # fmt: skip
    refused = runner.invoke(cli.app, ["users", "remove", "12345"])
    assert refused.exit_code == 1 and "最后一位管理员" in refused.output
    bad = runner.invoke(cli.app, ["users", "add", "3", "boss"])
    assert bad.exit_code == 1 and "可选：admin（管理员）、staff（工作人员）、leader（领导）" in bad.output
    assert runner.invoke(cli.app, ["users", "remove", "2"]).output == "已移除用户 2。\n"


def test_bot_without_a_token_says_how_to_get_one(fresh_cli: Path) -> None:
    result = runner.invoke(cli.app, ["bot"])
    assert result.exit_code == 1 and "TELEGRAM_BOT_TOKEN" in result.output and "@BotFather" in result.output


@pytest.mark.slow
def test_the_facts_table_fits_80_columns(sample_bot: Assistant) -> None:
    cli._state.settings, cli._state.assistant = sample_bot.settings, sample_bot
    width = output.console.width
    try:
        output.console.width = 80
        with output.console.capture() as short:
            output.print_facts(sample_bot.facts(org="区城镇燃气"))
        with output.console.capture() as full:
            output.print_facts(sample_bot.facts(org="区城镇燃气"), full=True)
    finally:
        output.console.width = width
        cli._state.settings, cli._state.assistant = None, None
    from rich.cells import cell_len

    assert max(cell_len(line) for line in short.get().splitlines()) <= 80
    assert max(cell_len(line) for line in full.get().splitlines()) <= 80
    assert "《区城镇燃气2023年上半年安全生产工作总结》" in short.get()  # facts grouped under their report
    assert "加 --full 显示整句原文" in short.get() and "--full" not in full.get()
    assert len(full.get().splitlines()) > 1.5 * len(short.get().splitlines())  # whole sentences take more
